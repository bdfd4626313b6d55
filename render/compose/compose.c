/* compose.c: an article and a layout to pages of boxes.
 *
 * Page one carries the top band (kicker, headline across all columns, deck,
 * rule), the photo block at the top right and the flow below; later pages
 * carry the flow in full columns. Every page gets a folio. All text is set
 * through typeset.c; all flowing through flow.c.
 */
#include "composer.h"
#include "frame.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double RULE_COLOR[3] = {0.1, 0.1, 0.1};

/* A text of the model made from a plain string (no spans). */
galley_text_t galley_plain_text(const char *s)
{
    return (galley_text_t){(char *)s, s ? strlen(s) : 0, NULL, 0};
}

static const galley_style_t *style(const galley_composer_t *c, galley_style_id_t id)
{
    return c->override[id] ? c->override[id] : &c->l->styles[id];
}

/* Records in c->diags the records of FROM (made without a file: typesetting
 * knows only the field), each at its field's line and column in the article
 * file (or the edition file, for an edition's own furniture). */
static void diags_place(galley_composer_t *c, const galley_diags_t *from)
{
    const char *file = c->a ? c->a->path : NULL;
    for (size_t i = 0; i < from->count; i++) {
        const galley_diag_t *d = &from->items[i];
        int line = d->line, col = d->column;
        if (!d->file && !line)
            galley_article_field_position(c->a, d->field, &c->doc->source_lookups, &line, &col);
        const char *f = d->file ? d->file : file;
        if (d->severity == GALLEY_SEVERITY_WARNING)
            galley_diags_warn(c->diags, f, line, col, d->field, "%s", d->message);
        else
            galley_diags_error(c->diags, from->status ? from->status : GALLEY_STATUS_INPUT_ERROR, f,
                               line, col, d->field, "%s", d->message);
    }
}

