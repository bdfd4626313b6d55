/* Unit tests for output.c's PNG writer: every pixel written reads back the
 * same through cairo's own PNG reader, at sizes whose rows are padded, and a
 * surface it cannot write is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output.h"

/* An RGB24 surface W x H of gradients and pseudo-random pixels. */
static cairo_surface_t *pattern_surface(int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(s);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    uint32_t seed = 12345;
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t r = (uint32_t)(x * 255 / (w > 1 ? w - 1 : 1));
            uint32_t g = (uint32_t)(y * 255 / (h > 1 ? h - 1 : 1));
            uint32_t b = (x + y) % 7 ? (seed >> 16) & 0xff : 0xff;
            row[x] = r << 16 | g << 8 | b;
        }
    }
    cairo_surface_mark_dirty(s);
    return s;
}

/* Writes S with galley_output_png_write() and reads it back with cairo. */
static cairo_surface_t *round_trip(cairo_surface_t *s)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(galley_output_png_write(s, fp), CAIRO_STATUS_SUCCESS);
    rewind(fp);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(fp));
    cairo_surface_t *back = cairo_image_surface_create_from_png(path);
    fclose(fp);
    assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
    return back;
}

/* Every pixel of A equals B's (the unused top byte aside). */
static void assert_same_pixels(cairo_surface_t *a, cairo_surface_t *b)
{
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    assert_int_equal(cairo_image_surface_get_width(b), w);
    assert_int_equal(cairo_image_surface_get_height(b), h);
    const unsigned char *da = cairo_image_surface_get_data(a);
    const unsigned char *db = cairo_image_surface_get_data(b);
    int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
    for (int y = 0; y < h; y++) {
        const uint32_t *ra = (const uint32_t *)(da + (size_t)y * (size_t)sa);
        const uint32_t *rb = (const uint32_t *)(db + (size_t)y * (size_t)sb);
        for (int x = 0; x < w; x++)
            if ((ra[x] & 0xffffff) != (rb[x] & 0xffffff))
                fail_msg("pixel %d,%d: %06x written, %06x read", x, y, ra[x] & 0xffffff,
                         rb[x] & 0xffffff);
    }
}

static void test_png_round_trip(void **state)
{
    (void)state;
    const int sizes[][2] = {{1, 1}, {3, 5}, {257, 13}, {1103, 40}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        cairo_surface_t *s = pattern_surface(sizes[i][0], sizes[i][1]);
        cairo_surface_t *back = round_trip(s);
        assert_same_pixels(s, back);
        cairo_surface_destroy(back);
        cairo_surface_destroy(s);
    }
}

static void test_png_refuses_other_formats(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 4, 4);
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(galley_output_png_write(s, fp), CAIRO_STATUS_INVALID_FORMAT);
    fclose(fp);
    cairo_surface_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_round_trip),
        cmocka_unit_test(test_png_refuses_other_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
