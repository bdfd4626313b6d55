/* hyphen_cache.h: libhyphen dictionaries kept parsed between runs.
 *
 * Owns: Galley's cache of parsed hyphenation dictionaries
 * ($XDG_CACHE_HOME/galley/hyphen, else ~/.cache/galley/hyphen). Parsing
 * hyph_en_US.dic with libhyphen takes longer than setting a page; reading the
 * automaton it builds back from the cache takes a tenth of that. The cache is
 * only ever a copy: an entry that is missing, stale (the dictionary file
 * changed), from another libhyphen build or damaged is ignored and rewritten
 * from libhyphen's own parse.
 */
#ifndef GALLEY_HYPHEN_CACHE_H
#define GALLEY_HYPHEN_CACHE_H

#include <hyphen.h>

/* The dictionary at PATH as hnj_hyphen_load() returns it (free it with
 * hnj_hyphen_free()), from the cache when it holds a good copy, else parsed by
 * libhyphen and then cached. NULL when the dictionary cannot be read. */
HyphenDict *galley_hyphen_cache_load(const char *path);

#endif
