/* flow.c: placing the flow (lines, rules, photos) into frames from a resume
 * cursor: floats moved on whole to the next frame while the text fills the
 * column, whole-grid-line vertical justification of a column the flow goes
 * on from, balancing, and fill mode (a slot's story justified down to its
 * foot). The flow's storage and the story: story.c. */
#include "flow.h"
#include "frame.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-6

/* Where ITEM's box would start if the frame's free space begins at Y (FIRST:
 * as the frame's first item; AT_TOP: as the first of the text in the frame,
 * its first item or the text resumed under a float moved to its top): its
 * top edge (lines snap their baseline to the grid when on_grid says so:
 * always, or at the top of the text in a frame). */
static double item_top_at(const galley_flow_item_t *it, double y, int first, int at_top,
                          const galley_frames_t *fr)
{
    double top = y + (first ? 0 : it->space_before);
    if (it->kind == GALLEY_FLOW_LINE &&
        (it->on_grid == GALLEY_GRID_ON || (at_top && it->on_grid == GALLEY_GRID_AT_TOP))) {
        double base = galley_grid_snap(fr->grid_origin, fr->grid_pitch, top + it->above);
        top = base - it->above;
    }
    return top;
}

/* item_top_at for an item at the top of the text in a frame only when FIRST. */
static double item_top(const galley_flow_item_t *it, double y, int first, const galley_frames_t *fr)
{
    return item_top_at(it, y, first, first, fr);
}

int galley_flow_item_ends_broken(const galley_flow_item_t *it)
{
    return it->kind == GALLEY_FLOW_LINE && (it->line->hyphenated || it->line->cut);
}

/* How many items after IT a keep chain through IT reaches: its keep, and at
 * least the next item when it ends broken. */
static size_t keep_reach(const galley_flow_item_t *it)
{
    size_t keep = (size_t)it->keep;
    return keep > 0 ? keep : (size_t)galley_flow_item_ends_broken(it);
}

/* Bottom of item I and every item it keeps with (following keeps that chain),
 * placed from Y as if in one frame (I first in it when FIRST, at the top of
 * its text when AT_TOP: see item_top_at). */
static double keep_bottom_at(const galley_flow_t *flow, size_t i, double y, int first, int at_top,
                             const galley_frames_t *fr)
{
    /* Keeps chain: a label kept with a headline kept with its next lines
     * keeps them all, or the label would be left alone at the foot. */
    size_t last = i;
    for (size_t k = i; k <= last && k < flow->n; k++) {
        size_t reach = k + keep_reach(&flow->items[k]);
        last = reach > last ? reach : last;
        y = item_top_at(&flow->items[k], y, first && k == i, at_top && k == i, fr) +
            flow->items[k].height;
    }
    return y;
}

