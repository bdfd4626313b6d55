/* hyphenation.h: hyphenation dictionaries as resources.
 *
 * Owns: the libhyphen dictionaries, by file name (a language module names
 * its own: hyphen-en-us's for English, hyphen-de's for German, ...), with the
 * exception list shipped beside English's (DATADIR/hyphenation/: TUGboat's US
 * English exceptions), loaded on first use and kept for the context's life;
 * and the order a word's breaks are looked up in: the house lists, the
 * exceptions, the patterns. Words are UTF-8, of Latin letters.
 */
#ifndef GALLEY_HYPHENATION_H
#define GALLEY_HYPHENATION_H

#include "diag.h"
#include "hyphen_list.h"
#include <stddef.h>

typedef struct galley_hyphen galley_hyphen_t;

/* The English dictionary's file name (Debian's hyphen-en-us). */
#define GALLEY_HYPHEN_EN_US "hyph_en_US.dic"

/* The exception list shipped for the English patterns, in DATADIR/hyphenation
 * (TUGboat's list of the words TeX's patterns break wrongly, as texlive-base
 * ships it). */
#define GALLEY_HYPHEN_EN_US_EXCEPTIONS "ushyphex.tex"

/* A new set of dictionaries in *OUT, whose exception lists are read from
 * DATADIR/hyphenation (the string must outlive the set). The English
 * patterns start loading in a thread at once. */
galley_status_t galley_hyphen_create(const char *datadir, galley_hyphen_t **out);
/* The same, keeping the parsed dictionaries in CACHE_DIR (cache.h; NULL:
 * no cache; the string must outlive the set). */
galley_status_t galley_hyphen_create_cached(const char *datadir, const char *cache_dir,
                                            galley_hyphen_t **out);
void galley_hyphen_destroy(galley_hyphen_t *hyphen);

/* The file name of the dictionary Debian has for language TAG (a BCP 47
 * tag: "nl", "pt-BR"), found in DIR (hyphen_dicts.c), into OUT (N bytes);
 * 0 when there is none. */
int galley_hyphen_dict_find(const char *dir, const char *tag, char *out, size_t n);
/* The same in the dictionaries' folder, remembered for HYPHEN's life (the
 * string too): NULL when Debian has none for TAG. Safe from any thread. */
const char *galley_hyphen_dict_for_tag(galley_hyphen_t *hyphen, const char *tag);

/* Finds the hyphenation points of WORD (N bytes of lowercase UTF-8, at most
 * GALLEY_HYPHEN_MAX_WORD letters) by the dictionary NAME, a file name in
 * /usr/share/hyphen (a language module names its own: typeset/lang/), loaded
 * on first use, keeping LEFT letters before and RIGHT after every hyphen.
 * The word is hyphenated in the dictionary's encoding (UTF-8 or ISO8859-1).
 * POINTS[i] (N bytes) is set to 1 when a hyphen may follow byte i, the last
 * byte of a letter. Returns the number of points; 0 when NAME is NULL or no
 * dictionary Galley can read, the dictionary's encoding lacks one of the
 * letters or its patterns hold none of its bytes. */
int galley_hyphen_word(galley_hyphen_t *hyphen, const char *name, const char *word, size_t n,
                       int left, int right, char *points);

/* The number of words in the exception list of dictionary NAME (0: none). */
size_t galley_hyphen_exception_count(galley_hyphen_t *hyphen, const char *name);

/* The house lists a text is hyphenated by, the first that holds a word
 * deciding its breaks: the article's ("hyphenation"), the command's
 * (--hyphenation FILE), the layout's ("hyphenation"). Any may be NULL; the
 * lists are borrowed. */
#define GALLEY_HYPHEN_HOUSE_LISTS 3
typedef struct {
    const galley_hyphen_list_t *lists[GALLEY_HYPHEN_HOUSE_LISTS];
} galley_hyphen_house_t;

/* How a style hyphenates (its linebreak parameters). */
typedef struct {
    int left, right; /* letters kept before and carried after every hyphen */
    int min_word;    /* shortest word the exceptions and patterns hyphenate */
    int capitalized; /* capitalised words ("Ministry") are hyphenated too */
} galley_hyphen_rules_t;

/* True when the letters W (N bytes of UTF-8) may be hyphenated by their case:
 * all lowercase, or capitalised when CAPITALIZED; never a word in capitals
 * ("NASA") or with a capital inside it ("McDonald"). */
int galley_hyphen_case_allows(const char *w, size_t n, int capitalized);

/* The breaks of WORD (N bytes of UTF-8 letters, as written) as a text of RULES sets
 * it: a word a house list of HOUSE (may be NULL) holds breaks exactly where
 * that list says (the desk's decision); else a word dictionary NAME's
 * exception list holds breaks where that list says, less the points closer
 * to an end than RULES->left and ->right; both whatever the word's case or
 * length (a word listed without hyphens never breaks; the lists hold words
 * of a to z, so only such a word is looked up in them). Any other word of a
 * hyphenable case (galley_hyphen_case_allows) and at least RULES->min_word
 * letters breaks where the patterns say, with the same minimums. POINTS[i] (N bytes) is 1 when a
 * hyphen may follow byte i (a letter's last); returns their number. */
int galley_hyphen_find(galley_hyphen_t *hyphen, const char *name,
                       const galley_hyphen_house_t *house, const galley_hyphen_rules_t *rules,
                       const char *word, size_t n, char *points);

#endif
