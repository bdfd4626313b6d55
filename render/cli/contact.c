/* contact.c: contact sheets, every page of several articles on one PNG.
 *
 * Owns: composing each article (galley_context_compose), drawing its pages as
 * thumbnails, the grid they are laid in (the geometry docs/preview.md gives,
 * which tests/preview.py checks), labels, the red cell of an article that
 * failed, and writing the sheet atomically.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "preview.h"
#include "context.h"
#include "draw.h"
#include "output.h"
#include "utf8.h"
#include "input.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sheet geometry in pixels (docs/preview.md). */
enum { SHEET_MARGIN = 12, SHEET_GAP = 12, SHEET_LABEL = 20, LABEL_SIZE = 11, LABEL_MIN_SIZE = 6 };
/* The page size (A4, pt) of error cells when not even the layout loaded. */
#define FALLBACK_WIDTH 595.276
#define FALLBACK_HEIGHT 841.89

/* One cell of the sheet: a page's thumbnail, or an article that failed. */
typedef struct {
    cairo_surface_t *thumb; /* NULL: the error cell */
    char *label;            /* "slug · 2" or "slug · error"; g_free */
} cell_t;

typedef struct {
    cell_t *items;
    size_t n, cap;
    int width, height;     /* the largest thumbnail, px */
    double page_w, page_h; /* pt: the layout's page, for error cells when no page drew */
} cells_t;

/* Frees every cell. */
static void cells_fini(cells_t *cells)
{
    for (size_t i = 0; i < cells->n; i++) {
        if (cells->items[i].thumb)
            cairo_surface_destroy(cells->items[i].thumb);
        g_free(cells->items[i].label);
    }
    free(cells->items);
    memset(cells, 0, sizeof *cells);
}

/* Appends a cell (taking THUMB and LABEL, also on failure). */
static galley_status_t cells_add(cells_t *cells, cairo_surface_t *thumb, char *label)
{
    if (cells->n == cells->cap) {
        size_t cap = cells->cap ? cells->cap * 2 : 16;
        cell_t *v = realloc(cells->items, cap * sizeof *v);
        if (!v) {
            if (thumb)
                cairo_surface_destroy(thumb);
            g_free(label);
            return GALLEY_STATUS_NO_MEMORY;
        }
        cells->items = v;
        cells->cap = cap;
    }
    cells->items[cells->n++] = (cell_t){thumb, label};
    return label ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
}

/* The last path component of the PATH's folder: "samples/x/article.json" ->
 * "x", "article.json" -> the working folder's name. Newly allocated. */
static char *folder_name(const char *path)
{
    char *real = realpath(path, NULL);
    const char *p = real ? real : path;
    const char *slash = strrchr(p, '/');
    char *out = NULL;
    if (slash && slash > p) {
        const char *start = slash - 1;
        while (start > p && start[-1] != '/')
            start--;
        out = strndup(start, (size_t)(slash - start));
    }
    free(real);
    return out ? out : strdup("article");
}

/* The article's slug: its folder's name when the file is article.json, else
 * the file's name without ".json". Newly allocated. */
static char *article_slug(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!strcmp(base, "article.json"))
        return folder_name(path);
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".json"))
        n -= 5;
    return strndup(base, n);
}

/* A newly allocated "SLUG · WHAT" that Pango can take: SLUG comes from a file
 * name, which need not be UTF-8 (its bad bytes print as U+FFFD); g_free.
 * Built whole:
 * the label is shrunk to its cell when drawn, never cut. */
static char *cell_label(const char *slug, const char *what)
{
    char *shown = galley_utf8_printable(slug);
    char *label = g_strdup_printf("%s \u00b7 %s", shown, what);
    g_free(shown);
    return label;
}

/* PAGE drawn at K px/pt on white, clipped to the trim, its photos decoded
 * into IMAGES; NULL on failure (*ST says why; a page over the pixel limits,
 * MAX_MPIXELS, is an error naming PATH). */
static cairo_surface_t *page_thumbnail(const galley_page_t *page, double k, double max_mpixels,
                                       const char *path, galley_image_store_t *images,
                                       galley_diags_t *diags, galley_status_t *st)
{
    int w = (int)ceil(page->width * k), h = (int)ceil(page->height * k);
    if ((*st = galley_output_check_pixels(w, h, max_mpixels, "a thumbnail", path, diags)))
        return NULL;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, k, k);
    cairo_rectangle(cr, 0, 0, page->width, page->height);
    cairo_clip(cr);
    *st = galley_draw_page(cr, page, 0, images, diags);
    cairo_destroy(cr);
    if (!*st && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        *st = GALLEY_STATUS_NO_MEMORY;
    if (*st) {
        cairo_surface_destroy(s);
        return NULL;
    }
    return s;
}

