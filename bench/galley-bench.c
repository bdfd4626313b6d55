/* galley-bench.c: times Galley on articles.
 *
 *   galley-bench [--runs N] [--proc-runs M] [--galley PATH] [--layout NAME]
 *                [[--text BODY.txt] ARTICLE.json]...
 *
 * For each article, in this process with one context for all of them: one
 * untimed warm-up render, then N timed renders (default 20) to a PDF in a
 * temporary folder; prints the median milliseconds per render and per page
 * (galley_context_page_count) and the PDF's size.
 *
 * Then M times (default 10) the whole program, `PATH render ARTICLE -o X.pdf`
 * (default PATH: $BUILD/galley, else build/galley), with fork/exec and wait4:
 * the median wall-clock milliseconds per page and the largest peak resident
 * set size (ru_maxrss) of any run. Interleaved with those runs, when --text
 * gave the article's body text (--text applies to the next article), it times
 * `pango-view` setting that text in one 135 pt justified column of Noto Serif
 * 9.5 pt, and prints the median and the ratio galley/pango-view of the two
 * whole-process medians. Each program also gets one untimed warm-up run.
 *
 * Prints one table row per article; exits 1 if any render failed, 2 on a
 * usage error. bench/run runs it on every sample; bench/README.md explains
 * the figures.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include "galley.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_RUNS 20
#define DEFAULT_PROC_RUNS 10
#define PANGO_FONT "--font=Noto Serif 9.5"
#define PANGO_WIDTH "--width=135"

typedef struct {
    const char *article;
    const char *text; /* body text for pango-view; NULL: no comparison */
} job_t;

typedef struct {
    int runs, proc_runs;
    const char *galley;
    const char *layout;
    char tmpdir[PATH_MAX];
    char err_path[PATH_MAX]; /* children's stderr, shown when one fails */
} bench_t;

/* Returns CLOCK_MONOTONIC now, in milliseconds. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* qsort comparison of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Returns the median of the N values in V (sorting V in place). */
static double median(double *v, int n)
{
    if (n <= 0)
        return 0.0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* Parses TEXT as a positive int into *OUT; returns 0, or -1 if it isn't one. */
static int parse_count(const char *text, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < 1 || v > 1000000)
        return -1;
    *out = (int)v;
    return 0;
}

/* Prints the usage to stderr and returns the usage exit status, 2. */
static int usage(void)
{
    fprintf(stderr, "usage: galley-bench [--runs N] [--proc-runs M] [--galley PATH] "
                    "[--layout NAME] [[--text BODY.txt] ARTICLE.json]...\n");
    return 2;
}

/* A short name for an article path: the folder of samples/NAME/article.json,
 * else the file name. Writes into BUF of SIZE bytes and returns it. */
static const char *article_name(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash && strcmp(base, "article.json") == 0) {
        const char *start = slash;
        while (start > path && start[-1] != '/')
            start--;
        snprintf(buf, size, "%.*s", (int)(slash - start), start);
    } else {
        snprintf(buf, size, "%s", base);
    }
    return buf;
}

/* Prints the stderr the last child left in B->err_path, indented. */
static void show_child_errors(const bench_t *b)
{
    FILE *f = fopen(b->err_path, "r");
    if (!f)
        return;
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f) && n++ < 20)
        fprintf(stderr, "    %s", line);
    fclose(f);
}

/* Runs ARGV (ARGV[0] looked up in PATH) with stdout to /dev/null and stderr to
 * B->err_path; waits for it with wait4. Stores the wall-clock time in *MS and
 * the child's peak RSS in kilobytes in *MAXRSS_KB. Returns 0 if it exited 0. */
static int run_child(const bench_t *b, char *const argv[], double *ms, long *maxrss_kb)
{
    double start = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "galley-bench: fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        int out = open("/dev/null", O_WRONLY);
        int err = open(b->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out >= 0)
            dup2(out, STDOUT_FILENO);
        if (err >= 0)
            dup2(err, STDERR_FILENO);
        execvp(argv[0], argv);
        fprintf(stderr, "galley-bench: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "galley-bench: wait4: %s\n", strerror(errno));
            return -1;
        }
    }
    *ms = now_ms() - start;
    *maxrss_kb = ru.ru_maxrss; /* kilobytes on Linux */
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "galley-bench: %s failed (%s %d):\n", argv[0],
                WIFEXITED(status) ? "exit" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        show_child_errors(b);
        return -1;
    }
    return 0;
}

/* Prints the diagnostics of the context's last call to stderr. */
static void show_diags(const galley_context_t *ctx)
{
    for (size_t i = 0; i < galley_context_diag_count(ctx); i++)
        fprintf(stderr, "    %s\n", galley_context_diag_message(ctx, i));
}

