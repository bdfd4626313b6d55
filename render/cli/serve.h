/* serve.h: the parts of galley serve (internal to render/cli).
 *
 * Owns: what passes between the render loop (serve.c), the renders kept for
 * the browser (serve_snapshot.c), the page's own files (serve_assets.c) and
 * the HTTP server (serve_http.c). Data flows one way: the loop renders a
 * snapshot and publishes it with its status; the server only reads them.
 */
#ifndef GALLEY_SERVE_H
#define GALLEY_SERVE_H

#include "galley.h"
#include "diag.h"

#include <stddef.h>

/* The pages' resolution when the command names none: CSS pixels, so a page
 * shows at its printed size. */
#define GALLEY_SERVE_DPI 96.0

/* A good render kept for serving: its composed pages, drawn on request. */
typedef struct galley_snapshot galley_snapshot_t;

/* Composes PATH (an article, or an edition file when it is one) with OPT
 * (taken: galley_options_take) into a new snapshot *OUT. The render's
 * diagnostics are left in CTX's list, cleared first. *OUT is NULL when the
 * render failed. */
galley_status_t galley_snapshot_render(galley_context_t *ctx, const char *path,
                                       const galley_render_options_t *opt, galley_snapshot_t **out);
void galley_snapshot_destroy(galley_snapshot_t *s);

/* How many pages S has. */
size_t galley_snapshot_page_count(const galley_snapshot_t *s);

/* Page INDEX (from 0) of S as PNG at S's resolution, with the guides and
 * the bleed when asked; drawn on the first request, then kept in S. *DATA
 * is S's (valid until S is destroyed). */
galley_status_t galley_snapshot_page_png(galley_snapshot_t *s, size_t index, int guides, int bleed,
                                         const unsigned char **data, size_t *len);

/* S's PDF, written on the first request, then kept in S. */
galley_status_t galley_snapshot_pdf(galley_snapshot_t *s, const unsigned char **data, size_t *len);

/* S's boxes as docs/boxes.md's JSON, and an edition's report as
 * docs/edition.md's (NULL for an article); made with S. */
const char *galley_snapshot_boxes(const galley_snapshot_t *s, size_t *len);
const char *galley_snapshot_report(const galley_snapshot_t *s, size_t *len);

/* A file of the page (serve/ in the data folder), read when the server
 * starts: its URL path, media type and bytes. */
typedef struct {
    const char *url, *file, *type;
    char *data;
    size_t len;
} galley_asset_t;

/* What the server serves, owned by the loop (serve.c), read by serve_http.c. */
typedef struct {
    galley_asset_t *assets; /* the fixed table, its files read */
    size_t n_assets;
    galley_snapshot_t *snapshot; /* the last good render; NULL before one */
    char *status;                /* the last render's status and diagnostics (JSON) */
    char *event;                 /* the same in short, for the event stream (JSON) */
    unsigned long renders;       /* renders done: the event stream's id */
    char **layouts;              /* the shipped layouts' names (layouts/NAME.json) */
    size_t n_layouts;
    char *layout_request; /* a layout the page asked for (one of LAYOUTS, or "": the
                             command's); the loop takes it */
} galley_serve_state_t;

/* Reads the page's files from DATADIR/serve/ into STATE and lists the
 * layouts of DATADIR/layouts/ (serve_assets.c). A file missing is a resource
 * error naming it. */
galley_status_t galley_serve_assets_load(galley_serve_state_t *state, const char *datadir,
                                         galley_diags_t *diags);
void galley_serve_assets_free(galley_serve_state_t *state);

typedef struct galley_server galley_server_t;

/* Listens on HOST:PORT (PORT 0: any free one) and serves STATE (serve_http.c);
 * runs only inside galley_server_serve. */
galley_status_t galley_server_start(const char *host, int port, galley_serve_state_t *state,
                                    galley_server_t **out, galley_diags_t *diags);
/* The port listened on. */
int galley_server_port(const galley_server_t *srv);
/* The descriptor to poll, and the longest wait (ms, -1: none) before
 * galley_server_serve must run. */
int galley_server_fd(const galley_server_t *srv);
int galley_server_timeout(galley_server_t *srv);
/* Serves what is ready; returns 1 when the page asked for another layout. */
int galley_server_serve(galley_server_t *srv);
/* STATE changed (a render): sends the event to every open event stream. */
void galley_server_notify(galley_server_t *srv);
/* Closes every connection and stops listening; NULL: nothing. */
void galley_server_stop(galley_server_t *srv);

#endif
