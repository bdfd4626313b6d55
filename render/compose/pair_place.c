/* pair_place.c: one side of a bilingual pair placed through its columns.
 *
 * A side's block is placed from the side's story cursor (flow.c) into the
 * frames of its group from where the pair starts: the rest of the column it
 * starts in, then the group's next columns, then page after page from the
 * top of the columns. Where the last item ended is read from the placement
 * (its frame and bottom), not from the boxes' coordinates.
 */
#include "pair_place.h"
#include "frame.h"

#include <math.h>

/* Frames of a group: no layout has more columns. */
#define PAIR_FRAMES 64

int galley_pair_at_cmp(galley_pair_at_t a, galley_pair_at_t b)
{
    if (a.page != b.page)
        return a.page < b.page ? -1 : 1;
    if (a.column != b.column)
        return a.column < b.column ? -1 : 1;
    return a.y < b.y - 1e-9 ? -1 : a.y > b.y + 1e-9;
}

double galley_pair_group_top(const galley_pair_group_t *g, size_t index)
{
    return index == 0 ? g->body_top : galley_frame_content(g->l, (int)index + 1).y;
}

galley_status_t galley_pair_place(const galley_pair_group_t *g, galley_story_t *s,
                                  galley_pair_at_t from, galley_pair_at_t *to, int *stuck)
{
    galley_pair_at_t at = from;
    *stuck = 0;
    *to = from;
    while (galley_story_left(s)) {
        galley_page_t *page;
        galley_status_t st = g->pages(g->data, at.page, &page);
        if (st)
            return st;
        galley_rect_t content = galley_frame_content(g->l, page->number), frames[PAIR_FRAMES];
        int nf = 0;
        for (int f = at.column; f < g->n && nf < PAIR_FRAMES; f++)
            frames[nf++] =
                galley_frame_columns(g->l, content, g->first + f, 1,
                                     f == at.column ? at.y : galley_pair_group_top(g, at.page),
                                     content.y + content.height);
        galley_frames_t fr = {frames, nf, page->grid_origin, page->grid_pitch,
                              at.y > galley_pair_group_top(g, at.page) + 1e-6};
        galley_flow_step_t step;
        st = galley_story_place(s, &fr, INFINITY, 0, page, &step);
        if (st)
            return st;
        if (!step.left) {
            *to = (galley_pair_at_t){at.page, at.column + step.frame, step.bottom};
            return GALLEY_STATUS_SUCCESS;
        }
        if (step.placed == 0 && at.column == 0 &&
            at.y <= galley_pair_group_top(g, at.page) + 1e-6) {
            *stuck = 1;
            return GALLEY_STATUS_SUCCESS;
        }
        at = (galley_pair_at_t){at.page + 1, 0, galley_pair_group_top(g, at.page + 1)};
    }
    return GALLEY_STATUS_SUCCESS;
}
