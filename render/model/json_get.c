/* json_get.c: nodes of a parsed document and the typed getters of json.h.
 *
 * Owns: reaching members and items (galley_json_node_t), and reading a value
 * as an object, array, string, number, whole number, boolean or text, with
 * the checks every string passes (UTF-8, no NUL, no control character, no
 * noncharacter) and errors at the value's line:column. Hands the loaders
 * (article.c, layout.c, edition.c) checked C values.
 */
#include "json_private.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
        return galley_json_error_in_string(node, bad,
                                           s[bad] ? "the text is not valid UTF-8 (byte %zu)"
                                                  : "a NUL character (byte %zu) is not allowed "
                                                    "in text",
                                           bad);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            return galley_json_error_in_string(
                node, i,
                "a control character (U+%04X) at byte %zu is not allowed in "
                "text; remove it",
                c, i);
        unsigned char c1 = i + 1 < len ? (unsigned char)s[i + 1] : 0;
        if (c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F && c1 != 0x85) {
            const char *was = CP1252_C1[c1 - 0x80];
            if (was[0])
                return galley_json_error_in_string(
                    node, i,
                    "a control character (U+%04X) at byte %zu is not allowed "
                    "in text (was it '%s', from Windows-1252 text read as "
                    "Latin-1?)",
                    c1, i, was);
            return galley_json_error_in_string(
                node, i,
                "a control character (U+%04X) at byte %zu is not allowed in "
                "text; remove it",
                c1, i);
        }
    }
    uint32_t cp = 0;
    size_t non = galley_utf8_find_noncharacter(s, len, &cp);
    if (non < len)
        return galley_json_error_in_string(
            node, non,
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
            galley_json_warn_in_string(node, sp->src, "%s", why);
            galley_text_unlink(out, k);
        } else {
            k++;
        }
    }
}

/* Gets a string as text; markup errors point inside the string. */
galley_status_t galley_json_text(const galley_json_node_t *node, int required, int flags,
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
    st = galley_text_parse_raw(s, flags, out, &err);
    if (st == GALLEY_STATUS_INPUT_ERROR)
        return galley_json_error_in_string(node, err.offset, "%s", err.message);
    if (st != GALLEY_STATUS_SUCCESS)
        return galley_json_error(node, st, "out of memory");
    check_links(node, out);
    return st;
}
