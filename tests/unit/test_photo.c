/* test_photo.c: unit tests of render/photo.c.
 *
 * Owns the checks that photos decode to the right upright size and pixels,
 * that JPEGs carry their own bytes for the PDF only when cairo can embed them
 * as they are, and that every damaged, missing, oversized or foreign file is
 * an input error naming it, and every oversized one a limit error naming the
 * limit; and that a writer's image store (output/image_store.h) decodes a
 * JPEG as small as a raster allows and keeps the finest. Real files come from tests/data/images/
 * and tests/bad/images/ (see SOURCES.md there); JPEGs with particular EXIF orientations and colour
 * spaces are made here with libjpeg into temporary files. Run from the
 * repository root.
 */
#define _DEFAULT_SOURCE /* realpath */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jpeglib.h>
#include <zlib.h>

#include "image_store.h"
#include "photo.h"

#define IMAGES "tests/data/images/"
#define FIELD "photos[0].src"

/* ---- helpers ---- */

/* Reads PATH whole into a new buffer; *LEN gets its size. */
static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long size = ftell(fp);
    assert_true(size > 0);
    rewind(fp);
    unsigned char *data = malloc((size_t)size);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    *len = (size_t)size;
    return data;
}

/* Writes LEN bytes to a new temporary file; returns its path, to be given to
 * drop_temp(). */
