/* photo_size.c: the size limits every photo format checks from its header.
 *
 * Owns refusing an image over the pixel limit (--max-image-mpixels) or the
 * fixed side limit (GALLEY_IMAGE_MAX_SIDE) before any pixel of it is decoded,
 * with the message naming the limit and the flag that raises it. The JPEG and
 * PNG decoders (photo_jpeg.c, photo_png.c) and the entry (photo.c, for a
 * check remembered from an earlier run) call it; it calls none of them.
 */
#include "photo_priv.h"

#include <inttypes.h>
#include <stdio.h>

/* Whether a WIDTH x HEIGHT image is within MAX_PIXELS and GALLEY_IMAGE_MAX_SIDE. */
int galley_photo_size_ok(uint32_t width, uint32_t height, double max_pixels)
{
    return width <= GALLEY_IMAGE_MAX_SIDE && height <= GALLEY_IMAGE_MAX_SIDE &&
           (double)width * height <= max_pixels;
}

/* photo_priv.h */
galley_status_t galley_photo_check_size(const photo_file_t *file, uint32_t width, uint32_t height,
                                        galley_diags_t *diags)
{
    if (galley_photo_size_ok(width, height, file->max_pixels))
        return GALLEY_STATUS_SUCCESS;
    int side = width > GALLEY_IMAGE_MAX_SIDE || height > GALLEY_IMAGE_MAX_SIDE;
    if ((double)width * height <= file->max_pixels)
        return galley_diags_error(diags, GALLEY_STATUS_LIMIT_ERROR, file->path, 0, 0, file->field,
                                  "photo '%s' is %" PRIu32 "x%" PRIu32 " pixels, over the fixed "
                                  "limit of %d pixels per side; scale it down",
                                  file->path, width, height, GALLEY_IMAGE_MAX_SIDE);
    double mpx = (double)width * height / 1e6;
    char count[32];
    snprintf(count, sizeof count, mpx < 1 ? "%.3g" : "%.1f", mpx);
    char also[96] = "";
    if (side)
        snprintf(also, sizeof also, "; it is also over the fixed limit of %d pixels per side",
                 GALLEY_IMAGE_MAX_SIDE);
    return galley_diags_error(diags, GALLEY_STATUS_LIMIT_ERROR, file->path, 0, 0, file->field,
                              "photo '%s' is %" PRIu32 "x%" PRIu32 " pixels (%s million), "
                              "over the image limit of %g million pixels (--max-image-mpixels "
                              "raises it)%s",
                              file->path, width, height, count, file->max_pixels / 1e6, also);
}