/* Records a warning about element FIELD at its place in the article file. */
void galley_composer_warn(galley_composer_t *c, const char *field, const char *fmt, ...)
{
    int line = 0, col = 0;
    const char *file = c->a ? c->a->path : NULL;
    galley_article_field_position(c->a, field, &c->doc->source_lookups, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    galley_diags_vwarn(c->diags, file, line, col, field, fmt, ap);
    va_end(ap);
}

/* Typesets T in style SID at MEASURE; the document keeps the lines. Its
 * messages stand at the element's place in the article file. */
galley_status_t galley_composer_set_text(galley_composer_t *c, const galley_text_t *t,
                                         galley_style_id_t sid, const char *lang, double measure,
                                         double indent, const char *field, galley_lines_t **out)
{
    *out = NULL;
    galley_lines_t *lines = calloc(1, sizeof *lines);
    if (!lines)
        return GALLEY_STATUS_NO_MEMORY;
    galley_setting_t s = {t, style(c, sid), lang, measure, indent, field};
    galley_diags_t here;
    galley_diags_init(&here);
    galley_status_t st = galley_typeset(c->fonts, c->hyphen, &s, lines, &here);
    diags_place(c, &here);
    galley_diags_fini(&here);
    if (!st)
        st = galley_document_keep_lines(c->doc, lines);
    if (st) {
        galley_lines_fini(lines);
        free(lines);
        return st;
    }
    *out = lines;
    return GALLEY_STATUS_SUCCESS;
}

/* The share of a line's leading above its baseline. */
double galley_line_above(const galley_line_t *line)
{
    double h = line->ascent + line->descent;
    return h > 0 ? line->leading * line->ascent / h : line->leading * 0.8;
}

/* The error of an article that needs more than c->max_pages pages. */
static galley_status_t pages_over(galley_composer_t *c)
{
    return galley_diags_error(c->diags, GALLEY_STATUS_LIMIT_ERROR, c->a->path, 0, 0, NULL,
                              "the article needs more than %d page%s (the page limit; "
                              "--max-pages raises it)",
                              c->max_pages, c->max_pages == 1 ? "" : "s");
}

/* The error of a flow past its room (see flow_grow). */
static galley_status_t room_over(galley_composer_t *c)
{
    const galley_flow_t *f = &c->flow;
    int n = f->room_pages;
    if (f->room_shared)
        return galley_diags_error(c->diags, GALLEY_STATUS_LIMIT_ERROR, c->a->path, 0, 0, NULL,
                                  "the edition's articles together hold more text than %d "
                                  "page%s could (the page limit, reached while setting this "
                                  "one; --max-pages raises it)",
                                  n, n == 1 ? "" : "s");
    if (f->height > f->room)
        return galley_diags_error(c->diags, GALLEY_STATUS_LIMIT_ERROR, c->a->path, 0, 0, NULL,
                                  "the article needs more than %d page%s (the page limit; "
                                  "--max-pages raises it)",
                                  n, n == 1 ? "" : "s");
    return galley_diags_error(c->diags, GALLEY_STATUS_LIMIT_ERROR, c->a->path, 0, 0, NULL,
                              "the article needs more than %zu lines, the page limit's worth "
                              "(%d page%s of %d lines; --max-pages raises it)",
                              f->room_lines, n, n == 1 ? "" : "s", GALLEY_PAGE_LINES);
}

/* Counts an item of HEIGHT into the flow: past what the page limit's full
 * columns could hold, or past GALLEY_PAGE_LINES lines a page of the limit,
 * the article cannot fit, so setting stops there and an over-long article is
 * refused after setting about max_pages pages of text, not all of it. In an
 * edition the room is what its articles have left together (every placement
 * sets its article again), so an edition's time and memory follow the limit
 * too. */
static galley_status_t flow_grow(galley_composer_t *c, double height)
{
    c->flow.height += height;
    if (c->flow.room <= 0)
        return GALLEY_STATUS_SUCCESS;
    if (c->flow.height > c->flow.room || c->flow.n > c->flow.room_lines)
        return room_over(c);
    return GALLEY_STATUS_SUCCESS;
}

/* Appends the lines of T to the flow, in style SID. */
galley_status_t galley_composer_flow_text(galley_composer_t *c, const galley_text_t *t,
                                          galley_style_id_t sid, const char *lang, double indent,
                                          const char *element, int keep)
{
    if (galley_text_is_empty(t))
        return GALLEY_STATUS_SUCCESS;
    galley_lines_t *lines;
    galley_status_t st =
        galley_composer_set_text(c, t, sid, lang, c->colw, indent, element, &lines);
    for (size_t i = 0; !st && i < lines->n_lines; i++) {
        const galley_line_t *ln = &lines->lines[i];
        galley_flow_item_t it = {GALLEY_FLOW_LINE,
                                 ln,
                                 galley_style_name(sid),
                                 element,
                                 lang,
                                 ln->leading,
                                 galley_line_above(ln),
                                 i == 0 ? style(c, sid)->space_before + c->pending : 0,
                                 sid == GALLEY_STYLE_BODY,
                                 i == 0 ? keep : 0,
                                 {0, 0, 0},
                                 c->url};
        /* No orphan (a first line alone at a column's foot) and no widow (a
         * last line alone at its head): those lines keep with the next; in a
         * style that keeps its lines, every line does. */
        int held = style(c, sid)->keep_lines || i == 0 || i + 2 == lines->n_lines;
        if (held && i + 1 < lines->n_lines && it.keep < 1)
            it.keep = 1;
        st = galley_flow_append(&c->flow, &it);
        if (!st)
            st = flow_grow(c, it.height);
    }
    c->pending = style(c, sid)->space_after;
    return st;
}

/* Appends a rule across the column. */
galley_status_t galley_composer_flow_rule(galley_composer_t *c, const char *element,
                                          double thickness, double space_before)
{
    galley_flow_item_t it = {GALLEY_FLOW_RULE,          NULL, "rule", element,   NULL, thickness, 0,
                             space_before + c->pending, 0,    1,      {0, 0, 0}, NULL};
    c->pending = 0;
    memcpy(it.color, RULE_COLOR, sizeof it.color);
    galley_status_t st = galley_flow_append(&c->flow, &it);
    return st ? st : flow_grow(c, thickness);
}

/* The lowest a band starting at Y may reach on PAGE: the foot of the type
 * area, or the trim for a band that starts below it (the folio). */
static double band_bottom(const galley_composer_t *c, const galley_page_t *page, double y)
{
    galley_rect_t content = galley_frame_content(c->l, page->number);
    double foot = content.y + content.height;
    return y < foot - 1e-6 ? foot : page->height;
}

/* Words in the lines of LS from FIRST on. */
static size_t words_from(const galley_lines_t *ls, size_t first)
{
    size_t words = 0;
    for (size_t i = first; i < ls->n_lines; i++) {
        const char *t = ls->lines[i].text;
        for (int in = 0; t && *t; t++) {
            int space = *t == ' ' || *t == '\n' || *t == '\t';
            words += !space && !in;
            in = !space;
        }
    }
    return words;
}

/* Reports the lines of LS from PLACED on, which did not fit on PAGE: text is
 * never lost silently, it is overset by name. */
static void band_overset(galley_composer_t *c, const galley_page_t *page, const galley_lines_t *ls,
                         size_t placed, const char *element)
{
    size_t lines = ls->n_lines - placed, words = words_from(ls, placed);
    galley_composer_warn(
        c, element,
        "overset: %zu of its %zu line%s (%zu word%s) do not fit on page %d and are not "
        "printed; shorten it or use a larger page or smaller type",
        lines, ls->n_lines, ls->n_lines == 1 ? "" : "s", words, words == 1 ? "" : "s",
        page->number);
}

/* Places the lines of LS[0] and LS[1] (either may be NULL) onto PAGE from *Y
 * down across [X, X+WIDTH]: line i of the first, then line i of the second,
 * so a translation reads under its original (interlinear). One frame holds
 * them all. */
static galley_status_t band_lines(galley_composer_t *c, galley_page_t *page,
                                  const galley_lines_t *const ls[2], const char *const langs[2],
                                  const char *const els[2], galley_style_id_t sid, double x,
                                  double width, double *y)
{
    size_t n = 0;
    double top = *y + style(c, sid)->space_before;
    galley_rect_t frame = {x, top, width, 0};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; ls[k] && i < ls[k]->n_lines; i++) {
            frame.height += ls[k]->lines[i].leading;
            n = i + 1 > n ? i + 1 : n;
        }
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    double bottom = band_bottom(c, page, *y);
    if (frame.y + frame.height > bottom)
        frame.height = fmax(0, bottom - frame.y);
    size_t placed[2] = {0, 0};
    for (size_t i = 0; !st && i < n; i++)
        for (int k = 0; !st && k < 2; k++) {
            if (!ls[k] || i >= ls[k]->n_lines)
                continue;
            const galley_line_t *ln = &ls[k]->lines[i];
            if (top + ln->leading > bottom + 1e-6)
                continue; /* below the foot of the page: overset */
            placed[k]++;
            galley_box_t b = {0};
            b.kind = GALLEY_BOX_LINE;
            b.role = galley_style_name(sid);
            b.element = els[k];
            b.lang = langs[k];
            b.line = ln;
            b.frame = frame;
            b.rect = (galley_rect_t){x + ln->x, top, ln->width, ln->leading};
            b.baseline = top + galley_line_above(ln);
            b.origin_x = x + ln->x;
            st = galley_page_add_box(page, &b);
            top += ln->leading;
        }
    for (int k = 0; k < 2; k++)
        if (ls[k] && placed[k] < ls[k]->n_lines)
            band_overset(c, page, ls[k], placed[k], els[k]);
    if (n > 0)
        *y = fmin(top + style(c, sid)->space_after, fmax(bottom, *y));
    return st;
}

