/* page.c: the pages of an edition.
 *
 * Owns an edition's page furniture (the nameplate on page one, running heads
 * and folios on every page, rules between slots) and setting each article
 * into its slot: kicker, a headline copyfitted to the slot (the largest size
 * that keeps it to the lines allowed, in balanced lines), deck, photo, then
 * the article's flow through the slot's columns. What does not fit jumps to
 * the page the edition names ("Continued on page N", and on that page
 * "Continued from page M" under a jump headline) or is reported as overset.
 */
#include "page.h"
#include "composer.h"
#include "frame.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const double RULE_RGB[3] = {0.1, 0.1, 0.1};
static const double OVERSET_RGB[3] = {0.85, 0.0, 0.0};

/* Where an article that jumped stands: its composer and flow, the cursor. */
typedef struct {
    galley_composer_t c;
    size_t cursor;
    int from_page;
    size_t report; /* its entry in result->placed (which grows: not a pointer) */
} pending_t;

typedef struct {
    galley_fonts_t *fonts;
    galley_hyphen_t *hyphen;
    galley_photo_checks_t *checks;
    const galley_edition_t *e;
    const galley_layout_t *l;
    const galley_render_options_t *opt;
    galley_document_t *doc;
    galley_diags_t *diags;
    galley_edition_result_t *result;
    galley_composer_t furniture; /* the composer for nameplate, heads and folios */
    pending_t *pending;
    size_t n_pending;
    galley_article_t **by_path; /* result->articles sorted by path, for find_article */
    char date[96]; /* the edition's date, written out for nameplate, heads and folios */
    /* The text room of the whole edition: its bounds (room, room_lines) and
     * what the placements have set so far (height, n); it holds no items. */
    galley_flow_t room;
} edition_t;

/* A composer for ARTICLE on this edition's document; its flow may take what
 * the edition's text room has left (see take_room). */
static galley_composer_t composer_for(edition_t *ed, const galley_article_t *article)
{
    galley_composer_t c = {ed->fonts,          ed->hyphen, article, ed->l, ed->doc,
                           ed->diags,          {0},        0,       0,     NULL,
                           ed->e->n_pages + 1, {0}};
    c.colw = galley_layout_column_width(ed->l);
    c.flow.room = fmax(ed->room.room - ed->room.height, 1e-9);
    c.flow.room_lines = ed->room.room_lines > ed->room.n ? ed->room.room_lines - ed->room.n : 0;
    c.flow.room_pages = ed->room.room_pages;
    c.flow.room_shared = 1;
    return c;
}

/* Counts the flow C has set against the edition's text room: every placement
 * sets its article again, so the page limit bounds the text of all of them
 * together (5 placements of a 6 MB article on one page took 47 s and 4.1 GB). */
static void take_room(edition_t *ed, const galley_composer_t *c)
{
    ed->room.height += c->flow.height;
    ed->room.n += c->flow.n;
}

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

/* The nameplate across the top of page one: the paper's name, then the date,
 * edition and price between rules. *Y ends below it. */
static galley_status_t nameplate(edition_t *ed, galley_page_t *page, double *y)
{
    galley_composer_t *c = &ed->furniture;
    galley_rect_t content = galley_frame_content(ed->l, page->number);
    galley_style_t big = ed->l->styles[GALLEY_STYLE_HEADLINE];
    big.size *= 1.5;
    big.leading = big.size * 1.05;
    big.align = GALLEY_ALIGN_CENTER;
    big.linebreak.balance = 0;
    galley_style_t line = ed->l->styles[GALLEY_STYLE_FOLIO];
    line.align = GALLEY_ALIGN_CENTER;
    c->override[GALLEY_STYLE_HEADLINE] = &big;
    c->override[GALLEY_STYLE_FOLIO] = &line;
    galley_text_t paper = galley_plain_text(ed->e->paper);
    galley_status_t st = galley_composer_band_text(c, page, &paper, GALLEY_STYLE_HEADLINE, "en",
                                                   content.x, content.width, y, "paper");
    const char *info =
        galley_document_strdup(ed->doc, "%s%s%s%s%s", ed->date, ed->e->edition ? "   ·   " : "",
                               ed->e->edition ? ed->e->edition : "", ed->e->price ? "   ·   " : "",
                               ed->e->price ? ed->e->price : "");
    if (!st && !info)
        st = GALLEY_STATUS_NO_MEMORY;
    *y += 3;
    if (!st)
        st = galley_composer_band_rule(page, content.x, content.width, y, 0.75, "paper");
    *y += 2;
    galley_text_t it = galley_plain_text(info);
    if (!st)
        st = galley_composer_band_text(c, page, &it, GALLEY_STYLE_FOLIO, "en", content.x,
                                       content.width, y, "edition");
    *y += 2;
    if (!st)
        st = galley_composer_band_rule(page, content.x, content.width, y, 1.5, "paper");
    *y += ed->l->grid;
    c->override[GALLEY_STYLE_HEADLINE] = c->override[GALLEY_STYLE_FOLIO] = NULL;
    return st;
}

