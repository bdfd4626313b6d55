/* serve_snapshot.c: the renders galley serve keeps for the browser.
 *
 * Owns: composing an article or an edition into a document kept whole (with
 * the layout, article or edition and edition result its boxes borrow from),
 * its boxes JSON and an edition's report made at once, and its page PNGs
 * (each way of showing them: guides, bleed) and its PDF, drawn by the same
 * output code as galley render on their first request and kept.
 */
#define _GNU_SOURCE /* open_memstream */

#include "serve.h"
#include "context.h"
#include "output.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ways of showing a page: plain, guides, bleed, both. */
#define PNG_VARIANTS 4

/* Bytes gathered in memory. */
typedef struct {
    unsigned char *data;
    size_t len;
} bytes_t;

struct galley_snapshot {
    galley_document_t doc;
    galley_layout_t *layout;
    galley_article_t *article;
    galley_edition_t *edition;
    galley_edition_result_t result;
    galley_image_store_t *images; /* the photos, decoded for the PNGs */
    galley_render_options_t opt;
    bytes_t boxes, report, pdf;
    bytes_t *pngs; /* PNG_VARIANTS per page */
};

/* galley_write_func_t into a bytes_t: appends LENGTH bytes. */
static int bytes_write(void *closure, const unsigned char *data, size_t length)
{
    bytes_t *b = closure;
    unsigned char *v = realloc(b->data, b->len + length + 1);
    if (!v)
        return -1;
    memcpy(v + b->len, data, length);
    b->len += length;
    v[b->len] = '\0';
    b->data = v;
    return 0;
}

/* The outputs, in memory: one stream, named NAME, handed to B on commit. */
static galley_outputs_t outputs_memory(const char *name, bytes_t *b)
{
    return (galley_outputs_t){.write = bytes_write, .closure = b, .stream_path = name};
}

/* Commits OUTS when ST is success, else aborts them; returns the status. */
static galley_status_t outputs_finish(galley_outputs_t *outs, galley_status_t st,
                                      galley_diags_t *diags)
{
    if (st) {
        galley_outputs_abort(outs);
        return st;
    }
    return galley_outputs_commit(outs, diags);
}

/* Writes S's boxes JSON, and an edition's report, into memory. */
static galley_status_t snapshot_json(galley_snapshot_t *s, galley_diags_t *diags)
{
    static const char BOXES[] = "<boxes>", REPORT[] = "<report>";
    galley_outputs_t outs = outputs_memory(BOXES, &s->boxes);
    galley_status_t st = galley_output_boxes(&s->doc, BOXES, &outs, diags);
    st = outputs_finish(&outs, st, diags);
    if (st || !s->edition)
        return st;
    outs = outputs_memory(REPORT, &s->report);
    st = galley_output_report(s->edition, &s->result, 1, diags, REPORT, &outs);
    return outputs_finish(&outs, st, diags);
}

galley_status_t galley_snapshot_render(galley_context_t *ctx, const char *path,
                                       const galley_render_options_t *opt, galley_snapshot_t **out)
{
    *out = NULL;
    galley_diags_clear(&ctx->diags);
    galley_snapshot_t *s = calloc(1, sizeof *s);
    if (!s)
        return GALLEY_STATUS_NO_MEMORY;
    s->opt = *opt;
    galley_status_t st =
        galley_file_is_edition(path, &opt->limits)
            ? galley_context_compose_edition(ctx, path, opt, NULL, &s->edition, &s->layout, &s->doc,
                                             &s->result)
            : galley_context_compose(ctx, path, opt, &s->layout, &s->article, &s->doc);
    if (!st)
        st = snapshot_json(s, &ctx->diags);
    if (!st && !(s->images = galley_image_store_create()))
        st = GALLEY_STATUS_NO_MEMORY;
    if (!st && !(s->pngs = calloc(s->doc.n_pages * PNG_VARIANTS + 1, sizeof *s->pngs)))
        st = GALLEY_STATUS_NO_MEMORY;
    if (st)
        galley_snapshot_destroy(s);
    else
        *out = s;
    return st;
}