galley_status_t galley_composer_band_interlinear(galley_composer_t *c, galley_page_t *page,
                                                 const galley_text_t *a, const galley_text_t *b,
                                                 const char *lang_a, const char *lang_b,
                                                 galley_style_id_t sid, double x, double width,
                                                 double *y, const char *el_a, const char *el_b)
{
    galley_lines_t *ls[2] = {NULL, NULL};
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (!galley_text_is_empty(a))
        st = galley_composer_set_text(c, a, sid, lang_a, width, 0, el_a, &ls[0]);
    if (!st && b && !galley_text_is_empty(b))
        st = galley_composer_set_text(c, b, sid, lang_b, width, 0, el_b, &ls[1]);
    const galley_lines_t *const cls[2] = {ls[0], ls[1]};
    const char *const langs[2] = {lang_a, lang_b}, *const els[2] = {el_a, el_b};
    return st ? st : band_lines(c, page, cls, langs, els, sid, x, width, y);
}

galley_status_t galley_composer_band_text(galley_composer_t *c, galley_page_t *page,
                                          const galley_text_t *t, galley_style_id_t sid,
                                          const char *lang, double x, double width, double *y,
                                          const char *element)
{
    return galley_composer_band_interlinear(c, page, t, NULL, lang, NULL, sid, x, width, y, element,
                                            NULL);
}

