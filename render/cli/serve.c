/* serve.c: galley serve, the render loop behind the browser preview.
 *
 * Owns: the order render, publish, watch, wait (serving HTTP meanwhile),
 * render again; what a render publishes (the snapshot of a good render, the
 * status with its diagnostics as JSON, the event for the streams); the
 * layout the page switched to; the line printed per render. A failed render
 * publishes its diagnostics and keeps the last good snapshot.
 */
#include "preview.h"
#include "context.h"
#include "output.h"
#include "serve.h"
#include "watcher.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long the folders must be quiet after a change (as galley watch). */
#define DEBOUNCE_MS 100

typedef struct {
    galley_context_t *ctx;
    const char *article;
    const galley_serve_options_t *opt;
    galley_render_options_t render; /* taken; its layout the page may switch */
    char *layout;                   /* the layout switched to (owned), or NULL */
    galley_serve_state_t state;
    galley_server_t *srv;
    galley_watcher_t *watcher;
    unsigned long good; /* the render the snapshot is */
    char url[96];       /* the server's address, for the lines printed */
} serve_t;

/* The context's diagnostics as a JSON array: severity, file, line, column,
 * field, message, and the whole "FILE:LINE:COL: error: ..." text. */
static json_t *diags_json(const galley_context_t *ctx)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < ctx->diags.count; i++) {
        const galley_diag_t *d = &ctx->diags.items[i];
        json_array_append_new(
            a,
            json_pack("{s:s,s:o,s:i,s:i,s:o,s:o,s:o}", "severity",
                      d->severity == GALLEY_SEVERITY_ERROR ? "error" : "warning", "file",
                      galley_json_file_name(d->file), "line", d->line, "column", d->column, "field",
                      galley_json_file_name(d->field), "message", galley_json_file_name(d->message),
                      "text", galley_json_file_name(d->formatted)));
    }
    return a;
}

/* Dumps J (taken) compactly into *OUT (freed first); 0 when out of memory. */
static int json_take(json_t *j, char **out)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!s)
        return 0;
    free(*out);
    *out = s;
    return 1;
}

/* Publishes the render just done (status RS, MS long): the status with the
 * diagnostics, the short event, then tells the event streams. */
static galley_status_t serve_publish(serve_t *sv, galley_status_t rs, double ms)
{
    const galley_context_t *ctx = sv->ctx;
    galley_serve_state_t *st = &sv->state;
    size_t pages = st->snapshot ? galley_snapshot_page_count(st->snapshot) : 0;
    size_t report_len = 0;
    int edition = st->snapshot && galley_snapshot_report(st->snapshot, &report_len);
    json_t *layouts = json_array();
    for (size_t i = 0; layouts && i < st->n_layouts; i++)
        json_array_append_new(layouts, json_string(st->layouts[i]));
    json_t *event =
        json_pack("{s:I,s:b,s:I,s:I,s:f,s:I,s:I}", "render", (json_int_t)st->renders, "ok", !rs,
                  "good", (json_int_t)sv->good, "pages", (json_int_t)pages, "ms", ms, "errors",
                  (json_int_t)galley_diags_count(&ctx->diags, GALLEY_SEVERITY_ERROR), "warnings",
                  (json_int_t)galley_diags_count(&ctx->diags, GALLEY_SEVERITY_WARNING));
    json_t *status = event ? json_deep_copy(event) : NULL;
    if (status) {
        json_object_set_new(status, "status", json_string(galley_status_to_string(rs)));
        json_object_set_new(status, "article", galley_json_file_name(sv->article));
        json_object_set_new(status, "edition", json_boolean(edition));
        json_object_set_new(status, "layout", galley_json_file_name(sv->render.layout));
        json_object_set_new(status, "layouts", layouts);
        json_object_set_new(status, "dpi",
                            json_real(sv->render.dpi > 0 ? sv->render.dpi : GALLEY_SERVE_DPI));
        json_object_set_new(status, "diagnostics", diags_json(ctx));
    } else {
        json_decref(layouts);
    }
    if (!json_take(event, &st->event) || !json_take(status, &st->status))
        return GALLEY_STATUS_NO_MEMORY;
    if (sv->srv)
        galley_server_notify(sv->srv);
    return GALLEY_STATUS_SUCCESS;
}

/* Renders the article once, publishes it and watches its files; returns
 * the render's status (*FAILED: publishing or watching failed) and its
 * time in *MS. */
