/* json_report.c: field paths and the messages made about a document's values.
 *
 * Owns: field paths ("body[3].text"), recording errors and warnings at a
 * node's line:column (or inside a string, at the character at fault), the
 * cap of GALLEY_JSON_MAX_REPORTS diagnostics a document makes, the names of
 * value kinds, and the unknown-field warnings with their "did you mean"
 * suggestions. Everything it records goes to the document's diagnostics.
 */
#include "json_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- paths --------------------------------------------------------------- */

/* Appends N bytes of S, turning control characters into '?' for terminals. */
void galley_strbuf_add(galley_strbuf_t *b, const char *s, size_t n)
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
galley_strbuf_t galley_strbuf_new(void)
{
    galley_strbuf_t b = {calloc(1, 16), 0, 16};
    return b;
}

/* Appends a path component: ".key" (no dot at the start) or "[index]". */
void galley_strbuf_add_step(galley_strbuf_t *b, const char *key, size_t key_len, size_t index)
{
    if (key) {
        if (b->len)
            galley_strbuf_add(b, ".", 1);
        galley_strbuf_add(b, key, key_len);
    } else {
        char num[32];
        int n = snprintf(num, sizeof num, "[%zu]", index);
        galley_strbuf_add(b, num, (size_t)n);
    }
}

/* Appends the node's path to B. */
static void path_append(galley_strbuf_t *b, const galley_json_node_t *node)
{
    if (!node->parent)
        return;
    path_append(b, node->parent);
    galley_strbuf_add_step(b, node->key, node->key ? strlen(node->key) : 0, node->index);
}

/* The field path of a node; see json.h. */
char *galley_json_path(const galley_json_node_t *node)
{
    galley_strbuf_t b = galley_strbuf_new();
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
    if (doc->mapped)
        galley_json_mapped_place(doc, path, &line, &col);
    else if (doc->text)
        galley_json_line_col(doc, off, &line, &col);
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
galley_status_t galley_json_report_node(const galley_json_node_t *node, galley_severity_t sev,
                                        galley_status_t status, int key_pos, const char *fmt,
                                        va_list ap)
{
    if (!galley_json_may_report(node->doc, sev, status))
        return sev == GALLEY_SEVERITY_ERROR ? status : GALLEY_STATUS_SUCCESS;
    size_t off = 0;
    if (node->doc->text)
        galley_json_node_offset(node, key_pos, &off);
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
    galley_status_t st = galley_json_report_node(node, GALLEY_SEVERITY_ERROR, status, 0, fmt, ap);
    va_end(ap);
    return st;
}

/* Records a warning at the node; see json.h. */
void galley_json_warn(const galley_json_node_t *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    galley_json_report_node(node, GALLEY_SEVERITY_WARNING, GALLEY_STATUS_SUCCESS, 0, fmt, ap);
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
    if (node->doc->text && galley_json_node_offset(node, 0, &off))
        off = galley_json_string_offset(node->doc, off, target);
    char *path = galley_json_path(node);
    galley_status_t st = report_at(node->doc, sev, GALLEY_STATUS_INPUT_ERROR, off, path, fmt, ap);
    free(path);
    return st;
}

/* Records an error at byte TARGET of a string node's value. */
galley_status_t galley_json_error_in_string(const galley_json_node_t *node, size_t target,
                                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    galley_status_t st = report_in_string(node, GALLEY_SEVERITY_ERROR, target, fmt, ap);
    va_end(ap);
    return st;
}

/* Records a warning at byte TARGET of a string node's value. */
void galley_json_warn_in_string(const galley_json_node_t *node, size_t target, const char *fmt, ...)
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
    galley_json_report_node(node, GALLEY_SEVERITY_WARNING, GALLEY_STATUS_SUCCESS, 1, fmt, ap);
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
        galley_strbuf_t b = galley_strbuf_new();
        galley_strbuf_add(&b, key, strlen(key));
        const char *shown = b.s ? b.s : "?";
        if (hint)
            warn_key(&member, "unknown field '%s' (ignored; did you mean '%s'?)", shown, hint);
        else
            warn_key(&member, "unknown field '%s' (ignored)", shown);
        free(b.s);
    }
}
