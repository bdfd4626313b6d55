/* json.c: typed access to a JSON input file, with positions for messages.
 *
 * Owns: reading and parsing input files with jansson, rewording jansson's
 * parse errors for people who edit articles by hand (trailing commas,
 * duplicate fields, unclosed quotes), and the typed getters of json.h.
 * jansson keeps no positions for values, so on error the kept source text is
 * walked again along the node's path to find the value's line and column.
 */
#include "json.h"
#include "utf8.h"
#include "input.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- source positions ---------------------------------------------------- */

/* True for the bytes of a bare JSON token: numbers, true, false, null, typos. */
static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
}

/* True for JSON white space. */
static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Line and column (columns count UTF-8 characters, like jansson) of byte OFF. */
static void offset_to_line_col(const galley_json_doc_t *doc, size_t off, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off && i < doc->len; i++) {
        unsigned char b = (unsigned char)doc->text[i];
        if (b == '\n')
            l++, c = 1;
        else if ((b & 0xC0) != 0x80)
            c++;
    }
    *line = l;
    *column = c;
}

/* Skips JSON white space. */
static size_t skip_ws(const galley_json_doc_t *doc, size_t p)
{
    while (p < doc->len && is_blank(doc->text[p]))
        p++;
    return p;
}

/* Skips the string whose opening quote is at P; returns the offset past it. */
static size_t skip_string(const galley_json_doc_t *doc, size_t p)
{
    for (p++; p < doc->len; p++) {
        if (doc->text[p] == '\\')
            p++;
        else if (doc->text[p] == '"')
            return p + 1;
    }
    return doc->len;
}

/* Skips the value at P (the text parsed, so it is well formed). */
static size_t skip_value(const galley_json_doc_t *doc, size_t p)
{
    if (p >= doc->len)
        return p;
    char c = doc->text[p];
    if (c == '"')
        return skip_string(doc, p);
    if (c != '{' && c != '[') {
        while (p < doc->len && !strchr(",}] \t\r\n", doc->text[p]))
            p++;
        return p;
    }
    size_t depth = 0;
    while (p < doc->len) {
        c = doc->text[p];
        if (c == '"') {
            p = skip_string(doc, p);
            continue;
        }
        depth += c == '{' || c == '[';
        depth -= c == '}' || c == ']';
        p++;
        if (depth == 0)
            break;
    }
    return p;
}

/* True when the JSON string at P (START..END with quotes) spells KEY. */
static int key_equals(const galley_json_doc_t *doc, size_t start, size_t end, const char *key)
{
    size_t n = end - start - 2;
    const char *raw = doc->text + start + 1;
    if (!memchr(raw, '\\', n))
        return strlen(key) == n && memcmp(raw, key, n) == 0;
    json_t *s = json_loadb(doc->text + start, end - start, JSON_DECODE_ANY, NULL);
    int eq = s && json_is_string(s) && strcmp(json_string_value(s), key) == 0;
    json_decref(s);
    return eq;
}

/* Finds member KEY of the object at OBJ; sets the key's and value's offsets. */
static int find_member(const galley_json_doc_t *doc, size_t obj, const char *key, size_t *key_off,
                       size_t *val_off)
{
    size_t p = obj + 1;
    while (1) {
        p = skip_ws(doc, p);
        if (p >= doc->len || doc->text[p] != '"')
            return 0;
        size_t k = p, kend = skip_string(doc, p);
        p = skip_ws(doc, kend);
        if (p >= doc->len || doc->text[p] != ':')
            return 0;
        p = skip_ws(doc, p + 1);
        if (key_equals(doc, k, kend, key)) {
            *key_off = k;
            *val_off = p;
            return 1;
        }
        p = skip_ws(doc, skip_value(doc, p));
        if (p >= doc->len || doc->text[p] != ',')
            return 0;
        p++;
    }
}

/* Finds item INDEX of the array at ARR. */
static int find_item(const galley_json_doc_t *doc, size_t arr, size_t index, size_t *val_off)
{
    size_t p = skip_ws(doc, arr + 1);
    for (size_t i = 0; p < doc->len && doc->text[p] != ']'; i++) {
        if (i == index) {
            *val_off = p;
            return 1;
        }
        p = skip_ws(doc, skip_value(doc, p));
        if (p >= doc->len || doc->text[p] != ',')
            return 0;
        p = skip_ws(doc, p + 1);
    }
    return 0;
}

/* Offset of the node's value (KEY_POS: of its member name), or of the nearest
 * ancestor found. Returns 1 when the node itself was found. */
static int node_offset(const galley_json_node_t *node, int key_pos, size_t *off)
{
    const galley_json_doc_t *doc = node->doc;
    if (!node->parent) {
        *off = skip_ws(doc, 0);
        return 1;
    }
    if (!node_offset(node->parent, 0, off))
        return 0;
    size_t key_off, val_off;
    int found = 0;
    if (*off < doc->len && doc->text[*off] == '{' && node->key)
        found = find_member(doc, *off, node->key, &key_off, &val_off);
    else if (*off < doc->len && doc->text[*off] == '[' && !node->key)
        found = find_item(doc, *off, node->index, &val_off);
    if (found && node->value)
        *off = key_pos && node->key ? key_off : val_off;
    return found && node->value;
}

/* Line and column of the node; see json.h. */
void galley_json_position(const galley_json_node_t *node, int *line, int *column)
{
    size_t off = 0;
    *line = *column = 0;
    if (!node || !node->doc || !node->doc->text)
        return;
    node_offset(node, 0, &off);
    offset_to_line_col(node->doc, off, line, column);
}

/* Offset in the source of byte TARGET of the decoded string whose quote is at
 * QUOTE, so markup and control character errors point inside the string. */
static size_t string_source_offset(const galley_json_doc_t *doc, size_t quote, size_t target)
{
    size_t i = quote + 1, dec = 0;
    while (i < doc->len && doc->text[i] != '"' && dec < target) {
        if (doc->text[i] != '\\') {
            i++, dec++;
            continue;
        }
        if (i + 1 < doc->len && doc->text[i + 1] != 'u') {
            i += 2, dec++;
            continue;
        }
        unsigned long cp = strtoul(
            (char[5]){doc->text[i + 2], doc->text[i + 3], doc->text[i + 4], doc->text[i + 5], 0},
            NULL, 16);
        size_t adv = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF)
            adv = 12, cp = 0x10000;
        i += adv;
        dec += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
    return i;
}

