/* output.c: atomic writing of every output file, and PNG pages. */
#include "output.h"
#include "draw.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

galley_status_t galley_outputs_open(galley_outputs_t *outs, const char *path, FILE **fp,
                                    galley_diags_t *diags)
{
    *fp = NULL;
    if (outs->n == outs->cap) {
        size_t cap = outs->cap ? outs->cap * 2 : 8;
        char **t = realloc(outs->tmp, cap * sizeof *t);
        if (t)
            outs->tmp = t;
        char **f = realloc(outs->final, cap * sizeof *f);
        if (f)
            outs->final = f;
        if (!t || !f)
            return GALLEY_STATUS_NO_MEMORY;
        outs->cap = cap;
    }
    size_t n = strlen(path);
    char *tmp = malloc(n + 16), *final = strdup(path);
    if (!tmp || !final) {
        free(tmp);
        free(final);
        return GALLEY_STATUS_NO_MEMORY;
    }
    snprintf(tmp, n + 16, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        free(final);
        return galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, path, 0, 0, NULL,
                                  "cannot write the output: %s", strerror(err));
    }
    /* mkstemp makes the file 0600; a finished output gets the usual mode. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    *fp = fdopen(fd, "wb");
    if (!*fp) {
        close(fd);
        unlink(tmp);
        free(tmp);
        free(final);
        return GALLEY_STATUS_NO_MEMORY;
    }
    outs->tmp[outs->n] = tmp;
    outs->final[outs->n++] = final;
    return GALLEY_STATUS_SUCCESS;
}

/* Keeps a hard link to the file at PATH under *BACKUP (NULL when there is no
 * file), so a commit that fails half-way can put it back. */
static int backup_existing(const char *path, char **backup)
{
    *backup = NULL;
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    size_t n = strlen(path) + 16;
    char *b = malloc(n);
    if (!b)
        return -1;
    for (int k = 0; k < 100; k++) {
        snprintf(b, n, "%s.bak-%d", path, k);
        if (link(path, b) == 0) {
            *backup = b;
            return 0;
        }
        if (errno != EEXIST)
            break;
    }
    free(b);
    return -1;
}

/* Undoes the first N renames of a failed commit: each target gets its old
 * file back, or goes when it had none. */
static void commit_roll_back(galley_outputs_t *outs, char **backups, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (backups[i])
            rename(backups[i], outs->final[i]);
        else
            unlink(outs->final[i]);
    }
}

galley_status_t galley_outputs_commit(galley_outputs_t *outs, galley_diags_t *diags)
{
    char **backups = calloc(outs->n + 1, sizeof *backups);
    galley_status_t st = backups ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
    size_t done = 0;
    for (; !st && done < outs->n; done++) {
        int err = 0;
        if (backup_existing(outs->final[done], &backups[done]) != 0)
            err = errno ? errno : EIO;
        else if (rename(outs->tmp[done], outs->final[done]) != 0)
            err = errno;
        if (err) {
            st = galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, outs->final[done], 0, 0,
                                    NULL, "cannot write the output: %s", strerror(err));
            if (backups[done]) { /* not replaced: keep the file, drop the link */
                unlink(backups[done]);
                free(backups[done]);
                backups[done] = NULL;
            }
            break;
        }
        free(outs->tmp[done]);
        outs->tmp[done] = NULL;
    }
    if (st && backups)
        commit_roll_back(outs, backups, done);
    for (size_t i = 0; backups && i < outs->n; i++) {
        if (backups[i] && !st)
            unlink(backups[i]);
        free(backups[i]);
    }
    free(backups);
    galley_outputs_abort(outs);
    return st;
}

void galley_outputs_abort(galley_outputs_t *outs)
{
    for (size_t i = 0; i < outs->n; i++) {
        if (outs->tmp[i]) {
            unlink(outs->tmp[i]);
            free(outs->tmp[i]);
        }
        free(outs->final[i]);
    }
    free(outs->tmp);
    free(outs->final);
    memset(outs, 0, sizeof *outs);
}

/* cairo's write callback onto a stdio stream. */
/* Closes FP, turning a failed write or close into an output error. */
galley_status_t galley_output_close_stream(FILE *fp, cairo_status_t cs, const char *path,
                                           galley_diags_t *diags)
{
    int bad = fflush(fp) != 0 || ferror(fp);
    bad |= fclose(fp) != 0;
    if (cs == CAIRO_STATUS_NO_MEMORY)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, NULL,
                                  "out of memory while drawing");
    if (bad || cs != CAIRO_STATUS_SUCCESS)
        return galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, path, 0, 0, NULL,
                                  "cannot write the output: %s",
                                  cs ? cairo_status_to_string(cs) : strerror(errno));
    return GALLEY_STATUS_SUCCESS;
}

