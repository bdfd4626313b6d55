/* arguments.c: the galley command's options and their parsing (cli.h).
 *
 * Owns the one table of options (which commands take each, whether it takes
 * a value, its help line: help.c prints it, docs/galley.1 and the README
 * list the same), the numbers and names an option's value may be, and
 * cli_args_parse: every command's arguments into a cli_args_t, a usage
 * error naming what is wrong.
 */
#include "cli.h"
#include "import.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The commands that set pages as render does. */
#define PAGES (CLI_RENDER | CLI_EDITION | CLI_WATCH)
/* The commands that load articles. */
#define LOADS (PAGES | CLI_CONVERT | CLI_SERVE)

static const cli_option_t OPTIONS[] = {
    {"--output", "-o", "FILE", PAGES, 0,
     "the output; its extension (in any case) picks the\n"
     "format: .pdf, or .png (one file a page: OUT-1.png,\n"
     "OUT-2.png, ...)"},
    {"--output", "-o", "SHEET.png", CLI_CONTACT, 0, "the contact sheet, a PNG"},
    {"--output", "-o", "OUT.json", CLI_CONVERT, 0, "the article as Galley's article JSON"},
    {"--layout", NULL, "NAME|PATH", PAGES | CLI_CONTACT | CLI_SERVE, 0,
     "a layout in layouts/ (tabloid, a4, tabloid-ko, a4-ko,\n"
     "bilingual) or a layout file; default the article's or\n"
     "edition's own, else tabloid"},
    {"--layout", NULL, "NAME|PATH", CLI_HYPHENATE, 0,
     "the layout whose body style breaks the words;\n"
     "default tabloid"},
    {"--dpi", NULL, "N", PAGES, 0, "PNG resolution, default 150 (at most 2400)"},
    {"--dpi", NULL, "N", CLI_CONTACT, 0, "thumbnail resolution, default 24 (at most 300)"},
    {"--dpi", NULL, "N", CLI_SERVE, 0, "the pages' resolution, default 96 (their printed size)"},
    {"--port", NULL, "N", CLI_SERVE, 0, "the port, default 8080; 0 takes a free one (printed)"},
    {"--host", NULL, "ADDR", CLI_SERVE, 0,
     "the IP address to listen on, default 127.0.0.1 (this\n"
     "machine only); another (0.0.0.0, a LAN address) shows\n"
     "the pages, the article and its file names to whoever\n"
     "reaches it, unguarded"},
    {"--columns", NULL, "N", CLI_CONTACT, 0, "most thumbnails a row, default 6"},
    {"--report", NULL, "FILE", CLI_EDITION, 0,
     "write what was placed where as JSON (docs/edition.md);\n"
     "written with --final too when an article is overset"},
    {"--final", NULL, NULL, CLI_EDITION, 0,
     "an overset article is an error (exit 6): no pages\n"
     "written"},
    {"-j", NULL, "N", CLI_EDITION, 0,
     "with 2, draw the PDF's pages in a second thread while\n"
     "the next ones are set (the same bytes as -j 1)"},
    {"-j", NULL, "N", CLI_BATCH, 0, "render with N threads, a context each (default 1)"},
    {"--shard", NULL, "I/N", CLI_BATCH, 0,
     "take only the lines whose 0-based index % N is I: one\n"
     "of N machines' or processes' shares (docs/scale.md)"},
    {"--results", NULL, "FILE", CLI_BATCH, 0,
     "write the result lines (JSON, one a manifest line)\n"
     "here instead of standard output"},
    {"--force", NULL, NULL, CLI_BATCH, 0,
     "render every line, even one whose output is up to\n"
     "date (its OUT.galley-key matches)"},
    {"--pages", NULL, "FIRST-LAST", PAGES, 0,
     "set every page but draw only these (9-16, or 9): the\n"
     "parts of one edition drawn on several machines, joined\n"
     "with qpdf, are the whole render's pages"},
    {"--boxes", NULL, "FILE", PAGES, 0, "also write every placed box as JSON (docs/boxes.md)"},
    {"--marks", NULL, NULL, PAGES, 0,
     "crop and registration marks and a slug outside the\n"
     "bleed"},
    {"--guides", NULL, NULL, PAGES, 0,
     "draw margins, columns, baseline grid, frames, trim and\n"
     "bleed in the guide colour (previews; they print in a\n"
     "PDF)"},
    {"--bleed", NULL, NULL, PAGES, 0, "PNG: show the bleed around the trimmed page"},
    {"--proof", NULL, NULL, PAGES, 0,
     "PNG: show the page as the layout's press prints it\n"
     "(its CMYK profile: paper white, ink gamut)"},
    {"--placeholder", NULL, NULL, LOADS | CLI_CONTACT, 0,
     "draw a missing or damaged photo as a marked FPO box,\n"
     "with a warning"},
    {"--from", NULL, "FORMAT", LOADS, 0,
     "the article's format: galley, ninjs, nitf or newsml\n"
     "(default: recognised by content; docs/formats.md)"},
    {"--root", NULL, "DIR", LOADS, 0,
     "photos, layout and articles must lie inside DIR (for\n"
     "articles from others)"},
    {"--hyphenation", NULL, "FILE", PAGES | CLI_HYPHENATE | CLI_SERVE, 0,
     "a house list of words and their breaks\n"
     "(docs/hyphenation.md), before the layout's and after\n"
     "the article's own"},
    {"--lang", NULL, "L", CLI_HYPHENATE, 0, "the words' language, a BCP 47 tag; default en"},
    {"--font-dir", NULL, "DIR", PAGES | CLI_CONTACT | CLI_HYPHENATE | CLI_SERVE, 0,
     "a folder of house fonts whose families the layout's\n"
     "styles may name, besides its \"fonts\" (docs/layout.md)"},
    {"--pdf-standard", NULL, "none|x4", PAGES, 0,
     "the PDF's standard, over the layout's: x4 is PDF/X-4\n"
     "for the press (CMYK, text on the black plate), none\n"
     "RGB for screens"},
    {"--max-input-mb", NULL, "N", LOADS | CLI_HYPHENATE, 0,
     "largest article, edition, layout or list file in MB\n"
     "(default 16)"},
    {"--max-image-mpixels", NULL, "N", LOADS, 0,
     "largest photo in millions of pixels (default 100)"},
    {"--max-photo-mb", NULL, "N", LOADS, 0, "largest photo file in MB (default 50)"},
    {"--max-pages", NULL, "N", PAGES | CLI_SERVE, 0,
     "most pages one render may make (default 500)"},
    {"--max-output-mpixels", NULL, "N", PAGES | CLI_CONTACT | CLI_SERVE, 0,
     "largest PNG page or sheet in millions of pixels\n"
     "(default 100)"},
    {"--strict", NULL, NULL, CLI_RENDER | CLI_EDITION | CLI_CONTACT | CLI_CONVERT, 0,
     "any warning makes the exit code 1 (the output is still\n"
     "written)"},
    {"--quiet", "-q", NULL, LOADS | CLI_CONTACT, 0, "print errors only, no warnings"},
    {"--quiet", "-q", NULL, CLI_BATCH, 0,
     "no progress bar and no messages on standard error\n"
     "(the results have them)"},
    {"--once-after", NULL, "N", CLI_WATCH, 1, "stop after N renders"},
    {"--help", "-h", NULL, ~0u, 0, "print this help and exit"},
};

