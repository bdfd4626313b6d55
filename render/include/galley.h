/* galley.h: Galley's public C API.
 *
 * Owns: the context a program opens once (fonts, dictionaries), rendering an
 * article file to PDF or PNG, the diagnostics of the last call, and the
 * status codes every call returns. Everything else in render/ is internal.
 */
#ifndef GALLEY_H
#define GALLEY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GALLEY_VERSION "0.1.0"

/* Status codes: every call returns one; the first error is kept. */
typedef enum {
    GALLEY_STATUS_SUCCESS = 0,
    GALLEY_STATUS_NO_MEMORY,      /* an allocation failed */
    GALLEY_STATUS_INPUT_ERROR,    /* the article, layout or a photo is invalid */
    GALLEY_STATUS_OUTPUT_ERROR,   /* the output could not be written */
    GALLEY_STATUS_RESOURCE_ERROR, /* fonts or dictionaries could not be set up */
    GALLEY_STATUS_LIMIT_ERROR,    /* a documented limit was exceeded */
    GALLEY_STATUS_OVERSET         /* an edition's article did not fit and --final was asked */
} galley_status_t;

typedef enum { GALLEY_SEVERITY_WARNING, GALLEY_SEVERITY_ERROR } galley_severity_t;

/* Limits on what one render reads and writes; 0 takes the default. A limit
 * hit is an error that names it (GALLEY_STATUS_LIMIT_ERROR). */
typedef struct {
    double max_input_mb;       /* article and layout files; default 16 MB */
    double max_image_mpixels;  /* pixels of one photo; default 100 million */
    double max_photo_mb;       /* one photo file; default 50 MB */
    int max_pages;             /* pages of one render; default 500 */
    int max_depth;             /* JSON nesting; default 64 */
    double max_output_mpixels; /* pixels of one PNG page or contact sheet; default 100 million */
} galley_limits_t;

#define GALLEY_DEFAULT_MAX_INPUT_MB 16
#define GALLEY_DEFAULT_MAX_IMAGE_MPIXELS 100
#define GALLEY_DEFAULT_MAX_PHOTO_MB 50
#define GALLEY_DEFAULT_MAX_PAGES 500
#define GALLEY_DEFAULT_MAX_DEPTH 64
#define GALLEY_DEFAULT_MAX_OUTPUT_MPIXELS 100

/* The colour of --guides, 0xRRGGBB: used by nothing else Galley draws. */
#define GALLEY_GUIDE_RGB 0x00B4FF

/* The PDF standards a render can follow, overriding its layout's. */
#define GALLEY_PDF_STANDARD_NONE 1 /* RGB with an sRGB output intent, for screens */
#define GALLEY_PDF_STANDARD_X4 2   /* PDF/X-4: CMYK output intent, text on the black plate */

/* The article formats a render reads (--from; docs/formats.md). */
#define GALLEY_FROM_AUTO 0   /* recognised by content */
#define GALLEY_FROM_GALLEY 1 /* Galley's own article JSON (docs/article.md) */
#define GALLEY_FROM_NINJS 2  /* IPTC ninjs 1.x, 2.x, 3.x */
#define GALLEY_FROM_NITF 3   /* NITF 3.x */
#define GALLEY_FROM_NEWSML 4 /* a NewsML-G2 newsItem (or a newsMessage holding one) */

/* Options of one render; zero-initialise and set what you need. */
typedef struct {
    const char *layout;     /* layout name (layouts/NAME.json) or path; NULL: "tabloid" */
    double dpi;             /* PNG resolution; 0: 150 */
    const char *boxes_path; /* write every placed box as JSON here; NULL: don't */
    int marks;              /* draw crop and registration marks and a slug outside the bleed */
    int placeholder;  /* a missing or damaged photo becomes a marked FPO box, with a warning */
    const char *root; /* photos may not leave this folder (services); NULL: anywhere */
    int guides;       /* draw margins, columns, grid, frames, trim and bleed in GALLEY_GUIDE_RGB */
    int bleed;        /* PNG: include the bleed around the trimmed page */
    galley_limits_t limits;
    const char *hyphenation; /* a house hyphenation list file (docs/hyphenation.md); NULL: none */
    int proof;               /* PNG: show the pages as the layout's press prints them (proof) */
    int pdf_standard;        /* the PDF's standard: 0 the layout's ("pdf" in docs/layout.md), or
                                GALLEY_PDF_STANDARD_NONE or GALLEY_PDF_STANDARD_X4 */
    int from;                /* the articles' format: a GALLEY_FROM_*; 0 recognises it */
} galley_render_options_t;

typedef struct galley_context galley_context_t;

/* Opens a context: Galley's own fontconfig configuration, the Pango font map
 * and the hyphenation dictionaries. One context per thread. */
galley_status_t galley_context_create(galley_context_t **out);

/* Frees the context and everything it owns. NULL is allowed. */
void galley_context_destroy(galley_context_t *ctx);