/* Figures of one article. */
typedef struct {
    int pages;
    long long pdf_bytes;
    double render_ms;  /* in-process median per render */
    double proc_ms;    /* whole-process median per render */
    double max_rss_mb; /* largest peak RSS of the process runs */
    double pango_ms;   /* pango-view median; < 0 when not measured */
} figures_t;

/* Renders JOB's article B->runs times in CTX (after one warm-up) and fills
 * the in-process figures. Returns 0, or -1 after printing why it failed. */
static int bench_in_process(const bench_t *b, galley_context_t *ctx, const job_t *job,
                            figures_t *fig)
{
    char out[PATH_MAX + 16];
    snprintf(out, sizeof out, "%s/inproc.pdf", b->tmpdir);
    galley_render_options_t opts;
    galley_render_options_init(&opts);
    opts.layout = b->layout;

    double *ms = calloc((size_t)b->runs, sizeof *ms);
    if (!ms)
        return -1;
    for (int i = -1; i < b->runs; i++) { /* i == -1: the warm-up */
        double start = now_ms();
        galley_status_t st = galley_render_file(ctx, job->article, out, &opts);
        double t = now_ms() - start;
        if (st != GALLEY_STATUS_SUCCESS) {
            fprintf(stderr, "galley-bench: %s: %s\n", job->article, galley_status_to_string(st));
            show_diags(ctx);
            free(ms);
            return -1;
        }
        if (i >= 0)
            ms[i] = t;
    }
    fig->render_ms = median(ms, b->runs);
    free(ms);
    fig->pages = galley_context_page_count(ctx);
    struct stat sb;
    fig->pdf_bytes = stat(out, &sb) == 0 ? (long long)sb.st_size : -1;
    unlink(out);
    return 0;
}

/* Runs the galley program and pango-view B->proc_runs times each, alternating
 * which goes first, after one warm-up of each, and fills the process figures.
 * Returns 0, or -1 if a galley run failed; when pango-view fails, the rest is
 * measured without it and FIG->pango_ms is -1. */
static int bench_processes(const bench_t *b, const job_t *job, figures_t *fig)
{
    char galley_out[PATH_MAX + 16], pango_out[PATH_MAX + 32];
    snprintf(galley_out, sizeof galley_out, "%s/proc.pdf", b->tmpdir);
    snprintf(pango_out, sizeof pango_out, "--output=%s/pango.pdf", b->tmpdir);
    const char *galley_argv[8] = {b->galley, "render", job->article, "-o", galley_out};
    if (b->layout) {
        galley_argv[5] = "--layout";
        galley_argv[6] = b->layout;
    }
    const char *pango_argv[] = {"pango-view",  "-q",         PANGO_FONT, PANGO_WIDTH, "--justify",
                                "--wrap=word", "--margin=0", pango_out,  job->text,   NULL};

    double *galley_ms = calloc((size_t)b->proc_runs, sizeof *galley_ms);
    double *pango_ms = calloc((size_t)b->proc_runs, sizeof *pango_ms);
    int rc = galley_ms && pango_ms ? 0 : -1;
    int pango = job->text != NULL;
    long max_kb = 0;
    for (int i = -1; i < b->proc_runs && rc == 0; i++) { /* i == -1: the warm-ups */
        for (int k = 0; k < 2 && rc == 0; k++) {
            int galley_first = i < 0 || i % 2 == 0;
            int galley_turn = (k == 0) == galley_first;
            double t = 0;
            long kb = 0;
            if (galley_turn) {
                rc = run_child(b, (char *const *)galley_argv, &t, &kb);
                if (i >= 0) {
                    galley_ms[i] = t;
                    if (kb > max_kb)
                        max_kb = kb;
                }
            } else if (pango) {
                if (run_child(b, (char *const *)pango_argv, &t, &kb) != 0) {
                    fprintf(stderr, "galley-bench: %s: measured without pango-view\n",
                            job->article);
                    pango = 0;
                } else if (i >= 0) {
                    pango_ms[i] = t;
                }
            }
        }
    }
    if (rc == 0) {
        fig->proc_ms = median(galley_ms, b->proc_runs);
        fig->pango_ms = pango ? median(pango_ms, b->proc_runs) : -1.0;
        fig->max_rss_mb = (double)max_kb / 1024.0;
    }
    free(galley_ms);
    free(pango_ms);
    unlink(galley_out);
    unlink(pango_out + strlen("--output="));
    return rc;
}

