/* galley.h: Galley's public C API.
 *
 * Owns: the context a program opens once (fonts, dictionaries), rendering an
 * article to PDF or PNG (from a file to a file, or from memory to a write
 * callback), the diagnostics of the last call, and the status codes every
 * call returns. Everything else in render/ is internal: libgalley.so
 * exports only the functions declared here (GALLEY_API).
 *
 * Ownership and lifetime, as cairo and HarfBuzz state them: a pointer a
 * function takes is borrowed for the call unless its comment says it is
 * kept; a pointer a function returns is owned by the object it came from
 * (the context) and valid until the next call on that object, unless its
 * comment says the caller frees it. A context is used by one thread at a
 * time; several contexts may work in parallel.
 *
 * Options structs grow at their end in later versions: give each its size by
 * initialising it with its *_init() function, then set
 * what you need. A program built against this header keeps working with a
 * later library.
 */
#ifndef GALLEY_H
#define GALLEY_H

#include <stddef.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(GALLEY_BUILDING) && defined(__GNUC__)
#define GALLEY_API __attribute__((visibility("default")))
#else
#define GALLEY_API
#endif

/* The version of this header; galley_version() gives the library's. */
#define GALLEY_VERSION_MAJOR 0
#define GALLEY_VERSION_MINOR 2
#define GALLEY_VERSION_MICRO 0
#define GALLEY_VERSION "0.2.0"
#define GALLEY_VERSION_ENCODE(major, minor, micro) ((major)*10000 + (minor)*100 + (micro))
#define GALLEY_VERSION_NUMBER                                                                      \
    GALLEY_VERSION_ENCODE(GALLEY_VERSION_MAJOR, GALLEY_VERSION_MINOR, GALLEY_VERSION_MICRO)
/* True when this header is at least MAJOR.MINOR.MICRO. */
#define GALLEY_CHECK_VERSION(major, minor, micro)                                                  \
    (GALLEY_VERSION_NUMBER >= GALLEY_VERSION_ENCODE(major, minor, micro))

/* The library's version, GALLEY_VERSION_ENCODE of it (the header a program
 * was built with may be older). */
GALLEY_API int galley_version(void);
/* The library's version as text, "0.2.0"; a static string. */
GALLEY_API const char *galley_version_string(void);

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

/* Options of one render: galley_render_options_init() it, then set what you
 * need; every field's zero is its default. */
typedef struct {
    size_t size;            /* sizeof the struct, set by galley_render_options_init */
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
    const char *font_dir;    /* a folder of house fonts (.ttf, .otf, .ttc, .otc, sub-folders
                                too) whose families the layout's styles may name, beside the
                                layout's own "fonts" (docs/layout.md); NULL: none */
    /* The pages to draw, 1-based and inclusive (galley edition --pages 9-16): the whole
     * article or edition is still set, so the pages drawn are those of a render of all
     * (an edition drawn in parts on several machines, joined with qpdf, is the one
     * file's pages); PNG pages keep their numbers (OUT-9.png). 0 and 0: every page;
     * LAST_PAGE 0 or past the end: to the last page; a FIRST_PAGE past the last page,
     * or after LAST_PAGE, is an input error. */
    int first_page, last_page;
} galley_render_options_t;

/* Sets every option of *OPT to its default and its size. Inline: the size
 * is that of the header the program is built with. */
static inline void galley_render_options_init(galley_render_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->size = sizeof *opt;
}

typedef struct galley_context galley_context_t;

/* How a context is set up: galley_context_options_init() it, then set what
 * you need. Nothing here is read from the environment: the galley command
 * reads GALLEY_DATADIR, GALLEY_FONTS_CONF, SOURCE_DATE_EPOCH and
 * XDG_CACHE_HOME or HOME and passes them on; a library caller chooses. */
typedef struct {
    size_t size;            /* sizeof the struct, set by galley_context_options_init */
    const char *datadir;    /* Galley's data (layouts/, fonts/, hyphenation/); NULL: the
                               folder the library was built for, PREFIX/share/galley */
    const char *fonts_conf; /* the fontconfig file; NULL: DATADIR/fonts/fonts.conf */
    const char *cache_dir;  /* where parsed dictionaries, checked photos and colour
                               conversions are kept between runs; NULL: no cache */
    long long source_date;  /* the PDFs' dates, seconds since 1970 (SOURCE_DATE_EPOCH);
                               -1: the article's date */
} galley_context_options_t;