/* libpng's error callback: back to galley_output_png_write(). */
static void png_fail(png_structp png, png_const_charp message)
{
    (void)message;
    png_longjmp(png, 1);
}

/* libpng's write callback: to the FILE. */
static void png_put(png_structp png, png_bytep data, size_t len)
{
    FILE *fp = png_get_io_ptr(png);
    if (fwrite(data, 1, len, fp) != len)
        png_error(png, "write");
}

/* Rows unfiltered and zlib level 3, where cairo's writer has libpng try all
 * five filters on every row and deflates at level 6: the sample page at 100
 * dpi (1103 x 1693) takes 403M instructions instead of 1,185M and comes out
 * the same size, 645 KB (pages are mostly flat white and text, which filters
 * do not help; the left-neighbour filter alone made 458M and 647 KB). */
cairo_status_t galley_output_png_write(cairo_surface_t *s, FILE *fp)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    cairo_surface_flush(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    if (!data || cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24)
        return CAIRO_STATUS_INVALID_FORMAT;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return CAIRO_STATUS_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return CAIRO_STATUS_WRITE_ERROR;
    }
    png_set_write_fn(png, fp, png_put, NULL);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, 3);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    /* RGB24 is a native-endian 32-bit 0x00RRGGBB per pixel */
    const uint32_t one = 1;
    int little = *(const unsigned char *)&one == 1;
    png_set_filler(png, 0, little ? PNG_FILLER_AFTER : PNG_FILLER_BEFORE);
    if (little)
        png_set_bgr(png);
    for (int y = 0; y < h; y++)
        png_write_row(png, (png_const_bytep)(data + (size_t)y * (size_t)stride));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return CAIRO_STATUS_SUCCESS;
}

/* PATH without its ".png", numbered: "out/x.png" page 2 -> "out/x-2.png". */
static char *png_page_path(const char *path, int number)
{
    size_t n = strlen(path);
    if (n >= 4 && strcmp(path + n - 4, ".png") == 0)
        n -= 4;
    char *p = malloc(n + 24);
    if (p)
        snprintf(p, n + 24, "%.*s-%d.png", (int)n, path, number);
    return p;
}

/* Draws one page onto a white image and writes it as PNG: the trimmed page,
 * or with the bleed around it; the guides over it when asked. */
static galley_status_t png_page(const galley_page_t *page, const char *path,
                                const galley_png_options_t *po, galley_outputs_t *outs,
                                galley_diags_t *diags)
{
    double k = po->dpi / 72.0, b = po->bleed ? page->bleed : 0;
    int w = (int)ceil((page->width + 2 * b) * k), h = (int)ceil((page->height + 2 * b) * k);
    if (w <= 0 || h <= 0 || w > 30000 || h > 30000)
        return galley_diags_error(diags, GALLEY_STATUS_LIMIT_ERROR, path, 0, 0, NULL,
                                  "a %d x %d pixel page is over the PNG limit of 30000 pixels "
                                  "a side; lower --dpi",
                                  w, h);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, k, k);
    cairo_translate(cr, b, b);
    galley_status_t st = galley_draw_page(cr, page, 0, diags);
    if (po->guides)
        galley_draw_guides(cr, page, 1 / k);
    cairo_destroy(cr);
    FILE *fp = NULL;
    if (!st)
        st = galley_outputs_open(outs, path, &fp, diags);
    if (!st) {
        cairo_status_t cs = galley_output_png_write(s, fp);
        st = galley_output_close_stream(fp, cs, path, diags);
    }
    cairo_surface_destroy(s);
    return st;
}

galley_status_t galley_output_png(const galley_document_t *doc, const char *path,
                                  const galley_png_options_t *po, galley_outputs_t *outs,
                                  galley_diags_t *diags)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && i < doc->n_pages; i++) {
        char *p = png_page_path(path, doc->pages[i].number);
        if (!p)
            return GALLEY_STATUS_NO_MEMORY;
        st = png_page(&doc->pages[i], p, po, outs, diags);
        free(p);
    }
    return st;
}
