/* edition_slot.c: one article's slot on an edition page.
 *
 * Owns a slot's geometry in the page grid, setting an article into it
 * (kicker, headline, deck, the photo with its credit and caption at the top
 * right, then the flow through the slot's columns, balanced when it all
 * fits), growing the photo of an article that ends short, the jump line at
 * its foot, the hairlines between slots, and the account of what a slot took
 * and left: lines set, lines overset (with the red marker), lines underset.
 */
#include "edition_slot.h"
#include "frame.h"

#include <math.h>
#include <string.h>

static const double RULE_RGB[3] = {0.1, 0.1, 0.1};
static const double OVERSET_RGB[3] = {0.85, 0.0, 0.0};

/* Places a rule box. */
static galley_status_t add_rule(galley_page_t *page, galley_rect_t r, const double rgb[3],
                                const char *role, const char *element)
{
    galley_box_t b = {0};
    b.kind = GALLEY_BOX_RULE;
    b.role = role;
    b.element = element;
    b.rect = b.frame = r;
    memcpy(b.color, rgb, sizeof b.color);
    return galley_page_add_box(page, &b);
}

/* A hairline of the edition's rule colour at R (between slots and articles). */
galley_status_t galley_slot_hairline(galley_page_t *page, galley_rect_t r, const char *element)
{
    return add_rule(page, r, RULE_RGB, "rule", element);
}

/* The rectangle of SLOT in the grid between TOP and BOTTOM of page NUMBER. */
galley_rect_t galley_slot_rect(const galley_layout_t *l, int grid_rows, int number,
                               galley_slot_t slot, double top, double bottom)
{
    galley_rect_t content = galley_frame_content(l, number);
    double gap = l->grid, rows = grid_rows;
    double row_h = (bottom - top - (rows - 1) * gap) / rows;
    double y0 = top + slot.row * (row_h + gap);
    double y1 = y0 + slot.rows * row_h + (slot.rows - 1) * gap;
    return galley_frame_columns(l, content, slot.column, slot.span, y0, y1);
}

/* The height of the slot's photo at WIDTH in its own proportions (uncropped). */
static double slot_photo_natural(const galley_composer_t *c, double width)
{
    const galley_image_t *im = c->a->photos[0].image;
    return im ? width * im->height / fmax(1, im->width) : width / 1.5;
}

/* True when the article's lead photo goes into a slot SPAN columns wide. */
int galley_slot_has_photo(const galley_composer_t *c, int span)
{
    return c->a->n_photos > 0 && span >= 2;
}

/* The photo's columns in SLOT: all but the first of a slot of 3 or more, else
 * the whole slot. */
static int slot_photo_columns(galley_slot_t slot)
{
    return slot.span >= 3 ? slot.span - 1 : slot.span;
}

/* The tallest frame the slot's photo may grow to at WIDTH: its own proportions
 * (never cropped harder to fill), and no taller than prints at the layout's
 * min_ppi (the photo covers its frame, so a taller frame scales it up). 0 when
 * the photo already prints under min_ppi at WIDTH: growing would only enlarge
 * a photo that is too coarse, so it does not grow at all. A placeholder grows
 * to its 3:2. */
static double slot_photo_grow_limit(const galley_composer_t *c, double width)
{
    const galley_image_t *im = c->a->photos[0].image;
    double natural = slot_photo_natural(c, width);
    if (!im || c->l->min_ppi <= 0)
        return natural;
    if (!galley_composer_photo_sharp(c, &c->a->photos[0], width))
        return 0;
    return fmin(natural, 72.0 * im->height / c->l->min_ppi);
}

/* The height of the slot's photo at WIDTH in AREA: the layout's share (its own
 * proportions, at most photo.max_height of AREA), but never so short that the
 * frame shows less than GALLEY_SLOT_PHOTO_KEEP of the photo (it covers its
 * frame: at WIDTH the frame shows its height over the natural height), as long
 * as AREA holds that. */
