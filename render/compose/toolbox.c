/* toolbox.c: the composer's tools for text: setting it, flowing it, banding it.
 *
 * Owns what every composer (compose_article.c, compose_parallel.c, the edition
 * composer) does with text: typesetting a text of the model in a style (its
 * messages placed in the article file), appending its lines to the flow with
 * their spacing and keep rules (no orphan, no widow), counting the flow
 * against the page limit, and placing lines straight onto a page in bands
 * (headlines, decks, captions, folios), reporting what a band cannot hold.
 * Hands the flow to flow.c and the boxes to the document.
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

/* The style SID as the composer sets it: a slot's override, else the layout's. */
const galley_style_t *galley_composer_style(const galley_composer_t *c, galley_style_id_t id)
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

/* The article's list first: it knows its own names best; then the
 * command's, which a desk gives for the night; then the layout's. */
galley_hyphen_house_t galley_composer_house(const galley_composer_t *c)
{
    return (galley_hyphen_house_t){
        {c->a ? c->a->hyphenation : NULL, c->hyphenation, c->l ? c->l->hyphenation : NULL}};
}

/* Typesets T in style SID at MEASURE (or copies the setting from C's memo,
 * when it has one and kept it); the document keeps the lines. Its messages
 * stand at the element's place in the article file. */
