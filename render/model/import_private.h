/* import_private.h: what the importers (import*.c) share.
 *
 * Owns: the mapping state (galley_import_t): the Galley article being built
 * as jansson values, the source file and its bytes (for line:col), and the
 * inline text builder that turns HTML or NITF inline content into Galley's
 * markup (emphasis, strong, links; markup characters escaped). Only
 * import*.c include it.
 */
#ifndef GALLEY_IMPORT_PRIVATE_H
#define GALLEY_IMPORT_PRIVATE_H

#include "import.h"
#include "json.h"
#include <libxml/tree.h>

/* Deepest element nesting a body's walk follows (docs/formats.md, limits). */
#define GALLEY_IMPORT_MAX_DEPTH 256

/* Inline text being built: Galley markup, bytes owned. */
typedef struct {
    char *s;
    size_t len, cap;
    int failed;            /* out of memory: the text is lost */
    size_t last_close;     /* where the last emphasis marker closed (its end) */
    const char *last_mark; /* that marker ("*" or "**"), or NULL */
} galley_inline_t;

typedef struct {
    const char *file; /* the source, for messages */
    const char *src;  /* its bytes (XML: for columns), may be NULL */
    size_t len;
    const galley_load_options_t *opt;
    galley_diags_t *diags;
    galley_status_t st; /* the first error */
    json_t *fields;     /* the article's top-level fields but body and photos (owned) */
    json_t *body;       /* the body blocks (owned) */
    json_t *photos;     /* the photos (owned) */
    int body_line;      /* where body warnings point: a JSON string's place, else 0 */
    int body_col;
    int at_line, at_col; /* the source place of what is set next (0: none) */
    json_t *where;       /* Galley field path -> [line, col] in the source (owned) */
} galley_import_t;

/* ---- import.c ---- */

/* Starts IM for the source FILE (SRC, LEN: its bytes). */
void galley_import_begin(galley_import_t *im, const char *file, const char *src, size_t len,
                         const galley_load_options_t *opt, galley_diags_t *diags);
/* Frees what IM owns. */
void galley_import_end(galley_import_t *im);
/* Records an error at LINE:COL of the source (0: unknown) about FIELD (may be NULL). */
void galley_import_error(galley_import_t *im, int line, int col, const char *field, const char *fmt,
                         ...) __attribute__((format(printf, 5, 6)));
/* Records a warning the same way. */
void galley_import_warn(galley_import_t *im, int line, int col, const char *field, const char *fmt,
                        ...) __attribute__((format(printf, 5, 6)));
/* Line and column of the XML element NODE in the source (its '<'), or the
 * body's place (body_line) when it has no line of its own. */
void galley_import_node_position(const galley_import_t *im, const xmlNode *node, int *line,
                                 int *col);
/* Makes LINE:COL the source place of the fields, blocks and lists set next:
 * the loader's messages about them point there (galley_import's WHERE). */
void galley_import_at(galley_import_t *im, int line, int col);
/* The same for the XML element NODE's place (galley_import_node_position). */
void galley_import_at_node(galley_import_t *im, const xmlNode *node);
/* Sets the top-level field KEY to the string S (white space collapsed
 * by the loader) unless it is set already (the first source wins: a
 * NewsML-G2 item's own metadata over its NITF's); nothing for NULL or an
 * empty S. */
void galley_import_set(galley_import_t *im, const char *key, const char *s);
/* The same for a value (taken over: the byline object, the notes array). */
void galley_import_set_value(galley_import_t *im, const char *key, json_t *v);
/* Appends a body block: KIND "paragraph", "subhead" or "quote"; TEXT in
 * Galley markup (taken over: freed); ATTRIBUTION (taken over) may be NULL.
 * Blocks whose text is only white space are dropped. */
void galley_import_block(galley_import_t *im, const char *kind, char *text, char *attribution);
/* Appends a photo: REF a path, file: URL or web address as the source gives
 * it (web addresses are an error at LINE:COL, or with --placeholder kept for
 * an FPO box); CAPTION in markup (taken over), CREDIT and ALT plain (may be
 * NULL). With IN_FLOW the photo is anchored after the body's last block. */
/* Appends a list block of ITEMS (a JSON array of markup strings, taken):
 * bulleted, or ORDERED from START. An empty list adds nothing. */
void galley_import_list(galley_import_t *im, json_t *items, int ordered, int start);

void galley_import_photo(galley_import_t *im, const char *ref, int line, int col, char *caption,
                         const char *credit, const char *alt, int in_flow);
/* The article JSON, fields in docs/article.md's order; IM keeps nothing. NULL
 * (with an error recorded) when the body is empty: there is no text to set. */
json_t *galley_import_finish(galley_import_t *im, const char *what);

/* ---- import_inline.c ---- */

void galley_inline_init(galley_inline_t *b);
void galley_inline_fini(galley_inline_t *b);
/* Appends plain text, Galley's markup characters escaped. */
void galley_inline_text(galley_inline_t *b, const char *s, size_t n);
/* Appends raw bytes (markup). */
void galley_inline_raw(galley_inline_t *b, const char *s, size_t n);
/* Wraps what was written since AT in MARK ("*", "**"), white space kept outside. */
void galley_inline_wrap(galley_inline_t *b, size_t at, const char *mark);
/* Makes what was written since AT a link to URL (http, https, mailto, tel only:
 * another address leaves the text unlinked). */
void galley_inline_link(galley_inline_t *b, size_t at, const char *url);
/* The text (taken over by the caller), or NULL when it is only white space. */
char *galley_inline_take(galley_inline_t *b);
/* Plain text with markup escaped, white space collapsed (newly allocated). */
char *galley_inline_escape(const char *s);

/* ---- import_html.c ---- */

/* Maps the children of the element ROOT (HTML, XHTML or NITF body.content)
 * to body blocks and photos. */
void galley_import_html_blocks(galley_import_t *im, const xmlNode *root);
/* Parses the HTML string HTML (a ninjs body) and maps its body to blocks. */
void galley_import_html_string(galley_import_t *im, const char *html);
/* Text of NODE and its descendants as Galley markup (newly allocated). */
char *galley_import_html_inline(galley_import_t *im, const xmlNode *node);

/* ---- import_ninjs.c, import_nitf.c ---- */

/* Maps the ninjs object at the root of DOC (json.h: positions for messages). */
json_t *galley_import_ninjs(galley_import_t *im, galley_json_doc_t *doc);
/* Maps an NITF (<nitf>) or NewsML-G2 (<newsItem>, <newsMessage>) document. */
json_t *galley_import_xml(galley_import_t *im, xmlDoc *doc, int from);

#endif
