/* edition_copyfit.h: a page's headlines ranked and copyfitted (edition_copyfit.c). */
#ifndef GALLEY_EDITION_COPYFIT_H
#define GALLEY_EDITION_COPYFIT_H

#include "composer.h"
#include "edition_article.h"

/* Copyfits the article's headline to WIDTH: the largest size, from START
 * down to the layout's ladder.min in 2 pt steps, whose balanced lines number
 * at most MAX_LINES (the smallest when none does). Sets *OUT. */
galley_status_t galley_copyfit_headline(galley_composer_t *c, double width, int max_lines,
                                        double start, galley_style_t *out);

/* Sets HEADS[i] to the headline style of placement i of page INDEX of ED,
 * whose loaded article is ARTICLES[i] (NULL: a continuation, or an article
 * that did not load; its entry keeps the layout's style): ranked on the page,
 * sized by the layout's ladder, each no larger than the one ranked above it,
 * copyfitted to 3 lines of its slot. */
galley_status_t galley_edition_headlines(galley_edition_composer_t *ed, size_t index,
                                         const galley_article_t *const *articles,
                                         galley_style_t *heads);

#endif