/* The running head of a later page: paper, section and date, over a rule. */
static galley_status_t running_head(edition_t *ed, galley_page_t *page,
                                    const galley_edition_page_t *ep, double *y)
{
    galley_rect_t content = galley_frame_content(ed->l, page->number);
    const char *head = galley_document_strdup(ed->doc, "%s   ·   %s   ·   %s", ed->e->paper,
                                              ep->section ? ep->section : "", ed->date);
    if (!head)
        return GALLEY_STATUS_NO_MEMORY;
    galley_text_t t = galley_plain_text(head);
    galley_status_t st =
        galley_composer_band_text(&ed->furniture, page, &t, GALLEY_STYLE_FOLIO, "en", content.x,
                                  content.width, y, "running head");
    *y += 2;
    if (!st)
        st = galley_composer_band_rule(page, content.x, content.width, y, 0.75, "running head");
    *y += ed->l->grid;
    return st;
}

/* The folio: page number, the edition's date, the page's section (else the
 * paper's name). */
static galley_status_t folio(edition_t *ed, galley_page_t *page, const galley_edition_page_t *ep)
{
    return galley_composer_folio(&ed->furniture, page, ed->date,
                                 ep->section    ? ep->section
                                 : ed->e->paper ? ed->e->paper
                                                : "",
                                 "en");
}

/* The rectangle of SLOT in the grid between TOP and BOTTOM of page NUMBER. */
static galley_rect_t slot_rect(const edition_t *ed, int number, galley_slot_t slot, double top,
                               double bottom)
{
    galley_rect_t content = galley_frame_content(ed->l, number);
    double gap = ed->l->grid, rows = ed->e->rows;
    double row_h = (bottom - top - (rows - 1) * gap) / rows;
    double y0 = top + slot.row * (row_h + gap);
    double y1 = y0 + slot.rows * row_h + (slot.rows - 1) * gap;
    return galley_frame_columns(ed->l, content, slot.column, slot.span, y0, y1);
}

/* Sets *OUT to the headline style at step K of copyfitting (2 pt under the
 * layout's size a step) and reports whether the headline then takes at most
 * MAX_LINES lines at WIDTH: 1, 0, or -1 on error (*ST says which). */
static int copyfit_try(galley_composer_t *c, double width, int max_lines, int k,
                       galley_style_t *out, galley_diags_t *scratch, galley_status_t *st)
{
    const galley_style_t *base = &c->l->styles[GALLEY_STYLE_HEADLINE];
    out->size = base->size - 2 * k;
    out->leading = out->size * base->leading / base->size;
    galley_setting_t set = {&c->a->main.headline, out, c->a->main.lang, width, 0, "headline"};
    galley_lines_t lines;
    *st = galley_typeset(c->fonts, c->hyphen, &set, &lines, scratch);
    int fits = !*st && (int)lines.n_lines <= max_lines;
    galley_lines_fini(&lines);
    return *st ? -1 : fits;
}

/* Copyfits the headline to WIDTH: the largest size, from the style's down to
 * 40% of it in 2 pt steps, whose balanced lines number at most MAX_LINES (the
 * smallest when none does). Smaller type never takes more lines, so after the
 * layout's own size the steps are searched by halves. Sets *OUT; the trial
 * settings are thrown away, and so are their warnings. */
static galley_status_t copyfit(galley_composer_t *c, double width, int max_lines,
                               galley_style_t *out)
{
    const galley_style_t *base = &c->l->styles[GALLEY_STYLE_HEADLINE];
    galley_diags_t scratch;
    galley_diags_init(&scratch);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    *out = *base;
    int steps = (int)floor((base->size - (base->size * 0.4 - 1e-9)) / 2); /* the last step */
    int best = 0;
    if (copyfit_try(c, width, max_lines, 0, out, &scratch, &st) == 0) {
        int lo = 1, hi = steps;
        best = steps;
        while (lo <= hi && !st) {
            int mid = (lo + hi) / 2;
            if (copyfit_try(c, width, max_lines, mid, out, &scratch, &st) > 0)
                best = mid, hi = mid - 1;
            else
                lo = mid + 1;
        }
    }
    out->size = base->size - 2 * best;
    out->leading = out->size * base->leading / base->size;
    galley_diags_fini(&scratch);
    return st;
}

