/* serve_args.c: the command line of galley serve.
 *
 * Owns: parsing `galley serve ARTICLE|EDITION [--port N] [--host ADDR]
 * [options of render]` (the render options a preview uses: layout, dpi,
 * root, hyphenation, fonts, format, limits), opening the context and running
 * galley_serve. main.c dispatches here and maps the status to the exit code.
 */
#include "preview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SERVE_USAGE[] =
    "Usage: galley serve ARTICLE.json|EDITION.json [--port N] [--host ADDR] [--layout NAME|PATH]\n"
    "                    [--dpi N] [--root DIR] [--placeholder] [--from FORMAT]\n"
    "                    [--hyphenation FILE] [--font-dir DIR] [--max-input-mb N]\n"
    "                    [--max-image-mpixels N] [--max-photo-mb N] [--max-pages N]\n"
    "                    [--max-output-mpixels N] [-q]\n"
    "\n"
    "Serves a web page of every page of the article or edition, rendered again and shown\n"
    "at once whenever the article, the layout file, a photo or an edition's article\n"
    "changes (docs/preview.md). Prints the address, then a line a render; runs until\n"
    "interrupted (Ctrl-C or SIGTERM; exit 0). A failed render keeps the last good pages\n"
    "and shows its errors.\n"
    "\n"
    "  --port N             the port, default 8080; 0 takes a free one (printed)\n"
    "  --host ADDR          the IP address to listen on, default 127.0.0.1 (this machine\n"
    "                       only); another (0.0.0.0, a LAN address) shows the pages, the\n"
    "                       article and its file names to whoever reaches it, unguarded\n"
    "  --dpi N              the pages' resolution, default 96 (their printed size)\n"
    "  --layout, --root, --placeholder, --from, --hyphenation, --font-dir, --max-*, -q\n"
    "                       as for galley render (galley --help)\n"
    "\n"
    "The page: every page at screen size; Guides (margins, columns, grid, frames), Bleed\n"
    "and Boxes (pointing at one shows its role, source element, frame and text); the\n"
    "diagnostics of the last render; a switcher over the shipped layouts; an edition's\n"
    "report; the PDF. URLs: / /events /page/N.png?guides=1&bleed=1 /boxes.json\n"
    "/diagnostics.json /report.json /render.pdf. GET and HEAD only; nothing but these.\n"
    "\n"
    "Exit codes: 0 stopped by a signal, 2 usage error, 3 a bad --host, 4 the address\n"
    "cannot be listened on, 5 fonts or the page's files missing.\n";

/* A usage error: the message (FMT with ARG) and the hint; the exit code 2. */
static int serve_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "galley: serve: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'galley serve --help'.\n");
    return 2;
}

/* The options of serve that take a number: where it goes, its range, and
 * whether it is a whole number (a count or a port). */
typedef struct {
    const char *name;
    double lo, hi;
    int whole;
} number_opt_t;

static const number_opt_t NUMBERS[] = {
    {"--port", 0, 65535, 1},
    {"--dpi", 1, 2400, 0},
    {"--max-input-mb", 0.001, 4096, 0},
    {"--max-image-mpixels", 0.001, 10000, 0},
    {"--max-photo-mb", 0.001, 4096, 0},
    {"--max-output-mpixels", 0.001, 10000, 0},
    {"--max-pages", 1, 100000, 1},
};

/* The place of number option K in O. */
static double *number_slot(galley_serve_options_t *o, size_t k, double *port, double *pages)
{
    galley_limits_t *l = &o->render.limits;
    double *slots[] = {port,
                       &o->render.dpi,
                       &l->max_input_mb,
                       &l->max_image_mpixels,
                       &l->max_photo_mb,
                       &l->max_output_mpixels,
                       pages};
    return slots[k];
}

/* Parses V, the value of number option N, into *OUT: plain decimal digits
 * with at most one '.' (none for a whole number), within the range. */
