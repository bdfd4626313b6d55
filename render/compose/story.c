/* story.c: the flow's storage and the story, the one resume state.
 *
 * Owns appending items to a flow and freeing it, and placing a story (a flow
 * and its cursor) from its cursor run, balanced or filled to the foot
 * (flow.c places), moving the cursor past what was placed.
 */
#include "flow.h"

#include <stdlib.h>

/* Appends a copy of ITEM to FLOW, growing its array. */
galley_status_t galley_flow_append(galley_flow_t *flow, const galley_flow_item_t *item)
{
    if (flow->n == flow->cap) {
        size_t cap = flow->cap ? flow->cap * 2 : 64;
        galley_flow_item_t *items = realloc(flow->items, cap * sizeof *items);
        if (!items)
            return GALLEY_STATUS_NO_MEMORY;
        flow->items = items;
        flow->cap = cap;
    }
    flow->items[flow->n++] = *item;
    return GALLEY_STATUS_SUCCESS;
}

/* Frees FLOW's items. */
void galley_flow_fini(galley_flow_t *flow)
{
    free(flow->items);
    flow->items = NULL;
    flow->n = flow->cap = 0;
    flow->height = 0;
}

/* Places S from its cursor as BALANCE says (flow.h) and moves the cursor. */
galley_status_t galley_story_place(galley_story_t *s, const galley_frames_t *frames, double limit,
                                   int balance, galley_page_t *page, galley_flow_step_t *step)
{
    galley_flow_step_t own;
    step = step ? step : &own;
    galley_status_t st;
    if (balance == GALLEY_FLOW_FILL)
        st = galley_flow_place_filled(&s->flow, s->cursor, frames, page, step);
    else if (balance)
        st = galley_flow_place_balanced(&s->flow, s->cursor, frames, page, step);
    else
        st = galley_flow_place(&s->flow, s->cursor, frames, limit, page, step);
    s->cursor = step->cursor;
    return st;
}

/* True when S has items left to place. */
int galley_story_left(const galley_story_t *s)
{
    return s->cursor < s->flow.n;
}

/* Frees S's flow and rewinds its cursor. */
void galley_story_fini(galley_story_t *s)
{
    galley_flow_fini(&s->flow);
    s->cursor = 0;
}