/* The height of the slot's photo at WIDTH in its own proportions (uncropped). */
static double slot_photo_natural(const galley_composer_t *c, double width)
{
    const galley_image_t *im = c->a->photos[0].image;
    return im ? width * im->height / fmax(1, im->width) : width / 1.5;
}

/* True when the article's lead photo goes into a slot SPAN columns wide. */
static int slot_has_photo(const galley_composer_t *c, int span)
{
    return c->a->n_photos > 0 && span >= 2;
}

/* Kicker, copyfitted headline and deck across the slot; the photo with its
 * credit and caption at the slot's top right, GROW points taller than the
 * layout's proportion gives it (never taller than the photo's own proportions).
 * Sets *BODY_TOP and, for the photo's columns, *PHOTO_BOTTOM and *PHOTO_FIRST
 * (the first column under it). */
static galley_status_t slot_band(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                 int span, const galley_style_t *head, double grow,
                                 double *body_top, double *photo_bottom, int *photo_first)
{
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
    if (st || !slot_has_photo(c, span))
        return st;
    int cols = span >= 3 ? span - 1 : span;
    galley_rect_t content = galley_frame_content(c->l, page->number);
    int first = (int)floor((r.x - content.x) / (c->colw + c->l->gutter) + 0.5) + span - cols;
    galley_rect_t pr = galley_frame_columns(c->l, content, first, cols, *body_top, *body_top);
    pr.height = galley_composer_photo_height(c, &c->a->photos[0], pr.width,
                                             (r.y + r.height - *body_top) * 0.9);
    if (grow > 0)
        pr.height = fmin(pr.height + grow, slot_photo_natural(c, pr.width));
    double py;
    st = galley_composer_photo_block(c, page, pr, &py);
    *photo_bottom = py + c->l->grid * 0.5;
    *photo_first = span - cols;
    return st;
}

/* Places the flow from *CURSOR into the slot's columns from TOP (PHOTO_TOP for
 * columns PHOTO_FIRST on) down to BOTTOM; balanced when it all fits. */
static galley_status_t slot_flow(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                 int span, double top, double photo_top, int photo_first,
                                 double bottom, size_t *cursor)
{
    galley_rect_t content = galley_frame_content(c->l, page->number), frames[20];
    int first = (int)floor((r.x - content.x) / (c->colw + c->l->gutter) + 0.5);
    int n = 0;
    for (int i = 0; i < span && i < 20; i++) {
        double t = i >= photo_first ? photo_top : top;
        if (bottom - t >= c->l->grid)
            frames[n++] = galley_frame_columns(c->l, content, first + i, 1, t, bottom);
    }
    galley_frames_t fr = {frames, n, page->grid_origin, page->grid_pitch};
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    *cursor = galley_flow_place_balanced(&c->flow, *cursor, &fr, page, &st);
    return st;
}

