/* cache.h: where Galley keeps what it remembers between runs.
 *
 * Owns: the files of the cache folder a context is given (its options'
 * cache_dir; the galley command gives $XDG_CACHE_HOME/galley, else
 * ~/.cache/galley). Each cache in it (parsed hyphenation dictionaries,
 * checked photos, colour conversions) is only ever a copy of what Galley can
 * work out again, so deleting the folder is safe. No folder: no cache.
 */
#ifndef GALLEY_CACHE_H
#define GALLEY_CACHE_H

#include <stddef.h>

/* The cache folder DIR joined with NAME ("hyphen", "photo-checks") in BUF
 * (N bytes); MAKE: create DIR (and its parent, not NAME) if it is missing.
 * Returns 0 when there is none to use (DIR NULL or empty, a path too long, a
 * folder that cannot be made). */
int galley_cache_path(const char *dir, const char *name, int make, char *buf, size_t n);

/* The whole file PATH in *DATA (malloc'ed, *LEN bytes, a NUL after them;
 * the caller frees it), if it is a regular file of at most MAX bytes.
 * Returns 0, or -1 (nothing to free) when it cannot be read. */
int galley_cache_read(const char *path, size_t max, unsigned char **data, size_t *len);

/* Writes LEN bytes of DATA as the file PATH, under a temporary name renamed
 * into place, so a reader never sees half of it. Returns 0, or -1 (no file
 * left behind). */
int galley_cache_write(const char *path, const void *data, size_t len);

#endif
