/* head_band.c: a story whose translations start under their own heads.
 *
 * Owns placing a story that holds translations (article_flow.c marks each
 * translation's head): the text before a head is placed in the frames, then
 * the head is set as a band (label, headline, deck in the translation head
 * styles, scaled to the band's width) over the columns its text fills: under
 * the text before it (balanced), atop the columns that text leaves empty, or
 * in one column under that text's end (arrange_choose). Where the frames
 * cannot take the band and the first lines of its text under it, the band
 * waits for the next frames (the next page, the continuation slot) with its
 * text: a head always sits over its own text, never at the foot of one
 * column with its text at the top of the next.
 */
#include "composer.h"

#include <math.h>
#include <string.h>

enum {
    FRAMES_MAX = 64,
    HEAD_LINES = 3,       /* lines of its text a head needs under it */
    LINES_PER_COLUMN = 6, /* a short translation's band spans fewer columns: this many lines
                             a column at least */
};

/* The index of the first head item of FLOW after FROM (FLOW's n: none). */
static size_t next_head(const galley_flow_t *flow, size_t from)
{
    for (size_t i = from + 1; i < flow->n; i++)
        if (flow->items[i].head)
            return i;
    return flow->n;
}

/* The lowest point of what PAGE holds from box FROM on in each of FR's
 * frames, below the frame's top (the frame's top when it holds nothing), into
 * BOTTOMS; returns the lowest of them all. */
static double frames_used(const galley_page_t *page, size_t from, const galley_rect_t *fr, int n,
                          double *bottoms)
{
    double low = -INFINITY;
    for (int f = 0; f < n; f++)
        bottoms[f] = fr[f].y;
    for (size_t b = from; b < page->n_boxes; b++)
        for (int f = 0; f < n; f++)
            if (fabs(page->boxes[b].frame.x - fr[f].x) < 0.01 &&
                fabs(page->boxes[b].frame.width - fr[f].width) < 0.01 &&
                page->boxes[b].rect.y >= fr[f].y - 0.01)
                bottoms[f] = fmax(bottoms[f], page->boxes[b].rect.y + page->boxes[b].rect.height);
    for (int f = 0; f < n; f++)
        low = fmax(low, bottoms[f]);
    return low;
}

/* The columns a translation's band spans: all N frames, or fewer for a text
 * (the items from FROM to END, of FLOW) too short to give each column
 * LINES_PER_COLUMN lines. */
static int band_columns(const galley_flow_t *flow, size_t from, size_t end, int n, double grid)
{
    double h = 0;
    for (size_t i = from; i < end; i++)
        h += flow->items[i].height + flow->items[i].space_before;
    int k = (int)floor(h / (LINES_PER_COLUMN * grid));
    return k < 1 ? 1 : k > n ? n : k;
}

/* The height the text after a head (items FROM to END of FLOW) needs under
 * the band: its byline and dateline and its first HEAD_LINES body lines (and
 * the line after a last one that ends broken). */
static double head_text_needs(const galley_flow_t *flow, size_t from, size_t end)
{
    double h = 0;
    int lines = 0, broken = 0; /* a line ending in a hyphen or a cut word never ends a column */
    for (size_t i = from; i < end && (lines < HEAD_LINES || broken); i++) {
        const galley_flow_item_t *it = &flow->items[i];
        h += it->height + (i > from ? it->space_before : 0);
        lines += it->kind == GALLEY_FLOW_LINE && it->role && !strcmp(it->role, "body");
        broken = galley_flow_item_ends_broken(it);
    }
    return h;
}

/* Sets text T in style SID scaled by SCALE (no smaller than MIN pt) onto PAGE
 * across [X, X+WIDTH] from *Y down. */
static galley_status_t band_scaled(galley_composer_t *c, galley_page_t *page,
                                   const galley_text_t *t, galley_style_id_t sid, double scale,
                                   double min, const char *lang, double x, double width, double *y,
                                   const char *element)
{
    galley_style_t s = *galley_composer_style(c, sid);
    double size = fmax(s.size * scale, fmin(min, s.size));
    s.leading *= size / s.size;
    s.space_after *= size / s.size;
    s.size = size;
    const galley_style_t *was = c->override[sid];
    c->override[sid] = &s;
    galley_status_t st = galley_composer_band_text(c, page, t, sid, lang, x, width, y, element);
    c->override[sid] = was;
    return st;
}

