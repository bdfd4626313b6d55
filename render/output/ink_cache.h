/* ink_cache.h: the colours ink.c converted, kept between runs
 * (ink_cache.c). */
#ifndef GALLEY_INK_CACHE_H
#define GALLEY_INK_CACHE_H

#include <stddef.h>

/* One colour: its RGB (0..1, as ink.c clamps it) and its inks (0..1). */
typedef struct {
    double rgb[3], cmyk[4];
} galley_ink_entry_t;

/* The cache file of the conversion named ID (a line of text saying what
 * converts: ink.c makes it of the profiles' checksums and the limit), its
 * path in PATH (N bytes; MAKE: its folder made). Returns 0 when there is no
 * cache folder to use. */
int galley_ink_cache_path(const char *cache_dir, const char *id, int make, char *path, size_t n);

/* The entries of the cache file PATH made for ID in *OUT (malloc'ed, *N of
 * them; the caller frees it). Returns 0, or -1 (nothing to free) when the
 * file is missing, damaged, for another ID or not in this format. The
 * values are as written; the caller checks they are possible. */
int galley_ink_cache_load(const char *path, const char *id, galley_ink_entry_t **out, size_t *n);

/* Writes the N entries E as the cache file PATH for ID (atomically).
 * Returns 0, or -1. */
int galley_ink_cache_save(const char *path, const char *id, const galley_ink_entry_t *e, size_t n);

#endif
