/* main.c: the galley command: runs each command (render, edition, watch,
 * contact, convert, hyphenate, batch: batch.c) on its parsed arguments (arguments.c), prints
 * the diagnostics and gives the exit code (cli.h); help texts are help.c's. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Maps a status to the documented exit code. */
static int exit_code(galley_status_t st)
{
    switch (st) {
    case GALLEY_STATUS_SUCCESS:
        return EXIT_OK;
    case GALLEY_STATUS_INPUT_ERROR:
    case GALLEY_STATUS_LIMIT_ERROR:
        return EXIT_INPUT;
    case GALLEY_STATUS_OUTPUT_ERROR:
        return EXIT_OUTPUT;
    case GALLEY_STATUS_OVERSET:
        return EXIT_OVERSET;
    default:
        return EXIT_RESOURCE;
    }
}

/* Prints the context's diagnostics to standard error (errors only when
 * QUIET); a context that could not be made prints ST's name. */
static void diags_print(const galley_context_t *ctx, galley_status_t st, int quiet)
{
    if (!ctx) {
        fprintf(stderr, "galley: %s\n", galley_status_to_string(st));
        return;
    }
    for (size_t i = 0; i < galley_context_diag_count(ctx); i++) {
        if (quiet && galley_context_diag_severity(ctx, i) == GALLEY_SEVERITY_WARNING)
            continue;
        fprintf(stderr, "galley: %s\n", galley_context_diag_message(ctx, i));
    }
}

/* The exit code of a command that wrote its output with status ST: ST's,
 * and with --strict (A->strict) 1 when a warning was given (printed or not). */
static int exit_code_strict(const galley_context_t *ctx, galley_status_t st, const cli_args_t *a)
{
    int warnings = 0;
    for (size_t i = 0; ctx && i < galley_context_diag_count(ctx); i++)
        warnings |= galley_context_diag_severity(ctx, i) == GALLEY_SEVERITY_WARNING;
    return st ? exit_code(st) : a->strict && warnings ? EXIT_WARNINGS : EXIT_OK;
}

/* A progress bar on standard error: pages set of the total. */
static void progress_bar(int done, int total, void *data)
{
    (void)data;
    int width = 30, filled = total ? done * width / total : width;
    fprintf(stderr, "\r[%.*s%*s] page %d of %d", filled, "##############################",
            width - filled, "", done, total);
    if (done == total)
        fputs("\n", stderr);
}

/* Runs `galley render`, `galley edition` or `galley convert` with a context
 * of its own, prints the diagnostics and gives the exit code. */
static int cmd_render(cli_args_t *a)
{
    galley_context_t *ctx = NULL;
    galley_status_t st = galley_cli_context_create(&ctx);
    if (a->command == CLI_EDITION && !a->quiet && isatty(STDERR_FILENO))
        a->edition.progress = progress_bar;
    if (!st && a->command == CLI_CONVERT)
        st = galley_convert_file(ctx, a->files[0], a->output, &a->opt);
    else if (!st && a->command == CLI_EDITION)
        st = galley_render_edition(ctx, a->files[0], a->output, &a->opt, &a->edition);
    else if (!st && (!strcmp(a->files[0], "-") || !strcmp(a->output, "-"))) {
        int rc = cli_render_stdio(ctx, a, &st);
        if (rc) {
            galley_context_destroy(ctx);
            return rc;
        }
    } else if (!st)
        st = galley_render_file(ctx, a->files[0], a->output, &a->opt);
    diags_print(ctx, st, a->quiet);
    int rc = exit_code_strict(ctx, st, a);
    galley_context_destroy(ctx);
    return rc;
}

/* Prints TEXT hyphenated by H on its own line; 0, or EXIT_INPUT when TEXT
 * is not UTF-8 (named on standard error). */
static int hyphenate_print(galley_hyphenator_t *h, const char *text)
{
    char *out = galley_hyphenator_word(h, text);
    if (!out) {
        fprintf(stderr, "galley: hyphenate: '%s' is not UTF-8 text\n", text);
        return EXIT_INPUT;
    }
    puts(out);
    free(out);
    return EXIT_OK;
}

