/* Unit tests of the press colour pass (pdf_colour.cc, ink.c): a small PDF
 * drawn with cairo as Galley draws (text in #1a1a1a, a red rule #a4121b, a
 * grey rule, an RGB image) is converted with Ghostscript's default CMYK
 * profile, and its content, read back with qpdf's C API, holds no RGB
 * colour: greys on K alone, the red as the converter says under the ink
 * limit, the image tagged ICCBased, the page group blending in CMYK, the
 * same bytes twice; the registration colour set in the /All separation.
 * What the pass cannot convert (a gradient, a profile that is not CMYK) is
 * refused.
 *
 * Also a harness for tests/separations.py (not a test itself):
 *   test_pdf_colour --write DIR       writes DIR/plain.pdf (cairo's RGB),
 *                                      DIR/cmyk.pdf (the pass's) and
 *                                      DIR/regions.json (where each mark is,
 *                                      in points, and the red's inks)
 *   test_pdf_colour --convert IN OUT  runs the pass on the PDF IN
 */
#define _DEFAULT_SOURCE /* mkdtemp, setenv, popen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <qpdf/qpdf-c.h>

#include "ink.h"
#include "pdf_colour.h"

#define CMYK_PROFILE "/usr/share/color/icc/ghostscript/default_cmyk.icc"
#define RGB_PROFILE "/usr/share/color/icc/colord/sRGB.icc"
#define INK_LIMIT 240.0

/* The marks of the test page, in points from the top left (x, y, w, h). */
static const double TEXT_BOX[4] = {20, 20, 160, 40};  /* "HHHH" at 40 pt, #1a1a1a */
static const double RED_RULE[4] = {20, 80, 160, 12};  /* #a4121b */
static const double GREY_RULE[4] = {20, 104, 160, 8}; /* #6b6b6b */
static const double IMAGE_BOX[4] = {20, 124, 64, 64}; /* a 16 x 16 RGB gradient */
static const double RED[3] = {0xa4 / 255.0, 0x12 / 255.0, 0x1b / 255.0};

/* A growing buffer cairo writes into. */
typedef struct {
    unsigned char *data;
    size_t len;
} mem_t;

/* cairo's write callback: appends to the mem_t CLOSURE. */
static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int len)
{
    mem_t *m = closure;
    unsigned char *d = realloc(m->data, m->len + len);
    if (!d)
        return CAIRO_STATUS_NO_MEMORY;
    memcpy(d + m->len, data, len);
    m->data = d;
    m->len += len;
    return CAIRO_STATUS_SUCCESS;
}

/* Reads the file PATH whole into *LEN bytes (malloc'ed; the caller frees). */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *d = malloc(n > 0 ? (size_t)n : 1);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return d;
}

/* Fills the rectangle R in the colour R8 G8 B8 (0..255). */
static void fill_box(cairo_t *cr, const double r[4], int r8, int g8, int b8)
{
    cairo_set_source_rgb(cr, r8 / 255.0, g8 / 255.0, b8 / 255.0);
    cairo_rectangle(cr, r[0], r[1], r[2], r[3]);
    cairo_fill(cr);
}

/* The test page as cairo writes it (GRADIENT: a linear gradient as well,
 * which the pass refuses). Returns the PDF (the caller frees data). */
static mem_t draw_page(int gradient)
{
    mem_t m = {0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(mem_write, &m, 200, 200);
    cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0x1a / 255.0, 0x1a / 255.0, 0x1a / 255.0);
    cairo_select_font_face(cr, "Noto Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 40);
    cairo_move_to(cr, TEXT_BOX[0], TEXT_BOX[1] + 32);
    cairo_show_text(cr, "HHHH");
    fill_box(cr, RED_RULE, 0xa4, 0x12, 0x1b);
    fill_box(cr, GREY_RULE, 0x6b, 0x6b, 0x6b);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 16, 16);
    cairo_surface_flush(img);
    uint32_t *px = (uint32_t *)cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img) / 4;
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++)
            px[y * stride + x] = (uint32_t)(x * 16) << 16 | (uint32_t)(y * 16) << 8 | 0x80;
    cairo_surface_mark_dirty(img);
    cairo_save(cr);
    cairo_translate(cr, IMAGE_BOX[0], IMAGE_BOX[1]);
    cairo_scale(cr, IMAGE_BOX[2] / 16, IMAGE_BOX[3] / 16);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
    if (gradient) {
        cairo_pattern_t *p = cairo_pattern_create_linear(0, 0, 200, 0);
        cairo_pattern_add_color_stop_rgb(p, 0, 1, 0, 0);
        cairo_pattern_add_color_stop_rgb(p, 1, 0, 0, 1);
        cairo_set_source(cr, p);
        cairo_rectangle(cr, 100, 130, 80, 40);
        cairo_fill(cr);
        cairo_pattern_destroy(p);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return m;
}

