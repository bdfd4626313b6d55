/* text.h: styled text of the model.
 *
 * Owns: a run of article text with its inline markup already parsed into spans
 * (emphasis, strong, links), and the parser of Galley's small inline syntax:
 *   *emphasis*   **strong**   [link text](https://example.com)   \* \[ \\ escapes
 * and of typewriter quotes into typographic ones. Every other character, '<'
 * and '&' included, is text and prints as itself.
 */
#ifndef GALLEY_TEXT_H
#define GALLEY_TEXT_H

#include "diag.h"
#include <stddef.h>

typedef enum { GALLEY_SPAN_EMPHASIS, GALLEY_SPAN_STRONG, GALLEY_SPAN_LINK } galley_span_kind_t;

typedef struct {
    galley_span_kind_t kind;
    size_t start, end; /* byte offsets into galley_text_t.text, start < end */
    char *url;         /* links only */
    size_t src;        /* byte offset of the opening marker in the field's source text */
} galley_span_t;

/* Plain UTF-8 text (NUL-terminated, markup removed) and its spans. An absent
 * field is text == NULL, len == 0. */
typedef struct {
    char *text;
    size_t len;
    galley_span_t *spans;
    size_t n_spans;
} galley_text_t;

/* What galley_text_parse() reads in its source, or-ed together: */
enum {
    GALLEY_TEXT_MARKUP = 1, /* the inline syntax and its escapes \* \[ \] \( \) \\ */
    GALLEY_TEXT_QUOTES = 2  /* typewriter quotes ' " become typographic ones by context
                               (‘ ’ “ ”, an apostrophe, primes after digits: 5′11″);
                               \' and \" keep a straight one */
};

/* Parses SRC (valid UTF-8) into OUT as FLAGS say (GALLEY_TEXT_*). Without
 * GALLEY_TEXT_MARKUP the text is taken as it is, with no spans. Unbalanced
 * markers are errors naming FILE, FIELD and the byte offset in the field. */
galley_status_t galley_text_parse(const char *src, int flags, galley_text_t *out,
                                  galley_diags_t *diags, const char *file, int line, int column,
                                  const char *field);

/* A markup error found by galley_text_parse_raw(). */
typedef struct {
    size_t offset;     /* byte offset of the faulty marker in the source text */
    char message[200]; /* what is wrong, naming the byte offset */
} galley_text_error_t;

/* Parses like galley_text_parse() but reports nothing: on a markup error it
 * returns GALLEY_STATUS_INPUT_ERROR and fills ERR, so a caller that knows where
 * the text sits in its file (json.c) can point at the exact line and column. */
galley_status_t galley_text_parse_raw(const char *src, int flags, galley_text_t *out,
                                      galley_text_error_t *err);

/* The longest link address that goes into a PDF (GALLEY_LINK_MAX_BYTES):
 * an address is written into the PDF once for each link on each page, and
 * 8 KB is above what browsers and servers reliably take (Apache's request
 * line ends at 8,190 bytes). docs/limits.md. */
#define GALLEY_LINK_MAX_BYTES 8192

/* Why URL cannot be a link in the PDF, or NULL when it can: it must be at most
 * GALLEY_LINK_MAX_BYTES long and have the scheme http, https, mailto or tel
 * (in any case). javascript:, file: and data: addresses, and relative ones,
 * mean nothing, or harm, on a printed page. The reason is written to WHY (N
 * bytes) and ends "...; the text prints without its link". */
const char *galley_link_refusal(const char *url, char *why, size_t n);

/* Removes the link span K of TEXT (its text stays, plain). */
void galley_text_unlink(galley_text_t *text, size_t k);

/* Sets OUT to IN in capitals (g_utf8_strup), the emphasis, strong and link
 * spans kept on exactly the letters they marked: each stretch between two
 * span boundaries is uppercased on its own, so a letter whose capital is
 * longer or shorter ("ﬀ" to "FF", "ΐ" to three characters, "ı" to "I")
 * moves the boundaries after it with it. OUT owns its copy (galley_text_fini).
 * IN must be valid UTF-8. */
galley_status_t galley_text_upper(const galley_text_t *in, galley_text_t *out);

/* Sets OUT to BEFORE + IN + AFTER (plain strings, either may be NULL), IN's
 * spans moved with its text, BEFORE marked strong when STRONG (a dateline
 * run into the first paragraph, a pull quote's marks). OUT owns its copy
 * (galley_text_fini). */
galley_status_t galley_text_wrap(const char *before, int strong, const galley_text_t *in,
                                 const char *after, galley_text_t *out);

/* Frees what OUT owns and zeroes it. */
void galley_text_fini(galley_text_t *text);

/* True when the text is absent or holds only white space. */
int galley_text_is_empty(const galley_text_t *text);

#endif
