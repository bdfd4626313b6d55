/* flow.c: placing the flow (lines, rules, photos) into frames from a resume
 * cursor; balancing. */
#include "flow.h"
#include "frame.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define EPS 1e-6

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

void galley_flow_fini(galley_flow_t *flow)
{
    free(flow->items);
    flow->items = NULL;
    flow->n = flow->cap = 0;
    flow->height = 0;
}

/* Where ITEM's box would start if the frame's free space begins at Y: its top
 * edge (lines snap their baseline to the grid when on_grid). */
static double item_top(const galley_flow_item_t *it, double y, int first, const galley_frames_t *fr)
{
    double top = y + (first ? 0 : it->space_before);
    if (it->kind == GALLEY_FLOW_LINE && it->on_grid) {
        double base = galley_grid_snap(fr->grid_origin, fr->grid_pitch, top + it->above);
        top = base - it->above;
    }
    return top;
}

/* 1 when IT is a line that ends in an inserted hyphen or inside a cut word:
 * no frame ends after it (must_not_end), so a keep that reaches it reaches
 * the line after it too. */
static int ends_broken(const galley_flow_item_t *it)
{
    return it->kind == GALLEY_FLOW_LINE && (it->line->hyphenated || it->line->cut);
}

/* How many items after IT a keep chain through IT reaches: its keep, and at
 * least the next item when it ends broken. */
static size_t keep_reach(const galley_flow_item_t *it)
{
    size_t keep = (size_t)it->keep;
    return keep > 0 ? keep : (size_t)ends_broken(it);
}

/* Bottom of item I and every item it keeps with (following keeps that chain),
 * placed from Y as if in one frame. */
static double keep_bottom(const galley_flow_t *flow, size_t i, double y, int first,
                          const galley_frames_t *fr)
{
    /* Keeps chain: a label kept with a headline kept with its next lines
     * keeps them all, or the label would be left alone at the foot. */
    size_t last = i;
    for (size_t k = i; k <= last && k < flow->n; k++) {
        size_t reach = k + keep_reach(&flow->items[k]);
        last = reach > last ? reach : last;
        y = item_top(&flow->items[k], y, first && k == i, fr) + flow->items[k].height;
    }
    return y;
}

/* The last item that item I keeps with, following keeps that chain. */
static size_t keep_last(const galley_flow_t *flow, size_t i)
{
    size_t last = i;
    for (size_t k = i; k <= last && k < flow->n; k++) {
        size_t reach = k + keep_reach(&flow->items[k]);
        last = reach > last ? reach : last;
    }
    return last < flow->n ? last : flow->n - 1;
}

/* Keeps that cannot be kept: *RELAXED is the last item whose keeps are
 * dropped (SIZE_MAX: none yet). When item I keeps with items that together
 * would not fit even at the top of an empty column of height ROOM, its keep
 * chain is relaxed to its end: those items break like any paragraph longer
 * than a column, instead of one line a column. Returns true when I's keeps
 * are relaxed. */
static int keep_relaxed(const galley_flow_t *flow, size_t i, double top, double room,
                        const galley_frames_t *fr, size_t *relaxed)
{
    if (*relaxed != SIZE_MAX && i <= *relaxed)
        return 1;
    if (!flow->items[i].keep || keep_bottom(flow, i, top, 1, fr) <= top + room + EPS)
        return 0;
    *relaxed = keep_last(flow, i);
    return 1;
}

/* True when the frame may not end after item K while items from END are
 * still to place: K ends in an inserted hyphen or inside a cut word (a column
 * or page never ends with a broken word), or it keeps with an item not placed
 * (unless that keep is relaxed: K up to RELAXED). */
static int must_not_end(const galley_flow_t *flow, size_t k, size_t end, size_t relaxed)
{
    const galley_flow_item_t *it = &flow->items[k];
    if (end >= flow->n)
        return 0;
    if (it->keep && k + (size_t)it->keep >= end && (relaxed == SIZE_MAX || k > relaxed))
        return 1;
    return ends_broken(it);
}

/* The index after the last item from I that fits FRAME down to BOTTOM, each
 * with the items it keeps with (the frame's first item is placed regardless;
 * keeps that would not fit an empty column of height ROOM are relaxed, see
 * keep_relaxed). */
static size_t frame_fill(const galley_flow_t *flow, size_t i, galley_rect_t frame, double bottom,
                         double room, const galley_frames_t *fr, size_t *relaxed)
{
    double y = frame.y;
    int first = 1;
    for (; i < flow->n; i++) {
        const galley_flow_item_t *it = &flow->items[i];
        double top = item_top(it, y, first, fr);
        if (top + it->height > bottom + EPS)
            break;
        if (it->keep && !first && !keep_relaxed(flow, i, frame.y, room, fr, relaxed) &&
            keep_bottom(flow, i, y, first, fr) > bottom + EPS)
            break;
        /* A frame's first item goes in regardless, but not above a limit
         * (balancing's) too low for what it keeps with when the frame's own
         * foot holds them: a balanced head keeps its lines under it. */
        if (it->keep && first && bottom < frame.y + frame.height - EPS &&
            keep_bottom(flow, i, y, first, fr) > bottom + EPS &&
            keep_bottom(flow, i, y, first, fr) <= frame.y + frame.height + EPS)
            break;
        y = top + it->height;
        first = 0;
    }
    return i;
}

