/* serve_http.c: galley serve's HTTP server, on GNU libmicrohttpd.
 *
 * Owns: listening (127.0.0.1 unless asked otherwise), the bounds on requests
 * (memory a connection may use, connections in all and per address, an idle
 * timeout), the map from URL paths to what is served (a fixed table: no path
 * from a request reaches the file system), the methods (GET and HEAD; 405
 * for others), the Host check that keeps other sites' pages out of a server
 * on the loopback (DNS rebinding), and the event stream (/events, Server-Sent
 * Events) that announces each render. It runs in the render loop's thread,
 * polled by the watcher (libmicrohttpd's external epoll mode), so it reads
 * the loop's state without locks, and every response copies what it sends.
 */
#define _GNU_SOURCE /* asprintf */

#include "serve.h"
#include "watcher.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds on clients (docs/preview.md, "Safety"). */
#define MEMORY_LIMIT (32 * 1024) /* a request's line and headers, with room to answer */
#define CONNECTION_LIMIT 64
#define PER_IP_LIMIT 24
#define IDLE_TIMEOUT_S 60
/* A comment down every event stream this often, so a closed one is found. */
#define KEEPALIVE_MS 15000
/* The longest page number in a URL. */
#define PAGE_DIGITS 6

/* One open event stream. */
typedef struct stream {
    galley_server_t *srv;
    struct MHD_Connection *conn;
    unsigned long sent; /* the render it last announced; 0: none */
    int suspended;
    int started;   /* the retry line went */
    char *pending; /* what is still to send of the current message */
    size_t len, off;
    double last_ms; /* when it last sent something */
    struct stream *next;
} stream_t;

struct galley_server {
    struct MHD_Daemon *daemon;
    galley_serve_state_t *state;
    stream_t *streams;
    int port;
    int loopback;   /* listening on the loopback: the Host header must name it */
    int render_now; /* the page asked for another layout */
    int stopping;
};

/* Queues a response of LEN bytes DATA (copied) of media TYPE with STATUS and
 * the headers every response has. */
static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *type,
                             const void *data, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self'; frame-ancestors 'none'");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result ok = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ok;
}

/* A short error as plain text: STATUS and MESSAGE. */
static enum MHD_Result reply_error(struct MHD_Connection *conn, unsigned status,
                                   const char *message)
{
    return reply(conn, status, "text/plain; charset=utf-8", message, strlen(message));
}

/* Drops the stream S from its server's list and frees it (libmicrohttpd's
 * callback when its response is done with). */
static void stream_free(void *cls)
{
    stream_t *s = cls;
    for (stream_t **p = &s->srv->streams; *p; p = &(*p)->next)
        if (*p == s) {
            *p = s->next;
            break;
        }
    free(s->pending);
    free(s);
}

/* The next message of stream S into S->pending: the retry line, the event
 * of a render it has not announced, or a keep-alive comment; 0 when there is
 * none yet. */
static int stream_next(stream_t *s)
{
    const galley_serve_state_t *st = s->srv->state;
    char *m = NULL;
    int n = -1;
    if (!s->started) {
        s->started = 1;
        n = asprintf(&m, "retry: 1000\n\n");
    } else if (st->event && s->sent != st->renders) {
        s->sent = st->renders;
        n = asprintf(&m, "id: %lu\nevent: render\ndata: %s\n\n", st->renders, st->event);
    } else if (galley_watcher_now_ms() - s->last_ms >= KEEPALIVE_MS) {
        n = asprintf(&m, ": keep-alive\n\n");
    }
    if (n < 0)
        return 0;
    free(s->pending);
    s->pending = m;
    s->len = (size_t)n;
    s->off = 0;
    return 1;
}