static double slot_photo_height(const galley_composer_t *c, double width, double area)
{
    double share = galley_composer_photo_height(c, &c->a->photos[0], width, area);
    return fmax(share, fmin(GALLEY_SLOT_PHOTO_KEEP * slot_photo_natural(c, width), area));
}

/* The photo's columns in SLOT of PAGE, for a photo that must show 60% of
 * itself: the widest, from the slot's photo columns down to 2, at which the
 * layout's share of AREA (photo.max_height of it, or the photo's own
 * proportions) shows 60% of the photo. A frame much wider than the photo's
 * proportions would crop it to a strip: it is set narrower at the same height
 * instead (so the text loses no room to it), and only at 2 columns taller
 * (slot_photo_height). */
static int slot_photo_fit_columns(const galley_composer_t *c, const galley_page_t *page,
                                  galley_slot_t slot, double area)
{
    galley_rect_t content = galley_frame_content(c->l, page->number);
    int cols = slot_photo_columns(slot);
    for (; cols > 2; cols--) {
        double width = galley_frame_columns(c->l, content, 0, cols, 0, 0).width;
        double natural = slot_photo_natural(c, width);
        if (fmin(natural, c->l->photo_max_height * area) >= GALLEY_SLOT_PHOTO_KEEP * natural)
            break;
    }
    return cols;
}

/* The width of the first image box on PAGE from box FROM on; 0: none. */
static double slot_photo_width(const galley_page_t *page, size_t from)
{
    for (size_t i = from; i < page->n_boxes; i++)
        if (page->boxes[i].kind == GALLEY_BOX_IMAGE)
            return page->boxes[i].rect.width;
    return 0;
}

/* True when the lead photo, set on PAGE from box FROM on (the slot's first
 * setting), may grow taller than its share to fill the slot: it is there, and
 * prints at min_ppi or finer across the width it was given. */
int galley_slot_photo_grows(const galley_composer_t *c, const galley_page_t *page, size_t from)
{
    double width = slot_photo_width(page, from);
    return width > 0 && slot_photo_grow_limit(c, width) > 0;
}

/* The photo's columns COLS (slot_photo_fit_columns) one wider when WIDER
 * asks and the slot's photo columns have one more, as long as it still
 * prints at the layout's min_ppi or finer across that width (a placeholder
 * always may). */
static int slot_photo_widen(const galley_composer_t *c, const galley_page_t *page,
                            galley_slot_t slot, int cols, int wider)
{
    if (!wider || cols + 1 > slot_photo_columns(slot))
        return cols;
    galley_rect_t content = galley_frame_content(c->l, page->number);
    double width = galley_frame_columns(c->l, content, 0, cols + 1, 0, 0).width;
    return galley_composer_photo_sharp(c, &c->a->photos[0], width) ? cols + 1 : cols;
}

/* Kicker, copyfitted headline and deck across the slot; the photo with its
 * credit and caption at the slot's top right, FIT->grow points taller than
 * the layout's proportion gives it (never taller than the photo's own
 * proportions, and never when that would print it under the layout's
 * min_ppi), a column wider when FIT->wider asks and it may (slot_photo_widen).
 * Sets *BODY_TOP and, for the photo's columns, *PHOTO_BOTTOM and *PHOTO_FIRST
 * (the first column under it). */
