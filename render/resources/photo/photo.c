/* photo.c: photos as resources.
 *
 * Owns telling JPEG from PNG by the magic bytes of a file photo_file.c read,
 * checking it whole at load (a JPEG is entropy-decoded at 1/8 scale, which
 * reads every coefficient but skips the full inverse DCT, with at most
 * GALLEY_JPEG_MAX_SCANS scans and no libjpeg warning; a PNG by photo_png.c),
 * remembering checks that passed or failed (photo_checks.h), decoding pixels only
 * when a raster output asks (JPEG through libjpeg, set upright from its EXIF
 * orientation; PNG through cairo), and the PDF's sources: the JPEG's own
 * bytes, or for a PNG a stand-in the PDF writer swaps for the PNG's own image
 * data. Every failure, from a missing file to a damaged image, is an input
 * error naming the file, and an image over the size limits a limit error;
 * libjpeg and libpng never print or exit.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "photo.h"
#include "photo_priv.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>

/* Whether a WIDTH x HEIGHT image is within MAX_PIXELS and GALLEY_IMAGE_MAX_SIDE. */
static int size_ok(uint32_t width, uint32_t height, double max_pixels)
{
    return width <= GALLEY_IMAGE_MAX_SIDE && height <= GALLEY_IMAGE_MAX_SIDE &&
           (double)width * height <= max_pixels;
}

/* photo_priv.h */
galley_status_t galley_photo_check_size(const photo_file_t *file, uint32_t width, uint32_t height,
                                        galley_diags_t *diags)
{
    if (size_ok(width, height, file->max_pixels))
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

/* ---- EXIF orientation ---- */

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
static int tiff_orientation(const unsigned char *tiff, size_t n)
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

/* The EXIF orientation (1-8) of the saved APP1 markers of CINFO: 1 when there
 * is none or it is invalid (0 and values over 8 mean "as stored"). */
static int jpeg_orientation(j_decompress_ptr cinfo)
{
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next) {
        if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 &&
            memcmp(m->data, "Exif\0\0", 6) == 0)
            return tiff_orientation(m->data + 6, m->data_length - 6);
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
static cairo_surface_t *orient_surface(cairo_surface_t *raw, int orientation)
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

/* ---- JPEG ---- */

/* libjpeg's error manager, extended so errors jump back instead of exiting. */
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    galley_status_t status;        /* of the failure */
    char message[JMSG_LENGTH_MAX]; /* why decoding stopped */
} jpeg_errors_t;

/* One JPEG decode. It lives in the caller's frame, so what jpeg_decode()
 * changes in it after setjmp() stays valid after a longjmp(). */
typedef struct {
    struct jpeg_decompress_struct cinfo; /* first: the progress monitor finds the job by it */
    jpeg_errors_t errors;
    struct jpeg_progress_mgr progress;
    cairo_surface_t *surface; /* pixels as stored; owned by the job */
    int pixels;               /* decode the pixels (at 1/pixels of the size); else only check */
    int orientation;          /* EXIF, 1-8 */
    int embeddable;           /* the PDF may embed the file as it is */
    size_t end;               /* the bytes read to the EOI marker, inclusive */
} jpeg_job_t;

/* error_exit: keeps libjpeg's message and jumps back to jpeg_decode(). */
_Noreturn static void jpeg_fail(j_common_ptr cinfo)
{
    jpeg_errors_t *errors = (jpeg_errors_t *)cinfo->err;
    if (cinfo->err->msg_code == JERR_OUT_OF_MEMORY)
        errors->status = GALLEY_STATUS_NO_MEMORY;
    (*cinfo->err->format_message)(cinfo, errors->message);
    longjmp(errors->jump, 1);
}

/* emit_message: every warning (LEVEL -1) is damage and stops the decode.
 * libjpeg decodes a truncated or corrupt file "successfully", warning once
 * and drawing grey or smeared blocks; a repeated or inconsistent progressive
 * scan is only warned about and decoded again; stray bytes between markers
 * are "Corrupt JPEG data" in libjpeg's own words. A photo that libjpeg has
 * to warn about is not printed as if it were whole (with --placeholder an
 * FPO box stands in, as for other damage). Trace messages (LEVEL >= 0) are
 * dropped. */