/* The profiles and options of the tests (the profile bytes are the caller's
 * to free: *CMYK and *RGB). */
static galley_pdf_colour_t options(unsigned char **cmyk, unsigned char **rgb)
{
    galley_pdf_colour_t o = {0};
    *cmyk = read_file(CMYK_PROFILE, &o.profile_len);
    *rgb = read_file(RGB_PROFILE, &o.rgb_profile_len);
    o.profile = *cmyk;
    o.rgb_profile = *rgb;
    o.ink_limit = INK_LIMIT;
    return o;
}

/* Runs the pass on IN with O; returns its status, the PDF in *OUT. */
static int convert(const mem_t *in, const galley_pdf_colour_t *o, mem_t *out, char *err,
                   size_t err_n)
{
    return galley_pdf_colour_cmyk(in->data, in->len, o, &out->data, &out->len, err, err_n);
}

/* The colours set in CONTENT: each "a b c d k|K" into CMYK (up to MAX),
 * and whether any rg, RG, g, G, sc, scn, SC or SCN was left. */
static size_t content_colours(const char *content, double (*cmyk)[4], size_t max, int *rgb_left)
{
    size_t n = 0;
    double nums[8];
    int n_nums = 0;
    *rgb_left = 0;
    char *copy = strdup(content), *save = NULL;
    for (char *t = strtok_r(copy, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
        char *end;
        double v = strtod(t, &end);
        if (end != t && !*end) {
            memmove(nums, nums + (n_nums == 8), sizeof nums - sizeof *nums * (n_nums == 8));
            nums[n_nums < 8 ? n_nums++ : 7] = v;
            continue;
        }
        if ((!strcmp(t, "k") || !strcmp(t, "K")) && n_nums >= 4 && n < max) {
            memcpy(cmyk[n++], nums + n_nums - 4, sizeof *cmyk);
        }
        const char *rgb_ops[] = {"rg", "RG", "g", "G", "sc", "scn", "SC", "SCN"};
        for (size_t i = 0; i < sizeof rgb_ops / sizeof *rgb_ops; i++)
            *rgb_left |= !strcmp(t, rgb_ops[i]);
        n_nums = 0;
    }
    free(copy);
    return n;
}

/* The converted page: greys on K, the red as ink.c converts it, no RGB. */
static void test_content_is_cmyk(void **state)
{
    (void)state;
    unsigned char *cp, *rp;
    galley_pdf_colour_t o = options(&cp, &rp);
    mem_t in = draw_page(0), out = {0};
    char err[256] = "";
    assert_int_equal(convert(&in, &o, &out, err, sizeof err), 0);
    qpdf_data q = qpdf_init();
    assert_false(qpdf_read_memory(q, "out", (const char *)out.data, out.len, NULL) & QPDF_ERRORS);
    qpdf_oh page = qpdf_get_page_n(q, 0);
    unsigned char *content = NULL;
    size_t len = 0;
    assert_int_equal(qpdf_oh_get_page_content_data(q, page, &content, &len), QPDF_SUCCESS);
    char *text = strndup((const char *)content, len);
    double cmyk[16][4];
    int rgb_left;
    size_t n = content_colours(text, cmyk, 16, &rgb_left);
    assert_false(rgb_left);
    galley_ink_t *ink = galley_ink_create(rp, o.rgb_profile_len, cp, o.profile_len, INK_LIMIT, NULL,
                                          err, sizeof err);
    assert_non_null(ink);
    double red[4];
    assert_int_equal(galley_ink_rgb(ink, RED, red), 0);
    galley_ink_destroy(ink);
    int seen_text = 0, seen_red = 0, seen_grey = 0;
    for (size_t i = 0; i < n; i++) {
        double sum = cmyk[i][0] + cmyk[i][1] + cmyk[i][2] + cmyk[i][3];
        assert_true(sum <= INK_LIMIT / 100 + 1e-9);
        seen_text |= !memcmp(cmyk[i], (double[4]){0, 0, 0, 0.898}, sizeof *cmyk);
        seen_grey |= !memcmp(cmyk[i], (double[4]){0, 0, 0, 0.5804}, sizeof *cmyk);
        if (cmyk[i][0] + cmyk[i][1] + cmyk[i][2] > 0) {
            for (int c = 0; c < 4; c++)
                assert_float_equal(cmyk[i][c], red[c], 1e-9);
            seen_red = 1;
        }
    }
    assert_true(seen_text && seen_red && seen_grey);
    assert_true(red[1] > 0.5 && red[0] < red[1]); /* a red: mostly magenta */
    /* The image is tagged ICCBased with the RGB profile; the group blends in CMYK. */
    char *unparsed = NULL;
    long long size = qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size"));
    int icc_images = 0, rgb_images = 0;
    for (long long id = 1; id < size; id++) {
        qpdf_oh x = qpdf_get_object_by_id(q, (int)id, 0);
        if (!qpdf_oh_is_stream(q, x))
            continue;
        qpdf_oh d = qpdf_oh_get_dict(q, x);
        if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, d, "/Subtype"), "/Image"))
            continue;
        qpdf_oh cs = qpdf_oh_get_key(q, d, "/ColorSpace");
        rgb_images += qpdf_oh_is_name_and_equals(q, cs, "/DeviceRGB");
        if (qpdf_oh_is_array(q, cs) &&
            qpdf_oh_is_name_and_equals(q, qpdf_oh_get_array_item(q, cs, 0), "/ICCBased")) {
            qpdf_oh prof = qpdf_oh_get_array_item(q, cs, 1);
            assert_int_equal(
                qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, prof), "/N")), 3);
            unsigned char *icc = NULL;
            size_t icc_len = 0;
            assert_int_equal(
                qpdf_oh_get_stream_data(q, prof, qpdf_dl_generalized, NULL, &icc, &icc_len),
                QPDF_SUCCESS);
            assert_int_equal(icc_len, o.rgb_profile_len);
            assert_memory_equal(icc, rp, icc_len);
            free(icc);
            icc_images++;
        }
    }
    assert_int_equal(rgb_images, 0);
    assert_int_equal(icc_images, 1);
    unparsed = strdup(qpdf_oh_unparse(q, qpdf_oh_get_key(q, page, "/Group")));
    assert_non_null(strstr(unparsed, "/CS /DeviceCMYK"));
    free(unparsed);
    /* The same bytes again. */
    mem_t again = {0};
    assert_int_equal(convert(&in, &o, &again, err, sizeof err), 0);
    assert_int_equal(again.len, out.len);
    assert_memory_equal(again.data, out.data, out.len);
    free(again.data);
    free(content);
    free(text);
    qpdf_cleanup(&q);
    free(in.data);
    free(out.data);
    free(cp);
    free(rp);
}