/* A line of note style at the foot of the slot: "Continued on page N". */
static galley_status_t jump_line(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
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

/* Counts what is left of the flow from CURSOR: lines and words. */
static void count_left(const galley_flow_t *flow, size_t cursor, galley_edition_article_t *rep)
{
    for (size_t i = cursor; i < flow->n; i++) {
        const galley_flow_item_t *it = &flow->items[i];
        if (it->kind != GALLEY_FLOW_LINE)
            continue;
        rep->overset_lines++;
        const char *s = it->line->text;
        for (int in = 0; s && *s; s++) {
            int word = *s != ' ';
            rep->overset_words += word && !in;
            in = word;
        }
    }
}

/* Marks an overset slot: a red bar just under its foot, in the gap before the
 * next row (never printed: --final refuses overset). */
static galley_status_t overset_marker(galley_page_t *page, galley_rect_t r)
{
    galley_rect_t bar = {r.x, r.y + r.height + 1, r.width, 3};
    return add_rule(page, bar, OVERSET_RGB, "overset", "overset");
}

/* Counts the line boxes added to PAGE since FROM: what the slot took. */
static int lines_since(const galley_page_t *page, size_t from)
{
    int n = 0;
    for (size_t i = from; i < page->n_boxes; i++)
        n += page->boxes[i].kind == GALLEY_BOX_LINE;
    return n;
}

/* Lines of the grid a slot may leave empty at its foot before it is underset:
 * the columns of a finished article are balanced, so their foot is ragged by
 * a line or two. */
#define UNDERSET_LINES 3

/* Where slot_set leaves the cursor when the slot cannot hold the headline
 * with a line of text. */
#define SLOT_NO_ROOM ((size_t)-1)

/* Sets the article into slot R of PAGE from box BOXES on (the boxes there
 * before are dropped): kicker, headline in HEAD, deck, the photo GROW points
 * taller than its share, then the flow from its start down to BOTTOM. *CURSOR
 * is where the flow stopped, or SLOT_NO_ROOM. */
static galley_status_t slot_set(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                int span, const galley_style_t *head, double grow, size_t boxes,
                                double bottom, size_t *cursor)
{
    double top, photo_top;
    int photo_first;
    page->n_boxes = boxes;
    *cursor = SLOT_NO_ROOM;
    galley_status_t st = slot_band(c, page, r, span, head, grow, &top, &photo_top, &photo_first);
    if (!st && fmax(top, photo_top) + c->l->grid <= bottom) {
        *cursor = 0;
        st = slot_flow(c, page, r, span, top, photo_top, photo_first, bottom, cursor);
    }
    return st;
}

/* An article that ends well short of its slot's foot (a hole in the page)
 * runs its photo taller, as an editor would: the tallest, in whole grid
 * lines and up to the photo's own proportions, with which all the text still
 * ends in the slot. The trials' warnings are dropped; the last setting, made
 * again, gives its own. */
static galley_status_t slot_grow_photo(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                       int span, const galley_style_t *head, size_t boxes,
                                       double bottom)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    galley_diags_t quiet, *loud = c->diags;
    galley_diags_init(&quiet);
    c->diags = &quiet;
    int lo = 0, hi = (int)(r.height / c->l->grid);
    size_t cursor;
    while (lo < hi && !st) {
        int mid = (lo + hi + 1) / 2;
        st = slot_set(c, page, r, span, head, mid * c->l->grid, boxes, bottom, &cursor);
        if (cursor == c->flow.n)
            lo = mid;
        else
            hi = mid - 1;
    }
    c->diags = loud;
    galley_diags_fini(&quiet);
    if (!st) /* the chosen setting again, or the first when none fits better */
        st = slot_set(c, page, r, span, head, lo * c->l->grid, boxes, bottom, &cursor);
    return st;
}

/* Grid lines left empty at the foot of slot R of PAGE by the boxes from
 * FIRST on: below the lowest of them. */
static int slot_empty_lines(const galley_layout_t *l, const galley_page_t *page, size_t first,
                            galley_rect_t r)
{
    double used = r.y;
    for (size_t b = first; b < page->n_boxes; b++)
        used = fmax(used, page->boxes[b].rect.y + page->boxes[b].rect.height);
    return (int)floor((r.y + r.height - used) / l->grid);
}