static void jpeg_emit(j_common_ptr cinfo, int level)
{
    jpeg_errors_t *errors = (jpeg_errors_t *)cinfo->err;
    if (level >= 0)
        return;
    (*cinfo->err->format_message)(cinfo, errors->message);
    cinfo->err->num_warnings++;
    longjmp(errors->jump, 1);
}

/* Stops the decode with STATUS and a message of our own. */
_Noreturn static void jpeg_stop(jpeg_job_t *job, galley_status_t status, const char *message)
{
    job->errors.status = status;
    snprintf(job->errors.message, sizeof job->errors.message, "%s", message);
    longjmp(job->errors.jump, 1);
}

/* progress_monitor: stops a decode at its scan GALLEY_JPEG_MAX_SCANS + 1,
 * before the scan is decoded. Each scan of a progressive JPEG is decoded
 * over the whole image, however few bytes it has: a small file of thousands
 * of scans (the same one repeated, or runs of empty blocks) would take
 * minutes. libjpeg calls this as it reads each row of blocks of a scan. */
static void jpeg_count_scans(j_common_ptr common)
{
    if (!common->is_decompressor)
        return;
    jpeg_job_t *job = (jpeg_job_t *)common; /* cinfo is the job's first member */
    if (job->cinfo.input_scan_number > GALLEY_JPEG_MAX_SCANS) {
        char why[160];
        snprintf(why, sizeof why,
                 "it has more than %d scans (a fixed limit: a progressive photo has about 10; "
                 "so many are damage, or a file made to stall decoders)",
                 GALLEY_JPEG_MAX_SCANS);
        jpeg_stop(job, GALLEY_STATUS_INPUT_ERROR, why);
    }
}

/* Picks libjpeg's output colour space and notes whether the file can be
 * embedded: cairo embeds JPEG bytes as they are, which is right only for
 * YCbCr or grey (CMYK is stored inverted by Adobe) and upright pixels. */
static void jpeg_choose_output(jpeg_job_t *job)
{
    j_decompress_ptr cinfo = &job->cinfo;
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
        cinfo->out_color_space = JCS_GRAYSCALE;
        break;
    case JCS_RGB:
    case JCS_YCbCr:
        cinfo->out_color_space = JCS_RGB;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        cinfo->out_color_space = JCS_CMYK;
        break;
    default:
        jpeg_stop(job, GALLEY_STATUS_INPUT_ERROR, "unsupported JPEG colour space");
    }
    job->embeddable =
        (cinfo->jpeg_color_space == JCS_YCbCr || cinfo->jpeg_color_space == JCS_GRAYSCALE) &&
        !cinfo->arith_code && job->orientation == 1;
}

/* Converts one decoded scanline (grey, RGB or CMYK) to cairo RGB24 pixels. */
static void jpeg_convert_row(j_decompress_ptr cinfo, const JSAMPLE *in, uint32_t *out)
{
    JDIMENSION w = cinfo->output_width;
    if (cinfo->out_color_space == JCS_GRAYSCALE) {
        for (JDIMENSION x = 0; x < w; x++)
            out[x] = (uint32_t)in[x] * 0x010101u;
    } else if (cinfo->out_color_space == JCS_RGB) {
        for (JDIMENSION x = 0; x < w; x++, in += 3)
            out[x] = (uint32_t)in[0] << 16 | (uint32_t)in[1] << 8 | in[2];
    } else {
        /* Adobe writes CMYK inverted (0 = full ink); others write it plainly. */
        unsigned flip = cinfo->saw_Adobe_marker ? 0 : 255;
        for (JDIMENSION x = 0; x < w; x++, in += 4) {
            unsigned c = in[0] ^ flip, m = in[1] ^ flip, y = in[2] ^ flip, k = in[3] ^ flip;
            out[x] = (uint32_t)((c * k + 127) / 255) << 16 | (uint32_t)((m * k + 127) / 255) << 8 |
                     (uint32_t)((y * k + 127) / 255);
        }
    }
}