/* What the pass cannot convert is refused, naming it. */
static void test_refusals(void **state)
{
    (void)state;
    unsigned char *cp, *rp;
    galley_pdf_colour_t o = options(&cp, &rp);
    mem_t plain = draw_page(0), grad = draw_page(1), out = {0};
    char err[256] = "";
    assert_int_equal(convert(&grad, &o, &out, err, sizeof err), -1);
    assert_null(out.data);
    assert_true(strstr(err, "/Pattern") || strstr(err, "shading"));
    o.profile = rp; /* sRGB is not a CMYK profile */
    o.profile_len = o.rgb_profile_len;
    assert_int_equal(convert(&plain, &o, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "CMYK"));
    o.profile = cp;
    o.rgb_profile = NULL;
    assert_int_equal(convert(&plain, &o, &out, err, sizeof err), -1);
    free(plain.data);
    free(grad.data);
    free(cp);
    free(rp);
}

/* The registration colour of --marks is set in the /All separation, which
 * the caller is told to put in the resources; a colour set by sc after it,
 * in the space the input was in, sets DeviceCMYK first, also after a Q
 * restores the /All colour; content without it needs no resource. */
static void test_registration(void **state)
{
    (void)state;
    unsigned char *cp, *rp;
    galley_pdf_colour_t o = options(&cp, &rp);
    char err[256] = "";
    galley_ink_t *ink = galley_ink_create(rp, o.rgb_profile_len, cp, o.profile_len, INK_LIMIT, NULL,
                                          err, sizeof err);
    assert_non_null(ink);
    galley_colour_state_t start = {GALLEY_SPACE_GRAY, GALLEY_SPACE_GRAY};
    const char *in = "0.001 0 0 RG 0.001 0 0 rg q 0.5 0.5 0.5 rg 1 0 0 sc Q 0 0 1 sc S";
    unsigned char *out = NULL;
    size_t len = 0;
    int all = -1;
    assert_int_equal(galley_pdf_colour_content(ink, (const unsigned char *)in, strlen(in), start,
                                               "test", &out, &len, &all, err, sizeof err),
                     0);
    assert_int_equal(all, 1);
    char *text = strndup((const char *)out, len);
    const char *stroke = strstr(text, GALLEY_PDF_ALL_NAME " CS 1 SCN");
    const char *fill = strstr(text, GALLEY_PDF_ALL_NAME " cs 1 scn");
    const char *grey = strstr(text, "0 0 0 0.5 k");
    assert_true(stroke && fill && grey && stroke < fill && fill < grey);
    const char *in_q = strstr(grey, " sc"), *after_q = strstr(grey, "Q");
    assert_non_null(in_q); /* the grey k left DeviceCMYK: no cs needed in the q */
    assert_true(after_q && in_q < after_q);
    const char *cmyk_cs = strstr(grey, "/DeviceCMYK cs");
    assert_true(cmyk_cs && cmyk_cs > after_q); /* only after Q restored /All */
    assert_null(strstr(text, "1 1 1 1"));
    free(text);
    free(out);
    in = "0.2 0.3 0.4 rg 0 0 m 1 1 l S";
    assert_int_equal(galley_pdf_colour_content(ink, (const unsigned char *)in, strlen(in), start,
                                               "test", &out, &len, &all, err, sizeof err),
                     0);
    assert_int_equal(all, 0);
    free(out);
    galley_ink_destroy(ink);
    free(cp);
    free(rp);
}

