/* json.h: typed access to a JSON input file, with positions for messages.
 *
 * Owns: reading a JSON file or buffer (UTF-8, an optional byte order mark
 * skipped) within the input limits (size and nesting, docs/limits.md),
 * parsing it with jansson (duplicate keys rejected), turning parse errors into
 * plain messages at the right line:column with the field path, and typed
 * getters over the tree whose errors name the file, the value's line:column
 * and its field path ("body[3].text"). Positions are found on demand from the
 * kept source text, so the happy path costs nothing. Every string a getter
 * returns is valid UTF-8 with no NUL and no control character other than tab,
 * line feed and carriage return (C1 controls, U+0080 to U+009F, are refused
 * too, except U+0085 NEXT LINE, which text.c treats as white space). null
 * counts as an absent field.
 */
#ifndef GALLEY_JSON_H
#define GALLEY_JSON_H

#include "diag.h"
#include "text.h"
#include <jansson.h>

/* jansson's own nesting limit: max_depth is clamped to it. */
#define GALLEY_JSON_MAX_DEPTH 2048

/* Diagnostics one document may make: finding a value's line and column walks
 * the text, so a file of a million bad values must not make a million. */
#define GALLEY_JSON_MAX_REPORTS 50

/* Longest single text (a paragraph, headline, caption...), in bytes of UTF-8.
 * A fixed limit: typesetting one paragraph costs more than linear time in its
 * length, and no article needs a paragraph of 10,000 words. */
#define GALLEY_MAX_TEXT_BYTES 65536

/* Limits on one input file; zeros take GALLEY_DEFAULT_MAX_INPUT_MB and
 * GALLEY_DEFAULT_MAX_DEPTH (galley.h). */
typedef struct {
    double max_input_mb; /* file size, MB of 1,048,576 bytes */
    int max_depth;       /* nesting of objects and arrays; the root is level 1 */
} galley_json_limits_t;

typedef struct {
    char *file;                       /* the path as given, for messages */
    char *buf;                        /* the file's bytes, NUL-terminated */
    const char *text;                 /* buf after a UTF-8 byte order mark */
    size_t len;                       /* bytes in text */
    int max_depth;                    /* the nesting limit it was read with */
    int reported;                     /* diagnostics made about it (see galley_json_may_report) */
    int capped_error, capped_warning; /* "more follow" said */
    int mapped;                       /* mapped from another format (import.h): places from WHERE */
    json_t *where; /* a mapped document's field paths -> [line, col] in its source (owned) */
    json_t *root;
    galley_diags_t *diags;
} galley_json_doc_t;

/* A value in the tree and how it was reached. Nodes live on the stack; the
 * parent chain gives the field path and, on error, the position. */
typedef struct galley_json_node {
    galley_json_doc_t *doc;
    const struct galley_json_node *parent; /* NULL for the root */
    const char *key;                       /* member name in the parent object, or NULL */
    size_t index;                          /* item index in the parent array */
    json_t *value;                         /* NULL when the member or item is absent */
} galley_json_node_t;

/* Reads and parses PATH into DOC within LIMITS (NULL: the defaults); errors
 * go to DIAGS. A limit hit is GALLEY_STATUS_LIMIT_ERROR with a message naming
 * the limit. On error DOC holds nothing (galley_json_doc_fini is still safe). */
galley_status_t galley_json_doc_load(galley_json_doc_t *doc, const char *path,
                                     const galley_json_limits_t *limits, galley_diags_t *diags);
/* The same for a file that must lie inside ROOT (a real folder path, as
 * realpath() gives it; NULL: anywhere), checked before a byte is read. */
galley_status_t galley_json_doc_load_confined(galley_json_doc_t *doc, const char *path,
                                              const galley_json_limits_t *limits, const char *root,
                                              galley_diags_t *diags);
/* The same for LEN bytes at DATA (copied), named NAME in messages. */
galley_status_t galley_json_doc_load_buffer(galley_json_doc_t *doc, const char *name,
                                            const char *data, size_t len,
                                            const galley_json_limits_t *limits,
                                            galley_diags_t *diags);
void galley_json_doc_fini(galley_json_doc_t *doc);

galley_json_node_t galley_json_root(galley_json_doc_t *doc);
/* The member KEY of OBJECT (absent when OBJECT is not an object or lacks it). */
galley_json_node_t galley_json_member(const galley_json_node_t *object, const char *key);
/* Item INDEX of ARRAY. */
galley_json_node_t galley_json_item(const galley_json_node_t *array, size_t index);
/* True when the node has a value other than null. */
int galley_json_present(const galley_json_node_t *node);

