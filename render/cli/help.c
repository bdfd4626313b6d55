/* help.c: the galley command's help texts (cli.h).
 *
 * Owns what `galley --help` prints (every command's usage, the exit codes,
 * the environment) and what `galley COMMAND --help` prints (its usage, what
 * it does, its options from arguments.c's table, its exit codes). README.md's
 * "The command" and docs/galley.1 say the same; tests/cli.py checks that
 * every option a command's help lists is in the manual and back.
 */
#include "cli.h"

#include <string.h>

/* A command's help: its usage lines and what it does. */
typedef struct {
    const char *name;
    const char *usage; /* after "Usage: " (later lines indented to match) */
    const char *about;
} command_help_t;

static const command_help_t COMMANDS[] = {
    {"render", "galley render ARTICLE -o OUT.pdf|OUT.png [options]",
     "Sets one article (Galley's JSON, ninjs, NITF or NewsML-G2) into print pages:\n"
     "a PDF, or PNG pages (one file a page, always numbered). Nothing is written\n"
     "unless the whole render succeeds. ARTICLE - reads the article from standard\n"
     "input (its photos found from the current folder); -o - writes the PDF to\n"
     "standard output."},
    {"edition", "galley edition EDITION.json -o OUT.pdf|OUT.png [options]",
     "Sets a whole edition from an edition file (docs/edition.md): the nameplate,\n"
     "running heads and folios, each article in its slot, jumps, and overset\n"
     "articles reported (and marked, or with --final refused)."},
    {"watch", "galley watch ARTICLE -o OUT.pdf|OUT.png [options]",
     "Renders, then renders again whenever the article, the layout file, a\n"
     "photo, a hyphenation list or a house font changes, printing one line a\n"
     "render; a failed render keeps the last output. Runs until interrupted\n"
     "(Ctrl-C or SIGTERM)."},
    {"contact", "galley contact ARTICLE|EDITION... -o SHEET.png [options]",
     "Puts every page of the given article and edition files on one PNG as\n"
     "thumbnails labelled 'slug · page' (docs/preview.md). An article that fails\n"
     "to load gets a red 'error' cell and its errors are printed; the sheet is\n"
     "still written, and the exit code is then 3."},
    {"convert", "galley convert ARTICLE -o OUT.json [options]",
     "Writes an article (ninjs, NITF, NewsML-G2 or Galley's own) as Galley's\n"
     "article JSON, which renders as the source does (docs/formats.md)."},
    {"serve", "galley serve ARTICLE|EDITION [options]",
     "Serves a web page of every page of the article or edition, rendered again\n"
     "and shown at once whenever the article, the layout file, a photo or an\n"
     "edition's article changes (docs/preview.md). Prints the address, then a line\n"
     "a render; runs until interrupted (Ctrl-C or SIGTERM; exit 0). A failed render\n"
     "keeps the last good pages and shows its errors. The page: every page at screen\n"
     "size; Guides, Bleed and Boxes (pointing at one shows its role, source element,\n"
     "frame and text); the diagnostics; a switcher over the shipped layouts; an\n"
     "edition's report; the PDF. URLs: / /events /page/N.png?guides=1&bleed=1\n"
     "/boxes.json /diagnostics.json /report.json /render.pdf; GET and HEAD only."},
    {"hyphenate", "galley hyphenate [options] WORD... | -",
     "Prints each WORD (with -, each line of standard input) with a hyphen at\n"
     "every point where the layout's body text may break it: the house lists,\n"
     "the exceptions and the patterns of --lang, with the body style's\n"
     "hyphen_left, hyphen_right, hyphen_min_word and hyphen_capitalized\n"
     "(docs/hyphenation.md)."},
    {"batch", "galley batch MANIFEST.jsonl [options]",
     "Renders every line of a manifest in one process: each line a JSON object\n"
     "naming \"article\" and \"output\" (.pdf or .png; relative to the manifest's\n"
     "folder), optionally \"layout\", \"placeholder\", \"root\", \"pdf_standard\",\n"
     "\"dpi\", \"from\", \"hyphenation\", \"font_dir\", \"marks\" and \"guides\".\n"
     "Prints one JSON result a line as it finishes (line, article, output, status\n"
     "rendered, skipped or failed, pages, warnings, errors, ms, sha256). An output\n"
     "whose OUT.galley-key shows its inputs and options unchanged is skipped. A bad\n"
     "line or a failed article is reported and the others go on (docs/scale.md)."},
};