static galley_status_t slot_band(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                 galley_slot_t slot, const galley_style_t *head,
                                 const galley_slot_fit_t *fit, double *body_top,
                                 double *photo_bottom, int *photo_first)
{
    int span = slot.span;
    const galley_article_text_t *m = &c->a->main;
    double y = r.y;
    const galley_text_t *kicker = galley_text_is_empty(&m->kicker) ? &m->section : &m->kicker;
    galley_status_t st =
        galley_composer_band_text(c, page, kicker, GALLEY_STYLE_KICKER, m->lang, r.x, r.width, &y,
                                  kicker == &m->kicker ? "kicker" : "section");
    c->override[GALLEY_STYLE_HEADLINE] = head;
    if (!st)
        st = galley_composer_band_text(c, page, &m->headline, GALLEY_STYLE_HEADLINE, m->lang, r.x,
                                       r.width, &y, "headline");
    c->override[GALLEY_STYLE_HEADLINE] = NULL;
    if (!st && span >= 3)
        st = galley_composer_band_text(c, page, &m->deck, GALLEY_STYLE_DECK, m->lang, r.x, r.width,
                                       &y, "deck");
    *body_top = *photo_bottom = y + c->l->grid * 0.5;
    *photo_first = span;
    if (st || !galley_slot_has_photo(c, span))
        return st;
    double area = (r.y + r.height - *body_top) * 0.9;
    int cols =
        slot_photo_widen(c, page, slot, slot_photo_fit_columns(c, page, slot, area), fit->wider);
    galley_rect_t content = galley_frame_content(c->l, page->number);
    int first = slot.column + span - cols;
    galley_rect_t pr = galley_frame_columns(c->l, content, first, cols, *body_top, *body_top);
    pr.height = slot_photo_height(c, pr.width, area);
    if (fit->grow > 0) /* taller, up to its proportions and min_ppi; never shorter */
        pr.height =
            fmax(pr.height, fmin(pr.height + fit->grow, slot_photo_grow_limit(c, pr.width)));
    double py;
    st = galley_composer_photo_block(c, page, pr, &py);
    *photo_bottom = py + c->l->grid * 0.5;
    *photo_first = span - cols;
    return st;
}

/* Places C's story from its cursor into SLOT's columns from TOP
 * (PHOTO_TOP for columns PHOTO_FIRST on) down to BOTTOM; when it all fits,
 * as MODE says: balanced, or filled down to BOTTOM (GALLEY_FLOW_FILL). */
galley_status_t galley_slot_flow(galley_composer_t *c, galley_page_t *page, galley_slot_t slot,
                                 double top, double photo_top, int photo_first, double bottom,
                                 int mode)
{
    int span = slot.span;
    galley_rect_t content = galley_frame_content(c->l, page->number), frames[20];
    int first = slot.column;
    int n = 0;
    for (int i = 0; i < span && i < 20; i++) {
        double t = i >= photo_first ? photo_top : top;
        if (bottom - t >= c->l->grid)
            frames[n++] = galley_frame_columns(c->l, content, first + i, 1, t, bottom);
    }
    galley_frames_t fr = {frames, n, page->grid_origin, page->grid_pitch, 0};
    return galley_composer_story_place(c, &fr, mode, 0, page, NULL);
}

/* A line of note style at the foot of the slot: "Continued on page N". */
galley_status_t galley_slot_jump_line(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                      const char *text, double y)
{
    galley_style_t note = c->l->styles[GALLEY_STYLE_NOTE];
    note.align = GALLEY_ALIGN_RIGHT;
    note.space_before = note.space_after = 0;
    c->override[GALLEY_STYLE_NOTE] = &note;
    galley_text_t t = galley_plain_text(text);
    galley_status_t st = galley_composer_band_text(c, page, &t, GALLEY_STYLE_NOTE, c->a->main.lang,
                                                   r.x, r.width, &y, "jump");
    c->override[GALLEY_STYLE_NOTE] = NULL;
    return st;
}

/* Counts what is left of the flow from CURSOR into REP, lines and words, and
 * names each photo left (through C, whose article the flow is): everything an
 * edition leaves over passes here, so nothing is lost without a message.
 * Returns the lines counted. */
static int slot_count_left(galley_composer_t *c, const galley_flow_t *flow, size_t cursor,
                           galley_edition_article_t *rep)
{
    galley_composer_photos_overset(c, flow, cursor);
    int lines = 0;
    for (size_t i = cursor; i < flow->n; i++) {
        const galley_flow_item_t *it = &flow->items[i];
        if (it->kind != GALLEY_FLOW_LINE)
            continue;
        lines++;
        const char *s = it->line->text;
        for (int in = 0; s && *s; s++) {
            int word = *s != ' ';
            rep->overset_words += word && !in;
            in = word;
        }
    }
    rep->overset_lines += lines;
    return lines;
}

/* True when S has lines of text left to place. Rules alone are not text: the
 * rule that closes a related box and falls past the slot's foot loses no word,
 * so it neither jumps nor makes the slot overset (it is dropped there, as the
 * slot's foot ends the box). */