/* Sets a new article into its slot; keeps it pending when it jumps. */
static galley_status_t place_article(edition_t *ed, size_t page_index, galley_page_t *page,
                                     const galley_placement_t *pl, int span,
                                     const galley_article_t *a, galley_rect_t r,
                                     galley_edition_article_t *rep)
{
    galley_composer_t c = composer_for(ed, a);
    galley_status_t st = galley_composer_build_flow(&c);
    take_room(ed, &c);
    size_t boxes = page->n_boxes, cursor = 0;
    galley_style_t head = c.l->styles[GALLEY_STYLE_HEADLINE];
    if (!st)
        st = copyfit(&c, r.width, 3, &head);
    rep->headline_size = head.size;
    double bottom = r.y + r.height - (pl->jump ? c.l->styles[GALLEY_STYLE_NOTE].leading : 0);
    /* The first setting's warnings (its photo's resolution) stand only when it
     * does: a slot left empty has no photo, and one that grows its photo is set
     * again, which gives its own. */
    galley_diags_t first, *loud = c.diags;
    galley_diags_init(&first);
    c.diags = &first;
    if (!st)
        st = slot_set(&c, page, r, span, &head, 0, boxes, bottom, &cursor);
    c.diags = loud;
    int grow = !st && cursor == c.flow.n && slot_has_photo(&c, span) &&
               !ed->e->pages[page_index].fill &&
               slot_empty_lines(c.l, page, boxes, r) >= UNDERSET_LINES;
    if (st || (!grow && cursor != SLOT_NO_ROOM))
        galley_diags_append(loud, &first);
    galley_diags_fini(&first);
    if (!st && cursor == SLOT_NO_ROOM) {
        /* The slot cannot hold even the headline with a line of text: nothing of
         * the article goes in (never past the slot), all of it is overset. */
        page->n_boxes = boxes;
        rep->lines = 0;
        count_left(&c.flow, 0, rep);
        rep->overset_lines++; /* the headline */
        galley_flow_fini(&c.flow);
        return overset_marker(page, r);
    }
    if (grow)
        st = slot_grow_photo(&c, page, r, span, &head, boxes, bottom);
    rep->lines = lines_since(page, boxes);
    if (!st && cursor < c.flow.n && pl->jump) {
        const char *text = galley_document_strdup(ed->doc, "Continued on page %d", pl->jump);
        st = text ? jump_line(&c, page, r, text, bottom) : GALLEY_STATUS_NO_MEMORY;
        pending_t *p = realloc(ed->pending, (ed->n_pending + 1) * sizeof *p);
        if (!p) {
            galley_flow_fini(&c.flow);
            return GALLEY_STATUS_NO_MEMORY;
        }
        ed->pending = p;
        ed->pending[ed->n_pending++] =
            (pending_t){c, cursor, (int)page_index + 1, (size_t)(rep - ed->result->placed)};
        rep->jump_page = pl->jump;
        return st;
    }
    if (!st && cursor < c.flow.n) {
        count_left(&c.flow, cursor, rep);
        st = overset_marker(page, r);
    }
    galley_flow_fini(&c.flow);
    return st;
}

/* Warns that nothing of PL's article jumped to its continuation slot, saying
 * why: it fitted its first slot, its first slot could not hold its headline
 * (so all of it is overset there), or it was not placed on an earlier page. */
static void jump_nothing(edition_t *ed, const galley_placement_t *pl)
{
    const galley_edition_article_t *first = NULL;
    for (size_t i = 0; i < ed->result->n_placed && !first; i++)
        if (ed->result->placed[i].placement != pl &&
            !strcmp(ed->result->placed[i].placement->article, pl->article))
            first = &ed->result->placed[i];
    if (!first)
        galley_diags_warn(ed->diags, ed->e->path, 0, 0, pl->field,
                          "nothing of %s jumped here: it is not placed on an earlier page",
                          pl->article);
    else if (first->overset_lines > 0 && first->lines == 0)
        galley_diags_warn(ed->diags, ed->e->path, 0, 0, pl->field,
                          "nothing of %s jumped here: its slot on page %d cannot hold its "
                          "headline and a line of text, so all of it is overset there",
                          pl->article, first->page);
    else if (first->overset_lines > 0)
        galley_diags_warn(ed->diags, ed->e->path, 0, 0, pl->field,
                          "nothing of %s jumped here: it is overset on page %d (its slot there "
                          "has no jump)",
                          pl->article, first->page);
    else
        galley_diags_warn(ed->diags, ed->e->path, 0, 0, pl->field,
                          "nothing of %s jumped here: the article fitted its slot on page %d",
                          pl->article, first->page);
}

/* Sets the rest of an article that jumped here into its continuation slot. */
static galley_status_t place_continuation(edition_t *ed, galley_page_t *page,
                                          const galley_placement_t *pl, int span, galley_rect_t r,
                                          galley_edition_article_t **ended)
{
    *ended = NULL;
    pending_t *p = NULL;
    for (size_t i = 0; i < ed->n_pending && !p; i++)
        if (!strcmp(ed->pending[i].c.a->path, pl->article))
            p = &ed->pending[i];
    if (!p) { /* nothing is pending: the slot stays empty */
        jump_nothing(ed, pl);
        return GALLEY_STATUS_SUCCESS;
    }
    galley_composer_t *c = &p->c;
    const char *from = galley_document_strdup(ed->doc, "Continued from page %d", p->from_page);
    if (!from)
        return GALLEY_STATUS_NO_MEMORY;
    double y = r.y;
    size_t band_start = page->n_boxes;
    galley_text_t t = galley_plain_text(from);
    galley_status_t st = galley_composer_band_text(c, page, &t, GALLEY_STYLE_NOTE, c->a->main.lang,
                                                   r.x, r.width, &y, "jump");
    if (!st) /* the jump headline: the headline again, smaller */
        st = galley_composer_band_text(c, page, &c->a->main.headline, GALLEY_STYLE_DECK,
                                       c->a->main.lang, r.x, r.width, &y, "headline");
    size_t boxes = page->n_boxes;
    if (!st && y + c->l->grid * 1.5 > r.y + r.height) { /* no room: all of it is overset */
        page->n_boxes = band_start;
        count_left(&c->flow, p->cursor, &ed->result->placed[p->report]);
        p->cursor = c->flow.n;
        return overset_marker(page, r);
    }
    if (!st)
        st = slot_flow(c, page, r, span, y + c->l->grid * 0.5, y + c->l->grid * 0.5, span,
                       r.y + r.height, &p->cursor);
    galley_edition_article_t *rep = &ed->result->placed[p->report];
    rep->lines += lines_since(page, boxes);
    if (!st && p->cursor < c->flow.n) {
        count_left(&c->flow, p->cursor, rep);
        st = overset_marker(page, r);
    }
    p->cursor = c->flow.n;
    *ended = rep;
    return st;
}

