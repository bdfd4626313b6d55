/* ink.h: a colour as the press's inks (issue 19).
 *
 * Owns: converting an sRGB colour to the output profile's CMYK with Little
 * CMS 2 (relative colorimetric with black point compensation), a grey
 * (r = g = b exactly) to a tint of black alone, the total ink held under the
 * press's limit, and a cache of the colours converted so far. Used by the
 * colour pass of the PDF (pdf_colour.cc); plain C, callable from C++.
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
 * read here and not kept. Returns NULL with the reason in ERR (ERR_N bytes)
 * when a profile cannot be read, is not RGB or CMYK, or memory runs out.
 * The caller owns the converter and frees it with galley_ink_destroy. */
galley_ink_t *galley_ink_create(const unsigned char *rgb, size_t rgb_len, const unsigned char *cmyk,
                                size_t cmyk_len, double ink_limit, char *err, size_t err_n);

/* CMYK (0..1 each) of the colour RGB (0..1 each, clamped): a grey gives
 * 0 0 0 (1 - r), anything else the profile's conversion with its ink held
 * under the limit (ink.c says how). The same colour always gives the same
 * inks; each distinct colour is converted once. Returns 0, or -1 when memory
 * runs out (CMYK is then still set, unconverted by the cache). */
int galley_ink_rgb(galley_ink_t *ink, const double rgb[3], double cmyk[4]);

/* Frees INK (NULL is allowed). */
void galley_ink_destroy(galley_ink_t *ink);

#ifdef __cplusplus
}
#endif
#endif
