/* utf8.h: UTF-8 that cairo and Pango accept, built and cut without breaking
 * a character.
 *
 * Owns: the rules for text handed to cairo and Pango (valid UTF-8, no NUL,
 * no surrogates, no Unicode noncharacters: cairo refuses a string holding
 * U+FFFE and Pango aborts on a cut character), a copy of an untrusted string
 * (a file name) made printable, and shortening at a character boundary.
 * Text is never cut by bytes anywhere else.
 */
#ifndef GALLEY_UTF8_H
#define GALLEY_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The byte offset of the first invalid UTF-8 sequence in S (LEN bytes), or LEN
 * when S is valid UTF-8. Overlong forms, surrogates and NUL count as invalid:
 * every check of input text (json.c, text.c) and of text for Pango is this. */
size_t galley_utf8_check(const char *s, size_t len);

/* True for a Unicode noncharacter: U+FDD0..U+FDEF and the last two code
 * points of every plane (U+FFFE, U+FFFF, U+1FFFE, ... U+10FFFF). */
int galley_utf8_is_noncharacter(uint32_t cp);

/* The byte offset of the first character of valid UTF-8 S (LEN bytes) that
 * cairo and Pango cannot take (a noncharacter), or LEN; *CP gets it. */
size_t galley_utf8_find_noncharacter(const char *s, size_t len, uint32_t *cp);

/* The byte offset of the first byte of S (LEN bytes) that is not printable
 * text: invalid UTF-8, NUL or a noncharacter; LEN when there is none. The
 * guard before anything is handed to Pango or cairo. */
size_t galley_utf8_unprintable(const char *s, size_t len);

/* A newly allocated (g_free) copy of S where every invalid byte and every
 * noncharacter is U+FFFD REPLACEMENT CHARACTER, so a file name that is not
 * UTF-8 still prints, visibly marked. NULL when out of memory. */
char *galley_utf8_printable(const char *s);

/* A newly allocated (g_free) copy of valid UTF-8 S of at most MAX_BYTES
 * bytes (at least 4): S itself when it fits, else its first whole characters
 * and "…" (U+2026) so the cut shows. NULL when out of memory. */
char *galley_utf8_shorten(const char *s, size_t max_bytes);

#endif
