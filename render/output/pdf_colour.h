/* pdf_colour.h: the press colour pass of the print PDF (issue 19).
 *
 * Owns: rewriting the colours cairo drew in RGB as the press's CMYK, in the
 * PDF's content itself: every page's content streams and every form XObject
 * they use are read with libqpdf's content token filter (a C++ translation
 * unit, pdf_colour.cc, behind this C interface), and each colour operator is
 * rewritten: a grey (r = g = b, black included) becomes "0 0 0 K k" on the
 * black plate only; any other colour is converted from sRGB to the output
 * profile's CMYK with Little CMS (relative colorimetric, black point
 * compensation), its total ink held under the limit. RGB images keep their
 * bytes and are tagged ICCBased with sRGB (or converted, when asked).
 */
#ifndef GALLEY_PDF_COLOUR_H
#define GALLEY_PDF_COLOUR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the colour pass is told. */
typedef struct {
    const unsigned char *profile; /* the output condition's CMYK ICC profile (borrowed) */
    size_t profile_len;
    double ink_limit;   /* most total ink of a converted colour, percent (newsprint: 240) */
    int photos_cmyk;    /* 1: RGB photos converted to CMYK (re-encoded); 0: tagged ICCBased */
} galley_pdf_colour_t;

/* Rewrites the PDF IN (LEN bytes) as the press colour pass says into *OUT
 * (malloc'ed, *OUT_LEN bytes; the caller frees it), the same bytes for the
 * same input. Returns 0, or -1 with the reason in ERR (ERR_N bytes). */
int galley_pdf_colour_cmyk(const unsigned char *in, size_t len, const galley_pdf_colour_t *opt,
                           unsigned char **out, size_t *out_len, char *err, size_t err_n);

#ifdef __cplusplus
}
#endif
#endif