/* ink.c: greys on K only, every colour under the limit, the same inks for
 * the same colour. */
static void test_ink(void **state)
{
    (void)state;
    unsigned char *cp, *rp;
    galley_pdf_colour_t o = options(&cp, &rp);
    char err[256];
    galley_ink_t *ink =
        galley_ink_create(NULL, 0, cp, o.profile_len, INK_LIMIT, NULL, err, sizeof err);
    assert_non_null(ink);
    double out[4], again[4];
    for (int i = 0; i <= 255; i += 15) {
        double g[3] = {i / 255.0, i / 255.0, i / 255.0};
        assert_int_equal(galley_ink_rgb(ink, g, out), 0);
        assert_true(out[0] == 0 && out[1] == 0 && out[2] == 0);
        assert_float_equal(out[3], 1 - i / 255.0, 0.00005001);
    }
    double worst = 0;
    for (int r = 0; r <= 255; r += 51)
        for (int g = 0; g <= 255; g += 51)
            for (int b = 0; b <= 255; b += 51) {
                double c[3] = {r / 255.0, g / 255.0, b / 255.0 + (r == g && g == b ? 0.01 : 0)};
                assert_int_equal(galley_ink_rgb(ink, c, out), 0);
                assert_int_equal(galley_ink_rgb(ink, c, again), 0);
                assert_memory_equal(out, again, sizeof out);
                double sum = out[0] + out[1] + out[2] + out[3];
                worst = sum > worst ? sum : worst;
                assert_true(sum <= INK_LIMIT / 100 + 1e-9);
            }
    assert_true(worst > 2.3); /* the limit was reached, so it was held */
    galley_ink_destroy(ink);
    free(cp);
    free(rp);
}

