/* edition_copyfit.c: a page's headlines ranked and copyfitted to their slots.
 *
 * Owns the headline sizes of an edition page: each new article's rank on the
 * page (the top story first: higher slots, then larger ones), its rung of the
 * layout's headline ladder (layout.h: the lead's size for the top story, the
 * secondary's for the others, the brief's for a short article), never larger
 * than the headline ranked above it, then the search for the largest size, in
 * 2 pt steps down to the ladder's min, that keeps the headline to the lines
 * its slot allows.
 */
#include "edition_copyfit.h"
#include "frame.h"

#include <math.h>
#include <stdlib.h>

/* Sets *OUT to the headline style at step K of copyfitting (2 pt under START
 * a step) and reports whether the headline then takes at most MAX_LINES
 * lines at WIDTH: 1, 0, or -1 on error (*ST says which). */
static int copyfit_try(galley_composer_t *c, double width, int max_lines, double start, int k,
                       galley_style_t *out, galley_diags_t *scratch, galley_status_t *st)
{
    const galley_style_t *base = &c->l->styles[GALLEY_STYLE_HEADLINE];
    out->size = start - 2 * k;
    out->leading = out->size * base->leading / base->size;
    galley_hyphen_house_t house = galley_composer_house(c);
    galley_setting_t set = {.text = &c->a->main.headline,
                            .style = out,
                            .lang = c->a->main.lang,
                            .measure = width,
                            .field = "headline",
                            .house = &house};
    galley_lines_t lines;
    *st = galley_typeset(c->fonts, c->hyphen, &set, &lines, scratch);
    int fits = !*st && (int)lines.n_lines <= max_lines;
    galley_lines_fini(&lines);
    return *st ? -1 : fits;
}

/* Copyfits the headline to WIDTH: the largest size, from START down to the
 * ladder's min in 2 pt steps, whose balanced lines number at most MAX_LINES
 * (the smallest when none does). Smaller type never takes more lines, so
 * after START the steps are searched by halves. Sets *OUT; the trial
 * settings are thrown away, and so are their warnings. */
galley_status_t galley_copyfit_headline(galley_composer_t *c, double width, int max_lines,
                                        double start, galley_style_t *out)
{
    const galley_style_t *base = &c->l->styles[GALLEY_STYLE_HEADLINE];
    galley_diags_t scratch;
    galley_diags_init(&scratch);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    *out = *base;
    int steps = (int)fmax(0, floor((start - c->l->ladder.min + 1e-9) / 2)); /* the last step */
    int best = 0;
    if (copyfit_try(c, width, max_lines, start, 0, out, &scratch, &st) == 0) {
        int lo = 1, hi = steps;
        best = steps;
        while (lo <= hi && !st) {
            int mid = (lo + hi) / 2;
            if (copyfit_try(c, width, max_lines, start, mid, out, &scratch, &st) > 0)
                best = mid, hi = mid - 1;
            else
                lo = mid + 1;
        }
    }
    out->size = start - 2 * best;
    out->leading = out->size * base->leading / base->size;
    galley_diags_fini(&scratch);
    return st;
}

/* True when placement A of page EP ranks above placement B: the higher slot
 * first, then the larger (columns times rows), then the one further left,
 * then the edition's order (a filled page: the edition's order alone). */
static int rank_above(const galley_edition_page_t *ep, size_t a, size_t b)
{
    const galley_slot_t *x = &ep->articles[a].slot, *y = &ep->articles[b].slot;
    if (!ep->fill && x->row != y->row)
        return x->row < y->row;
    if (!ep->fill && x->span * x->rows != y->span * y->rows)
        return x->span * x->rows > y->span * y->rows;
    if (!ep->fill && x->column != y->column)
        return x->column < y->column;
    return a < b;
}

galley_status_t galley_edition_headlines(galley_edition_composer_t *ed, size_t index,
                                         const galley_article_t *const *articles,
                                         galley_style_t *heads)
{
    const galley_edition_page_t *ep = &ed->e->pages[index];
    size_t *order = malloc((ep->n_articles + 1) * sizeof *order), n = 0;
    if (!order)
        return GALLEY_STATUS_NO_MEMORY;
    for (size_t i = 0; i < ep->n_articles; i++) {
        heads[i] = ed->l->styles[GALLEY_STYLE_HEADLINE];
        if (articles[i])
            order[n++] = i;
    }
    for (size_t k = 1; k < n; k++) /* by rank (a page holds a few articles) */
        for (size_t j = k; j > 0 && rank_above(ep, order[j], order[j - 1]); j--) {
            size_t t = order[j];
            order[j] = order[j - 1], order[j - 1] = t;
        }
    galley_rect_t content = galley_frame_content(ed->l, (int)index + 1);
    double cap = INFINITY;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t k = 0; k < n && !st; k++) {
        size_t i = order[k];
        const galley_article_t *a = articles[i];
        const galley_slot_t *s = &ep->articles[i].slot;
        double width = ep->fill
                           ? content.width
                           : galley_frame_columns(ed->l, content, s->column, s->span, 0, 0).width;
        galley_composer_t c = {0};
        c.fonts = ed->fonts, c.hyphen = ed->hyphen, c.a = a, c.l = ed->l, c.doc = ed->doc;
        c.hyphenation = ed->opt->hyphenation;
        c.diags = ed->diags;
        double rung = galley_layout_headline_size(ed->l, (int)k, galley_article_words(&a->main));
        st = galley_copyfit_headline(&c, width, 3, fmin(rung, cap), &heads[i]);
        cap = heads[i].size;
    }
    free(order);
    return st;
}
