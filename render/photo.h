/* photo.h: photos as resources.
 *
 * Owns: decoding and checking a photo file (JPEG through libjpeg, PNG through
 * cairo), keeping the JPEG bytes so the PDF embeds them unchanged, and the
 * pixel size the layout needs. A damaged file is an error naming it.
 */
#ifndef GALLEY_PHOTO_H
#define GALLEY_PHOTO_H

#include "diag.h"
#include <cairo.h>

/* Photos over these sizes are refused before they are decoded, so a small
 * file claiming a huge size (a decompression bomb) cannot exhaust memory. */
#define GALLEY_IMAGE_MAX_PIXELS 100000000 /* width * height */
#define GALLEY_IMAGE_MAX_SIDE 30000       /* width or height */

/* Draw an image with cairo_set_source_surface(). Never call
 * cairo_surface_flush() or cairo_surface_mark_dirty() on its surface: in
 * cairo 1.16 either drops the JPEG bytes, and the PDF would then embed the
 * decoded pixels (larger, re-encoded) instead of the original file. */
typedef struct {
    char *path;
    int width, height;        /* pixels, upright */
    cairo_surface_t *surface; /* decoded image; JPEGs carry CAIRO_MIME_TYPE_JPEG data */
} galley_image_t;

/* Decodes PATH. FIELD names the article field in messages ("photos[0].src"). */
galley_status_t galley_image_load(const char *path, const char *field, galley_image_t **out,
                                  galley_diags_t *diags);

/* Frees IMAGE and its surface. NULL is allowed. */
void galley_image_destroy(galley_image_t *image);

#endif