/* Prints the table's header. */
static void print_header(const bench_t *b)
{
    printf("# libgalley %s, layout %s: in-process median of %d renders (one context);\n"
           "# whole program median of %d runs, interleaved with pango-view\n",
           GALLEY_VERSION, b->layout ? b->layout : "tabloid", b->runs, b->proc_runs);
    printf("%-20s %5s %8s %10s %8s %13s %8s %9s %7s\n", "article", "pages", "PDF KB", "ms/render",
           "ms/page", "proc ms/page", "RSS MB", "pango ms", "ratio");
    fflush(stdout);
}

/* Prints one row of figures for the article at PATH. */
static void print_row(const char *path, const figures_t *f)
{
    char name[64];
    article_name(path, name, sizeof name);
    int pages = f->pages > 0 ? f->pages : 1;
    printf("%-20s %5d %8.1f %10.1f %8.1f %13.1f %8.1f", name, f->pages,
           (double)f->pdf_bytes / 1024.0, f->render_ms, f->render_ms / pages, f->proc_ms / pages,
           f->max_rss_mb);
    if (f->pango_ms > 0)
        printf(" %9.1f %7.2f\n", f->pango_ms, f->proc_ms / f->pango_ms);
    else
        printf(" %9s %7s\n", "-", "-");
    fflush(stdout);
}

/* Parses the arguments, runs every article and returns the exit status. */
int main(int argc, char **argv)
{
    bench_t b;
    memset(&b, 0, sizeof b);
    b.runs = DEFAULT_RUNS;
    b.proc_runs = DEFAULT_PROC_RUNS;
    char galley_default[PATH_MAX];
    const char *build = getenv("BUILD");
    snprintf(galley_default, sizeof galley_default, "%s/galley", build && *build ? build : "build");
    b.galley = galley_default;

    job_t *jobs = calloc((size_t)argc, sizeof *jobs);
    if (!jobs)
        return 1;
    int n_jobs = 0;
    const char *text = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(arg, "--runs") == 0 && has_value) {
            if (parse_count(argv[++i], &b.runs)) {
                free(jobs);
                return usage();
            }
        } else if (strcmp(arg, "--proc-runs") == 0 && has_value) {
            if (parse_count(argv[++i], &b.proc_runs)) {
                free(jobs);
                return usage();
            }
        } else if (strcmp(arg, "--galley") == 0 && has_value) {
            b.galley = argv[++i];
        } else if (strcmp(arg, "--layout") == 0 && has_value) {
            b.layout = argv[++i];
        } else if (strcmp(arg, "--text") == 0 && has_value) {
            text = argv[++i];
        } else if (arg[0] == '-') {
            fprintf(stderr, "galley-bench: unknown option or missing value: %s\n", arg);
            free(jobs);
            return usage();
        } else {
            jobs[n_jobs].article = arg;
            jobs[n_jobs].text = text;
            n_jobs++;
            text = NULL;
        }
    }
    if (n_jobs == 0) {
        free(jobs);
        return usage();
    }

    const char *tmp = getenv("TMPDIR");
    snprintf(b.tmpdir, sizeof b.tmpdir, "%s/galley-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(b.tmpdir)) {
        fprintf(stderr, "galley-bench: cannot make a folder in %s: %s\n", tmp ? tmp : "/tmp",
                strerror(errno));
        free(jobs);
        return 1;
    }
    snprintf(b.err_path, sizeof b.err_path, "%.*s/child.err", PATH_MAX - 16, b.tmpdir);

    /* The cache folder the galley command uses, so both run alike. */
    galley_context_t *ctx = NULL;
    galley_context_options_t copt;
    galley_context_options_init(&copt);
    char cache[PATH_MAX];
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if ((xdg && *xdg) || (home && *home)) {
        snprintf(cache, sizeof cache, "%s%s", xdg && *xdg ? xdg : home,
                 xdg && *xdg ? "/galley" : "/.cache/galley");
        copt.cache_dir = cache;
    }
    galley_status_t st = galley_context_create_with_options(&copt, &ctx);
    if (st != GALLEY_STATUS_SUCCESS) {
        fprintf(stderr, "galley-bench: cannot open a context: %s\n", galley_status_to_string(st));
        rmdir(b.tmpdir);
        free(jobs);
        return 1;
    }

    print_header(&b);
    int failed = 0;
    for (int j = 0; j < n_jobs; j++) {
        figures_t fig;
        memset(&fig, 0, sizeof fig);
        if (bench_in_process(&b, ctx, &jobs[j], &fig) != 0 ||
            bench_processes(&b, &jobs[j], &fig) != 0) {
            fprintf(stderr, "galley-bench: %s: not measured\n", jobs[j].article);
            failed = 1;
            continue;
        }
        print_row(jobs[j].article, &fig);
    }

    galley_context_destroy(ctx);
    unlink(b.err_path);
    rmdir(b.tmpdir);
    free(jobs);
    return failed;
}
