/* json_scan.c: where a value sits in a JSON document's source text.
 *
 * Owns: walking the kept source text of a parsed document (galley_json_doc_t)
 * to find a node's byte offset, line and column: jansson keeps no positions
 * for values, so on demand the text is walked again along the node's path.
 * Hands json_report.c and json_syntax.c the offsets their messages point at.
 */
#include "json_private.h"

#include <stdlib.h>
#include <string.h>

/* True for the bytes of a bare JSON token: numbers, true, false, null, typos. */
int galley_json_is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
}

/* True for JSON white space. */
int galley_json_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Line and column (columns count UTF-8 characters, like jansson) of byte OFF. */
void galley_json_line_col(const galley_json_doc_t *doc, size_t off, int *line, int *column)
{
    int l = 1, c = 1;
    if (doc->mapped) { /* no file of its own: messages name the source without a place */
        *line = *column = 0;
        return;
    }
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

/* Length of FIELD's enclosing path; see json_private.h. */
size_t galley_json_parent_len(const char *field, size_t len)
{
    while (len > 0 && field[len - 1] != '.' && field[len - 1] != '[')
        len--;
    return len == 0 ? 0 : len - 1;
}

/* Where a mapped document's field comes from; see json_private.h. */
void galley_json_mapped_place(const galley_json_doc_t *doc, const char *path, int *line,
                              int *column)
{
    *line = *column = 0;
    char *key = strdup(path ? path : "");
    size_t len = key ? strlen(key) : 0;
    for (; key; len = galley_json_parent_len(key, len)) {
        key[len] = '\0';
        json_t *at = json_object_get(doc->where, key);
        if (json_is_array(at)) {
            *line = (int)json_integer_value(json_array_get(at, 0));
            *column = (int)json_integer_value(json_array_get(at, 1));
            break;
        }
        if (len == 0)
            break;
    }
    free(key);
}

/* Skips JSON white space. */
size_t galley_json_skip_ws(const galley_json_doc_t *doc, size_t p)
{
    while (p < doc->len && galley_json_is_blank(doc->text[p]))
        p++;
    return p;
}

/* Skips the string whose opening quote is at P; returns the offset past it. */
size_t galley_json_skip_string(const galley_json_doc_t *doc, size_t p)
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
size_t galley_json_skip_value(const galley_json_doc_t *doc, size_t p)
{
    if (p >= doc->len)
        return p;
    char c = doc->text[p];
    if (c == '"')
        return galley_json_skip_string(doc, p);
    if (c != '{' && c != '[') {
        while (p < doc->len && !strchr(",}] \t\r\n", doc->text[p]))
            p++;
        return p;
    }
    size_t depth = 0;
    while (p < doc->len) {
        c = doc->text[p];
        if (c == '"') {
            p = galley_json_skip_string(doc, p);
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
int galley_json_find_member(const galley_json_doc_t *doc, size_t obj, const char *key,
                            size_t *key_off, size_t *val_off)
{
    size_t p = obj + 1;
    while (1) {
        p = galley_json_skip_ws(doc, p);
        if (p >= doc->len || doc->text[p] != '"')
            return 0;
        size_t k = p, kend = galley_json_skip_string(doc, p);
        p = galley_json_skip_ws(doc, kend);
        if (p >= doc->len || doc->text[p] != ':')
            return 0;
        p = galley_json_skip_ws(doc, p + 1);
        if (key_equals(doc, k, kend, key)) {
            *key_off = k;
            *val_off = p;
            return 1;
        }
        p = galley_json_skip_ws(doc, galley_json_skip_value(doc, p));
        if (p >= doc->len || doc->text[p] != ',')
            return 0;
        p++;
    }
}

/* Finds item INDEX of the array at ARR. */
int galley_json_find_item(const galley_json_doc_t *doc, size_t arr, size_t index, size_t *val_off)
{
    size_t p = galley_json_skip_ws(doc, arr + 1);
    for (size_t i = 0; p < doc->len && doc->text[p] != ']'; i++) {
        if (i == index) {
            *val_off = p;
            return 1;
        }
        p = galley_json_skip_ws(doc, galley_json_skip_value(doc, p));
        if (p >= doc->len || doc->text[p] != ',')
            return 0;
        p = galley_json_skip_ws(doc, p + 1);
    }
    return 0;
}

/* Offset of the node's value (KEY_POS: of its member name), or of the nearest
 * ancestor found. Returns 1 when the node itself was found. */
int galley_json_node_offset(const galley_json_node_t *node, int key_pos, size_t *off)
{
    const galley_json_doc_t *doc = node->doc;
    if (!node->parent) {
        *off = galley_json_skip_ws(doc, 0);
        return 1;
    }
    if (!galley_json_node_offset(node->parent, 0, off))
        return 0;
    size_t key_off, val_off;
    int found = 0;
    if (*off < doc->len && doc->text[*off] == '{' && node->key)
        found = galley_json_find_member(doc, *off, node->key, &key_off, &val_off);
    else if (*off < doc->len && doc->text[*off] == '[' && !node->key)
        found = galley_json_find_item(doc, *off, node->index, &val_off);
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
    galley_json_node_offset(node, 0, &off);
    galley_json_line_col(node->doc, off, line, column);
}

/* Offset in the source of byte TARGET of the decoded string whose quote is at
 * QUOTE, so markup and control character errors point inside the string. */
size_t galley_json_string_offset(const galley_json_doc_t *doc, size_t quote, size_t target)
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