/* The colours of the cache test: a grid of RGB, greys left out. */
static size_t cache_colours(double (*rgb)[3], size_t max)
{
    size_t n = 0;
    for (int r = 0; r <= 255; r += 85)
        for (int g = 0; g <= 255; g += 85)
            for (int b = 7; b <= 255; b += 62)
                if (n < max && !(r == g && g == b)) {
                    rgb[n][0] = r / 255.0;
                    rgb[n][1] = g / 255.0;
                    rgb[n++][2] = b / 255.0;
                }
    return n;
}

/* Converts the N colours RGB into CMYK with a converter made with USE_CACHE
 * (saved after). */
static void cache_convert(const galley_pdf_colour_t *o, const char *cache_dir,
                          const double (*rgb)[3], size_t n, double (*cmyk)[4])
{
    char err[256];
    galley_ink_t *ink = galley_ink_create(o->rgb_profile, o->rgb_profile_len, o->profile,
                                          o->profile_len, INK_LIMIT, cache_dir, err, sizeof err);
    assert_non_null(ink);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(galley_ink_rgb(ink, rgb[i], cmyk[i]), 0);
    galley_ink_save(ink);
    galley_ink_destroy(ink);
}

/* The one ink cache file in DIR/galley, its path in PATH; the test fails
 * unless there is exactly one. */
static void cache_file(const char *dir, char *path, size_t n)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls %s/galley/ink-* 2>/dev/null", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(path, (int)n, p));
    path[strcspn(path, "\n")] = '\0';
    char more[512];
    assert_null(fgets(more, sizeof more, p));
    pclose(p);
}

/* ink.c's cache (ink_cache.c): colours converted cold, then warm from the
 * cache file, are the same bits; a damaged or foreign file is ignored (the
 * same bits again) and rewritten. */
static void test_ink_cache(void **state)
{
    (void)state;
    unsigned char *cp, *rp;
    galley_pdf_colour_t o = options(&cp, &rp);
    char dir[] = "/tmp/galley-ink-cache-XXXXXX", path[512];
    assert_non_null(mkdtemp(dir));
    char galley_dir[600]; /* the cache folder, as the galley command makes it */
    snprintf(galley_dir, sizeof galley_dir, "%s/galley", dir);
    double rgb[64][3], cold[64][4], warm[64][4], plain[64][4];
    size_t n = cache_colours(rgb, 64);
    assert_true(n > 40);
    cache_convert(&o, NULL, (const double(*)[3])rgb, n, plain);
    cache_convert(&o, galley_dir, (const double(*)[3])rgb, n, cold);
    assert_memory_equal(plain, cold, n * sizeof *cold);
    cache_file(dir, path, sizeof path);
    size_t len;
    unsigned char *file = read_file(path, &len);
    assert_true(len > n * 100); /* every colour is in it */
    cache_convert(&o, galley_dir, (const double(*)[3])rgb, n, warm);
    assert_memory_equal(cold, warm, n * sizeof *cold);
    /* A value changed (the CRC no longer its own): ignored, the same numbers. */
    unsigned char *bad = malloc(len);
    memcpy(bad, file, len);
    char *line = strchr((char *)bad, '\n') + 1;
    line[17 * 3] = line[17 * 3] == '3' ? '2' : '3'; /* the first colour's cyan */
    FILE *f = fopen(path, "wb");
    fwrite(bad, 1, len, f);
    fclose(f);
    cache_convert(&o, galley_dir, (const double(*)[3])rgb, n, warm);
    assert_memory_equal(cold, warm, n * sizeof *cold);
    size_t again_len;
    unsigned char *again = read_file(path, &again_len); /* rewritten */
    assert_int_equal(again_len, len);
    free(again);
    /* Truncated, then another limit's file in its place: ignored. */
    f = fopen(path, "wb");
    fwrite(file, 1, len / 2, f);
    fclose(f);
    cache_convert(&o, galley_dir, (const double(*)[3])rgb, n, warm);
    assert_memory_equal(cold, warm, n * sizeof *cold);
    char *foreign = malloc(len + 1);
    memcpy(foreign, file, len);
    foreign[len] = '\0';
    char *limit = strstr(foreign, "limit ");
    assert_non_null(limit);
    limit[6] = limit[6] == '4' ? '3' : '4';
    f = fopen(path, "wb");
    fwrite(foreign, 1, len, f);
    fclose(f);
    cache_convert(&o, galley_dir, (const double(*)[3])rgb, n, warm);
    assert_memory_equal(cold, warm, n * sizeof *cold);
    free(foreign);
    free(bad);
    free(file);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cp);
    free(rp);
}

