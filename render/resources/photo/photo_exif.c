/* photo_exif.c: a photo's EXIF orientation and setting its pixels upright.
 *
 * Owns reading the orientation tag (0x0112) from an EXIF block's TIFF header,
 * every offset checked against the block's length (it comes from the file),
 * and turning or mirroring a decoded surface so it stands as the photographer
 * held the camera. It knows no image format: photo_jpeg.c hands it the APP1
 * block's bytes and the pixels it decoded.
 */
#include "photo_priv.h"

#include <string.h>

/* Reads a 16-bit TIFF integer in big- or little-endian order. */
static uint32_t tiff_u16(const unsigned char *p, int big)
{
    return big ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

/* Reads a 32-bit TIFF integer in big- or little-endian order. */
static uint32_t tiff_u32(const unsigned char *p, int big)
{
    return big ? tiff_u16(p, 1) << 16 | tiff_u16(p + 2, 1)
               : tiff_u16(p + 2, 0) << 16 | tiff_u16(p, 0);
}

/* Finds tag 0x0112 in the first IFD of the TIFF block TIFF (N bytes); 1 if
 * absent. Every offset is checked against N: the block comes from the file. */
int galley_exif_orientation(const unsigned char *tiff, size_t n)
{
    int big;
    if (n < 8)
        return 1;
    if (memcmp(tiff, "MM\0*", 4) == 0)
        big = 1;
    else if (memcmp(tiff, "II*\0", 4) == 0)
        big = 0;
    else
        return 1;
    uint32_t ifd = tiff_u32(tiff + 4, big);
    if (ifd > n || n - ifd < 2)
        return 1;
    uint32_t count = tiff_u16(tiff + ifd, big);
    for (uint32_t i = 0; i < count; i++) {
        size_t entry = (size_t)ifd + 2 + (size_t)12 * i;
        if (entry > n || n - entry < 12)
            return 1;
        const unsigned char *e = tiff + entry;
        if (tiff_u16(e, big) != 0x0112)
            continue;
        uint32_t type = tiff_u16(e + 2, big);
        uint32_t value = type == 3 ? tiff_u16(e + 8, big) : type == 4 ? tiff_u32(e + 8, big) : 0;
        return value >= 1 && value <= 8 ? (int)value : 1;
    }
    return 1;
}

/* Where raw pixel (X, Y) of a W x H image goes when ORIENTATION is undone. */
static void orient_point(int orientation, int w, int h, int x, int y, int *ux, int *uy)
{
    switch (orientation) {
    case 2: /* mirrored left-right */
        *ux = w - 1 - x;
        *uy = y;
        break;
    case 3: /* turned 180 degrees */
        *ux = w - 1 - x;
        *uy = h - 1 - y;
        break;
    case 4: /* mirrored top-bottom */
        *ux = x;
        *uy = h - 1 - y;
        break;
    case 5: /* transposed */
        *ux = y;
        *uy = x;
        break;
    case 6: /* needs 90 degrees clockwise */
        *ux = h - 1 - y;
        *uy = x;
        break;
    case 7: /* transversed */
        *ux = h - 1 - y;
        *uy = w - 1 - x;
        break;
    case 8: /* needs 90 degrees anticlockwise */
        *ux = y;
        *uy = w - 1 - x;
        break;
    default:
        *ux = x;
        *uy = y;
        break;
    }
}

/* Returns a new RGB24 surface holding RAW set upright for ORIENTATION (2-8);
 * RAW is left alone. May return an error surface when memory runs out. */
cairo_surface_t *galley_exif_orient_surface(cairo_surface_t *raw, int orientation)
{
    int w = cairo_image_surface_get_width(raw), h = cairo_image_surface_get_height(raw);
    int swap = orientation >= 5;
    cairo_surface_t *out =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, swap ? h : w, swap ? w : h);
    if (cairo_surface_status(out) != CAIRO_STATUS_SUCCESS)
        return out;
    cairo_surface_flush(raw);
    cairo_surface_flush(out);
    const unsigned char *src = cairo_image_surface_get_data(raw);
    unsigned char *dst = cairo_image_surface_get_data(out);
    int src_stride = cairo_image_surface_get_stride(raw);
    int dst_stride = cairo_image_surface_get_stride(out);
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(src + (size_t)y * src_stride);
        for (int x = 0; x < w; x++) {
            int ux, uy;
            orient_point(orientation, w, h, x, y, &ux, &uy);
            ((uint32_t *)(dst + (size_t)uy * dst_stride))[ux] = row[x];
        }
    }
    cairo_surface_mark_dirty(out);
    return out;
}