/* ---- paths --------------------------------------------------------------- */

/* A growing string; on allocation failure it turns NULL and stays so. */
typedef struct {
    char *s;
    size_t len, cap;
} strbuf_t;

/* Appends N bytes of S, turning control characters into '?' for terminals. */
static void sb_add(strbuf_t *b, const char *s, size_t n)
{
    if (!b->s)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *t = realloc(b->s, cap);
        if (!t) {
            free(b->s);
            b->s = NULL;
            return;
        }
        b->s = t;
        b->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        b->s[b->len++] = c < 0x20 || c == 0x7F ? '?' : (char)c;
    }
    b->s[b->len] = '\0';
}

/* Starts an empty string buffer. */
static strbuf_t sb_new(void)
{
    strbuf_t b = {calloc(1, 16), 0, 16};
    return b;
}

/* Appends a path component: ".key" (no dot at the start) or "[index]". */
static void sb_add_component(strbuf_t *b, const char *key, size_t key_len, size_t index)
{
    if (key) {
        if (b->len)
            sb_add(b, ".", 1);
        sb_add(b, key, key_len);
    } else {
        char num[32];
        int n = snprintf(num, sizeof num, "[%zu]", index);
        sb_add(b, num, (size_t)n);
    }
}

/* Appends the node's path to B. */
static void path_append(strbuf_t *b, const galley_json_node_t *node)
{
    if (!node->parent)
        return;
    path_append(b, node->parent);
    sb_add_component(b, node->key, node->key ? strlen(node->key) : 0, node->index);
}

/* The field path of a node; see json.h. */
char *galley_json_path(const galley_json_node_t *node)
{
    strbuf_t b = sb_new();
    path_append(&b, node);
    return b.s;
}

/* ---- messages ------------------------------------------------------------ */

/* Keeps a message on one line and, when it was cut to fit, whole UTF-8
 * characters: messages quote what the user wrote. */
