/* main.c: the galley command: argument parsing and subcommands only. */
#include "galley.h"
#include "preview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Exit codes, as documented in README.md and `galley --help`. */
enum {
    EXIT_OK = 0,
    EXIT_WARNINGS = 1, /* edition: written, with warnings (overset, low resolution...) */
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_OUTPUT = 4,
    EXIT_RESOURCE = 5,
    EXIT_OVERSET = 6 /* edition with --final: an article did not fit, nothing written */
};

static const char USAGE[] =
    "Usage: galley render ARTICLE.json -o OUT.pdf|OUT.png [options]\n"
    "       galley contact ARTICLE.json|EDITION.json... -o SHEET.png [--layout NAME|PATH] "
    "[--columns N]\n"
    "                      [--dpi N] [--max-output-mpixels N] [--font-dir DIR] [--placeholder]\n"
    "                      [-q]\n"
    "       galley watch ARTICLE.json -o OUT.pdf|OUT.png [options of render]\n"
    "       galley serve ARTICLE.json|EDITION.json [--port N] [--host ADDR] [options of render]\n"
    "       galley edition EDITION.json -o OUT.pdf|OUT.png [--report REPORT.json]\n"
    "                      [--final] [-j N] [options of render]\n"
    "       galley convert ARTICLE -o OUT.json [--from FORMAT] [--root DIR] [--placeholder]\n"
    "       galley hyphenate [--lang L] [--layout NAME|PATH] [--hyphenation FILE]\n"
    "                        [--font-dir DIR] WORD... | -\n"
    "       galley --help | --version\n"
    "\n"
    "Sets a news article into print pages.\n"
    "\n"
    "Options of render:\n"
    "  -o, --output FILE    the output; its extension picks the format: .pdf, or .png\n"
    "                       (one file a page: OUT-1.png, OUT-2.png, ...)\n"
    "  --layout NAME|PATH   a layout in layouts/ (tabloid, a4) or a layout file;\n"
    "                       default tabloid\n"
    "  --dpi N              PNG resolution, default 150\n"
    "  --boxes FILE         also write every placed box as JSON (docs/boxes.md)\n"
    "  --marks              crop and registration marks and a slug outside the bleed\n"
    "  --guides             draw margins, columns, baseline grid, frames, trim and bleed\n"
    "                       in the guide colour (previews; they print in a PDF)\n"
    "  --bleed              PNG: show the bleed around the trimmed page\n"
    "  --proof              PNG: show the page as the layout's press prints it (its CMYK\n"
    "                       profile: paper white, ink gamut)\n"
    "  --placeholder        draw a missing or damaged photo as a marked FPO box\n"
    "  --from FORMAT        the article's format: galley, ninjs, nitf or newsml\n"
    "                       (default: recognised by content; docs/formats.md)\n"
    "  --root DIR           photos must lie inside DIR (for articles from others)\n"
    "  --hyphenation FILE   a house list of words and their breaks (docs/hyphenation.md),\n"
    "                       before the layout's and after the article's own\n"
    "  --font-dir DIR       a folder of house fonts (.ttf, .otf, .ttc, .otc) whose\n"
    "                       families the layout's styles may name, beside the layout's\n"
    "                       own \"fonts\" (docs/layout.md)\n"
    "  --pdf-standard none|x4  the PDF's standard, over the layout's: x4 is PDF/X-4 for\n"
    "                       the press (CMYK, text on the black plate), none RGB for screens\n"
    "  --max-input-mb N     largest article or layout file (default 16)\n"
    "  --max-image-mpixels N  largest photo in millions of pixels (default 100)\n"
    "  --max-photo-mb N     largest photo file (default 50)\n"
    "  --max-pages N        most pages one render may make (default 500)\n"
    "  --max-output-mpixels N  largest PNG page in millions of pixels (default 100)\n"
    "  -q, --quiet          print errors only, no warnings\n"
    "\n"
    "contact: thumbnails of every page of the given article and edition files on one\n"
    "PNG, labelled 'slug · page' (docs/preview.md).\n"
    "An article that fails to load gets a red 'error' cell and its errors are\n"
    "printed; the sheet is still written, and the exit code is then 3.\n"
    "  --columns N          most thumbnails a row, default 6\n"
    "  --dpi N              thumbnail resolution, default 24 (at most 300)\n"
    "  --max-output-mpixels N  largest sheet in millions of pixels (default 100)\n"
    "\n"
    "watch: renders, then renders again whenever the article, the layout file or\n"
    "a photo changes, printing one line a render; a failed render keeps the last\n"
    "output. Runs until interrupted (Ctrl-C or SIGTERM; exit 0).\n"
    "\n"
    "serve: a web page of every page at screen size (127.0.0.1:8080 unless --port,\n"
    "--host say otherwise; --port 0 takes a free port), rendered again and shown at\n"
    "once whenever the article, layout, a photo or an edition's article changes:\n"
    "guides, bleed, boxes, the diagnostics, a layout switcher, /render.pdf\n"
    "(docs/preview.md; galley serve --help). Runs until interrupted (Ctrl-C or\n"
    "SIGTERM; exit 0).\n"
    "\n"
    "edition: the pages of an edition file (docs/edition.md); --report writes what\n"
    "was placed where as JSON, --final makes an overset article an error, -j 2\n"
    "draws the PDF's pages in a second thread while the next ones are set (the same\n"
    "bytes as -j 1).\n"
    "\n"
    "hyphenate: prints each WORD (with -, each line of standard input) with a hyphen\n"
    "at every point where the layout's body text may break it: the house lists,\n"
    "the exceptions and the patterns of --lang (default en), with the body style's\n"
    "hyphen_left, hyphen_right, hyphen_min_word and hyphen_capitalized.\n"
    "\n"
    "Exit codes: 0 success (warnings may be printed), 1 edition written with warnings,\n"
    "2 usage error, 3 input error (article, layout, edition or photo), 4 output error,\n"
    "5 fonts or resources missing, 6 edition overset with --final (nothing written).\n";

