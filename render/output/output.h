/* output.h: writing a document to files.
 *
 * Owns: the output surfaces (PDF with its metadata and reproducible dates,
 * PNG pages at a resolution), the --boxes JSON, and atomic writing: every
 * file is written beside its target under a temporary name and renamed only
 * when all of them are complete. A failed render leaves no file behind and
 * an existing file untouched.
 */
#ifndef GALLEY_OUTPUT_H
#define GALLEY_OUTPUT_H

#include "box.h"
#include "image_store.h"

#include <cairo.h>
#include <jansson.h>
#include <stdio.h>

typedef struct {
    char **tmp, **final;
    size_t n, cap;
    /* The render's input files, set before commit (may be left NULL): no
     * output may be one of them. KINDS names each ("the article", "a photo"). */
    char *const *inputs;
    const char *const *input_kinds;
    size_t n_inputs;
    /* A stream output (galley_render_buffer), set before the first open:
     * the output opened under the name STREAM_PATH (that very pointer) is
     * gathered in memory and handed to WRITE (with CLOSURE) on commit,
     * before the files are renamed. */
    galley_write_func_t write;
    void *closure;
    const char *stream_path;
    char *stream_data; /* what was written to it (open_memstream's) */
    size_t stream_len;
} galley_outputs_t;

/* Opens a temporary file beside PATH, to become PATH on commit, with the
 * mode a new file gets (0666 less the process's umask, applied by the
 * system: the umask is never changed). The temporary is registered for
 * galley_outputs_remove_on_signal(). PATH the stream path: a memory stream
 * for the write callback instead. */
galley_status_t galley_outputs_open(galley_outputs_t *outs, const char *path, FILE **fp,
                                    galley_diags_t *diags);
/* The temporary file galley_outputs_open() last opened for PATH, for a
 * library that writes by name (owned by OUTS, valid until commit or abort);
 * NULL when PATH is the stream path (a memory stream has no name). */
const char *galley_outputs_temp_path(const galley_outputs_t *outs, const char *path);
/* Renames every temporary file to its target, after checking that no target
 * is one of the inputs or another target (the same file by device and inode,
 * or by its real folder and name when it does not exist yet): that is an
 * output error and nothing is renamed. */
galley_status_t galley_outputs_commit(galley_outputs_t *outs, galley_diags_t *diags);
/* Removes every temporary file. Safe after commit. */
void galley_outputs_abort(galley_outputs_t *outs);

/* Removes every temporary file still open in the process; async-signal-safe
 * (a fixed table of their names, unlink() only), for a SIGTERM handler. */
void galley_outputs_remove_on_signal(void);

/* True when A and B name the same file: the same device and inode when both
 * exist, else the same real folder and name. */
int galley_same_file(const char *a, const char *b);

/* After a successful PNG render of N_PAGES pages to PATH: removes the pages
 * an earlier render left beyond them (PATH-N.png for N > N_PAGES, the exact
 * numbered pattern only), except any of the N_KEEP files KEEP (inputs). */
void galley_output_png_prune(const char *path, size_t n_pages, char *const *keep, size_t n_keep);

/* Print options of the PDF. */
typedef struct {
    int marks;  /* crop and registration marks and a slug line; the media box grows by the
                   document's slug */
    int guides; /* draw the guides over every page (a preview: they print) */
    const char *cache_dir;     /* the colour pass's cache folder (cache.h), or NULL: none */
    long long source_date;     /* the dates, seconds since 1970 (SOURCE_DATE_EPOCH, as the
                                  context was given it); -1: the document's date */
    int first_page, last_page; /* the pages drawn, 1-based (galley_render_options_t's); the
                                  writer is still handed every page, and skips the others */
} galley_pdf_options_t;

/* Writes the PDF (pdf.c): pages with bleed, TrimBox and BleedBox, marks,
 * metadata, tags, outline, links and an OutputIntent; the same bytes for the
 * same input. */
galley_status_t galley_output_pdf(const galley_document_t *doc, const char *path,
                                  const galley_pdf_options_t *po, galley_outputs_t *outs,
                                  galley_diags_t *diags);

