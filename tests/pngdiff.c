/* pngdiff.c: compares two PNG files pixel by pixel.
 *
 *   pngdiff A.png B.png [--max-fraction F] [--threshold T]
 *
 * Loads both files with cairo and counts the pixels where any channel (red,
 * green, blue or alpha, 0..255) differs by more than T (default 48). Prints
 * "A: N of M pixels differ (x.xx%)" and exits 1 when N/M exceeds F (default
 * 0.002, i.e. 0.2%), 0 otherwise. Exits 1 with a message when a file cannot
 * be read or the sizes differ, 2 on a usage error. The integration test
 * (tests/integration.py) runs it on every rendered page.
 */
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_FRACTION 0.002
#define DEFAULT_THRESHOLD 48

/* Prints the usage line to stderr and returns the usage exit status, 2. */
static int usage(void)
{
    fprintf(stderr,
            "usage: pngdiff A.png B.png [--max-fraction F] [--threshold T]\n"
            "  F: largest fraction of differing pixels that passes, 0..1 (default %g)\n"
            "  T: a pixel differs when a channel differs by more than T, 0..255 "
            "(default %d)\n",
            DEFAULT_MAX_FRACTION, DEFAULT_THRESHOLD);
    return 2;
}

/* Parses TEXT as a number in [LO, HI] into *OUT; returns 0 on success, -1 if
 * TEXT is not entirely a finite number in range. */
static int parse_number(const char *text, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !isfinite(v) || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Loads PATH with cairo and paints it onto a new ARGB32 surface, so that
 * files with and without an alpha channel compare alike (an opaque pixel has
 * alpha 255). Returns NULL after printing a message if PATH cannot be read. */
static cairo_surface_t *load_argb32(const char *path)
{
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    cairo_status_t st = cairo_surface_status(png);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngdiff: %s: cannot read: %s\n", path, cairo_status_to_string(st));
        cairo_surface_destroy(png);
        return NULL;
    }
    int w = cairo_image_surface_get_width(png);
    int h = cairo_image_surface_get_height(png);
    cairo_surface_t *argb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    st = cairo_surface_status(argb);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngdiff: %s: %s\n", path, cairo_status_to_string(st));
        cairo_surface_destroy(argb);
        cairo_surface_destroy(png);
        return NULL;
    }
    cairo_t *cr = cairo_create(argb);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_set_source_surface(cr, png, 0, 0);
    cairo_paint(cr);
    st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(png);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngdiff: %s: %s\n", path, cairo_status_to_string(st));
        cairo_surface_destroy(argb);
        return NULL;
    }
    cairo_surface_flush(argb);
    return argb;
}

/* Counts the pixels of two ARGB32 surfaces of equal size where any of the
 * four channels differs by more than THRESHOLD. */
static long long count_differing(cairo_surface_t *a, cairo_surface_t *b, int threshold)
{
    int w = cairo_image_surface_get_width(a);
    int h = cairo_image_surface_get_height(a);
    int stride_a = cairo_image_surface_get_stride(a);
    int stride_b = cairo_image_surface_get_stride(b);
    const unsigned char *data_a = cairo_image_surface_get_data(a);
    const unsigned char *data_b = cairo_image_surface_get_data(b);
    long long n = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *row_a = (const uint32_t *)(const void *)(data_a + (size_t)y * stride_a);
        const uint32_t *row_b = (const uint32_t *)(const void *)(data_b + (size_t)y * stride_b);
        for (int x = 0; x < w; x++) {
            uint32_t pa = row_a[x], pb = row_b[x];
            for (int shift = 0; shift < 32; shift += 8) {
                int ca = (int)((pa >> shift) & 0xff);
                int cb = (int)((pb >> shift) & 0xff);
                if (abs(ca - cb) > threshold) {
                    n++;
                    break;
                }
            }
        }
    }
    return n;
}

/* Parses the arguments, compares the two files and returns the exit status. */
int main(int argc, char **argv)
{
    const char *paths[2] = {NULL, NULL};
    int n_paths = 0;
    double max_fraction = DEFAULT_MAX_FRACTION;
    double threshold = DEFAULT_THRESHOLD;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--max-fraction") == 0 || strcmp(arg, "--threshold") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "pngdiff: %s needs a value\n", arg);
                return usage();
            }
            const char *value = argv[++i];
            int is_fraction = strcmp(arg, "--max-fraction") == 0;
            int bad = is_fraction ? parse_number(value, 0.0, 1.0, &max_fraction)
                                  : parse_number(value, 0.0, 255.0, &threshold);
            if (bad) {
                fprintf(stderr, "pngdiff: %s: bad value '%s'\n", arg, value);
                return usage();
            }
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage();
            return 0;
        } else if (arg[0] == '-' && arg[1] == '-') {
            fprintf(stderr, "pngdiff: unknown option '%s'\n", arg);
            return usage();
        } else if (n_paths < 2) {
            paths[n_paths++] = arg;
        } else {
            fprintf(stderr, "pngdiff: too many files\n");
            return usage();
        }
    }
    if (n_paths != 2)
        return usage();

    cairo_surface_t *a = load_argb32(paths[0]);
    cairo_surface_t *b = a ? load_argb32(paths[1]) : NULL;
    if (!a || !b) {
        cairo_surface_destroy(a);
        return 1;
    }

    int status = 0;
    int wa = cairo_image_surface_get_width(a), ha = cairo_image_surface_get_height(a);
    int wb = cairo_image_surface_get_width(b), hb = cairo_image_surface_get_height(b);
    if (wa != wb || ha != hb) {
        fprintf(stderr, "pngdiff: %s is %dx%d pixels but %s is %dx%d\n", paths[0], wa, ha, paths[1],
                wb, hb);
        status = 1;
    } else {
        long long total = (long long)wa * ha;
        long long n = count_differing(a, b, (int)threshold);
        double fraction = total > 0 ? (double)n / (double)total : 0.0;
        printf("%s: %lld of %lld pixels differ (%.2f%%)\n", paths[0], n, total, 100.0 * fraction);
        if (fraction > max_fraction) {
            fprintf(stderr, "pngdiff: %s: %.2f%% of pixels differ, more than %.2f%%\n", paths[0],
                    100.0 * fraction, 100.0 * max_fraction);
            status = 1;
        }
    }
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    return status;
}
