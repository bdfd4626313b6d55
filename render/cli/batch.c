/* batch.c: `galley batch MANIFEST.jsonl`, many renders in one process.
 *
 * Owns the batch's run: the manifest read a line at a time as the workers
 * take them (never held whole: a long batch's memory does not grow with its
 * manifest), the share of them --shard I/N takes (0-based index % N == I, so shards need no
 * coordinator), N worker threads (-j) each with a context of its own (made before any starts, as
 * the command makes one) taking line after line, a line skipped when its key says its output is up
 * to date (batch_key.c; --force renders all), one JSON result a line written as it finishes (to
 * --results or standard output), a progress bar on a terminal, and the exit code: 7 when any line
 * failed, a bad line or a failed render, which never stops the others.
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Each worker's malloc arena keeps BATCH_TOP_PAD bytes of slack when it
 * grows or gives memory back, instead of glibc's 128 KB: a batch's renders
 * free and take back a few MB each, and with the default its arenas gave
 * pages back and faulted them in again, and kept growing for the first
 * thousand renders (+6.5% peak RSS from the 100th render to the 5,000th
 * at -j 2); with it they reach their size within the first hundred (+3%),
 * at about 3 MB more, and the batch is 10% faster (docs/scale.md).
 * MALLOC_TOP_PAD_ in the environment still wins. */
#define BATCH_TOP_PAD (16 << 20)

/* Sets the process's malloc slack for a long run (BATCH_TOP_PAD), unless
 * the environment sets it: the command owns its process, as it owns its
 * default fontconfig (env.c). */
static void batch_malloc_tune(void)
{
#ifdef __GLIBC__
    if (!getenv("MALLOC_TOP_PAD_"))
        mallopt(M_TOP_PAD, BATCH_TOP_PAD);
#endif
}

/* The batch's shared state: the manifest, the next line to take, the results. */
typedef struct {
    const cli_args_t *args;
    FILE *manifest; /* read a line at a time; under LOCK */
    size_t index;   /* lines of it read so far; under LOCK */
    char *line;     /* the line read (batch_manifest_line's buffer); under LOCK */
    size_t line_cap;
    size_t n_lines; /* the lines of the share (counted first, for the progress bar) */
    char *dir;      /* the manifest's folder, "" for the current one (owned) */
    pthread_mutex_t lock;
    size_t done, failed, skipped; /* lines finished; under LOCK */
    FILE *results;                /* where the result lines go; under LOCK */
    batch_outputs_t *outputs;     /* the lines whose output an earlier line names */
    int progress;                 /* draw the progress bar on standard error */
    int results_on_terminal;      /* the results go to the terminal the bar is drawn on */
    int write_failed;             /* a result could not be written; under LOCK */
} batch_t;

/* One worker: its thread and its context. */
typedef struct {
    batch_t *batch;
    galley_context_t *ctx;
    pthread_t thread;
} batch_worker_t;

/* Milliseconds since *T0. */
static double batch_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Draws the progress bar: lines done of the share, and how many failed. */
static void batch_progress_draw(const batch_t *b)
{
    int width = 30, filled = b->n_lines ? (int)(b->done * (size_t)width / b->n_lines) : width;
    fprintf(stderr, "\r[%.*s%*s] %zu of %zu lines, %zu skipped, %zu failed", filled,
            "##############################", width - filled, "", b->done, b->n_lines, b->skipped,
            b->failed);
    if (b->done == b->n_lines)
        fputs("\n", stderr);
}

/* Writes JOB's result line (STATUS, OUT, MS), counts it and prints a failed
 * line's errors on standard error (not with -q). */
static void batch_result(batch_t *b, const batch_job_t *job, const char *status,
                         const batch_output_t *out, double ms)
{
    json_t *r = json_pack(
        "{s:I, s:s?, s:s?, s:s, s:i, s:O, s:O, s:f, s:s?}", "line", (json_int_t)job->line,
        "article", job->article_given, "output", job->output_given, "status", status, "pages",
        out ? out->pages : 0, "warnings", job->warnings, "errors", job->errors, "ms",
        (double)(long long)(ms * 10 + 0.5) / 10, "sha256", out ? out->sha256 : NULL);
    char *text =
        r ? json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(9)) : NULL;
    pthread_mutex_lock(&b->lock);
    if (b->progress && b->results_on_terminal) { /* the result on a line of its own */
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    b->done++;
    b->failed += !strcmp(status, "failed");
    b->skipped += !strcmp(status, "skipped");
    if (!text || fprintf(b->results, "%s\n", text) < 0 || fflush(b->results))
        b->write_failed = 1;
    if (!strcmp(status, "failed") && !b->args->quiet) {
        size_t i;
        json_t *e;
        if (b->progress)
            fputs("\r\033[K", stderr);
        json_array_foreach(job->errors, i, e) fprintf(stderr, "galley: %s\n", json_string_value(e));
    }
    if (b->progress)
        batch_progress_draw(b);
    pthread_mutex_unlock(&b->lock);
    free(text);
    json_decref(r);
}