typedef struct {
    const char *article, *output;
    galley_render_options_t opt;
    int quiet;
    int once_after; /* watch: stop after this many renders (hidden, for tests) */
    galley_edition_options_t edition;
} args_t;

/* Sets A's render and edition options to their defaults and sizes. */
static void args_init(args_t *a)
{
    galley_render_options_init(&a->opt);
    galley_edition_options_init(&a->edition);
}

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

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "galley: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'galley --help'.\n");
    return EXIT_USAGE;
}

/* True when V is a plain decimal number: digits, at most one '.' with
 * digits after it when WHOLE is 0; no sign, space, exponent, hex or "inf". */
static int is_decimal(const char *v, int whole)
{
    size_t digits = strspn(v, "0123456789");
    if (!digits)
        return 0;
    if (!v[digits])
        return 1;
    return !whole && v[digits] == '.' && v[digits + 1] &&
           strspn(v + digits + 1, "0123456789") == strlen(v + digits + 1);
}

/* Parses option OPT's value V into *OUT, from LO to HI: a decimal number,
 * and a whole one when WHOLE (a count). Anything else is a usage error that
 * names the option. */
static int parse_number_of(const char *opt, const char *v, double lo, double hi, int whole,
                           double *out)
{
    double x = is_decimal(v, whole) ? strtod(v, NULL) : NAN;
    if (!(x >= lo && x <= hi)) {
        fprintf(stderr, "galley: %s takes a number from %g to %g, not '%s'%s\n", opt, lo, hi, v,
                whole ? " (a whole number)" : "");
        fprintf(stderr, "Try 'galley --help'.\n");
        return EXIT_USAGE;
    }
    *out = x;
    return 0;
}

/* A decimal number option (a size, a resolution). */
static int parse_number(const char *opt, const char *v, double lo, double hi, double *out)
{
    return parse_number_of(opt, v, lo, hi, 0, out);
}