/* Decodes every scanline of a started decompression into job->surface. */
static void jpeg_read_pixels(jpeg_job_t *job)
{
    j_decompress_ptr cinfo = &job->cinfo;
    job->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)cinfo->output_width,
                                              (int)cinfo->output_height);
    if (cairo_surface_status(job->surface) != CAIRO_STATUS_SUCCESS)
        jpeg_stop(job, GALLEY_STATUS_NO_MEMORY, "out of memory");
    cairo_surface_flush(job->surface);
    unsigned char *pixels = cairo_image_surface_get_data(job->surface);
    int stride = cairo_image_surface_get_stride(job->surface);
    JSAMPARRAY row = (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo, JPOOL_IMAGE,
                                                 cinfo->output_width * cinfo->output_components, 1);
    while (cinfo->output_scanline < cinfo->output_height) {
        JDIMENSION y = cinfo->output_scanline;
        if (jpeg_read_scanlines(cinfo, row, 1) != 1)
            jpeg_stop(job, GALLEY_STATUS_INPUT_ERROR, "decoding stopped early");
        jpeg_convert_row(cinfo, row[0], (uint32_t *)(pixels + (size_t)y * stride));
    }
    cairo_surface_mark_dirty(job->surface);
}

/* Reads every scanline of a started decompression set to 1/8 scale and
 * drops it: libjpeg still decodes every coefficient, so damage shows as it
 * would in a full decode, at a fraction of the cost. */
static void jpeg_check_pixels(jpeg_job_t *job)
{
    j_decompress_ptr cinfo = &job->cinfo;
    JSAMPARRAY row = (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo, JPOOL_IMAGE,
                                                 cinfo->output_width * cinfo->output_components, 1);
    while (cinfo->output_scanline < cinfo->output_height) {
        if (jpeg_read_scanlines(cinfo, row, 1) != 1)
            jpeg_stop(job, GALLEY_STATUS_INPUT_ERROR, "decoding stopped early");
    }
}

/* Decodes DATA (LEN bytes) into job->surface, as stored (not yet upright),
 * or with job->pixels 0 only checks it. Returns 0; 1 when the header gives a size over the limits
 * (in *WIDTH and *HEIGHT), before any pixel is decoded; or -1 with job->errors.status and message
 * set. The caller destroys job->surface in every case. */
static int jpeg_decode(jpeg_job_t *job, const unsigned char *data, size_t len, double max_pixels,
                       uint32_t *width, uint32_t *height)
{
    j_decompress_ptr cinfo = &job->cinfo;
    cinfo->err = jpeg_std_error(&job->errors.base);
    job->errors.base.error_exit = jpeg_fail;
    job->errors.base.emit_message = jpeg_emit;
    job->errors.status = GALLEY_STATUS_INPUT_ERROR;
    if (setjmp(job->errors.jump)) {
        jpeg_destroy_decompress(cinfo);
        return -1;
    }
    jpeg_create_decompress(cinfo);
    job->progress.progress_monitor = jpeg_count_scans;
    cinfo->progress = &job->progress;
    jpeg_mem_src(cinfo, data, (unsigned long)len);
    jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xffff);
    jpeg_read_header(cinfo, TRUE);
    *width = cinfo->image_width;
    *height = cinfo->image_height;
    if (!size_ok(*width, *height, max_pixels)) {
        jpeg_destroy_decompress(cinfo);
        return 1;
    }
    job->orientation = jpeg_orientation(cinfo);
    jpeg_choose_output(job);
    cinfo->scale_num = 1;
    cinfo->scale_denom = job->pixels ? (unsigned int)job->pixels : 8;
    if (!job->pixels)
        cinfo->do_fancy_upsampling = FALSE;
    jpeg_start_decompress(cinfo);
    if (job->pixels)
        jpeg_read_pixels(job);
    else
        jpeg_check_pixels(job);
    jpeg_finish_decompress(cinfo); /* reads to EOI: damage after the pixels shows here */
    job->end = len - cinfo->src->bytes_in_buffer; /* just past EOI: libjpeg reads no further */
    jpeg_destroy_decompress(cinfo);
    return 0;
}

