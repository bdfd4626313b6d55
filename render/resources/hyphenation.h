/* hyphenation.h: hyphenation dictionaries as resources.
 *
 * Owns: the libhyphen dictionaries, by file name (a language module names
 * its own; hyphen-en-us's for English), loaded on first use and kept for the
 * context's life.
 */
#ifndef GALLEY_HYPHENATION_H
#define GALLEY_HYPHENATION_H

#include "diag.h"
#include <stddef.h>

typedef struct galley_hyphen galley_hyphen_t;

/* The English dictionary's file name (Debian's hyphen-en-us). */
#define GALLEY_HYPHEN_EN_US "hyph_en_US.dic"

galley_status_t galley_hyphen_create(galley_hyphen_t **out);
void galley_hyphen_destroy(galley_hyphen_t *hyphen);

/* Finds the hyphenation points of WORD (N characters of lowercase ASCII) by
 * the dictionary NAME, a file name in /usr/share/hyphen (a language module
 * names its own: typeset/lang/), keeping LEFT letters before and RIGHT after
 * every hyphen. POINTS[i] is set to 1 when a hyphen may follow character i.
 * Returns the number of points; 0 when NAME is NULL or not a dictionary
 * Galley loads (GALLEY_HYPHEN_EN_US is the one). */
int galley_hyphen_word(galley_hyphen_t *hyphen, const char *name, const char *word, size_t n,
                       int left, int right, char *points);

#endif