static galley_status_t serve_render(serve_t *sv, galley_status_t *failed, double *ms_out)
{
    double t0 = galley_watcher_now_ms();
    galley_snapshot_t *snap = NULL;
    galley_status_t rs = galley_snapshot_render(sv->ctx, sv->article, &sv->render, &snap);
    double ms = galley_watcher_now_ms() - t0;
    sv->state.renders++;
    if (snap) {
        galley_snapshot_destroy(sv->state.snapshot);
        sv->state.snapshot = snap;
        sv->good = sv->state.renders;
    }
    sv->ctx->pages = snap ? (int)galley_snapshot_page_count(snap) : 0;
    *failed = serve_publish(sv, rs, ms);
    /* Watch before printing: whoever reads the line may change a file at once. */
    if (!*failed)
        *failed = galley_watcher_watch(sv->watcher, sv->ctx, rs != GALLEY_STATUS_SUCCESS);
    *ms_out = ms;
    return rs;
}

/* The watcher's extra: the server's descriptor, timeout and service. */
static int extra_timeout(void *data)
{
    return galley_server_timeout(((serve_t *)data)->srv);
}

/* Serves the requests that are ready; 1 when the page switched layouts. */
static int extra_serve(void *data)
{
    serve_t *sv = data;
    return galley_server_serve(sv->srv);
}

/* Takes the layout the page asked for, if any, for the next render ("": the
 * command's own again). */
static void serve_take_layout(serve_t *sv)
{
    if (!sv->state.layout_request)
        return;
    free(sv->layout);
    sv->layout = sv->state.layout_request;
    sv->state.layout_request = NULL;
    sv->render.layout = *sv->layout ? sv->layout : sv->opt->render.layout;
}

/* Starts the server and says where it is. */
static galley_status_t serve_listen(serve_t *sv)
{
    galley_status_t st =
        galley_server_start(sv->opt->host, sv->opt->port, &sv->state, &sv->srv, &sv->ctx->diags);
    if (st)
        return st;
    const char *host = sv->opt->host ? sv->opt->host : "127.0.0.1";
    int v6 = strchr(host, ':') != NULL;
    snprintf(sv->url, sizeof sv->url, "http://%s%s%s:%d/", v6 ? "[" : "", host, v6 ? "]" : "",
             galley_server_port(sv->srv));
    printf("galley serve: %s (Ctrl-C stops)\n", sv->url);
    fflush(stdout);
    return GALLEY_STATUS_SUCCESS;
}

/* Prints the context's diagnostics from the FROM-th on (errors of starting). */
static void print_from(const galley_context_t *ctx, size_t from)
{
    for (size_t i = from; i < ctx->diags.count; i++)
        fprintf(stderr, "galley: %s\n", ctx->diags.items[i].formatted);
    if (from == ctx->diags.count)
        fprintf(stderr, "galley: %s\n", galley_status_to_string(ctx->diags.status));
}

/* Frees what the loop holds. */
static void serve_fini(serve_t *sv)
{
    galley_server_stop(sv->srv);
    galley_watcher_close(sv->watcher);
    galley_snapshot_destroy(sv->state.snapshot);
    galley_serve_assets_free(&sv->state);
    free(sv->state.status);
    free(sv->state.event);
    free(sv->state.layout_request);
    free(sv->layout);
}

galley_status_t galley_serve(galley_context_t *ctx, const char *article,
                             const galley_serve_options_t *opt)
{
    serve_t sv = {.ctx = ctx, .article = article, .opt = opt};
    galley_diags_clear(&ctx->diags);
    galley_status_t st = galley_options_take(ctx, &opt->render, &sv.render);
    if (!st)
        st = galley_serve_assets_load(&sv.state, ctx->datadir, &ctx->diags);
    if (!st)
        st = galley_watcher_open(DEBOUNCE_MS, &sv.watcher, &ctx->diags);
    if (st)
        print_from(ctx, 0);
    double ms = 0;
    galley_status_t rs = st ? st : serve_render(&sv, &st, &ms);
    if (!st && galley_watch_first_fatal(rs)) {
        galley_watch_print_render(ctx, rs, article, ms, 0);
        st = rs;
    } else if (!st) {
        size_t from = ctx->diags.count;
        if ((st = serve_listen(&sv)))
            print_from(ctx, from);
        else
            galley_watch_print_render(ctx, rs, sv.url, ms, opt->quiet);
    }
    galley_watch_extra_t extra = {sv.srv ? galley_server_fd(sv.srv) : -1, extra_timeout,
                                  extra_serve, &sv};
    while (!st && galley_watcher_wait(sv.watcher, &extra)) {
        serve_take_layout(&sv);
        galley_watcher_print_gone(sv.watcher);
        rs = serve_render(&sv, &st, &ms);
        galley_watch_print_render(ctx, rs, sv.url, ms, opt->quiet);
    }
    serve_fini(&sv);
    return st;
}