/* keep_bottom_at, at the top of the text in a frame only when FIRST. */
static double keep_bottom(const galley_flow_t *flow, size_t i, double y, int first,
                          const galley_frames_t *fr)
{
    return keep_bottom_at(flow, i, y, first, first, fr);
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
    return galley_flow_item_ends_broken(it);
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

/* A placing in progress: where each item from the cursor goes, the text's
 * next item, a float moved on to the next frame, and the grid lines of space
 * added above items to fill a column the flow goes on from. */
typedef struct {
    const galley_flow_t *flow;
    const galley_frames_t *fr;
    double limit, room;
    size_t cursor, next, relaxed;
    size_t float_at, float_end; /* items [float_at, float_end) go atop the next frame */
    int *frame;                 /* per item from the cursor: its frame */
    double *top;                /* per item from the cursor: its box's top */
    unsigned char *head;        /* per item from the cursor: the first in its frame */
    unsigned char *extra;       /* per item from the cursor: a grid line added above it */
    unsigned char *tried;       /* per item from the cursor: a line above it was tried */
    double *end;                /* per frame: the bottom of its lowest item */
    int *added;                 /* fill: per frame, the grid lines added in it */
    int *reach; /* fill: per item from the cursor, items to the nearest added line */
} plan_t;

/* The foot of frame F for this placing: its own, or the limit above it. */
static double plan_foot(const plan_t *p, int f)
{
    return fmin(p->fr->frames[f].y + p->fr->frames[f].height, p->limit);
}

/* Records item K at TOP in frame F (HEAD: the first item there). */
static void plan_put(plan_t *p, size_t k, int f, double top, int head)
{
    p->frame[k - p->cursor] = f;
    p->top[k - p->cursor] = top;
    p->head[k - p->cursor] = (unsigned char)head;
    p->end[f] = fmax(p->end[f], top + p->flow->items[k].height);
}

/* True when the float starting at item I may move on from frame F: a frame
 * follows in this placing and the float, whole, fits at its top (so it is
 * placed there first, and the cursor never has to skip it). */
static int float_may_move(const plan_t *p, size_t i, int f)
{
    if (!p->flow->items[i].floats || f + 1 >= p->fr->n_frames || p->float_at < p->float_end)
        return 0;
    double top = p->fr->frames[f + 1].y;
    return keep_bottom(p->flow, i, top, 1, p->fr) <= plan_foot(p, f + 1) + EPS;
}

/* The space under item K of the float starting at item START: the float's
 * space_after when K is its last item (what it keeps with), else none. */
static double float_under(const galley_flow_t *flow, size_t start, size_t k)
{
    return k == keep_last(flow, start) ? flow->items[start].space_after : 0;
}

/* Fills frame F: first the float moved on from the frame before, then the
 * text from p->next, each item with what it keeps with (and the grid lines
 * added above it); a float that does not fit under the text moves on to the
 * next frame and the text after it goes on filling this one. */
static void plan_frame(plan_t *p, int f)
{
    const galley_flow_t *flow = p->flow;
    double y = p->fr->frames[f].y, bottom = plan_foot(p, f);
    int first = 1;
    size_t last = SIZE_MAX, fixed = SIZE_MAX; /* the last item placed; the float's last */
    double under = 0; /* the space under the item placed last: a float's, after its last item */
    p->end[f] = y;
    for (size_t k = p->float_at; k < p->float_end; k++) {
        double top = item_top(&flow->items[k], y, first, p->fr);
        plan_put(p, k, f, top, first);
        y = top + flow->items[k].height;
        first = 0;
        last = fixed = k;
        under = float_under(flow, p->float_at, k);
    }
    size_t i = p->next, from = p->next, float_start = SIZE_MAX;
    p->float_at = p->float_end = 0;
    for (; i < flow->n; i++) {
        const galley_flow_item_t *it = &flow->items[i];
        double from = first ? y : y + under + p->extra[i - p->cursor] * p->fr->grid_pitch;
        if (!first && float_may_move(p, i, f) &&
            keep_bottom(flow, i, from, 0, p->fr) > bottom + EPS) {
            p->float_at = i;
            p->float_end = keep_last(flow, i) + 1;
            i = p->float_end - 1;
            continue;
        }
        /* the text resumed under a float moved to the frame's top */
        int at_top = first || (fixed != SIZE_MAX && last == fixed);
        double top = item_top_at(it, from, first, at_top, p->fr);
        if (top + it->height > bottom + EPS)
            break;
        if (it->keep && (!first || (f == 0 && p->fr->mid_column)) &&
            !keep_relaxed(flow, i, p->fr->frames[f].y, p->room, p->fr, &p->relaxed) &&
            keep_bottom_at(flow, i, from, first, at_top, p->fr) > bottom + EPS)
            break;
        /* A frame's first item goes in regardless, but not above a limit
         * (balancing's) too low for what it keeps with when the frame's own
         * foot holds them: a balanced head keeps its lines under it. */
        double frame_foot = p->fr->frames[f].y + p->fr->frames[f].height;
        if (it->keep && first && bottom < frame_foot - EPS &&
            keep_bottom(flow, i, from, first, p->fr) > bottom + EPS &&
            keep_bottom(flow, i, from, first, p->fr) <= frame_foot + EPS)
            break;
        plan_put(p, i, f, top, first);
        y = top + it->height;
        first = 0;
        last = i;
        if (it->floats)
            float_start = i;
        under = float_start != SIZE_MAX ? float_under(flow, float_start, i) : 0;
    }
    /* Lines that may not end the frame go on to the next, as long as one
     * item stays: a word wider than any frame must still be placed. A float
     * never moves on past text before it that goes on too. */
    while (last != SIZE_MAX && last != fixed && last >= from && !p->head[last - p->cursor] &&
           must_not_end(flow, last, last + 1, p->relaxed)) {
        i = last;
        if (p->float_at < p->float_end && i < p->float_at)
            p->float_at = p->float_end = 0;
        do /* the item before it in this frame, past a float moved on */
            last--;
        while (last != SIZE_MAX && p->float_at <= last && last < p->float_end);
    }
    p->next = i;
    /* The frame's end, without the items that went on. */
    p->end[f] = p->fr->frames[f].y;
    if (fixed != SIZE_MAX)
        p->end[f] = p->top[fixed - p->cursor] + flow->items[fixed].height;
    for (size_t k = from; k < i; k++)
        if (!(p->float_at <= k && k < p->float_end))
            p->end[f] = fmax(p->end[f], p->top[k - p->cursor] + flow->items[k].height);
}

/* Places the flow into every frame with the lines added so far (p->extra).
 * Returns the first frame the flow goes on from that ends 2 or more grid
 * lines above its foot (a hole), or -1. */
static int plan_all(plan_t *p)
{
    int hole = -1;
    p->next = p->cursor;
    p->float_at = p->float_end = 0;
    p->relaxed = SIZE_MAX;
    for (int f = 0; f < p->fr->n_frames; f++)
        p->end[f] = -INFINITY;
    for (int f = 0; f < p->fr->n_frames && (p->next < p->flow->n || p->float_at < p->float_end);
         f++) {
        size_t before = p->next;
        plan_frame(p, f);
        int goes_on = p->next < p->flow->n || p->float_at < p->float_end;
        double pitch = p->fr->grid_pitch;
        if (hole < 0 && goes_on && p->next > before && pitch > EPS &&
            plan_foot(p, f) - p->end[f] >= 2 * pitch - EPS)
            hole = f;
    }
    return hole;
}

/* True when item K (placed) may take a grid line of space above it: not
 * the first of its frame nor inside what an item before it keeps with, and
 * a display item (RANK 0: a float, a subhead, a note, a rule: what has space
 * above it already) or a body paragraph's first line (RANK 1); never inside
 * the byline block (byline, title, e-mail, dateline) or a caption. */
static int plan_gap(const plan_t *p, size_t k, int rank)
{
    if (k == p->cursor || p->head[k - p->cursor]) /* the first item has none before it */
        return 0;
    const galley_flow_item_t *it = &p->flow->items[k], *prev = &p->flow->items[k - 1];
    if (!it->role || !prev->role)
        return 0;
    for (size_t m = k > p->cursor + 8 ? k - 8 : p->cursor; m < k; m++)
        if (m + (size_t)p->flow->items[m].keep >= k)
            return 0;
    static const char *const furniture[] = {"byline", "credit", "caption", "dateline"};
    for (size_t r = 0; r < sizeof furniture / sizeof *furniture; r++)
        if (strcmp(it->role, furniture[r]) == 0)
            return 0;
    int body = strcmp(it->role, "body") == 0;
    if (rank == 0)
        return !body && (it->floats || it->space_before > EPS);
    return body && it->element != prev->element;
}

/* The item to take a grid line of space above it, to fill the hole at the
 * foot of frame HOLE: in that frame or, when it has none left, the frames
 * before it (their last lines then go on into the next), from the foot up,
 * display items first; each item once. SIZE_MAX: none. */
static size_t plan_candidate(const plan_t *p, int hole)
{
    for (int f = hole; f >= 0; f--)
        for (int rank = 0; rank < 2; rank++)
            for (size_t k = p->next; k-- > p->cursor;)
                if (p->frame[k - p->cursor] == f && !p->tried[k - p->cursor] &&
                    plan_gap(p, k, rank))
                    return k;
    return SIZE_MAX;
}

/* Vertical justification on whole grid lines: while a column the flow goes
 * on from ends 2 or more grid lines above its foot (a subhead kept with its
 * first lines, or a block kept whole, moved on), a line of space is added
 * above one of its display items or paragraphs, or those of a column before
 * it (whose last line then goes on), so the column's last line comes down to
 * the foot and every baseline stays on the grid. A line that would leave
 * more of the flow unplaced, or open a hole in an earlier column, is taken
 * back. Returns the hole left (-1: none). */
static int plan_justify(plan_t *p, int hole)
{
    size_t placed = p->next;
    for (int round = 0; hole >= 0 && round < 64; round++) {
        size_t k = plan_candidate(p, hole);
        if (k == SIZE_MAX)
            return hole;
        p->tried[k - p->cursor] = 1;
        p->extra[k - p->cursor] = 1;
        int again = plan_all(p);
        if (p->next < placed || (again >= 0 && again < hole)) {
            p->extra[k - p->cursor] = 0;
            again = plan_all(p);
        }
        hole = again;
    }
    return hole;
}

/* The cost of plan P's white space, which balancing weighs: each grid line
 * vertical justification added, and 4 for each grid line of a hole it could
 * not fill (at the foot of a column the flow goes on from). */
static int plan_cost(const plan_t *p, const galley_flow_step_t *step)
{
    int cost = 0;
    for (size_t k = p->cursor; k < p->next; k++)
        cost += p->extra[k - p->cursor];
    double pitch = p->fr->grid_pitch;
    for (int f = 0; pitch > EPS && f <= step->frame; f++) {
        int lines = (int)floor((plan_foot(p, f) - p->end[f]) / pitch + EPS);
        if ((f < step->frame || step->left) && p->end[f] > -INFINITY && lines >= 2)
            cost += 4 * lines;
    }
    return cost;
}

/* What fill mode asks of a placing: the flow placed whole, into frames up to
 * FRAME at least, every frame ending within 1 grid line of its foot (the
 * limit), the last within TOL grid lines (the shortfall balancing left it). */
typedef struct {
    int frame;
    int tol;
} plan_want_t;

/* The last frame plan P put an item into; -1: none. */
static int plan_last_frame(const plan_t *p)
{
    int last = -1;
    for (size_t k = p->cursor; k < p->next; k++)
        last = p->frame[k - p->cursor] > last ? p->frame[k - p->cursor] : last;
    return last;
}

/* Whole grid lines between frame F's foot in plan P and its lowest item. */
static int plan_short(const plan_t *p, int f)
{
    if (p->fr->grid_pitch <= EPS || p->end[f] == -INFINITY)
        return 0;
    return (int)floor((plan_foot(p, f) - p->end[f]) / p->fr->grid_pitch + EPS);
}

/* True when plan P is filled as WANT asks. */
static int plan_filled(const plan_t *p, const plan_want_t *want)
{
    int last = plan_last_frame(p);
    if (p->next < p->flow->n || p->float_at < p->float_end || last < want->frame)
        return 0;
    for (int f = 0; f <= last; f++)
        if (plan_short(p, f) > (f == last ? want->tol : 1))
            return 0;
    return 1;
}

/* The item to take the next grid line of fill: a display item first, then a
 * paragraph's first line (plan_gap's ranks, each item once; not a paragraph
 * with space above it already, as after a pull quote); of those, one in
 * the frame with the fewest lines added yet, and there the one farthest (in
 * items) from a line added before or the frame's top or foot, so the white
 * spreads through the columns. SIZE_MAX: none left. */
static size_t fill_candidate(const plan_t *p)
{
    size_t n = p->next - p->cursor;
    for (int f = 0; f < p->fr->n_frames; f++)
        p->added[f] = 0;
    /* Items to the nearest boundary above (a frame's top, an added line),
     * then the nearer of that and the nearest below. */
    for (size_t j = 0, run = 0; j < n; j++) {
        run = p->head[j] || p->extra[j] ? 0 : run + 1;
        p->reach[j] = (int)run;
        p->added[p->frame[j]] += p->extra[j] && !p->head[j];
    }
    for (size_t j = n, run = 0; j-- > 0;) {
        int foot = j + 1 == n || p->frame[j + 1] != p->frame[j] || p->extra[j + 1];
        run = foot ? 0 : run + 1;
        p->reach[j] = p->reach[j] < (int)run ? p->reach[j] : (int)run;
    }
    for (int rank = 0; rank < 2; rank++) {
        size_t best = SIZE_MAX;
        for (size_t j = 0; j < n; j++) {
            const galley_flow_item_t *it = &p->flow->items[p->cursor + j];
            if (p->tried[j] || !plan_gap(p, p->cursor + j, rank) ||
                (rank == 1 && it->space_before > EPS))
                continue;
            if (best == SIZE_MAX || p->added[p->frame[j]] < p->added[p->frame[best]] ||
                (p->added[p->frame[j]] == p->added[p->frame[best]] && p->reach[j] > p->reach[best]))
                best = j;
        }
        if (best != SIZE_MAX)
            return p->cursor + best;
    }
    return SIZE_MAX;
}

/* Fill mode's vertical justification: while plan P (all of the flow placed
 * under a limit deeper than balancing's) is not filled as WANT asks, or its
 * last column ends above the limit, a grid line of space goes above one more
 * display item or paragraph (fill_candidate), which brings the last column
 * down a line; a line that
 * would leave part of the flow unplaced, or a hole vertical justification
 * cannot fill in a column before the last, is taken back. SAVED is scratch
 * for the lines added (an item from the cursor each). Returns true when P
 * ends filled. */
static int plan_fill(plan_t *p, const plan_want_t *want, unsigned char *saved)
{
    size_t n = p->flow->n - p->cursor;
    while (p->next == p->flow->n &&
           (!plan_filled(p, want) || plan_short(p, plan_last_frame(p)) > 0)) {
        size_t k = fill_candidate(p);
        if (k == SIZE_MAX)
            break;
        memcpy(saved, p->extra, n);
        p->tried[k - p->cursor] = 1;
        p->extra[k - p->cursor] = 1;
        if (plan_justify(p, plan_all(p)) >= 0 || p->next < p->flow->n ||
            p->float_at < p->float_end) {
            memcpy(p->extra, saved, n);
            plan_all(p);
        }
    }
    return plan_filled(p, want);
}

/* What a placing's plan came to, for balancing and fill mode to weigh. */
typedef struct {
    int cost;     /* plan_cost */
    int filled;   /* filled as fill mode asked */
    double depth; /* page y of the lowest item placed */
} plan_out_t;

/* galley_flow_place; with WANT (may be NULL) filled as fill mode asks
 * (plan_fill); OUT (may be NULL) gets what the plan came to. */
static galley_status_t flow_place(const galley_flow_t *flow, size_t cursor,
                                  const galley_frames_t *fr, double limit, galley_page_t *page,
                                  galley_flow_step_t *step, const plan_want_t *want,
                                  plan_out_t *out)
{
    *step = (galley_flow_step_t){cursor, 0, cursor < flow->n, -1, 0, 0};
    size_t n = (cursor < flow->n ? flow->n - cursor : 0) + 1, nf = (size_t)fr->n_frames + 1;
    plan_t p = {flow,
                fr,
                limit,
                frames_room(fr),
                cursor,
                cursor,
                SIZE_MAX,
                0,
                0,
                malloc(n * sizeof(int)),
                malloc(n * sizeof(double)),
                malloc(n),
                calloc(n, 1),
                calloc(n, 1),
                malloc(nf * sizeof(double)),
                malloc(nf * sizeof(int)),
                malloc(n * sizeof(int))};
    unsigned char *saved = want ? malloc(n) : NULL;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (!p.frame || !p.top || !p.head || !p.extra || !p.tried || !p.end || !p.added || !p.reach ||
        (want && !saved))
        st = GALLEY_STATUS_NO_MEMORY;
    if (!st)
        plan_justify(&p, plan_all(&p));
    int filled = !st && want && plan_fill(&p, want, saved);
    double depth = fr->n_frames ? fr->frames[0].y : 0;
    for (size_t k = cursor; !st && k < p.next; k++) {
        if (p.frame[k - cursor] >= step->frame) {
            step->frame = p.frame[k - cursor];
            step->bottom = p.end[step->frame];
        }
        depth = fmax(depth, p.top[k - cursor] + flow->items[k].height);
    }
    /* Boxes in the flow's order (a moved float's before the text after it),
     * so the page reads as the article does. */
    size_t i = cursor;
    for (; !st && page && i < p.next; i++) {
        int f = p.frame[i - cursor];
        st = item_emit(&flow->items[i], p.top[i - cursor], fr->frames[f], page);
    }
    step->placed = st ? i - cursor : p.next - cursor;
    step->cursor = st ? i : p.next;
    step->left = step->cursor < flow->n;
    if (out && !st)
        *out = (plan_out_t){plan_cost(&p, step), filled, depth};
    free(p.frame);
    free(p.top);
    free(p.head);
    free(p.extra);
    free(p.tried);
    free(p.end);
    free(p.added);
    free(p.reach);
    free(saved);
    return st;
}

galley_status_t galley_flow_place(const galley_flow_t *flow, size_t cursor,
                                  const galley_frames_t *fr, double limit, galley_page_t *page,
                                  galley_flow_step_t *step)
{
    return flow_place(flow, cursor, fr, limit, page, step, NULL, NULL);
}

/* The limit that balances the columns: when everything left fits (*FITS), the
 * lowest that still takes it all with the least white space (below), else
 * the frames' lowest foot. */
static galley_status_t balanced_limit(const galley_flow_t *flow, size_t cursor,
                                      const galley_frames_t *fr, double *limit, int *fits)
{
    double lo = INFINITY, hi = 0;
    for (int f = 0; f < fr->n_frames; f++) {
        lo = fmin(lo, fr->frames[f].y);
        hi = fmax(hi, fr->frames[f].y + fr->frames[f].height);
    }
    double top = hi; /* the lowest foot of the frames */
    galley_flow_step_t trial;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    *limit = hi;
    *fits = 0;
    if (fr->n_frames == 0 || (st = galley_flow_place(flow, cursor, fr, hi, NULL, &trial)) ||
        trial.left)
        return st;
    *fits = 1;
    /* Never so low that the first frame cannot take its first item with what
     * that keeps with, where the frame's own foot holds them: it would stand
     * empty (under a head set one column wide over it, a head over nothing). */
    double first = keep_bottom(flow, cursor, fr->frames[0].y, 1, fr);
    if (first <= fr->frames[0].y + fr->frames[0].height + EPS)
        lo = fmax(lo, first - 0.01);
    /* Everything fits: find the lowest bottom edge that still takes it all. */
    for (int iter = 0; iter < 40 && hi - lo > 0.01; iter++) {
        double mid = (lo + hi) / 2;
        if ((st = galley_flow_place(flow, cursor, fr, mid, NULL, &trial)))
            return st;
        if (!trial.left)
            hi = mid;
        else
            lo = mid;
    }
    /* The lowest limit may take it all only by leaving holes (a float or a
     * subhead moved on) that vertical justification fills with white: a few
     * grid lines lower, the columns may fill clean. The limit with the least
     * white space wins, the lowest of equals. */
    plan_out_t best, out;
    *limit = hi;
    if ((st = flow_place(flow, cursor, fr, hi, NULL, &trial, NULL, &best)))
        return st;
    for (int k = 1; k <= 12 && best.cost > 0 && fr->grid_pitch > EPS; k++) {
        double lim = hi + k * fr->grid_pitch;
        if (lim > top + fr->grid_pitch)
            break;
        if ((st = flow_place(flow, cursor, fr, lim, NULL, &trial, NULL, &out)))
            return st;
        if (!trial.left && out.cost < best.cost) {
            *limit = lim;
            best = out;
        }
    }
    return st;
}

galley_status_t galley_flow_place_balanced(const galley_flow_t *flow, size_t cursor,
                                           const galley_frames_t *fr, galley_page_t *page,
                                           galley_flow_step_t *step)
{
    double limit;
    int fits;
    galley_status_t st = balanced_limit(flow, cursor, fr, &limit, &fits);
    return st ? st : galley_flow_place(flow, cursor, fr, limit, page, step);
}

/* Fill mode (a slot's copyfit): the balanced setting measured, then the
 * limits from the frames' lowest foot up a grid line at a time to the
 * balanced depth are tried, each filled by plan_fill; the first (deepest)
 * that fills wins, else the balanced setting stands. STEP's short_lines
 * says how many grid lines stay empty under the lowest item. */
galley_status_t galley_flow_place_filled(const galley_flow_t *flow, size_t cursor,
                                         const galley_frames_t *fr, galley_page_t *page,
                                         galley_flow_step_t *step)
{
    double limit, foot = 0, pitch = fr->grid_pitch;
    int fits;
    galley_status_t st = balanced_limit(flow, cursor, fr, &limit, &fits);
    if (st || !fits || pitch <= EPS)
        return st ? st : galley_flow_place(flow, cursor, fr, limit, page, step);
    for (int f = 0; f < fr->n_frames; f++)
        foot = fmax(foot, fr->frames[f].y + fr->frames[f].height);
    galley_flow_step_t trial;
    plan_out_t out;
    if ((st = flow_place(flow, cursor, fr, limit, NULL, &trial, NULL, &out)))
        return st;
    /* The last column may end as far above the others as balancing left it. */
    int tol = (int)floor((out.depth - trial.bottom) / pitch + EPS);
    plan_want_t want = {trial.frame, tol > 1 ? tol : 1};
    double depth = out.depth;
    int filled = 0;
    for (double lim = foot; !filled && lim >= depth + pitch - EPS; lim -= pitch) {
        if ((st = flow_place(flow, cursor, fr, lim, NULL, &trial, &want, &out)))
            return st;
        if (out.filled) {
            limit = lim;
            filled = 1;
        }
    }
    if ((st = flow_place(flow, cursor, fr, limit, page, step, filled ? &want : NULL, &out)))
        return st;
    step->short_lines = (int)floor((foot - out.depth) / pitch + EPS);
    return st;
}