static char *write_temp(const void *data, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char template[4096];
    snprintf(template, sizeof template, "%s/galley-test-photo-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(template);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    char *path = strdup(template);
    assert_non_null(path);
    return path;
}

/* Deletes a file made by write_temp() and frees its path. */
static void drop_temp(char *path)
{
    unlink(path);
    free(path);
}

/* Loads PATH with the pixel limit MPX (0: the default), the default file
 * size limit and no root, through CHECKS (may be NULL). */
static galley_status_t load(const char *path, double mpx, galley_photo_checks_t *checks,
                            galley_image_t **image, galley_diags_t *diags)
{
    galley_image_rules_t rules = {FIELD, mpx, 0, NULL, NULL};
    return galley_image_load(path, &rules, checks, image, NULL, diags);
}

/* The store of the writer the tests draw with, as a render has one: made on
 * first need, emptied whenever an image is freed (it is keyed by the image). */
static galley_image_store_t *images;

/* The surface the test's writer draws IMAGE from (galley_image_store_source). */
static galley_status_t image_source(const galley_image_t *image, int for_pdf, double scale,
                                    cairo_surface_t **out)
{
    if (!images)
        images = galley_image_store_create();
    assert_non_null(images);
    return galley_image_store_source(images, image, for_pdf, scale, out, NULL);
}

/* Frees IMAGE, and the writer's store with the surfaces it made of it. */
static void image_free(galley_image_t *image)
{
    galley_image_store_destroy(images);
    images = NULL;
    galley_image_destroy(image);
}

/* IMAGE's decoded pixels (the store's for a raster output). */
static cairo_surface_t *pixels(galley_image_t *image)
{
    cairo_surface_t *s = NULL;
    assert_int_equal(image_source(image, 0, 0, &s), GALLEY_STATUS_SUCCESS);
    assert_non_null(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    return s;
}

/* The surface IMAGE is drawn from on a PDF surface. */
static cairo_surface_t *pdf_source(galley_image_t *image)
{
    cairo_surface_t *s = NULL;
    assert_int_equal(image_source(image, 1, 0, &s), GALLEY_STATUS_SUCCESS);
    assert_non_null(s);
    return s;
}

/* Loads PATH, which must succeed without errors or warnings. */
static galley_image_t *load_ok(const char *path)
{
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_image_t *image = NULL;
    galley_status_t status = load(path, 0, NULL, &image, &diags);
    if (status != GALLEY_STATUS_SUCCESS || diags.count)
        fail_msg("%s: %s", path, diags.count ? diags.items[0].formatted : "no message");
    galley_diags_fini(&diags);
    assert_non_null(image);
    assert_string_equal(image->path, path);
    assert_int_equal(image->width, cairo_image_surface_get_width(pixels(image)));
    assert_int_equal(image->height, cairo_image_surface_get_height(pixels(image)));
    return image;
}

/* Loads PATH with the pixel limit MPX (0: default), which must fail with one
 * error of status WANT naming PATH and FIELD whose message contains each of
 * the NULL-terminated strings in AP. */
static void expect_failure(galley_status_t want, double mpx, const char *path, va_list ap)
{
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_image_t sentinel;
    galley_image_t *image = &sentinel; /* must be reset to NULL */
    galley_status_t status = load(path, mpx, NULL, &image, &diags);
    if (status != want)
        fail_msg("%s: status %d, expected %d: %s", path, status, want,
                 diags.count ? diags.items[0].formatted : "no message");
    assert_null(image);
    assert_int_equal(diags.status, want);
    assert_int_equal(galley_diags_count(&diags, GALLEY_SEVERITY_ERROR), 1);
    const galley_diag_t *d = &diags.items[diags.count - 1];
    assert_int_equal(d->severity, GALLEY_SEVERITY_ERROR);
    assert_string_equal(d->file, path);
    assert_string_equal(d->field, FIELD);
    assert_non_null(strstr(d->message, path));
    for (const char *w = va_arg(ap, const char *); w; w = va_arg(ap, const char *))
        if (!strstr(d->message, w))
            fail_msg("'%s' lacks '%s'", d->message, w);
    galley_diags_fini(&diags);
}

/* PATH must fail with one input error; see expect_failure(). */
static void expect_error(const char *path, ...)
{
    va_list ap;
    va_start(ap, path);
    expect_failure(GALLEY_STATUS_INPUT_ERROR, 0, path, ap);
    va_end(ap);
}

/* PATH must fail with one limit error under the pixel limit MPX. */
static void expect_limit(double mpx, const char *path, ...)
{
    va_list ap;
    va_start(ap, path);
    expect_failure(GALLEY_STATUS_LIMIT_ERROR, mpx, path, ap);
    va_end(ap);
}

/* The JPEG bytes attached to SURFACE, or NULL; *LEN gets their size. */
static const unsigned char *jpeg_mime(cairo_surface_t *surface, unsigned long *len)
{
    const unsigned char *data = NULL;
    *len = 0;
    cairo_surface_get_mime_data(surface, CAIRO_MIME_TYPE_JPEG, &data, len);
    return data;
}

typedef struct {
    double r, g, b;
} rgb_t;

/* The average colour of the rectangle [X0, X1) x [Y0, Y1) of an RGB24 or
 * ARGB32 image surface. No cairo_surface_flush(): in cairo 1.16 it drops the
 * JPEG mime data, and a surface fresh from galley_image_load() is flushed. */
static rgb_t average(cairo_surface_t *surface, int x0, int y0, int x1, int y1)
{
    const unsigned char *data = cairo_image_surface_get_data(surface);
    int stride = cairo_image_surface_get_stride(surface);
    double r = 0, g = 0, b = 0;
    for (int y = y0; y < y1; y++) {
        const uint32_t *row = (const uint32_t *)(data + (size_t)y * stride);
        for (int x = x0; x < x1; x++) {
            r += row[x] >> 16 & 0xff;
            g += row[x] >> 8 & 0xff;
            b += row[x] & 0xff;
        }
    }
    double n = (double)(x1 - x0) * (y1 - y0);
    return (rgb_t){r / n, g / n, b / n};
}

/* Asserts that two colours differ by at most TOLERANCE in every channel. */
static void assert_rgb_near(rgb_t got, rgb_t want, double tolerance, const char *what)
{
    if (got.r - want.r > tolerance || want.r - got.r > tolerance || got.g - want.g > tolerance ||
        want.g - got.g > tolerance || got.b - want.b > tolerance || want.b - got.b > tolerance)
        fail_msg("%s: got (%.0f, %.0f, %.0f), want (%.0f, %.0f, %.0f)", what, got.r, got.g, got.b,
                 want.r, want.g, want.b);
}

/* ---- making JPEGs ---- */

/* What make_jpeg() writes. */
typedef struct {
    int width, height;
    J_COLOR_SPACE input;  /* JCS_RGB, JCS_GRAYSCALE or JCS_CMYK */
    J_COLOR_SPACE stored; /* the file's colour space */
    /* fills PIXEL (input components) at (X, Y) */
    void (*pixel)(int x, int y, int width, int height, JSAMPLE *pixel);
    const unsigned char *app1; /* an APP1 marker to write, or NULL */
    size_t app1_len;
    int plain_cmyk; /* CMYK without the Adobe marker, so not inverted */
} jpeg_spec_t;

/* Encodes SPEC at quality 100 without chroma subsampling into a temporary
 * file; returns its path for drop_temp(). */
static char *make_jpeg(const jpeg_spec_t *spec)
{
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    unsigned char *buffer = NULL;
    unsigned long size = 0;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buffer, &size);
    cinfo.image_width = (JDIMENSION)spec->width;
    cinfo.image_height = (JDIMENSION)spec->height;
    cinfo.in_color_space = spec->input;
    cinfo.input_components = spec->input == JCS_GRAYSCALE ? 1 : spec->input == JCS_CMYK ? 4 : 3;
    jpeg_set_defaults(&cinfo);
    jpeg_set_colorspace(&cinfo, spec->stored);
    if (spec->plain_cmyk)
        cinfo.write_Adobe_marker = FALSE;
    jpeg_set_quality(&cinfo, 100, TRUE);
    for (int i = 0; i < cinfo.num_components; i++)
        cinfo.comp_info[i].h_samp_factor = cinfo.comp_info[i].v_samp_factor = 1;
    jpeg_start_compress(&cinfo, TRUE);
    if (spec->app1)
        jpeg_write_marker(&cinfo, JPEG_APP0 + 1, spec->app1, (unsigned int)spec->app1_len);
    JSAMPLE *row = malloc((size_t)spec->width * cinfo.input_components);
    assert_non_null(row);
    for (int y = 0; y < spec->height; y++) {
        for (int x = 0; x < spec->width; x++)
            spec->pixel(x, y, spec->width, spec->height, row + x * cinfo.input_components);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    free(row);
    char *path = write_temp(buffer, size);
    free(buffer);
    return path;
}

/* The four quadrant colours of the test pattern: A top left, B top right,
 * C bottom left, D bottom right. */
static const rgb_t quadrant_colours[4] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};

/* pixel() of four quadrants in quadrant_colours, RGB. */
static void quadrant_pixel(int x, int y, int width, int height, JSAMPLE *pixel)
{
    rgb_t c = quadrant_colours[(y >= height / 2) * 2 + (x >= width / 2)];
    pixel[0] = (JSAMPLE)c.r;
    pixel[1] = (JSAMPLE)c.g;
    pixel[2] = (JSAMPLE)c.b;
}

/* Builds an EXIF APP1 payload with one IFD entry, orientation VALUE, in
 * big- (BIG) or little-endian order. OUT must hold 34 bytes; returns the
 * length. */
static size_t exif_app1(unsigned char *out, unsigned value, int big)
{
    /* clang-format off */
    static const unsigned char mm[] = {
        'E', 'x', 'i', 'f', 0, 0,          /* APP1 EXIF header */
        'M', 'M', 0, 42, 0, 0, 0, 8,       /* TIFF header: big-endian, IFD at 8 */
        0, 1,                              /* one entry */
        0x01, 0x12, 0, 3, 0, 0, 0, 1,      /* tag 0x0112, SHORT, count 1 */
        0, 0, 0, 0,                        /* value */
        0, 0, 0, 0,                        /* no next IFD */
        0, 0};
    static const unsigned char ii[] = {
        'E', 'x', 'i', 'f', 0, 0,
        'I', 'I', 42, 0, 8, 0, 0, 0,       /* little-endian */
        1, 0,
        0x12, 0x01, 3, 0, 1, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0,
        0, 0};
    /* clang-format on */
    memcpy(out, big ? mm : ii, sizeof mm);
    out[big ? 25 : 24] = (unsigned char)value; /* the SHORT value, first two bytes */
    return sizeof mm;
}

/* Makes a 64x32 quadrant-pattern JPEG with EXIF orientation VALUE. */
static char *make_oriented_jpeg(unsigned value, int big)
{
    unsigned char app1[34];
    jpeg_spec_t spec = {64, 32, JCS_RGB, JCS_YCbCr, quadrant_pixel, app1, 0, 0};
    spec.app1_len = exif_app1(app1, value, big);
    return make_jpeg(&spec);
}

/* ---- JPEG ---- */

/* A plain photo decodes to its size and carries its own bytes for the PDF. */
static void test_jpeg_decodes_with_mime_data(void **state)
{
    (void)state;
    galley_image_t *image = load_ok(IMAGES "rocket.jpg");
    assert_int_equal(image->width, 640);
    assert_int_equal(image->height, 427);
    assert_int_equal(cairo_image_surface_get_format(pixels(image)), CAIRO_FORMAT_RGB24);
    size_t len;
    unsigned char *file = read_all(IMAGES "rocket.jpg", &len);
    unsigned long mime_len;
    const unsigned char *mime = jpeg_mime(pdf_source(image), &mime_len);
    assert_non_null(mime);
    assert_int_equal(mime_len, len);
    assert_memory_equal(mime, file, len);
    /* a dusk-blue sky at the top, not black or garbage */
    rgb_t sky = average(pixels(image), 0, 0, 640, 40);
    if (!(sky.b > sky.r + 20 && sky.b > sky.g && sky.b > 50))
        fail_msg("sky (%.0f, %.0f, %.0f) is not blue", sky.r, sky.g, sky.b);
    free(file);
    image_free(image);
}

/* A JPEG cut short decodes "successfully" in libjpeg; here it is an error. */
static void test_jpeg_truncated_is_error(void **state)
{
    (void)state;
    expect_error(IMAGES "truncated.jpg", "JPEG", "Premature end", NULL);
}

/* The photo cut in half, and cut right after its header. */
static void test_jpeg_cut_short_is_error(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = read_all(IMAGES "rocket.jpg", &len);
    char *half = write_temp(data, len / 2);
    expect_error(half, "JPEG", NULL);
    char *header = write_temp(data, 3);
    expect_error(header, "JPEG", NULL);
    drop_temp(half);
    drop_temp(header);
    free(data);
}

/* A copy of the JPEG DATA (LEN bytes, SOI then APP0) with 3 stray bytes
 * after its APP0 segment: libjpeg warns "Corrupt JPEG data: 3 extraneous
 * bytes before marker". LEN + 3 bytes, to be freed. */
static unsigned char *with_stray_bytes(const unsigned char *data, size_t len)
{
    size_t app0_end = 4 + ((size_t)data[4] << 8 | data[5]);
    assert_true(data[2] == 0xff && data[3] == 0xe0 && app0_end < len);
    unsigned char *padded = malloc(len + 3);
    assert_non_null(padded);
    memcpy(padded, data, app0_end);
    memcpy(padded + app0_end, "xyz", 3);
    memcpy(padded + app0_end + 3, data + app0_end, len - app0_end);
    return padded;
}

/* Loads PATH with the pixel limit MPX through CHECKS into *IMAGE (freed
 * first); returns the status and adds the messages to DIAGS. */
static galley_status_t load_checked(const char *path, double mpx, galley_photo_checks_t *checks,
                                    galley_image_t **image, galley_diags_t *diags)
{
    image_free(*image);
    *image = NULL;
    return load(path, mpx, checks, image, diags);
}

/* A context's checks: a file read again unchanged takes the first check's
 * result; the pixel limit holds for it all the same; a file changed in place
 * (same path, same length) is checked again; a check that failed is kept as
 * a failure, and says so again naming the path it is asked for. */
static void test_photo_checks(void **state)
{
    (void)state;
    galley_photo_checks_t *checks = galley_photo_checks_create(NULL);
    assert_non_null(checks);
    size_t len;
    unsigned char *data = read_all(IMAGES "rocket.jpg", &len);
    char *path = write_temp(data, len);
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_image_t *first = NULL, *again = NULL;
    assert_int_equal(load_checked(path, 0, checks, &first, &diags), GALLEY_STATUS_SUCCESS);
    assert_int_equal(load_checked(path, 0, checks, &again, &diags), GALLEY_STATUS_SUCCESS);
    assert_int_equal(diags.count, 0);
    assert_string_equal(again->id, first->id);
    assert_int_equal(again->width, first->width);
    assert_int_equal(again->height, first->height);
    assert_int_equal(again->orientation, first->orientation);
    assert_int_equal(again->embeddable, first->embeddable);
    assert_int_equal(again->format, first->format);
    /* 640 x 427 is over 0.2 million pixels, checked before or not */
    assert_int_equal(load_checked(path, 0.2, checks, &again, &diags), GALLEY_STATUS_LIMIT_ERROR);
    galley_diags_clear(&diags);
    /* The same path and length, other bytes: no longer a JPEG */
    data[1] = 0;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(load_checked(path, 0, checks, &again, &diags), GALLEY_STATUS_INPUT_ERROR);
    galley_diags_clear(&diags);
    /* A check that fails is kept too: the same damaged bytes under another
     * path are refused again, naming that path, from the kept failure */
    data[1] = 0xd8;
    unsigned char *padded = with_stray_bytes(data, len);
    char *warns = write_temp(padded, len + 3), *copy = write_temp(padded, len + 3);
    galley_photo_key_t key;
    assert_int_equal(galley_photo_key(padded, len + 3, &key), 0);
    assert_null(galley_photo_checks_find(checks, &key));
    assert_int_equal(load_checked(warns, 0, checks, &again, &diags), GALLEY_STATUS_INPUT_ERROR);
    const galley_photo_check_t *kept = galley_photo_checks_find(checks, &key);
    assert_non_null(kept);
    assert_int_equal(kept->status, GALLEY_STATUS_INPUT_ERROR);
    assert_null(strstr(kept->why, warns)); /* the path is cut out */
    assert_int_equal(load_checked(copy, 0, checks, &again, &diags), GALLEY_STATUS_INPUT_ERROR);
    assert_int_equal(diags.count, 2);
    char want[512];
    snprintf(want, sizeof want, "%.*s%s%s", (int)kept->why_at, kept->why, copy,
             kept->why + kept->why_at);
    assert_string_equal(diags.items[1].message, want);
    assert_non_null(strstr(diags.items[1].message, copy));
    assert_non_null(strstr(diags.items[1].message, "extraneous"));
    drop_temp(copy);
    image_free(first);
    image_free(again);
    galley_diags_fini(&diags);
    galley_photo_checks_destroy(checks);
    drop_temp(warns);
    drop_temp(path);
    free(padded);
    free(data);
}

/* Stray bytes between two header segments: libjpeg only warns ("Corrupt
 * JPEG data: 3 extraneous bytes"), and every libjpeg warning is damage. */
static void test_jpeg_warning_is_error(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = read_all(IMAGES "rocket.jpg", &len);
    unsigned char *padded = with_stray_bytes(data, len);
    char *path = write_temp(padded, len + 3);
    expect_error(path, "is not a readable JPEG: Corrupt JPEG data: 3 extraneous bytes", NULL);
    drop_temp(path);
    free(padded);
    free(data);
}

/* The JPEG FILE (LEN bytes) with its last scan written TIMES times in all,
 * in a temporary file. */
static char *repeat_last_scan(const unsigned char *file, size_t len, int times)
{
    size_t sos = 0, eoi = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (file[i] == 0xff && file[i + 1] == 0xda)
            sos = i;
        if (file[i] == 0xff && file[i + 1] == 0xd9)
            eoi = i;
    }
    assert_true(sos > 0 && eoi > sos);
    size_t scan = eoi - sos, n = sos + scan * (size_t)times + (len - eoi);
    unsigned char *out = malloc(n), *p = out;
    assert_non_null(out);
    memcpy(p, file, sos), p += sos;
    for (int i = 0; i < times; i++)
        memcpy(p, file + sos, scan), p += scan;
    memcpy(p, file + eoi, len - eoi);
    char *path = write_temp(out, n);
    free(out);
    return path;
}

