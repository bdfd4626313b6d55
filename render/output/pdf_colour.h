/* pdf_colour.h: the press colour pass of the print PDF (issue 19).
 *
 * Owns: rewriting the colours cairo drew in RGB as the press's CMYK, in the
 * PDF's content itself: every page's content streams and every form XObject
 * they use (found by pdf_cmyk.c inside pdf.c's one libqpdf pass) are read
 * with libqpdf's content token filter (a C++ translation unit,
 * pdf_colour.cc, behind this C interface), and each colour operator is
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

#include "ink.h"

#include <qpdf/qpdf-c.h>
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
    double ink_limit;      /* most total ink of a converted colour, percent (newsprint: 240;
                              0: no limit) */
    const char *cache_dir; /* the colours converted (ink.h) and the RGB profile deflated
                              (deflate_cache.h) are kept between runs here; NULL: not kept */
} galley_pdf_colour_t;

/* The colour space a fill or stroke colour was last set in, as the input
 * set it (the output's is DeviceCMYK wherever the input's was converted). */
typedef enum {
    GALLEY_SPACE_GRAY,     /* DeviceGray: a page's start; g, G, cs /DeviceGray */
    GALLEY_SPACE_RGB,      /* DeviceRGB: rg, RG, cs /DeviceRGB */
    GALLEY_SPACE_CMYK,     /* DeviceCMYK: k, K, cs /DeviceCMYK */
    GALLEY_SPACE_INHERITED /* a form's start: whatever its caller's was; sc in it is refused */
} galley_colour_space_t;

/* The colour spaces of the fill (sc, scn) and the stroke (SC, SCN). */
typedef struct {
    galley_colour_space_t fill, stroke;
} galley_colour_state_t;

/* The whole pass on the PDF Q, inside the caller's libqpdf pass
 * (pdf_cmyk.c): every page's content and the form XObjects and images it
 * uses. Returns 0, or -1 with the reason in ERR (ERR_N bytes). */
int galley_pdf_cmyk(qpdf_data q, const galley_pdf_colour_t *opt, char *err, size_t err_n);

/* The pass on the PDF IN (LEN bytes, borrowed) read and written by itself
 * (a test harness's entry point; pdf.c runs galley_pdf_cmyk in its own pass):
 * the PDF in *OUT (malloc'ed, *OUT_LEN bytes; the caller frees it), the same
 * bytes for the same input. Returns 0, or -1 with the reason in ERR and *OUT
 * NULL. */
int galley_pdf_colour_cmyk(const unsigned char *in, size_t len, const galley_pdf_colour_t *opt,
                           unsigned char **out, size_t *out_len, char *err, size_t err_n);

/* One content stream's decoded bytes IN (LEN) with its colour operators
 * rewritten (pdf_colour.cc lists them) by INK (borrowed), starting in the
 * colour spaces START, into *OUT (malloc'ed, *OUT_LEN bytes, not compressed;
 * the caller frees it). *ALL is 1 when the rewritten content sets the
 * registration colour as /GalleyAll, a colour space the caller must then put
 * in the stream's resources (GALLEY_PDF_ALL_NAME), else 0. WHERE names the
 * stream in messages. Returns 0, or -1 with what it refuses, or why it
 * failed, in ERR (ERR_N bytes) and *OUT NULL. */
int galley_pdf_colour_content(galley_ink_t *ink, const unsigned char *in, size_t len,
                              galley_colour_state_t start, const char *where, unsigned char **out,
                              size_t *out_len, int *all, char *err, size_t err_n);

/* The resource name of the registration colour's [/Separation /All] space. */
#define GALLEY_PDF_ALL_NAME "/GalleyAll"

#ifdef __cplusplus
}
#endif
#endif
