/* json_syntax.c: jansson's parse errors, reworded for people who edit
 * articles by hand.
 *
 * Owns: a tolerant scanner over text jansson rejected (it trusts nothing past
 * the error) that finds the field path and the token at fault, and the plain
 * messages for trailing commas, duplicate fields, unclosed quotes, bad
 * escapes and nesting past the limit. json.c calls it when parsing fails.
 */
#include "json_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
char *galley_json_scan_path(const galley_json_doc_t *doc, size_t end, int container)
{
    scan_t s;
    scan_to(doc, end, &s);
    galley_strbuf_t b = galley_strbuf_new();
    size_t n = s.depth < MAX_SCAN_DEPTH ? s.depth : MAX_SCAN_DEPTH;
    if (container && n)
        n--;
    for (size_t i = 0; i < n; i++) {
        const scan_frame_t *f = &s.frames[i];
        if (f->open == '[')
            galley_strbuf_add_step(&b, NULL, 0, f->index);
        else if (f->has_key)
            galley_strbuf_add_step(&b, doc->text + f->key_off, f->key_len, 0);
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
    while (p > 0 && galley_json_is_word_char(doc->text[p]) &&
           galley_json_is_word_char(doc->text[p - 1]))
        p--;
    return p;
}

/* The offset just past the last non-blank byte: where a truncated file ends. */
static size_t content_end(const galley_json_doc_t *doc)
{
    size_t p = doc->len;
    while (p > 0 && galley_json_is_blank(doc->text[p - 1]))
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
    pe->path = galley_json_scan_path(doc, doc->len, !s.in_string);
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
        galley_json_line_col(doc, f->off, &line, &col);
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
    pe->path = galley_json_scan_path(doc, end, 0);
    scan_t s;
    scan_to(doc, pe->at, &s);
    size_t key_len = end - pe->at >= 2 ? end - pe->at - 2 : 0;
    int line = 0, col = 0;
    if (s.depth && s.depth <= MAX_SCAN_DEPTH) {
        char *key = strndup(doc->text + pe->at, end - pe->at);
        json_t *k = key ? json_loads(key, JSON_DECODE_ANY, NULL) : NULL;
        size_t first_key, first_val;
        if (json_is_string(k) &&
            galley_json_find_member(doc, s.frames[s.depth - 1].off, json_string_value(k),
                                    &first_key, &first_val))
            galley_json_line_col(doc, first_key, &line, &col);
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
    pe->path = galley_json_scan_path(doc, pe->at, 0);
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
    pe->path = galley_json_scan_path(doc, pe->at, 0);
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
    while (prev > 0 && galley_json_is_blank(doc->text[prev - 1]))
        prev--;
    if ((!strcmp(tok, "}") || !strcmp(tok, "]")) && prev > 0 && doc->text[prev - 1] == ',') {
        pe->at = prev - 1;
        pe->path = galley_json_scan_path(doc, pe->at, 1);
        snprintf(pe->msg, sizeof pe->msg,
                 "remove this comma: JSON allows no comma after the "
                 "last item before '%s'",
                 tok);
        return;
    }
    pe->path = galley_json_scan_path(doc, pe->at, 0);
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
galley_status_t galley_json_nested_too_deeply(galley_json_doc_t *doc, size_t off, int max_depth)
{
    char msg[200];
    nesting_message(max_depth, msg, sizeof msg);
    char *path = galley_json_scan_path(doc, off, 0);
    if (path && strlen(path) > 60)
        strcpy(path + 56, "...");
    int line, col;
    galley_json_line_col(doc, off, &line, &col);
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
        pe->path = galley_json_scan_path(doc, pos, 0);
        nesting_message(doc->max_depth, pe->msg, sizeof pe->msg);
        return GALLEY_STATUS_LIMIT_ERROR;
    case json_error_invalid_utf8:
        pe->path = galley_json_scan_path(doc, pos, 0);
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
        pe->path = galley_json_scan_path(doc, pos, 0);
        snprintf(pe->msg, sizeof pe->msg, "a NUL character (\\u0000) is not allowed in text");
        return GALLEY_STATUS_INPUT_ERROR;
    case json_error_duplicate_key:
        duplicate_key(doc, e, pe);
        return GALLEY_STATUS_INPUT_ERROR;
    case json_error_numeric_overflow:
        pe->at = token_start(doc, pos);
        pe->path = galley_json_scan_path(doc, pe->at, 0);
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
galley_status_t galley_json_parse_error(galley_json_doc_t *doc, const json_error_t *e)
{
    parse_error_t pe = {0};
    galley_status_t st = explain_parse_error(doc, e, &pe);
    int line = 0, col = 0;
    galley_json_line_col(doc, pe.at, &line, &col);
    st = galley_diags_error(doc->diags, st, doc->file, line, col, pe.path, "%s", pe.msg);
    free(pe.path);
    return st;
}
