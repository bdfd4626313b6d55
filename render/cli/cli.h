/* cli.h: the galley command's own parts (not part of libgalley).
 *
 * Owns: the command's exit codes, its commands and their options (which
 * command takes which option, whether it takes a value: arguments.c, which
 * also parses the arguments into a cli_args_t), and the help texts
 * (help.c: the overview of `galley --help` and each command's
 * `galley COMMAND --help`). main.c runs the commands.
 */
#ifndef GALLEY_CLI_H
#define GALLEY_CLI_H

#include "galley.h"
#include "preview.h"

#include <stddef.h>
#include <stdio.h>

/* Exit codes, as documented in README.md, docs/galley.1 and the help. */
enum {
    EXIT_OK = 0,       /* written; warnings may have been printed */
    EXIT_WARNINGS = 1, /* written, with warnings, under --strict */
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_OUTPUT = 4,
    EXIT_RESOURCE = 5,
    EXIT_OVERSET = 6,    /* edition with --final: an article did not fit; only the report written */
    EXIT_SOME_FAILED = 7 /* batch: some lines failed (reported); the others were rendered */
};

/* What the parser returns when -h or --help was given: the command's help
 * is printed and the command exits 0. Not an exit code. */
#define CLI_HELP_ASKED (-1)

/* The commands, as bits: an option names the commands that take it. */
enum {
    CLI_RENDER = 1u << 0,
    CLI_EDITION = 1u << 1,
    CLI_WATCH = 1u << 2,
    CLI_CONTACT = 1u << 3,
    CLI_CONVERT = 1u << 4,
    CLI_HYPHENATE = 1u << 5,
    CLI_SERVE = 1u << 6,
    CLI_BATCH = 1u << 7
};

/* One option of the command line. An option may have several entries, one
 * for each set of commands that reads it differently (-o is a PDF or PNG
 * for render, a PNG for contact, JSON for convert). */
typedef struct {
    const char *name;  /* "--layout" */
    const char *alias; /* "-o" for "--output"; NULL: none */
    const char *value; /* what follows it in the help ("NAME|PATH"); NULL: a flag */
    unsigned commands; /* the CLI_* of the commands that take it */
    int hidden;        /* for tests: in no help text and no manual */
    const char *help;  /* its help, '\n' between lines */
} cli_option_t;

/* The options, in the order the help lists them; N gets their count. */
const cli_option_t *cli_options_all(size_t *n);

/* The CLI_* bit of the command NAME ("render"); 0 when there is none. */
unsigned cli_command_flag(const char *name);

/* The arguments of one command, parsed. */
typedef struct {
    unsigned command;   /* its CLI_* */
    const char *name;   /* "render" */
    const char **files; /* the arguments that are not options, in order (into argv) */
    size_t n_files;
    const char *output;
    galley_render_options_t opt;      /* render, watch, edition, convert, hyphenate */
    galley_edition_options_t edition; /* --report, --final, -j */
    galley_contact_options_t contact; /* --columns, and contact's --dpi */
    const char *lang;                 /* hyphenate --lang; default "en" */
    int from_stdin;                   /* hyphenate -: words from standard input */
    int quiet;                        /* -q: errors only */
    int strict;                       /* --strict: a warning makes the exit code 1 */
    int once_after;                   /* watch: stop after this many renders (tests) */
    const char *host;                 /* serve --host; NULL: 127.0.0.1 */
    int port;                         /* serve --port; default 8080, 0: a free one */
    const char *results;              /* batch --results: the result lines' file; NULL: stdout */
    int shard_index, shard_count;     /* batch --shard I/N: lines whose index % N == I */
    int force;                        /* batch --force: render every line, up to date or not */
} cli_args_t;

/* Parses ARGV (argv[1] the command) into A (A->files is allocated: free it
 * with cli_args_fini). Returns 0, CLI_HELP_ASKED, or an exit code (a usage
 * error, printed on standard error). */
int cli_args_parse(int argc, char **argv, cli_args_t *a);

/* Frees what cli_args_parse allocated in A. */
void cli_args_fini(cli_args_t *a);

/* Prints "galley: MESSAGE" (FMT, printf's) and where to find COMMAND's help
 * (NULL: the overview) on standard error; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints the overview (`galley --help`) to OUT. */
void cli_help_overview(FILE *out);

/* Prints the help of the command NAME (`galley NAME --help`): its usage,
 * what it does, its options and exit codes, to OUT. Returns EXIT_OK, or
 * EXIT_USAGE when there is no such command. */
int cli_help_command(const char *name, FILE *out);

/* `galley render` with "-" as its article (standard input) or its output
 * (standard output): the article read into memory and set with
 * galley_render_buffer into a PDF (stdio.c). *ST gets the render's status;
 * returns 0, or an exit code for a failure before the render (said on
 * standard error). */
int cli_render_stdio(galley_context_t *ctx, const cli_args_t *a, galley_status_t *st);

/* `galley batch MANIFEST.jsonl` (batch.c): returns the exit code. */
int cli_batch_run(const cli_args_t *a);

#endif