/* The message for a failed JPEG job. */
static galley_status_t jpeg_failed(const photo_file_t *file, const jpeg_job_t *job,
                                   galley_diags_t *diags)
{
    if (job->errors.status == GALLEY_STATUS_NO_MEMORY)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, file->path, 0, 0, file->field,
                                  "out of memory loading photo '%s'", file->path);
    return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file->path, 0, 0, file->field,
                              "photo '%s' is not a readable JPEG: %s", file->path,
                              job->errors.message);
}

/* Checks a JPEG file whole and fills IMAGE's size (upright), orientation and
 * whether the PDF can embed it; no pixels are kept. */
static galley_status_t jpeg_check(const photo_file_t *file, galley_image_t *image,
                                  galley_diags_t *diags)
{
    jpeg_job_t job;
    memset(&job, 0, sizeof job);
    uint32_t width = 0, height = 0;
    int result = jpeg_decode(&job, file->data, file->len, file->max_pixels, &width, &height);
    cairo_surface_destroy(job.surface);
    if (result > 0)
        return galley_photo_check_size(file, width, height, diags);
    if (result < 0)
        return jpeg_failed(file, &job, diags);
    image->format = PHOTO_JPEG;
    image->orientation = job.orientation;
    image->embeddable = job.embeddable;
    image->end = job.end;
    int swap = job.orientation >= 5;
    image->width = (int)(swap ? height : width);
    image->height = (int)(swap ? width : height);
    return GALLEY_STATUS_SUCCESS;
}

/* Decodes a checked JPEG's pixels at 1/DENOM of its size (1, 2, 4 or 8),
 * upright, into *OUT. */
static galley_status_t jpeg_pixels(const galley_image_t *image, int denom, cairo_surface_t **out,
                                   galley_diags_t *diags)
{
    photo_file_t file = {image->path, NULL, 1e300, image->data, image->len};
    jpeg_job_t job;
    memset(&job, 0, sizeof job);
    job.pixels = denom;
    uint32_t width = 0, height = 0;
    if (jpeg_decode(&job, file.data, file.len, file.max_pixels, &width, &height) != 0) {
        cairo_surface_destroy(job.surface);
        return jpeg_failed(&file, &job, diags);
    }
    cairo_surface_t *surface = job.surface;
    if (job.orientation != 1) {
        cairo_surface_t *turned = orient_surface(surface, job.orientation);
        cairo_surface_destroy(surface);
        surface = turned;
    }
    *out = surface;
    return GALLEY_STATUS_SUCCESS;
}

/* ---- the image ---- */

/* Whether FILE starts almost like a PNG: a damaged signature, typically from
 * a transfer that converted line ends, deserves a clearer message. */
static int looks_like_png(const photo_file_t *file)
{
    const unsigned char *d = file->data;
    if (file->len < 8)
        return 0;
    return d[0] == 0x89 || ((d[1] | 0x20) == 'p' && (d[2] | 0x20) == 'n' && (d[3] | 0x20) == 'g');
}

/* Checks FILE by its magic bytes and fills IMAGE. */
static galley_status_t check(const photo_file_t *file, galley_image_t *image, galley_diags_t *diags)
{
    if (file->len >= 3 && file->data[0] == 0xff && file->data[1] == 0xd8 && file->data[2] == 0xff)
        return jpeg_check(file, image, diags);
    if (galley_png_signature_ok(file))
        return galley_png_check(file, image, diags);
    if (looks_like_png(file))
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file->path, 0, 0, file->field,
                                  "photo '%s' is a damaged PNG: its signature is wrong (was it "
                                  "copied as text?)",
                                  file->path);
    return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file->path, 0, 0, file->field,
                              "'%s' is not a JPEG or PNG image", file->path);
}