/* A whole number option (a count) into *OUT. */
static int parse_count(const char *opt, const char *v, int lo, int hi, int *out)
{
    double x = 0;
    int rc = parse_number_of(opt, v, lo, hi, 1, &x);
    if (!rc)
        *out = (int)x;
    return rc;
}

/* --pdf-standard's value: none, or x4 (also written PDF/X-4). */
static int parse_pdf_standard(const char *v, int *out)
{
    if (!strcmp(v, "none"))
        *out = GALLEY_PDF_STANDARD_NONE;
    else if (!strcmp(v, "x4") || !strcmp(v, "PDF/X-4"))
        *out = GALLEY_PDF_STANDARD_X4;
    else
        return usage_error("--pdf-standard takes none or x4, not '%s'", v);
    return 0;
}

/* --from NAME: the articles' format (docs/formats.md). */
static int parse_from(const char *v, int *from)
{
    static const struct {
        const char *name;
        int from;
    } FORMATS[] = {{"galley", GALLEY_FROM_GALLEY},
                   {"ninjs", GALLEY_FROM_NINJS},
                   {"nitf", GALLEY_FROM_NITF},
                   {"newsml", GALLEY_FROM_NEWSML}};
    for (size_t i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++)
        if (!strcmp(v, FORMATS[i].name)) {
            *from = FORMATS[i].from;
            return 0;
        }
    return usage_error("--from takes galley, ninjs, nitf or newsml, not '%s'", v);
}

/* The options that take a value, and the commands that have them. */
static const struct {
    const char *name;
    const char *only; /* " watch ", " edition ": only that command has it; NULL: all */
} VALUED[] = {
    {"-o", NULL},
    {"--output", NULL},
    {"--layout", NULL},
    {"--dpi", NULL},
    {"--boxes", NULL},
    {"--root", NULL},
    {"--hyphenation", NULL},
    {"--font-dir", NULL},
    {"--pdf-standard", NULL},
    {"--from", NULL},
    {"--max-input-mb", NULL},
    {"--max-image-mpixels", NULL},
    {"--max-photo-mb", NULL},
    {"--max-pages", NULL},
    {"--max-output-mpixels", NULL},
    {"--once-after", " watch "},
    {"--report", " edition "},
    {"-j", " edition "},
};

/* Whether S is an option of COMMAND that takes a value. */
static int takes_value(const char *s, const char *command)
{
    char word[32];
    snprintf(word, sizeof word, " %s ", command);
    for (size_t k = 0; k < sizeof VALUED / sizeof VALUED[0]; k++)
        if (!strcmp(s, VALUED[k].name) && (!VALUED[k].only || strstr(VALUED[k].only, word)))
            return 1;
    return 0;
}

/* Takes the value V of option S (one takes_value() accepts) into A. */
static int parse_value(const char *s, const char *v, args_t *a)
{
    int rc = 0;
    if (!strcmp(s, "-o") || !strcmp(s, "--output"))
        a->output = v;
    else if (!strcmp(s, "--layout"))
        a->opt.layout = v;
    else if (!strcmp(s, "--boxes"))
        a->opt.boxes_path = v;
    else if (!strcmp(s, "--root"))
        a->opt.root = v;
    else if (!strcmp(s, "--hyphenation"))
        a->opt.hyphenation = v;
    else if (!strcmp(s, "--font-dir"))
        a->opt.font_dir = v;
    else if (!strcmp(s, "--pdf-standard"))
        rc = parse_pdf_standard(v, &a->opt.pdf_standard);
    else if (!strcmp(s, "--from"))
        rc = parse_from(v, &a->opt.from);
    else if (!strcmp(s, "--report"))
        a->edition.report_path = v;
    else if (!strcmp(s, "--dpi"))
        rc = parse_number(s, v, 1, 2400, &a->opt.dpi);
    else if (!strcmp(s, "--max-input-mb"))
        rc = parse_number(s, v, 0.001, 4096, &a->opt.limits.max_input_mb);
    else if (!strcmp(s, "--max-image-mpixels"))
        rc = parse_number(s, v, 0.001, 10000, &a->opt.limits.max_image_mpixels);
    else if (!strcmp(s, "--max-photo-mb"))
        rc = parse_number(s, v, 0.001, 4096, &a->opt.limits.max_photo_mb);
    else if (!strcmp(s, "--max-output-mpixels"))
        rc = parse_number(s, v, 0.001, 10000, &a->opt.limits.max_output_mpixels);
    else if (!strcmp(s, "--max-pages"))
        rc = parse_count(s, v, 1, 100000, &a->opt.limits.max_pages);
    else if (!strcmp(s, "--once-after"))
        rc = parse_count(s, v, 1, 1000000, &a->once_after);
    else if (!strcmp(s, "-j"))
        rc = parse_count(s, v, 1, 64, &a->edition.jobs);
    return rc;
}