/* libmicrohttpd's reader of an event stream: what is pending, else the next
 * message, else the connection waits (suspended) until a render or the
 * keep-alive resumes it. Ends the stream when the server stops. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    stream_t *s = cls;
    if (s->srv->stopping)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (s->off == s->len && !stream_next(s)) {
        MHD_suspend_connection(s->conn);
        s->suspended = 1;
        return 0;
    }
    size_t n = s->len - s->off < max ? s->len - s->off : max;
    memcpy(buf, s->pending + s->off, n);
    s->off += n;
    s->last_ms = galley_watcher_now_ms();
    return (ssize_t)n;
}

/* GET /events: an event stream announcing every render (docs/preview.md). */
static enum MHD_Result serve_events(galley_server_t *srv, struct MHD_Connection *conn, int head)
{
    if (head)
        return reply(conn, MHD_HTTP_OK, "text/event-stream", "", 0);
    stream_t *s = calloc(1, sizeof *s);
    if (!s)
        return MHD_NO;
    *s = (stream_t){.srv = srv, .conn = conn, .last_ms = galley_watcher_now_ms()};
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, stream_read, s, stream_free);
    if (!r) {
        free(s);
        return MHD_NO;
    }
    s->next = srv->streams;
    srv->streams = s;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ok = MHD_queue_response(conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* A query argument that is a switch: 0 when absent or "0", 1 for "1", -1
 * for anything else. */
static int query_flag(struct MHD_Connection *conn, const char *key)
{
    const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, key);
    if (!v || !strcmp(v, "0"))
        return 0;
    return !strcmp(v, "1") ? 1 : -1;
}

/* The page number of PATH when it is "/page/N.png" (N from 1, no leading
 * zero), else 0. */
static size_t page_number(const char *path)
{
    static const char PREFIX[] = "/page/";
    if (strncmp(path, PREFIX, sizeof PREFIX - 1))
        return 0;
    const char *num = path + sizeof PREFIX - 1;
    size_t digits = strspn(num, "0123456789");
    if (!digits || digits > PAGE_DIGITS || num[0] == '0' || strcmp(num + digits, ".png"))
        return 0;
    return (size_t)strtoul(num, NULL, 10);
}

/* GET /page/N.png[?guides=1&bleed=1]: page N of the last good render. */
static enum MHD_Result serve_page(galley_server_t *srv, struct MHD_Connection *conn, size_t n)
{
    galley_snapshot_t *snap = srv->state->snapshot;
    int guides = query_flag(conn, "guides"), bleed = query_flag(conn, "bleed");
    if (guides < 0 || bleed < 0)
        return reply_error(conn, MHD_HTTP_BAD_REQUEST, "guides and bleed take 0 or 1\n");
    if (!snap)
        return reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "no page rendered yet\n");
    if (n > galley_snapshot_page_count(snap))
        return reply_error(conn, MHD_HTTP_NOT_FOUND, "no such page\n");
    const unsigned char *data;
    size_t len;
    if (galley_snapshot_page_png(snap, n - 1, guides, bleed, &data, &len))
        return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "the page cannot be drawn\n");
    return reply(conn, MHD_HTTP_OK, "image/png", data, len);
}

/* GET /layout?name=NAME: renders with the shipped layout NAME from now on;
 * an empty NAME goes back to the command's layout (--layout, else the
 * article's own). */
static enum MHD_Result serve_layout(galley_server_t *srv, struct MHD_Connection *conn)
{
    const char *name = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "name");
    galley_serve_state_t *st = srv->state;
    for (size_t i = 0; name && i <= st->n_layouts; i++) {
        if (strcmp(name, i < st->n_layouts ? st->layouts[i] : ""))
            continue;
        char *copy = strdup(name);
        if (!copy)
            return MHD_NO;
        free(st->layout_request);
        st->layout_request = copy;
        srv->render_now = 1;
        static const char ACCEPTED[] = "{\"accepted\": true}\n";
        return reply(conn, MHD_HTTP_ACCEPTED, "application/json", ACCEPTED, sizeof ACCEPTED - 1);
    }
    return reply_error(conn, MHD_HTTP_BAD_REQUEST, "name one of the shipped layouts\n");
}