/* Places a rule of THICKNESS across [X, X+WIDTH] at *Y. */
galley_status_t galley_composer_band_rule(galley_page_t *page, double x, double width, double *y,
                                          double thickness, const char *element)
{
    galley_box_t b = {0};
    b.kind = GALLEY_BOX_RULE;
    b.role = "rule";
    b.element = element;
    b.rect = (galley_rect_t){x, *y, width, thickness};
    b.frame = b.rect;
    memcpy(b.color, RULE_COLOR, sizeof b.color);
    *y += thickness;
    return galley_page_add_box(page, &b);
}

/* Starts page NUMBER: size, grid and columns. */
galley_status_t galley_composer_page_start(galley_composer_t *c, int number, galley_page_t **out)
{
    galley_document_t *doc = c->doc;
    if (number > c->max_pages)
        return pages_over(c);
    if (doc->n_pages == doc->cap_pages) {
        size_t cap = doc->cap_pages ? doc->cap_pages * 2 : 4;
        galley_page_t *pages = realloc(doc->pages, cap * sizeof *pages);
        if (!pages)
            return GALLEY_STATUS_NO_MEMORY;
        doc->pages = pages;
        doc->cap_pages = cap;
    }
    galley_page_t *p = &doc->pages[doc->n_pages++];
    memset(p, 0, sizeof *p);
    p->number = number;
    p->width = c->l->page_width;
    p->height = c->l->page_height;
    p->bleed = c->l->bleed;
    galley_rect_t content = galley_frame_content(c->l, number);
    p->grid_origin = content.y;
    p->grid_pitch = c->l->grid;
    p->columns = calloc((size_t)c->l->columns, sizeof *p->columns);
    if (!p->columns)
        return GALLEY_STATUS_NO_MEMORY;
    p->n_columns = c->l->columns;
    for (int i = 0; i < c->l->columns; i++)
        p->columns[i] =
            galley_frame_columns(c->l, content, i, 1, content.y, content.y + content.height);
    *out = p;
    return GALLEY_STATUS_SUCCESS;
}

