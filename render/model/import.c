/* import.c: recognising a foreign article and building its Galley JSON.
 *
 * Owns: the format's detection by content (a JSON object with ninjs keys
 * and neither "headline" nor "body"; an XML root <nitf>, <newsItem> or
 * <newsMessage>) or by --from; parsing XML with libxml2 (no network, no
 * entity expansion, its own nesting limits) with its errors at the source's
 * line:col; and the mapping state the format mappers fill (import_private.h):
 * top-level fields, body blocks, photos (a local path or file: URL is kept;
 * a web address is an error, or with --placeholder an FPO box), assembled in
 * docs/article.md's field order. The caller owns the JSON it returns.
 */
#include "import_private.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Sets up libxml2 once; see import.h. */
void galley_import_init(void)
{
    xmlInitParser();
}

/* The GALLEY_FROM_* of a --from name; see import.h. */
int galley_import_format(const char *name)
{
    static const struct {
        const char *name;
        int from;
    } NAMES[] = {{"galley", GALLEY_FROM_GALLEY},
                 {"ninjs", GALLEY_FROM_NINJS},
                 {"nitf", GALLEY_FROM_NITF},
                 {"newsml", GALLEY_FROM_NEWSML}};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (!strcmp(name, NAMES[i].name))
            return NAMES[i].from;
    return -1;
}

/* ---- the mapping state --------------------------------------------------- */

/* Starts IM; see import_private.h. */
void galley_import_begin(galley_import_t *im, const char *file, const char *src, size_t len,
                         const galley_load_options_t *opt, galley_diags_t *diags)
{
    memset(im, 0, sizeof *im);
    im->file = file, im->src = src, im->len = len, im->opt = opt, im->diags = diags;
    im->fields = json_object();
    im->body = json_array();
    im->photos = json_array();
    if (!im->fields || !im->body || !im->photos)
        im->st =
            galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, file, 0, 0, NULL, "out of memory");
}

/* Frees IM's values; see import_private.h. */
void galley_import_end(galley_import_t *im)
{
    json_decref(im->fields);
    json_decref(im->body);
    json_decref(im->photos);
    im->fields = im->body = im->photos = NULL;
}

/* Records an error; see import_private.h. */
void galley_import_error(galley_import_t *im, int line, int col, const char *field, const char *fmt,
                         ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    galley_status_t st = galley_diags_error(im->diags, GALLEY_STATUS_INPUT_ERROR, im->file, line,
                                            col, field, "%s", msg);
    if (!im->st)
        im->st = st;
}

/* Records a warning; see import_private.h. */
void galley_import_warn(galley_import_t *im, int line, int col, const char *field, const char *fmt,
                        ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    galley_diags_warn(im->diags, im->file, line, col, field, "%s", msg);
}

/* Where an element starts in the source; see import_private.h. libxml2
 * keeps a line for each element; the column is found by looking for its
 * start tag on that line (or the lines before, for a tag broken over lines). */