/* Notes in REP when the article, ended in slot R of PAGE with the boxes from
 * FIRST on, leaves UNDERSET_LINES or more of the slot empty: a hole in the
 * page the editor fills with more text or a smaller slot. */
static void note_underset(edition_t *ed, const galley_page_t *page, size_t first, galley_rect_t r,
                          galley_edition_article_t *rep)
{
    int lines = slot_empty_lines(ed->l, page, first, r);
    if (lines < UNDERSET_LINES || rep->overset_lines)
        return;
    rep->underset_lines = lines;
    rep->underset_page = page->number;
}

/* Hairlines between slots: above a slot that does not start the grid, and in
 * the gutter left of one that does not start the page. */
static galley_status_t slot_rules(edition_t *ed, galley_page_t *page, galley_rect_t r,
                                  const galley_placement_t *pl)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    double gap = ed->l->grid;
    if (pl->slot.row > 0)
        st = add_rule(page, (galley_rect_t){r.x, r.y - gap / 2 - 0.25, r.width, 0.5}, RULE_RGB,
                      "rule", pl->field);
    if (!st && pl->slot.column > 0)
        st = add_rule(page, (galley_rect_t){r.x - ed->l->gutter / 2 - 0.25, r.y, 0.5, r.height},
                      RULE_RGB, "rule", pl->field);
    return st;
}

/* A placement and its place in the edition's order. */
typedef struct {
    const galley_placement_t *pl;
    size_t order;
} ordered_t;