/* The field path, "" for the root: "body[3].text". Newly allocated; NULL when
 * out of memory. */
char *galley_json_path(const galley_json_node_t *node);
/* Line and column (1-based, columns count characters) of the node's value, or
 * of its parent when absent; 0 when unknown. */
void galley_json_position(const galley_json_node_t *node, int *line, int *column);

/* Records an error at the node's position with its field path. Returns STATUS. */
galley_status_t galley_json_error(const galley_json_node_t *node, galley_status_t status,
                                  const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records a warning at the node's position with its field path. */
void galley_json_warn(const galley_json_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Whether another diagnostic about DOC may be made (and counted): true for
 * the first GALLEY_JSON_MAX_REPORTS. Past them it records, once per severity,
 * that more follow (an error keeps STATUS), and returns false. Callers that
 * place diagnostics themselves ask first, as the getters do. */
int galley_json_may_report(galley_json_doc_t *doc, galley_severity_t sev, galley_status_t status);

/* "a string", "a number", "an object", "an array", "true", "false", "null". */
const char *galley_json_kind(const json_t *value);

/* Typed getters. An absent (or null) value is an error when REQUIRED, else
 * leaves *OUT untouched and returns SUCCESS. A value of the wrong type is an
 * error "expected a string, found a number". A string must be UTF-8 without
 * NUL, control characters (white space aside) or Unicode noncharacters, each
 * an error at its line:column. */
galley_status_t galley_json_object(const galley_json_node_t *node, int required);
galley_status_t galley_json_array(const galley_json_node_t *node, int required, size_t *count);
galley_status_t galley_json_string(const galley_json_node_t *node, int required, const char **out);
galley_status_t galley_json_number(const galley_json_node_t *node, int required, double *out);
/* A number with no fraction part. */
galley_status_t galley_json_int(const galley_json_node_t *node, int required, int *out);
galley_status_t galley_json_bool(const galley_json_node_t *node, int required, int *out);
/* A string parsed into text (white space collapsed; inline markup and
 * typographic quotes as FLAGS say, GALLEY_TEXT_* of text.h); markup errors point at the exact
 * line:column. An absent value leaves OUT empty (text NULL). A string over GALLEY_MAX_TEXT_BYTES is
 * a limit error. A link that cannot go into a PDF (galley_link_refusal: not http, https, mailto or
 * tel, or too long) is a warning at its '[' and is removed from OUT, its text kept. */
galley_status_t galley_json_text(const galley_json_node_t *node, int required, int flags,
                                 galley_text_t *out);

/* Warns about each member of OBJECT whose name is not in KNOWN (NULL-ended):
 * "unknown field 'hedline' (ignored; did you mean 'headline'?)". */
void galley_json_check_fields(const galley_json_node_t *object, const char *const *known);

/* Where named fields sit in a document, kept after it is freed (see
 * json_positions.c): later stages place their messages with it. */
typedef struct galley_json_positions galley_json_positions_t;

/* Records where FIELD ("body[3]", "styles.body.family") sits in DOC's text,
 * and the fields enclosing it, into *P (made when NULL). A field the file
 * does not give gets its nearest enclosing value's place. Not a field path
 * ("running head"): nothing recorded. Call galley_json_positions_finish
 * before looking up. */
galley_status_t galley_json_positions_add(galley_json_positions_t **p, const galley_json_doc_t *doc,
                                          const char *field);
/* Turns the recorded offsets into lines and columns (one walk of DOC's text). */
galley_status_t galley_json_positions_finish(galley_json_positions_t *p,
                                             const galley_json_doc_t *doc);
/* Sets *LINE and *COLUMN (1-based) to where FIELD's value starts, or, when
 * FIELD was not recorded or the file does not give it, to where the nearest
 * recorded enclosing value starts; 0 when none is (or FIELD is no path).
 * Returns 1 only when FIELD was recorded and the file gives it itself. */
int galley_json_positions_find(const galley_json_positions_t *p, const char *field, int *line,
                               int *column);
/* Adds every field of the NULL-ended FIELDS, then finishes the table. */
galley_status_t galley_json_positions_record(galley_json_positions_t **p,
                                             const galley_json_doc_t *doc,
                                             const char *const *fields);
void galley_json_positions_destroy(galley_json_positions_t *p);

#endif