/* Scans are capped: progressive.jpg (3 scans by spectral selection alone,
 * tests/bad/images/SOURCES.md) with its last scan repeated to 100 scans
 * loads (libjpeg decodes a repeat with no warning), to 101 it is refused
 * before the 101st is decoded; a repeated successive-approximation scan
 * draws libjpeg's warning, which is damage. */
static void test_jpeg_scan_limit(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = read_all("tests/bad/images/progressive.jpg", &len);
    char *at_limit = repeat_last_scan(data, len, GALLEY_JPEG_MAX_SCANS - 2);
    image_free(load_ok(at_limit));
    drop_temp(at_limit);
    char *over = repeat_last_scan(data, len, GALLEY_JPEG_MAX_SCANS - 1);
    expect_error(over, "is not a readable JPEG: it has more than 100 scans", NULL);
    drop_temp(over);
    free(data);
    /* cjpeg -progress's scans for grey: the last refines the AC bits */
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    unsigned char *buffer = NULL;
    unsigned long size = 0;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buffer, &size);
    cinfo.image_width = cinfo.image_height = 64;
    cinfo.in_color_space = JCS_GRAYSCALE;
    cinfo.input_components = 1;
    jpeg_set_defaults(&cinfo);
    jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    JSAMPLE row[64];
    for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++)
            row[x] = (JSAMPLE)(x * y / 16);
        JSAMPROW rows[1] = {row};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    char *whole = write_temp(buffer, size), *twice = repeat_last_scan(buffer, size, 2);
    image_free(load_ok(whole));
    expect_error(twice, "is not a readable JPEG: Inconsistent progression sequence", NULL);
    drop_temp(whole);
    drop_temp(twice);
    free(buffer);
}

/* Bytes after a JPEG's EOI are no part of it: the PDF embeds the file only
 * to its EOI (a 1 x 1 photo padded to the file limit must not put 50 MB in
 * the PDF), and a check kept of it keeps where it ends. */
static void test_jpeg_bytes_after_eoi(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = read_all(IMAGES "rocket.jpg", &len);
    unsigned char *padded = calloc(1, len + 100000);
    assert_non_null(padded);
    memcpy(padded, data, len);
    char *path = write_temp(padded, len + 100000);
    galley_photo_checks_t *checks = galley_photo_checks_create(NULL);
    for (int i = 0; i < 2; i++) { /* checked, then taken from the check kept */
        galley_image_t *image = NULL;
        assert_int_equal(load(path, 0, checks, &image, NULL), GALLEY_STATUS_SUCCESS);
        assert_int_equal(image->len, len + 100000);
        assert_int_equal(image->end, len);
        unsigned long mime_len;
        const unsigned char *mime = jpeg_mime(pdf_source(image), &mime_len);
        assert_int_equal(mime_len, len);
        assert_memory_equal(mime, data, len);
        image_free(image);
    }
    galley_photo_checks_destroy(checks);
    drop_temp(path);
    free(padded);
    free(data);
}