/* Sheet size in pixels for CELLS in COLS columns. */
static void sheet_size(const cells_t *cells, int cols, double *width, double *height)
{
    int rows = (int)((cells->n + (size_t)cols - 1) / (size_t)cols);
    *width = 2.0 * SHEET_MARGIN + cols * (double)cells->width + (cols - 1) * (double)SHEET_GAP;
    *height = 2.0 * SHEET_MARGIN + rows * (double)(cells->height + SHEET_LABEL) +
              (rows - 1) * (double)SHEET_GAP;
}

/* Columns of the grid: --columns (default 6), but no more than there are cells. */
static int grid_columns(const cells_t *cells, const galley_contact_options_t *opt)
{
    int cols = opt->columns > 0 ? opt->columns : GALLEY_CONTACT_DEFAULT_COLUMNS;
    if (cells->n < (size_t)cols)
        cols = cells->n ? (int)cells->n : 1;
    return cols;
}

/* Checks that the sheet of CELLS, laid out for OPT, stays within the
 * limits (--max-output-mpixels, 30000 pixels a side); the error names PATH.
 * Checked as cells are added, so a sheet that grows too large stops before
 * its thumbnails take the memory. */
static galley_status_t sheet_check(const cells_t *cells, const galley_contact_options_t *opt,
                                   const char *path, galley_diags_t *diags, int *width, int *height)
{
    double w, h;
    sheet_size(cells, grid_columns(cells, opt), &w, &h);
    galley_status_t st = galley_output_check_pixels(w, h, opt->render.limits.max_output_mpixels,
                                                    "the sheet", path, diags);
    *width = (int)w;
    *height = (int)h;
    return st;
}

/* Adds a thumbnail cell for every page of DOC (from PATH), labelled SLUG · page,
 * at K px/pt; OUTPUT is the sheet, for its limits. */
static galley_status_t add_pages(cells_t *cells, const galley_document_t *doc, const char *slug,
                                 double k, const char *path, const char *output,
                                 const galley_contact_options_t *opt, galley_diags_t *diags)
{
    galley_image_store_t *images = galley_image_store_create(); /* DOC's photos, decoded */
    galley_status_t st = images ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
    int w, h;
    for (size_t i = 0; !st && i < doc->n_pages; i++) {
        const galley_page_t *page = &doc->pages[i];
        cairo_surface_t *thumb = page_thumbnail(page, k, opt->render.limits.max_output_mpixels,
                                                path, images, diags, &st);
        if (!thumb)
            break;
        char number[24];
        snprintf(number, sizeof number, "%d", page->number);
        w = cairo_image_surface_get_width(thumb);
        h = cairo_image_surface_get_height(thumb);
        cells->width = w > cells->width ? w : cells->width;
        cells->height = h > cells->height ? h : cells->height;
        st = cells_add(cells, thumb, cell_label(slug, number));
        if (!st)
            st = sheet_check(cells, opt, output, diags, &w, &h);
    }
    galley_image_store_destroy(images);
    return st;
}

/* Composes PATH and adds its pages, or its error cell when it fails to load
 * (the reason stays in the context's diagnostics). Returns the article's
 * status. *FATAL: the sheet cannot be made (out of memory, or a page that
 * loaded could not be drawn). */
static galley_status_t add_article(galley_context_t *ctx, cells_t *cells, const char *path,
                                   const char *output, const galley_contact_options_t *opt,
                                   double k, int *fatal)
{
    char *slug = article_slug(path);
    if (!slug) {
        *fatal = 1;
        return GALLEY_STATUS_NO_MEMORY;
    }
    galley_layout_t *layout = NULL;
    galley_article_t *article = NULL;
    galley_edition_t *edition = NULL;
    galley_edition_result_t result = {0};
    galley_document_t doc;
    galley_status_t st =
        galley_file_is_edition(path, &opt->render.limits)
            ? galley_context_compose_edition(ctx, path, &opt->render, NULL, &edition, &layout, &doc,
                                             &result)
            : galley_context_compose(ctx, path, &opt->render, &layout, &article, &doc);
    if (layout && !cells->page_w) {
        cells->page_w = layout->page_width;
        cells->page_h = layout->page_height;
    }
    if (!st) {
        st = add_pages(cells, &doc, slug, k, path, output, opt, &ctx->diags);
        *fatal = st != GALLEY_STATUS_SUCCESS;
    } else if (st == GALLEY_STATUS_NO_MEMORY) {
        *fatal = 1;
    } else if (cells_add(cells, NULL, cell_label(slug, "error"))) {
        *fatal = 1;
        st = GALLEY_STATUS_NO_MEMORY;
    }
    galley_document_fini(&doc);
    galley_edition_result_fini(&result);
    galley_edition_destroy(edition);
    galley_article_destroy(article);
    galley_layout_destroy(layout);
    free(slug);
    return st;
}