/* Sets the head of translation T (its items from the flow's HEAD on name the
 * elements) as a band on PAGE across [X, X+WIDTH] from *Y: a rule when RULE,
 * the label, the headline and the deck. The band spans K of the layout's
 * columns: the head styles are for a band across them all, and a narrower
 * band sets them smaller (the headline no smaller than the deck's full size
 * and 4 pt, the deck no smaller than the body's size and 1.5 pt: the head
 * stays a step over its deck, the deck a step over the text). *Y ends under
 * the band. */
static galley_status_t band_set(galley_composer_t *c, galley_page_t *page,
                                const galley_flow_item_t *head, int k, double x, double width,
                                int rule, double *y)
{
    const galley_article_text_t *t = head->head;
    galley_text_t label;
    const char *el_l = galley_composer_translation_label(c, t, &label);
    if (!el_l)
        return GALLEY_STATUS_NO_MEMORY;
    double share = (double)k / fmax(1, c->l->columns);
    double deck_size = galley_composer_style(c, GALLEY_STYLE_TRANSLATION_DECK)->size;
    double body = galley_composer_style(c, GALLEY_STYLE_BODY)->size;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (rule) {
        *y += c->l->grid;
        st = galley_composer_band_rule(page, x, width, y, 1.0, head->element);
        *y += c->l->grid * 0.5;
    }
    if (!st)
        st = galley_composer_band_text(c, page, &label, GALLEY_STYLE_KICKER, t->lang, x, width, y,
                                       el_l);
    if (!st)
        st = band_scaled(c, page, &t->headline, GALLEY_STYLE_TRANSLATION_HEADLINE,
                         0.5 + 0.5 * share, deck_size + 4, t->lang, x, width, y, head->element);
    const char *el_d = galley_document_strdup(c->doc, "%sdeck", t->field_prefix);
    if (!st && !el_d)
        st = GALLEY_STATUS_NO_MEMORY;
    if (!st)
        st = band_scaled(c, page, &t->deck, GALLEY_STYLE_TRANSLATION_DECK, 0.75 + 0.25 * share,
                         body + 1.5, t->lang, x, width, y, el_d);
    return st;
}

/* Places the head at the cursor of C's story as a band over its text in the
 * frames FR (N of them, in reading order) of PAGE, under everything placed in
 * them from box FROM on (a rule above it when RULE); the frames its text goes
 * into are left in FR, their tops under the band (*N: how many). *PLACED is 0
 * when the band and the first lines of its text do not fit, unless FORCE
 * (nothing better follows: the frames are empty): then nothing is placed and
 * the head waits for the next frames. */
static galley_status_t head_place(galley_composer_t *c, galley_page_t *page, size_t from,
                                  galley_rect_t *fr, int *n, int force, int rule, int *placed)
{
    const galley_flow_t *flow = &c->story->flow;
    const galley_flow_item_t *head = &flow->items[c->story->cursor];
    size_t text = c->story->cursor + head->head_items, end = next_head(flow, c->story->cursor);
    double bottoms[FRAMES_MAX], foot = INFINITY;
    double y = frames_used(page, from, fr, *n, bottoms);
    for (int f = 0; f < *n; f++)
        foot = fmin(foot, fr[f].y + fr[f].height);
    int k = band_columns(flow, text, end, *n, c->l->grid);
    double x = fr[0].x, width = fr[k - 1].x + fr[k - 1].width - fr[0].x;
    size_t boxes = page->n_boxes;
    galley_status_t st = band_set(c, page, head, k, x, width, rule, &y);
    y += c->l->grid * 0.5;
    /* its first lines, a grid line more for their snapping to the grid */
    *placed = force || y + head_text_needs(flow, text, end) + c->l->grid <= foot + 1e-6;
    if (st || !*placed) {
        page->n_boxes = boxes;
        return st;
    }
    for (int f = 0; f < k; f++) {
        double bottom = fr[f].y + fr[f].height;
        fr[f].y = fmin(y, bottom);
        fr[f].height = bottom - fr[f].y;
    }
    *n = k;
    c->story->cursor = text;
    return GALLEY_STATUS_SUCCESS;
}

