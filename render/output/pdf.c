/* pdf.c: the print PDF.
 *
 * Owns the PDF's page geometry (the trimmed page with its bleed, and room
 * for marks), its metadata and dates, the outline, and the post-processing
 * cairo 1.16 cannot do, through libqpdf: MediaBox, BleedBox and TrimBox on
 * every page, the OutputIntent and a press file's PDF/X-4 keys (pdf_x.c),
 * /Alt on figures, /Lang, a
 * deterministic /ID, so the same input gives the same bytes, and each PNG
 * photo's own image data put in place of the stand-in cairo wrote for it.
 *
 * The PNG swap is a contract with cairo 1.16, not a documented API (cairo
 * embeds file data as it is for JPEG, JPEG 2000, JBIG2 and CCITT only; its
 * CAIRO_MIME_TYPE_UNIQUE_ID dedups and is written nowhere, so no documented
 * identity marks a PNG's XObject in cairo's output). Each embeddable PNG is
 * handed to cairo as a minimal JPEG stream (resources/photo/photo_png.c's
 * header has the bytes and what cairo writes of them): cairo writes it
 * verbatim as a /DCTDecode image XObject, once per photo. pdf_png_photos()
 * walks every object with libqpdf, takes each /Subtype /Image /Filter
 * /DCTDecode stream whose raw data starts with the "galley-png:" marker and
 * a photo's id (galley_image_stand_in_id), finds that photo in the document,
 * and replaces the stream's data, /Filter and /DecodeParms with the PNG's
 * IDAT bytes and PNG predictors; every other key cairo wrote (/Width,
 * /Height, /ColorSpace, /BitsPerComponent, /Interpolate) is already right.
 * A JPEG photo's file would be taken only if it began with such a comment
 * naming a PNG photo of the same document (the id hashes that PNG's bytes).
 * tests/print.py fails if a PNG's stream is not its IDAT data or a stand-in
 * is left, and tests/snapshot.py if any byte changes.
 *
 * A press file (PDF/X-4, galley_pdf_is_x4) goes through the colour pass
 * (pdf_colour.h, pdf_cmyk.c) with its press's profile and ink limit, in the
 * same libqpdf pass, before the steps above: cairo's PDF is read once and
 * written once. The stand-in images keep their bytes and /Filter through it
 * (it only tags them ICCBased), so the PNG swap finds them as before.
 */
#include "draw.h"
#include "input.h"
#include "output.h"
#include "pdf_colour.h"
#include "pdf_x.h"
#include "font_lock.h"

#include <cairo-pdf.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

/* The ICC profile of the OutputIntent: sRGB, the colour space Galley draws
 * in (Debian's colord-data; Debian ships no CMYK press profile as ICC). */
#define GALLEY_ICC_PROFILE "/usr/share/color/icc/colord/sRGB.icc"

/* A growing memory buffer cairo writes the PDF into. */
typedef struct {
    unsigned char *data;
    size_t len, cap;
    int failed;
} buf_t;

static cairo_status_t buf_write(void *closure, const unsigned char *data, unsigned int len)
{
    buf_t *b = closure;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1 << 20;
        while (cap < b->len + len)
            cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return CAIRO_STATUS_SUCCESS;
}

/* The document's date for CreationDate and ModDate: the context's source
 * date (SOURCE_DATE_EPOCH for the galley command) when given, else the
 * article's date; never the clock, so the bytes repeat. */
static void pdf_date(const galley_document_t *doc, long long source_date, char *buf, size_t n)
{
    if (source_date >= 0) {
        time_t t = (time_t)source_date;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    } else if (doc->year) {
        snprintf(buf, n, "%04d-%02d-%02dT00:00:00Z", doc->year, doc->month, doc->day);
    } else {
        snprintf(buf, n, "1970-01-01T00:00:00Z");
    }
}

/* Title, author, subject, keywords, creator, dates and the outline. */
static void pdf_metadata(cairo_surface_t *s, const galley_document_t *doc, const char *date)
{
    if (doc->title) {
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc->title);
        cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, doc->title, "page=1", 0);
    }
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

/* How far the media box reaches past the trim on every side. */
static double pdf_margin(const galley_document_t *doc, const galley_pdf_options_t *po)
{
    return doc->bleed + (po->marks ? doc->slug : 0);
}

/* A PDF being drawn page by page (galley_output_pdf, or editions drawing
 * while later pages are set). */