/* A JPEG whose frame header claims 40000x40000 is refused before decoding. */
static void test_jpeg_over_limit_is_error(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = read_all(IMAGES "rocket.jpg", &len);
    size_t sof = 2;
    while (sof + 9 < len && !(data[sof] == 0xff && data[sof + 1] == 0xc0))
        sof++;
    assert_true(sof + 9 < len);
    data[sof + 5] = data[sof + 7] = 40000 >> 8; /* height, width: big-endian */
    data[sof + 6] = data[sof + 8] = 40000 & 0xff;
    char *path = write_temp(data, len);
    expect_limit(0, path, "40000x40000", "30000 pixels per side", NULL);
    drop_temp(path);
    free(data);
}

/* pixel() of a flat grey. */
static void grey_pixel(int x, int y, int width, int height, JSAMPLE *pixel)
{
    (void)x, (void)y, (void)width, (void)height;
    pixel[0] = 100;
}

/* Grey JPEGs decode to grey pixels and keep their bytes for the PDF. */
static void test_jpeg_greyscale(void **state)
{
    (void)state;
    jpeg_spec_t spec = {32, 16, JCS_GRAYSCALE, JCS_GRAYSCALE, grey_pixel, NULL, 0, 0};
    char *path = make_jpeg(&spec);
    galley_image_t *image = load_ok(path);
    assert_int_equal(image->width, 32);
    assert_int_equal(image->height, 16);
    assert_rgb_near(average(pixels(image), 0, 0, 32, 16), (rgb_t){100, 100, 100}, 2, "grey");
    unsigned long mime_len;
    assert_non_null(jpeg_mime(pdf_source(image), &mime_len));
    image_free(image);
    drop_temp(path);
}

/* Red ink on the left, half black on the right, as ink amounts. */
static const JSAMPLE *cmyk_ink(int x, int width)
{
    static const JSAMPLE red[4] = {0, 255, 255, 0}, grey[4] = {0, 0, 0, 128};
    return x < width / 2 ? red : grey;
}

/* pixel() of Adobe CMYK, stored inverted (255 = no ink). */
static void adobe_cmyk_pixel(int x, int y, int width, int height, JSAMPLE *pixel)
{
    (void)y, (void)height;
    for (int i = 0; i < 4; i++)
        pixel[i] = (JSAMPLE)(255 - cmyk_ink(x, width)[i]);
}

/* pixel() of plain CMYK (0 = no ink). */
static void plain_cmyk_pixel(int x, int y, int width, int height, JSAMPLE *pixel)
{
    (void)y, (void)height;
    memcpy(pixel, cmyk_ink(x, width), 4);
}

/* CMYK and YCCK JPEGs as Photoshop writes them (inverted, with the Adobe
 * marker) and plain CMYK come out in the right colours and carry no JPEG
 * bytes, which cairo would embed inverted. */
static void test_jpeg_cmyk(void **state)
{
    (void)state;
    static const jpeg_spec_t specs[3] = {
        {32, 16, JCS_CMYK, JCS_CMYK, adobe_cmyk_pixel, NULL, 0, 0},
        {32, 16, JCS_CMYK, JCS_YCCK, adobe_cmyk_pixel, NULL, 0, 0},
        {32, 16, JCS_CMYK, JCS_CMYK, plain_cmyk_pixel, NULL, 0, 1},
    };
    for (int i = 0; i < 3; i++) {
        const jpeg_spec_t spec = specs[i];
        char *path = make_jpeg(&spec);
        galley_image_t *image = load_ok(path);
        assert_int_equal(image->width, 32);
        assert_rgb_near(average(pixels(image), 4, 4, 12, 12), (rgb_t){255, 0, 0}, 8, "red");
        assert_rgb_near(average(pixels(image), 20, 4, 28, 12), (rgb_t){127, 127, 127}, 8, "grey");
        unsigned long mime_len;
        assert_null(jpeg_mime(pdf_source(image), &mime_len));
        image_free(image);
        drop_temp(path);
    }
}

/* A JPEG stored as RGB (no YCbCr transform) decodes right but is not
 * embedded as it is. */
static void test_jpeg_rgb_not_embedded(void **state)
{
    (void)state;
    jpeg_spec_t spec = {64, 32, JCS_RGB, JCS_RGB, quadrant_pixel, NULL, 0, 0};
    char *path = make_jpeg(&spec);
    galley_image_t *image = load_ok(path);
    assert_rgb_near(average(pixels(image), 8, 4, 24, 12), quadrant_colours[0], 8, "red");
    assert_rgb_near(average(pixels(image), 40, 20, 56, 28), quadrant_colours[3], 8, "white");
    unsigned long mime_len;
    assert_null(jpeg_mime(pdf_source(image), &mime_len));
    image_free(image);
    drop_temp(path);
}

/* ---- EXIF orientation ---- */

/* For each orientation, which stored quadrant (0 A top left, 1 B top right,
 * 2 C bottom left, 3 D bottom right) shows at the upright top left, top
 * right, bottom left and bottom right. Worked out from the EXIF definition
 * ("row 0 is the visual left, column 0 the visual top" and so on). */
static const int upright_quadrants[9][4] = {
    {0, 1, 2, 3}, /* 0: invalid, as stored */
    {0, 1, 2, 3}, /* 1: as stored */
    {1, 0, 3, 2}, /* 2: mirrored left-right */
    {3, 2, 1, 0}, /* 3: turned 180 */
    {2, 3, 0, 1}, /* 4: mirrored top-bottom */
    {0, 2, 1, 3}, /* 5: transposed */
    {2, 0, 3, 1}, /* 6: turned 90 anticlockwise in the file */
    {3, 1, 2, 0}, /* 7: transversed */
    {1, 3, 0, 2}, /* 8: turned 90 clockwise in the file */
};

/* Checks that IMAGE shows the quadrants of orientation VALUE upright. */
static void check_upright(galley_image_t *image, unsigned value)
{
    int w = image->width, h = image->height;
    int x[2] = {w / 8, w / 2 + w / 8}, y[2] = {h / 8, h / 2 + h / 8};
    for (int q = 0; q < 4; q++) {
        char what[64];
        snprintf(what, sizeof what, "orientation %u quadrant %d", value, q);
        rgb_t got = average(pixels(image), x[q % 2], y[q / 2], x[q % 2] + w / 4, y[q / 2] + h / 4);
        assert_rgb_near(got, quadrant_colours[upright_quadrants[value][q]], 12, what);
    }
}

/* Every orientation value in both byte orders comes out upright; only the
 * ones shown as stored keep their JPEG bytes. */
static void test_exif_all_orientations(void **state)
{
    (void)state;
    for (unsigned value = 0; value <= 9; value++) {
        for (int big = 0; big <= 1; big++) {
            char *path = make_oriented_jpeg(value, big);
            galley_image_t *image = load_ok(path);
            int turned = value >= 5 && value <= 8;
            assert_int_equal(image->width, turned ? 32 : 64);
            assert_int_equal(image->height, turned ? 64 : 32);
            check_upright(image, value <= 8 ? value : 1);
            unsigned long mime_len;
            int as_stored = value <= 1 || value > 8;
            assert_int_equal(jpeg_mime(pdf_source(image), &mime_len) != NULL, as_stored);
            image_free(image);
            drop_temp(path);
        }
    }
}