/* Sets every context option to its default and its size. */
static inline void galley_context_options_init(galley_context_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->size = sizeof *opt;
    opt->source_date = -1;
}

/* Opens a context with the options OPT (NULL: the defaults): Galley's own
 * fontconfig configuration, handed to its Pango font map only (nothing
 * process-wide changes), and the hyphenation dictionaries. The strings of
 * OPT are copied. *OUT is set even on failure, so its diagnostics can be
 * read: the caller owns it (galley_context_destroy). */
GALLEY_API galley_status_t galley_context_create_with_options(const galley_context_options_t *opt,
                                                              galley_context_t **out);

/* galley_context_create_with_options with the defaults. */
GALLEY_API galley_status_t galley_context_create(galley_context_t **out);

/* Frees the context and everything it owns. NULL is allowed. */
GALLEY_API void galley_context_destroy(galley_context_t *ctx);

/* Writes the article ARTICLE_PATH (Galley's JSON, ninjs, NITF or NewsML-G2:
 * OPTIONS->from, else recognised) to OUTPUT_PATH as Galley's article JSON,
 * indented; it renders as the source does (docs/formats.md). Nothing is
 * written unless it loads as an article. OPTIONS gives from, root, limits
 * and placeholder. */
GALLEY_API galley_status_t galley_convert_file(galley_context_t *ctx, const char *article_path,
                                               const char *output_path,
                                               const galley_render_options_t *options);

/* Loads ARTICLE_PATH, sets it into pages and writes OUTPUT_PATH; the format
 * follows its extension, in any case: .pdf (PDF) or .png (PNG, one file per
 * page: OUTPUT-1.png, OUTPUT-2.png and so on, with the extension as given).
 * Any other name is an output error (GALLEY_STATUS_OUTPUT_ERROR). Nothing is
 * written unless the whole render succeeds. Diagnostics of this call replace
 * the previous ones; warnings leave the status GALLEY_STATUS_SUCCESS.
 * OPTIONS may be NULL (the defaults). */
GALLEY_API galley_status_t galley_render_file(galley_context_t *ctx, const char *article_path,
                                              const char *output_path,
                                              const galley_render_options_t *options);

/* Receives LENGTH bytes at DATA of a render's output (the data is the
 * library's, valid during the call); returns 0, or nonzero to fail the
 * render with GALLEY_STATUS_OUTPUT_ERROR. */
typedef int (*galley_write_func_t)(void *closure, const unsigned char *data, size_t length);

/* Sets the article in the LENGTH bytes at DATA (any format Galley reads:
 * OPTIONS->from, else recognised) into pages and hands the PDF to WRITE
 * (with CLOSURE), in one or more calls, once the whole render has
 * succeeded: nothing is written on failure. NAME (may be NULL: "<memory>")
 * names the article in messages, and its folder is where the article's
 * relative photo paths are found (OPTIONS->root confines them; NULL NAME:
 * the current folder). The bytes are those galley_render_file writes for
 * the same article in NAME's folder. OPTIONS->boxes_path, when set, is
 * still a file. DATA is borrowed for the call. */
GALLEY_API galley_status_t galley_render_buffer(galley_context_t *ctx, const char *name,
                                                const char *data, size_t length,
                                                galley_write_func_t write, void *closure,
                                                const galley_render_options_t *options);

/* The article in the LENGTH bytes at DATA, named NAME (may be NULL:
 * "<memory>"; its folder is where relative photo paths are found), set and
 * written to OUTPUT_PATH as galley_render_file writes a file: PDF or PNG by
 * its extension, nothing written unless the whole render succeeds. DATA is
 * borrowed for the call. */
GALLEY_API galley_status_t galley_render_buffer_file(galley_context_t *ctx, const char *name,
                                                     const char *data, size_t length,
                                                     const char *output_path,
                                                     const galley_render_options_t *options);

/* What galley_render_edition does besides the page output:
 * galley_edition_options_init() it, then set what you need. */