static const char *const MONTHS[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
static const char *const DAYS_EN[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
static const char *const DAYS_KO[] = {"일요일", "월요일", "화요일", "수요일",
                                      "목요일", "금요일", "토요일"};

/* Day of the week, 0 = Sunday (Sakamoto's method). */
static int weekday(int y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y -= 1;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* The article's date as the folio prints it, in the article's language. */
static void folio_date(const galley_article_t *a, char *buf, size_t n)
{
    galley_format_date(a->year, a->month, a->day, a->main.lang, buf, n);
}

void galley_format_date(int year, int month, int day, const char *lang, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!year || month < 1 || month > 12 || day < 1)
        return;
    int wd = weekday(year, month, day);
    if (lang && strncmp(lang, "ko", 2) == 0)
        snprintf(buf, n, "%d년 %d월 %d일 %s", year, month, day, DAYS_KO[wd]);
    else
        snprintf(buf, n, "%s, %s %d, %d", DAYS_EN[wd], MONTHS[month - 1], day, year);
}

galley_status_t galley_composer_folio(galley_composer_t *c, galley_page_t *page, const char *date,
                                      const char *section, const char *lang)
{
    galley_rect_t content = galley_frame_content(c->l, page->number);
    galley_rect_t band = galley_frame_folio(c->l, content);
    /* Built whole, never in a fixed buffer: a cut UTF-8 character made Pango
     * abort (issue 15, item 2). A section too long for the folio's one line
     * is for the overset check to report, not for this function to cut. */
    const char *buf =
        galley_document_strdup(c->doc, "%d%s%s%s%s", page->number, *date ? "   |   " : "", date,
                               *section ? "   |   " : "", section);
    if (!buf)
        return GALLEY_STATUS_NO_MEMORY;
    double y = band.y - 2.5;
    galley_status_t st =
        galley_composer_band_rule(page, content.x, content.width, &y, 0.3, "folio");
    y = band.y;
    galley_text_t t = galley_plain_text(buf);
    if (!st)
        st = galley_composer_band_text(c, page, &t, GALLEY_STYLE_FOLIO, lang, content.x,
                                       content.width, &y, "folio");
    return st;
}

/* The folio of an article's page: its date and section. */
galley_status_t galley_composer_page_folio(galley_composer_t *c, galley_page_t *page)
{
    char date[96];
    folio_date(c->a, date, sizeof date);
    const char *section = c->a->main.section.text ? c->a->main.section.text : "";
    return galley_composer_folio(c, page, date, section, c->a->main.lang);
}

/* Kicker, headline, deck and a rule across the top of page one; *Y ends below. */
static galley_status_t page_top_band(galley_composer_t *c, galley_page_t *page, double *y)
{
    const galley_article_text_t *m = &c->a->main;
    galley_rect_t content = galley_frame_content(c->l, 1);
    galley_rect_t deck = galley_frame_columns(c->l, content, 0, c->l->deck_columns, 0, 0);
    const galley_text_t *kicker = galley_text_is_empty(&m->kicker) ? &m->section : &m->kicker;
    const char *kicker_el = kicker == &m->kicker ? "kicker" : "section";
    galley_status_t st = galley_composer_band_text(c, page, kicker, GALLEY_STYLE_KICKER, m->lang,
                                                   content.x, content.width, y, kicker_el);
    if (!st)
        st = galley_composer_band_text(c, page, &m->headline, GALLEY_STYLE_HEADLINE, m->lang,
                                       content.x, content.width, y, "headline");
    if (!st)
        st = galley_composer_band_text(c, page, &m->deck, GALLEY_STYLE_DECK, m->lang, deck.x,
                                       deck.width, y, "deck");
    *y += c->l->grid * 0.5;
    if (!st)
        st = galley_composer_band_rule(page, content.x, content.width, y, 0.75, "headline");
    *y += c->l->grid * 0.5;
    return st;
}

/* Height of the lead photo: its own proportions across WIDTH (3:2 for a
 * placeholder), no taller than the layout allows. */
double galley_composer_photo_height(const galley_composer_t *c, const galley_photo_t *ph,
                                    double width, double area)
{
    double h = ph->image ? width * ph->image->height / fmax(1, ph->image->width) : width / 1.5;
    return fmin(h, c->l->photo_max_height * area);
}

/* Warns when the photo, scaled to cover R, prints below the layout's
 * resolution: the pixels per inch it gets on paper. */
static void photo_check_resolution(galley_composer_t *c, const galley_photo_t *ph, galley_rect_t r)
{
    if (!ph->image)
        return;
    double scale = fmax(r.width / ph->image->width, r.height / ph->image->height);
    double ppi = 72.0 / scale;
    if (ppi < c->l->min_ppi)
        galley_diags_warn(c->diags, ph->path, 0, 0, ph->field,
                          "the photo prints at %.0f ppi, under the layout's %.0f ppi "
                          "(%d x %d pixels across %.0f x %.0f mm)",
                          ppi, c->l->min_ppi, ph->image->width, ph->image->height,
                          r.width * 25.4 / 72, r.height * 25.4 / 72);
}

galley_status_t galley_composer_photo_box(galley_composer_t *c, galley_page_t *page,
                                          const galley_photo_t *ph, galley_rect_t r)
{
    galley_box_t b = {0};
    b.kind = GALLEY_BOX_IMAGE;
    b.role = "photo";
    b.element = ph->field;
    b.rect = r;
    b.frame = r;
    b.image = ph->image;
    b.alt = ph->alt;
    b.focus_x = ph->has_focus ? ph->focus_x : 0.5;
    b.focus_y = ph->has_focus ? ph->focus_y : 0.5;
    photo_check_resolution(c, ph, r);
    return galley_page_add_box(page, &b);
}

galley_status_t galley_composer_photo_block(galley_composer_t *c, galley_page_t *page,
                                            galley_rect_t r, double *bottom)
{
    const galley_article_t *a = c->a;
    const galley_photo_t *ph = &a->photos[0];
    galley_status_t st = galley_composer_photo_box(c, page, ph, r);
    double y = r.y + r.height + 2;
    const char *cred = galley_document_strdup(c->doc, "%s.credit", ph->field);
    const char *capt = galley_document_strdup(c->doc, "%s.caption", ph->field);
    if (!cred || !capt)
        return GALLEY_STATUS_NO_MEMORY;
    if (!st)
        st = galley_composer_band_text(c, page, &a->main.credits[0], GALLEY_STYLE_CREDIT,
                                       a->main.lang, r.x, r.width, &y, cred);
    if (!st)
        st = galley_composer_band_text(c, page, &a->main.captions[0], GALLEY_STYLE_CAPTION,
                                       a->main.lang, r.x, r.width, &y, capt);
    for (size_t i = 0; !st && i < a->n_translations; i++) {
        const galley_article_text_t *tr = &a->translations[i];
        const char *el = galley_document_strdup(c->doc, "%sphotos[0].caption", tr->field_prefix);
        const char *cel = galley_document_strdup(c->doc, "%sphotos[0].credit", tr->field_prefix);
        if (!el || !cel)
            return GALLEY_STATUS_NO_MEMORY;
        st = galley_composer_band_text(c, page, &tr->captions[0], GALLEY_STYLE_CAPTION, tr->lang,
                                       r.x, r.width, &y, el);
        if (!st)
            st = galley_composer_band_text(c, page, &tr->credits[0], GALLEY_STYLE_CREDIT, tr->lang,
                                           r.x, r.width, &y, cel);
    }
    *bottom = y;
    return st;
}

/* The photo block at the top right of page one; *BOTTOM gets the y below it. */
static galley_status_t page_photo(galley_composer_t *c, galley_page_t *page, double top,
                                  double *bottom)
{
    galley_rect_t content = galley_frame_content(c->l, 1);
    int first = c->l->columns - c->l->photo_columns;
    galley_rect_t r = galley_frame_columns(c->l, content, first, c->l->photo_columns, top, top);
    r.height = galley_composer_photo_height(c, &c->a->photos[0], r.width,
                                            content.y + content.height - top);
    if (r.height < c->l->grid) { /* the band above took the page */
        galley_composer_warn(
            c, c->a->photos[0].field,
            "overset: the headline and deck leave no room for the photo on page 1; the "
            "photo, its caption and its credit are not printed");
        *bottom = top;
        return GALLEY_STATUS_SUCCESS;
    }
    galley_status_t st = galley_composer_photo_block(c, page, r, bottom);
    *bottom += c->l->grid;
    return st;
}

/* Byline (name, title, e-mail) and dateline at the head of the flow. */
galley_status_t galley_composer_flow_byline(galley_composer_t *c, const galley_article_text_t *t)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    const char *pre = t->field_prefix;
    if (!galley_text_is_empty(&t->byline.name)) {
        /* English: "By NAME", title below; Korean: "NAME TITLE" (이해준 기자). */
        int korean = strncmp(t->lang, "ko", 2) == 0;
        const char *title = t->byline.title;
        const char *el = galley_document_strdup(c->doc, "%sbyline", pre);
        const char *name = korean ? galley_document_strdup(c->doc, "%s%s%s", t->byline.name.text,
                                                           title ? " " : "", title ? title : "")
                                  : galley_document_strdup(c->doc, "By %s", t->byline.name.text);
        if (!el || !name)
            return GALLEY_STATUS_NO_MEMORY;
        galley_text_t nt = galley_plain_text(name);
        st = galley_composer_flow_text(c, &nt, GALLEY_STYLE_BYLINE, t->lang, 0, el, 0);
        galley_text_t tt = galley_plain_text(title), email = galley_plain_text(t->byline.email);
        if (!st && title && !korean)
            st = galley_composer_flow_text(c, &tt, GALLEY_STYLE_CREDIT, t->lang, 0, el, 0);
        c->url =
            t->byline.email ? galley_document_strdup(c->doc, "mailto:%s", t->byline.email) : NULL;
        if (!st && t->byline.email)
            st = galley_composer_flow_text(c, &email, GALLEY_STYLE_CAPTION, t->lang, 0, el, 0);
        c->url = NULL;
    }
    const char *del = galley_document_strdup(c->doc, "%sdateline", pre);
    if (!del)
        return GALLEY_STATUS_NO_MEMORY;
    if (!st)
        st = galley_composer_flow_text(c, &t->dateline, GALLEY_STYLE_DATELINE, t->lang, 0, del, 0);
    return st;
}

/* The body blocks: paragraphs (indented except after a heading), subheads
 * kept with the next two lines, quotes with their attribution. */
static galley_status_t flow_body(galley_composer_t *c, const galley_article_text_t *t)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    int indent = 0;
    for (size_t i = 0; !st && i < t->n_body; i++) {
        const galley_block_t *b = &t->body[i];
        switch (b->kind) {
        case GALLEY_BLOCK_SUBHEAD:
            st = galley_composer_flow_text(c, &b->text, GALLEY_STYLE_SUBHEAD, t->lang, 0, b->field,
                                           2);
            indent = 0;
            break;
        case GALLEY_BLOCK_QUOTE:
            st =
                galley_composer_flow_text(c, &b->text, GALLEY_STYLE_QUOTE, t->lang, 0, b->field, 0);
            if (!st && !galley_text_is_empty(&b->attribution) && c->flow.n &&
                c->flow.items[c->flow.n - 1].keep < 1)
                c->flow.items[c->flow.n - 1].keep = 1; /* the quote keeps its attribution */
            if (!st)
                st = galley_composer_flow_text(c, &b->attribution, GALLEY_STYLE_BYLINE, t->lang, 0,
                                               b->field, 0);
            indent = 0;
            break;
        default:
            st = galley_composer_flow_text(c, &b->text, GALLEY_STYLE_BODY, t->lang,
                                           indent ? style(c, GALLEY_STYLE_BODY)->indent : 0,
                                           b->field, 0);
            indent = 1;
        }
    }
    return st;
}