/* The exit codes, and the commands that give each. */
static const struct {
    int code;
    unsigned commands;
    const char *text;
} EXITS[] = {
    {EXIT_OK, ~0u, "success (warnings may have been printed)"},
    {EXIT_WARNINGS, CLI_RENDER | CLI_EDITION | CLI_CONTACT | CLI_CONVERT,
     "written, with warnings, under --strict"},
    {EXIT_USAGE, ~0u, "usage error"},
    {EXIT_INPUT, ~0u & ~(unsigned)CLI_WATCH,
     "input error (article, layout, edition, photo or word list invalid, or a\n"
     "limit exceeded; contact: an article failed, the sheet written; batch:\n"
     "the manifest cannot be read)"},
    {EXIT_OUTPUT, ~0u & ~(unsigned)CLI_HYPHENATE, "output error (cannot write)"},
    {EXIT_RESOURCE, ~0u, "fonts or other resources missing"},
    {EXIT_OVERSET, CLI_EDITION,
     "an article overset with --final: no pages written, the --report is"},
    {EXIT_SOME_FAILED, CLI_BATCH,
     "some lines failed (reported in the results); the others were rendered"},
};

/* Prints TEXT to OUT with every line after the first indented by INDENT. */
static void lines_print(FILE *out, const char *text, int indent)
{
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        fprintf(out, "%.*s\n", (int)n, p);
        p += n;
        if (*p == '\n' && *++p)
            fprintf(out, "%*s", indent, "");
    }
}

/* Prints the exit codes the commands FLAGS give. */
static void exits_print(FILE *out, unsigned flags)
{
    fputs("\nExit codes:\n", out);
    for (size_t i = 0; i < sizeof EXITS / sizeof EXITS[0]; i++)
        if (EXITS[i].commands & flags) {
            fprintf(out, "  %d  ", EXITS[i].code);
            lines_print(out, EXITS[i].text, 5);
        }
}

void cli_help_overview(FILE *out)
{
    fputs("Usage: ", out);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(out, "%s%s\n", i ? "       " : "", COMMANDS[i].usage);
    fputs("       galley --help | --version\n"
          "       galley COMMAND --help\n"
          "\n"
          "Sets news articles into print pages: PDF files for the press and PNG\n"
          "previews, from article JSON (docs/article.md) and a page layout.\n"
          "\n"
          "Commands:\n"
          "  render     an article into a PDF or PNG pages\n"
          "  edition    a whole edition of pages from an edition file\n"
          "  watch      render again whenever the article or its files change\n"
          "  serve      a live preview in the browser (galley serve --help)\n"
          "  contact    thumbnails of every page on one PNG\n"
          "  convert    ninjs, NITF or NewsML-G2 to Galley's article JSON\n"
          "  hyphenate  words with the breaks a page would use\n"
          "  batch      every article a manifest names, in one process\n"
          "Run 'galley COMMAND --help' for a command's options, or 'man galley'.\n",
          out);
    exits_print(out, ~0u);
    fputs("\nEnvironment: GALLEY_DATADIR (where layouts/, fonts/ and hyphenation/ are),\n"
          "GALLEY_FONTS_CONF (a fontconfig file instead of fonts/fonts.conf),\n"
          "SOURCE_DATE_EPOCH (the PDF's dates), XDG_CACHE_HOME or HOME (the cache).\n",
          out);
}

/* Prints the options of the command FLAG, as the option table has them. */
static void options_print(FILE *out, unsigned flag)
{
    size_t n;
    const cli_option_t *o = cli_options_all(&n);
    fputs("\nOptions:\n", out);
    for (size_t i = 0; i < n; i++) {
        if (!(o[i].commands & flag) || o[i].hidden)
            continue;
        char left[64];
        snprintf(left, sizeof left, "  %s%s%s%s%s", o[i].alias ? o[i].alias : "",
                 o[i].alias ? ", " : "", o[i].name, o[i].value ? " " : "",
                 o[i].value ? o[i].value : "");
        int width = (int)strlen(left);
        fprintf(out, "%s%*s", left, width < 23 ? 24 - width : 2, "");
        lines_print(out, o[i].help, 24);
    }
}

int cli_help_command(const char *name, FILE *out)
{
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) {
        if (strcmp(name, COMMANDS[i].name))
            continue;
        unsigned flag = cli_command_flag(name);
        fprintf(out, "Usage: %s\n\n", COMMANDS[i].usage);
        lines_print(out, COMMANDS[i].about, 0);
        options_print(out, flag);
        exits_print(out, flag);
        return EXIT_OK;
    }
    return cli_usage_error(NULL, "unknown command '%s'", name);
}