/* Says again, naming FILE, what a failed check C of the same bytes said. */
static galley_status_t check_failed_again(const photo_file_t *file, const galley_photo_check_t *c,
                                          galley_diags_t *diags)
{
    return galley_diags_error(diags, (galley_status_t)c->status, file->path, 0, 0, file->field,
                              "%.*s%s%s", (int)c->why_at, c->why, file->path, c->why + c->why_at);
}

/* Keeps in CHECKS the failure of FILE's check (KEY) that DIAGS's last record
 * says: damage only (a limit may be raised, memory may come back), and only
 * a message that names the photo's path, which is cut out (another path
 * with the same bytes is named in its place). */
static void check_keep_failure(const photo_file_t *file, const galley_photo_key_t *key,
                               galley_status_t st, galley_photo_checks_t *checks,
                               const galley_diags_t *diags, size_t said)
{
    if (st != GALLEY_STATUS_INPUT_ERROR || !checks || !diags || diags->count != said + 1)
        return;
    const char *message = diags->items[said].message;
    const char *at = message ? strstr(message, file->path) : NULL;
    if (!at)
        return;
    size_t why_at = (size_t)(at - message), path_len = strlen(file->path);
    char *why = malloc(strlen(message) - path_len + 1);
    if (!why)
        return;
    memcpy(why, message, why_at);
    strcpy(why + why_at, at + path_len);
    galley_photo_check_t failed = {0};
    failed.status = st, failed.why = why, failed.why_at = why_at;
    galley_photo_checks_add(checks, key, &failed);
    free(why);
}

/* Checks FILE (its bytes' key KEY) into IMAGE, or takes the check CHECKS has
 * of those bytes. A check that fails is kept like one that passes: a
 * damaged photo named twice, or rendered again in one context, is refused
 * without being decoded again (photo_checks.h). */
static galley_status_t check_once(const photo_file_t *file, const galley_photo_key_t *key,
                                  galley_image_t *image, galley_photo_checks_t *checks,
                                  galley_diags_t *diags)
{
    const galley_photo_check_t *c = galley_photo_checks_find(checks, key);
    if (c && c->status)
        return check_failed_again(file, c, diags);
    if (c && (c->end == 0 || c->end > file->len))
        c = NULL; /* a line of the file that cannot be this photo's: check it again */
    if (c) {      /* the limits may have changed since */
        galley_status_t st =
            galley_photo_check_size(file, (uint32_t)c->width, (uint32_t)c->height, diags);
        if (st)
            return st;
        image->format = c->format, image->orientation = c->orientation;
        image->width = c->width, image->height = c->height;
        image->embeddable = c->embeddable, image->channels = c->channels;
        image->end = c->end;
        return GALLEY_STATUS_SUCCESS;
    }
    size_t said = diags ? diags->count : 0; /* DIAGS may be NULL, as anywhere */
    galley_status_t st = check(file, image, diags);
    if (st) {
        check_keep_failure(file, key, st, checks, diags, said);
    } else if (checks && !image->pixels && diags && diags->count == said) {
        /* a photo decoded at load (image->pixels) is checked by that decoding */
        galley_photo_check_t found = {image->format,
                                      image->width,
                                      image->height,
                                      image->orientation,
                                      image->embeddable,
                                      image->channels,
                                      image->end,
                                      0,
                                      NULL,
                                      0};
        galley_photo_checks_add(checks, key, &found);
    }
    return st;
}

