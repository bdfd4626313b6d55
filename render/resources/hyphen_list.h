/* hyphen_list.h: hyphenation word lists (exceptions and house lists).
 *
 * Owns: a list of words with the breaks a desk allows in them, the format
 * Galley reads them in and the lookup. The format (docs/hyphenation.md): one
 * word a line or several separated by white space, hyphens at the allowed
 * breaks ("Pyong-yang"), a word without hyphens never broken ("JoongAng");
 * '%' or '#' starts a comment to the end of the line; TeX's wrapper
 * "\hyphenation{ ... }" is skipped, so TeX's exception files (TUGboat's
 * ushyphex.tex) load as they are. Words are of the letters a to z in any
 * case and match in any case.
 */
#ifndef GALLEY_HYPHEN_LIST_H
#define GALLEY_HYPHEN_LIST_H

#include "diag.h"

#include <stddef.h>

typedef struct galley_hyphen_list galley_hyphen_list_t;

/* The longest word a list may hold, letters: longer words are never
 * hyphenated (resources/hyphenation.c). */
#define GALLEY_HYPHEN_MAX_WORD 60

/* A new empty list in *OUT; the caller owns it (galley_hyphen_list_destroy). */
galley_status_t galley_hyphen_list_create(galley_hyphen_list_t **out);

/* Frees LIST (NULL is allowed). */
void galley_hyphen_list_destroy(galley_hyphen_list_t *list);

/* Adds the entry ENTRY (N bytes, "Pyong-yang"), replacing one for the same
 * word. A bad entry is GALLEY_STATUS_INPUT_ERROR with the reason in WHY (WHY_N
 * bytes) and *AT its byte offset in ENTRY; the list is unchanged. */
galley_status_t galley_hyphen_list_add(galley_hyphen_list_t *list, const char *entry, size_t n,
                                       char *why, size_t why_n, size_t *at);

/* Adds the entries of TEXT (LEN bytes, the contents of FILE) to LIST. Each bad
 * entry is an error at FILE:LINE:COLUMN; the status is the first error's. */
galley_status_t galley_hyphen_list_parse(galley_hyphen_list_t *list, const char *text, size_t len,
                                         const char *file, galley_diags_t *diags);

/* Reads the list file PATH (at most MAX_BYTES; with ROOT, inside that folder)
 * into a new list in *OUT (NULL on error), its errors in DIAGS. */
galley_status_t galley_hyphen_list_load(const char *path, const char *root, size_t max_bytes,
                                        galley_hyphen_list_t **out, galley_diags_t *diags);

/* Looks WORD (N ASCII letters, any case) up: -1 when LIST (may be NULL) does
 * not hold it; else the number of its breaks, POINTS[i] (N bytes) set to 1
 * when a break follows letter i. The left and right minimums are the
 * caller's to apply. */
int galley_hyphen_list_find(const galley_hyphen_list_t *list, const char *word, size_t n,
                            char *points);

/* The number of words in LIST. */
size_t galley_hyphen_list_count(const galley_hyphen_list_t *list);

#endif
