/* edition_copyfit.c: a headline copyfitted to its slot.
 *
 * Owns the search for the largest headline size, in 2 pt steps down to 40% of
 * the layout's, that keeps the headline to the lines a slot allows.
 */
#include "edition_copyfit.h"

#include <math.h>

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
galley_status_t galley_copyfit_headline(galley_composer_t *c, double width, int max_lines,
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
