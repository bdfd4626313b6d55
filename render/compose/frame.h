/* frame.h: page geometry.
 *
 * Owns: where things can go on a page of a layout: the content area inside
 * the margins (inside margin at the spine: left on odd pages), the columns,
 * spans of columns, the baseline grid, and the folio band.
 */
#ifndef GALLEY_FRAME_H
#define GALLEY_FRAME_H

#include "box.h"
#include "layout.h"

/* The content area of page NUMBER (1-based). */
galley_rect_t galley_frame_content(const galley_layout_t *layout, int number);

/* The rectangle of columns FIRST..FIRST+SPAN-1 of CONTENT, from TOP to BOTTOM. */
galley_rect_t galley_frame_columns(const galley_layout_t *layout, galley_rect_t content, int first,
                                   int span, double top, double bottom);

/* The band below the content area that holds the folio. */
galley_rect_t galley_frame_folio(const galley_layout_t *layout, galley_rect_t content);

/* The first grid line at or below Y. */
double galley_grid_snap(double origin, double pitch, double y);

#endif