const cli_option_t *cli_options_all(size_t *n)
{
    *n = sizeof OPTIONS / sizeof OPTIONS[0];
    return OPTIONS;
}

unsigned cli_command_flag(const char *name)
{
    static const struct {
        const char *name;
        unsigned flag;
    } COMMANDS[] = {{"render", CLI_RENDER},   {"edition", CLI_EDITION},
                    {"watch", CLI_WATCH},     {"contact", CLI_CONTACT},
                    {"convert", CLI_CONVERT}, {"hyphenate", CLI_HYPHENATE},
                    {"serve", CLI_SERVE},     {"batch", CLI_BATCH}};
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (!strcmp(name, COMMANDS[i].name))
            return COMMANDS[i].flag;
    return 0;
}

/* The entry of option S for COMMAND (a CLI_* bit); NULL: the command has no
 * such option. */
static const cli_option_t *option_find(const char *s, unsigned command)
{
    for (size_t i = 0; i < sizeof OPTIONS / sizeof OPTIONS[0]; i++)
        if ((OPTIONS[i].commands & command) &&
            (!strcmp(s, OPTIONS[i].name) || (OPTIONS[i].alias && !strcmp(s, OPTIONS[i].alias))))
            return &OPTIONS[i];
    return NULL;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "galley: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'galley %s%s--help'.\n", command ? command : "", command ? " " : "");
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
static int number_parse(const cli_args_t *a, const char *opt, const char *v, double lo, double hi,
                        int whole, double *out)
{
    double x = is_decimal(v, whole) ? strtod(v, NULL) : NAN;
    if (!(x >= lo && x <= hi)) {
        fprintf(stderr, "galley: %s takes a number from %g to %g, not '%s'%s\n", opt, lo, hi, v,
                whole ? " (a whole number)" : "");
        fprintf(stderr, "Try 'galley %s --help'.\n", a->name);
        return EXIT_USAGE;
    }
    *out = x;
    return 0;
}

/* A whole number option (a count) into *OUT. */
static int count_parse(const cli_args_t *a, const char *opt, const char *v, int lo, int hi,
                       int *out)
{
    double x = 0;
    int rc = number_parse(a, opt, v, lo, hi, 1, &x);
    if (!rc)
        *out = (int)x;
    return rc;
}

