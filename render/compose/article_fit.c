/* article_fit.c: sizing a single article's lead photo so its last page ends
 * near the foot (issue 16: "single-article pages end 70% empty or spill 4
 * lines onto a second page").
 *
 * Owns the choice of the lead photo's span and height and the measure of a
 * page's fill (article_fit.h). The layout's own size stands when its last
 * page is at least GALLEY_FIT_MIN_FILL full; else every span from one column
 * to all of them and heights a grid line apart are tried, each composed on a
 * scratch document (its messages dropped, the article's flow shared), and
 * the size with the fewest holes (a column ending 2 grid lines or more above
 * the foot of a page whose text goes on on the next), then the fewest pages, then the
 * fullest last page (to 90%), then
 * the layout's span and the height nearest its own, wins. A size is tried
 * only within the photo's limits: no less than 60% of its area kept by the
 * crop (a height from 0.6 to 1/0.6 of its proportions at the span's width),
 * no taller than photo.max_height of the area under the top band, and never
 * printed under min_ppi where the layout's own size does not already.
 */
#include "article_fit.h"
#include "frame.h"

#include <math.h>
#include <string.h>

/* The share of the fill above which one size is as good as another. */
#define FIT_ENOUGH 0.9
/* The most heights tried at one span. */
#define FIT_STEPS 48

/* What column I of PAGE holds of the flow: its boxes in the column's frame,
 * which reaches the type area's foot (a band's frame ends with its band). */
typedef struct {
    double top;          /* the highest frame top; the foot when empty */
    double low;          /* the lowest box bottom; -1 when empty */
    double line_low;     /* the lowest line's bottom; -1 when it has none */
    const char *line_el; /* that line's element */
    int lines;           /* its lines */
} fit_column_t;

static fit_column_t fit_column(const galley_page_t *page, int i)
{
    const galley_rect_t *col = &page->columns[i];
    double foot = col->y + col->height;
    fit_column_t fc = {foot, -1, -1, NULL, 0};
    for (size_t k = 0; k < page->n_boxes; k++) {
        const galley_box_t *b = &page->boxes[k];
        if (fabs(b->frame.x - col->x) > 0.5 || fabs(b->frame.width - col->width) > 0.5 ||
            fabs(b->frame.y + b->frame.height - foot) > 0.5)
            continue;
        fc.top = fmin(fc.top, b->frame.y);
        fc.low = fmax(fc.low, b->rect.y + b->rect.height);
        if (b->kind != GALLEY_BOX_LINE)
            continue;
        fc.lines++;
        if (b->rect.y + b->rect.height > fc.line_low) {
            fc.line_low = b->rect.y + b->rect.height;
            fc.line_el = b->element;
        }
    }
    return fc;
}

void galley_fit_page_fill(const galley_page_t *page, double *fill, int *lines)
{
    double used = 0, total = 0, deepest = 0;
    int empty = 0;
    *lines = 0;
    for (int i = 0; i < page->n_columns; i++) {
        double foot = page->columns[i].y + page->columns[i].height;
        fit_column_t fc = fit_column(page, i);
        *lines += fc.lines;
        if (fc.low < 0) {
            empty++;
            continue;
        }
        used += fmax(0, fc.low - fc.top);
        total += foot - fc.top;
        deepest = fmax(deepest, foot - fc.top);
    }
    total += empty * deepest;
    *fill = total > 0 ? fmin(1, used / total) : 0;
}

/* The length of ELEMENT's text prefix: "translations.LANG." for a field of a
 * translation, 0 for the original's. */
static size_t fit_text_prefix(const char *element)
{
    if (!element || strncmp(element, "translations.", 13))
        return 0;
    const char *dot = strchr(element + 13, '.');
    return dot ? (size_t)(dot - element) + 1 : 0;
}

/* True when box B belongs to the same text (original or translation) as
 * ELEMENT, whose prefix is N long. */
