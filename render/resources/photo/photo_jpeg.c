/* photo_jpeg.c: JPEG photos through libjpeg (see photo.h, photo_priv.h).
 *
 * Owns checking a JPEG held in memory whole (entropy-decoded at 1/8 scale,
 * which reads every coefficient but skips the full inverse DCT, with at most
 * GALLEY_JPEG_MAX_SCANS scans and no libjpeg warning), whether the PDF may
 * embed its bytes as they are, and decoding its pixels at 1, 1/2, 1/4 or 1/8
 * of its size, set upright from its EXIF orientation (photo_exif.c). libjpeg
 * never prints or exits: its errors and warnings jump back here and become an
 * input error naming the file.
 */
#include "photo_priv.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>

/* The EXIF orientation (1-8) of the saved APP1 markers of CINFO: 1 when there
 * is none or it is invalid (0 and values over 8 mean "as stored"). */
static int jpeg_orientation(j_decompress_ptr cinfo)
{
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next) {
        if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 &&
            memcmp(m->data, "Exif\0\0", 6) == 0)
            return galley_exif_orientation(m->data + 6, m->data_length - 6);
    }
    return 1;
}
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
    if (!galley_photo_size_ok(*width, *height, max_pixels)) {
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
galley_status_t galley_jpeg_check(const photo_file_t *file, galley_image_t *image,
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
galley_status_t galley_jpeg_pixels(const galley_image_t *image, int denom, cairo_surface_t **out,
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
        cairo_surface_t *turned = galley_exif_orient_surface(surface, job.orientation);
        cairo_surface_destroy(surface);
        surface = turned;
    }
    *out = surface;
    return GALLEY_STATUS_SUCCESS;
}