/* Makes the folders above the file PATH that are missing (mkdir -p): a
 * manifest's outputs may go to folders of their own. Errors are left to the
 * render, which names the output it cannot write. */
static void batch_folders_make(const char *path)
{
    char *dir = strdup(path);
    for (char *p = dir ? strchr(dir + 1, '/') : NULL; p; p = strchr(p + 1, '/')) {
        *p = '\0';
        mkdir(dir, 0777); /* less the umask; one that exists stays as it is */
        *p = '/';
    }
    free(dir);
}

/* Makes LINE, line NUMBER of the manifest, into *JOB: 0, or -1 when it is
 * no render (TOO_LONG: over the limit; or not a job batch_job_parse takes). */
static int batch_line_job(const batch_t *b, const char *line, size_t number, int too_long,
                          batch_job_t *job)
{
    char why[128];
    if (!too_long)
        return batch_job_parse(line, number, b->dir, job);
    snprintf(why, sizeof why,
             "longer than %d bytes, the most a manifest line may hold (docs/limits.md)",
             BATCH_LINE_MAX);
    batch_job_refuse(job, number, why);
    return -1;
}

/* Renders LINE, line NUMBER of the manifest (TOO_LONG: cut at the limit),
 * with CTX (or finds it up to date) and writes its result. */
static void batch_line_run(batch_t *b, galley_context_t *ctx, const char *line, size_t number,
                           int too_long)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    batch_job_t job;
    batch_output_t out = {0};
    const char *status = "failed";
    size_t earlier = batch_outputs_earlier(b->outputs, number);
    if (!batch_line_job(b, line, number, too_long, &job)) {
        if (earlier) { /* rendering it would overwrite that line's output */
            json_array_append_new(job.errors,
                                  json_sprintf("line %zu: \"output\": %s is line %zu's output too: "
                                               "each line needs an output of its own",
                                               number, job.output_given, earlier));
        } else if (!b->args->force && batch_key_fresh(&job, &out)) {
            status = "skipped";
        } else {
            batch_folders_make(job.output);
            galley_status_t st = galley_render_file(ctx, job.article, job.output, &job.opt);
            batch_job_diags(ctx, &job);
            if (!st && !batch_key_write(ctx, &job, &out))
                status = "rendered";
            else
                batch_key_remove(&job);
        }
    }
    batch_result(b, &job, status, strcmp(status, "failed") ? &out : NULL, batch_ms(&t0));
    batch_job_fini(&job);
}

/* Reads the manifest's next line into B->line (batch_manifest_line; *TOO_LONG
 * when it was cut at the limit); -1 at its end. */
static ssize_t batch_getline(batch_t *b, int *too_long)
{
    return batch_manifest_line(b->manifest, &b->line, &b->line_cap, too_long);
}

/* True when line INDEX (from 0), N bytes at LINE, is one of the share's:
 * --shard's index, not blank (a blank line counts as a line). */
static int batch_in_share(const batch_t *b, size_t index, const char *line, ssize_t n)
{
    const cli_args_t *a = b->args;
    return index % (size_t)a->shard_count == (size_t)a->shard_index &&
           strspn(line, " \t") != (size_t)n;
}

/* The share's next line (newly allocated: free()), its 1-based NUMBER and
 * whether it was cut at the limit (*TOO_LONG); NULL when none is left. Any
 * thread. */
static char *batch_next(batch_t *b, size_t *number, int *too_long)
{
    char *line = NULL;
    pthread_mutex_lock(&b->lock);
    for (ssize_t n; !line && (n = batch_getline(b, too_long)) >= 0;) {
        size_t index = b->index++;
        if (batch_in_share(b, index, b->line, n)) {
            *number = index + 1;
            if (!(line = strdup(b->line)))
                break;
        }
    }
    pthread_mutex_unlock(&b->lock);
    return line;
}

/* A worker thread: takes line after line until none is left. */
static void *batch_worker(void *closure)
{
    batch_worker_t *w = closure;
    batch_t *b = w->batch;
    size_t number;
    int too_long;
    for (char *line; (line = batch_next(b, &number, &too_long));) {
        batch_line_run(b, w->ctx, line, number, too_long);
        free(line);
    }
    return NULL;
}

/* Opens the manifest PATH for B and counts its share's lines (for the
 * progress bar), then starts it again. Returns 0 or an exit code. */