static int serve_number(const number_opt_t *n, const char *v, double *out)
{
    size_t digits = strspn(v, "0123456789"), rest = digits;
    if (!n->whole && v[rest] == '.' && v[rest + 1])
        rest += 1 + strspn(v + rest + 1, "0123456789");
    double x = digits && !v[rest] ? strtod(v, NULL) : -1;
    if (!(x >= n->lo && x <= n->hi)) {
        fprintf(stderr, "galley: serve: %s takes a number from %g to %g, not '%s'\n", n->name,
                n->lo, n->hi, v);
        fprintf(stderr, "Try 'galley serve --help'.\n");
        return 2;
    }
    *out = x;
    return 0;
}

/* Takes option S with its value V into O; 0, 2 on a bad value, or -1 when
 * S is not an option of serve that takes a value. */
static int serve_value(const char *s, const char *v, galley_serve_options_t *o, double *port,
                       double *pages)
{
    for (size_t k = 0; k < sizeof NUMBERS / sizeof NUMBERS[0]; k++)
        if (!strcmp(s, NUMBERS[k].name))
            return serve_number(&NUMBERS[k], v, number_slot(o, k, port, pages));
    if (!strcmp(s, "--layout"))
        o->render.layout = v;
    else if (!strcmp(s, "--host"))
        o->host = v;
    else if (!strcmp(s, "--root"))
        o->render.root = v;
    else if (!strcmp(s, "--hyphenation"))
        o->render.hyphenation = v;
    else if (!strcmp(s, "--font-dir"))
        o->render.font_dir = v;
    else if (!strcmp(s, "--from"))
        o->render.from = !strcmp(v, "galley")   ? GALLEY_FROM_GALLEY
                         : !strcmp(v, "ninjs")  ? GALLEY_FROM_NINJS
                         : !strcmp(v, "nitf")   ? GALLEY_FROM_NITF
                         : !strcmp(v, "newsml") ? GALLEY_FROM_NEWSML
                                                : -1;
    else
        return -1;
    if (o->render.from < 0)
        return serve_usage("--from takes galley, ninjs, nitf or newsml, not '%s'", v);
    return 0;
}

/* Parses ARGV into O and *ARTICLE; 0, the exit code 2, or -1 when the help
 * was asked for (and printed). */
static int serve_parse(int argc, char **argv, galley_serve_options_t *o, const char **article)
{
    double port = 8080, pages = 0;
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            fputs(SERVE_USAGE, stdout);
            return -1;
        } else if (!strcmp(s, "-q") || !strcmp(s, "--quiet"))
            o->quiet = 1;
        else if (!strcmp(s, "--placeholder"))
            o->render.placeholder = 1;
        else if (s[0] == '-' && s[1]) {
            if (i + 1 >= argc)
                return serve_value(s, "", o, &port, &pages) < 0
                           ? serve_usage("unknown option '%s'", s)
                           : serve_usage("%s needs a value", s);
            int rc = serve_value(s, argv[i + 1], o, &port, &pages);
            if (rc < 0)
                return serve_usage("unknown option '%s'", s);
            if (rc)
                return rc;
            i++;
        } else if (!*article)
            *article = s;
        else
            return serve_usage("one article or edition at a time; '%s' is one too many", s);
    }
    if (!*article)
        return serve_usage("%s", "needs an article or edition file");
    o->port = (int)port;
    o->render.limits.max_pages = (int)pages;
    return 0;
}

int galley_cli_serve(int argc, char **argv, galley_status_t *st)
{
    galley_serve_options_t o = {0};
    galley_render_options_init(&o.render);
    const char *article = NULL;
    *st = GALLEY_STATUS_SUCCESS;
    int rc = serve_parse(argc, argv, &o, &article);
    if (rc)
        return rc < 0 ? 0 : rc;
    galley_context_t *ctx = NULL;
    *st = galley_cli_context_create(&ctx);
    if (*st && ctx)
        for (size_t i = 0; i < galley_context_diag_count(ctx); i++)
            fprintf(stderr, "galley: %s\n", galley_context_diag_message(ctx, i));
    else if (*st)
        fprintf(stderr, "galley: %s\n", galley_status_to_string(*st));
    if (!*st)
        *st = galley_serve(ctx, article, &o);
    galley_context_destroy(ctx);
    return 0;
}
