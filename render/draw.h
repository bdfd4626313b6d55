/* draw.h: pages of boxes onto cairo.
 *
 * Owns: turning one page's boxes into drawing: glyph runs with their text
 * clusters (so the PDF's text is the article's), photos cropped to their
 * frames around the focus point, rules. Reads nothing but the page.
 */
#ifndef GALLEY_DRAW_H
#define GALLEY_DRAW_H

#include "box.h"
#include <cairo.h>

/* Draws PAGE onto CR in page coordinates (pt). */
galley_status_t galley_draw_page(cairo_t *cr, const galley_page_t *page);

#endif