static void tidy_message(char *msg, size_t size)
{
    size_t n = strlen(msg);
    if (n == size - 1) {
        while (n > 0 && ((unsigned char)msg[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0 && (unsigned char)msg[n - 1] >= 0xC0)
            n--;
        msg[n] = '\0';
    }
    for (size_t i = 0; i < n; i++)
        if (msg[i] == '\n' || msg[i] == '\r' || msg[i] == '\t')
            msg[i] = ' ';
}

/* Records a diagnostic at source offset OFF with an explicit path. */
static galley_status_t report_at(galley_json_doc_t *doc, galley_severity_t sev,
                                 galley_status_t status, size_t off, const char *path,
                                 const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    tidy_message(msg, sizeof msg);
    int line = 0, col = 0;
    if (doc->text)
        offset_to_line_col(doc, off, &line, &col);
    if (sev == GALLEY_SEVERITY_WARNING) {
        galley_diags_warn(doc->diags, doc->file, line, col, path, "%s", msg);
        return GALLEY_STATUS_SUCCESS;
    }
    return galley_diags_error(doc->diags, status, doc->file, line, col, path, "%s", msg);
}

/* Counts the reports about DOC; see json.h. */
int galley_json_may_report(galley_json_doc_t *doc, galley_severity_t sev, galley_status_t status)
{
    if (doc->reported < GALLEY_JSON_MAX_REPORTS) {
        doc->reported++;
        return 1;
    }
    if (sev == GALLEY_SEVERITY_ERROR && !doc->capped_error) {
        doc->capped_error = 1;
        galley_diags_error(doc->diags, status, doc->file, 0, 0, NULL,
                           "more errors follow; only the first %d problems are shown",
                           GALLEY_JSON_MAX_REPORTS);
    } else if (sev == GALLEY_SEVERITY_WARNING && !doc->capped_warning) {
        doc->capped_warning = 1;
        galley_diags_warn(doc->diags, doc->file, 0, 0, NULL,
                          "more warnings follow; only the first %d problems are shown",
                          GALLEY_JSON_MAX_REPORTS);
    }
    return 0;
}

/* Records a diagnostic about NODE; KEY_POS points at the member name. */
static galley_status_t report_node(const galley_json_node_t *node, galley_severity_t sev,
                                   galley_status_t status, int key_pos, const char *fmt, va_list ap)
{
    if (!galley_json_may_report(node->doc, sev, status))
        return sev == GALLEY_SEVERITY_ERROR ? status : GALLEY_STATUS_SUCCESS;
    size_t off = 0;
    if (node->doc->text)
        node_offset(node, key_pos, &off);
    char *path = galley_json_path(node);
    galley_status_t st = report_at(node->doc, sev, status, off, path, fmt, ap);
    free(path);
    return st;
}

/* Records an error at the node; see json.h. */
galley_status_t galley_json_error(const galley_json_node_t *node, galley_status_t status,
                                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    galley_status_t st = report_node(node, GALLEY_SEVERITY_ERROR, status, 0, fmt, ap);
    va_end(ap);
    return st;
}

/* Records a warning at the node; see json.h. */
void galley_json_warn(const galley_json_node_t *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_node(node, GALLEY_SEVERITY_WARNING, GALLEY_STATUS_SUCCESS, 0, fmt, ap);
    va_end(ap);
}

/* Records a diagnostic of severity SEV at byte TARGET of a string node's
 * decoded value, placed at its line and column in the source. */
static galley_status_t report_in_string(const galley_json_node_t *node, galley_severity_t sev,
                                        size_t target, const char *fmt, va_list ap)
{
    if (!galley_json_may_report(node->doc, sev, GALLEY_STATUS_INPUT_ERROR))
        return sev == GALLEY_SEVERITY_ERROR ? GALLEY_STATUS_INPUT_ERROR : GALLEY_STATUS_SUCCESS;
    size_t off = 0;
    if (node->doc->text && node_offset(node, 0, &off))
        off = string_source_offset(node->doc, off, target);
    char *path = galley_json_path(node);
    galley_status_t st = report_at(node->doc, sev, GALLEY_STATUS_INPUT_ERROR, off, path, fmt, ap);
    free(path);
    return st;
}

/* Records an error at byte TARGET of a string node's value. */
static galley_status_t error_in_string(const galley_json_node_t *node, size_t target,
                                       const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static galley_status_t error_in_string(const galley_json_node_t *node, size_t target,
                                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    galley_status_t st = report_in_string(node, GALLEY_SEVERITY_ERROR, target, fmt, ap);
    va_end(ap);
    return st;
}

/* Records a warning at byte TARGET of a string node's value. */
static void warn_in_string(const galley_json_node_t *node, size_t target, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn_in_string(const galley_json_node_t *node, size_t target, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_in_string(node, GALLEY_SEVERITY_WARNING, target, fmt, ap);
    va_end(ap);
}

/* A value's kind as messages name it. */
const char *galley_json_kind(const json_t *value)
{
    switch (value ? json_typeof(value) : JSON_NULL) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    default:
        return "null";
    }
}

/* ---- parse errors -------------------------------------------------------- */

#define MAX_SCAN_DEPTH 64

/* One open container met by the tolerant scanner. */
typedef struct {
    char open;      /* '{' or '[' */
    size_t off;     /* offset of the bracket */
    size_t index;   /* arrays: current item */
    size_t key_off; /* objects: current member name (raw, without quotes) */
    size_t key_len;
    int has_key, expect_key;
} scan_frame_t;

/* What the tolerant scanner saw up to an offset. It reads text jansson
 * rejected, so it trusts nothing past the error. */
typedef struct {
    scan_frame_t frames[MAX_SCAN_DEPTH];
    size_t depth; /* may exceed MAX_SCAN_DEPTH; frames past it are not kept */
    int in_string;
    size_t string_start; /* offset of the open string's quote */
    int string_is_key;
} scan_t;

/* Updates S for one structural character C at offset I. */
static void scan_char(scan_t *s, char c, size_t i)
{
    scan_frame_t *top = s->depth && s->depth <= MAX_SCAN_DEPTH ? &s->frames[s->depth - 1] : NULL;
    if (c == '"') {
        s->in_string = 1;
        s->string_start = i;
        s->string_is_key = top && top->open == '{' && top->expect_key;
    } else if (c == '{' || c == '[') {
        if (s->depth < MAX_SCAN_DEPTH)
            s->frames[s->depth] = (scan_frame_t){c, i, 0, 0, 0, 0, c == '{'};
        s->depth++;
    } else if ((c == '}' || c == ']') && s->depth) {
        s->depth--;
    } else if (c == ',' && top) {
        top->index++;
        top->has_key = 0;
        top->expect_key = top->open == '{';
    } else if (c == ':' && top) {
        top->expect_key = 0;
    }
}

/* Scans the source up to END. */
static void scan_to(const galley_json_doc_t *doc, size_t end, scan_t *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < end && i < doc->len; i++) {
        char c = doc->text[i];
        if (!s->in_string) {
            scan_char(s, c, i);
            continue;
        }
        if (c == '\\') {
            i++;
        } else if (c == '"') {
            s->in_string = 0;
            scan_frame_t *top =
                s->depth && s->depth <= MAX_SCAN_DEPTH ? &s->frames[s->depth - 1] : NULL;
            if (s->string_is_key && top) {
                top->key_off = s->string_start + 1;
                top->key_len = i - s->string_start - 1;
                top->has_key = 1;
            }
        }
    }
}

/* The field path at offset END; CONTAINER leaves out the innermost member or item. */
static char *scan_path(const galley_json_doc_t *doc, size_t end, int container)
{
    scan_t s;
    scan_to(doc, end, &s);
    strbuf_t b = sb_new();
    size_t n = s.depth < MAX_SCAN_DEPTH ? s.depth : MAX_SCAN_DEPTH;
    if (container && n)
        n--;
    for (size_t i = 0; i < n; i++) {
        const scan_frame_t *f = &s.frames[i];
        if (f->open == '[')
            sb_add_component(&b, NULL, 0, f->index);
        else if (f->has_key)
            sb_add_component(&b, doc->text + f->key_off, f->key_len, 0);
    }
    return b.s;
}

/* Start of the token that ends just before END: a string, a word or one mark. */
static size_t token_start(const galley_json_doc_t *doc, size_t end)
{
    if (end == 0)
        return 0;
    size_t p = end - 1;
    if (doc->text[p] == '"') {
        while (p > 0) {
            p--;
            size_t bs = 0;
            while (p > bs && doc->text[p - bs - 1] == '\\')
                bs++;
            if (doc->text[p] == '"' && bs % 2 == 0)
                return p;
        }
        return p;
    }
    while (p > 0 && is_word_char(doc->text[p]) && is_word_char(doc->text[p - 1]))
        p--;
    return p;
}

/* The offset just past the last non-blank byte: where a truncated file ends. */
static size_t content_end(const galley_json_doc_t *doc)
{
    size_t p = doc->len;
    while (p > 0 && is_blank(doc->text[p - 1]))
        p--;
    return p;
}

/* A parse error: where to point, the field path, and the message. */
typedef struct {
    size_t at;
    char *path;
    char msg[400];
} parse_error_t;

/* A file that ends too early: an open string, nothing at all, or an open bracket. */
static void premature_end(const galley_json_doc_t *doc, parse_error_t *pe)
{
    scan_t s;
    scan_to(doc, doc->len, &s);
    pe->at = content_end(doc);
    pe->path = scan_path(doc, doc->len, !s.in_string);
    if (s.in_string) {
        pe->at = s.string_start;
        snprintf(pe->msg, sizeof pe->msg,
                 "the text in quotes starting here is never closed "
                 "(a '\"' is missing)");
    } else if (pe->at == 0) {
        snprintf(pe->msg, sizeof pe->msg, "the file is empty (expected a JSON object { ... })");
    } else if (s.depth && s.depth <= MAX_SCAN_DEPTH) {
        const scan_frame_t *f = &s.frames[s.depth - 1];
        int line, col;
        offset_to_line_col(doc, f->off, &line, &col);
        snprintf(pe->msg, sizeof pe->msg,
                 "the file ends too early: the '%c' at line %d, column %d is never closed "
                 "(is a '%c' missing, or is the file cut short?)",
                 f->open, line, col, f->open == '{' ? '}' : ']');
    } else {
        snprintf(pe->msg, sizeof pe->msg, "the file ends too early (is it cut short?)");
    }
}

/* A duplicate member name: point at the second one, say where the first is. */
static void duplicate_key(const galley_json_doc_t *doc, const json_error_t *e, parse_error_t *pe)
{
    size_t end = (size_t)e->position;
    pe->at = token_start(doc, end);
    pe->path = scan_path(doc, end, 0);
    scan_t s;
    scan_to(doc, pe->at, &s);
    size_t key_len = end - pe->at >= 2 ? end - pe->at - 2 : 0;
    int line = 0, col = 0;
    if (s.depth && s.depth <= MAX_SCAN_DEPTH) {
        char *key = strndup(doc->text + pe->at, end - pe->at);
        json_t *k = key ? json_loads(key, JSON_DECODE_ANY, NULL) : NULL;
        size_t first_key, first_val;
        if (json_is_string(k) && find_member(doc, s.frames[s.depth - 1].off, json_string_value(k),
                                             &first_key, &first_val))
            offset_to_line_col(doc, first_key, &line, &col);
        json_decref(k);
        free(key);
    }
    snprintf(pe->msg, sizeof pe->msg,
             "the field \"%.*s\" is given twice (first at line %d, "
             "column %d); keep one",
             (int)(key_len > 100 ? 100 : key_len), doc->text + pe->at + 1, line, col);
}

/* The token jansson quotes after " near '", or "" when there is none. */
static void near_token(const json_error_t *e, char *out, size_t size)
{
    const char *p = strstr(e->text, " near '");
    out[0] = '\0';
    if (!p)
        return;
    p += 7;
    size_t n = strlen(p);
    if (n && p[n - 1] == '\'')
        n--;
    snprintf(out, size, "%.*s", (int)n, p);
}

/* Quotes a token for a message: strings show as written, others in quotes. */
static const char *show_token(const char *tok, char *buf, size_t size)
{
    if (tok[0] == '"')
        return tok;
    snprintf(buf, size, tok[0] == '\'' ? "\"%s\"" : "'%s'", tok);
    return buf;
}

/* A control character inside quotes: a raw line break or tab, or another one. */
static void control_in_string(const galley_json_doc_t *doc, const json_error_t *e,
                              parse_error_t *pe)
{
    pe->at = (size_t)e->position;
    pe->path = scan_path(doc, pe->at, 0);
    unsigned c = pe->at < doc->len ? (unsigned char)doc->text[pe->at] : 0;
    if (c == '\n' || c == '\r' || strstr(e->text, "newline"))
        snprintf(pe->msg, sizeof pe->msg,
                 "a line break inside quotes: is a closing '\"' "
                 "missing? (write \\n for a line break in text)");
    else if (c == '\t')
        snprintf(pe->msg, sizeof pe->msg, "a tab inside quotes must be written \\t");
    else
        snprintf(pe->msg, sizeof pe->msg,
                 "a control character (U+%04X) inside quotes is not allowed", c);
}

/* An invalid escape: point at its backslash and explain JSON's escaping. */
static void bad_escape(const galley_json_doc_t *doc, const json_error_t *e, parse_error_t *pe)
{
    size_t p = (size_t)e->position;
    while (p > 0 && doc->text[p - 1] != '\\')
        p--;
    pe->at = p ? p - 1 : 0;
    pe->path = scan_path(doc, pe->at, 0);
    int n = pe->at + 2 <= doc->len ? 2 : 1;
    if (n == 2 && doc->text[pe->at + 1] == 'u')
        snprintf(pe->msg, sizeof pe->msg,
                 "'\\u' must be followed by four hexadecimal digits (like \\u00e9) naming a "
                 "character");
    else
        snprintf(pe->msg, sizeof pe->msg,
                 "'%.*s' is not a JSON escape: in JSON a backslash is written \\\\ (so the markup "
                 "escape \\* is written \\\\*)",
                 n, doc->text + pe->at);
}

/* Length of "'\uD800'" at the start of S, as jansson quotes a bad escape. */
static int unicode_escape_len(const char *s)
{
    const char *end = s[0] == '\'' ? strchr(s + 1, '\'') : NULL;
    return end ? (int)(end - s + 1) : (int)strnlen(s, 40);
}

/* Syntax errors: a trailing comma, a missing comma or colon, a bad token. */
static void syntax_error(const galley_json_doc_t *doc, const json_error_t *e, parse_error_t *pe)
{
    char tok[64];
    near_token(e, tok, sizeof tok);
    size_t end = (size_t)e->position;
    pe->at = token_start(doc, end);
    size_t prev = pe->at;
    while (prev > 0 && is_blank(doc->text[prev - 1]))
        prev--;
    if ((!strcmp(tok, "}") || !strcmp(tok, "]")) && prev > 0 && doc->text[prev - 1] == ',') {
        pe->at = prev - 1;
        pe->path = scan_path(doc, pe->at, 1);
        snprintf(pe->msg, sizeof pe->msg,
                 "remove this comma: JSON allows no comma after the "
                 "last item before '%s'",
                 tok);
        return;
    }
    pe->path = scan_path(doc, pe->at, 0);
    char buf[80];
    const char *shown = show_token(tok, buf, sizeof buf);
    if (!strncmp(e->text, "'}' expected", 12) || !strncmp(e->text, "']' expected", 12))
        snprintf(pe->msg, sizeof pe->msg, "expected ',' or '%c' before %s (is a comma missing?)",
                 e->text[1], shown);
    else if (!strncmp(e->text, "string or '}' expected", 22))
        snprintf(pe->msg, sizeof pe->msg, "expected a field name in double quotes, found %s",
                 shown);
    else if (!strncmp(e->text, "':' expected", 12))
        snprintf(pe->msg, sizeof pe->msg, "expected ':' after the field name, found %s", shown);
    else if (!strncmp(e->text, "invalid token", 13))
        snprintf(pe->msg, sizeof pe->msg,
                 "%s is not JSON (text goes in double quotes; true, "
                 "false and null are lower case)",
                 shown);
    else if (!strncmp(e->text, "unexpected token", 16))
        snprintf(pe->msg, sizeof pe->msg,
                 "expected a value (text in double quotes, a number, [ or {), found %s", shown);
    else if (!strncmp(e->text, "invalid Unicode", 15))
        snprintf(pe->msg, sizeof pe->msg,
                 "%.*s is not a valid character escape (a lone half "
                 "of a surrogate pair)",
                 unicode_escape_len(e->text + 16), e->text + 16);
    else
        snprintf(pe->msg, sizeof pe->msg, "invalid JSON: %s", e->text);
}

/* The message of a nesting limit hit. */
static void nesting_message(int max_depth, char *msg, size_t size)
{
    snprintf(msg, size,
             "the JSON is nested more than %d levels deep here, over the nesting limit of %d "
             "(galley_limits_t.max_depth; an article or layout needs 5 at most)",
             max_depth, max_depth);
}

/* Reports nesting over MAX_DEPTH at the bracket at offset OFF. */
static galley_status_t nested_too_deeply(galley_json_doc_t *doc, size_t off, int max_depth)
{
    char msg[200];
    nesting_message(max_depth, msg, sizeof msg);
    char *path = scan_path(doc, off, 0);
    if (path && strlen(path) > 60)
        strcpy(path + 56, "...");
    int line, col;
    offset_to_line_col(doc, off, &line, &col);
    galley_status_t st = galley_diags_error(doc->diags, GALLEY_STATUS_LIMIT_ERROR, doc->file, line,
                                            col, path, "%s", msg);
    free(path);
    return st;
}

/* Fills PE for jansson's error E. */
static galley_status_t explain_parse_error(const galley_json_doc_t *doc, const json_error_t *e,
                                           parse_error_t *pe)
{
    size_t pos = (size_t)e->position > doc->len ? doc->len : (size_t)e->position;
    pe->at = pos;
    switch (json_error_code(e)) {
    case json_error_out_of_memory:
        snprintf(pe->msg, sizeof pe->msg, "out of memory");
        return GALLEY_STATUS_NO_MEMORY;
    case json_error_stack_overflow:
        pe->path = scan_path(doc, pos, 0);
        nesting_message(doc->max_depth, pe->msg, sizeof pe->msg);
        return GALLEY_STATUS_LIMIT_ERROR;
    case json_error_invalid_utf8:
        pe->path = scan_path(doc, pos, 0);
        snprintf(pe->msg, sizeof pe->msg,
                 "the file is not valid UTF-8 text (byte 0x%02X here); "
                 "save it with UTF-8 encoding",
                 pos < doc->len ? (unsigned char)doc->text[pos] : 0);
        return GALLEY_STATUS_INPUT_ERROR;
    case json_error_premature_end_of_input:
        premature_end(doc, pe);
        return GALLEY_STATUS_INPUT_ERROR;
    case json_error_end_of_input_expected:
        pe->at = token_start(doc, pos);
        snprintf(pe->msg, sizeof pe->msg, "unexpected text after the end of the JSON object");
        return GALLEY_STATUS_INPUT_ERROR;
    case json_error_null_character:
        while (pe->at > 0 && strncmp(doc->text + pe->at, "\\u0000", 6))
            pe->at--;
        pe->path = scan_path(doc, pos, 0);
        snprintf(pe->msg, sizeof pe->msg, "a NUL character (\\u0000) is not allowed in text");
        return GALLEY_STATUS_INPUT_ERROR;
    case json_error_duplicate_key:
        duplicate_key(doc, e, pe);
        return GALLEY_STATUS_INPUT_ERROR;
    case json_error_numeric_overflow:
        pe->at = token_start(doc, pos);
        pe->path = scan_path(doc, pe->at, 0);
        snprintf(pe->msg, sizeof pe->msg, "the number is too large");
        return GALLEY_STATUS_INPUT_ERROR;
    default:
        break;
    }
    if (!strncmp(e->text, "control character", 17) || !strncmp(e->text, "unexpected newline", 18))
        control_in_string(doc, e, pe);
    else if (!strncmp(e->text, "invalid escape", 14))
        bad_escape(doc, e, pe);
    else
        syntax_error(doc, e, pe);
    return GALLEY_STATUS_INPUT_ERROR;
}

/* Reports jansson's parse error E at a helpful position with a plain message. */
static galley_status_t parse_error(galley_json_doc_t *doc, const json_error_t *e)
{
    parse_error_t pe = {0};
    galley_status_t st = explain_parse_error(doc, e, &pe);
    int line = 0, col = 0;
    offset_to_line_col(doc, pe.at, &line, &col);
    st = galley_diags_error(doc->diags, st, doc->file, line, col, pe.path, "%s", pe.msg);
    free(pe.path);
    return st;
}

/* ---- loading ------------------------------------------------------------- */

/* The limits with defaults filled in and max_depth clamped to jansson's. */
static galley_json_limits_t effective_limits(const galley_json_limits_t *limits)
{
    galley_json_limits_t l = limits ? *limits : (galley_json_limits_t){0, 0};
    if (!(l.max_input_mb > 0))
        l.max_input_mb = GALLEY_DEFAULT_MAX_INPUT_MB;
    if (l.max_depth <= 0)
        l.max_depth = GALLEY_DEFAULT_MAX_DEPTH;
    if (l.max_depth > GALLEY_JSON_MAX_DEPTH)
        l.max_depth = GALLEY_JSON_MAX_DEPTH;
    return l;
}

/* The input limit in bytes. */
static size_t max_bytes_of(const galley_json_limits_t *l)
{
    double b = l->max_input_mb * 1048576.0;
    return b >= (double)(SIZE_MAX / 2) ? SIZE_MAX / 2 : (size_t)b;
}

/* Reports a file over the input size limit. SIZE is 0 when unknown (a pipe). */
static galley_status_t too_large(galley_json_doc_t *doc, const galley_json_limits_t *l, size_t size)
{
    if (size)
        return galley_diags_error(doc->diags, GALLEY_STATUS_LIMIT_ERROR, doc->file, 0, 0, NULL,
                                  "the file is %.*f %s, over the input size limit of %g MB "
                                  "(--max-input-mb raises it)",
                                  size < 1048576 ? 0 : 1,
                                  size < 1048576 ? size / 1024.0 : size / 1048576.0,
                                  size < 1048576 ? "KB" : "MB", l->max_input_mb);
    return galley_diags_error(doc->diags, GALLEY_STATUS_LIMIT_ERROR, doc->file, 0, 0, NULL,
                              "the file is over the input size limit of %g MB "
                              "(--max-input-mb raises it)",
                              l->max_input_mb);
}

/* Reads the whole file into doc->buf, at most MAX bytes; errors name the file.
 * The file is opened safely (input.c: a regular file, inside the root when
 * there is one) and its size checked before a byte is read. */
static galley_status_t read_file(galley_json_doc_t *doc, const char *path,
                                 const galley_json_limits_t *l, const char *root)
{
    size_t max = max_bytes_of(l);
    struct stat sb;
    int fd = galley_input_open(path, root, "the file", &sb, doc->diags);
    if (fd < 0)
        return GALLEY_STATUS_INPUT_ERROR;
    if ((uintmax_t)sb.st_size > (uintmax_t)max) {
        close(fd);
        return too_large(doc, l, (size_t)sb.st_size);
    }
    size_t cap = (size_t)sb.st_size + 1, len = 0; /* one more byte shows a file that grew */
    char *buf = malloc(cap + 1);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    while (buf && st == GALLEY_STATUS_SUCCESS) {
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            st = galley_diags_error(doc->diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                                    "cannot read the file: %s", strerror(errno));
        else if ((len += (size_t)got) > max)
            st = too_large(doc, l, 0);
        else if (got == 0)
            break;
        else if (len == cap) {
            size_t bigger_cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *bigger = realloc(buf, bigger_cap + 1);
            if (!bigger)
                free(buf);
            buf = bigger;
            cap = bigger_cap;
        }
    }
    close(fd);
    if (!buf)
        return galley_diags_error(doc->diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, NULL,
                                  "out of memory");
    if (st != GALLEY_STATUS_SUCCESS) {
        free(buf);
        return st;
    }
    buf[len] = '\0';
    doc->buf = buf;
    doc->len = len;
    return GALLEY_STATUS_SUCCESS;
}

/* Refuses text in another encoding than UTF-8, naming the first bad byte by
 * its offset in the file: jansson would stop there, and Pango would drop
 * everything after it without a word. */
static galley_status_t check_encoding(galley_json_doc_t *doc)
{
    const unsigned char *b = (const unsigned char *)doc->buf;
    size_t n = doc->len;
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return galley_diags_error(doc->diags, GALLEY_STATUS_INPUT_ERROR, doc->file, 1, 1, NULL,
                                  "the file is UTF-16 text (it starts with a UTF-16 byte order "
                                  "mark); save it as UTF-8");
    size_t skip = (size_t)(doc->text - doc->buf);
    size_t bad = galley_utf8_check(doc->text, doc->len);
    if (bad == doc->len)
        return GALLEY_STATUS_SUCCESS;
    int line, col;
    offset_to_line_col(doc, bad, &line, &col);
    char *path = scan_path(doc, bad, 0);
    unsigned char c = (unsigned char)doc->text[bad];
    galley_status_t st;
    if (c == 0)
        st = galley_diags_error(doc->diags, GALLEY_STATUS_INPUT_ERROR, doc->file, line, col, path,
                                "a NUL byte at byte %zu of the file: this is not UTF-8 text "
                                "(UTF-16, or a binary file?)",
                                bad + skip);
    else
        st = galley_diags_error(doc->diags, GALLEY_STATUS_INPUT_ERROR, doc->file, line, col, path,
                                "the file is not valid UTF-8 text: byte 0x%02X at byte %zu of "
                                "the file is not part of a UTF-8 character (Latin-1 or "
                                "Windows-1252 text?); save it as UTF-8",
                                c, bad + skip);
    free(path);
    (void)n;
    return st;
}

/* Reports nesting deeper than the limit at the first bracket past it, looking
 * at the first END bytes (jansson read them, so strings are well formed). */
static galley_status_t check_depth(galley_json_doc_t *doc, size_t end, int max_depth)
{
    int depth = 0;
    for (size_t i = 0; i < end && i < doc->len; i++) {
        char c = doc->text[i];
        if (c == '"') {
            i = skip_string(doc, i) - 1;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth)
                return nested_too_deeply(doc, i, max_depth);
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return GALLEY_STATUS_SUCCESS;
}

/* Checks and parses the bytes in doc->buf. */
static galley_status_t parse_doc(galley_json_doc_t *doc, const galley_json_limits_t *l)
{
    doc->text = doc->buf;
    if (doc->len >= 3 && !memcmp(doc->buf, "\xEF\xBB\xBF", 3))
        doc->text += 3, doc->len -= 3;
    doc->max_depth = l->max_depth;
    galley_status_t st = check_encoding(doc);
    if (st == GALLEY_STATUS_SUCCESS) {
        json_error_t e;
        doc->root = json_loadb(doc->text, doc->len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
        if (!doc->root && json_error_code(&e) == json_error_stack_overflow)
            st = check_depth(doc, (size_t)e.position, l->max_depth);
        if (st == GALLEY_STATUS_SUCCESS)
            st = doc->root ? check_depth(doc, doc->len, l->max_depth) : parse_error(doc, &e);
    }
    if (st != GALLEY_STATUS_SUCCESS) {
        json_decref(doc->root);
        doc->root = NULL;
        free(doc->buf);
        doc->buf = NULL;
        doc->text = NULL;
        doc->len = 0;
    }
    return st;
}

/* Starts DOC for the file or buffer NAME: empty, reporting into DIAGS. */
static galley_status_t doc_begin(galley_json_doc_t *doc, const char *name, galley_diags_t *diags)
{
    memset(doc, 0, sizeof *doc);
    doc->diags = diags;
    doc->file = strdup(name);
    if (!doc->file)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, name, 0, 0, NULL,
                                  "out of memory");
    return GALLEY_STATUS_SUCCESS;
}

/* Reads and parses PATH; see json.h. */
galley_status_t galley_json_doc_load(galley_json_doc_t *doc, const char *path,
                                     const galley_json_limits_t *limits, galley_diags_t *diags)
{
    return galley_json_doc_load_confined(doc, path, limits, NULL, diags);
}

/* Reads and parses PATH inside ROOT; see json.h. */
galley_status_t galley_json_doc_load_confined(galley_json_doc_t *doc, const char *path,
                                              const galley_json_limits_t *limits, const char *root,
                                              galley_diags_t *diags)
{
    galley_status_t st = doc_begin(doc, path, diags);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    galley_json_limits_t l = effective_limits(limits);
    st = read_file(doc, path, &l, root);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    return parse_doc(doc, &l);
}

/* Parses a copy of DATA; see json.h. */
galley_status_t galley_json_doc_load_buffer(galley_json_doc_t *doc, const char *name,
                                            const char *data, size_t len,
                                            const galley_json_limits_t *limits,
                                            galley_diags_t *diags)
{
    galley_status_t st = doc_begin(doc, name, diags);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    galley_json_limits_t l = effective_limits(limits);
    if (len > max_bytes_of(&l))
        return too_large(doc, &l, len);
    doc->buf = malloc(len + 1);
    if (!doc->buf)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, name, 0, 0, NULL,
                                  "out of memory");
    if (len)
        memcpy(doc->buf, data, len);
    doc->buf[len] = '\0';
    doc->len = len;
    return parse_doc(doc, &l);
}

/* Frees the tree and the text; the file name too. */
void galley_json_doc_fini(galley_json_doc_t *doc)
{
    if (!doc)
        return;
    json_decref(doc->root);
    free(doc->buf);
    free(doc->file);
    memset(doc, 0, sizeof *doc);
}

/* ---- nodes and getters --------------------------------------------------- */

/* The root value. */
galley_json_node_t galley_json_root(galley_json_doc_t *doc)
{
    return (galley_json_node_t){doc, NULL, NULL, 0, doc->root};
}

/* A member of an object; absent when there is none. */
galley_json_node_t galley_json_member(const galley_json_node_t *object, const char *key)
{
    json_t *v = json_is_object(object->value) ? json_object_get(object->value, key) : NULL;
    return (galley_json_node_t){object->doc, object, key, 0, v};
}

/* An item of an array; absent when out of range. */
galley_json_node_t galley_json_item(const galley_json_node_t *array, size_t index)
{
    json_t *v = json_is_array(array->value) ? json_array_get(array->value, index) : NULL;
    return (galley_json_node_t){array->doc, array, NULL, index, v};
}

/* True when there is a value other than null. */
int galley_json_present(const galley_json_node_t *node)
{
    return node->value && !json_is_null(node->value);
}

/* Common start of every getter: absent and wrong-type checks. Returns 1 when
 * the caller should read the value, 0 when it should return *ST. */
static int check_kind(const galley_json_node_t *node, int required, int ok, const char *expected,
                      galley_status_t *st)
{
    *st = GALLEY_STATUS_SUCCESS;
    if (!node->value || (json_is_null(node->value) && !required)) {
        if (required)
            *st = galley_json_error(node, GALLEY_STATUS_INPUT_ERROR, "required field is missing");
        return 0;
    }
    if (!ok) {
        *st = galley_json_error(node, GALLEY_STATUS_INPUT_ERROR, "expected %s, found %s", expected,
                                galley_json_kind(node->value));
        return 0;
    }
    return 1;
}

/* Checks for an object. */
galley_status_t galley_json_object(const galley_json_node_t *node, int required)
{
    galley_status_t st;
    check_kind(node, required, json_is_object(node->value), "an object { ... }", &st);
    return st;
}

/* Checks for an array and gives its length. */
galley_status_t galley_json_array(const galley_json_node_t *node, int required, size_t *count)
{
    galley_status_t st;
    if (check_kind(node, required, json_is_array(node->value), "an array [ ... ]", &st))
        *count = json_array_size(node->value);
    return st;
}

/* What Windows-1252 prints for bytes 0x80-0x9F: text decoded as Latin-1 by
 * mistake carries them as C1 controls. "" where 1252 has no character. */
static const char *const CP1252_C1[32] = {
    "\u20AC", "",       "\u201A", "\u0192", "\u201E", "\u2026", "\u2020", "\u2021",
    "\u02C6", "\u2030", "\u0160", "\u2039", "\u0152", "",       "\u017D", "",
    "",       "\u2018", "\u2019", "\u201C", "\u201D", "\u2022", "\u2013", "\u2014",
    "\u02DC", "\u2122", "\u0161", "\u203A", "\u0153", "",       "\u017E", "\u0178"};

/* Checks a string's bytes: UTF-8, no NUL, no control characters but white
 * space (tab, line feed, carriage return and U+0085 NEXT LINE), and no
 * noncharacters (U+FFFE, U+FDD0, ...: cairo refuses to print them). */
static galley_status_t check_string_bytes(const galley_json_node_t *node, const char *s, size_t len)
{
    size_t bad = galley_utf8_check(s, len);
    if (bad < len)
        return error_in_string(node, bad,
                               s[bad] ? "the text is not valid UTF-8 (byte %zu)"
                                      : "a NUL character (byte %zu) is not allowed "
                                        "in text",
                               bad);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            return error_in_string(node, i,
                                   "a control character (U+%04X) at byte %zu is not allowed in "
                                   "text; remove it",
                                   c, i);
        unsigned char c1 = i + 1 < len ? (unsigned char)s[i + 1] : 0;
        if (c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F && c1 != 0x85) {
            const char *was = CP1252_C1[c1 - 0x80];
            if (was[0])
                return error_in_string(node, i,
                                       "a control character (U+%04X) at byte %zu is not allowed "
                                       "in text (was it '%s', from Windows-1252 text read as "
                                       "Latin-1?)",
                                       c1, i, was);
            return error_in_string(node, i,
                                   "a control character (U+%04X) at byte %zu is not allowed in "
                                   "text; remove it",
                                   c1, i);
        }
    }
    uint32_t cp = 0;
    size_t non = galley_utf8_find_noncharacter(s, len, &cp);
    if (non < len)
        return error_in_string(node, non,
                               "a Unicode noncharacter (U+%04X) at byte %zu is not allowed in "
                               "text; remove it",
                               (unsigned)cp, non);
    return GALLEY_STATUS_SUCCESS;
}

/* Gets a checked string. */
galley_status_t galley_json_string(const galley_json_node_t *node, int required, const char **out)
{
    galley_status_t st;
    if (!check_kind(node, required, json_is_string(node->value), "a string", &st))
        return st;
    const char *s = json_string_value(node->value);
    st = check_string_bytes(node, s, json_string_length(node->value));
    if (st == GALLEY_STATUS_SUCCESS)
        *out = s;
    return st;
}

/* Gets a number (integer or real). */
galley_status_t galley_json_number(const galley_json_node_t *node, int required, double *out)
{
    galley_status_t st;
    if (check_kind(node, required, json_is_number(node->value), "a number", &st))
        *out = json_number_value(node->value);
    return st;
}

/* Gets a whole number that fits an int. */
galley_status_t galley_json_int(const galley_json_node_t *node, int required, int *out)
{
    galley_status_t st;
    if (!check_kind(node, required, json_is_number(node->value), "a whole number", &st))
        return st;
    double v = json_number_value(node->value);
    if (v < -2147483647.0 || v > 2147483647.0 || (double)(int)v != v)
        return galley_json_error(node, GALLEY_STATUS_INPUT_ERROR,
                                 "expected a whole number, found %g", v);
    *out = (int)v;
    return st;
}

/* Gets true or false. */
galley_status_t galley_json_bool(const galley_json_node_t *node, int required, int *out)
{
    galley_status_t st;
    if (check_kind(node, required, json_is_boolean(node->value), "true or false", &st))
        *out = json_is_true(node->value);
    return st;
}

/* Warns about each link of OUT that cannot go into a PDF (galley_link_refusal)
 * at its '[' in the source, and keeps its text without the link. */
static void check_links(const galley_json_node_t *node, galley_text_t *out)
{
    char why[200];
    for (size_t k = 0; k < out->n_spans;) {
        const galley_span_t *sp = &out->spans[k];
        if (sp->kind == GALLEY_SPAN_LINK && galley_link_refusal(sp->url, why, sizeof why)) {
            warn_in_string(node, sp->src, "%s", why);
            galley_text_unlink(out, k);
        } else {
            k++;
        }
    }
}

/* Gets a string as text; markup errors point inside the string. */
galley_status_t galley_json_text(const galley_json_node_t *node, int required, int markup,
                                 galley_text_t *out)
{
    memset(out, 0, sizeof *out);
    const char *s = NULL;
    galley_status_t st = galley_json_string(node, required, &s);
    if (st != GALLEY_STATUS_SUCCESS || !s)
        return st;
    size_t len = json_string_length(node->value);
    if (len > GALLEY_MAX_TEXT_BYTES)
        return galley_json_error(node, GALLEY_STATUS_LIMIT_ERROR,
                                 "the text is %zu bytes long, over the limit of %d bytes "
                                 "(about 10,000 words) for one paragraph or field; split it "
                                 "into paragraphs",
                                 len, GALLEY_MAX_TEXT_BYTES);
    galley_text_error_t err = {0};
    st = galley_text_parse_raw(s, markup, out, &err);
    if (st == GALLEY_STATUS_INPUT_ERROR)
        return error_in_string(node, err.offset, "%s", err.message);
    if (st != GALLEY_STATUS_SUCCESS)
        return galley_json_error(node, st, "out of memory");
    check_links(node, out);
    return st;
}

/* Edit distance of two short names, for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return (size_t)-1;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The known name closest to KEY within two edits, or NULL. */
static const char *closest(const char *key, const char *const *known)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; known[i]; i++) {
        size_t d = edit_distance(key, known[i]);
        if (d < best_d && d < strlen(known[i]))
            best = known[i], best_d = d;
    }
    return best;
}