/* The height of the tallest of FR's frames: the most room an empty column of
 * this page gives a keep (balancing's lower limits aside, so balancing never
 * drops a keep that a full column would hold). */
static double frames_room(const galley_frames_t *fr)
{
    double room = 0;
    for (int f = 0; f < fr->n_frames; f++)
        room = fmax(room, fr->frames[f].height);
    return room;
}

/* Adds the box of ITEM placed with its top at TOP in FRAME. */
static galley_status_t item_emit(const galley_flow_item_t *it, double top, galley_rect_t frame,
                                 galley_page_t *page)
{
    galley_box_t b = {0};
    b.role = it->role;
    b.element = it->element;
    b.lang = it->lang;
    b.url = it->url;
    b.frame = frame;
    if (it->kind == GALLEY_FLOW_LINE) {
        b.kind = GALLEY_BOX_LINE;
        b.line = it->line;
        b.rect = (galley_rect_t){frame.x + it->line->x, top, it->line->width, it->height};
        b.baseline = top + it->above;
        b.origin_x = frame.x + it->line->x;
    } else if (it->kind == GALLEY_FLOW_PHOTO) {
        /* Drawn as the lead photo is: scaled to cover its box, cropped
         * around its focus; a placeholder box when it has no image. */
        b.kind = GALLEY_BOX_IMAGE;
        b.rect = (galley_rect_t){frame.x, top, frame.width, it->height};
        b.image = it->photo->image;
        b.alt = it->photo->alt;
        b.focus_x = it->photo->has_focus ? it->photo->focus_x : 0.5;
        b.focus_y = it->photo->has_focus ? it->photo->focus_y : 0.5;
    } else {
        b.kind = GALLEY_BOX_RULE;
        b.rect = (galley_rect_t){frame.x, top, frame.width, it->height};
        for (int c = 0; c < 3; c++)
            b.color[c] = it->color[c];
    }
    return galley_page_add_box(page, &b);
}

galley_status_t galley_flow_place(const galley_flow_t *flow, size_t cursor,
                                  const galley_frames_t *fr, double limit, galley_page_t *page,
                                  galley_flow_step_t *step)
{
    size_t i = cursor, relaxed = SIZE_MAX;
    double room = frames_room(fr);
    *step = (galley_flow_step_t){cursor, 0, cursor < flow->n, -1, 0};
    for (int f = 0; f < fr->n_frames && i < flow->n; f++) {
        galley_rect_t frame = fr->frames[f];
        size_t end =
            frame_fill(flow, i, frame, fmin(frame.y + frame.height, limit), room, fr, &relaxed);
        /* Lines that may not end the frame go on to the next, as long as one
         * item stays: a word wider than any frame must still be placed. */
        while (end > i + 1 && must_not_end(flow, end - 1, end, relaxed))
            end--;
        double y = frame.y;
        for (size_t start = i; i < end; i++) {
            const galley_flow_item_t *it = &flow->items[i];
            double top = item_top(it, y, i == start, fr);
            galley_status_t st = page ? item_emit(it, top, frame, page) : GALLEY_STATUS_SUCCESS;
            if (st) {
                step->cursor = i;
                return st;
            }
            y = top + it->height;
            step->placed++;
            step->frame = f;
            step->bottom = y;
        }
    }
    step->cursor = i;
    step->left = i < flow->n;
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_flow_place_balanced(const galley_flow_t *flow, size_t cursor,
                                           const galley_frames_t *fr, galley_page_t *page,
                                           galley_flow_step_t *step)
{
    double lo = INFINITY, hi = 0;
    for (int f = 0; f < fr->n_frames; f++) {
        lo = fmin(lo, fr->frames[f].y);
        hi = fmax(hi, fr->frames[f].y + fr->frames[f].height);
    }
    galley_flow_step_t trial;
    if (fr->n_frames == 0 || (galley_flow_place(flow, cursor, fr, hi, NULL, &trial), trial.left))
        return galley_flow_place(flow, cursor, fr, hi, page, step);
    /* Everything fits: find the lowest bottom edge that still takes it all. */
    for (int iter = 0; iter < 40 && hi - lo > 0.01; iter++) {
        double mid = (lo + hi) / 2;
        galley_flow_place(flow, cursor, fr, mid, NULL, &trial);
        if (!trial.left)
            hi = mid;
        else
            lo = mid;
    }
    return galley_flow_place(flow, cursor, fr, hi, page, step);
}

galley_status_t galley_story_place(galley_story_t *s, const galley_frames_t *frames, double limit,
                                   int balance, galley_page_t *page, galley_flow_step_t *step)
{
    galley_flow_step_t own;
    step = step ? step : &own;
    galley_status_t st = balance
                             ? galley_flow_place_balanced(&s->flow, s->cursor, frames, page, step)
                             : galley_flow_place(&s->flow, s->cursor, frames, limit, page, step);
    s->cursor = step->cursor;
    return st;
}

int galley_story_left(const galley_story_t *s)
{
    return s->cursor < s->flow.n;
}

void galley_story_fini(galley_story_t *s)
{
    galley_flow_fini(&s->flow);
    s->cursor = 0;
}