/* A PDF drawn page by page, so pages can be drawn while later ones are set
 * (galley_output_pdf is create, every page, finish, destroy). Create takes
 * DOC, which may still be empty; each page then goes in order, with the
 * final page count N_PAGES, and reads only that page and DOC's metadata
 * (set before the first page, unchanged after); finish reads DOC whole
 * (boxes, alt texts) and writes PATH into OUTS. */
typedef struct galley_pdf_writer galley_pdf_writer_t;
galley_status_t galley_pdf_writer_create(const galley_document_t *doc, const char *path,
                                         const galley_pdf_options_t *po, galley_pdf_writer_t **out);
galley_status_t galley_pdf_writer_page(galley_pdf_writer_t *w, const galley_page_t *page,
                                       size_t n_pages, galley_diags_t *diags);
galley_status_t galley_pdf_writer_finish(galley_pdf_writer_t *w, galley_outputs_t *outs,
                                         galley_diags_t *diags);
void galley_pdf_writer_destroy(galley_pdf_writer_t *w);

/* Writes the RGB24 image surface S to FP as an 8-bit RGB PNG through libpng,
 * set for speed (output.c says how). */
cairo_status_t galley_output_png_write(cairo_surface_t *s, FILE *fp);

/* Closes FP; a failed write, close or cairo status CS is an output error. */
galley_status_t galley_output_close_stream(FILE *fp, cairo_status_t cs, const char *path,
                                           galley_diags_t *diags);
/* What a PNG page shows. */
typedef struct {
    double dpi;
    int guides;         /* draw the guides over the page */
    int bleed;          /* the PNG's edge is the bleed, not the trim */
    double max_mpixels; /* largest page, millions of pixels (--max-output-mpixels); 0: default */
    int proof;          /* show the page as the document's press prints it (--proof) */
} galley_png_options_t;

/* Checks that a W x H pixel image fits MAX_MPIXELS (0: the default) and
 * cairo's 30,000 pixels a side, before its surface is made; the error names
 * PATH, the size and the flag that raises the limit. WHAT is "page 2",
 * "the sheet". */
galley_status_t galley_output_check_pixels(double w, double h, double max_mpixels, const char *what,
                                           const char *path, galley_diags_t *diags);

/* Draws PAGE as PO shows it (no proof) onto a new white RGB24 image, *OUT
 * (the caller destroys it; NULL on failure): the trimmed page or with its
 * bleed, the guides over it when asked, photos decoded into IMAGES. The
 * size must have been checked (galley_output_check_pixels). */
galley_status_t galley_output_png_page_draw(const galley_page_t *page,
                                            const galley_png_options_t *po,
                                            galley_image_store_t *images, cairo_surface_t **out,
                                            galley_diags_t *diags);

/* The size in pixels of PAGE as PO draws it (with its bleed when asked). */
void galley_output_png_page_size(const galley_page_t *page, const galley_png_options_t *po,
                                 double *w, double *h);

/* Writes PATH-1.png, PATH-2.png, ... (PATH without its .png); every page's
 * size is checked against the pixel limit before the first is drawn. */
galley_status_t galley_output_png(const galley_document_t *doc, const char *path,
                                  const galley_png_options_t *po, galley_outputs_t *outs,
                                  galley_diags_t *diags);
/* Writes ROOT (taken: freed here) as indented JSON to PATH. */
galley_status_t galley_output_json(json_t *root, const char *path, galley_outputs_t *outs,
                                   galley_diags_t *diags);

/* A file name (or a message naming one) as a JSON string: as it is when it
 * is UTF-8, else with each byte that is not part of a UTF-8 character
 * written "\xNN" (file names are bytes; JSON text is UTF-8). null for NULL;
 * NULL when out of memory. */
json_t *galley_json_file_name(const char *path);

galley_status_t galley_output_boxes(const galley_document_t *doc, const char *path,
                                    galley_outputs_t *outs, galley_diags_t *diags);

#endif
