/* watch.c: galley watch, re-rendering an article whenever its inputs change.
 *
 * Owns: the loop render, watch, wait for a change, render again, and the
 * line printed per render (galley serve prints the same). Watching the
 * files, the debounce and the signals are watcher.c's.
 */
#include "preview.h"
#include "context.h"
#include "watcher.h"

#include <stdio.h>
#include <time.h>

/* How long the folders must be quiet after a change (docs/preview.md). */
#define DEBOUNCE_MS 100

/* Prints the render's diagnostics on standard error (errors only when QUIET). */
static void print_diags(const galley_context_t *ctx, int quiet)
{
    for (size_t i = 0; i < galley_context_diag_count(ctx); i++) {
        if (quiet && galley_context_diag_severity(ctx, i) == GALLEY_SEVERITY_WARNING)
            continue;
        fprintf(stderr, "galley: %s\n", galley_context_diag_message(ctx, i));
    }
    fflush(stderr);
}

/* Prints the line of one render: "HH:MM:SS rendered OUT in N ms: P pages,
 * W warnings" or "HH:MM:SS failed in N ms: E errors, W warnings; OUT left as it
 * was" (the last good output, if any). */
static void print_line(const galley_context_t *ctx, galley_status_t st, const char *output,
                       double ms)
{
    char clock[16] = "";
    time_t t = time(NULL);
    struct tm tm;
    if (localtime_r(&t, &tm))
        strftime(clock, sizeof clock, "%H:%M:%S", &tm);
    size_t warnings = galley_diags_count(&ctx->diags, GALLEY_SEVERITY_WARNING);
    size_t errors = galley_diags_count(&ctx->diags, GALLEY_SEVERITY_ERROR);
    int pages = galley_context_page_count(ctx);
    if (!st)
        printf("%s rendered %s in %.0f ms: %d page%s, %zu warning%s\n", clock, output, ms, pages,
               pages == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    else
        printf("%s failed in %.0f ms: %zu error%s, %zu warning%s; %s left as it was\n", clock, ms,
               errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", output);
    fflush(stdout);
}

void galley_watch_print_render(const galley_context_t *ctx, galley_status_t rs, const char *output,
                               double ms, int quiet)
{
    print_diags(ctx, quiet);
    print_line(ctx, rs, output, ms);
}

int galley_watch_first_fatal(galley_status_t rs)
{
    return rs != GALLEY_STATUS_SUCCESS && rs != GALLEY_STATUS_INPUT_ERROR &&
           rs != GALLEY_STATUS_LIMIT_ERROR;
}

galley_status_t galley_watch(galley_context_t *ctx, const char *article, const char *output,
                             const galley_render_options_t *opt, const galley_watch_options_t *wopt)
{
    galley_watch_options_t none = {0};
    wopt = wopt ? wopt : &none;
    galley_watcher_t *w = NULL;
    galley_status_t st = galley_watcher_open(DEBOUNCE_MS, &w, &ctx->diags);
    if (st)
        print_diags(ctx, 0);
    for (int renders = 1; !st; renders++) {
        double t0 = galley_watcher_now_ms();
        galley_status_t rs = galley_render_file(ctx, article, output, opt);
        double ms = galley_watcher_now_ms() - t0;
        /* Watch before printing: whoever reads the line may change a file at once. */
        st = galley_watcher_watch(w, ctx, rs != GALLEY_STATUS_SUCCESS);
        galley_watch_print_render(ctx, rs, output, ms, wopt->quiet);
        if (renders == 1 && galley_watch_first_fatal(rs))
            st = rs;
        if (st || (wopt->once_after > 0 && renders >= wopt->once_after) ||
            !galley_watcher_wait(w, NULL))
            break;
        galley_watcher_print_gone(w);
    }
    galley_watcher_close(w);
    return st;
}