/* End notes, then the related-article box between two rules. */
galley_status_t galley_composer_flow_tail(galley_composer_t *c, const galley_article_text_t *t)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    const char *pre = t->field_prefix;
    for (size_t i = 0; !st && i < t->n_notes; i++) {
        const char *el = galley_document_strdup(c->doc, "%snotes[%zu]", pre, i);
        st = el ? galley_composer_flow_text(c, &t->notes[i], GALLEY_STYLE_NOTE, t->lang, 0, el, 0)
                : GALLEY_STATUS_NO_MEMORY;
    }
    if (st || t->n_related == 0)
        return st;
    const char *el = galley_document_strdup(c->doc, "%srelated", pre);
    if (!el)
        return GALLEY_STATUS_NO_MEMORY;
    st = galley_composer_flow_rule(c, el, 1.0, c->l->grid);
    int ko = strncmp(t->lang, "ko", 2) == 0;
    galley_text_t label = galley_plain_text(ko ? "관련 기사" : "Related");
    if (!st)
        st = galley_composer_flow_text(c, &label, GALLEY_STYLE_KICKER, t->lang, 0, el, 1);
    for (size_t i = 0; !st && i < t->n_related; i++) {
        c->url = t->related[i].url;
        st = galley_composer_flow_text(c, &t->related[i].headline, GALLEY_STYLE_RELATED, t->lang, 0,
                                       t->related[i].field, 0);
        c->url = NULL;
    }
    if (!st)
        st = galley_composer_flow_rule(c, el, 0.5, c->l->grid * 0.25);
    return st;
}

