/* json.c: reading a JSON input file or buffer within the input limits.
 *
 * Owns: opening the file safely (input.c), its size limit, the UTF-8 check,
 * parsing with jansson (duplicate keys rejected), the nesting limit, and the
 * document's life (galley_json_doc_t). Parse errors are reworded by
 * json_syntax.c; positions, paths and getters live in json_scan.c,
 * json_report.c and json_get.c.
 */
#include "json_private.h"
#include "utf8.h"
#include "input.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    galley_json_line_col(doc, bad, &line, &col);
    char *path = galley_json_scan_path(doc, bad, 0);
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
            i = galley_json_skip_string(doc, i) - 1;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth)
                return galley_json_nested_too_deeply(doc, i, max_depth);
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
            st = doc->root ? check_depth(doc, doc->len, l->max_depth)
                           : galley_json_parse_error(doc, &e);
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
    st = galley_input_read(path, root, l.max_input_mb, &doc->buf, &doc->len, diags);
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
    if (len > galley_input_max_bytes(l.max_input_mb))
        return galley_input_too_large(name, l.max_input_mb, len, diags);
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
    json_decref(doc->where);
    free(doc->buf);
    free(doc->file);
    memset(doc, 0, sizeof *doc);
}