/* Writes the article ARTICLE_PATH (Galley's JSON, ninjs, NITF or NewsML-G2:
 * OPTIONS->from, else recognised) to OUTPUT_PATH as Galley's article JSON,
 * indented; it renders as the source does (docs/formats.md). Nothing is
 * written unless it loads as an article. OPTIONS gives from, root, limits
 * and placeholder. */
galley_status_t galley_convert_file(galley_context_t *ctx, const char *article_path,
                                    const char *output_path,
                                    const galley_render_options_t *options);

/* Loads ARTICLE_PATH, sets it into pages and writes OUTPUT_PATH; the format
 * follows its extension, in any case: .pdf (PDF) or .png (PNG, one file per
 * page: OUTPUT-1.png, OUTPUT-2.png and so on, with the extension as given).
 * Any other name is an output error (GALLEY_STATUS_OUTPUT_ERROR). Nothing is
 * written unless the whole render succeeds. Diagnostics of this call replace
 * the previous ones; warnings leave the status GALLEY_STATUS_SUCCESS. */
galley_status_t galley_render_file(galley_context_t *ctx, const char *article_path,
                                   const char *output_path, const galley_render_options_t *options);

/* What galley_render_edition does besides the page output. */
typedef struct {
    const char *report_path; /* write the report (JSON) here; NULL: don't */
    int final;               /* an overset article fails the render (GALLEY_STATUS_OVERSET); only
                                the report is written */
    /* Called after each page is set (DONE of TOTAL), e.g. for a progress bar; may be NULL. */
    void (*progress)(int done, int total, void *data);
    void *progress_data;
    /* Threads: with 2 or more a PDF's pages are drawn while the later pages
     * are set (each drawn once it is final). The bytes are those of 1. */
    int jobs;
} galley_edition_options_t;

/* Sets the edition file EDITION_PATH (docs/edition.md) into pages and writes
 * OUTPUT_PATH (.pdf, or .png one file a page, the extension in any case) and
 * the report. Overset articles are warnings, marked on the page, unless
 * EDITION->final: then the result is GALLEY_STATUS_OVERSET, no page is
 * written, and the report (when asked for) is written alone, saying what is
 * overset. Otherwise nothing is written unless the whole render succeeds. */
galley_status_t galley_render_edition(galley_context_t *ctx, const char *edition_path,
                                      const char *output_path,
                                      const galley_render_options_t *options,
                                      const galley_edition_options_t *edition);

/* The diagnostics (warnings and errors) of the last call, in order. Messages
 * read "FILE:LINE:COL: error: FIELD: text" with the parts that are known. */
size_t galley_context_diag_count(const galley_context_t *ctx);
const char *galley_context_diag_message(const galley_context_t *ctx, size_t i);
galley_severity_t galley_context_diag_severity(const galley_context_t *ctx, size_t i);

/* The files the last render read: the article, the layout file and the
 * photos (for re-rendering when one changes). */
size_t galley_context_input_count(const galley_context_t *ctx);
const char *galley_context_input_path(const galley_context_t *ctx, size_t i);

/* Pages written by the last successful render. */
int galley_context_page_count(const galley_context_t *ctx);

/* Installs handlers for SIGINT, SIGTERM and SIGHUP (unless ignored) that
 * remove the temporary files of the renders in progress, then end the
 * process as the signal would have: an interrupted render leaves no
 * OUT.pdf.tmp-XXXXXX behind. For programs such as the galley command. */
void galley_signals_remove_temporaries(void);

/* A hyphenator: words broken as a layout's body text would break them. */
typedef struct galley_hyphenator galley_hyphenator_t;

/* Opens a hyphenator in *OUT for words in LANG (a BCP 47 tag; NULL: "en")
 * set as the body text of OPTIONS' layout (NULL options or layout: tabloid):
 * its body style's hyphen_left, hyphen_right, hyphen_min_word and
 * hyphen_capitalized, the house list OPTIONS->hyphenation names and the
 * layout's own, then the language's exceptions and patterns. Errors (an
 * unknown layout, a bad list) are CTX's diagnostics. The caller owns *OUT
 * (galley_hyphenator_destroy); it borrows CTX, which must outlive it. */
galley_status_t galley_hyphenator_create(galley_context_t *ctx, const char *lang,
                                         const galley_render_options_t *options,
                                         galley_hyphenator_t **out);

/* TEXT (UTF-8: a word, or words with spaces) with a hyphen inserted at
 * every point where a line of that body text may break one of its words
 * ("anti-bi-ot-ic"). Newly allocated: the caller frees it with free(). NULL
 * when TEXT is not valid UTF-8 or memory runs out. */
char *galley_hyphenator_word(galley_hyphenator_t *h, const char *text);

/* Frees H (NULL is allowed). */
void galley_hyphenator_destroy(galley_hyphenator_t *h);

/* A short English name of a status code. */
const char *galley_status_to_string(galley_status_t status);

#ifdef __cplusplus
}
#endif
#endif