/* Shows TEXT in Galley Sans (BOLD or regular) at SIZE px, centred in the
 * band WIDTH x HEIGHT around CX from TOP, shrunk to fit the width down to
 * LABEL_MIN_SIZE, then shortened in the middle behind a "…" (a long slug keeps
 * its start and its page number), and clipped to the band. Pango on the context's fonts (the
 * engine's own, Galley's fontconfig configuration), so Korean slugs print. */
static void draw_text(cairo_t *cr, PangoContext *pc, const char *text, double size, int bold,
                      double cx, double top, double width, double height)
{
    PangoLayout *layout = pango_layout_new(pc);
    PangoFontDescription *desc = pango_font_description_from_string("Galley Sans");
    pango_font_description_set_weight(desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
    pango_layout_set_font_description(layout, desc);
    pango_layout_set_text(layout, text, -1);
    PangoRectangle r;
    pango_layout_get_extents(layout, NULL, &r);
    double tw = (double)r.width / PANGO_SCALE;
    if (tw > width && size > LABEL_MIN_SIZE) {
        size = fmax(LABEL_MIN_SIZE, size * width / tw);
        pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
        pango_layout_set_font_description(layout, desc);
        pango_layout_get_extents(layout, NULL, &r);
        tw = (double)r.width / PANGO_SCALE;
    }
    if (tw > width) { /* still too wide: a visible "…" in the middle, whole characters */
        pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_MIDDLE);
        pango_layout_get_extents(layout, NULL, &r);
        tw = (double)r.width / PANGO_SCALE;
    }
    cairo_save(cr);
    cairo_rectangle(cr, cx - width / 2, top, width, height);
    cairo_clip(cr);
    cairo_move_to(cr, cx - fmin(tw, width) / 2,
                  top + (height - (double)r.height / PANGO_SCALE) / 2);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
    pango_font_description_free(desc);
    g_object_unref(layout);
}

/* The error cell: light red with a red border and "error" across it. */
static void draw_error_cell(cairo_t *cr, PangoContext *pc, double x, double y, double w, double h)
{
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgb(cr, 1, 0.86, 0.86);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.8, 0, 0);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
    draw_text(cr, pc, "error", fmax(LABEL_MIN_SIZE, w / 5), 1, x + w / 2, y, w, h);
}

/* Draws cell C with its thumbnail's top-left at (X, Y) in a W x H slot,
 * and its label under it. */