/* EXIF blocks with offsets pointing outside them are ignored, not followed. */
static void test_exif_damaged_is_ignored(void **state)
{
    (void)state;
    unsigned char app1[34];
    size_t len = exif_app1(app1, 6, 1);
    static const struct {
        size_t at, at2;
        unsigned char byte, byte2;
        size_t len;
    } damage[] = {
        {10, 10, 0xff, 0xff, 34}, /* IFD offset far outside */
        {13, 13, 26, 26, 34},     /* IFD offset at the very end */
        {15, 17, 0xff, 0x13, 34}, /* 255 entries in a one-entry IFD, none the orientation */
        {0, 0, 'E', 'E', 20},     /* the entry cut off */
        {6, 6, 'X', 'X', 34},     /* neither MM nor II */
        {19, 19, 7, 7, 34},       /* orientation of type UNDEFINED */
    };
    for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++) {
        unsigned char copy[34];
        memcpy(copy, app1, len);
        copy[damage[i].at] = damage[i].byte;
        copy[damage[i].at2] = damage[i].byte2;
        jpeg_spec_t spec = {64, 32, JCS_RGB, JCS_YCbCr, quadrant_pixel, copy, damage[i].len, 0};
        char *path = make_jpeg(&spec);
        galley_image_t *image = load_ok(path);
        assert_int_equal(image->width, 64);
        check_upright(image, 1);
        image_free(image);
        drop_temp(path);
    }
}

/* The same photograph saved with orientations 5, 6 and 8 (real files from
 * recurser/exif-orientation-examples) looks like the one saved as stored:
 * the average colours of a 4x4 grid of cells agree. */
static void test_exif_real_photos_upright(void **state)
{
    (void)state;
    galley_image_t *ref = load_ok(IMAGES "Landscape_0.jpg");
    assert_int_equal(ref->width, 1800);
    assert_int_equal(ref->height, 1200);
    unsigned long mime_len;
    assert_non_null(jpeg_mime(pdf_source(ref), &mime_len)); /* orientation 0 counts as 1 */
    const char *turned[] = {IMAGES "Landscape_5.jpg", IMAGES "Landscape_6.jpg",
                            IMAGES "Landscape_8.jpg"};
    for (size_t i = 0; i < 3; i++) {
        galley_image_t *image = load_ok(turned[i]);
        assert_int_equal(image->width, 1800);
        assert_int_equal(image->height, 1200);
        assert_null(jpeg_mime(pdf_source(image), &mime_len));
        for (int cy = 0; cy < 4; cy++) {
            for (int cx = 0; cx < 4; cx++) {
                int x0 = cx * 450, y0 = cy * 300;
                rgb_t want = average(pixels(ref), x0, y0, x0 + 450, y0 + 300);
                rgb_t got = average(pixels(image), x0, y0, x0 + 450, y0 + 300);
                assert_rgb_near(got, want, 6, turned[i]);
            }
        }
        image_free(image);
    }
    image_free(ref);
}

/* ---- PNG ---- */

/* An 8-bit greyscale PNG from PngSuite. */
/* The number of lines in the file at PATH (0 when it is missing). */
static size_t file_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0;
    for (int c; f && (c = fgetc(f)) != EOF;)
        n += c == '\n';
    if (f)
        fclose(f);
    return n;
}

