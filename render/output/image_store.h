/* image_store.h: the decoded photos of one output writer.
 *
 * Owns what a writer draws photos from: the PDF's sources (the file's own
 * image data on a pixel) and decoded pixels, made by resources/photo on the
 * first need and kept, keyed by the model's image, until the writer is done.
 * The article model stays as load left it; a store is used by one thread at
 * a time (each writer has its own: the -j pipeline's PDF writer draws in its
 * thread, nobody else touches its store).
 */
#ifndef GALLEY_IMAGE_STORE_H
#define GALLEY_IMAGE_STORE_H

#include "photo.h"

typedef struct galley_image_store galley_image_store_t;

/* A new, empty store; NULL when out of memory. */
galley_image_store_t *galley_image_store_create(void);

/* The surface to paint IMAGE from with cairo_set_source_surface(), owned by
 * STORE (valid until it is destroyed), in *OUT; it may be smaller than the
 * photo (scale it by the photo's width over the surface's). FOR_PDF and the
 * image embeddable: the file's image data for a cairo PDF surface to embed
 * (galley_image_pdf_source); otherwise its pixels, decoded at the reduction
 * DEVICE_SCALE allows (galley_image_pixels_denom) unless pixels at least as
 * fine are kept already. A failure (out of memory) goes to DIAGS. */
galley_status_t galley_image_store_source(galley_image_store_t *store, const galley_image_t *image,
                                          int for_pdf, double device_scale, cairo_surface_t **out,
                                          galley_diags_t *diags);

/* Frees STORE and every surface it made. Destroy it after the surface drawn
 * from it is finished and before the images it keys are. NULL is allowed. */
void galley_image_store_destroy(galley_image_store_t *store);

#endif