static int fit_same_text(const galley_box_t *b, const char *element, size_t n)
{
    return fit_text_prefix(b->element) == n && (n == 0 || !strncmp(b->element, element, n));
}

/* True when PAGE holds a box of the text ELEMENT (prefix N) belongs to. */
static int fit_page_has_text(const galley_page_t *page, const char *element, size_t n)
{
    for (size_t k = 0; k < page->n_boxes; k++)
        if (page->boxes[k].kind == GALLEY_BOX_LINE && fit_same_text(&page->boxes[k], element, n))
            return 1;
    return 0;
}

/* The columns of PAGE whose text (the original or a translation) goes on on
 * NEXT but ends 2 or more grid lines above the type area's foot: holes the
 * flow leaves where a size keeps a float or a head from the column's foot (a
 * text that ends on PAGE is balanced, a translation's head may wait for the
 * next page: neither is a hole). */
static int fit_page_holes(const galley_page_t *page, const galley_page_t *next)
{
    int holes = 0;
    for (int i = 0; i < page->n_columns; i++) {
        double foot = page->columns[i].y + page->columns[i].height;
        fit_column_t fc = fit_column(page, i);
        holes += fc.line_low >= 0 && page->grid_pitch > 0 &&
                 foot - fc.line_low >= 2 * page->grid_pitch - 1e-6 &&
                 fit_page_has_text(next, fc.line_el, fit_text_prefix(fc.line_el));
    }
    return holes;
}

/* What one try gave: its pages and last page, the holes on the pages before
 * it, and page one's photo box. */
typedef struct {
    int ok, pages, lines, holes;
    double fill;
    galley_rect_t photo; /* height 0: no lead photo placed */
} fit_try_t;

/* Composes C's article with the photo sized FIT on a scratch document (its
 * messages dropped) and measures it into *T; NO_MEMORY is the only error. */
static galley_status_t fit_try(galley_composer_t *c, galley_fit_compose_fn compose,
                               galley_fit_t fit, fit_try_t *t)
{
    const galley_article_t *a = c->a;
    galley_document_t doc;
    galley_document_begin(&doc, c->l, a->path, a->year, a->month, a->day);
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_story_t story = {c->story->flow, 0};
    galley_composer_t tc = *c;
    tc.doc = &doc;
    tc.diags = &diags;
    tc.story = &story;
    galley_status_t st = compose(&tc, fit);
    memset(t, 0, sizeof *t);
    if (!st && doc.n_pages > 0) {
        t->ok = 1;
        t->pages = (int)doc.n_pages;
        galley_fit_page_fill(&doc.pages[doc.n_pages - 1], &t->fill, &t->lines);
        for (size_t p = 0; p + 1 < doc.n_pages; p++)
            t->holes += fit_page_holes(&doc.pages[p], &doc.pages[p + 1]);
        const galley_page_t *p1 = &doc.pages[0];
        for (size_t k = 0; k < p1->n_boxes; k++)
            if (p1->boxes[k].kind == GALLEY_BOX_IMAGE && a->n_photos &&
                !strcmp(p1->boxes[k].element, a->photos[0].field))
                t->photo = p1->boxes[k].rect;
    }
    galley_document_fini(&doc);
    galley_diags_fini(&diags);
    return st == GALLEY_STATUS_NO_MEMORY ? st : GALLEY_STATUS_SUCCESS;
}

/* True when try B is better than try A (see the file's comment); DEF is the
 * layout's own span and H0 its own height. */
static int fit_better(const fit_try_t *b, galley_fit_t fb, const fit_try_t *a, galley_fit_t fa,
                      int def, double h0)
{
    if (!b->ok)
        return 0;
    if (a->ok && b->holes != a->holes)
        return b->holes < a->holes;
    if (!a->ok || b->pages != a->pages)
        return !a->ok || b->pages < a->pages;
    double fa_ = fmin(a->fill, FIT_ENOUGH), fb_ = fmin(b->fill, FIT_ENOUGH);
    if (fabs(fb_ - fa_) > 0.02)
        return fb_ > fa_;
    if ((fb.span == def) != (fa.span == def))
        return fb.span == def;
    return fabs(fb.height - h0) < fabs(fa.height - h0);
}

