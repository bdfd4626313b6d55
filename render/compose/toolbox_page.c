/* toolbox_page.c: the composer's tools for pages: starting one, its folio,
 * the lead photo's block, and the other photos' blocks in the flow.
 *
 * Owns a page's start (size, grid, columns, and the page limit), the folio at
 * its foot (number, date, section; the date written out by the article's
 * language module, lang/), and placing a photo with its credit and caption
 * (its height, its resolution check): the lead on the page, the others as
 * photo blocks in the flow (flow.h: GALLEY_FLOW_PHOTO).
 */
#include "composer.h"
#include "frame.h"
#include "lang.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The error of an article that needs more than c->max_pages pages. */
static galley_status_t pages_over(galley_composer_t *c)
{
    return galley_diags_error(c->diags, GALLEY_STATUS_LIMIT_ERROR, c->a->path, 0, 0, NULL,
                              "the article needs more than %d page%s (the page limit; "
                              "--max-pages raises it)",
                              c->max_pages, c->max_pages == 1 ? "" : "s");
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
    for (int bold = 0; bold < 2 && c->fonts; bold++)
        p->mark_faces[bold] = galley_fonts_mark_face(c->fonts, bold);
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

/* The article's date as the folio prints it, in the words of the article's
 * language (lang/: its module, else English). */
static void folio_date(const galley_article_t *a, char *buf, size_t n)
{
    galley_lang_format_date(galley_lang_words(a->main.lang), a->year, a->month, a->day, buf, n);
}

galley_status_t galley_composer_folio(galley_composer_t *c, galley_page_t *page, const char *date,
                                      const char *section, const char *lang)
{
    galley_rect_t content = galley_frame_content(c->l, page->number);
    galley_rect_t band = galley_frame_folio(c->l, content);
    /* The outside corner: an even page's folio reads from its left edge
     * ("2 | date | section"), an odd page's is set flush right and reads
     * towards the number at its right edge ("section | date | 3"). Built
     * whole, never in a fixed buffer: a cut UTF-8 character made Pango
     * abort (issue 15, item 2). A section too long for the folio's one line
     * is for the overset check to report, not for this function to cut. */
    int odd = page->number % 2 == 1;
    const char *sep1 = *date ? "   |   " : "", *sep2 = *section ? "   |   " : "";
    const char *buf =
        odd ? galley_document_strdup(c->doc, "%s%s%s%s%d", section, sep2, date, sep1, page->number)
            : galley_document_strdup(c->doc, "%d%s%s%s%s", page->number, sep1, date, sep2, section);
    if (!buf)
        return GALLEY_STATUS_NO_MEMORY;
    double y = band.y - 2.5;
    galley_status_t st =
        galley_composer_band_rule(page, content.x, content.width, &y, 0.3, "folio");
    y = band.y;
    galley_text_t t = galley_plain_text(buf);
    galley_style_t outside = *galley_composer_style(c, GALLEY_STYLE_FOLIO);
    outside.align = odd ? GALLEY_ALIGN_RIGHT : GALLEY_ALIGN_LEFT;
    const galley_style_t *was = c->override[GALLEY_STYLE_FOLIO];
    c->override[GALLEY_STYLE_FOLIO] = &outside;
    if (!st)
        st = galley_composer_band_text(c, page, &t, GALLEY_STYLE_FOLIO, lang, content.x,
                                       content.width, &y, "folio");
    c->override[GALLEY_STYLE_FOLIO] = was;
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

/* Height of the lead photo: its own proportions across WIDTH (3:2 for a
 * placeholder), no taller than the layout allows. */
int galley_composer_photo_sharp(const galley_composer_t *c, const galley_photo_t *ph, double width)
{
    return !ph->image || c->l->min_ppi <= 0 ||
           72.0 * ph->image->width / width >= c->l->min_ppi - 1e-9;
}

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

/* Appends the caption and credit texts of photo K as lines, main text first
 * (credit, caption, as the lead block sets them), then each translation's. */
static galley_status_t flow_photo_texts(galley_composer_t *c, size_t k)
{
    const galley_article_t *a = c->a;
    const char *field = a->photos[k].field;
    const char *cred = galley_document_strdup(c->doc, "%s.credit", field);
    const char *capt = galley_document_strdup(c->doc, "%s.caption", field);
    if (!cred || !capt)
        return GALLEY_STATUS_NO_MEMORY;
    galley_status_t st = galley_composer_flow_text(c, &a->main.credits[k], GALLEY_STYLE_CREDIT,
                                                   a->main.lang, 0, cred, 0);
    if (!st)
        st = galley_composer_flow_text(c, &a->main.captions[k], GALLEY_STYLE_CAPTION, a->main.lang,
                                       0, capt, 0);
    for (size_t i = 0; !st && i < a->n_translations; i++) {
        const galley_article_text_t *tr = &a->translations[i];
        const char *el = galley_document_strdup(c->doc, "%s%s.caption", tr->field_prefix, field);
        const char *cel = galley_document_strdup(c->doc, "%s%s.credit", tr->field_prefix, field);
        if (!el || !cel)
            return GALLEY_STATUS_NO_MEMORY;
        st = galley_composer_flow_text(c, &tr->captions[k], GALLEY_STYLE_CAPTION, tr->lang, 0, el,
                                       0);
        if (!st)
            st = galley_composer_flow_text(c, &tr->credits[k], GALLEY_STYLE_CREDIT, tr->lang, 0,
                                           cel, 0);
    }
    return st;
}

galley_status_t galley_composer_flow_photo(galley_composer_t *c, size_t k)
{
    const galley_photo_t *ph = &c->a->photos[k];
    galley_flow_t *flow = &c->story->flow;
    double grid = c->l->grid;
    galley_flow_item_t it = {0};
    it.kind = GALLEY_FLOW_PHOTO;
    it.role = "photo";
    it.element = ph->field;
    it.space_before = grid + c->pending;
    it.photo = ph;
    size_t at = flow->n;
    galley_status_t st = galley_flow_append(flow, &it);
    c->pending = 2; /* the credit sits 2 pt under the photo, as under the lead */
    if (!st)
        st = flow_photo_texts(c, k);
    if (st)
        return st;
    /* Kept whole: the photo with every line of its credit and captions. Its
     * height is its own proportions at the column width, no taller than the
     * layout lets a photo be in an empty column, and short enough that the
     * block fits one with a line to spare (or flow.c would relax the keep
     * and part the photo from its caption, or never place it at all). */
    double below = 0;
    for (size_t i = at + 1; i < flow->n; i++)
        below += flow->items[i].space_before + flow->items[i].height;
    flow->items[at].keep = (int)(flow->n - 1 - at);
    double room = galley_frame_content(c->l, 2).height;
    double h = galley_composer_photo_height(c, ph, c->colw, room);
    h = fmax(grid, fmin(h, room - below - grid));
    flow->items[at].height = h;
    photo_check_resolution(c, ph, (galley_rect_t){0, 0, c->colw, h});
    c->pending = grid;                 /* a line's space between the block and the text under it */
    galley_composer_flow_float(c, at); /* the text may flow past the block to fill the column */
    return galley_composer_flow_grow(c, h);
}

void galley_composer_photos_overset(galley_composer_t *c, const galley_flow_t *flow, size_t cursor)
{
    for (size_t i = cursor; i < flow->n; i++)
        if (flow->items[i].kind == GALLEY_FLOW_PHOTO)
            galley_composer_warn(c, flow->items[i].element,
                                 "overset: the photo, its credit and its caption do not fit "
                                 "and are not printed; give the article more room, or anchor "
                                 "the photo to an earlier paragraph");
}
