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
 * file claiming a huge size (a decompression bomb) cannot exhaust memory.
 * The pixel limit is the caller's (galley_limits_t.max_image_mpixels,
 * --max-image-mpixels); the side limit is fixed: cairo's image surfaces stop
 * at 32767 pixels. */
#define GALLEY_IMAGE_MAX_PIXELS (GALLEY_DEFAULT_MAX_IMAGE_MPIXELS * 1000000.0) /* default */
#define GALLEY_IMAGE_MAX_SIDE 30000 /* width or height */

/* Draw an image with cairo_set_source_surface(). Never call
 * cairo_surface_flush() or cairo_surface_mark_dirty() on its surface: in
 * cairo 1.16 either drops the JPEG bytes, and the PDF would then embed the
 * decoded pixels (larger, re-encoded) instead of the original file. */
typedef struct {
    char *path;
    int width, height;        /* pixels, upright */
    cairo_surface_t *surface; /* decoded image; JPEGs carry CAIRO_MIME_TYPE_JPEG data */
} galley_image_t;

/* Decodes PATH. FIELD names the article field in messages ("photos[0].src").
 * A photo of more than MAX_MPIXELS million pixels (0: the default,
 * GALLEY_DEFAULT_MAX_IMAGE_MPIXELS) or over GALLEY_IMAGE_MAX_SIDE is
 * GALLEY_STATUS_LIMIT_ERROR; a missing, unreadable or damaged one is
 * GALLEY_STATUS_INPUT_ERROR. */
galley_status_t galley_image_load(const char *path, const char *field, double max_mpixels,
                                  galley_image_t **out, galley_diags_t *diags);

/* Frees IMAGE and its surface. NULL is allowed. */
void galley_image_destroy(galley_image_t *image);

#endif
