/* edition_copyfit.h: a headline copyfitted to its slot (edition_copyfit.c). */
#ifndef GALLEY_EDITION_COPYFIT_H
#define GALLEY_EDITION_COPYFIT_H

#include "composer.h"

/* Copyfits the article's headline to WIDTH: the largest size, from the
 * style's down to 40% of it in 2 pt steps, whose balanced lines number at
 * most MAX_LINES (the smallest when none does). Sets *OUT. */
galley_status_t galley_copyfit_headline(galley_composer_t *c, double width, int max_lines,
                                        galley_style_t *out);

#endif
