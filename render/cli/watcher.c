/* watcher.c: waiting for the inputs of a render to change (watcher.h).
 *
 * Owns: inotify watches on the folders of the files the last render read (the
 * article, the layout file, the photos: galley_context_input_path), renewed
 * after every render; the debounce (100 ms for galley watch); SIGINT and
 * SIGTERM while it is open (a handler writes to a pipe that the wait polls,
 * so a signal between two checks is never lost and any thread may take it);
 * serving another descriptor meanwhile (galley serve's HTTP sockets). A
 * folder that goes away (deleted, moved) is noticed (its watch ends), and
 * while it is missing the nearest folder above it that exists is watched for
 * it to come back; a watched file that is gone is said on a line of its own.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "watcher.h"
#include "context.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#define DEBOUNCE_MAX_MS 2000
/* What changes a file: written, replaced by a rename, created, deleted, touched. */
#define WATCH_MASK                                                                                 \
    (IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |            \
     IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
/* What ends a folder's watch: deleted, moved away, or its file system gone. */
#define WATCH_ENDED (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)

/* One watched file: NAME in the folder inotify watches as WD. */
typedef struct {
    int wd;
    char *name;
} watched_t;

typedef struct galley_watcher {
    int ifd; /* inotify */
    int debounce_ms;
    int failed;  /* the last render failed */
    int signals; /* SIGINT and SIGTERM are caught (old_int, old_term saved) */
    struct sigaction old_int, old_term;
    watched_t *files;
    size_t n, cap;
    /* Missing folders: NAME (the next part of the path towards one) in the
     * existing folder watched as WD. */
    watched_t *above;
    size_t n_above, cap_above;
    char **inputs; /* the paths the last render read, to say when one is gone */
    size_t n_inputs;
} watcher_t;

/* The pipe the signal handler writes to: read end, write end. */
static int signal_pipe[2] = {-1, -1};

/* SIGINT and SIGTERM: wakes the wait through the pipe (async-signal-safe). */
static void on_signal(int sig)
{
    int saved = errno;
    char c = (char)sig;
    if (write(signal_pipe[1], &c, 1) < 0) {
        /* the pipe is full: a wake-up is pending already */
    }
    errno = saved;
}

/* Forgets every watched file (the folders' watches stay; see watch_inputs). */
static void files_clear(watched_t *files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(files[i].name);
}

/* Adds NAME in the folder watched as WD to the list *V (*N of *CAP),
 * unless it is there already. */
static galley_status_t list_add(watched_t **v, size_t *n, size_t *cap, int wd, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if ((*v)[i].wd == wd && !strcmp((*v)[i].name, name))
            return GALLEY_STATUS_SUCCESS;
    if (*n == *cap) {
        size_t bigger = *cap ? *cap * 2 : 8;
        watched_t *nv = realloc(*v, bigger * sizeof *nv);
        if (!nv)
            return GALLEY_STATUS_NO_MEMORY;
        *v = nv;
        *cap = bigger;
    }
    char *copy = strdup(name);
    if (!copy)
        return GALLEY_STATUS_NO_MEMORY;
    (*v)[(*n)++] = (watched_t){wd, copy};
    return GALLEY_STATUS_SUCCESS;
}

/* The folder of PATH ("." when it has none); newly allocated. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
}

/* DIR cannot be watched because it is missing: watches the nearest folder
 * above it that exists, for the next part of the path to appear there. */
static galley_status_t watch_above(watcher_t *w, const char *dir)
{
    char *child = strdup(dir);
    galley_status_t st = child ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
    while (!st && strcmp(child, "/") && strcmp(child, ".")) {
        char *parent = folder_of(child);
        if (!parent) {
            st = GALLEY_STATUS_NO_MEMORY;
            break;
        }
        const char *slash = strrchr(child, '/');
        const char *name = slash ? slash + 1 : child;
        int wd = inotify_add_watch(w->ifd, parent, WATCH_MASK);
        if (wd >= 0 && *name)
            st = list_add(&w->above, &w->n_above, &w->cap_above, wd, name);
        free(child);
        child = parent;
        if (wd >= 0 || errno != ENOENT)
            break;
    }
    free(child);
    return st;
}

/* Watches PATH's folder and remembers PATH's name in it. A folder that is
 * missing is waited for (watch_above); one that cannot be watched for other
 * reasons (no permission) is skipped: the render reports the file. */
static galley_status_t watch_path(watcher_t *w, const char *path)
{
    char *dir = folder_of(path);
    if (!dir)
        return GALLEY_STATUS_NO_MEMORY;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    int wd = inotify_add_watch(w->ifd, dir, WATCH_MASK);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (wd < 0 && errno == ENOENT)
        st = watch_above(w, dir);
    free(dir);
    if (st || wd < 0 || !*name)
        return st;
    return list_add(&w->files, &w->n, &w->cap, wd, name);
}

/* Watches PATH and, when it is a link or names its folder another way, the
 * file it really is (an edit there changes it too). */
static galley_status_t watch_input(watcher_t *w, const char *path)
{
    galley_status_t st = watch_path(w, path);
    char *real = st ? NULL : realpath(path, NULL);
    if (real && strcmp(real, path))
        st = watch_path(w, real);
    free(real);
    return st;
}

/* Renews the watched files from the context's inputs (watcher.h). After a failed render
 * the earlier files stay watched as well: a broken article names no photos
 * and a broken layout file is not listed, yet fixing either must re-render. */
galley_status_t galley_watcher_watch(galley_watcher_t *w, const galley_context_t *ctx, int failed)
{
    if (!failed) {
        files_clear(w->files, w->n);
        w->n = 0;
    }
    files_clear(w->above, w->n_above);
    w->n_above = 0;
    for (size_t i = 0; i < w->n_inputs; i++)
        free(w->inputs[i]);
    free(w->inputs);
    w->n_inputs = 0;
    size_t n = galley_context_input_count(ctx);
    w->inputs = calloc(n + 1, sizeof *w->inputs);
    galley_status_t st = w->inputs ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
    w->failed = failed;
    for (size_t i = 0; !st && i < n; i++) {
        const char *path = galley_context_input_path(ctx, i);
        st = watch_input(w, path);
        if (!st && !(w->inputs[w->n_inputs++] = strdup(path)))
            st = GALLEY_STATUS_NO_MEMORY;
    }
    return st;
}

/* True when the inotify event E is about a watched file (or events were
 * lost). While the last render failed, a file appearing in a watched folder
 * counts too: it may be the missing photo, which a failed load does not list.
 * Galley's own temporary files (NAME.tmp-XXXXXX) never count. */
static int event_matters(const watcher_t *w, const struct inotify_event *e)
{
    if (e->mask & (IN_Q_OVERFLOW | WATCH_ENDED)) /* a folder went: watch again */
        return 1;
    for (size_t i = 0; e->len && i < w->n_above; i++) /* a missing folder is back */
        if (w->above[i].wd == e->wd && !strcmp(w->above[i].name, e->name))
            return 1;
    if (w->failed && e->len && (e->mask & (IN_CREATE | IN_MOVED_TO)) && !strstr(e->name, ".tmp-"))
        return 1;
    for (size_t i = 0; e->len && i < w->n; i++)
        if (w->files[i].wd == e->wd && !strcmp(w->files[i].name, e->name))
            return 1;
    return 0;
}

/* Reads every pending inotify event. Returns 0 when there was none, 1 when
 * none was about a watched file, 2 when one was. */
static int drain_events(const watcher_t *w)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    int seen = 0;
    ssize_t len;
    while ((len = read(w->ifd, buf, sizeof buf)) > 0) {
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *e = (const struct inotify_event *)(void *)p;
            int matters = event_matters(w, e) ? 2 : 1;
            seen = matters > seen ? matters : seen;
            p += sizeof *e + e->len;
        }
    }
    return seen;
}