/* Hyphenates each line of standard input (its line break taken off). */
static int hyphenate_stdin(galley_hyphenator_t *h)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = EXIT_OK;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        int r = hyphenate_print(h, line);
        rc = rc ? rc : r;
    }
    free(line);
    return rc;
}

/* `galley hyphenate`: the words, then standard input's lines with -. */
static int cmd_hyphenate(const cli_args_t *a)
{
    galley_context_t *ctx = NULL;
    galley_hyphenator_t *h = NULL;
    galley_status_t st = galley_cli_context_create(&ctx);
    if (!st)
        st = galley_hyphenator_create(ctx, a->lang, &a->opt, &h);
    diags_print(ctx, st, 0);
    int rc = st ? exit_code(st) : EXIT_OK;
    for (size_t i = 0; !st && i < a->n_files; i++) {
        int r = hyphenate_print(h, a->files[i]);
        rc = rc ? rc : r;
    }
    if (!st && a->from_stdin) {
        int r = hyphenate_stdin(h);
        rc = rc ? rc : r;
    }
    galley_hyphenator_destroy(h);
    galley_context_destroy(ctx);
    return rc;
}

/* `galley watch`: renders and re-renders on every change until a signal. */
static int cmd_watch(const cli_args_t *a)
{
    galley_context_t *ctx = NULL;
    galley_status_t st = galley_cli_context_create(&ctx);
    galley_watch_options_t wo = {a->quiet, a->once_after};
    if (!st)
        st = galley_watch(ctx, a->files[0], a->output, &a->opt, &wo);
    else
        diags_print(ctx, st, a->quiet);
    galley_context_destroy(ctx);
    return exit_code(st);
}

/* `galley contact`: every page of the articles on one PNG. */
static int cmd_contact(const cli_args_t *a)
{
    galley_context_t *ctx = NULL;
    galley_status_t st = galley_cli_context_create(&ctx);
    if (!st)
        st = galley_contact_sheet(ctx, a->files, a->n_files, a->output, &a->contact);
    diags_print(ctx, st, a->quiet);
    int rc = exit_code_strict(ctx, st, a);
    galley_context_destroy(ctx);
    return rc;
}

/* `galley serve`: the pages over HTTP until a signal (serve.c). */
static int cmd_serve(const cli_args_t *a)
{
    galley_serve_options_t o = {a->opt, a->host, a->port, a->quiet};
    galley_context_t *ctx = NULL;
    galley_status_t st = galley_cli_context_create(&ctx);
    if (st)
        diags_print(ctx, st, a->quiet);
    else
        st = galley_serve(ctx, a->files[0], &o);
    galley_context_destroy(ctx);
    return exit_code(st);
}

/* Runs the command A names. */
static int command_run(cli_args_t *a)
{
    switch (a->command) {
    case CLI_HYPHENATE:
        return cmd_hyphenate(a);
    case CLI_WATCH:
        return cmd_watch(a);
    case CLI_CONTACT:
        return cmd_contact(a);
    case CLI_SERVE:
        return cmd_serve(a);
    case CLI_BATCH:
        return cli_batch_run(a);
    default:
        return cmd_render(a);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(NULL, "%s", "no command given");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        cli_help_overview(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "help")) { /* galley help [COMMAND] */
        if (argc < 3)
            cli_help_overview(stdout);
        return argc < 3 ? EXIT_OK : cli_help_command(argv[2], stdout);
    }
    if (!strcmp(argv[1], "--version")) {
        printf("galley %s\n", GALLEY_VERSION);
        return EXIT_OK;
    }
    if (!cli_command_flag(argv[1]))
        return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
    galley_signals_remove_temporaries(); /* no OUT.pdf.tmp-XXXXXX left by Ctrl-C */
    cli_args_t a;
    int rc = cli_args_parse(argc, argv, &a);
    if (rc == CLI_HELP_ASKED)
        rc = cli_help_command(argv[1], stdout);
    else if (!rc)
        rc = command_run(&a);
    cli_args_fini(&a);
    return rc;
}