int galley_slot_text_left(const galley_story_t *s)
{
    for (size_t i = s->cursor; i < s->flow.n; i++)
        if (s->flow.items[i].kind == GALLEY_FLOW_LINE)
            return 1;
    return 0;
}

/* Accounts for what of S is left from its cursor in REP, as overset on PAGE,
 * with EXTRA lines more (a headline that found no room); then, and only when
 * that counted a line, marks slot R: a red bar just under its foot, in the gap
 * before the next row. The mark is drawn by nothing else, so it stands exactly
 * where the report counts overset lines (and never reaches a --final PDF:
 * --final refuses any overset). The cursor moves to the flow's end. */
galley_status_t galley_slot_overset(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                    galley_story_t *s, int extra, galley_edition_article_t *rep)
{
    int lines = slot_count_left(c, &s->flow, s->cursor, rep) + extra;
    rep->overset_lines += extra;
    s->cursor = s->flow.n;
    if (lines <= 0)
        return GALLEY_STATUS_SUCCESS;
    rep->overset_page = page->number;
    galley_rect_t bar = {r.x, r.y + r.height + 1, r.width, 3};
    return add_rule(page, bar, OVERSET_RGB, "overset", "overset");
}

/* Counts what is left of a story no slot took (its continuation was never
 * reached) into REP, with no mark: there is no slot to mark. */
void galley_slot_count_left(galley_composer_t *c, const galley_story_t *s,
                            galley_edition_article_t *rep)
{
    slot_count_left(c, &s->flow, s->cursor, rep);
}

/* Counts the line boxes added to PAGE since FROM: what the slot took. */
int galley_slot_lines_since(const galley_page_t *page, size_t from)
{
    int n = 0;
    for (size_t i = from; i < page->n_boxes; i++)
        n += page->boxes[i].kind == GALLEY_BOX_LINE;
    return n;
}

/* Sets the article into slot R of PAGE from box BOXES on (the boxes there
 * before are dropped): kicker, headline in HEAD, deck, the photo as FIT says,
 * then C's story from its start down to BOTTOM, its last columns as FIT->mode
 * says. *FITS is 0 when the slot cannot hold the band with a line of text
 * (then nothing of the story is placed). */
galley_status_t galley_slot_set(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                galley_slot_t slot, const galley_style_t *head,
                                const galley_slot_fit_t *fit, size_t boxes, double bottom,
                                int *fits)
{
    double top, photo_top;
    int photo_first;
    page->n_boxes = boxes;
    c->story->cursor = 0;
    *fits = 0;
    galley_status_t st = slot_band(c, page, r, slot, head, fit, &top, &photo_top, &photo_first);
    if (!st && fmax(top, photo_top) + c->l->grid <= bottom) {
        *fits = 1;
        st = galley_slot_flow(c, page, slot, top, photo_top, photo_first, bottom, fit->mode);
    }
    return st;
}

/* The tallest growth of the photo, in whole grid lines, with which all of
 * C's text still ends in the slot, the photo WIDER (0 or 1) columns wider
 * than its fit, into *LINES. Trials only: the page's boxes are left as the
 * last trial set them. */
static galley_status_t slot_grow_search(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                        galley_slot_t slot, const galley_style_t *head, int wider,
                                        size_t boxes, double bottom, int *lines)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    int lo = 0, hi = (int)(r.height / c->l->grid);
    int fits;
    while (lo < hi && !st) {
        int mid = (lo + hi + 1) / 2;
        galley_slot_fit_t fit = {mid * c->l->grid, wider, GALLEY_FLOW_FILL};
        st = galley_slot_set(c, page, r, slot, head, &fit, boxes, bottom, &fits);
        if (fits && !galley_slot_text_left(c->story))
            lo = mid;
        else
            hi = mid - 1;
    }
    *lines = lo;
    return st;
}