/* Places C's story from its cursor up to its next head into FR (N frames) of
 * PAGE (balanced when BALANCE and it all fits; filled to the foot when
 * BALANCE is GALLEY_FLOW_FILL and no head follows: a text with a head under
 * it is balanced over that head). *FULL: the frames took not all of it. *STEP gets what was placed
 * (its frame: -1 when nothing). */
static galley_status_t segment_place(galley_composer_t *c, galley_page_t *page,
                                     const galley_rect_t *fr, int n, const galley_frames_t *frames,
                                     int balance, int *full, galley_flow_step_t *step)
{
    galley_story_t seg = *c->story;
    seg.flow.n = next_head(&c->story->flow, c->story->cursor);
    if (balance == GALLEY_FLOW_FILL && seg.flow.n < c->story->flow.n)
        balance = GALLEY_FLOW_BALANCE;
    galley_frames_t part = {fr, n, frames->grid_origin, frames->grid_pitch, 0};
    *step = (galley_flow_step_t){seg.cursor, 0, 0, -1, 0, 0};
    galley_status_t st = n > 0 ? galley_story_place(&seg, &part, INFINITY, balance, page, step)
                               : GALLEY_STATUS_SUCCESS;
    c->story->cursor = seg.cursor;
    *full = seg.cursor < seg.flow.n;
    return st;
}

/* How a text and the translation after it share the frames. */
enum {
    UNDER = 0,      /* the text balanced across the frames, the head as a band under it */
    IN_COLUMN = -1, /* the text run to the frames' foot, the head one column wide under its
                       end (or atop the next column), the translation's text on from there */
    /* J > 0: BESIDE, the text balanced in the first J frames, the head atop the others */
};

/* What one arrangement of a text and the translation after it did. */
typedef struct {
    int text_full; /* the text before the head did not all fit */
    int head;      /* the head is placed */
    int all;       /* and all of the translation's text up to the next head */
} arrangement_t;

/* The head in one column for IN_COLUMN: in frame LAST of FR (*N frames) under
 * what the text left in it (BOTTOM), else atop the next frame; FR and *N end
 * as the frames the translation's text goes into. */
static galley_status_t head_in_column(galley_composer_t *c, galley_page_t *page, size_t from,
                                      galley_rect_t *fr, int *n, int last, double bottom,
                                      int *placed)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    *placed = 0;
    for (int f = last < 0 ? 0 : last; !st && !*placed && f < *n; f++) {
        galley_rect_t col = fr[f];
        int used = f == last && bottom > col.y;
        int one = 1;
        st = head_place(c, page, from, &col, &one, 0, used, placed);
        if (st || !*placed)
            continue;
        fr[f] = col;
        memmove(fr, fr + f, (size_t)(*n - f) * sizeof *fr);
        *n -= f;
    }
    return st;
}

/* Places the text at C's story's cursor and the translation that follows it
 * into FR (*N frames) of PAGE in arrangement HOW (UNDER, IN_COLUMN or BESIDE
 * J). FR and *N end as the frames the translation's text went into. */
static galley_status_t arrange(galley_composer_t *c, galley_page_t *page, galley_rect_t *fr, int *n,
                               int how, const galley_frames_t *frames, int balance,
                               arrangement_t *out)
{
    *out = (arrangement_t){0, 0, 0};
    size_t from = page->n_boxes;
    galley_flow_step_t step;
    galley_status_t st = segment_place(c, page, fr, how > 0 ? how : *n, frames,
                                       how == IN_COLUMN ? 0 : balance, &out->text_full, &step);
    if (st || out->text_full)
        return st;
    if (how == IN_COLUMN) {
        st = head_in_column(c, page, from, fr, n, step.frame, step.bottom, &out->head);
    } else {
        if (how > 0) { /* the head over the frames the text left empty */
            memmove(fr, fr + how, (size_t)(*n - how) * sizeof *fr);
            *n -= how;
        }
        st = head_place(c, page, from, fr, n, 0, how == UNDER, &out->head);
    }
    if (st || !out->head)
        return st;
    int full; /* balanced under a head in one column too: balancing never leaves the
                 first frame without its first lines (flow.c balanced_limit) */
    st = segment_place(c, page, fr, *n, frames, balance, &full, &step);
    out->all = !full;
    return st;
}