/* How long to poll: until DEADLINE (ms on the monotonic clock; < 0: no
 * limit), and no longer than EXTRA asks. */
static int poll_timeout(double deadline, const galley_watch_extra_t *extra)
{
    int t = -1;
    if (deadline >= 0) {
        double left = deadline - galley_watcher_now_ms();
        t = left > 0 ? (int)left + 1 : 0;
    }
    int et = extra ? extra->timeout_ms(extra->data) : -1;
    return et >= 0 && (t < 0 || et < t) ? et : t;
}

/* Waits until DEADLINE (ms on the monotonic clock; < 0: for ever) for an
 * event worth it: about a watched file, or (ANY) any event in a watched
 * folder, serving EXTRA meanwhile. Returns 's' on SIGINT or SIGTERM, 'c' on
 * such an event, 't' at the deadline, 'r' when EXTRA asks for a render, 'e'
 * on failure. */
static int wait_event(const watcher_t *w, double deadline, int any,
                      const galley_watch_extra_t *extra)
{
    struct pollfd fds[3] = {
        {signal_pipe[0], POLLIN, 0}, {w->ifd, POLLIN, 0}, {extra ? extra->fd : -1, POLLIN, 0}};
    for (;;) {
        int timeout = poll_timeout(deadline, extra);
        int n = poll(fds, 3, timeout);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return 'e';
        if (fds[0].revents)
            return 's';
        if (fds[1].revents && drain_events(w) > (any ? 0 : 1))
            return 'c';
        if (extra && (fds[2].revents || n == 0) && extra->serve(extra->data))
            return 'r';
        if (deadline >= 0 && galley_watcher_now_ms() >= deadline)
            return 't';
    }
}