galley_status_t galley_image_load(const char *path, const galley_image_rules_t *rules,
                                  galley_photo_checks_t *checks, galley_image_t **out, int *outside,
                                  galley_diags_t *diags)
{
    *out = NULL;
    galley_photo_file_t read;
    galley_status_t status = galley_photo_file_read(path, rules, &read, outside, diags);
    if (status != GALLEY_STATUS_SUCCESS)
        return status;
    const char *field = rules->field;
    galley_image_t *image = calloc(1, sizeof *image);
    if (image) /* with a root, the real path of the file read */
        image->path = read.real ? read.real : strdup(path);
    else
        free(read.real);
    if (!image || !image->path) {
        free(read.data);
        galley_image_destroy(image);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, field,
                                  "out of memory loading photo '%s'", path);
    }
    path = image->path;
    double max_pixels = rules->max_mpixels > 0 ? rules->max_mpixels * 1e6 : GALLEY_IMAGE_MAX_PIXELS;
    photo_file_t file = {path, field, max_pixels, read.data, read.len};
    image->data = file.data;
    image->len = file.len;
    /* One hash of the bytes: the key of the photo's check, and its id (the
     * same bytes, read twice or from two paths, are embedded once). */
    galley_photo_key_t key;
    if (galley_photo_key(file.data, file.len, &key) != 0) {
        galley_image_destroy(image);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, field,
                                  "cannot hash photo '%s'", path);
    }
    memcpy(image->id, key.hex, sizeof image->id - 1);
    image->id[sizeof image->id - 1] = '\0';
    status = check_once(&file, &key, image, checks, diags);
    if (status != GALLEY_STATUS_SUCCESS) {
        galley_image_destroy(image);
        return status;
    }
    *out = image;
    return GALLEY_STATUS_SUCCESS;
}

/* ---- sources for drawing ---- */

/* Sets mime data TYPE on S to a copy of DATA (LEN bytes). */
static int attach_copy(cairo_surface_t *s, const char *type, const void *data, size_t len)
{
    unsigned char *copy = malloc(len ? len : 1);
    if (!copy)
        return -1;
    memcpy(copy, data, len);
    if (cairo_surface_set_mime_data(s, type, copy, len, free, copy) != CAIRO_STATUS_SUCCESS) {
        free(copy);
        return -1;
    }
    return 0;
}

/* The stand-in for a PNG's data in cairo's PDF: the smallest JPEG stream
 * cairo accepts (a start, a comment naming the image, a frame header with the
 * PNG's size and channels, an end), in BUF (at least 64 bytes); returns its
 * length. cairo writes it as the image's stream; the PDF writer replaces it. */
static size_t png_stand_in(const galley_image_t *image, unsigned char *buf)
{
    char tag[64];
    int tag_len = snprintf(tag, sizeof tag, "%s%s", GALLEY_IMAGE_PNG_TAG, image->id);
    size_t n = 0;
    buf[n++] = 0xff, buf[n++] = 0xd8; /* SOI */
    buf[n++] = 0xff, buf[n++] = 0xfe; /* COM */
    buf[n++] = 0, buf[n++] = (unsigned char)(tag_len + 2);
    memcpy(buf + n, tag, (size_t)tag_len);
    n += (size_t)tag_len;
    int nc = image->channels;
    buf[n++] = 0xff, buf[n++] = 0xc0; /* SOF0 */
    buf[n++] = 0, buf[n++] = (unsigned char)(8 + 3 * nc);
    buf[n++] = 8; /* bits */
    buf[n++] = (unsigned char)(image->height >> 8), buf[n++] = (unsigned char)image->height;
    buf[n++] = (unsigned char)(image->width >> 8), buf[n++] = (unsigned char)image->width;
    buf[n++] = (unsigned char)nc;
    for (int c = 0; c < nc; c++)
        buf[n++] = (unsigned char)(c + 1), buf[n++] = 0x11, buf[n++] = 0;
    buf[n++] = 0xff, buf[n++] = 0xd9; /* EOI */
    return n;
}

int galley_image_stand_in_id(const unsigned char *data, size_t n, char id[41])
{
    size_t tag = strlen(GALLEY_IMAGE_PNG_TAG);
    /* SOI, then a COM marker (2 bytes, 2 of length) holding the tag and id */
    if (n < 6 + tag + 40 || data[2] != 0xff || data[3] != 0xfe ||
        memcmp(data + 6, GALLEY_IMAGE_PNG_TAG, tag) != 0)
        return 0;
    memcpy(id, data + 6 + tag, 40);
    id[40] = '\0';
    return 1;
}