/* The pass with the cache folder: the same PDF, byte for byte, with the
 * cache cold and warm. */
static void test_pass_cache(void **state)
{
    (void)state;
    unsigned char *cp, *rp;
    galley_pdf_colour_t o = options(&cp, &rp);
    char dir[] = "/tmp/galley-pass-cache-XXXXXX", err[256] = "";
    assert_non_null(mkdtemp(dir));
    char galley_dir[600];
    snprintf(galley_dir, sizeof galley_dir, "%s/galley", dir);
    mem_t in = draw_page(0), plain = {0}, cold = {0}, warm = {0};
    assert_int_equal(convert(&in, &o, &plain, err, sizeof err), 0);
    o.cache_dir = galley_dir;
    assert_int_equal(convert(&in, &o, &cold, err, sizeof err), 0);
    assert_int_equal(convert(&in, &o, &warm, err, sizeof err), 0);
    assert_int_equal(plain.len, cold.len);
    assert_memory_equal(plain.data, cold.data, cold.len);
    assert_int_equal(warm.len, cold.len);
    assert_memory_equal(warm.data, cold.data, cold.len);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(in.data);
    free(plain.data);
    free(cold.data);
    free(warm.data);
    free(cp);
    free(rp);
}

/* Writes LEN bytes of DATA to PATH; exits on failure. */
static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
}

/* The harness of tests/separations.py (this file's header). */
static int harness(int argc, char **argv)
{
    unsigned char *cp, *rp;
    galley_pdf_colour_t o = options(&cp, &rp);
    char err[512] = "", path[4096];
    mem_t in = {0}, out = {0};
    if (!strcmp(argv[1], "--convert") && argc == 4) {
        in.data = read_file(argv[2], &in.len);
        if (convert(&in, &o, &out, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", argv[2], err);
            return 1;
        }
        write_file(argv[3], out.data, out.len);
    } else if (!strcmp(argv[1], "--write") && argc == 3) {
        in = draw_page(0);
        if (convert(&in, &o, &out, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        snprintf(path, sizeof path, "%s/plain.pdf", argv[2]);
        write_file(path, in.data, in.len);
        snprintf(path, sizeof path, "%s/cmyk.pdf", argv[2]);
        write_file(path, out.data, out.len);
        galley_ink_t *ink = galley_ink_create(rp, o.rgb_profile_len, cp, o.profile_len, o.ink_limit,
                                              NULL, err, sizeof err);
        double red[4];
        galley_ink_rgb(ink, RED, red);
        galley_ink_destroy(ink);
        char json[1024];
        int n =
            snprintf(json, sizeof json,
                     "{\"page\": [200, 200], \"ink_limit\": %g,\n"
                     " \"text\": [%g, %g, %g, %g], \"red\": [%g, %g, %g, %g],\n"
                     " \"grey\": [%g, %g, %g, %g], \"image\": [%g, %g, %g, %g],\n"
                     " \"red_cmyk\": [%.4f, %.4f, %.4f, %.4f], \"grey_k\": %.4f}\n",
                     o.ink_limit, TEXT_BOX[0], TEXT_BOX[1], TEXT_BOX[2], TEXT_BOX[3], RED_RULE[0],
                     RED_RULE[1], RED_RULE[2], RED_RULE[3], GREY_RULE[0], GREY_RULE[1],
                     GREY_RULE[2], GREY_RULE[3], IMAGE_BOX[0], IMAGE_BOX[1], IMAGE_BOX[2],
                     IMAGE_BOX[3], red[0], red[1], red[2], red[3], 1 - 0x6b / 255.0);
        snprintf(path, sizeof path, "%s/regions.json", argv[2]);
        write_file(path, json, (size_t)n);
    } else {
        fprintf(stderr, "usage: %s [--write DIR | --convert IN.pdf OUT.pdf]\n", argv[0]);
        return 2;
    }
    free(in.data);
    free(out.data);
    free(cp);
    free(rp);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return harness(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_is_cmyk), cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_registration),    cmocka_unit_test(test_ink),
        cmocka_unit_test(test_ink_cache),       cmocka_unit_test(test_pass_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