const char *galley_composer_translation_label(galley_composer_t *c, const galley_article_text_t *t,
                                              galley_text_t *label)
{
    const char *sec = galley_text_is_empty(&t->section) ? NULL : t->section.text;
    const char *kic = galley_text_is_empty(&t->kicker) ? NULL : t->kicker.text;
    const char *text = galley_document_strdup(c->doc, "%s%s%s", sec ? sec : "",
                                              sec && kic ? " · " : "", kic ? kic : "");
    *label = galley_plain_text(text);
    return text
               ? galley_document_strdup(c->doc, "%s%s", t->field_prefix, kic ? "kicker" : "section")
               : NULL;
}

/* A translation after the article: a rule, its kicker, headline, deck, byline,
 * body and tail, all in its own language. */
static galley_status_t flow_translation(galley_composer_t *c, const galley_article_text_t *t)
{
    const char *pre = t->field_prefix;
    const char *el_h = galley_document_strdup(c->doc, "%sheadline", pre);
    const char *el_d = galley_document_strdup(c->doc, "%sdeck", pre);
    galley_text_t label;
    const char *el_l = galley_composer_translation_label(c, t, &label);
    if (!el_h || !el_d || !el_l)
        return GALLEY_STATUS_NO_MEMORY;
    galley_status_t st = galley_composer_flow_rule(c, el_h, 1.0, c->l->grid * 2);
    if (!st)
        st = galley_composer_flow_text(c, &label, GALLEY_STYLE_KICKER, t->lang, 0, el_l, 2);
    if (!st)
        st = galley_composer_flow_text(c, &t->headline, GALLEY_STYLE_SUBHEAD, t->lang, 0, el_h, 2);
    if (!st)
        st = galley_composer_flow_text(c, &t->deck, GALLEY_STYLE_NOTE, t->lang, 0, el_d, 0);
    if (!st)
        st = galley_composer_flow_byline(c, t);
    if (!st)
        st = flow_body(c, t);
    if (!st)
        st = galley_composer_flow_tail(c, t);
    return st;
}

