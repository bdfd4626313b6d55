/* ink.h: a colour as the press's inks (issue 19).
 *
 * Owns: converting an sRGB colour to the output profile's CMYK with Little
 * CMS 2 (relative colorimetric with black point compensation), a grey
 * (r = g = b exactly) to a tint of black alone, the total ink held under the
 * press's limit, and a cache of the colours converted so far, kept between
 * runs in the cache folder (ink_cache.c), so a page whose colours are all
 * known never builds the Little CMS transform (9M instructions of the
 * sample page's 234M, mostly parsing the CMYK profile). Used by the colour
 * pass of the PDF (pdf_colour.cc); plain C, callable from C++.
 */
#ifndef GALLEY_INK_H
#define GALLEY_INK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct galley_ink galley_ink_t;

/* A converter from the RGB profile RGB (RGB_LEN bytes of ICC; NULL: Little
 * CMS's built-in sRGB) to the CMYK profile CMYK (CMYK_LEN bytes), holding
 * total ink to INK_LIMIT percent (0: no limit; at most 400). The bytes are
 * borrowed until galley_ink_destroy; only their headers are read here: the
 * Little CMS transform is built at the first colour neither a grey nor
 * known. USE_CACHE: the colours converted before with the same profiles and
 * limit are known, read from the cache folder (ink_cache.c; a file not
 * sound is ignored), and galley_ink_save keeps them there. Returns NULL
 * with the reason in ERR (ERR_N bytes) when a profile's header is not an RGB
 * or a CMYK ICC profile's, or memory runs out. The caller owns the
 * converter and frees it with galley_ink_destroy. */
galley_ink_t *galley_ink_create(const unsigned char *rgb, size_t rgb_len, const unsigned char *cmyk,
                                size_t cmyk_len, double ink_limit, const char *cache_dir, char *err,
                                size_t err_n);

/* Keeps the colours INK knows in its cache file (if it was made with
 * USE_CACHE and converted any, or the file was not sound); failing to is no
 * error: the cache is only a copy. */
void galley_ink_save(galley_ink_t *ink);

/* Why the last galley_ink_rgb failed. */
const char *galley_ink_error(const galley_ink_t *ink);

/* The registration colour: crop and registration marks print on every plate
 * (100% of each ink), so a press can register the plates by them. Drawn in
 * this RGB, which no layout colour (#rrggbb, whole 255ths) and no grey can
 * be; the colour pass writes it in the /Separation /All colour space
 * (pdf_colour.cc), and galley_ink_rgb() gives it as 1 1 1 1. */
#define GALLEY_INK_REGISTRATION_R 0.001
#define GALLEY_INK_REGISTRATION_G 0.0
#define GALLEY_INK_REGISTRATION_B 0.0

/* Whether RGB (0..1 each, as drawn) is the registration colour. */
int galley_ink_is_registration(const double rgb[3]);

/* CMYK (0..1 each) of the colour RGB (0..1 each, clamped): a grey gives
 * 0 0 0 (1 - r), anything else the profile's conversion with its ink held
 * under the limit (ink.c says how). The same colour always gives the same
 * inks, from the cache or not; each distinct colour is converted once. Returns
 * 0, or -1 when memory runs out or a profile cannot be read
 * (galley_ink_error says which). */
int galley_ink_rgb(galley_ink_t *ink, const double rgb[3], double cmyk[4]);

/* Frees INK (NULL is allowed). */
void galley_ink_destroy(galley_ink_t *ink);

#ifdef __cplusplus
}
#endif
#endif