void galley_import_node_position(const galley_import_t *im, const xmlNode *node, int *line,
                                 int *col)
{
    *line = im->body_line, *col = im->body_col;
    long l = node ? xmlGetLineNo(node) : 0;
    if (!node || !im->src || l <= 0 || im->body_line)
        return;
    *line = (int)l, *col = 1;
    const char *p = im->src, *end = im->src + im->len, *starts[4] = {NULL};
    for (long k = 1; p < end && k <= l; k++) { /* the starts of lines l-3 .. l */
        starts[0] = starts[1], starts[1] = starts[2], starts[2] = starts[3], starts[3] = p;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    size_t n = strlen((const char *)node->name);
    for (int s = 3; s >= 0 && starts[s]; s--) {
        const char *e = memchr(starts[s], '\n', (size_t)(end - starts[s]));
        e = e ? e : end;
        for (const char *q = starts[s]; q + n < e; q++) {
            const char *name = q + 1;
            const char *colon = memchr(name, ':', (size_t)(e - name));
            if (*q != '<')
                continue;
            if (colon && colon < e && strncmp(name, (const char *)node->name, n) != 0 &&
                (size_t)(e - colon) > n)
                name = colon + 1;
            if (!strncmp(name, (const char *)node->name, n) && !isalnum((unsigned char)name[n]) &&
                name[n] != '-') {
                int c = 1;
                for (const char *r = starts[s]; r < q; r++)
                    c += ((unsigned char)*r & 0xC0) != 0x80;
                *line = (int)l - (3 - s), *col = c;
                return;
            }
        }
    }
}

/* Sets a top-level field unless it is set; see import_private.h. */
void galley_import_set(galley_import_t *im, const char *key, const char *s)
{
    if (s && s[0] && strspn(s, " \t\r\n") < strlen(s) && im->fields &&
        !json_object_get(im->fields, key))
        json_object_set_new(im->fields, key, json_string(s));
}

/* Sets a top-level field to a value; see import_private.h. */
void galley_import_set_value(galley_import_t *im, const char *key, json_t *v)
{
    if (v && im->fields && !json_object_get(im->fields, key))
        json_object_set(im->fields, key, v);
    json_decref(v);
}

/* Appends a body block; see import_private.h. */
void galley_import_block(galley_import_t *im, const char *kind, char *text, char *attribution)
{
    if (text && strspn(text, " \t\r\n") < strlen(text) && im->body) {
        json_t *block = !strcmp(kind, "paragraph") && !attribution
                            ? json_string(text)
                            : json_pack("{s:s, s:s}", "type", kind, "text", text);
        if (block && attribution && attribution[0])
            json_object_set_new(block, "attribution", json_string(attribution));
        if (!block || json_array_append_new(im->body, block))
            im->st = im->st ? im->st : GALLEY_STATUS_NO_MEMORY;
    }
    free(text);
    free(attribution);
}

/* The scheme of REF when it is a web address ("https"), or NULL. */
static int is_web_address(const char *ref)
{
    const char *p = ref;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    return p > ref && !strncmp(p, "://", 3) && strncasecmp(ref, "file:", 5);
}

/* REF as a file path: a file: URL decoded ("file:///a%20b.jpg" -> "/a b.jpg"). */
static char *file_path(const char *ref)
{
    if (strncasecmp(ref, "file:", 5))
        return strdup(ref);
    const char *p = ref + 5;
    if (!strncmp(p, "//", 2)) {
        p += 2;
        p = strchr(p, '/') ? strchr(p, '/') : p + strlen(p); /* file://host/path: the path */
    }
    char *out = malloc(strlen(p) + 1), *o = out;
    for (; out && *p; p++) {
        int hi, lo;
        if (*p == '%' && sscanf(p + 1, "%1x%1x", (unsigned *)&hi, (unsigned *)&lo) == 2 &&
            (hi || lo)) {
            *o++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    if (out)
        *o = '\0';
    return out;
}

/* Appends a photo; see import_private.h. */
void galley_import_photo(galley_import_t *im, const char *ref, int line, int col, char *caption,
                         const char *credit, const char *alt, int in_flow)
{
    char *src = NULL;
    while (ref && strchr(" \t\r\n", *ref) && *ref)
        ref++;
    if (!ref || !ref[0]) {
        galley_import_warn(im, line, col, NULL, "a photo without a file is left out");
    } else if (is_web_address(ref) && !im->opt->placeholder) {
        galley_import_error(im, line, col, NULL,
                            "the photo \"%s\" is a web address: Galley prints local files; give "
                            "a local rendition, or --placeholder for an FPO box",
                            ref);
    } else {
        src = is_web_address(ref) ? strdup(ref) : file_path(ref);
    }
    json_t *p = src ? json_pack("{s:s}", "src", src) : NULL;
    if (p && caption)
        json_object_set_new(p, "caption", json_string(caption));
    if (p && credit && credit[0])
        json_object_set_new(p, "credit", json_string(credit));
    if (p && alt && alt[0])
        json_object_set_new(p, "alt", json_string(alt));
    size_t blocks = json_array_size(im->body);
    if (p && in_flow && json_array_size(im->photos) > 0)
        json_object_set_new(p, "anchor", json_integer(blocks ? (json_int_t)blocks - 1 : 0));
    if (p)
        json_array_append_new(im->photos, p);
    else if (src)
        im->st = im->st ? im->st : GALLEY_STATUS_NO_MEMORY;
    free(src);
    free(caption);
}

/* Assembles the article; see import_private.h. */
json_t *galley_import_finish(galley_import_t *im, const char *what)
{
    static const char *const ORDER[] = {"lang",   "section",  "kicker", "headline", "deck",
                                        "byline", "dateline", "date",   "notes",    NULL};
    if (!im->st && json_array_size(im->body) == 0)
        galley_import_error(im, 1, 1, NULL,
                            "no text to set: %s has no article text (Galley sets articles; "
                            "event, planning and picture-only items have none)",
                            what);
    if (im->st)
        return NULL;
    json_t *a = json_object();
    for (int i = 0; a && ORDER[i]; i++) {
        json_t *v = json_object_get(im->fields, ORDER[i]);
        if (v)
            json_object_set(a, ORDER[i], v);
    }
    if (a && json_array_size(im->photos))
        json_object_set(a, "photos", im->photos);
    if (a)
        json_object_set(a, "body", im->body);
    return a;
}

/* The article as text; see import.h. */
char *galley_import_dump(const json_t *article)
{
    char *s = json_dumps(article, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    size_t n = s ? strlen(s) : 0;
    char *t = s ? realloc(s, n + 2) : NULL;
    if (!t) {
        free(s);
        return NULL;
    }
    t[n] = '\n', t[n + 1] = '\0';
    return t;
}

/* ---- detection ----------------------------------------------------------- */

/* The data after a UTF-8 byte order mark and white space. */
static const char *content_start(const char *data, size_t len, size_t *rest)
{
    size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < len && strchr(" \t\r\n", data[i]) && data[i])
        i++;
    *rest = len - i;
    return data + i;
}

/* True when ROOT, a JSON object, is a ninjs item rather than a Galley article:
 * no "body" and one of ninjs's own keys. */
static int looks_like_ninjs(json_t *root)
{
    static const char *const KEYS[] = {
        "uri",  "headlines",      "body_html",      "body_xhtml", "body_text", "bodies",
        "type", "versioncreated", "versionCreated", "standard",   "$standard", NULL};
    if (!json_is_object(root) || json_object_get(root, "body"))
        return 0; /* Galley's own (ninjs 1.x has "headline" too, but never "body") */
    for (int i = 0; KEYS[i]; i++)
        if (json_object_get(root, KEYS[i]))
            return 1;
    return 0;
}

/* Maps a ninjs file: parsed as JSON (with Galley's JSON messages), then mapped. */
static galley_status_t import_ninjs(galley_import_t *im, const char *data, size_t len, json_t **out)
{
    galley_json_doc_t doc;
    galley_json_limits_t limits = {im->opt->limits.max_input_mb, im->opt->limits.max_depth};
    galley_status_t st = galley_json_doc_load_buffer(&doc, im->file, data, len, &limits, im->diags);
    if (!st) {
        *out = galley_import_ninjs(im, &doc);
        st = im->st;
    }
    galley_json_doc_fini(&doc);
    return st;
}

/* Maps an XML file: parsed with libxml2, its errors at their line:col. */
static galley_status_t import_xml(galley_import_t *im, const char *data, size_t len, int from,
                                  json_t **out)
{
    if (len > (size_t)INT32_MAX)
        len = (size_t)INT32_MAX; /* the input limit is far below */
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return galley_diags_error(im->diags, GALLEY_STATUS_NO_MEMORY, im->file, 0, 0, NULL,
                                  "out of memory");
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, im->file, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    if (!doc || (e && e->level >= XML_ERR_ERROR)) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "not well-formed XML");
        msg[strcspn(msg, "\n")] = '\0';
        galley_import_error(im, e ? e->line : 0, e ? e->int2 : 0, NULL, "XML: %s", msg);
    } else {
        *out = galley_import_xml(im, doc, from);
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return im->st;
}

/* Maps a foreign article; see import.h. */
galley_status_t galley_import(const char *name, const char *data, size_t len, int from,
                              const galley_load_options_t *opt, json_t **out, galley_diags_t *diags)
{
    *out = NULL;
    size_t rest;
    const char *start = content_start(data, len, &rest);
    if (from == GALLEY_FROM_AUTO && !(rest && start[0] == '<')) { /* XML: its root says */
        if (rest && start[0] == '{') {
            json_t *root = json_loadb(start, rest, JSON_DECODE_ANY, NULL);
            from = looks_like_ninjs(root) ? GALLEY_FROM_NINJS : GALLEY_FROM_GALLEY;
            json_decref(root);
        } else {
            from = GALLEY_FROM_GALLEY;
        }
    }
    if (from == GALLEY_FROM_GALLEY)
        return GALLEY_STATUS_SUCCESS;
    galley_import_t im;
    galley_import_begin(&im, name, data, len, opt, diags);
    galley_status_t st = im.st;
    if (!st && from == GALLEY_FROM_NINJS)
        st = import_ninjs(&im, data, len, out);
    else if (!st)
        st = import_xml(&im, data, len, from, out);
    galley_import_end(&im);
    if (st) {
        json_decref(*out);
        *out = NULL;
    }
    return st;
}
