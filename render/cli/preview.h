/* preview.h: previews while working on templates and articles (internal).
 *
 * Owns: contact sheets (thumbnails of every page of several articles on one
 * PNG, contact.c), watching an article's inputs to re-render it whenever
 * one changes (watch.c), and serving the pages to a browser, re-rendered on
 * every change (serve.c). Used by main.c; not part of the public API.
 */
#ifndef GALLEY_PREVIEW_H
#define GALLEY_PREVIEW_H

#include "galley.h"

#include <stddef.h>

#define GALLEY_CONTACT_DEFAULT_COLUMNS 6
#define GALLEY_CONTACT_DEFAULT_DPI 24
#define GALLEY_CONTACT_MAX_COLUMNS 100
#define GALLEY_CONTACT_MAX_DPI 300

/* Opens a context as the galley command does: its data folder, font
 * configuration, cache folder and PDF dates from the environment (env.c;
 * GALLEY_DATADIR, GALLEY_FONTS_CONF, XDG_CACHE_HOME or HOME, GALLEY_NO_CACHE,
 * SOURCE_DATE_EPOCH). As galley_context_create_with_options. */
galley_status_t galley_cli_context_create(galley_context_t **out);

/* Options of a contact sheet; zero-initialise and set what you need. */
typedef struct {
    galley_render_options_t render; /* layout, limits, root, placeholder; dpi is ignored */
    int columns;                    /* most thumbnails a row; 0: 6 */
    double dpi;                     /* thumbnail resolution; 0: 24 */
} galley_contact_options_t;

/* Composes each of the N ARTICLES and writes OUTPUT_PNG: one thumbnail per
 * page, in order, labelled "slug · page", on a white sheet; an article that
 * fails to load gets a red "error" cell and its diagnostics stay in the
 * context's list (cleared at the start of the call). The sheet is written
 * (atomically) even when articles failed; the result is then the first
 * error's status, so a script notices. Nothing is written when the sheet
 * itself cannot be made: a bad name or folder, over the pixel limits (30000
 * a side, 100 million), out of memory. Labels are set with Pango in
 * Galley Sans on the context's fonts. */
galley_status_t galley_contact_sheet(galley_context_t *ctx, const char *const *articles, size_t n,
                                     const char *output_png, const galley_contact_options_t *opt);

/* Options of galley watch. */
typedef struct {
    int quiet;      /* print errors only, no warnings */
    int once_after; /* stop after this many renders (for tests); 0: run until a signal */
} galley_watch_options_t;

/* Renders ARTICLE to OUTPUT, then again whenever the article, the layout
 * file or a photo it uses changes (debounced by 100 ms), until SIGINT or
 * SIGTERM. Prints one line per render on standard output (time of day, ms,
 * pages, warnings) and the diagnostics on standard error. A failed render
 * leaves the last good output in place. Returns SUCCESS when stopped, or the
 * error that kept it from watching at all: inotify unavailable, or a first
 * render that failed for other reasons than its input (the output cannot be
 * written, fonts missing). Uses a process-wide signal handler while it runs:
 * one galley_watch at a time per process. */
galley_status_t galley_watch(galley_context_t *ctx, const char *article, const char *output,
                             const galley_render_options_t *opt,
                             const galley_watch_options_t *wopt);

/* Options of galley serve. */
typedef struct {
    galley_render_options_t render; /* layout, root, limits...; dpi: the pages' (0: 96) */
    const char *host;               /* the address to listen on; NULL: 127.0.0.1 */
    int port;                       /* 0: any free port (printed) */
    int quiet;                      /* print errors only, no warnings */
} galley_serve_options_t;

/* Serves the pages of ARTICLE (an article or an edition file) over HTTP on
 * OPT's address (docs/preview.md, "galley serve"), rendered again whenever
 * one of its files changes, until SIGINT or SIGTERM. Prints the address,
 * then a line per render. Returns SUCCESS when stopped, or the error that
 * kept it from serving: the address cannot be listened on (an output
 * error), the page's files or the fonts are missing, inotify unavailable. */
galley_status_t galley_serve(galley_context_t *ctx, const char *article,
                             const galley_serve_options_t *opt);

#endif