/* --pdf-standard's value: none, or x4 (also written PDF/X-4). */
static int pdf_standard_parse(const cli_args_t *a, const char *v, int *out)
{
    if (!strcmp(v, "none"))
        *out = GALLEY_PDF_STANDARD_NONE;
    else if (!strcmp(v, "x4") || !strcmp(v, "PDF/X-4"))
        *out = GALLEY_PDF_STANDARD_X4;
    else
        return cli_usage_error(a->name, "--pdf-standard takes none or x4, not '%s'", v);
    return 0;
}

/* --from NAME: the articles' format (docs/formats.md; the importer's names). */
static int from_parse(const cli_args_t *a, const char *v, int *from)
{
    int f = galley_import_format(v);
    if (f < 0)
        return cli_usage_error(a->name, "--from takes galley, ninjs, nitf or newsml, not '%s'", v);
    *from = f;
    return 0;
}

/* --pages FIRST-LAST (or one page N): whole numbers from 1, FIRST at most
 * LAST, into A's render options. */
static int pages_parse(cli_args_t *a, const char *v)
{
    char first[16] = "", *dash = strchr(v, '-');
    const char *last = dash ? dash + 1 : v;
    size_t n = dash ? (size_t)(dash - v) : strlen(v);
    int f = 0, l = 0;
    if (n >= sizeof first || !is_decimal(last, 1) || (memcpy(first, v, n), !is_decimal(first, 1)) ||
        (f = atoi(first)) < 1 || (l = atoi(last)) < f || l > 100000)
        return cli_usage_error(a->name,
                               "--pages takes FIRST-LAST (whole numbers from 1, FIRST at most "
                               "LAST) or one page, not '%s'",
                               v);
    a->opt.first_page = f;
    a->opt.last_page = l;
    return 0;
}

/* --shard I/N: whole numbers, N from 1, I below N. */
static int shard_parse(cli_args_t *a, const char *v)
{
    char index[16] = "";
    const char *slash = strchr(v, '/');
    size_t n = slash ? (size_t)(slash - v) : 0;
    if (!slash || n >= sizeof index || !is_decimal(slash + 1, 1) ||
        (memcpy(index, v, n), !is_decimal(index, 1)) || strlen(slash + 1) > 6 || n > 6 ||
        atoi(slash + 1) < 1 || atoi(index) >= atoi(slash + 1))
        return cli_usage_error(a->name,
                               "--shard takes I/N (whole numbers, I from 0 to N-1), not "
                               "'%s'",
                               v);
    a->shard_index = atoi(index);
    a->shard_count = atoi(slash + 1);
    return 0;
}

/* Takes the value V of option O (its name S as given) into A. */
static int value_parse(const cli_option_t *o, const char *s, const char *v, cli_args_t *a)
{
    const char *n = o->name;
    galley_limits_t *lim = &a->opt.limits;
    if (!strcmp(n, "--output"))
        a->output = v;
    else if (!strcmp(n, "--layout"))
        a->opt.layout = v;
    else if (!strcmp(n, "--boxes"))
        a->opt.boxes_path = v;
    else if (!strcmp(n, "--root"))
        a->opt.root = v;
    else if (!strcmp(n, "--hyphenation"))
        a->opt.hyphenation = v;
    else if (!strcmp(n, "--font-dir"))
        a->opt.font_dir = v;
    else if (!strcmp(n, "--lang"))
        a->lang = v;
    else if (!strcmp(n, "--report"))
        a->edition.report_path = v;
    else if (!strcmp(n, "--pdf-standard"))
        return pdf_standard_parse(a, v, &a->opt.pdf_standard);
    else if (!strcmp(n, "--pages"))
        return pages_parse(a, v);
    else if (!strcmp(n, "--shard"))
        return shard_parse(a, v);
    else if (!strcmp(n, "--results"))
        a->results = v;
    else if (!strcmp(n, "--from"))
        return from_parse(a, v, &a->opt.from);
    else if (!strcmp(n, "--dpi") && a->command == CLI_CONTACT)
        return number_parse(a, s, v, 1, GALLEY_CONTACT_MAX_DPI, 0, &a->contact.dpi);
    else if (!strcmp(n, "--dpi"))
        return number_parse(a, s, v, 1, 2400, 0, &a->opt.dpi);
    else if (!strcmp(n, "--columns"))
        return count_parse(a, s, v, 1, GALLEY_CONTACT_MAX_COLUMNS, &a->contact.columns);
    else if (!strcmp(n, "--max-input-mb"))
        return number_parse(a, s, v, 0.001, 4096, 0, &lim->max_input_mb);
    else if (!strcmp(n, "--max-image-mpixels"))
        return number_parse(a, s, v, 0.001, 10000, 0, &lim->max_image_mpixels);
    else if (!strcmp(n, "--max-photo-mb"))
        return number_parse(a, s, v, 0.001, 4096, 0, &lim->max_photo_mb);
    else if (!strcmp(n, "--max-output-mpixels"))
        return number_parse(a, s, v, 0.001, 10000, 0, &lim->max_output_mpixels);
    else if (!strcmp(n, "--max-pages"))
        return count_parse(a, s, v, 1, 100000, &lim->max_pages);
    else if (!strcmp(n, "--host"))
        a->host = v;
    else if (!strcmp(n, "--port"))
        return count_parse(a, s, v, 0, 65535, &a->port);
    else if (!strcmp(n, "--once-after"))
        return count_parse(a, s, v, 1, 1000000, &a->once_after);
    else if (!strcmp(n, "-j"))
        return count_parse(a, s, v, 1, 64, &a->edition.jobs);
    return 0;
}