/* The heights photo PH may take SPAN columns wide, within its limits (see
 * the file's comment), into [*LO, *HI]; 0 when the span is too wide for its
 * pixels. AREA is the depth under the top band, H0 the layout's own height
 * at its own span DEF. */
static int fit_range(const galley_composer_t *c, const galley_photo_t *ph, int span, int def,
                     double width, double area, double h0, double *lo, double *hi)
{
    const galley_layout_t *l = c->l;
    double prop = ph->image ? width * ph->image->height / fmax(1, ph->image->width) : width / 1.5;
    *lo = fmax(2 * l->grid, 0.6 * prop);
    *hi = fmin(l->photo_max_height * area, prop / 0.6);
    if (ph->image && l->min_ppi > 0) {
        double most_w = 72.0 * ph->image->width / l->min_ppi;
        double most_h = 72.0 * ph->image->height / l->min_ppi;
        if (width > most_w + 1e-6 && span > def)
            return 0; /* wider than the layout's span and under min_ppi */
        *hi = fmin(*hi, fmax(most_h, span == def ? h0 : 0));
    }
    if (span == def)
        *hi = fmax(*hi, h0), *lo = fmin(*lo, h0);
    return *hi >= *lo;
}

galley_status_t galley_fit_pages(galley_composer_t *c, galley_fit_compose_fn compose,
                                 galley_fit_t fit, int *pages)
{
    fit_try_t t;
    galley_status_t st = fit_try(c, compose, fit, &t);
    *pages = t.ok ? t.pages : 0;
    return st;
}

/* Tries every span and height for C's lead photo (the file's comment) against
 * BEST, the layout's own size's try, and puts the winner in *OUT when it is
 * not the layout's own. */
static galley_status_t fit_search(galley_composer_t *c, galley_fit_compose_fn compose,
                                  fit_try_t *best_in, galley_fit_t *out)
{
    fit_try_t best = *best_in;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    const galley_layout_t *l = c->l;
    galley_rect_t content = galley_frame_content(l, 1);
    double area = content.y + content.height - best.photo.y, h0 = best.photo.height;
    int def = l->photo_columns;
    galley_fit_t fbest = {def, h0};
    for (int span = 1; !st && span <= l->columns; span++) {
        double width = galley_frame_columns(l, content, l->columns - span, span, 0, 0).width;
        double lo, hi;
        if (!fit_range(c, &c->a->photos[0], span, def, width, area, h0, &lo, &hi))
            continue;
        double step = fmax(l->grid, (hi - lo) / FIT_STEPS);
        for (double h = lo; !st && h <= hi + 1e-6; h += step) {
            galley_fit_t f = {span, h};
            fit_try_t t;
            st = fit_try(c, compose, f, &t);
            if (!st && fit_better(&t, f, &best, fbest, def, h0)) {
                best = t;
                fbest = f;
            }
        }
    }
    if (!st && (fbest.span != def || fabs(fbest.height - h0) > 1e-6))
        *out = fbest;
    return st;
}

galley_status_t galley_fit_choose(galley_composer_t *c, galley_fit_compose_fn compose,
                                  galley_fit_t *out)
{
    *out = (galley_fit_t){0, 0};
    fit_try_t best;
    galley_composer_t mc = *c; /* C with a memo: the tries set each band text once */
    mc.memo = galley_set_memo_create();
    galley_status_t st = fit_try(&mc, compose, *out, &best);
    if (!st && best.ok && best.photo.height > 0 && best.fill < GALLEY_FIT_MIN_FILL)
        st = fit_search(&mc, compose, &best, out);
    galley_set_memo_destroy(mc.memo);
    return st;
}