/* Appends TEXT to the file at PATH. */
static void file_append(const char *path, const char *text)
{
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Checks kept in a file: a check made by one run is found by the next
 * without decoding (shown with a record the test writes for bytes that are
 * no JPEG at all); lines that do not read back whole are passed over; the
 * file grown past its limit is written again with its newest half. */
static void test_photo_checks_file(void **state)
{
    (void)state;
    char *store = write_temp("", 0);
    size_t len;
    unsigned char *data = read_all(IMAGES "rocket.jpg", &len);
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_image_t *image = NULL;
    file_append(store, "v2 nonsense\nv2 00 1 2 3\n\nv3 whatever\n");
    galley_photo_checks_t *checks = galley_photo_checks_create(store);
    assert_int_equal(load_checked(IMAGES "rocket.jpg", 0, checks, &image, &diags),
                     GALLEY_STATUS_SUCCESS);
    galley_photo_checks_destroy(checks);
    assert_int_equal(file_lines(store), 5);
    /* bytes that are not a JPEG, but the file says they were checked */
    data[1] = 0;
    char *fake = write_temp(data, len);
    galley_photo_key_t key;
    assert_int_equal(galley_photo_key(data, len, &key), 0);
    char line[200];
    snprintf(line, sizeof line, "v2 %s 1 640 427 1 1 0 %zu\n", key.hex, len);
    file_append(store, line);
    checks = galley_photo_checks_create(store);
    assert_int_equal(load_checked(fake, 0, checks, &image, &diags), GALLEY_STATUS_SUCCESS);
    assert_int_equal(image->width, 640);
    assert_int_equal(diags.count, 0);
    galley_photo_checks_destroy(checks);
    /* without the file it is checked, and refused */
    checks = galley_photo_checks_create(NULL);
    assert_int_equal(load_checked(fake, 0, checks, &image, &diags), GALLEY_STATUS_INPUT_ERROR);
    galley_photo_checks_destroy(checks);
    galley_diags_clear(&diags);
    /* past the limit, with NULs in it: the newest half stays, the line just made after it */
    FILE *f = fopen(store, "ab");
    assert_non_null(f);
    assert_int_equal(fwrite("\0v2\0\n\0\0\n", 1, 8, f), 8);
    assert_int_equal(fclose(f), 0);
    for (int i = 0; i < PHOTO_CHECKS_MAX; i++) {
        snprintf(line, sizeof line, "v2 %064x 1 10 10 1 1 0 100\n", i);
        file_append(store, line);
    }
    data[1] = 0xd8;
    data[len / 2] ^= 1; /* other bytes, a key the file does not have */
    char *other = write_temp(data, len);
    checks = galley_photo_checks_create(store);
    load_checked(other, 0, checks, &image, &diags);
    galley_photo_checks_destroy(checks);
    assert_in_range(file_lines(store), PHOTO_CHECKS_MAX / 2, PHOTO_CHECKS_MAX / 2 + 1);
    image_free(image);
    galley_diags_fini(&diags);
    drop_temp(other);
    drop_temp(fake);
    drop_temp(store);
    free(data);
}

/* The width of IMAGE's raster source for a device scale of SCALE. */
static int raster_width(galley_image_t *image, double scale)
{
    cairo_surface_t *s = NULL;
    assert_int_equal(image_source(image, 0, scale, &s), GALLEY_STATUS_SUCCESS);
    return cairo_image_surface_get_width(s);
}

/* A JPEG drawn small decodes small: the largest of 1/8, 1/4, 1/2 that still
 * has a pixel for every device pixel; a finer need decodes again; a PNG and
 * a PDF always get every pixel. */
/* Loads PATH without decoding its pixels. */
static galley_image_t *load_undecoded(const char *path)
{
    galley_image_t *image = NULL;
    assert_int_equal(load(path, 0, NULL, &image, NULL), GALLEY_STATUS_SUCCESS);
    return image;
}

static void test_jpeg_decodes_small_for_small_rasters(void **state)
{
    (void)state;
    galley_image_t *image = load_undecoded(IMAGES "rocket.jpg"); /* 640 x 427 */
    assert_int_equal(raster_width(image, 0.1), 80);
    assert_int_equal(raster_width(image, 0.25), 160);
    assert_int_equal(raster_width(image, 0.3), 320);
    assert_int_equal(raster_width(image, 0.3), 320);
    assert_int_equal(raster_width(image, 0.9), 640);
    assert_int_equal(raster_width(image, 0.1), 640); /* the finer one serves */
    assert_int_equal(raster_width(image, 0), 640);
    image_free(image);
    image = load_undecoded(IMAGES "rocket.jpg");
    image->embeddable = 0; /* as a CMYK or turned JPEG: the PDF draws its pixels */
    cairo_surface_t *s = NULL;
    assert_int_equal(image_source(image, 1, 0.1, &s), GALLEY_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(s), 640);
    image_free(image);
    image = load_undecoded(IMAGES "basn2c16.png");
    assert_int_equal(raster_width(image, 0.1), 32);
    image_free(image);
}

/* Drawing leaves the model as load made it: each writer's store decodes into
 * surfaces of its own (another store's finer pixels do not serve it), frees
 * them with itself, and shares only the pixels load decoded. */
static void test_stores_leave_the_image_alone(void **state)
{
    (void)state;
    galley_image_t *image = load_undecoded(IMAGES "rocket.jpg"), before = *image;
    galley_image_store_t *a = galley_image_store_create(), *b = galley_image_store_create();
    assert_non_null(a);
    assert_non_null(b);
    cairo_surface_t *sa = NULL, *sb = NULL, *pa = NULL, *pb = NULL;
    assert_int_equal(galley_image_store_source(a, image, 0, 0.1, &sa, NULL), 0);
    assert_int_equal(galley_image_store_source(b, image, 0, 0, &sb, NULL), 0);
    assert_int_equal(galley_image_store_source(a, image, 0, 0.1, &sa, NULL), 0);
    assert_int_equal(cairo_image_surface_get_width(sa), 80);
    assert_int_equal(cairo_image_surface_get_width(sb), 640);
    assert_int_equal(galley_image_store_source(a, image, 1, 0, &pa, NULL), 0);
    assert_int_equal(galley_image_store_source(b, image, 1, 0, &pb, NULL), 0);
    assert_true(pa != pb);
    assert_memory_equal(image, &before, sizeof before);
    galley_image_store_destroy(a);
    galley_image_store_destroy(b);
    image_free(image);
    image = load_undecoded(IMAGES "basn2c16.png"); /* 16-bit: decoded at load, its check */
    assert_non_null(image->pixels);
    before = *image;
    a = galley_image_store_create();
    assert_int_equal(galley_image_store_source(a, image, 0, 0.1, &sa, NULL), 0);
    assert_ptr_equal(sa, image->pixels);
    galley_image_store_destroy(a);
    assert_int_equal(cairo_surface_get_reference_count(image->pixels), 1);
    assert_memory_equal(image, &before, sizeof before);
    image_free(image);
}

static void test_png_greyscale(void **state)
{
    (void)state;
    galley_image_t *image = load_ok(IMAGES "basn0g08.png");
    assert_int_equal(image->width, 32);
    assert_int_equal(image->height, 32);
    rgb_t c = average(pixels(image), 0, 0, 32, 32);
    assert_true(c.r == c.g && c.g == c.b);
    image_free(image);
}

/* An 8-bit grey or RGB PNG goes into the PDF as it is: its PDF source is a
 * stand-in naming it, and its data is the file's IDAT bytes, which inflate to
 * the rows the header promises, each with its filter byte. */
static void test_png_passthrough(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        int channels, width, height;
    } cases[] = {{IMAGES "basn0g08.png", 1, 32, 32},
                 {"samples/korean-market/photo.png", 3, 600, 400}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        galley_image_t *image = load_ok(cases[i].path);
        unsigned long mime_len;
        const unsigned char *mime = jpeg_mime(pdf_source(image), &mime_len);
        assert_non_null(mime);
        char id[41];
        assert_true(galley_image_stand_in_id(mime, mime_len, id));
        assert_string_equal(id, image->id);
        unsigned char *data = NULL;
        size_t len = 0;
        int channels = 0, columns = 0;
        assert_int_equal(galley_image_png_data(image, &data, &len, &channels, &columns), 0);
        assert_int_equal(channels, cases[i].channels);
        assert_int_equal(columns, cases[i].width);
        uLongf want = (uLongf)cases[i].height * (1 + (uLongf)channels * columns), got = want + 1;
        unsigned char *rows = malloc(got);
        assert_int_equal(uncompress(rows, &got, data, len), Z_OK);
        assert_int_equal(got, want);
        free(rows);
        free(data);
        image_free(image);
    }
    /* A 16-bit PNG is decoded and re-encoded instead. */
    galley_image_t *image = load_ok(IMAGES "basn2c16.png");
    unsigned long mime_len;
    assert_null(jpeg_mime(pdf_source(image), &mime_len));
    unsigned char *data = NULL;
    size_t len;
    int channels, columns;
    assert_int_equal(galley_image_png_data(image, &data, &len, &channels, &columns), -1);
    image_free(image);
}

/* Writes a copy of the 8-bit grey basn0g08.png whose image data is ROWS
 * (N bytes) compressed, with the right checksum: damage only a decoder sees. */
static char *png_with_rows(const unsigned char *rows, size_t n, size_t keep)
{
    size_t len;
    unsigned char *png = read_all(IMAGES "basn0g08.png", &len);
    uLongf zlen = compressBound(n);
    unsigned char *z = malloc(zlen);
    assert_int_equal(compress(z, &zlen, rows, n), Z_OK);
    if (keep && keep < zlen)
        zlen = keep; /* cut the stream short */
    unsigned char *out = malloc(33 + 12 + zlen + 12);
    memcpy(out, png, 33); /* signature and IHDR */
    unsigned char *c = out + 33;
    c[0] = (unsigned char)(zlen >> 24), c[1] = (unsigned char)(zlen >> 16);
    c[2] = (unsigned char)(zlen >> 8), c[3] = (unsigned char)zlen;
    memcpy(c + 4, "IDAT", 4);
    memcpy(c + 8, z, zlen);
    uLong crc = crc32(crc32(0, NULL, 0), c + 4, (uInt)zlen + 4);
    unsigned char *e = c + 8 + zlen;
    e[0] = (unsigned char)(crc >> 24), e[1] = (unsigned char)(crc >> 16);
    e[2] = (unsigned char)(crc >> 8), e[3] = (unsigned char)crc;
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
    memcpy(e + 4, iend, 12);
    char *path = write_temp(out, 33 + 12 + zlen + 12);
    free(out);
    free(z);
    free(png);
    return path;
}

/* Image data a decoder would refuse, with every checksum right, is an error
 * at load: a bad filter byte, too few rows, a zlib stream cut short. */
static void test_png_bad_image_data_is_error(void **state)
{
    (void)state;
    unsigned char rows[32 * 33];
    memset(rows, 0, sizeof rows);
    rows[5 * 33] = 7; /* filter types stop at 4 */
    char *path = png_with_rows(rows, sizeof rows, 0);
    expect_error(path, "PNG", "filter", NULL);
    drop_temp(path);
    rows[5 * 33] = 0;
    path = png_with_rows(rows, sizeof rows - 33, 0);
    expect_error(path, "PNG", "ends early", NULL);
    drop_temp(path);
    path = png_with_rows(rows, sizeof rows, 9);
    expect_error(path, "PNG", NULL);
    drop_temp(path);
}

/* Writes the big-endian X at P. */
static void put_be32(unsigned char *p, uint32_t x)
{
    p[0] = (unsigned char)(x >> 24), p[1] = (unsigned char)(x >> 16);
    p[2] = (unsigned char)(x >> 8), p[3] = (unsigned char)x;
}

/* The IDAT data of the PNG file DATA (LEN bytes, well formed) up to IEND,
 * gathered in a new buffer; *OUT_LEN gets its length. */