/* Chooses how the text at the cursor and the translation after it share FR
 * (N frames) of PAGE: the first that places all of the translation of UNDER,
 * BESIDE (the text in the fewest columns) and IN_COLUMN; else the first that
 * places its head with the first lines of its text under it, in that order
 * when MORE frames follow these (the rest goes there), else the one of them
 * that places the most (the rest is overset); else (*WAITS) the text alone,
 * its translation's head waiting for the next frames. Trials say nothing (the
 * choice is set again). */
static galley_status_t arrange_choose(galley_composer_t *c, galley_page_t *page,
                                      const galley_rect_t *fr, int n, const galley_frames_t *frames,
                                      int balance, int more, int *how, int *waits)
{
    size_t boxes = page->n_boxes, cursor = c->story->cursor;
    galley_rect_t trial[FRAMES_MAX];
    galley_diags_t quiet, *loud = c->diags;
    galley_diags_init(&quiet);
    c->diags = &quiet;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    int chosen = 0, found = 0, fallback = 0, fell = 0;
    size_t most = 0;
    /* UNDER, BESIDE 1 .. N-1, IN_COLUMN */
    for (int i = 0; !st && i <= n && !found; i++) {
        int h = i == n ? IN_COLUMN : i;
        if (h == IN_COLUMN && n < 2)
            break;
        memcpy(trial, fr, (size_t)n * sizeof *fr);
        int m = n;
        arrangement_t a;
        st = arrange(c, page, trial, &m, h, frames, balance, &a);
        size_t placed = c->story->cursor - cursor;
        page->n_boxes = boxes;
        c->story->cursor = cursor;
        if ((h == UNDER && a.text_full) || (a.head && a.all)) {
            chosen = h; /* the frames are full anyway, or all of it fits */
            found = 1;
        } else if (a.head && (!fell || (!more && placed > most))) {
            fallback = h; /* the first, or what places the most where nothing follows */
            most = placed;
            fell = 1;
        }
    }
    c->diags = loud;
    galley_diags_fini(&quiet);
    *how = found ? chosen : fallback;
    *waits = !found && !fell;
    return st;
}

/* Places C's story from its cursor into the frames of FRAMES on PAGE, as
 * galley_story_place does, with each translation's head over its own text:
 * the text before a head goes into the frames first (balanced when BALANCE
 * and it all fits), the head as a band under it across the columns its text
 * fills, beside it over the columns it leaves empty, or in one column under
 * its end with the first lines of its text under it (arrange_choose); its
 * text under the head. A head that does not fit with the first lines of its
 * text stays at the cursor for the next frames. MORE: frames follow these
 * (a next page), so a translation that does not fit here may go on there.
 * STEP (may be NULL) gets what was placed, the head's items counted as
 * placed. */
galley_status_t galley_composer_story_place(galley_composer_t *c, const galley_frames_t *frames,
                                            int balance, int more, galley_page_t *page,
                                            galley_flow_step_t *step)
{
    galley_story_t *s = c->story;
    galley_rect_t fr[FRAMES_MAX];
    int n = frames->n_frames < FRAMES_MAX ? frames->n_frames : FRAMES_MAX;
    memcpy(fr, frames->frames, (size_t)n * sizeof *fr);
    size_t from = page->n_boxes, start = s->cursor;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    galley_flow_step_t part;
    int fresh = 1, full = 0;
    while (!st && n > 0 && galley_story_left(s) && !full) {
        if (s->flow.items[s->cursor].head) { /* a head at the cursor: a band under what is here */
            int placed;
            st = head_place(c, page, from, fr, &n, fresh, !fresh, &placed);
            if (st || !placed)
                break;
            st = segment_place(c, page, fr, n, frames, balance, &full, &part);
        } else if (next_head(&s->flow, s->cursor) >= s->flow.n) { /* no head follows */
            st = segment_place(c, page, fr, n, frames, balance, &full, &part);
        } else { /* a translation follows: under the text, beside it or in its column */
            int how, waits;
            st = arrange_choose(c, page, fr, n, frames, balance, more, &how, &waits);
            if (st)
                break;
            if (waits) { /* the text alone; its translation's head waits */
                st = segment_place(c, page, fr, n, frames, balance, &full, &part);
                break;
            }
            arrangement_t a;
            st = arrange(c, page, fr, &n, how, frames, balance, &a);
            full = a.text_full || !a.head || !a.all;
        }
        fresh = 0;
    }
    if (step)
        *step = (galley_flow_step_t){s->cursor, s->cursor - start, galley_story_left(s), -1, 0, 0};
    return st;
}