struct galley_pdf_writer {
    const galley_document_t *doc; /* only its metadata is read while pages are drawn */
    const galley_pdf_options_t *po;
    const char *path;
    size_t n_seen;  /* pages handed to the writer, drawn or skipped (--pages) */
    size_t n_drawn; /* pages drawn */
    char date[64];
    cairo_surface_t *surface;     /* made with the first page, whose size it takes */
    galley_image_store_t *images; /* the photos drawn, until cairo's PDF is finished */
    buf_t buf;                    /* what cairo writes */
    galley_status_t st;
};

galley_status_t galley_pdf_writer_create(const galley_document_t *doc, const char *path,
                                         const galley_pdf_options_t *po, galley_pdf_writer_t **out)
{
    galley_pdf_writer_t *w = calloc(1, sizeof *w);
    *out = w;
    if (!w)
        return GALLEY_STATUS_NO_MEMORY;
    w->doc = doc;
    w->po = po;
    w->path = path;
    w->images = galley_image_store_create();
    return w->images ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
}

/* Starts cairo's PDF, WIDTH x HEIGHT pt, with the document's metadata. */
static void pdf_writer_open(galley_pdf_writer_t *w, double width, double height)
{
    pdf_date(w->doc, w->po->source_date, w->date, sizeof w->date);
    w->surface = cairo_pdf_surface_create_for_stream(buf_write, &w->buf, width, height);
    cairo_pdf_surface_restrict_to_version(w->surface, CAIRO_PDF_VERSION_1_5);
    pdf_metadata(w->surface, w->doc, w->date);
}

/* The 0-based range [*FIRST, *LAST) of N_PAGES pages that PO asks to draw
 * (first_page and last_page, 1-based; 0: from the first, to the last). */
static void pdf_page_range(const galley_pdf_options_t *po, size_t n_pages, size_t *first,
                           size_t *last)
{
    *first = po->first_page > 1 ? (size_t)po->first_page - 1 : 0;
    *last = po->last_page > 0 && (size_t)po->last_page < n_pages ? (size_t)po->last_page : n_pages;
}

/* galley_pdf_writer_page, with the font lock held by the caller. */
static galley_status_t pdf_writer_page_unlocked(galley_pdf_writer_t *w, const galley_page_t *page,
                                                size_t n_pages, galley_diags_t *diags)
{
    size_t index = w->n_seen++, first, last;
    pdf_page_range(w->po, n_pages, &first, &last);
    if (w->st || index < first || index >= last) /* a page another part draws */
        return w->st;
    double m = pdf_margin(w->doc, w->po), width = page->width + 2 * m,
           height = page->height + 2 * m;
    if (!w->surface)
        pdf_writer_open(w, width, height);
    cairo_pdf_surface_set_size(w->surface, width, height);
    cairo_t *cr = cairo_create(w->surface);
    if (w->n_drawn == 0)
        cairo_tag_begin(cr, "Document", NULL);
    cairo_save(cr);
    cairo_translate(cr, m, m);
    /* a press file has no links: PDF/X allows no annotation inside the bleed */
    int marks = GALLEY_DRAW_TAGS | (galley_pdf_is_x4(w->doc) ? 0 : GALLEY_DRAW_LINKS);
    w->st = galley_draw_page(cr, page, marks, w->images, diags);
    if (w->po->guides)
        galley_draw_guides(cr, page, 0.25);
    cairo_restore(cr);
    if (w->po->marks)
        galley_draw_marks(cr, page, w->doc, n_pages, m, w->date);
    w->n_drawn++;
    if (index + 1 == last)
        cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_show_page(w->surface);
    return w->st;
}

galley_status_t galley_pdf_writer_page(galley_pdf_writer_t *w, const galley_page_t *page,
                                       size_t n_pages, galley_diags_t *diags)
{
    galley_font_lock();
    galley_status_t r = pdf_writer_page_unlocked(w, page, n_pages, diags);
    galley_font_unlock();
    return r;
}

/* Finishes cairo's PDF of W's pages in w->buf. */
static galley_status_t pdf_writer_draw_end(galley_pdf_writer_t *w, galley_diags_t *diags)
{
    galley_font_lock(); /* cairo subsets and writes the fonts now */
    if (!w->surface)    /* a document without pages: one empty A4 page, as cairo makes */
        pdf_writer_open(w, 595, 842);
    cairo_surface_finish(w->surface);
    cairo_status_t cs = cairo_surface_status(w->surface);
    cairo_surface_destroy(w->surface);
    galley_font_unlock();
    w->surface = NULL;
    galley_image_store_destroy(w->images); /* cairo holds none of its surfaces now */
    w->images = NULL;
    if (!w->st && (cs || w->buf.failed))
        w->st = galley_diags_error(
            diags,
            cs == CAIRO_STATUS_NO_MEMORY || w->buf.failed ? GALLEY_STATUS_NO_MEMORY
                                                          : GALLEY_STATUS_OUTPUT_ERROR,
            w->path, 0, 0, NULL, "cannot draw the PDF: %s", cairo_status_to_string(cs));
    return w->st;
}

