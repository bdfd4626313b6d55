/* photo_priv.h: what the photo files share; internal to resources/photo/.
 *
 * Owns the photo formats' numbers, a photo file held in memory as a check
 * sees it, the size check every format makes from its header (photo_size.c),
 * the EXIF orientation (photo_exif.c), and the JPEG and PNG entry points
 * photo.c calls (photo_jpeg.c, photo_png.c). The calls run one way:
 * photo.c -> photo_jpeg.c, photo_png.c -> photo_size.c, photo_exif.c.
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

/* Whether a WIDTH x HEIGHT image is within MAX_PIXELS and GALLEY_IMAGE_MAX_SIDE. */
int galley_photo_size_ok(uint32_t width, uint32_t height, double max_pixels);

/* Refuses a WIDTH x HEIGHT image over the size limits, before it is decoded:
 * a limit error naming the limit and its flag. */
galley_status_t galley_photo_check_size(const photo_file_t *file, uint32_t width, uint32_t height,
                                        galley_diags_t *diags);

/* The EXIF orientation (1-8) in the TIFF block TIFF (N bytes) of an EXIF
 * APP1 marker: tag 0x0112 of the first IFD; 1 when it is absent or invalid
 * (0 and values over 8 mean "as stored"). */
int galley_exif_orientation(const unsigned char *tiff, size_t n);

/* A new RGB24 surface holding RAW set upright for ORIENTATION (2-8); RAW is
 * left alone. May return an error surface when memory runs out. */
cairo_surface_t *galley_exif_orient_surface(cairo_surface_t *raw, int orientation);

/* Checks a JPEG file whole and fills IMAGE's size (upright), orientation and
 * whether the PDF can embed it; no pixels are kept. */
galley_status_t galley_jpeg_check(const photo_file_t *file, galley_image_t *image,
                                  galley_diags_t *diags);

/* Decodes a checked JPEG's pixels at 1/DENOM of its size (1, 2, 4 or 8),
 * upright, into *OUT (the caller's). */
galley_status_t galley_jpeg_pixels(const galley_image_t *image, int denom, cairo_surface_t **out,
                                   galley_diags_t *diags);

/* Whether FILE starts with the PNG signature. */
int galley_png_signature_ok(const photo_file_t *file);

/* Checks a PNG file whole and fills IMAGE; a PNG the PDF cannot carry as it
 * is gets decoded now (which checks it), the others only when pixels are
 * needed. */
galley_status_t galley_png_check(const photo_file_t *file, galley_image_t *image,
                                 galley_diags_t *diags);

/* Writes into BUF (at least 128 bytes) the stand-in for embeddable PNG
 * IMAGE's data in cairo's PDF, a minimal JPEG stream naming the image
 * (photo_png.c's header says why); returns its length. */
size_t galley_png_stand_in(const galley_image_t *image, unsigned char *buf);

/* Decodes a PNG held in memory into *OUT with cairo; a damaged one is an
 * input error naming it. */
galley_status_t galley_png_decode(const photo_file_t *file, cairo_surface_t **out,
                                  galley_diags_t *diags);

#endif