/* Parses the arguments of `galley render`, `galley watch` (which also takes
 * the hidden --once-after N, for tests) and `galley edition` (argv[1]);
 * returns 0 or an exit code. */
static int parse_render(int argc, char **argv, args_t *a)
{
    int edition = !strcmp(argv[1], "edition");
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if (takes_value(s, argv[1])) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", s);
            int rc = parse_value(s, argv[++i], a);
            if (rc)
                return rc;
        } else if (edition && !strcmp(s, "--final")) {
            a->edition.final = 1;
        } else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) {
            a->quiet = 1;
        } else if (!strcmp(s, "--marks")) {
            a->opt.marks = 1;
        } else if (!strcmp(s, "--guides")) {
            a->opt.guides = 1;
        } else if (!strcmp(s, "--bleed")) {
            a->opt.bleed = 1;
        } else if (!strcmp(s, "--proof")) {
            a->opt.proof = 1;
        } else if (!strcmp(s, "--placeholder")) {
            a->opt.placeholder = 1;
        } else if (s[0] == '-' && s[1]) {
            return usage_error("unknown option '%s'", s);
        } else if (!a->article) {
            a->article = s;
        } else {
            return usage_error("one article at a time; '%s' is one too many", s);
        }
    }
    if (!a->article)
        return usage_error("%s needs an article file", argv[1]);
    if (!a->output)
        return usage_error("%s needs an output file: -o OUT.pdf or -o OUT.png", argv[1]);
    return 0;
}