/* A PDF rectangle "[x0 y0 x1 y1]" around the trim, grown by D. */
static qpdf_oh pdf_box(qpdf_data q, const galley_page_t *page, double m, double d)
{
    char box[160];
    snprintf(box, sizeof box, "[%.4f %.4f %.4f %.4f]", m - d, m - d, m + page->width + d,
             m + page->height + d);
    return qpdf_oh_parse(q, box);
}

/* Sets MediaBox, BleedBox and TrimBox on every page. */
static void pdf_boxes(qpdf_data q, const galley_document_t *doc, double m)
{
    for (size_t i = 0; i < doc->n_pages; i++) {
        qpdf_oh page = qpdf_get_page_n(q, i);
        const galley_page_t *p = &doc->pages[i];
        qpdf_oh_replace_key(q, page, "/MediaBox", pdf_box(q, p, m, m));
        qpdf_oh_replace_key(q, page, "/BleedBox", pdf_box(q, p, m, doc->bleed));
        qpdf_oh_replace_key(q, page, "/TrimBox", pdf_box(q, p, m, 0));
    }
}

/* Gives each /Figure structure element below ELEM its alt text, in the
 * order the figures were drawn. */
static void pdf_figure_alts(qpdf_data q, qpdf_oh elem, const galley_document_t *doc,
                            size_t *next_page, size_t *next_box, int depth)
{
    if (depth > 64)
        return;
    if (qpdf_oh_is_dictionary(q, elem)) {
        qpdf_oh type = qpdf_oh_get_key(q, elem, "/S");
        if (qpdf_oh_is_name_and_equals(q, type, "/Figure")) {
            for (; *next_page < doc->n_pages; (*next_page)++, *next_box = 0) {
                const galley_page_t *p = &doc->pages[*next_page];
                for (; *next_box < p->n_boxes; (*next_box)++)
                    if (p->boxes[*next_box].kind == GALLEY_BOX_IMAGE)
                        break;
                if (*next_box < p->n_boxes)
                    break;
            }
            if (*next_page < doc->n_pages) {
                const char *alt = doc->pages[*next_page].boxes[(*next_box)++].alt;
                if (alt)
                    qpdf_oh_replace_key(q, elem, "/Alt", qpdf_oh_new_unicode_string(q, alt));
            }
        }
        qpdf_oh kids = qpdf_oh_get_key(q, elem, "/K");
        pdf_figure_alts(q, kids, doc, next_page, next_box, depth + 1);
    } else if (qpdf_oh_is_array(q, elem)) {
        int n = qpdf_oh_get_array_n_items(q, elem);
        for (int i = 0; i < n; i++)
            pdf_figure_alts(q, qpdf_oh_get_array_item(q, elem, i), doc, next_page, next_box,
                            depth + 1);
    }
}

/* The PNG photo of DOC whose id is ID, or NULL. */
static const galley_image_t *pdf_doc_png(const galley_document_t *doc, const char *id)
{
    for (size_t i = 0; i < doc->n_pages; i++) {
        const galley_page_t *p = &doc->pages[i];
        for (size_t k = 0; k < p->n_boxes; k++) {
            const galley_image_t *im = p->boxes[k].image;
            if (im && im->channels && !strcmp(im->id, id))
                return im;
        }
    }
    return NULL;
}

/* Whether KEY of DICT is the name NAME. */
static int pdf_name_is(qpdf_data q, qpdf_oh dict, const char *key, const char *name)
{
    return qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, key), name);
}

/* If stream X is the stand-in cairo wrote for a PNG (this file's header),
 * replaces its data with the PNG's own: Flate with PNG predictors, which PDF
 * reads as PNG stores it. Returns 0, or -1 when memory runs out. */