/* GET of a render's output: the boxes, the report, the PDF. */
static enum MHD_Result serve_output(galley_server_t *srv, struct MHD_Connection *conn,
                                    const char *path)
{
    galley_snapshot_t *snap = srv->state->snapshot;
    if (!snap)
        return reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "no page rendered yet\n");
    size_t len = 0;
    const char *json = NULL;
    if (!strcmp(path, "/render.pdf")) {
        const unsigned char *data;
        if (galley_snapshot_pdf(snap, &data, &len))
            return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "the PDF cannot be made\n");
        return reply(conn, MHD_HTTP_OK, "application/pdf", data, len);
    }
    json = !strcmp(path, "/boxes.json") ? galley_snapshot_boxes(snap, &len)
                                        : galley_snapshot_report(snap, &len);
    if (!json)
        return reply_error(conn, MHD_HTTP_NOT_FOUND, "no report: not an edition\n");
    return reply(conn, MHD_HTTP_OK, "application/json", json, len);
}

/* GET /state.js: the status as a script the page runs before its own, so
 * its first pages are in the document (and delay its load event) without
 * waiting for a request of its own. */
static enum MHD_Result serve_state_js(galley_server_t *srv, struct MHD_Connection *conn)
{
    const char *status = srv->state->status ? srv->state->status : "null";
    char *js = NULL;
    int n = asprintf(&js, "window.galleyStatus = %s;\n", status);
    if (n < 0)
        return MHD_NO;
    enum MHD_Result ok = reply(conn, MHD_HTTP_OK, "text/javascript; charset=utf-8", js, (size_t)n);
    free(js);
    return ok;
}

/* Whether the request's Host header names this server on the loopback
 * (127.0.0.1, localhost or [::1], with its port): a page of another site
 * that resolved its own name to 127.0.0.1 sends its own name instead. */
static int host_allowed(const galley_server_t *srv, struct MHD_Connection *conn)
{
    if (!srv->loopback)
        return 1;
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!host)
        return 0;
    static const char *const NAMES[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s:%d", NAMES[i], srv->port);
        if (!strcmp(host, want) || !strcmp(host, NAMES[i]))
            return 1;
    }
    return 0;
}

/* libmicrohttpd's request handler: the fixed map of URL paths. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    (void)upload_data;
    (void)con_cls;
    galley_server_t *srv = cls;
    int head = !strcmp(method, MHD_HTTP_METHOD_HEAD);
    if (!head && strcmp(method, MHD_HTTP_METHOD_GET))
        return reply_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "GET and HEAD only\n");
    if (*upload_data_size)
        return reply_error(conn, MHD_HTTP_BAD_REQUEST, "a GET has no body\n");
    if (!host_allowed(srv, conn))
        return reply_error(conn, MHD_HTTP_MISDIRECTED_REQUEST, "unknown Host\n");
    const galley_serve_state_t *st = srv->state;
    for (size_t i = 0; i < st->n_assets; i++)
        if (!strcmp(url, st->assets[i].url))
            return reply(conn, MHD_HTTP_OK, st->assets[i].type, st->assets[i].data,
                         st->assets[i].len);
    if (!strcmp(url, "/events"))
        return serve_events(srv, conn, head);
    if (!strcmp(url, "/state.js"))
        return serve_state_js(srv, conn);
    if (!strcmp(url, "/diagnostics.json"))
        return st->status
                   ? reply(conn, MHD_HTTP_OK, "application/json", st->status, strlen(st->status))
                   : reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "no render yet\n");
    if (!strcmp(url, "/boxes.json") || !strcmp(url, "/report.json") || !strcmp(url, "/render.pdf"))
        return serve_output(srv, conn, url);
    if (!strcmp(url, "/layout"))
        return serve_layout(srv, conn);
    size_t page = page_number(url);
    if (page)
        return serve_page(srv, conn, page);
    return reply_error(conn, MHD_HTTP_NOT_FOUND, "not found\n");
}

/* Parses HOST (an IPv4 or IPv6 address, no name) and PORT into *SA. */
static int address_parse(const char *host, int port, struct sockaddr_storage *sa, int *v6)
{
    memset(sa, 0, sizeof *sa);
    struct sockaddr_in *a4 = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)sa;
    *v6 = 0;
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        return 0;
    }
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *v6 = 1;
        return 0;
    }
    return -1;
}