static unsigned char *idat_of(const unsigned char *data, size_t len, size_t *out_len)
{
    unsigned char *out = malloc(len);
    assert_non_null(out);
    *out_len = 0;
    for (size_t at = 8; at + 12 <= len;) {
        size_t n = (size_t)data[at] << 24 | (size_t)data[at + 1] << 16 | (size_t)data[at + 2] << 8 |
                   data[at + 3];
        assert_true(n <= len - at - 12);
        if (!memcmp(data + at + 4, "IDAT", 4)) {
            memcpy(out + *out_len, data + at + 8, n);
            *out_len += n;
        }
        if (!memcmp(data + at + 4, "IEND", 4))
            break;
        at += n + 12;
    }
    return out;
}

/* Bytes after IEND that claim to be another IDAT chunk, of 64 bytes, 1 MB,
 * 0x7FFFFFFF bytes or a length that wraps a 32-bit sum when the chunk's 12
 * bytes of frame are added; and a whole, well-formed IDAT chunk after IEND.
 * None of it is part of the image: the photo loads, and the image data the
 * PDF gets is exactly the IDAT chunks before IEND (the old walk went on past
 * IEND and copied the claimed length: 60 bytes of heap into the PDF, or a
 * crash; under ASan a heap-buffer-overflow in every one of these). */
static void test_png_bytes_after_iend(void **state)
{
    (void)state;
    size_t len, want_len;
    unsigned char *png = read_all(IMAGES "basn0g08.png", &len);
    unsigned char *want = idat_of(png, len, &want_len);
    static const uint32_t claims[] = {64, 1u << 20, 0x7FFFFFFFu, 0xFFFFFFF4u, 0xFFFFFFFFu, 4};
    for (size_t i = 0; i < sizeof claims / sizeof claims[0]; i++) {
        unsigned char *file = malloc(len + 16);
        assert_non_null(file);
        memcpy(file, png, len);
        put_be32(file + len, claims[i]);
        memcpy(file + len + 4, "IDAT", 4);
        memcpy(file + len + 8, "\x78\x01\xff\xee", 4); /* 4 bytes where more are claimed */
        /* the last claim is 4 bytes: a whole chunk, its CRC right */
        put_be32(file + len + 12, (uint32_t)crc32(crc32(0, NULL, 0), file + len + 4, 8));
        char *path = write_temp(file, len + (claims[i] == 4 ? 16 : 12));
        galley_image_t *image = load_ok(path);
        assert_int_equal(image->end, len);
        unsigned char *data = NULL;
        size_t got = 0;
        int channels = 0, columns = 0;
        assert_int_equal(galley_image_png_data(image, &data, &got, &channels, &columns), 0);
        assert_int_equal(got, want_len);
        assert_memory_equal(data, want, want_len);
        free(data);
        image_free(image);
        drop_temp(path);
        free(file);
    }
    free(want);
    free(png);
}

/* Every chunk's length is checked against the bytes left and its CRC
 * checked, an ancillary chunk's too, before IEND: a chunk claiming more than
 * the file holds (a length that wraps a 32-bit sum too) or failing its CRC is
 * damage. */
static void test_png_chunk_lengths_and_crcs(void **state)
{
    (void)state;
    size_t len;
    unsigned char *png = read_all(IMAGES "basn0g08.png", &len);
    static const uint32_t claims[] = {0x10000, 0x7FFFFFFFu, 0xFFFFFFF4u};
    unsigned char *file = malloc(len + 16);
    assert_non_null(file);
    for (size_t i = 0; i < sizeof claims / sizeof claims[0] + 1; i++) {
        /* a tEXt chunk after IHDR: a claimed length, or (last) a wrong CRC */
        memcpy(file, png, 33);
        put_be32(file + 33, i < 3 ? claims[i] : 4);
        memcpy(file + 37, "tEXta\0bc", 8);
        put_be32(file + 45, (uint32_t)crc32(crc32(0, NULL, 0), file + 37, 8) + 1);
        memcpy(file + 49, png + 33, len - 33);
        char *path = write_temp(file, len + 16);
        expect_error(path, "damaged PNG",
                     i < 3 ? "runs past the end" : "tEXt chunk at byte 33 fails its checksum",
                     NULL);
        drop_temp(path);
    }
    free(file);
    free(png);
}

/* A 16-bit RGB PNG from PngSuite (cairo reduces it to 8 bits). */
static void test_png_16bit(void **state)
{
    (void)state;
    galley_image_t *image = load_ok(IMAGES "basn2c16.png");
    assert_int_equal(image->width, 32);
    assert_int_equal(image->height, 32);
    /* yellow at the top left, blue at the bottom right */
    assert_rgb_near(average(pixels(image), 0, 0, 2, 2), (rgb_t){255, 255, 0}, 24, "top left");
    assert_rgb_near(average(pixels(image), 30, 30, 32, 32), (rgb_t){0, 0, 255}, 24, "bottom right");
    image_free(image);
}

/* Damaged PngSuite files: each is an error naming it. */
static void test_png_corrupt_is_error(void **state)
{
    (void)state;
    expect_error(IMAGES "xc1n0g08.png", "PNG", NULL);              /* colour type 1 */
    expect_error(IMAGES "xcsn0g01.png", "PNG", NULL);              /* IDAT checksum */
    expect_error(IMAGES "xdtn0g01.png", "PNG", NULL);              /* no IDAT */
    expect_error(IMAGES "xhdn0g08.png", "PNG", NULL);              /* IHDR checksum */
    expect_error(IMAGES "xlfn0g04.png", "PNG", "signature", NULL); /* CR LF made LF */
}

/* A valid PNG cut short is an error, not a half-decoded image. */
static void test_png_truncated_is_error(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = read_all(IMAGES "basn2c16.png", &len);
    char *path = write_temp(data, len - 20);
    expect_error(path, "PNG", NULL);
    char *header = write_temp(data, 20); /* signature and part of IHDR */
    expect_error(header, "PNG", "IHDR", NULL);
    drop_temp(path);
    drop_temp(header);
    free(data);
}

/* A 69-byte PNG claiming 100000x100000 pixels is refused before decoding,
 * and so is one over the limit per side: limit errors naming the limit and
 * the flag that raises it (the side limit is fixed). */
static void test_png_bomb_is_error(void **state)
{
    (void)state;
    expect_limit(0, IMAGES "bomb-100000x100000.png", "100000x100000", "30000 pixels per side",
                 NULL);
    expect_limit(0, IMAGES "wide-40000x2.png", "40000x2", "30000 pixels per side", NULL);
}

/* The pixel limit is the caller's: a 32x32 PNG (1024 pixels) and a 640x427
 * JPEG fail under a limit below their size, naming it and its flag, and load
 * under one above. */
static void test_pixel_limit_is_the_callers(void **state)
{
    (void)state;
    expect_limit(0.001, IMAGES "basn0g08.png", "32x32", "image limit of 0.001 million pixels",
                 "--max-image-mpixels", NULL);
    expect_limit(0.25, IMAGES "rocket.jpg", "640x427", "(0.273 million)", "0.25 million",
                 "--max-image-mpixels", NULL);
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_image_t *image = NULL;
    assert_int_equal(load(IMAGES "rocket.jpg", 0.3, NULL, &image, &diags), GALLEY_STATUS_SUCCESS);
    assert_int_equal(image->width, 640);
    image_free(image);
    assert_int_equal(load(IMAGES "basn0g08.png", 0.0011, NULL, &image, &diags),
                     GALLEY_STATUS_SUCCESS);
    image_free(image);
    assert_int_equal(diags.count, 0);
    galley_diags_fini(&diags);
}

/* Every damaged PNG of PngSuite's corrupt/ set (copied into tests/bad/images)
 * is an input error naming the file: none crashes or decodes. */