void galley_snapshot_destroy(galley_snapshot_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->pngs && i < s->doc.n_pages * PNG_VARIANTS; i++)
        free(s->pngs[i].data);
    free(s->pngs);
    free(s->boxes.data);
    free(s->report.data);
    free(s->pdf.data);
    galley_image_store_destroy(s->images);
    galley_document_fini(&s->doc);
    galley_edition_result_fini(&s->result);
    galley_edition_destroy(s->edition);
    galley_article_destroy(s->article);
    galley_layout_destroy(s->layout);
    free(s);
}

size_t galley_snapshot_page_count(const galley_snapshot_t *s)
{
    return s->doc.n_pages;
}

/* Draws PAGE as PO shows it and encodes it as PNG into *B. */
static galley_status_t snapshot_draw(galley_snapshot_t *s, const galley_page_t *page,
                                     const galley_png_options_t *po, bytes_t *b,
                                     galley_diags_t *diags)
{
    double w, h;
    galley_output_png_page_size(page, po, &w, &h);
    galley_status_t st =
        galley_output_check_pixels(w, h, po->max_mpixels, "the page", "<page>", diags);
    cairo_surface_t *surface = NULL;
    if (!st)
        st = galley_output_png_page_draw(page, po, s->images, &surface, diags);
    char *data = NULL;
    size_t len = 0;
    FILE *fp = st ? NULL : open_memstream(&data, &len);
    if (!st && !fp)
        st = GALLEY_STATUS_NO_MEMORY;
    if (fp) {
        cairo_status_t cs = galley_output_png_write(surface, fp);
        st = galley_output_close_stream(fp, cs, "<page>", diags);
    }
    if (surface)
        cairo_surface_destroy(surface);
    if (st) {
        free(data);
        return st;
    }
    *b = (bytes_t){(unsigned char *)data, len};
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_snapshot_page_png(galley_snapshot_t *s, size_t index, int guides, int bleed,
                                         const unsigned char **data, size_t *len)
{
    if (index >= s->doc.n_pages)
        return GALLEY_STATUS_INPUT_ERROR;
    bytes_t *b = &s->pngs[index * PNG_VARIANTS + (guides ? 1 : 0) + (bleed ? 2 : 0)];
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (!b->data) {
        galley_png_options_t po = {s->opt.dpi > 0 ? s->opt.dpi : GALLEY_SERVE_DPI, guides, bleed,
                                   s->opt.limits.max_output_mpixels, 0};
        galley_diags_t diags;
        galley_diags_init(&diags);
        st = snapshot_draw(s, &s->doc.pages[index], &po, b, &diags);
        for (size_t i = 0; i < diags.count; i++)
            fprintf(stderr, "galley: %s\n", diags.items[i].formatted);
        galley_diags_fini(&diags);
    }
    *data = b->data;
    *len = b->len;
    return st;
}

galley_status_t galley_snapshot_pdf(galley_snapshot_t *s, const unsigned char **data, size_t *len)
{
    static const char PDF[] = "<pdf>";
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (!s->pdf.data) {
        galley_pdf_options_t po = {.marks = s->opt.marks, .guides = 0, .source_date = -1};
        galley_diags_t diags;
        galley_diags_init(&diags);
        galley_outputs_t outs = outputs_memory(PDF, &s->pdf);
        st = galley_output_pdf(&s->doc, PDF, &po, &outs, &diags);
        st = outputs_finish(&outs, st, &diags);
        for (size_t i = 0; i < diags.count; i++)
            fprintf(stderr, "galley: %s\n", diags.items[i].formatted);
        galley_diags_fini(&diags);
    }
    *data = s->pdf.data;
    *len = s->pdf.len;
    return st;
}

const char *galley_snapshot_boxes(const galley_snapshot_t *s, size_t *len)
{
    *len = s->boxes.len;
    return (const char *)s->boxes.data;
}

const char *galley_snapshot_report(const galley_snapshot_t *s, size_t *len)
{
    *len = s->report.len;
    return (const char *)s->report.data;
}