/* An article that ends well short of its slot's foot (a hole in the page,
 * once fill mode has spread what white it can) runs its photo taller, as an
 * editor would: the tallest, in whole grid lines and up to the photo's own
 * proportions, with which all the text still ends in the slot; and when that
 * still leaves the slot underset, a column wider (slot_photo_widen) and again
 * as tall as the text lets it, kept when it leaves fewer lines empty. The
 * trials' warnings are dropped; the last setting, made again, gives its own. */
galley_status_t galley_slot_grow_photo(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                       galley_slot_t slot, const galley_style_t *head, size_t boxes,
                                       double bottom)
{
    galley_diags_t quiet, *loud = c->diags;
    galley_diags_init(&quiet);
    c->diags = &quiet;
    int taller = 0, wide = 0, fits = 0, empty = 0, wider = 0;
    double width = 0;
    galley_status_t st = slot_grow_search(c, page, r, slot, head, 0, boxes, bottom, &taller);
    galley_slot_fit_t fit = {taller * c->l->grid, 0, GALLEY_FLOW_FILL};
    if (!st) /* the chosen setting, measured */
        st = galley_slot_set(c, page, r, slot, head, &fit, boxes, bottom, &fits);
    if (!st) {
        empty = galley_slot_empty_lines(c->l, page, boxes, r);
        width = slot_photo_width(page, boxes);
    }
    if (!st && empty >= GALLEY_UNDERSET_LINES)
        st = slot_grow_search(c, page, r, slot, head, 1, boxes, bottom, &wide);
    if (!st && empty >= GALLEY_UNDERSET_LINES) {
        galley_slot_fit_t wfit = {wide * c->l->grid, 1, GALLEY_FLOW_FILL};
        st = galley_slot_set(c, page, r, slot, head, &wfit, boxes, bottom, &fits);
        wider = !st && fits && !galley_slot_text_left(c->story) &&
                slot_photo_width(page, boxes) > width + 1e-6 &&
                galley_slot_empty_lines(c->l, page, boxes, r) < empty;
        if (wider)
            fit = wfit;
    }
    c->diags = loud;
    galley_diags_fini(&quiet);
    if (!st) /* the chosen setting again, or the first when none fits better */
        st = galley_slot_set(c, page, r, slot, head, &fit, boxes, bottom, &fits);
    return st;
}

/* Grid lines left empty at the foot of slot R of PAGE by the boxes from
 * FIRST on: below the lowest of them. */
int galley_slot_empty_lines(const galley_layout_t *l, const galley_page_t *page, size_t first,
                            galley_rect_t r)
{
    double used = r.y;
    for (size_t b = first; b < page->n_boxes; b++)
        used = fmax(used, page->boxes[b].rect.y + page->boxes[b].rect.height);
    return (int)floor((r.y + r.height - used) / l->grid);
}

/* Notes in REP when the article, ended in slot R of PAGE with the boxes from
 * FIRST on, leaves GALLEY_UNDERSET_LINES or more of the slot empty: a hole in the
 * page the editor fills with more text or a smaller slot. */
void galley_slot_note_underset(const galley_layout_t *l, const galley_page_t *page, size_t first,
                               galley_rect_t r, galley_edition_article_t *rep)
{
    int lines = galley_slot_empty_lines(l, page, first, r);
    if (lines < GALLEY_UNDERSET_LINES || rep->overset_lines)
        return;
    rep->underset_lines = lines;
    rep->underset_page = page->number;
}

/* Hairlines between slots: above a slot that does not start the grid, and in
 * the gutter left of one that does not start the page. */
galley_status_t galley_slot_rules(const galley_layout_t *l, galley_page_t *page, galley_rect_t r,
                                  const galley_placement_t *pl)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    double gap = l->grid;
    if (pl->slot.row > 0)
        st = add_rule(page, (galley_rect_t){r.x, r.y - gap / 2 - 0.25, r.width, 0.5}, RULE_RGB,
                      "rule", pl->field);
    if (!st && pl->slot.column > 0)
        st = add_rule(page, (galley_rect_t){r.x - l->gutter / 2 - 0.25, r.y, 0.5, r.height},
                      RULE_RGB, "rule", pl->field);
    return st;
}