static void test_pngsuite_corrupt_all(void **state)
{
    (void)state;
    static const char *const names[] = {"xc1n0g08", "xc9n2c08", "xcrn0g04", "xcsn0g01", "xd0n2c08",
                                        "xd3n2c08", "xd9n2c08", "xdtn0g01", "xhdn0g08", "xlfn0g04",
                                        "xs1n0g01", "xs2n0g01", "xs4n0g01", "xs7n0g01"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "tests/bad/images/%s.png", names[i]);
        expect_error(path, "PNG", NULL);
    }
}

/* ---- not photos ---- */

/* The message carries the system's reason. */
static void test_missing_file_is_error(void **state)
{
    (void)state;
    expect_error(IMAGES "no-such-photo.jpg", "cannot find the photo", "No such file or directory",
                 NULL);
}

/* A directory is not opened as a file. */
static void test_directory_is_error(void **state)
{
    (void)state;
    expect_error(IMAGES, "is a folder, not a file", NULL);
}

/* A FIFO is refused at once, not read (with no writer, reading it would
 * block the render forever). */
static void test_fifo_is_error(void **state)
{
    (void)state;
    char *path = write_temp("", 0);
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    expect_error(path, "is a FIFO (named pipe), not a regular file", NULL);
    drop_temp(path);
    expect_error("/dev/null", "is a device, not a regular file", NULL);
}

/* The photo file limit is checked before the file is read: a limit error
 * naming the size, the limit and its flag; a file within it loads. */
static void test_file_size_limit(void **state)
{
    (void)state;
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_image_t *image = NULL;
    galley_image_rules_t rules = {FIELD, 0, 0.1, NULL, NULL}; /* rocket.jpg: 112,525 bytes */
    assert_int_equal(galley_image_load(IMAGES "rocket.jpg", &rules, NULL, &image, NULL, &diags),
                     GALLEY_STATUS_LIMIT_ERROR);
    assert_null(image);
    assert_string_equal(diags.items[0].message,
                        "photo '" IMAGES "rocket.jpg' is 110 KB, over the photo file limit of "
                        "0.1 MB (--max-photo-mb raises it)");
    rules.max_mb = 0.105;
    assert_int_equal(galley_image_load(IMAGES "rocket.jpg", &rules, NULL, &image, NULL, &diags),
                     GALLEY_STATUS_LIMIT_ERROR);
    rules.max_mb = 0.2;
    assert_int_equal(galley_image_load(IMAGES "rocket.jpg", &rules, NULL, &image, NULL, &diags),
                     GALLEY_STATUS_SUCCESS);
    image_free(image);
    galley_diags_fini(&diags);
}

/* With a root, the file opened must lie inside it: a link inside it that
 * leads out is refused (and *OUTSIDE set), a link that stays inside loads
 * with the real path as the image's path. */
static void test_root(void **state)
{
    (void)state;
    char dir[] = "/tmp/galley-test-root-XXXXXX", in[64], out[64], link_out[64], link_in[64];
    assert_non_null(mkdtemp(dir));
    char *real_dir = realpath(dir, NULL);
    snprintf(in, sizeof in, "%s/in.png", dir);
    snprintf(out, sizeof out, "%s-secret.png", dir);
    snprintf(link_out, sizeof link_out, "%s/out.png", dir);
    snprintf(link_in, sizeof link_in, "%s/link.png", dir);
    size_t len;
    unsigned char *png = read_all(IMAGES "basn0g08.png", &len);
    FILE *f = fopen(in, "wb");
    assert_int_equal(fwrite(png, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    f = fopen(out, "wb");
    assert_int_equal(fwrite(png, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(symlink(out, link_out), 0);
    assert_int_equal(symlink("in.png", link_in), 0);
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_image_t *image = NULL;
    galley_image_rules_t rules = {FIELD, 0, 0, real_dir, "ROOT"};
    int outside = 0;
    assert_int_equal(galley_image_load(link_out, &rules, NULL, &image, &outside, &diags),
                     GALLEY_STATUS_INPUT_ERROR);
    assert_int_equal(outside, 1);
    assert_null(image);
    assert_non_null(strstr(diags.items[0].message, "is outside --root ROOT"));
    outside = 0;
    assert_int_equal(galley_image_load(link_in, &rules, NULL, &image, &outside, &diags),
                     GALLEY_STATUS_SUCCESS);
    assert_int_equal(outside, 0);
    char want[96];
    snprintf(want, sizeof want, "%s/in.png", real_dir);
    assert_string_equal(image->path, want);
    image_free(image);
    galley_diags_fini(&diags);
    unlink(link_in), unlink(link_out), unlink(in), unlink(out), rmdir(dir);
    free(real_dir);
    free(png);
}

/* An empty file says so rather than "not a JPEG or PNG". */
static void test_empty_file_is_error(void **state)
{
    (void)state;
    char *path = write_temp("", 0);
    expect_error(path, "empty", NULL);
    drop_temp(path);
}

/* Text and GIF files are recognised by their first bytes, whatever their
 * names. */
static void test_other_format_is_error(void **state)
{
    (void)state;
    expect_error(IMAGES "SOURCES.md", "is not a JPEG or PNG image", NULL);
    char *gif = write_temp("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14);
    expect_error(gif, "is not a JPEG or PNG image", NULL);
    drop_temp(gif);
}

/* Destroying NULL is allowed. */
static void test_destroy_null(void **state)
{
    (void)state;
    image_free(NULL);
}

/* Runs every test from the repository root; non-zero when one fails. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jpeg_decodes_with_mime_data),
        cmocka_unit_test(test_jpeg_truncated_is_error),
        cmocka_unit_test(test_jpeg_cut_short_is_error),
        cmocka_unit_test(test_jpeg_warning_is_error),
        cmocka_unit_test(test_jpeg_scan_limit),
        cmocka_unit_test(test_jpeg_bytes_after_eoi),
        cmocka_unit_test(test_photo_checks),
        cmocka_unit_test(test_photo_checks_file),
        cmocka_unit_test(test_jpeg_decodes_small_for_small_rasters),
        cmocka_unit_test(test_stores_leave_the_image_alone),
        cmocka_unit_test(test_jpeg_over_limit_is_error),
        cmocka_unit_test(test_jpeg_greyscale),
        cmocka_unit_test(test_jpeg_cmyk),
        cmocka_unit_test(test_jpeg_rgb_not_embedded),
        cmocka_unit_test(test_exif_all_orientations),
        cmocka_unit_test(test_exif_damaged_is_ignored),
        cmocka_unit_test(test_exif_real_photos_upright),
        cmocka_unit_test(test_png_greyscale),
        cmocka_unit_test(test_png_passthrough),
        cmocka_unit_test(test_png_bad_image_data_is_error),
        cmocka_unit_test(test_png_bytes_after_iend),
        cmocka_unit_test(test_png_chunk_lengths_and_crcs),
        cmocka_unit_test(test_png_16bit),
        cmocka_unit_test(test_png_corrupt_is_error),
        cmocka_unit_test(test_png_truncated_is_error),
        cmocka_unit_test(test_png_bomb_is_error),
        cmocka_unit_test(test_pixel_limit_is_the_callers),
        cmocka_unit_test(test_pngsuite_corrupt_all),
        cmocka_unit_test(test_missing_file_is_error),
        cmocka_unit_test(test_directory_is_error),
        cmocka_unit_test(test_fifo_is_error),
        cmocka_unit_test(test_file_size_limit),
        cmocka_unit_test(test_root),
        cmocka_unit_test(test_empty_file_is_error),
        cmocka_unit_test(test_other_format_is_error),
        cmocka_unit_test(test_destroy_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