/* Records a warning pointing at a member's name rather than its value. */
static void warn_key(const galley_json_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn_key(const galley_json_node_t *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_node(node, GALLEY_SEVERITY_WARNING, GALLEY_STATUS_SUCCESS, 1, fmt, ap);
    va_end(ap);
}

/* Warns about unknown members; see json.h. */
void galley_json_check_fields(const galley_json_node_t *object, const char *const *known)
{
    if (!json_is_object(object->value))
        return;
    const char *key;
    json_t *value;
    json_object_foreach(object->value, key, value)
    {
        size_t i = 0;
        while (known[i] && strcmp(known[i], key))
            i++;
        if (known[i])
            continue;
        galley_json_node_t member = {object->doc, object, key, 0, value};
        const char *hint = closest(key, known);
        strbuf_t b = sb_new();
        sb_add(&b, key, strlen(key));
        const char *shown = b.s ? b.s : "?";
        if (hint)
            warn_key(&member, "unknown field '%s' (ignored; did you mean '%s'?)", shown, hint);
        else
            warn_key(&member, "unknown field '%s' (ignored)", shown);
        free(b.s);
    }
}

char *galley_path_beside(const char *file, const char *rel)
{
    const char *slash = strrchr(file, '/');
    size_t dir = rel[0] == '/' || !slash ? 0 : (size_t)(slash - file) + 1;
    size_t n = dir + strlen(rel) + 1;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%.*s%s", (int)dir, file, rel);
    return out;
}
