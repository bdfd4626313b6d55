/* output.c: PDF and PNG surfaces, metadata, and atomic writing. */
#include "output.h"
#include "draw.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
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

galley_status_t galley_outputs_commit(galley_outputs_t *outs, galley_diags_t *diags)
{
    for (size_t i = 0; i < outs->n; i++) {
        if (rename(outs->tmp[i], outs->final[i]) != 0) {
            int err = errno;
            galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, outs->final[i], 0, 0, NULL,
                               "cannot write the output: %s", strerror(err));
            galley_outputs_abort(outs);
            return GALLEY_STATUS_OUTPUT_ERROR;
        }
        free(outs->tmp[i]);
        outs->tmp[i] = NULL;
    }
    galley_outputs_abort(outs);
    return GALLEY_STATUS_SUCCESS;
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
static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Closes FP, turning a failed write or close into an output error. */
static galley_status_t close_stream(FILE *fp, cairo_status_t cs, const char *path,
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

/* The document's date for CreationDate and ModDate: SOURCE_DATE_EPOCH when
 * set, else the article's date; never the clock, so the bytes repeat. */
static void pdf_date(const galley_document_t *doc, char *buf, size_t n)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        time_t t = (time_t)strtoll(sde, NULL, 10);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    } else if (doc->year) {
        snprintf(buf, n, "%04d-%02d-%02dT00:00:00Z", doc->year, doc->month, doc->day);
    } else {
        snprintf(buf, n, "1970-01-01T00:00:00Z");
    }
}

/* Title, author, subject, keywords, creator and dates. */
static void pdf_metadata(cairo_surface_t *s, const galley_document_t *doc)
{
    char date[64];
    pdf_date(doc, date, sizeof date);
    if (doc->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc->title);
    if (doc->author)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, doc->author);
    if (doc->subject)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, doc->subject);
    if (doc->keywords)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, doc->keywords);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Galley " GALLEY_VERSION);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

galley_status_t galley_output_pdf(const galley_document_t *doc, const char *path,
                                  galley_outputs_t *outs, galley_diags_t *diags)
{
    FILE *fp;
    galley_status_t st = galley_outputs_open(outs, path, &fp, diags);
    if (st)
        return st;
    double w = doc->n_pages ? doc->pages[0].width : 595, h = doc->n_pages ? doc->pages[0].height : 842;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_stream, fp, w, h);
    cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
    pdf_metadata(s, doc);
    for (size_t i = 0; !st && i < doc->n_pages; i++) {
        const galley_page_t *page = &doc->pages[i];
        cairo_pdf_surface_set_size(s, page->width, page->height);
        cairo_t *cr = cairo_create(s);
        st = galley_draw_page(cr, page);
        cairo_destroy(cr);
        cairo_surface_show_page(s);
    }
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    galley_status_t cst = close_stream(fp, cs, path, diags);
    return st ? st : cst;
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

/* Draws one page onto a white image at DPI and writes it as PNG. */
static galley_status_t png_page(const galley_page_t *page, const char *path, double dpi,
                                galley_outputs_t *outs, galley_diags_t *diags)
{
    double k = dpi / 72.0;
    int w = (int)ceil(page->width * k), h = (int)ceil(page->height * k);
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
    galley_status_t st = galley_draw_page(cr, page);
    cairo_destroy(cr);
    FILE *fp = NULL;
    if (!st)
        st = galley_outputs_open(outs, path, &fp, diags);
    if (!st) {
        cairo_status_t cs = cairo_surface_write_to_png_stream(s, write_stream, fp);
        st = close_stream(fp, cs, path, diags);
    }
    cairo_surface_destroy(s);
    return st;
}

galley_status_t galley_output_png(const galley_document_t *doc, const char *path, double dpi,
                                  galley_outputs_t *outs, galley_diags_t *diags)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && i < doc->n_pages; i++) {
        char *p = png_page_path(path, doc->pages[i].number);
        if (!p)
            return GALLEY_STATUS_NO_MEMORY;
        st = png_page(&doc->pages[i], p, dpi, outs, diags);
        free(p);
    }
    return st;
}