/* Prints the context's diagnostics to standard error. */
static void print_diags(const galley_context_t *ctx, int quiet)
{
    for (size_t i = 0; i < galley_context_diag_count(ctx); i++) {
        if (quiet && galley_context_diag_severity(ctx, i) == GALLEY_SEVERITY_WARNING)
            continue;
        fprintf(stderr, "galley: %s\n", galley_context_diag_message(ctx, i));
    }
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

/* Runs `galley render` (EDITION 0) or `galley edition` (1) with a context of
 * its own, prints the diagnostics and gives the exit code; an edition written
 * with warnings exits 1. */
static int run_render(int argc, char **argv, int edition)
{
    int convert = !strcmp(argv[1], "convert");
    args_t a = {0};
    args_init(&a);
    int rc = parse_render(argc, argv, &a);
    if (rc)
        return rc;
    galley_context_t *ctx = NULL;
    galley_status_t st = galley_cli_context_create(&ctx);
    if (edition && !a.quiet && isatty(STDERR_FILENO))
        a.edition.progress = progress_bar;
    if (!st && convert)
        st = galley_convert_file(ctx, a.article, a.output, &a.opt);
    else if (!st)
        st = edition ? galley_render_edition(ctx, a.article, a.output, &a.opt, &a.edition)
                     : galley_render_file(ctx, a.article, a.output, &a.opt);
    if (ctx)
        print_diags(ctx, a.quiet);
    else
        fprintf(stderr, "galley: %s\n", galley_status_to_string(st));
    int warnings = 0;
    for (size_t i = 0; edition && ctx && i < galley_context_diag_count(ctx); i++)
        warnings |= galley_context_diag_severity(ctx, i) == GALLEY_SEVERITY_WARNING;
    galley_context_destroy(ctx);
    return st ? exit_code(st) : warnings ? EXIT_WARNINGS : EXIT_OK;
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

/* Whether S is an option of `galley hyphenate` that takes a value. */
static int hyphenate_valued(const char *s)
{
    return !strcmp(s, "--lang") || !strcmp(s, "--layout") || !strcmp(s, "--hyphenation") ||
           !strcmp(s, "--font-dir") || !strcmp(s, "--max-input-mb");
}

/* `galley hyphenate [--lang L] [--layout X] [--hyphenation FILE] WORD... | -`. */
static int cmd_hyphenate(int argc, char **argv)
{
    galley_render_options_t opt;
    galley_render_options_init(&opt);
    const char *lang = "en";
    int first = 0, from_stdin = 0;
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        int valued = hyphenate_valued(s);
        if (valued && i + 1 >= argc)
            return usage_error("%s needs a value", s);
        if (!strcmp(s, "--lang"))
            lang = argv[++i];
        else if (!strcmp(s, "--layout"))
            opt.layout = argv[++i];
        else if (!strcmp(s, "--hyphenation"))
            opt.hyphenation = argv[++i];
        else if (!strcmp(s, "--font-dir"))
            opt.font_dir = argv[++i]; /* taken as render takes it: fonts break no words */
        else if (!strcmp(s, "--max-input-mb")) {
            int rc = parse_number(s, argv[++i], 0.001, 4096, &opt.limits.max_input_mb);
            if (rc)
                return rc;
        } else if (!strcmp(s, "-"))
            from_stdin = 1;
        else if (s[0] == '-' && s[1])
            return usage_error("unknown option '%s'", s);
        else if (!first)
            first = i;
    }
    if (!first && !from_stdin)
        return usage_error("%s", "hyphenate needs words, or - to read them from standard input");
    galley_context_t *ctx = NULL;
    galley_hyphenator_t *h = NULL;
    galley_status_t st = galley_cli_context_create(&ctx);
    if (!st)
        st = galley_hyphenator_create(ctx, lang, &opt, &h);
    if (ctx)
        print_diags(ctx, 0);
    int rc = st ? exit_code(st) : EXIT_OK;
    for (int i = first; !st && first && i < argc; i++) {
        const char *s = argv[i];
        if (hyphenate_valued(s))
            i++;
        else if (strcmp(s, "-") != 0) {
            int r = hyphenate_print(h, s);
            rc = rc ? rc : r;
        }
    }
    if (!st && from_stdin) {
        int r = hyphenate_stdin(h);
        rc = rc ? rc : r;
    }
    galley_hyphenator_destroy(h);
    galley_context_destroy(ctx);
    return rc;
}

/* `galley watch`: renders and re-renders on every change until a signal. */
static int cmd_watch(int argc, char **argv)
{
    args_t a = {0};
    args_init(&a);
    int rc = parse_render(argc, argv, &a);
    if (rc)
        return rc;
    galley_context_t *ctx = NULL;
    galley_status_t st = galley_cli_context_create(&ctx);
    galley_watch_options_t wo = {a.quiet, a.once_after};
    if (!st)
        st = galley_watch(ctx, a.article, a.output, &a.opt, &wo);
    else if (ctx)
        print_diags(ctx, a.quiet);
    else
        fprintf(stderr, "galley: %s\n", galley_status_to_string(st));
    galley_context_destroy(ctx);
    return exit_code(st);
}

typedef struct {
    const char **articles;
    size_t n;
    const char *output;
    galley_contact_options_t opt;
    int quiet;
} contact_args_t;

/* Takes the value V of contact's option S into A. */
static int parse_contact_value(const char *s, const char *v, contact_args_t *a)
{
    int rc = 0;
    if (!strcmp(s, "-o") || !strcmp(s, "--output"))
        a->output = v;
    else if (!strcmp(s, "--layout"))
        a->opt.render.layout = v;
    else if (!strcmp(s, "--font-dir"))
        a->opt.render.font_dir = v;
    else if (!strcmp(s, "--dpi"))
        rc = parse_number(s, v, 1, GALLEY_CONTACT_MAX_DPI, &a->opt.dpi);
    else if (!strcmp(s, "--max-output-mpixels"))
        rc = parse_number(s, v, 0.001, 10000, &a->opt.render.limits.max_output_mpixels);
    else
        rc = parse_count(s, v, 1, GALLEY_CONTACT_MAX_COLUMNS, &a->opt.columns); /* --columns */
    return rc;
}

/* Parses the arguments of `galley contact` (A->articles points into ARGV;
 * the caller frees the array); returns 0 or an exit code. */
static int parse_contact(int argc, char **argv, contact_args_t *a)
{
    a->articles = calloc((size_t)argc, sizeof *a->articles);
    if (!a->articles)
        return EXIT_RESOURCE;
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "-o") || !strcmp(s, "--output") || !strcmp(s, "--layout") ||
            !strcmp(s, "--dpi") || !strcmp(s, "--columns") || !strcmp(s, "--max-output-mpixels") ||
            !strcmp(s, "--font-dir")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", s);
            int rc = parse_contact_value(s, argv[++i], a);
            if (rc)
                return rc;
        } else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) {
            a->quiet = 1;
        } else if (!strcmp(s, "--placeholder")) {
            a->opt.render.placeholder = 1;
        } else if (s[0] == '-' && s[1]) {
            return usage_error("unknown option '%s'", s);
        } else {
            a->articles[a->n++] = s;
        }
    }
    if (!a->n)
        return usage_error("%s", "contact needs one or more article files");
    if (!a->output)
        return usage_error("%s", "contact needs an output file: -o SHEET.png");
    return 0;
}