/* Orders placements by article path, then by their place in the edition. */
static int cmp_by_path(const void *a, const void *b)
{
    const ordered_t *x = a, *y = b;
    int c = strcmp(x->pl->article, y->pl->article);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Orders placements by their place in the edition. */
static int cmp_by_order(const void *a, const void *b)
{
    const ordered_t *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

/* Orders loaded articles by path. */
static int cmp_article(const void *a, const void *b)
{
    return strcmp((*(const galley_article_t *const *)a)->path,
                  (*(const galley_article_t *const *)b)->path);
}

/* The loaded article a placement names (load_articles loaded each once),
 * found in ED->by_path; NULL when it failed to load. */
static const galley_article_t *find_article(const edition_t *ed, const galley_placement_t *pl)
{
    size_t lo = 0, hi = ed->result->n_articles;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ed->by_path[mid]->path, pl->article);
        if (!c)
            return ed->by_path[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Each article's first placement (continuations aside), in the edition's
 * order: *N of them, newly allocated in *OUT. O(n log n) in placements. */
static galley_status_t first_placements(const galley_edition_t *e, ordered_t **out, size_t *n)
{
    size_t total = 0, k = 0, u = 0;
    for (size_t p = 0; p < e->n_pages; p++)
        total += e->pages[p].n_articles;
    ordered_t *v = malloc((total + 1) * sizeof *v);
    if (!v)
        return GALLEY_STATUS_NO_MEMORY;
    for (size_t p = 0; p < e->n_pages; p++)
        for (size_t i = 0; i < e->pages[p].n_articles; i++, k++)
            v[k] = (ordered_t){&e->pages[p].articles[i], k};
    qsort(v, k, sizeof *v, cmp_by_path);
    for (size_t i = 0; i < k; i++) /* the first placement of each path that is not a "continue" */
        if (!v[i].pl->is_continuation && (!u || strcmp(v[u - 1].pl->article, v[i].pl->article)))
            v[u++] = v[i];
    qsort(v, u, sizeof *v, cmp_by_order);
    *out = v;
    *n = u;
    return GALLEY_STATUS_SUCCESS;
}

/* Loads every article the edition places, each file once however often it
 * is placed, before a page is composed (a stage that only loads); the result
 * keeps them (boxes borrow their strings and photos until the document is
 * written) and ED->by_path indexes them. Every article's errors are reported;
 * the first error is returned. */
static galley_status_t load_articles(edition_t *ed)
{
    ordered_t *firsts = NULL;
    size_t n = 0;
    galley_status_t first = first_placements(ed->e, &firsts, &n);
    galley_edition_result_t *res = ed->result;
    if (!first && !(res->articles = calloc(n + 1, sizeof *res->articles)))
        first = GALLEY_STATUS_NO_MEMORY;
    for (size_t i = 0; res->articles && i < n && first != GALLEY_STATUS_NO_MEMORY; i++) {
        galley_article_t *a = NULL;
        galley_status_t st =
            galley_article_load_inside(firsts[i].pl->article, ed->opt, ed->checks, &a, ed->diags);
        if (!st)
            res->articles[res->n_articles++] = a;
        first = first ? first : st;
    }
    free(firsts);
    if (!first && !(ed->by_path = malloc((res->n_articles + 1) * sizeof *ed->by_path)))
        first = GALLEY_STATUS_NO_MEMORY;
    if (!first) {
        memcpy(ed->by_path, res->articles, res->n_articles * sizeof *ed->by_path);
        qsort(ed->by_path, res->n_articles, sizeof *ed->by_path, cmp_article);
    }
    return first;
}

/* A report entry for placement PL on page NUMBER. */
static galley_edition_article_t *report_add(edition_t *ed, int number, const galley_placement_t *pl)
{
    galley_edition_result_t *res = ed->result;
    galley_edition_article_t *v = realloc(res->placed, (res->n_placed + 1) * sizeof *v);
    if (!v)
        return NULL;
    res->placed = v;
    galley_edition_article_t *r = &v[res->n_placed++];
    memset(r, 0, sizeof *r);
    r->page = number;
    r->placement = pl;
    return r;
}

/* Sets one page: furniture, then each article in its slot (or filled down
 * the page in order). */
static galley_status_t edition_page(edition_t *ed, size_t index)
{
    const galley_edition_page_t *ep = &ed->e->pages[index];
    galley_page_t *page;
    galley_status_t st = galley_composer_page_start(&ed->furniture, (int)index + 1, &page);
    if (st)
        return st;
    galley_rect_t content = galley_frame_content(ed->l, page->number);
    double top = content.y, bottom = content.y + content.height;
    st = ep->nameplate ? nameplate(ed, page, &top) : running_head(ed, page, ep, &top);
    top = galley_grid_snap(page->grid_origin, page->grid_pitch, top);
    for (size_t i = 0; !st && i < ep->n_articles; i++) {
        page = &ed->doc->pages[index];
        const galley_placement_t *pl = &ep->articles[i];
        galley_slot_t slot =
            ep->fill ? (galley_slot_t){0, ed->l->columns, 0, ed->e->rows} : pl->slot;
        if (!ep->fill && slot.column + slot.span > ed->l->columns)
            return galley_diags_error(ed->diags, GALLEY_STATUS_INPUT_ERROR, ed->e->path, 0, 0,
                                      pl->field, "columns %d to %d run past the layout's %d",
                                      slot.column + 1, slot.column + slot.span, ed->l->columns);
        galley_rect_t r = slot_rect(ed, page->number, slot, top, bottom);
        if (ep->fill) /* filled down the page: from below the last article to the foot */
            r = galley_frame_columns(ed->l, content, 0, ed->l->columns, top, bottom);
        size_t first_box = page->n_boxes;
        galley_edition_article_t *rep = NULL; /* the article, when it ends in this slot */
        if (pl->is_continuation) {
            st = place_continuation(ed, page, pl, slot.span, r, &rep);
        } else {
            const galley_article_t *a = NULL;
            size_t at = ed->result->n_placed;
            rep = report_add(ed, page->number, pl);
            a = find_article(ed, pl);
            st = rep && a ? place_article(ed, index, page, pl, slot.span, a, r, rep)
                          : GALLEY_STATUS_NO_MEMORY;
            rep = !st && !ed->result->placed[at].jump_page ? &ed->result->placed[at] : NULL;
        }
        page = &ed->doc->pages[index];
        if (!st && rep && !ep->fill)
            note_underset(ed, page, first_box, r, rep);
        for (size_t b = first_box; b < page->n_boxes; b++) /* whose boxes these are */
            page->boxes[b].article = pl->article;
        if (!st && !ep->fill)
            st = slot_rules(ed, page, r, pl);
        if (!st && ep->fill && page->n_boxes) { /* the next starts below this one */
            double used = top;
            for (size_t b = 0; b < page->n_boxes; b++)
                if (page->boxes[b].rect.y >= top - 1e-6)
                    used = fmax(used, page->boxes[b].rect.y + page->boxes[b].rect.height);
            top = galley_grid_snap(page->grid_origin, page->grid_pitch, used + ed->l->grid);
            if (i + 1 < ep->n_articles && top < bottom)
                st = add_rule(
                    page,
                    (galley_rect_t){content.x, top - ed->l->grid / 2 - 0.25, content.width, 0.5},
                    RULE_RGB, "rule", pl->field);
        }
    }
    if (!st)
        st = folio(ed, &ed->doc->pages[index], ep);
    return st;
}

galley_status_t galley_compose_edition(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                                       galley_photo_checks_t *checks,
                                       const galley_edition_t *edition,
                                       const galley_layout_t *layout,
                                       const galley_render_options_t *opt,
                                       const galley_edition_options_t *eopt, galley_document_t *doc,
                                       galley_edition_result_t *result, galley_diags_t *diags)
{
    galley_document_begin(doc, layout, edition->path, edition->year, edition->month, edition->day);
    edition_t ed = {fonts,  hyphen, checks, edition, layout, opt, doc, diags,
                    result, {0},    NULL,   0,       NULL,   {0}, {0}};
    galley_article_t blank = {0};
    blank.path = edition->path;
    blank.positions = edition->positions;
    blank.main.lang = "en";
    galley_composer_flow_bound(&ed.room, layout,
                               opt && opt->limits.max_pages > 0 ? opt->limits.max_pages
                                                                : GALLEY_DEFAULT_MAX_PAGES);
    ed.furniture = composer_for(&ed, &blank);
    galley_format_date(edition->year, edition->month, edition->day, "en", ed.date, sizeof ed.date);
    doc->title = edition->paper;
    doc->keywords = "edition";
    doc->lang = "en";
    /* Every page's room at once: a page never moves once set, so it can be
     * drawn (galley.c, -j) while the next ones are. */
    doc->pages = calloc(edition->n_pages ? edition->n_pages : 1, sizeof *doc->pages);
    if (!doc->pages)
        return GALLEY_STATUS_NO_MEMORY;
    doc->cap_pages = edition->n_pages ? edition->n_pages : 1;
    galley_status_t st = load_articles(&ed);
    for (size_t i = 0; !st && i < edition->n_pages; i++) {
        st = edition_page(&ed, i);
        if (eopt && eopt->progress)
            eopt->progress((int)i + 1, (int)edition->n_pages, eopt->progress_data);
    }
    for (size_t i = 0; i < ed.n_pending; i++) {
        pending_t *p = &ed.pending[i];
        if (!st && p->cursor < p->c.flow.n) /* its continuation was never reached */
            count_left(&p->c.flow, p->cursor, &result->placed[p->report]);
        galley_flow_fini(&p->c.flow);
    }
    free(ed.pending);
    free(ed.by_path);
    for (size_t i = 0; !st && i < result->n_placed; i++) {
        const galley_edition_article_t *r = &result->placed[i];
        if (r->overset_lines)
            galley_diags_warn(diags, edition->path, 0, 0, r->placement->field,
                              "%s is overset on page %d: %d lines, %d words do not fit its slot",
                              r->placement->article, r->page, r->overset_lines, r->overset_words);
        if (r->underset_lines)
            galley_diags_warn(diags, edition->path, 0, 0, r->placement->field,
                              "%s is underset on page %d: %d lines of its slot stay empty "
                              "(give it fewer rows, or more text)",
                              r->placement->article, r->underset_page, r->underset_lines);
    }
    return st;
}

void galley_edition_result_fini(galley_edition_result_t *result)
{
    for (size_t i = 0; i < result->n_articles; i++)
        galley_article_destroy(result->articles[i]);
    free(result->articles);
    free(result->placed);
    memset(result, 0, sizeof *result);
}
