/* deflate_cache.h: large streams of the PDF deflated once, kept between
 * runs (deflate_cache.c).
 *
 * Owns: the deflated bytes of data that is the same in every run (the ICC
 * profiles embedded in a press file: 187 KB of Ghostscript's CMYK profile
 * took zlib 34M instructions, a third of the sample page's PDF pass), kept
 * in the cache folder and checked before use.
 */
#ifndef GALLEY_DEFLATE_CACHE_H
#define GALLEY_DEFLATE_CACHE_H

#include <stddef.h>

/* DATA (LEN bytes) deflated at zlib's fastest level into *OUT (malloc'ed,
 * *OUT_LEN bytes; the caller frees it): read from the cache folder when a
 * sound copy of it is there, else made and kept there (USE_CACHE: 0 never
 * reads or writes the folder). Returns 0, or -1 when memory runs out. */
int galley_deflate_cached(const unsigned char *data, size_t len, const char *cache_dir,
                          unsigned char **out, size_t *out_len);

#endif