/* `galley contact`: every page of the articles on one PNG. */
static int cmd_contact(int argc, char **argv)
{
    contact_args_t a = {0};
    galley_render_options_init(&a.opt.render);
    int rc = parse_contact(argc, argv, &a);
    if (rc) {
        free(a.articles);
        return rc;
    }
    galley_context_t *ctx = NULL;
    galley_status_t st = galley_cli_context_create(&ctx);
    if (!st)
        st = galley_contact_sheet(ctx, a.articles, a.n, a.output, &a.opt);
    if (ctx)
        print_diags(ctx, a.quiet);
    else
        fprintf(stderr, "galley: %s\n", galley_status_to_string(st));
    galley_context_destroy(ctx);
    free(a.articles);
    return exit_code(st);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "no command given");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("galley %s\n", GALLEY_VERSION);
        return EXIT_OK;
    }
    galley_signals_remove_temporaries(); /* no OUT.pdf.tmp-XXXXXX left by Ctrl-C */
    if (!strcmp(argv[1], "render"))
        return run_render(argc, argv, 0);
    if (!strcmp(argv[1], "contact"))
        return cmd_contact(argc, argv);
    if (!strcmp(argv[1], "edition"))
        return run_render(argc, argv, 1);
    if (!strcmp(argv[1], "convert"))
        return run_render(argc, argv, 0);
    if (!strcmp(argv[1], "hyphenate"))
        return cmd_hyphenate(argc, argv);
    if (!strcmp(argv[1], "watch"))
        return cmd_watch(argc, argv);
    if (!strcmp(argv[1], "serve")) {
        galley_status_t st;
        int rc = galley_cli_serve(argc, argv, &st);
        return rc ? rc : exit_code(st);
    }
    return usage_error("unknown command '%s'", argv[1]);
}