static int pdf_png_swap(qpdf_data q, qpdf_oh x, const galley_document_t *doc)
{
    qpdf_oh dict = qpdf_oh_get_dict(q, x);
    if (!pdf_name_is(q, dict, "/Subtype", "/Image") ||
        !pdf_name_is(q, dict, "/Filter", "/DCTDecode"))
        return 0;
    unsigned char *raw = NULL;
    size_t n = 0;
    /* the buffer is ours whenever qpdf made one, warnings (QPDF_WARNINGS) or not */
    if (qpdf_oh_get_stream_data(q, x, qpdf_dl_none, NULL, &raw, &n) & QPDF_ERRORS) {
        free(raw);
        return 0;
    }
    char id[41];
    const galley_image_t *im = galley_image_stand_in_id(raw, n, id) ? pdf_doc_png(doc, id) : NULL;
    free(raw);
    unsigned char *data = NULL;
    size_t len = 0;
    int channels = 0, columns = 0;
    if (!im)
        return 0;
    if (galley_image_png_data(im, &data, &len, &channels, &columns))
        return -1;
    char parms[128];
    snprintf(parms, sizeof parms, "<< /Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d >>",
             channels, columns);
    qpdf_oh_replace_stream_data(q, x, data, len, qpdf_oh_new_name(q, "/FlateDecode"),
                                qpdf_oh_parse(q, parms));
    free(data);
    return 0;
}

/* Puts every PNG photo's own data in the PDF, looking at every object (an
 * image may sit in a page, a form or a pattern); -1 when memory runs out. */
static int pdf_png_photos(qpdf_data q, const galley_document_t *doc)
{
    int any = 0;
    for (size_t i = 0; !any && i < doc->n_pages; i++)
        for (size_t k = 0; k < doc->pages[i].n_boxes; k++)
            any |= doc->pages[i].boxes[k].image && doc->pages[i].boxes[k].image->channels;
    if (!any)
        return 0;
    long long size = qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size"));
    for (long long id = 1; id < size; id++) {
        qpdf_oh x = qpdf_get_object_by_id(q, (int)id, 0);
        int failed = qpdf_oh_is_stream(q, x) && pdf_png_swap(q, x, doc);
        qpdf_oh_release(q, x);
        if (failed)
            return -1;
    }
    return 0;
}

/* Reads the ICC profile into *DATA. */
static galley_status_t pdf_read_icc(char **data, size_t *len, galley_diags_t *diags)
{
    galley_diags_t scratch; /* input.c's reasons; the message below says what to install */
    galley_diags_init(&scratch);
    galley_status_t st = galley_input_read(GALLEY_ICC_PROFILE, NULL, 4, data, len, &scratch);
    galley_diags_fini(&scratch);
    if (st)
        return galley_diags_error(diags, GALLEY_STATUS_RESOURCE_ERROR, GALLEY_ICC_PROFILE, 0, 0,
                                  NULL, "cannot read the ICC profile (Debian package colord-data)");
    return GALLEY_STATUS_SUCCESS;
}

/* Runs the colour pass (pdf_colour.h) on the PDF in Q with DOC's press's
 * profile and ink limit, ICC (ICC_LEN bytes) the RGB profile. */
static galley_status_t pdf_cmyk(qpdf_data q, const galley_document_t *doc, const char *icc,
                                size_t icc_len, const char *cache_dir, const char *path,
                                galley_diags_t *diags)
{
    const galley_press_t *press = doc->press;
    galley_pdf_colour_t opt = {.profile = press->icc.data,
                               .profile_len = press->icc.len,
                               .rgb_profile = (const unsigned char *)icc,
                               .rgb_profile_len = icc_len,
                               .ink_limit = press->ink_limit,
                               .cache_dir = cache_dir};
    char err[512];
    if (!galley_pdf_cmyk(q, &opt, err, sizeof err))
        return GALLEY_STATUS_SUCCESS;
    return galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, path, 0, 0, NULL,
                              "cannot convert the PDF to CMYK: %s", err);
}

/* Post-processes the PDF in BUF with libqpdf and writes it to FP, or, when
 * FP's file has a name (TMP_PATH; NULL for a memory stream), has qpdf write
 * that file by its name: no copy of the whole PDF in memory, a render's
 * largest transient (about 2 MB of the sample page's 4.5). */
