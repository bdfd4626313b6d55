/* galley.c: the public API: the context and one render from file to file.
 *
 * Owns the order of the stages: load (layout, article), typeset and compose
 * (galley_compose), draw (output.c; for an edition with -j, the pipeline of
 * output/pipeline.c draws the PDF while it is set), and the diagnostics of
 * each call.
 */
#include "context.h"
#include "cache.h"
#include "edition.h"
#include "import.h"
#include "input.h"
#include "output.h"
#include "compose_edition.h"
#include "pipeline.h"
#include "report.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A copy of S, or NULL for NULL or ""; *FAILED set when out of memory. */
static char *context_strdup(const char *s, int *failed)
{
    char *c = s && *s ? strdup(s) : NULL;
    *failed |= s && *s && !c;
    return c;
}

/* Takes the context options OPT (NULL: the defaults) into CTX: its own
 * copies of the folders, the data folder defaulting to the one the library
 * was built for (GALLEY_DATADIR: PREFIX/share/galley, or the source tree). */
static galley_status_t context_settings(galley_context_t *ctx, const galley_context_options_t *opt)
{
    galley_context_options_t o;
    galley_context_options_init(&o);
    if (opt && (opt->size < offsetof(galley_context_options_t, source_date) + sizeof(long long) ||
                opt->size > 65536))
        return galley_diags_error(&ctx->diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "the context options were not initialised (call "
                                  "galley_context_options_init first)");
    if (opt)
        memcpy(&o, opt, opt->size < sizeof o ? opt->size : sizeof o);
    int failed = 0;
    ctx->datadir = context_strdup(o.datadir ? o.datadir : GALLEY_DATADIR, &failed);
    ctx->fonts_conf = context_strdup(o.fonts_conf, &failed);
    ctx->cache_dir = context_strdup(o.cache_dir, &failed);
    ctx->source_date = o.source_date;
    return failed ? GALLEY_STATUS_NO_MEMORY : GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_context_create_with_options(const galley_context_options_t *opt,
                                                   galley_context_t **out)
{
    galley_context_t *ctx = calloc(1, sizeof *ctx);
    *out = NULL;
    if (!ctx)
        return GALLEY_STATUS_NO_MEMORY;
    galley_diags_init(&ctx->diags);
    galley_import_init(); /* libxml2, before any thread */
    galley_status_t st = context_settings(ctx, opt);
    /* The dictionary first: it loads in a thread while the fonts are set up. */
    if (!st)
        st = galley_hyphen_create_cached(ctx->datadir, ctx->cache_dir, &ctx->hyphen);
    char checks[4200]; /* the photos checked before, kept in the cache folder */
    int cached = galley_cache_path(ctx->cache_dir, "photo-checks", 1, checks, sizeof checks);
    if (!st && !(ctx->photo_checks = galley_photo_checks_create(cached ? checks : NULL)))
        st = GALLEY_STATUS_NO_MEMORY;
    if (!st)
        st = galley_fonts_create_with_conf(ctx->datadir, ctx->fonts_conf, &ctx->fonts, &ctx->diags);
    *out = ctx; /* even on failure, so the caller can read the diagnostics */
    return st;
}

galley_status_t galley_context_create(galley_context_t **out)
{
    return galley_context_create_with_options(NULL, out);
}

/* Forgets the input files of the last render. */
static void context_inputs_clear(galley_context_t *ctx)
{
    for (size_t i = 0; i < ctx->n_inputs; i++)
        free(ctx->inputs[i]);
    free(ctx->inputs);
    free(ctx->input_kinds);
    ctx->inputs = NULL;
    ctx->input_kinds = NULL;
    ctx->n_inputs = 0;
}

/* Records PATH, KIND of file ("the article", a static string), among the
 * files the render reads (for galley watch, and so no output replaces one). */
static galley_status_t context_input_add(galley_context_t *ctx, const char *path, const char *kind)
{
    char **v = realloc(ctx->inputs, (ctx->n_inputs + 1) * sizeof *v);
    if (v)
        ctx->inputs = v;
    const char **k = realloc(ctx->input_kinds, (ctx->n_inputs + 1) * sizeof *k);
    if (k)
        ctx->input_kinds = k;
    if (!v || !k || !(v[ctx->n_inputs] = strdup(path)))
        return GALLEY_STATUS_NO_MEMORY;
    k[ctx->n_inputs++] = kind;
    return GALLEY_STATUS_SUCCESS;
}

/* Records the article A's file (KIND) and its photos. */
static galley_status_t context_article_inputs(galley_context_t *ctx, const galley_article_t *a,
                                              const char *kind)
{
    galley_status_t st = context_input_add(ctx, a->path, kind);
    for (size_t i = 0; !st && i < a->n_photos; i++)
        if (a->photos[i].path)
            st = context_input_add(ctx, a->photos[i].path, "a photo");
    return st;
}

/* The outputs OUTS may not replace the context's inputs. */
static void context_guard_outputs(const galley_context_t *ctx, galley_outputs_t *outs)
{
    outs->inputs = ctx->inputs;
    outs->input_kinds = ctx->input_kinds;
    outs->n_inputs = ctx->n_inputs;
}

void galley_context_destroy(galley_context_t *ctx)
{
    if (!ctx)
        return;
    context_inputs_clear(ctx);
    galley_hyphen_list_destroy(ctx->house);
    galley_fonts_destroy(ctx->fonts);
    galley_hyphen_destroy(ctx->hyphen);
    galley_photo_checks_destroy(ctx->photo_checks);
    galley_diags_fini(&ctx->diags);
    free(ctx->datadir);
    free(ctx->fonts_conf);
    free(ctx->cache_dir);
    free(ctx);
}

/* The output format from the file name's extension, in any case ("OUT.PDF"):
 * 'p' PDF, 'n' PNG, 0 neither. */
static int output_format(const char *path)
{
    if (galley_path_extension_is(path, ".pdf"))
        return 'p';
    if (galley_path_extension_is(path, ".png"))
        return 'n';
    return 0;
}

/* The PDF's print options of the render options OPT, with the pages to draw. */
static galley_pdf_options_t render_pdf_options(const galley_context_t *ctx,
                                               const galley_render_options_t *opt)
{
    return (galley_pdf_options_t){.marks = opt->marks,
                                  .guides = opt->guides,
                                  .cache_dir = ctx->cache_dir,
                                  .source_date = ctx->source_date,
                                  .first_page = opt->first_page,
                                  .last_page = opt->last_page};
}

/* Sets *VIEW to the pages of DOC that OPT's first_page and last_page ask for
 * (the same pages, borrowed); a first page past the end, or after the last,
 * is an input error naming the document's count. */
static galley_status_t render_page_range(galley_context_t *ctx, const galley_document_t *doc,
                                         const galley_render_options_t *opt,
                                         galley_document_t *view)
{
    *view = *doc;
    if (!opt->first_page && !opt->last_page)
        return GALLEY_STATUS_SUCCESS;
    size_t first = opt->first_page > 1 ? (size_t)opt->first_page : 1;
    size_t last = opt->last_page > 0 && (size_t)opt->last_page < doc->n_pages
                      ? (size_t)opt->last_page
                      : doc->n_pages;
    if (opt->first_page < 0 || opt->last_page < 0 || first > last)
        return galley_diags_error(&ctx->diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, "--pages",
                                  "pages %d-%d asked for, of %zu pages", opt->first_page,
                                  opt->last_page, doc->n_pages);
    view->pages += first - 1;
    view->n_pages = last - first + 1;
    return GALLEY_STATUS_SUCCESS;
}

/* Draws DOC's pages (OPT's range of them) to OUTPUT and the boxes into OUTS
 * (not yet committed). A PDF whose pages WRITER drew already (editions with
 * -j) is only finished. */
static galley_status_t render_outputs(galley_context_t *ctx, const galley_document_t *doc,
                                      const char *output, int format,
                                      const galley_render_options_t *opt,
                                      galley_pdf_writer_t *writer, galley_outputs_t *outs)
{
    galley_document_t view;
    galley_status_t st = render_page_range(ctx, doc, opt, &view);
    galley_pdf_options_t pdf = render_pdf_options(ctx, opt);
    galley_png_options_t png = {opt->dpi > 0 ? opt->dpi : 150, opt->guides, opt->bleed,
                                opt->limits.max_output_mpixels, opt->proof};
    if (st)
        return st;
    if (writer)
        st = galley_pdf_writer_finish(writer, outs, &ctx->diags);
    else if (format == 'p') /* the writer draws the range: the slug counts every page */
        st = galley_output_pdf(doc, output, &pdf, outs, &ctx->diags);
    else
        st = galley_output_png(&view, output, &png, outs, &ctx->diags);
    if (!st && opt->boxes_path)
        st = galley_output_boxes(doc, opt->boxes_path, outs, &ctx->diags);
    return st;
}

/* Draws DOC to OUTPUT (and the boxes), all or nothing. */
static galley_status_t render_write(galley_context_t *ctx, const galley_document_t *doc,
                                    const char *output, int format,
                                    const galley_render_options_t *opt, galley_outputs_t *outs)
{
    galley_status_t st = render_outputs(ctx, doc, output, format, opt, NULL, outs);
    context_guard_outputs(ctx, outs);
    st = st ? (galley_outputs_abort(outs), st) : galley_outputs_commit(outs, &ctx->diags);
    if (!st && format == 'n' && !opt->first_page && !opt->last_page) /* a part prunes none */
        galley_output_png_prune(output, doc->n_pages, ctx->inputs, ctx->n_inputs);
    return st;
}

/* Reads the command's house hyphenation list (--hyphenation FILE), anew for
 * every render so an edited list takes effect at once, and records the files
 * the lists come from among the inputs (galley watch re-renders when one
 * changes). LAYOUT's own list was read with it. */
static galley_status_t context_house_load(galley_context_t *ctx, const galley_render_options_t *opt,
                                          const galley_layout_t *layout)
{
    galley_hyphen_list_destroy(ctx->house);
    ctx->house = NULL;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (layout && layout->hyphenation_path)
        st = context_input_add(ctx, layout->hyphenation_path, "the layout's hyphenation list");
    if (st || !opt->hyphenation)
        return st;
    st = context_input_add(ctx, opt->hyphenation, "the hyphenation list");
    double mb =
        opt->limits.max_input_mb > 0 ? opt->limits.max_input_mb : GALLEY_DEFAULT_MAX_INPUT_MB;
    if (!st)
        st = galley_hyphen_list_load(opt->hyphenation, NULL, galley_input_max_bytes(mb),
                                     &ctx->house, &ctx->diags);
    return st;
}

/* galley_fonts_file_fn: records a house font file or folder among the
 * context DATA's inputs. */
static int context_font_input(const char *path, void *data)
{
    return context_input_add(data, path, "a house font") != GALLEY_STATUS_SUCCESS;
}

/* Makes the render's fonts Galley's own with LAYOUT's "fonts" and the
 * command's --font-dir (OPT->font_dir): the house fonts of this render
 * alone, none of an earlier one's. Their files are among the render's
 * inputs (galley watch re-renders, and galley batch's key is stale, when one
 * changes). */
static galley_status_t context_fonts_use(galley_context_t *ctx, const galley_render_options_t *opt,
                                         const galley_layout_t *layout)
{
    galley_font_source_t sources[GALLEY_LAYOUT_MAX_FONTS + 1];
    char fields[GALLEY_LAYOUT_MAX_FONTS][32];
    size_t n = 0;
    for (size_t i = 0; i < layout->n_fonts; i++, n++) {
        snprintf(fields[i], sizeof fields[i], "fonts[%zu]", i);
        const galley_layout_font_t *f = &layout->fonts[i];
        sources[n] = (galley_font_source_t){f->path,   layout->path, f->line,
                                            f->column, fields[i],    layout->fonts_root};
    }
    if (opt->font_dir)
        sources[n++] = (galley_font_source_t){opt->font_dir, NULL, 0, 0, "--font-dir", NULL};
    return galley_fonts_use(ctx->fonts, sources, n, context_font_input, ctx, &ctx->diags);
}

/* Applies the command's PDF standard (OPT->pdf_standard) to LAYOUT, before
 * anything is set in it: PDF/X-4 in a layout that asks for none, or a PNG
 * proof (OPT->proof), reads the layout's output profile (its "pdf"
 * "profile", else the default CMYK one). */
static galley_status_t context_pdf_standard(galley_context_t *ctx,
                                            const galley_render_options_t *opt,
                                            galley_layout_t *layout)
{
    if (opt->pdf_standard == GALLEY_PDF_STANDARD_NONE)
        layout->pdf.standard = GALLEY_PDF_NONE;
    else if (opt->pdf_standard == GALLEY_PDF_STANDARD_X4)
        layout->pdf.standard = GALLEY_PDF_X4;
    if (layout->pdf.standard != GALLEY_PDF_X4 && !opt->proof)
        return GALLEY_STATUS_SUCCESS;
    return galley_layout_press_profile(layout, &opt->limits, &ctx->diags);
}

/* Loads the layout: --layout as it is, else NAMED (an article's or an
 * edition's "layout"; NULL: tabloid) confined to --root; with the command's
 * PDF standard. */
static galley_status_t context_layout_load(galley_context_t *ctx,
                                           const galley_render_options_t *opt, const char *named,
                                           galley_layout_t **layout)
{
    galley_status_t st =
        opt->layout ? galley_layout_load_limited(opt->layout, ctx->datadir, &opt->limits, layout,
                                                 &ctx->diags)
                    : galley_layout_load_confined(named ? named : "tabloid", ctx->datadir,
                                                  &opt->limits, opt->root, layout, &ctx->diags);
    return st ? st : context_pdf_standard(ctx, opt, *layout);
}

/* What the loaders take of the render options OPT: limits, root, placeholder. */
static galley_load_options_t context_load_options(const galley_render_options_t *opt)
{
    return (galley_load_options_t){opt->limits, opt->root, opt->placeholder, opt->from};
}

/* galley_context_compose for the article file ARTICLE_PATH, or with DATA the
 * LEN bytes there named ARTICLE_PATH (galley_render_buffer). */
static galley_status_t
context_compose_source(galley_context_t *ctx, const char *article_path, const char *data,
                       size_t len, const galley_render_options_t *opt, galley_layout_t **layout_out,
                       galley_article_t **article_out, galley_document_t *doc)
{
    galley_layout_t *layout = NULL;
    galley_article_t *article = NULL;
    memset(doc, 0, sizeof *doc);
    context_inputs_clear(ctx);
    /* The article first: it may name its layout (the command's --layout wins). */
    galley_load_options_t lo = context_load_options(opt);
    galley_status_t st =
        data ? galley_article_load_buffer(article_path, data, len, &lo, &article, &ctx->diags)
             : galley_article_load(article_path, &lo, ctx->photo_checks, &article, &ctx->diags);
    galley_status_t ist = article ? context_article_inputs(ctx, article, "the article")
                                  : context_input_add(ctx, article_path, "the article");
    /* Loaded even when the article failed: every input error in one run. */
    galley_status_t lst = context_layout_load(ctx, opt, article ? article->layout : NULL, &layout);
    st = st ? st : lst;
    if (layout)
        ist = ist ? ist : context_input_add(ctx, layout->path, "the layout");
    st = st ? st : ist;
    galley_status_t hst = context_house_load(ctx, opt, layout);
    st = st ? st : hst;
    if (!st)
        st = context_fonts_use(ctx, opt, layout);
    if (!st)
        st = galley_fonts_check_layout(ctx->fonts, layout, &ctx->diags);
    galley_compose_options_t co = {
        opt->limits.max_pages > 0 ? opt->limits.max_pages : GALLEY_DEFAULT_MAX_PAGES, ctx->house};
    if (!st)
        st = galley_compose(ctx->fonts, ctx->hyphen, article, layout, &co, doc, &ctx->diags);
    *layout_out = layout;
    *article_out = article;
    return st;
}

galley_status_t galley_context_compose(galley_context_t *ctx, const char *article_path,
                                       const galley_render_options_t *opt,
                                       galley_layout_t **layout_out, galley_article_t **article_out,
                                       galley_document_t *doc)
{
    return context_compose_source(ctx, article_path, NULL, 0, opt, layout_out, article_out, doc);
}

/* Starts a render: clears the last call's diagnostics, takes the caller's
 * OPTIONS into *OPT and checks them and the output name; *FORMAT gets the
 * output format. */
static galley_status_t render_begin(galley_context_t *ctx, const char *output_path,
                                    const galley_render_options_t *options,
                                    galley_render_options_t *opt, int *format)
{
    galley_diags_clear(&ctx->diags);
    ctx->pages = 0;
    galley_status_t st = galley_options_take(ctx, options, opt);
    if (st)
        return st;
    *format = output_format(output_path);
    if (!*format)
        return galley_diags_error(&ctx->diags, GALLEY_STATUS_OUTPUT_ERROR, output_path, 0, 0, NULL,
                                  "cannot tell the output format: galley writes PDF and PNG "
                                  "only; name the file .pdf or .png");
    if (opt->dpi < 0 || opt->dpi > 2400)
        return galley_diags_error(&ctx->diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "--dpi must be between 1 and 2400");
    return GALLEY_STATUS_SUCCESS;
}

/* Converts an article to Galley's JSON; see galley.h. */
galley_status_t galley_convert_file(galley_context_t *ctx, const char *article_path,
                                    const char *output_path, const galley_render_options_t *options)
{
    galley_render_options_t opt;
    galley_diags_clear(&ctx->diags);
    context_inputs_clear(ctx);
    galley_status_t st = galley_options_take(ctx, options, &opt);
    galley_load_options_t lo = context_load_options(&opt);
    char *text = NULL;
    if (!st)
        st = galley_import_convert(article_path, output_path, &lo, &text, &ctx->diags);
    if (!st)
        st = context_input_add(ctx, article_path, "the article");
    galley_outputs_t outs = {0};
    FILE *fp = NULL;
    if (!st)
        st = galley_outputs_open(&outs, output_path, &fp, &ctx->diags);
    if (!st) {
        int bad = fputs(text, fp) < 0;
        bad |= fclose(fp) != 0;
        if (bad)
            st = galley_diags_error(&ctx->diags, GALLEY_STATUS_OUTPUT_ERROR, output_path, 0, 0,
                                    NULL, "cannot write the JSON");
    }
    context_guard_outputs(ctx, &outs);
    st = st ? (galley_outputs_abort(&outs), st) : galley_outputs_commit(&outs, &ctx->diags);
    free(text);
    return st;
}

/* Loads the article ARTICLE_PATH (with DATA, the LENGTH bytes there named
 * so), composes it with OPT and writes it to OUTPUT through OUTS (a stream
 * output set up in it, or none), all or nothing: galley_render_file and
 * galley_render_buffer. */
static galley_status_t render_article(galley_context_t *ctx, const char *article_path,
                                      const char *data, size_t length, const char *output,
                                      int format, const galley_render_options_t *opt,
                                      galley_outputs_t *outs)
{
    galley_layout_t *layout = NULL;
    galley_article_t *article = NULL;
    galley_document_t doc;
    galley_status_t st =
        context_compose_source(ctx, article_path, data, length, opt, &layout, &article, &doc);
    st = st ? (galley_outputs_abort(outs), st) : render_write(ctx, &doc, output, format, opt, outs);
    if (!st)
        ctx->pages = (int)doc.n_pages;
    galley_document_fini(&doc);
    galley_article_destroy(article);
    galley_layout_destroy(layout);
    return st;
}

galley_status_t galley_render_file(galley_context_t *ctx, const char *article_path,
                                   const char *output_path, const galley_render_options_t *options)
{
    galley_render_options_t opt;
    int format;
    galley_status_t st = render_begin(ctx, output_path, options, &opt, &format);
    galley_outputs_t outs = {0};
    return st ? st : render_article(ctx, article_path, NULL, 0, output_path, format, &opt, &outs);
}

/* Renders an article in memory to a file; see galley.h. */
galley_status_t galley_render_buffer_file(galley_context_t *ctx, const char *name, const char *data,
                                          size_t length, const char *output_path,
                                          const galley_render_options_t *options)
{
    galley_render_options_t opt;
    int format;
    galley_status_t st = render_begin(ctx, output_path, options, &opt, &format);
    galley_outputs_t outs = {0};
    return st ? st
              : render_article(ctx, name ? name : "<memory>", data, length, output_path, format,
                               &opt, &outs);
}

/* Renders an article in memory to a write callback; see galley.h. */
galley_status_t galley_render_buffer(galley_context_t *ctx, const char *name, const char *data,
                                     size_t length, galley_write_func_t write, void *closure,
                                     const galley_render_options_t *options)
{
    static const char STREAM[] = "<output stream>";
    galley_render_options_t opt;
    int format;
    galley_status_t st = render_begin(ctx, "output.pdf", options, &opt, &format);
    if (!st && (!data || !write))
        st = galley_diags_error(&ctx->diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                "galley_render_buffer needs the article's bytes and a write "
                                "callback");
    galley_outputs_t outs = {.write = write, .closure = closure, .stream_path = STREAM};
    return st ? st
              : render_article(ctx, name ? name : "<memory>", data, length, STREAM, 'p', &opt,
                               &outs);
}

galley_status_t galley_context_compose_edition(galley_context_t *ctx, const char *edition_path,
                                               const galley_render_options_t *opt,
                                               const galley_edition_options_t *eopt,
                                               galley_edition_t **edition, galley_layout_t **layout,
                                               galley_document_t *doc,
                                               galley_edition_result_t *result)
{
    *edition = NULL;
    *layout = NULL;
    memset(doc, 0, sizeof *doc);
    context_inputs_clear(ctx);
    galley_edition_compose_options_t co = {
        opt->limits.max_pages > 0 ? opt->limits.max_pages : GALLEY_DEFAULT_MAX_PAGES,
        eopt ? eopt->progress : NULL, eopt ? eopt->progress_data : NULL, NULL};
    galley_load_options_t lo = context_load_options(opt);
    galley_status_t st = context_input_add(ctx, edition_path, "the edition");
    if (!st)
        st = galley_edition_load(edition_path, &lo, edition, &ctx->diags);
    if (!st)
        st = context_layout_load(ctx, opt, (*edition)->layout, layout);
    if (!st)
        st = context_input_add(ctx, (*layout)->path, "the layout");
    if (!st)
        st = context_house_load(ctx, opt, *layout);
    co.hyphenation = ctx->house;
    if (!st)
        st = context_fonts_use(ctx, opt, *layout);
    if (!st)
        st = galley_fonts_check_layout(ctx->fonts, *layout, &ctx->diags);
    if (!st)
        st = galley_edition_load_articles(*edition, &lo, ctx->photo_checks, &result->articles,
                                          &result->n_articles, &ctx->diags);
    if (!st)
        st = galley_compose_edition(ctx->fonts, ctx->hyphen, *edition, result->articles,
                                    result->n_articles, *layout, &co, doc, result, &ctx->diags);
    for (size_t i = 0; i < result->n_articles; i++) /* every article loaded, failed or not */
        st = st ? st : context_article_inputs(ctx, result->articles[i], "an article");
    return st;
}

/* Milliseconds since *T0. */
static double elapsed_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Writes the report of an edition refused with --final (RESULT says what
 * is overset) to PATH on its own: no pages are written, but the desk learns
 * what did not fit. Returns the report's status. */
static galley_status_t edition_report_alone(galley_context_t *ctx, const galley_edition_t *edition,
                                            const galley_edition_result_t *result, int threads,
                                            const char *path)
{
    galley_outputs_t outs = {0};
    galley_status_t st = galley_output_report(edition, result, threads, &ctx->diags, path, &outs);
    context_guard_outputs(ctx, &outs);
    return st ? (galley_outputs_abort(&outs), st) : galley_outputs_commit(&outs, &ctx->diags);
}

galley_status_t galley_render_edition(galley_context_t *ctx, const char *edition_path,
                                      const char *output_path,
                                      const galley_render_options_t *options,
                                      const galley_edition_options_t *eopt)
{
    galley_render_options_t taken;
    galley_edition_options_t etaken;
    const galley_render_options_t *opt = &taken;
    int format;
    galley_status_t st = render_begin(ctx, output_path, options, &taken, &format);
    if (!st)
        st = galley_edition_options_take(ctx, eopt, &etaken);
    if (st)
        return st;
    eopt = &etaken;
    galley_edition_t *edition = NULL;
    galley_layout_t *layout = NULL;
    galley_document_t doc = {0};
    galley_edition_result_t result = {0};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* -j 2 and more: a PDF is drawn while it is composed (pipeline.h). */
    galley_pdf_options_t po = render_pdf_options(ctx, opt);
    galley_pipeline_t *pipe = NULL;
    if (eopt->jobs > 1 && format == 'p')
        galley_pipeline_start(&doc, output_path, &po, eopt, &pipe);
    st = galley_context_compose_edition(ctx, edition_path, opt,
                                        pipe ? galley_pipeline_options(pipe) : eopt, &edition,
                                        &layout, &doc, &result);
    if (pipe) {
        galley_status_t dst = galley_pipeline_end(pipe, &ctx->diags);
        st = st ? st : dst;
    }
    int threads = pipe ? galley_pipeline_threads(pipe) : 1;
    result.compose_ms = elapsed_ms(&t0);
    for (size_t i = 0; !st && eopt->final && i < result.n_placed; i++)
        if (result.placed[i].overset_lines)
            st = galley_diags_error(&ctx->diags, GALLEY_STATUS_OVERSET, edition_path, 0, 0,
                                    result.placed[i].placement->field,
                                    "overset with --final: no pages written");
    if (!st) {
        galley_outputs_t outs = {0};
        st = render_outputs(ctx, &doc, output_path, format, opt,
                            pipe ? galley_pipeline_writer(pipe) : NULL, &outs);
        result.output_ms = elapsed_ms(&t0) - result.compose_ms;
        if (!st && eopt->report_path)
            st = galley_output_report(edition, &result, threads, &ctx->diags, eopt->report_path,
                                      &outs);
        context_guard_outputs(ctx, &outs);
        st = st ? (galley_outputs_abort(&outs), st) : galley_outputs_commit(&outs, &ctx->diags);
        if (!st && format == 'n' && !opt->first_page && !opt->last_page)
            galley_output_png_prune(output_path, doc.n_pages, ctx->inputs, ctx->n_inputs);
    }
    if (st == GALLEY_STATUS_OVERSET && eopt->report_path) {
        galley_status_t rst =
            edition_report_alone(ctx, edition, &result, threads, eopt->report_path);
        st = rst ? rst : st;
    }
    if (!st)
        ctx->pages = (int)doc.n_pages;
    galley_pipeline_destroy(pipe);
    galley_document_fini(&doc);
    galley_edition_result_fini(&result);
    galley_layout_destroy(layout);
    galley_edition_destroy(edition);
    return st;
}

size_t galley_context_input_count(const galley_context_t *ctx)
{
    return ctx->n_inputs;
}

const char *galley_context_input_path(const galley_context_t *ctx, size_t i)
{
    return i < ctx->n_inputs ? ctx->inputs[i] : NULL;
}

size_t galley_context_diag_count(const galley_context_t *ctx)
{
    return ctx->diags.count;
}

const char *galley_context_diag_message(const galley_context_t *ctx, size_t i)
{
    return i < ctx->diags.count ? ctx->diags.items[i].formatted : NULL;
}

galley_severity_t galley_context_diag_severity(const galley_context_t *ctx, size_t i)
{
    return i < ctx->diags.count ? ctx->diags.items[i].severity : GALLEY_SEVERITY_ERROR;
}

int galley_context_page_count(const galley_context_t *ctx)
{
    return ctx->pages;
}
