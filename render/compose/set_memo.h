/* set_memo.h: settings kept across the tries of one composition.
 *
 * Owns a memo of set lines keyed by all that decides them (the text, its
 * style, language, measure, first-line indent and list marker), so the
 * photo sizes article_fit.c tries do not set the same headline, deck and
 * caption again each time: only the photo moves between tries. A setting
 * that made a message is not kept, so a hit never hides one, and neither is
 * a text with spans (emphasis, links), which a band text rarely has.
 */
#ifndef GALLEY_SET_MEMO_H
#define GALLEY_SET_MEMO_H

#include "typeset.h"

typedef struct galley_set_memo galley_set_memo_t;

/* What decides a setting (galley_setting_t less its field and house list,
 * which one composition does not change). The memo keeps copies of what
 * the pointers point to, and compares those: a text or style on the stack
 * that a later one reuses cannot match wrongly. */
typedef struct {
    const galley_text_t *text;
    const galley_style_t *style;
    const char *lang;
    double measure, indent;
    const char *marker, *hang_for;
} galley_set_key_t;

/* A new, empty memo (NULL when out of memory; the caller then sets text
 * without one). Free it with galley_set_memo_destroy. */
galley_set_memo_t *galley_set_memo_create(void);

/* Frees MEMO and the lines it keeps. NULL is allowed. */
void galley_set_memo_destroy(galley_set_memo_t *memo);

/* KEY's lines, copied into OUT (zeroed; the caller owns the copy): 1 when
 * MEMO has them, 0 when not (OUT empty), -1 out of memory. */
int galley_set_memo_get(const galley_set_memo_t *memo, const galley_set_key_t *key,
                        galley_lines_t *out);

/* Keeps a copy of LINES as KEY's; a full memo (GALLEY_SET_MEMO_MAX) or a
 * failed copy keeps nothing, which only costs a later setting. */
void galley_set_memo_put(galley_set_memo_t *memo, const galley_set_key_t *key,
                         const galley_lines_t *lines);

#endif