/* Makes IMAGE's PDF source: one pixel carrying its JPEG bytes or its PNG
 * stand-in. cairo's PDF embeds the mime data at the data's own size and
 * draws it over the surface's extent, so the pixel is all it needs; and it
 * is all cairo copies when the surface goes before cairo's snapshot of it
 * (cairo 1.16 keeps a snapshot of every painted source to the end). */
static galley_status_t pdf_source(galley_image_t *image, galley_diags_t *diags)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    int failed = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    if (!failed && image->format == PHOTO_JPEG) {
        /* The file's bytes to its EOI, not a copy: IMAGE outlives S, which it
         * owns. Bytes after EOI are no part of the image (a file padded to
         * the photo file limit must not put that much into the PDF). */
        size_t n = image->end > 0 && image->end <= image->len ? image->end : image->len;
        failed = cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, image->data, n, NULL, NULL) !=
                 CAIRO_STATUS_SUCCESS;
    } else if (!failed) {
        unsigned char stand_in[128];
        failed = attach_copy(s, CAIRO_MIME_TYPE_JPEG, stand_in, png_stand_in(image, stand_in));
    }
    if (!failed)
        failed = attach_copy(s, CAIRO_MIME_TYPE_UNIQUE_ID, image->id, strlen(image->id));
    if (failed) {
        cairo_surface_destroy(s);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, image->path, 0, 0, NULL,
                                  "out of memory drawing photo '%s'", image->path);
    }
    image->pdf = s;
    return GALLEY_STATUS_SUCCESS;
}

/* Decodes IMAGE's pixels, a JPEG at 1/DENOM of its size. */
static galley_status_t pixels(galley_image_t *image, int denom, galley_diags_t *diags)
{
    cairo_surface_t *s = NULL;
    photo_file_t file = {image->path, NULL, 1e300, image->data, image->len};
    if (image->format != PHOTO_JPEG)
        denom = 1;
    galley_status_t st = image->format == PHOTO_JPEG ? jpeg_pixels(image, denom, &s, diags)
                                                     : galley_png_decode(&file, &s, diags);
    if (st)
        return st;
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
        attach_copy(s, CAIRO_MIME_TYPE_UNIQUE_ID, image->id, strlen(image->id))) {
        cairo_surface_destroy(s);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, image->path, 0, 0, NULL,
                                  "out of memory drawing photo '%s'", image->path);
    }
    cairo_surface_destroy(image->pixels);
    image->pixels = s;
    image->pixels_denom = denom;
    return GALLEY_STATUS_SUCCESS;
}

/* The largest of libjpeg's reductions (8, 4, 2, else 1) that still leaves an
 * image pixel for every device pixel when drawn at DEVICE_SCALE; never one
 * for a PDF (print wants every pixel). */
static int pixels_denom(int for_pdf, double device_scale)
{
    int denom = 8;
    while (denom > 1 && (for_pdf || !(device_scale > 0) || denom * device_scale > 1))
        denom /= 2;
    return denom;
}

galley_status_t galley_image_source(galley_image_t *image, int for_pdf, double device_scale,
                                    cairo_surface_t **out, galley_diags_t *diags)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (for_pdf && image->embeddable) {
        if (!image->pdf)
            st = pdf_source(image, diags);
        *out = image->pdf;
        return st;
    }
    int denom = pixels_denom(for_pdf, device_scale);
    if (!image->pixels || image->pixels_denom > denom) /* none yet, or too coarse */
        st = pixels(image, denom, diags);
    *out = image->pixels;
    return st;
}

void galley_image_destroy(galley_image_t *image)
{
    if (!image)
        return;
    cairo_surface_destroy(image->pixels);
    cairo_surface_destroy(image->pdf);
    free(image->data);
    free(image->path);
    free(image);
}