static galley_status_t pdf_finish(const galley_document_t *doc, const galley_pdf_options_t *po,
                                  const buf_t *buf, const char *date, FILE *fp,
                                  const char *tmp_path, const char *path, galley_diags_t *diags)
{
    char *icc = NULL;
    size_t icc_len = 0;
    galley_status_t st = pdf_read_icc(&icc, &icc_len, diags);
    if (st)
        return st;
    int reported = 0;
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    if (qpdf_read_memory(q, path, (const char *)buf->data, buf->len, NULL) & QPDF_ERRORS) {
        st = GALLEY_STATUS_OUTPUT_ERROR;
    } else if (galley_pdf_is_x4(doc) &&
               (st = pdf_cmyk(q, doc, icc, icc_len, po->cache_dir, path, diags))) {
        reported = 1;
    } else {
        pdf_boxes(q, doc, pdf_margin(doc, po));
        int intent =
            galley_pdf_is_x4(doc)
                ? galley_pdf_x4(q, doc, date, buf->data, buf->len, po->cache_dir)
                : galley_pdf_srgb_intent(q, (const unsigned char *)icc, icc_len, po->cache_dir);
        if (intent || pdf_png_photos(q, doc))
            st = GALLEY_STATUS_NO_MEMORY;
        if (doc->lang) /* the document's language, for the tagged text */
            qpdf_oh_replace_key(q, qpdf_get_root(q), "/Lang", qpdf_oh_new_string(q, doc->lang));
        size_t page = 0, box = 0;
        qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
        pdf_figure_alts(q, tree, doc, &page, &box, 0);
        if (tmp_path)
            qpdf_init_write(q, tmp_path);
        else
            qpdf_init_write_memory(q);
        qpdf_set_deterministic_ID(q, QPDF_TRUE);
        if (galley_pdf_is_x4(doc))
            qpdf_set_minimum_pdf_version(q, GALLEY_PDF_X4_VERSION);
        /* No object streams: PDF/X-1a and PDF/X-3 (PDF 1.3/1.4) and the RIPs that read
         * only those cannot use them, and making them was 8.3M of the sample page's 224M
         * instructions, for 17 KB of its 209. */
        qpdf_set_object_stream_mode(q, qpdf_o_disable);
        /* cairo compressed the streams already: copy them, don't decode and redo. */
        qpdf_set_decode_level(q, qpdf_dl_none);
        if (!st && qpdf_write(q) & QPDF_ERRORS)
            st = GALLEY_STATUS_OUTPUT_ERROR;
        else if (!st && !tmp_path &&
                 fwrite(qpdf_get_buffer(q), 1, qpdf_get_buffer_length(q), fp) !=
                     qpdf_get_buffer_length(q))
            st = GALLEY_STATUS_OUTPUT_ERROR;
    }
    if (reported)
        ; /* the colour pass said why */
    else if (st && qpdf_has_error(q))
        galley_diags_error(diags, st, path, 0, 0, NULL, "cannot finish the PDF: %s",
                           qpdf_get_error_full_text(q, qpdf_get_error(q)));
    else if (st)
        galley_diags_error(diags, st, path, 0, 0, NULL, "cannot write the PDF");
    qpdf_cleanup(&q);
    free(icc);
    return st;
}

galley_status_t galley_pdf_writer_finish(galley_pdf_writer_t *w, galley_outputs_t *outs,
                                         galley_diags_t *diags)
{
    FILE *fp = NULL;
    galley_status_t st = pdf_writer_draw_end(w, diags);
    /* The pages drawn (--pages): what the boxes, alt texts and photos are matched to. */
    galley_document_t drawn = *w->doc;
    size_t first, last;
    pdf_page_range(w->po, drawn.n_pages, &first, &last);
    drawn.pages += first < last ? first : 0;
    drawn.n_pages = first < last ? last - first : 0;
    if (!st)
        st = galley_outputs_open(outs, w->path, &fp, diags);
    if (!st)
        st = pdf_finish(&drawn, w->po, &w->buf, w->date, fp,
                        galley_outputs_temp_path(outs, w->path), w->path, diags);
    if (fp) {
        galley_status_t cst = galley_output_close_stream(fp, CAIRO_STATUS_SUCCESS, w->path, diags);
        st = st ? st : cst;
    }
    return st;
}

void galley_pdf_writer_destroy(galley_pdf_writer_t *w)
{
    if (!w)
        return;
    cairo_surface_destroy(w->surface);
    galley_image_store_destroy(w->images);
    free(w->buf.data);
    free(w);
}

galley_status_t galley_output_pdf(const galley_document_t *doc, const char *path,
                                  const galley_pdf_options_t *po, galley_outputs_t *outs,
                                  galley_diags_t *diags)
{
    galley_pdf_writer_t *w = NULL;
    galley_status_t st = galley_pdf_writer_create(doc, path, po, &w);
    for (size_t i = 0; !st && i < doc->n_pages; i++)
        st = galley_pdf_writer_page(w, &doc->pages[i], doc->n_pages, diags);
    if (!st)
        st = galley_pdf_writer_finish(w, outs, diags);
    galley_pdf_writer_destroy(w);
    return st;
}