/* The whole flow: byline, body, tail, translations. */
galley_status_t galley_composer_build_flow(galley_composer_t *c)
{
    galley_status_t st = galley_composer_flow_byline(c, &c->a->main);
    if (!st)
        st = flow_body(c, &c->a->main);
    if (!st)
        st = galley_composer_flow_tail(c, &c->a->main);
    for (size_t i = 0; !st && i < c->a->n_translations; i++)
        st = flow_translation(c, &c->a->translations[i]);
    return st;
}

/* Lays out page one: band, photo, frames; places the flow from *CURSOR. */
static galley_status_t compose_first(galley_composer_t *c, size_t *cursor)
{
    galley_page_t *page;
    galley_status_t st = galley_composer_page_start(c, 1, &page);
    if (st)
        return st;
    galley_rect_t content = galley_frame_content(c->l, 1);
    double y = content.y, bottom = content.y + content.height;
    st = page_top_band(c, page, &y);
    if (st)
        return st;
    double body_top = y, photo_bottom = y;
    if (c->a->n_photos > 0)
        st = page_photo(c, page, body_top, &photo_bottom);
    if (st)
        return st;
    galley_rect_t frames[64];
    int n = c->l->columns, text_cols = c->a->n_photos ? n - c->l->photo_columns : n;
    for (int i = 0; i < n && i < 64; i++)
        frames[i] = galley_frame_columns(c->l, content, i, 1,
                                         i < text_cols ? body_top : photo_bottom, bottom);
    galley_frames_t fr = {frames, n, page->grid_origin, page->grid_pitch};
    *cursor = galley_flow_place_balanced(&c->flow, *cursor, &fr, page, &st);
    if (!st)
        st = galley_composer_page_folio(c, page);
    return st;
}

/* Lays out a following page: full columns. */
static galley_status_t compose_next(galley_composer_t *c, int number, size_t *cursor)
{
    galley_page_t *page;
    galley_status_t st = galley_composer_page_start(c, number, &page);
    if (st)
        return st;
    galley_frames_t fr = {page->columns, page->n_columns, page->grid_origin, page->grid_pitch};
    size_t before = *cursor;
    *cursor = galley_flow_place_balanced(&c->flow, *cursor, &fr, page, &st);
    if (!st && *cursor == before) {
        const galley_flow_item_t *it = &c->flow.items[before];
        return galley_diags_error(
            c->diags, GALLEY_STATUS_INPUT_ERROR, c->a->path, 0, 0, it->element,
            "a %s line (%.1f pt) does not fit in an empty column", it->role, it->height);
    }
    if (!st)
        st = galley_composer_page_folio(c, page);
    return st;
}

void galley_composer_flow_bound(galley_flow_t *flow, const galley_layout_t *l, int max_pages)
{
    double h = fmax(galley_frame_content(l, 1).height, galley_frame_content(l, 2).height);
    flow->room = (double)max_pages * l->columns * h;
    flow->room_lines = (size_t)max_pages * GALLEY_PAGE_LINES;
    flow->room_pages = max_pages;
}

galley_status_t galley_compose(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                               const galley_article_t *article, const galley_layout_t *layout,
                               int max_pages, galley_document_t *doc, galley_diags_t *diags)
{
    galley_document_begin(doc, layout, article->path, article->year, article->month, article->day);
    galley_composer_t c = {fonts, hyphen, article, layout, doc,       diags,
                           {0},   0,      0,       NULL,   max_pages, {0}};
    c.colw = galley_layout_column_width(layout);
    galley_composer_flow_bound(&c.flow, layout, max_pages);
    doc->title = article->main.headline.text;
    doc->author = article->main.byline.name.text;
    doc->subject = article->main.deck.text;
    doc->keywords = article->main.section.text;
    doc->lang = article->main.lang;
    size_t cursor = 0;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (layout->parallel.split > 0) {
        st = galley_compose_parallel(&c);
    } else {
        st = galley_composer_build_flow(&c);
        if (!st)
            st = compose_first(&c, &cursor);
        for (int number = 2; !st && cursor < c.flow.n; number++)
            st = compose_next(&c, number, &cursor);
    }
    galley_flow_fini(&c.flow);
    if (st && diags->status == GALLEY_STATUS_SUCCESS)
        galley_diags_error(diags, st, article->path, 0, 0, NULL, "cannot compose the pages: %s",
                           galley_status_to_string(st));
    return st;
}
