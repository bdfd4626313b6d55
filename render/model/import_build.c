/* import_build.c: the Galley article an importer builds.
 *
 * Owns: the mapping state the format mappers fill (import_private.h):
 * top-level fields (the first source wins), body blocks, photos (a local
 * path or file: URL is kept; a web address is an error, or with
 * --placeholder an FPO box), messages at the source's line:col, and the
 * article assembled in docs/article.md's field order, and written as text
 * (galley_import_dump). The caller owns the JSON galley_import_finish returns.
 */
#include "import_private.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    im->where = json_object();
    if (!im->fields || !im->body || !im->photos || !im->where)
        im->st =
            galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, file, 0, 0, NULL, "out of memory");
}

/* Frees IM's values; see import_private.h. */
void galley_import_end(galley_import_t *im)
{
    json_decref(im->fields);
    json_decref(im->body);
    json_decref(im->photos);
    json_decref(im->where);
    im->fields = im->body = im->photos = im->where = NULL;
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

/* The place of what is set next; see import_private.h. */
void galley_import_at(galley_import_t *im, int line, int col)
{
    im->at_line = line, im->at_col = col;
}

/* The place of an element; see import_private.h. */
void galley_import_at_node(galley_import_t *im, const xmlNode *node)
{
    int line, col;
    galley_import_node_position(im, node, &line, &col);
    galley_import_at(im, line, col);
}

/* Records LINE:COL (else the current place, else the body's) as where the
 * Galley field FIELD comes from, unless it has a place already. */
static void place(galley_import_t *im, const char *field, int line, int col)
{
    if (line <= 0)
        line = im->at_line, col = im->at_col;
    if (line <= 0)
        line = im->body_line, col = im->body_col;
    if (line > 0 && im->where && !json_object_get(im->where, field))
        json_object_set_new(im->where, field, json_pack("[i,i]", line, col > 0 ? col : 1));
}

/* Sets a top-level field unless it is set; see import_private.h. */
void galley_import_set(galley_import_t *im, const char *key, const char *s)
{
    if (s && s[0] && strspn(s, " \t\r\n") < strlen(s) && im->fields &&
        !json_object_get(im->fields, key)) {
        json_object_set_new(im->fields, key, json_string(s));
        place(im, key, 0, 0);
    }
}

/* Sets a top-level field to a value; see import_private.h. */
void galley_import_set_value(galley_import_t *im, const char *key, json_t *v)
{
    if (v && im->fields && !json_object_get(im->fields, key)) {
        json_object_set(im->fields, key, v);
        place(im, key, 0, 0);
    }
    json_decref(v);
}

/* Records where body block N (just appended) comes from. */
static void place_block(galley_import_t *im)
{
    char field[48];
    snprintf(field, sizeof field, "body[%zu]", json_array_size(im->body) - 1);
    place(im, field, 0, 0);
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
        else
            place_block(im);
    }
    free(text);
    free(attribution);
}

/* Appends a list block of ITEMS (a JSON array of markup strings, taken):
 * bulleted, or ORDERED from START. An empty list adds nothing. */
void galley_import_list(galley_import_t *im, json_t *items, int ordered, int start)
{
    if (!items || json_array_size(items) == 0 || !im->body) {
        json_decref(items);
        return;
    }
    json_t *block = json_pack("{s:s, s:o}", "type", "list", "items", items);
    if (block && ordered)
        json_object_set_new(block, "ordered", json_true());
    if (block && ordered && start != 1)
        json_object_set_new(block, "start", json_integer(start));
    if (!block || json_array_append_new(im->body, block))
        im->st = im->st ? im->st : GALLEY_STATUS_NO_MEMORY;
    else
        place_block(im);
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
    char field[48];
    snprintf(field, sizeof field, "photos[%zu]", json_array_size(im->photos));
    if (p && !json_array_append_new(im->photos, p))
        place(im, field, line, col);
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
