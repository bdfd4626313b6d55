/* hyphenation.h: hyphenation dictionaries as resources.
 *
 * Owns: the libhyphen dictionaries per language (hyphen-en-us for English),
 * loaded on first use and kept for the context's life.
 */
#ifndef GALLEY_HYPHENATION_H
#define GALLEY_HYPHENATION_H

#include "diag.h"
#include <stddef.h>

typedef struct galley_hyphen galley_hyphen_t;

galley_status_t galley_hyphen_create(galley_hyphen_t **out);
void galley_hyphen_destroy(galley_hyphen_t *hyphen);

/* Finds the hyphenation points of WORD (N characters of lowercase ASCII) in
 * LANG, keeping LEFT letters before and RIGHT after every hyphen. POINTS[i]
 * is set to 1 when a hyphen may follow character i. Returns the number of
 * points; 0 when LANG has no dictionary. */
int galley_hyphen_word(galley_hyphen_t *hyphen, const char *lang, const char *word, size_t n,
                       int left, int right, char *points);

#endif
