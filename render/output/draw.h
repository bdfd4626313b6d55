/* draw.h: pages of boxes onto cairo.
 *
 * Owns: turning one page's boxes into drawing: glyph runs with their text
 * clusters (so the PDF's text is the article's), photos cropped to their
 * frames around the focus point, rules. Reads nothing but the page.
 */
#ifndef GALLEY_DRAW_H
#define GALLEY_DRAW_H

#include "box.h"
#include "image_store.h"
#include <cairo.h>

/* What galley_draw_page() marks for a PDF, or-ed together (0: nothing). */
enum {
    GALLEY_DRAW_TAGS = 1, /* the article's structure: headline, paragraphs, figures */
    GALLEY_DRAW_LINKS = 2 /* links (annotations): not in a press file, where PDF/X allows
                             none inside the bleed box */
};

/* Draws PAGE onto CR in page coordinates (pt, the trim's top-left at 0,0).
 * TAGGED (GALLEY_DRAW_*): mark the article's structure and its links for a
 * tagged PDF. On a cairo PDF surface photos are drawn from their
 * files' own data; elsewhere their pixels are decoded, into IMAGES, the
 * writer's store (the first time a photo is drawn: a failure, out of memory,
 * goes to DIAGS). */
galley_status_t galley_draw_page(cairo_t *cr, const galley_page_t *page, int tagged,
                                 galley_image_store_t *images, galley_diags_t *diags);

/* Draws the page's guides over it in GALLEY_GUIDE_RGB, one device pixel
 * wide and not anti-aliased (so every guide pixel is exactly that colour):
 * the margins, columns and gutters, the baseline grid, every frame's edge,
 * the trim and the bleed. PX is the size of a device pixel in pt. */
void galley_draw_guides(cairo_t *cr, const galley_page_t *page, double px);

/* Draws crop and registration marks and the slug line (file, page of
 * N_PAGES, date) around PAGE, whose trim starts at (M, M) on CR; reads only
 * DOC's metadata. */
void galley_draw_marks(cairo_t *cr, const galley_page_t *page, const galley_document_t *doc,
                       size_t n_pages, double m, const char *date);

#endif