static void draw_cell(cairo_t *cr, PangoContext *pc, const cell_t *c, int x, int y, int w, int h)
{
    if (!c->thumb) {
        draw_error_cell(cr, pc, x, y, w, h);
    } else {
        int tw = cairo_image_surface_get_width(c->thumb);
        int th = cairo_image_surface_get_height(c->thumb);
        int tx = x + (w - tw) / 2;
        cairo_set_source_surface(cr, c->thumb, tx, y);
        cairo_paint(cr);
        cairo_rectangle(cr, tx - 0.5, y - 0.5, tw + 1, th + 1);
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    draw_text(cr, pc, c->label, LABEL_SIZE, 0, x + w / 2.0, y + h, w, SHEET_LABEL);
}

/* Draws the whole sheet of CELLS laid out for OPT; NULL when it is over the
 * limits (*ST says why, naming PATH). */
static cairo_surface_t *draw_sheet(const cells_t *cells, PangoContext *pc,
                                   const galley_contact_options_t *opt, const char *path,
                                   galley_diags_t *diags, galley_status_t *st)
{
    int w, h, cols = grid_columns(cells, opt);
    if ((*st = sheet_check(cells, opt, path, diags, &w, &h)))
        return NULL;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (size_t i = 0; i < cells->n; i++) {
        int col = (int)(i % (size_t)cols), row = (int)(i / (size_t)cols);
        int x = SHEET_MARGIN + col * (cells->width + SHEET_GAP);
        int y = SHEET_MARGIN + row * (cells->height + SHEET_LABEL + SHEET_GAP);
        draw_cell(cr, pc, &cells->items[i], x, y, cells->width, cells->height);
    }
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    *st = cs == CAIRO_STATUS_SUCCESS ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
    return s;
}

/* Writes SHEET to PATH, all or nothing; PATH may not be one of the N
 * INPUTS (the article and edition files the sheet shows). */
static galley_status_t write_sheet(cairo_surface_t *sheet, const char *path,
                                   const char *const *inputs, size_t n, galley_diags_t *diags)
{
    const char **kinds = calloc(n + 1, sizeof *kinds);
    if (!kinds)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, NULL,
                                  "out of memory");
    for (size_t i = 0; i < n; i++)
        kinds[i] = "an input of the sheet";
    /* The outputs never write through inputs: the cast only meets the
     * field's type, which galley.c fills with its own strings. */
    galley_outputs_t outs = {.inputs = (char *const *)inputs, .input_kinds = kinds, .n_inputs = n};
    FILE *fp = NULL;
    galley_status_t st = galley_outputs_open(&outs, path, &fp, diags);
    if (!st) {
        cairo_status_t cs = galley_output_png_write(sheet, fp);
        st = galley_output_close_stream(fp, cs, path, diags);
    }
    if (!st)
        st = galley_outputs_commit(&outs, diags);
    else
        galley_outputs_abort(&outs);
    free(kinds);
    return st;
}

/* Checks the output name and the options; an error names what is wrong. */
static galley_status_t check_options(galley_diags_t *diags, const char *output,
                                     const galley_contact_options_t *opt)
{
    if (!galley_path_extension_is(output, ".png"))
        return galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, output, 0, 0, NULL,
                                  "a contact sheet is a PNG: name the file .png");
    if (opt->dpi < 0 || opt->dpi > GALLEY_CONTACT_MAX_DPI)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "--dpi must be between 1 and %d", GALLEY_CONTACT_MAX_DPI);
    if (opt->columns < 0 || opt->columns > GALLEY_CONTACT_MAX_COLUMNS)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "--columns must be between 1 and %d", GALLEY_CONTACT_MAX_COLUMNS);
    return GALLEY_STATUS_SUCCESS;
}

/* Lays CELLS out, draws and writes them to OUTPUT (never over one of the N
 * INPUTS); the pages drawn go to the context's page count. */
static galley_status_t sheet_output(galley_context_t *ctx, const cells_t *cells, const char *output,
                                    const char *const *inputs, size_t n,
                                    const galley_contact_options_t *opt)
{
    galley_status_t st;
    cairo_surface_t *sheet =
        draw_sheet(cells, galley_fonts_context(ctx->fonts), opt, output, &ctx->diags, &st);
    if (!st)
        st = write_sheet(sheet, output, inputs, n, &ctx->diags);
    if (sheet)
        cairo_surface_destroy(sheet);
    for (size_t i = 0; !st && i < cells->n; i++)
        ctx->pages += cells->items[i].thumb != NULL;
    return st;
}

galley_status_t galley_contact_sheet(galley_context_t *ctx, const char *const *articles, size_t n,
                                     const char *output_png, const galley_contact_options_t *opt)
{
    galley_contact_options_t none = {0};
    opt = opt ? opt : &none;
    galley_diags_clear(&ctx->diags);
    ctx->pages = 0;
    galley_status_t st = check_options(&ctx->diags, output_png, opt), first = st;
    if (st)
        return st;
    double k = (opt->dpi > 0 ? opt->dpi : GALLEY_CONTACT_DEFAULT_DPI) / 72.0;
    cells_t cells = {0};
    int fatal = 0;
    for (size_t i = 0; !fatal && i < n; i++) {
        st = add_article(ctx, &cells, articles[i], output_png, opt, k, &fatal);
        first = first ? first : st;
    }
    if (!cells.width) { /* no page drawn: error cells of the layout's page, else A4 */
        cells.width = (int)ceil((cells.page_w ? cells.page_w : FALLBACK_WIDTH) * k);
        cells.height = (int)ceil((cells.page_h ? cells.page_h : FALLBACK_HEIGHT) * k);
    }
    if (!fatal && cells.n && (st = sheet_output(ctx, &cells, output_png, articles, n, opt)))
        first = st; /* the sheet's own failure: nothing was written */
    cells_fini(&cells);
    return first;
}