double galley_watcher_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Waits for a change to a watched file, then until the watched folders have
 * been quiet for the debounce (an editor's save, or a photo being copied in,
 * is many events), at most DEBOUNCE_MAX_MS. */
int galley_watcher_wait(const galley_watcher_t *w, const galley_watch_extra_t *extra)
{
    int ev = wait_event(w, -1, 0, extra);
    double start = galley_watcher_now_ms();
    while (ev == 'c' && galley_watcher_now_ms() - start < DEBOUNCE_MAX_MS)
        ev = wait_event(w, galley_watcher_now_ms() + w->debounce_ms, 1, extra);
    return ev == 't' || ev == 'c' || ev == 'r';
}

/* Says on a line which of the files the last render read are gone (deleted
 * or moved away, their folder too): the render that follows fails for it,
 * and watch waits for them to come back. */
void galley_watcher_print_gone(const galley_watcher_t *w)
{
    for (size_t i = 0; i < w->n_inputs; i++) {
        if (access(w->inputs[i], F_OK) == 0 || errno != ENOENT)
            continue;
        char clock[16] = "";
        time_t t = time(NULL);
        struct tm tm;
        if (localtime_r(&t, &tm))
            strftime(clock, sizeof clock, "%H:%M:%S", &tm);
        printf("%s %s is gone; watching for it to come back\n", clock, w->inputs[i]);
    }
    fflush(stdout);
}

/* Opens the signal pipe, non-blocking on both ends, closed on exec. */
static int signal_pipe_open(void)
{
    if (pipe(signal_pipe) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(signal_pipe[i], F_SETFL, fcntl(signal_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}

galley_status_t galley_watcher_open(int debounce_ms, galley_watcher_t **out, galley_diags_t *diags)
{
    watcher_t *w = calloc(1, sizeof *w);
    *out = NULL;
    if (!w)
        return GALLEY_STATUS_NO_MEMORY;
    w->debounce_ms = debounce_ms;
    w->ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (w->ifd < 0 || signal_pipe_open() != 0) {
        galley_status_t st = galley_diags_error(diags, GALLEY_STATUS_RESOURCE_ERROR, NULL, 0, 0,
                                                NULL, "cannot watch files: %s", strerror(errno));
        galley_watcher_close(w);
        return st;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &w->old_int);
    sigaction(SIGTERM, &sa, &w->old_term);
    w->signals = 1;
    *out = w;
    return GALLEY_STATUS_SUCCESS;
}

void galley_watcher_close(galley_watcher_t *w)
{
    if (!w)
        return;
    if (w->signals) {
        sigaction(SIGINT, &w->old_int, NULL);
        sigaction(SIGTERM, &w->old_term, NULL);
    }
    for (int i = 0; i < 2; i++) {
        if (signal_pipe[i] >= 0)
            close(signal_pipe[i]);
        signal_pipe[i] = -1;
    }
    if (w->ifd >= 0)
        close(w->ifd);
    files_clear(w->files, w->n);
    free(w->files);
    files_clear(w->above, w->n_above);
    free(w->above);
    for (size_t i = 0; i < w->n_inputs; i++)
        free(w->inputs[i]);
    free(w->inputs);
    free(w);
}
