/* watcher.h: waiting for a render's input files to change (internal).
 *
 * Owns: inotify watches on the folders of the files the last render read,
 * the debounce, and SIGINT/SIGTERM while waiting (watcher.c). Used by galley
 * watch (watch.c) and galley serve (serve.c), which also has its server's
 * sockets served while it waits (galley_watch_extra_t).
 */
#ifndef GALLEY_WATCHER_H
#define GALLEY_WATCHER_H

#include "galley.h"
#include "diag.h"

typedef struct galley_watcher galley_watcher_t;

/* Something else to serve while waiting: FD (-1: none) is polled for input;
 * SERVE(DATA) runs when it is ready or when TIMEOUT_MS(DATA) milliseconds
 * (-1: no limit) have passed, and returns 1 to end the wait and render at
 * once (the page asked for another layout), else 0. */
typedef struct {
    int fd;
    int (*timeout_ms)(void *data);
    int (*serve)(void *data);
    void *data;
} galley_watch_extra_t;

/* Opens inotify and the signal pipe and catches SIGINT and SIGTERM (one
 * watcher per process at a time). DEBOUNCE_MS: how long the folders must be
 * quiet after a change before it counts. *OUT is NULL on failure (an error
 * in DIAGS). */
galley_status_t galley_watcher_open(int debounce_ms, galley_watcher_t **out, galley_diags_t *diags);

/* Restores the signals, closes the descriptors and frees W (NULL: nothing). */
void galley_watcher_close(galley_watcher_t *w);

/* Watches the files CTX's last render read (galley_context_input_path);
 * after a FAILED render the files watched before stay watched too. */
galley_status_t galley_watcher_watch(galley_watcher_t *w, const galley_context_t *ctx, int failed);

/* Waits for a change to a watched file and for the folders to be quiet
 * after it, serving EXTRA (may be NULL) meanwhile. Returns 1 to render
 * again (also when EXTRA's serve asks), 0 on SIGINT, SIGTERM or a failure
 * of poll. */
int galley_watcher_wait(const galley_watcher_t *w, const galley_watch_extra_t *extra);

/* Prints a line for each file the last render read that is gone. */
void galley_watcher_print_gone(const galley_watcher_t *w);

/* Milliseconds on the monotonic clock. */
double galley_watcher_now_ms(void);

/* From watch.c, for galley serve too: prints the diagnostics of a render
 * on standard error (errors only when QUIET), then its line on standard
 * output: "HH:MM:SS rendered OUTPUT in N ms: P pages, W warnings", or
 * "HH:MM:SS failed in N ms: E errors, W warnings; OUTPUT left as it was". */
void galley_watch_print_render(const galley_context_t *ctx, galley_status_t rs, const char *output,
                               double ms, int quiet);

/* True when the first render's status RS means watching is pointless: the
 * output cannot be written (a bad name or folder), fonts are missing, or
 * memory ran out. Input errors are what watching is for: the user fixes them. */
int galley_watch_first_fatal(galley_status_t rs);

#endif
