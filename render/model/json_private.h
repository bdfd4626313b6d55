/* json_private.h: what the json*.c files share and the rest of the model
 * does not see.
 *
 * Owns: the declarations that tie json.c (loading and limits), json_scan.c
 * (positions in the kept source text), json_report.c (field paths and
 * messages), json_syntax.c (jansson's parse errors reworded) and json_get.c
 * (nodes and typed getters) together. Only json*.c include it.
 */
#ifndef GALLEY_JSON_PRIVATE_H
#define GALLEY_JSON_PRIVATE_H

#include "json.h"

#include <stdarg.h>
#include <stddef.h>

/* ---- json_scan.c: positions in the source text ---- */

/* True for the bytes of a bare JSON token: numbers, true, false, null, typos. */
int galley_json_is_word_char(char c);
/* True for JSON white space. */
int galley_json_is_blank(char c);
/* Line and column (columns count UTF-8 characters, like jansson) of byte OFF. */
void galley_json_line_col(const galley_json_doc_t *doc, size_t off, int *line, int *column);
/* Length of FIELD's enclosing path ("body[3].text" -> "body[3]"; 0 for one step). */
size_t galley_json_parent_len(const char *field, size_t len);
/* Line and column in the source of a mapped document (doc->where) that the
 * field PATH, or the nearest enclosing field with a place, comes from; 0, 0
 * when there is none. */
void galley_json_mapped_place(const galley_json_doc_t *doc, const char *path, int *line,
                              int *column);
/* The first offset from P that is not JSON white space. */
size_t galley_json_skip_ws(const galley_json_doc_t *doc, size_t p);
/* The offset past the string whose opening quote is at P. */
size_t galley_json_skip_string(const galley_json_doc_t *doc, size_t p);
/* The offset past the (well-formed) value at P. */
size_t galley_json_skip_value(const galley_json_doc_t *doc, size_t p);
/* Finds item INDEX of the array at ARR; sets its value's offset. */
int galley_json_find_item(const galley_json_doc_t *doc, size_t arr, size_t index, size_t *val_off);
/* Finds member KEY of the object at OBJ; sets the key's and value's offsets. */
int galley_json_find_member(const galley_json_doc_t *doc, size_t obj, const char *key,
                            size_t *key_off, size_t *val_off);
/* Offset of the node's value (KEY_POS: of its member name), or of the nearest
 * ancestor found. Returns 1 when the node itself was found. */
int galley_json_node_offset(const galley_json_node_t *node, int key_pos, size_t *off);
/* Offset in the source of byte TARGET of the decoded string whose quote is
 * at QUOTE. */
size_t galley_json_string_offset(const galley_json_doc_t *doc, size_t quote, size_t target);

/* ---- json_report.c: field paths and messages ---- */

/* A growing string; on allocation failure its s turns NULL and stays so. */
typedef struct {
    char *s;
    size_t len, cap;
} galley_strbuf_t;

/* Starts an empty string buffer. */
galley_strbuf_t galley_strbuf_new(void);
/* Appends N bytes of S, turning control characters into '?' for terminals. */
void galley_strbuf_add(galley_strbuf_t *b, const char *s, size_t n);
/* Appends a path step: ".key" (no dot at the start) or "[index]" (KEY NULL). */
void galley_strbuf_add_step(galley_strbuf_t *b, const char *key, size_t key_len, size_t index);

/* Records a diagnostic about NODE; KEY_POS points at the member name. */
galley_status_t galley_json_report_node(const galley_json_node_t *node, galley_severity_t sev,
                                        galley_status_t status, int key_pos, const char *fmt,
                                        va_list ap);
/* Records an error at byte TARGET of a string node's decoded value. */
galley_status_t galley_json_error_in_string(const galley_json_node_t *node, size_t target,
                                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records a warning at byte TARGET of a string node's decoded value. */
void galley_json_warn_in_string(const galley_json_node_t *node, size_t target, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- json_syntax.c: parse errors ---- */

/* The field path at offset END of text jansson may have rejected; CONTAINER
 * leaves out the innermost member or item. Newly allocated (NULL on OOM). */
char *galley_json_scan_path(const galley_json_doc_t *doc, size_t end, int container);
/* Reports nesting over MAX_DEPTH at the bracket at offset OFF. */
galley_status_t galley_json_nested_too_deeply(galley_json_doc_t *doc, size_t off, int max_depth);
/* Reports jansson's parse error E at a helpful position with a plain message. */
galley_status_t galley_json_parse_error(galley_json_doc_t *doc, const json_error_t *e);

#endif