/* Sets the flag O in A; CLI_HELP_ASKED for --help. */
static int flag_set(const cli_option_t *o, cli_args_t *a)
{
    const char *n = o->name;
    if (!strcmp(n, "--help"))
        return CLI_HELP_ASKED;
    a->edition.final |= !strcmp(n, "--final");
    a->quiet |= !strcmp(n, "--quiet");
    a->force |= !strcmp(n, "--force");
    a->strict |= !strcmp(n, "--strict");
    a->opt.marks |= !strcmp(n, "--marks");
    a->opt.guides |= !strcmp(n, "--guides");
    a->opt.bleed |= !strcmp(n, "--bleed");
    a->opt.proof |= !strcmp(n, "--proof");
    a->opt.placeholder |= !strcmp(n, "--placeholder");
    return 0;
}

/* Checks that A has the files and the output its command needs. */
static int args_check(cli_args_t *a)
{
    const char *cmd = a->name;
    if (a->command == CLI_HYPHENATE)
        return a->n_files || a->from_stdin
                   ? 0
                   : cli_usage_error(cmd, "%s",
                                     "hyphenate needs words, or - to read them from standard "
                                     "input");
    if (a->command == CLI_BATCH)
        return a->n_files == 1
                   ? 0
                   : cli_usage_error(cmd, "%s", "batch takes one manifest (MANIFEST.jsonl)");
    if (a->command == CLI_CONTACT && !a->n_files)
        return cli_usage_error(cmd, "%s", "contact needs one or more article files");
    if (!a->n_files)
        return cli_usage_error(cmd, "%s needs an article file", cmd);
    if (a->command != CLI_CONTACT && a->n_files > 1)
        return cli_usage_error(cmd, "one article at a time; '%s' is one too many", a->files[1]);
    if (a->command == CLI_SERVE) /* it serves; it writes no file */
        return a->output ? cli_usage_error(cmd, "%s", "serve writes no file: no -o") : 0;
    if (!a->output)
        return cli_usage_error(cmd, "%s needs an output file: -o %s", cmd,
                               a->command == CLI_CONTACT   ? "SHEET.png"
                               : a->command == CLI_CONVERT ? "OUT.json"
                                                           : "OUT.pdf or -o OUT.png");
    return 0;
}

int cli_args_parse(int argc, char **argv, cli_args_t *a)
{
    memset(a, 0, sizeof *a);
    galley_render_options_init(&a->opt);
    galley_edition_options_init(&a->edition);
    a->name = argv[1];
    a->command = cli_command_flag(argv[1]);
    a->lang = "en";
    a->port = 8080;
    a->shard_count = 1;
    a->files = calloc((size_t)argc, sizeof *a->files);
    if (!a->files)
        return EXIT_RESOURCE;
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        const cli_option_t *o = option_find(s, a->command);
        int rc = 0;
        if (o && o->value) {
            if (i + 1 >= argc)
                return cli_usage_error(a->name, "%s needs a value", s);
            rc = value_parse(o, s, argv[++i], a);
        } else if (o) {
            rc = flag_set(o, a);
        } else if (a->command == CLI_HYPHENATE && !strcmp(s, "-")) {
            a->from_stdin = 1;
        } else if (s[0] == '-' && s[1]) {
            rc = cli_usage_error(a->name, "unknown option '%s'", s);
        } else {
            a->files[a->n_files++] = s;
        }
        if (rc)
            return rc;
    }
    if (a->command == CLI_CONTACT) { /* the sheet's own resolution; the rest as render's */
        double dpi = a->contact.dpi;
        a->contact.render = a->opt;
        a->contact.dpi = dpi;
    }
    return args_check(a);
}

void cli_args_fini(cli_args_t *a)
{
    free(a->files);
    a->files = NULL;
}
