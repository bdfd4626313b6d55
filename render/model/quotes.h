/* quotes.h: typographic quotes from typewriter ones.
 *
 * Owns: the rules that turn a typed ' or " into the quote, apostrophe or
 * prime its place in the text calls for. text.c's parser calls it for each
 * quote it reads, with the characters on either side.
 */
#ifndef GALLEY_QUOTES_H
#define GALLEY_QUOTES_H

#include <glib.h>

/* The quotes opened and not yet closed in one field's text. Zero it before
 * the field's first quote. */
typedef struct {
    int open_double, open_single;
} galley_quoting_t;

/* The typographic form of the typewriter quote C (' or ") between PREV, the
 * character printed before it (0 at the start or after white space), and
 * NEXT, the one after it (0 at the end or before white space): ‘ ’ “ ” by
 * context, an apostrophe ’ inside words and before a year's figures, a prime
 * ′ ″ after figures. Updates STATE's open quotes. */
gunichar galley_quote_typographic(galley_quoting_t *state, char c, gunichar prev, gunichar next);

#endif
