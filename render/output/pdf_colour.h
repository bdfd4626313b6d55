/* pdf_colour.h: the press colour pass of the print PDF (issue 19).
 *
 * Owns: rewriting the colours cairo drew in RGB as the press's CMYK, in the
 * PDF's content itself: every page's content streams and every form XObject
 * they use are read with libqpdf's content token filter (a C++ translation
 * unit, pdf_colour.cc, behind this C interface), and each colour operator is
 * rewritten: a grey (r = g = b, black included) becomes "0 0 0 K k" on the
 * black plate only; any other colour is converted from sRGB to the output
 * profile's CMYK with Little CMS (relative colorimetric, black point
 * compensation), its total ink held under the limit (ink.c). RGB images
 * keep their bytes and are tagged ICCBased with the RGB profile. Transparency
 * groups blend in DeviceCMYK. What Galley's pages never hold (shadings,
 * patterns, inline RGB images, named colour spaces, Type 3 fonts, soft masks)
 * is refused with an error naming it, never passed through unconverted;
 * DeviceCMYK colours and DeviceGray images pass as they are (pdf_colour.cc
 * lists what is done to each operator and object).
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
    /* The RGB profile cairo's colours and the photos are in (borrowed): the source of
     * every conversion, and embedded once as the photos' ICCBased colour space. NULL:
     * pdf.c fills in colord's sRGB.icc, the profile of its sRGB OutputIntent. */
    const unsigned char *rgb_profile;
    size_t rgb_profile_len;
    double ink_limit; /* most total ink of a converted colour, percent (newsprint: 240;
                         0: no limit) */
    int photos_cmyk;  /* 1: RGB photos converted to CMYK (re-encoded): NOT IMPLEMENTED yet,
                         refused with an error; 0: tagged ICCBased */
} galley_pdf_colour_t;

/* Rewrites the PDF IN (LEN bytes, borrowed) as the press colour pass says
 * into *OUT (malloc'ed, *OUT_LEN bytes; the caller frees it), the same bytes
 * for the same input; rgb_profile must be set. Returns 0, or -1 with the
 * reason in ERR (ERR_N bytes) and *OUT NULL. */
int galley_pdf_colour_cmyk(const unsigned char *in, size_t len, const galley_pdf_colour_t *opt,
                           unsigned char **out, size_t *out_len, char *err, size_t err_n);

#ifdef __cplusplus
}
#endif
#endif