typedef struct {
    size_t size;             /* sizeof the struct, set by galley_edition_options_init */
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

/* Sets every edition option to its default and its size. */
static inline void galley_edition_options_init(galley_edition_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->size = sizeof *opt;
}

/* Sets the edition file EDITION_PATH (docs/edition.md) into pages and writes
 * OUTPUT_PATH (.pdf, or .png one file a page, the extension in any case) and
 * the report. Overset articles are warnings, marked on the page, unless
 * EDITION->final: then the result is GALLEY_STATUS_OVERSET, no page is
 * written, and the report (when asked for) is written alone, saying what is
 * overset. Otherwise nothing is written unless the whole render succeeds. */
GALLEY_API galley_status_t galley_render_edition(galley_context_t *ctx, const char *edition_path,
                                                 const char *output_path,
                                                 const galley_render_options_t *options,
                                                 const galley_edition_options_t *edition);

/* The diagnostics (warnings and errors) of the last call, in order. Messages
 * read "FILE:LINE:COL: error: FIELD: text" with the parts that are known;
 * the strings are the context's, valid until its next call. */
GALLEY_API size_t galley_context_diag_count(const galley_context_t *ctx);
GALLEY_API const char *galley_context_diag_message(const galley_context_t *ctx, size_t i);
GALLEY_API galley_severity_t galley_context_diag_severity(const galley_context_t *ctx, size_t i);

/* One diagnostic in parts: galley_diagnostic_init() it before
 * galley_context_diag_get fills it. The strings are the context's, valid
 * until its next call. */
typedef struct {
    size_t size;                /* sizeof the struct, set by galley_diagnostic_init */
    galley_severity_t severity; /* warning or error */
    const char *file;           /* the file it is about, or NULL */
    int line, column;           /* 1-based; 0 when not known */
    const char *field;          /* the field path ("body[3].text", "photos[0]"), or NULL */
    const char *message;        /* the message alone */
    const char *formatted;      /* "FILE:LINE:COL: error: FIELD: message" */
} galley_diagnostic_t;

static inline void galley_diagnostic_init(galley_diagnostic_t *d)
{
    memset(d, 0, sizeof *d);
    d->size = sizeof *d;
}

/* Fills *OUT with diagnostic I of the last call. Returns
 * GALLEY_STATUS_INPUT_ERROR (and leaves *OUT) when there is no diagnostic I
 * or OUT was not initialised. */
GALLEY_API galley_status_t galley_context_diag_get(const galley_context_t *ctx, size_t i,
                                                   galley_diagnostic_t *out);

/* The files the last render read: the article, the layout file, the
 * photos, the hyphenation lists, and the house font files and the folders
 * they were found in (for re-rendering when one changes). Owned by CTX, valid
 * until its next render; I from 0 to the count - 1, else NULL. */
GALLEY_API size_t galley_context_input_count(const galley_context_t *ctx);
GALLEY_API const char *galley_context_input_path(const galley_context_t *ctx, size_t i);

/* Pages of the last successful render (all it set, also when first_page and
 * last_page drew some of them). */
GALLEY_API int galley_context_page_count(const galley_context_t *ctx);

/* Installs handlers for SIGINT, SIGTERM and SIGHUP (unless ignored) that
 * remove the temporary files of the renders in progress, then end the
 * process as the signal would have: an interrupted render leaves no
 * OUT.pdf.tmp-XXXXXX behind. For programs such as the galley command. */
GALLEY_API void galley_signals_remove_temporaries(void);

/* A hyphenator: words broken as a layout's body text would break them. */
typedef struct galley_hyphenator galley_hyphenator_t;

/* Opens a hyphenator in *OUT for words in LANG (a BCP 47 tag; NULL: "en")
 * set as the body text of OPTIONS' layout (NULL options or layout: tabloid):
 * its body style's hyphen_left, hyphen_right, hyphen_min_word and
 * hyphen_capitalized, the house list OPTIONS->hyphenation names and the
 * layout's own, then the language's exceptions and patterns. Errors (an
 * unknown layout, a bad list) are CTX's diagnostics. The caller owns *OUT
 * (galley_hyphenator_destroy); it borrows CTX, which must outlive it. */
GALLEY_API galley_status_t galley_hyphenator_create(galley_context_t *ctx, const char *lang,
                                                    const galley_render_options_t *options,
                                                    galley_hyphenator_t **out);

/* TEXT (UTF-8: a word, or words with spaces) with a hyphen inserted at
 * every point where a line of that body text may break one of its words
 * ("anti-bi-ot-ic"). Newly allocated: the caller frees it with free(). NULL
 * when TEXT is not valid UTF-8 or memory runs out. */
GALLEY_API char *galley_hyphenator_word(galley_hyphenator_t *h, const char *text);

/* Frees H (NULL is allowed). */
GALLEY_API void galley_hyphenator_destroy(galley_hyphenator_t *h);

/* A short English name of a status code. */
GALLEY_API const char *galley_status_to_string(galley_status_t status);

#ifdef __cplusplus
}
#endif
#endif
