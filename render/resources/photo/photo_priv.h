/* photo_priv.h: what photo.c and photo_png.c share; internal to them.
 *
 * Owns the photo formats' numbers, a photo file held in memory as a check
 * sees it, the size check every format makes from its header, and the PNG
 * entry points photo.c calls (photo_png.c).
 */
#ifndef GALLEY_PHOTO_PRIV_H
#define GALLEY_PHOTO_PRIV_H

#include "photo.h"
#include <stdint.h>

enum { PHOTO_JPEG = 1, PHOTO_PNG = 2 };

/* A photo file read into memory. */
typedef struct {
    const char *path;  /* borrowed */
    const char *field; /* borrowed */
    double max_pixels; /* the pixel limit */
    unsigned char *data;
    size_t len;
} photo_file_t;

/* Refuses a WIDTH x HEIGHT image over the size limits, before it is decoded:
 * a limit error naming the limit and its flag. */
galley_status_t galley_photo_check_size(const photo_file_t *file, uint32_t width, uint32_t height,
                                        galley_diags_t *diags);

/* Whether FILE starts with the PNG signature. */
int galley_png_signature_ok(const photo_file_t *file);

/* Checks a PNG file whole and fills IMAGE; a PNG the PDF cannot carry as it
 * is gets decoded now (which checks it), the others only when pixels are
 * needed. */
galley_status_t galley_png_check(const photo_file_t *file, galley_image_t *image,
                                 galley_diags_t *diags);

/* Decodes a PNG held in memory into *OUT with cairo; a damaged one is an
 * input error naming it. */
galley_status_t galley_png_decode(const photo_file_t *file, cairo_surface_t **out,
                                  galley_diags_t *diags);

#endif