galley_status_t galley_server_start(const char *host, int port, galley_serve_state_t *state,
                                    galley_server_t **out, galley_diags_t *diags)
{
    *out = NULL;
    host = host ? host : "127.0.0.1";
    struct sockaddr_storage sa;
    int v6;
    if (address_parse(host, port, &sa, &v6))
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "--host takes an IP address (127.0.0.1, ::1, 0.0.0.0), not '%s'",
                                  host);
    galley_server_t *srv = calloc(1, sizeof *srv);
    if (!srv)
        return GALLEY_STATUS_NO_MEMORY;
    srv->state = state;
    srv->loopback = !strcmp(host, "127.0.0.1") || !strcmp(host, "::1");
    unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | (v6 ? MHD_USE_IPv6 : 0);
    errno = 0;
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_LIMIT,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)PER_IP_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
        MHD_OPTION_END);
    if (!srv->daemon) {
        int saved = errno;
        free(srv);
        return galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, NULL, 0, 0, NULL,
                                  "cannot listen on %s port %d: %s", host, port,
                                  saved ? strerror(saved) : "libmicrohttpd could not start");
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : port;
    *out = srv;
    return GALLEY_STATUS_SUCCESS;
}

int galley_server_port(const galley_server_t *srv)
{
    return srv->port;
}

int galley_server_fd(const galley_server_t *srv)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_EPOLL_FD);
    return info ? info->epoll_fd : -1;
}

/* Resumes every suspended event stream, to send what is new. */
static void streams_resume(galley_server_t *srv)
{
    for (stream_t *s = srv->streams; s; s = s->next)
        if (s->suspended) {
            s->suspended = 0;
            MHD_resume_connection(s->conn);
        }
}

int galley_server_timeout(galley_server_t *srv)
{
    MHD_UNSIGNED_LONG_LONG t = 0;
    int ms = MHD_get_timeout(srv->daemon, &t) == MHD_YES ? (t > 60000 ? 60000 : (int)t) : -1;
    /* The next keep-alive of a waiting stream (one that is sending is libmicrohttpd's, and
     * its idle timeout's: a client that stops reading costs no polling here). */
    for (stream_t *s = srv->streams; s; s = s->next) {
        if (!s->suspended)
            continue;
        double left = s->last_ms + KEEPALIVE_MS - galley_watcher_now_ms();
        int k = left > 0 ? (int)left + 1 : 0;
        ms = ms < 0 || k < ms ? k : ms;
    }
    return ms;
}

int galley_server_serve(galley_server_t *srv)
{
    double now = galley_watcher_now_ms();
    for (stream_t *s = srv->streams; s; s = s->next)
        if (s->suspended && now - s->last_ms >= KEEPALIVE_MS) {
            s->suspended = 0;
            MHD_resume_connection(s->conn);
        }
    MHD_run(srv->daemon);
    int render = srv->render_now;
    srv->render_now = 0;
    return render;
}

void galley_server_notify(galley_server_t *srv)
{
    streams_resume(srv);
    MHD_run(srv->daemon);
}

void galley_server_stop(galley_server_t *srv)
{
    if (!srv)
        return;
    srv->stopping = 1;
    streams_resume(srv);
    MHD_run(srv->daemon);
    MHD_stop_daemon(srv->daemon);
    free(srv);
}
