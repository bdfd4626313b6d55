/* hyphen_cache.h: libhyphen dictionaries kept parsed between runs.
 *
 * Owns: Galley's cache of parsed hyphenation dictionaries (hyphen/ in the
 * context's cache folder, cache.h). Parsing
 * hyph_en_US.dic with libhyphen takes longer than setting a page; reading the
 * automaton it builds back from the cache takes a tenth of that. The cache is
 * only ever a copy: an entry that is missing, stale (the dictionary file
 * changed), from another libhyphen build or damaged is ignored and rewritten
 * from libhyphen's own parse.
 */
#ifndef GALLEY_HYPHEN_CACHE_H
#define GALLEY_HYPHEN_CACHE_H

#include <hyphen.h>

/* Where a dictionary came from, which decides how it is freed. */
typedef enum {
    GALLEY_HYPHEN_PARSED, /* hnj_hyphen_load(): libhyphen's own allocations */
    GALLEY_HYPHEN_CACHED, /* read back from the cache: one block */
} galley_hyphen_origin_t;

/* The dictionary at PATH as hnj_hyphen_load() builds it, from the cache in
 * CACHE_DIR (NULL: none) when it holds a good copy (*ORIGIN
 * GALLEY_HYPHEN_CACHED), else parsed by libhyphen and then cached (*ORIGIN
 * GALLEY_HYPHEN_PARSED). NULL when the dictionary cannot be read. Free it
 * with galley_hyphen_cache_free() and the same ORIGIN. */
HyphenDict *galley_hyphen_cache_load(const char *cache_dir, const char *path,
                                     galley_hyphen_origin_t *origin);

/* Frees DICT (may be NULL) loaded by galley_hyphen_cache_load() as ORIGIN. */
void galley_hyphen_cache_free(HyphenDict *dict, galley_hyphen_origin_t origin);

#endif