galley_status_t galley_composer_set_text(galley_composer_t *c, const galley_text_t *t,
                                         galley_style_id_t sid, const char *lang, double measure,
                                         double indent, const char *field, galley_lines_t **out)
{
    *out = NULL;
    galley_lines_t *lines = calloc(1, sizeof *lines);
    if (!lines)
        return GALLEY_STATUS_NO_MEMORY;
    galley_hyphen_house_t house = galley_composer_house(c);
    galley_setting_t s = {.text = t,
                          .style = galley_composer_style(c, sid),
                          .lang = lang,
                          .measure = measure,
                          .first_indent = indent,
                          .field = field,
                          .house = &house,
                          .marker = c->marker,
                          .hang_for = c->hang_for};
    galley_set_key_t key = {t, s.style, lang, measure, indent, c->marker, c->hang_for};
    int kept = c->memo ? galley_set_memo_get(c->memo, &key, lines) : 0;
    galley_status_t st = kept < 0 ? GALLEY_STATUS_NO_MEMORY : GALLEY_STATUS_SUCCESS;
    if (!kept) {
        galley_diags_t here;
        galley_diags_init(&here);
        st = galley_typeset(c->fonts, c->hyphen, &s, lines, &here);
        if (!st && c->memo && here.count == 0)
            galley_set_memo_put(c->memo, &key, lines);
        diags_place(c, &here);
        galley_diags_fini(&here);
    }
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

/* The error of a flow past its room (see galley_composer_flow_grow). */
static galley_status_t room_over(galley_composer_t *c)
{
    const galley_flow_t *f = &c->story->flow;
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
galley_status_t galley_composer_flow_grow(galley_composer_t *c, double height)
{
    c->story->flow.height += height;
    if (c->story->flow.room <= 0)
        return GALLEY_STATUS_SUCCESS;
    if (c->story->flow.height > c->story->flow.room || c->story->flow.n > c->story->flow.room_lines)
        return room_over(c);
    return GALLEY_STATUS_SUCCESS;
}

/* The flow item of line I of LINES, set in style ST: its height and share
 * above the baseline, its grid, its space before (FIRST_SPACE for the first
 * line). A line set at a leading over its style's (a Korean text at the
 * style's korean_leading, typeset.c) on the grid keeps the style's leading
 * as its height and above, so its first line snaps to the grid as a Latin
 * line does; each line after it carries the difference as space before, so
 * it lies the Korean leading under the line before, off the grid, and on the
 * grid only at the top of a column (a column break inside the paragraph). */
static galley_flow_item_t line_item(const galley_lines_t *lines, size_t i, const galley_style_t *st,
                                    int grid, double first_space)
{
    const galley_line_t *ln = &lines->lines[i];
    double extra = grid ? ln->leading - st->leading : 0;
    int korean = extra > 1e-9;
    double height = korean ? st->leading : ln->leading;
    galley_flow_item_t it = {0};
    it.kind = GALLEY_FLOW_LINE;
    it.line = ln;
    it.height = height;
    it.above = korean ? galley_line_above(ln) * height / ln->leading : galley_line_above(ln);
    it.space_before = i == 0 ? first_space : korean ? extra : 0;
    it.on_grid = !grid ? GALLEY_GRID_FREE : i > 0 && korean ? GALLEY_GRID_AT_TOP : GALLEY_GRID_ON;
    return it;
}

/* Appends the lines of T to the flow, in style SID. A paragraph set at the
 * Korean leading on the grid (line_item) leaves that leading's excess over
 * the grid's as space before what follows, so its depth is rounded up to
 * whole grid lines with at least the Korean leading before the next
 * paragraph's first line. */
galley_status_t galley_composer_flow_text(galley_composer_t *c, const galley_text_t *t,
                                          galley_style_id_t sid, const char *lang, double indent,
                                          const char *element, int keep)
{
    if (galley_text_is_empty(t))
        return GALLEY_STATUS_SUCCESS;
    galley_lines_t *lines;
    const galley_style_t *style = galley_composer_style(c, sid);
    int grid = sid == GALLEY_STYLE_BODY;
    double depth = 0;
    galley_status_t st =
        galley_composer_set_text(c, t, sid, lang, c->colw, indent, element, &lines);
    for (size_t i = 0; !st && i < lines->n_lines; i++) {
        galley_flow_item_t it = line_item(lines, i, style, grid, style->space_before + c->pending);
        it.role = galley_style_name(sid);
        it.element = element;
        it.lang = lang;
        it.keep = i == 0 ? keep : 0;
        it.url = c->url;
        depth = lines->lines[i].leading - it.height;
        /* No orphan (a first line alone at a column's foot) and no widow (a
         * last line alone at its head): those lines keep with the next; in a
         * style that keeps its lines, every line does. */
        int held = style->keep_lines || i == 0 || i + 2 == lines->n_lines;
        if (held && i + 1 < lines->n_lines && it.keep < 1)
            it.keep = 1;
        st = galley_flow_append(&c->story->flow, &it);
        if (!st)
            st = galley_composer_flow_grow(c, it.height + (i > 0 ? it.space_before : 0));
    }
    c->pending = style->space_after + (grid && depth > 1e-9 ? depth : 0);
    return st;
}

void galley_composer_flow_float(galley_composer_t *c, size_t start)
{
    galley_flow_item_t *it = &c->story->flow.items[start];
    it->floats = 1;
    it->space_after = c->pending;
    c->pending = 0;
}

/* Appends a rule across the column. */
galley_status_t galley_composer_flow_rule(galley_composer_t *c, const char *element,
                                          double thickness, double space_before)
{
    galley_flow_item_t it = {GALLEY_FLOW_RULE,
                             NULL,
                             "rule",
                             element,
                             NULL,
                             thickness,
                             0,
                             space_before + c->pending,
                             0,
                             1,
                             {0, 0, 0},
                             NULL,
                             NULL,
                             0,
                             NULL,
                             0,
                             0};
    c->pending = 0;
    memcpy(it.color, RULE_COLOR, sizeof it.color);
    galley_status_t st = galley_flow_append(&c->story->flow, &it);
    return st ? st : galley_composer_flow_grow(c, thickness);
}
void galley_composer_flow_bound(galley_flow_t *flow, const galley_layout_t *l, int max_pages)
{
    double h = fmax(galley_frame_content(l, 1).height, galley_frame_content(l, 2).height);
    flow->room = (double)max_pages * l->columns * h;
    flow->room_lines = (size_t)max_pages * GALLEY_PAGE_LINES;
    flow->room_pages = max_pages;
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
    double top = *y + galley_composer_style(c, sid)->space_before;
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
        *y = fmin(top + galley_composer_style(c, sid)->space_after, fmax(bottom, *y));
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
