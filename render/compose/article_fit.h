/* article_fit.h: sizing a single article's lead photo so its last page ends
 * near the foot.
 *
 * Owns the choice of the lead photo's span and height (within the layout's
 * min_ppi, its photo_max_height and the crop rule that keeps 60% of the
 * photo) that gives the article's pages a last page that is not mostly empty
 * and no few lines alone on a page of their own; and the measure of how full
 * a page's columns are. compose_article.c composes each try on a scratch
 * document through the callback it passes.
 */
#ifndef GALLEY_ARTICLE_FIT_H
#define GALLEY_ARTICLE_FIT_H

#include "composer.h"

/* The lead photo's size on page one: SPAN columns from the right edge,
 * HEIGHT pt tall; span 0: the layout's own (photo.columns, the photo's
 * proportions). */
typedef struct {
    int span;
    double height;
} galley_fit_t;

/* Composes C's article into C's document with the lead photo sized FIT. */
typedef galley_status_t (*galley_fit_compose_fn)(galley_composer_t *c, galley_fit_t fit);

/* How full the text columns of PAGE are: the depth their flow reaches,
 * summed over the columns, over their frames' depth summed (a column no
 * flow reached counts empty), into *FILL (0 to 1); *LINES gets the flow's
 * lines on the page. */
void galley_fit_page_fill(const galley_page_t *page, double *fill, int *lines);

/* Chooses the lead photo's size for C's article: the layout's own when its
 * last page is at least GALLEY_FIT_MIN_FILL full, else the size (tried on
 * scratch documents through COMPOSE) that gives the fewest pages and the
 * fullest last page, nearest the layout's own. *OUT gets it. */
/* The pages C's article takes with the photo sized FIT, composed on a
 * scratch document (its messages dropped) into *PAGES (0: it failed); C's
 * story and document are untouched. NO_MEMORY is the only error. */
galley_status_t galley_fit_pages(galley_composer_t *c, galley_fit_compose_fn compose,
                                 galley_fit_t fit, int *pages);

galley_status_t galley_fit_choose(galley_composer_t *c, galley_fit_compose_fn compose,
                                  galley_fit_t *out);

/* The share of its columns a last page should fill. */
#define GALLEY_FIT_MIN_FILL 0.5

#endif