static int batch_open(batch_t *b, const char *path)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a pipe with no writer: no wait */
    if (fd < 0 || fstat(fd, &sb) != 0) {
        fprintf(stderr, "galley: %s: cannot read the manifest: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return EXIT_INPUT;
    }
    if (!S_ISREG(sb.st_mode)) { /* it is read more than once, and must end */
        fprintf(stderr, "galley: %s: the manifest must be a file, not a device, pipe or folder\n",
                path);
        close(fd);
        return EXIT_INPUT;
    }
    if (!(b->manifest = fdopen(fd, "r"))) {
        fprintf(stderr, "galley: %s: cannot read the manifest: %s\n", path, strerror(errno));
        close(fd);
        return EXIT_INPUT;
    }
    int too_long;
    for (ssize_t n; b->index <= BATCH_MAX_LINES && (n = batch_getline(b, &too_long)) >= 0;
         b->index++)
        b->n_lines += batch_in_share(b, b->index, b->line, n);
    if (b->index > BATCH_MAX_LINES) {
        fprintf(stderr,
                "galley: %s: more than %d lines, the most a manifest may hold: split it into "
                "files (docs/limits.md)\n",
                path, BATCH_MAX_LINES);
        return EXIT_INPUT;
    }
    b->index = 0;
    if (!ferror(b->manifest) && !(b->outputs = batch_outputs_scan(b->manifest, b->dir))) {
        fprintf(stderr, "galley: %s: cannot read the manifest again: %s\n", path,
                errno ? strerror(errno) : "out of memory");
        return EXIT_RESOURCE;
    }
    if (ferror(b->manifest) || fseek(b->manifest, 0, SEEK_SET) != 0) {
        fprintf(stderr, "galley: %s: cannot read the manifest: %s\n", path, strerror(errno));
        return EXIT_INPUT;
    }
    return 0;
}

/* True when PATH is the file open as F (the same device and inode), which
 * opening PATH to write would empty. */
static int batch_same_file(const char *path, FILE *f)
{
    struct stat a, b;
    return stat(path, &a) == 0 && fstat(fileno(f), &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* The folder of PATH, "" when it has none (newly allocated). */
static char *batch_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup("");
    return slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
}

/* Runs B's lines with JOBS workers, each context made first; returns 0 or
 * the exit code of a context that could not be made. */
static int batch_workers_run(batch_t *b, int jobs)
{
    batch_worker_t *w = calloc((size_t)jobs, sizeof *w);
    int rc = w ? 0 : EXIT_RESOURCE, started = 0;
    for (int i = 0; !rc && i < jobs; i++) {
        w[i].batch = b;
        galley_status_t st = galley_cli_context_create(&w[i].ctx);
        for (size_t k = 0; st && k < galley_context_diag_count(w[i].ctx); k++)
            fprintf(stderr, "galley: %s\n", galley_context_diag_message(w[i].ctx, k));
        rc = st ? EXIT_RESOURCE : 0;
    }
    for (int i = 0; !rc && i < jobs; i++)
        if (!pthread_create(&w[i].thread, NULL, batch_worker, &w[i]))
            started++;
    if (!rc && !started) /* no thread at all: this one works */
        batch_worker(&w[0]);
    for (int i = 0; i < started; i++)
        pthread_join(w[i].thread, NULL);
    for (int i = 0; w && i < jobs; i++)
        galley_context_destroy(w[i].ctx);
    free(w);
    return rc;
}

int cli_batch_run(const cli_args_t *a)
{
    batch_t b = {.args = a, .results = stdout};
    batch_malloc_tune();
    pthread_mutex_init(&b.lock, NULL);
    b.dir = batch_dir(a->files[0]);
    int rc = b.dir ? batch_open(&b, a->files[0]) : EXIT_RESOURCE;
    if (!rc && a->results && batch_same_file(a->results, b.manifest)) {
        fprintf(stderr, "galley: --results %s: the results would replace the manifest\n",
                a->results);
        rc = EXIT_USAGE;
    }
    if (!rc && a->results && !(b.results = fopen(a->results, "w"))) {
        fprintf(stderr, "galley: %s: cannot write the results: %s\n", a->results, strerror(errno));
        rc = EXIT_OUTPUT;
    }
    b.progress = !a->quiet && isatty(STDERR_FILENO) && b.n_lines;
    b.results_on_terminal = b.results == stdout && isatty(STDOUT_FILENO);
    int jobs = a->edition.jobs > 0 ? a->edition.jobs : 1;
    if (!rc)
        rc = batch_workers_run(&b, (size_t)jobs < b.n_lines ? jobs
                                   : b.n_lines              ? (int)b.n_lines
                                                            : 1);
    if (b.results && b.results != stdout && fclose(b.results))
        b.write_failed = 1;
    if (!rc && b.write_failed) {
        fprintf(stderr, "galley: cannot write the results\n");
        rc = EXIT_OUTPUT;
    }
    if (!rc && b.failed)
        rc = EXIT_SOME_FAILED;
    if (b.manifest)
        fclose(b.manifest);
    free(b.line);
    free(b.dir);
    batch_outputs_free(b.outputs);
    pthread_mutex_destroy(&b.lock);
    return rc;
}
