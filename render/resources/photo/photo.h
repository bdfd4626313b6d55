/* photo.h: photos as resources.
 *
 * Owns: checking a photo file at load, read by photo_file.h (JPEG through
 * libjpeg, PNG chunk by chunk and its image data inflated), keeping its
 * bytes so the PDF embeds them unchanged, and the pixel size the layout
 * needs; decoding pixels and making the PDF's sources for the output writer
 * that asks (and owns them: output/image_store.h). A damaged file is an
 * error naming it.
 */
#ifndef GALLEY_PHOTO_H
#define GALLEY_PHOTO_H

#include "diag.h"
#include "photo_checks.h"
#include "photo_file.h"
#include <cairo.h>

/* Photos over these sizes are refused before they are decoded, so a small
 * file claiming a huge size (a decompression bomb) cannot exhaust memory.
 * The pixel limit is the caller's (galley_limits_t.max_image_mpixels,
 * --max-image-mpixels); the side limit is fixed: cairo's image surfaces stop
 * at 32767 pixels. */
#define GALLEY_IMAGE_MAX_PIXELS (GALLEY_DEFAULT_MAX_IMAGE_MPIXELS * 1000000.0) /* default */
#define GALLEY_IMAGE_MAX_SIDE 30000                                            /* width or height */

/* The most scans a JPEG may have (a fixed limit, docs/limits.md). Each scan
 * of a progressive JPEG is decoded over the whole image: 500 near-empty scans
 * of a 100-megapixel grey photo took 11 s, 100 took 2.5 s (a colour one
 * takes up to three times as long). cjpeg -progress writes 10 (6 for grey);
 * encoders that search for the best scans stay around 20. */
#define GALLEY_JPEG_MAX_SCANS 100

/* A photo: its file kept in memory, checked at load, decoded only when
 * pixels are drawn. The PDF embeds the file's own image data whenever the
 * format allows (a YCbCr or grey JPEG stored upright as DCT; an 8-bit grey or
 * RGB, non-interlaced, opaque PNG as Flate with PNG predictors), so printing
 * a photo costs no decoding and no re-compression. */
typedef struct galley_image {
    char *path;
    int width, height; /* pixels, upright */
    /* Private to photo.c, photo_png.c and the PDF writer (galley_image_png_data). */
    unsigned char *data; /* the file */
    size_t len;
    size_t end;              /* the image ends here, past a JPEG's EOI or a PNG's IEND chunk:
                                what follows is not read, and the PDF embeds none of it */
    int format;              /* PHOTO_JPEG or PHOTO_PNG (photo_priv.h) */
    int orientation;         /* EXIF, 1-8 */
    int embeddable;          /* the PDF embeds the file's image data */
    int channels;            /* a PNG the PDF carries as it is: 1 grey, 3 RGB; else 0 */
    char id[41];             /* the first 40 hex digits of the SHA-256 of its bytes: a photo
                                used twice is embedded once */
    cairo_surface_t *pixels; /* decoded at load, whole: a PNG the PDF cannot carry as it is,
                                which decoding checks; else NULL. Pixels drawn later belong
                                to the output writer that asked (galley_image_decode). */
} galley_image_t;

/* Reads the photo file PATH under RULES (photo_file.h: opened once, only a
 * regular file, within the size limit and the root; IMAGE's path is then the
 * real path) and checks it. A photo of more than the pixel limit or over
 * GALLEY_IMAGE_MAX_SIDE, or a file over the size limit, is
 * GALLEY_STATUS_LIMIT_ERROR; a missing, unreadable or damaged one, or one
 * outside the root, is GALLEY_STATUS_INPUT_ERROR, and the last sets *OUTSIDE
 * (may be NULL; --placeholder must not soften it). CHECKS (may be NULL): a
 * photo whose bytes it holds a check of, passed or failed, is not decoded to
 * be checked again; a photo checked now goes into it. */
galley_status_t galley_image_load(const char *path, const galley_image_rules_t *rules,
                                  galley_photo_checks_t *checks, galley_image_t **out, int *outside,
                                  galley_diags_t *diags);

/* An image is not changed after load: what a writer draws it from is made
 * by these and belongs to the caller (output/image_store.h keeps them per
 * writer). Making either for a photo that passed galley_image_load() fails
 * only when memory runs out. Never call cairo_surface_flush() or
 * cairo_surface_mark_dirty() on what they return: in cairo 1.16 either drops
 * the attached file data. */

/* A new surface for a cairo PDF surface to embed IMAGE from, in *OUT, when
 * IMAGE->embeddable: one pixel carrying the file's image data (the JPEG's own
 * bytes, which IMAGE must outlive the PDF surface to keep, or a PNG's
 * stand-in), never decoded; drawn anywhere else it shows nothing. Scale it by
 * the photo's width over the surface's. */
galley_status_t galley_image_pdf_source(const galley_image_t *image, cairo_surface_t **out,
                                        galley_diags_t *diags);

/* IMAGE's pixels, upright, in a surface the caller owns (*OUT): a JPEG
 * decoded at 1/DENOM of its size (1, 2, 4 or 8; galley_image_pixels_denom),
 * a PNG whole (a new reference when load decoded it already). */
galley_status_t galley_image_decode(const galley_image_t *image, int denom, cairo_surface_t **out,
                                    galley_diags_t *diags);

/* The reduction to decode IMAGE at for a writer: for a raster drawn at
 * DEVICE_SCALE (device pixels an image pixel covers; 0: unknown), a JPEG at
 * 1/2, 1/4 or 1/8 of its size when even that has a pixel for every device
 * pixel (a 24-megapixel photo on a 100 dpi preview: 1/8, a 64th of the work
 * and memory); FOR_PDF, a PNG or an unknown scale: 1 (print wants every
 * pixel). Pixels decoded at a smaller DENOM serve a larger one. */
int galley_image_pixels_denom(const galley_image_t *image, int for_pdf, double device_scale);

/* The marker a PNG's stand-in carries in the PDF cairo writes, before the
 * image's id, so the PDF writer can put the PNG's data in its place. */
#define GALLEY_IMAGE_PNG_TAG "galley-png:"

/* Whether DATA (N bytes, an image stream of the PDF cairo wrote) is a PNG's
 * stand-in; if so, copies the photo's id into ID. */
int galley_image_stand_in_id(const unsigned char *data, size_t n, char id[41]);

/* The image data of a PNG embedded as it is: the concatenated IDAT chunks (a
 * zlib stream of rows with PNG filter bytes) in a new malloc'ed buffer (*DATA,
 * *LEN), and its colour channels (1 or 3) and width for /DecodeParms. Returns
 * 0, or -1 when IMAGE is not such a PNG or memory runs out. */
int galley_image_png_data(const galley_image_t *image, unsigned char **data, size_t *len,
                          int *channels, int *columns);

/* Frees IMAGE and the pixels load decoded. NULL is allowed. */
void galley_image_destroy(galley_image_t *image);

#endif
