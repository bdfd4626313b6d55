/* proof.c: the press proof of a PNG page (--proof).
 *
 * Owns the soft proof a preview shows of the press: Little CMS's proofing
 * transform from the screen's sRGB through the press's CMYK profile back to
 * sRGB, the press simulated with the absolute colorimetric intent (its
 * paper's white, its inks' gamut: the kicker's red as newsprint prints it,
 * black as its ink does), applied to the drawn page's pixels.
 */
#include "proof.h"

#include <lcms2.h>
#include <stdlib.h>

struct galley_proof {
    cmsHTRANSFORM transform; /* BGRA 8-bit (cairo's RGB24 in memory) to itself */
};

galley_proof_t *galley_proof_create(const galley_icc_t *cmyk)
{
    galley_proof_t *proof = calloc(1, sizeof *proof);
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsHPROFILE press = cmyk ? cmsOpenProfileFromMem(cmyk->data, (cmsUInt32Number)cmyk->len) : NULL;
    if (proof && srgb && press)
        proof->transform = cmsCreateProofingTransform(
            srgb, TYPE_BGRA_8, srgb, TYPE_BGRA_8, press, INTENT_RELATIVE_COLORIMETRIC,
            INTENT_ABSOLUTE_COLORIMETRIC, cmsFLAGS_SOFTPROOFING);
    if (srgb)
        cmsCloseProfile(srgb);
    if (press)
        cmsCloseProfile(press);
    if (proof && !proof->transform) {
        free(proof);
        proof = NULL;
    }
    return proof;
}

void galley_proof_apply(galley_proof_t *proof, cairo_surface_t *image)
{
    cairo_surface_flush(image);
    unsigned char *data = cairo_image_surface_get_data(image);
    int w = cairo_image_surface_get_width(image), h = cairo_image_surface_get_height(image);
    int stride = cairo_image_surface_get_stride(image);
    for (int y = 0; data && y < h; y++)
        cmsDoTransform(proof->transform, data + (size_t)y * (size_t)stride,
                       data + (size_t)y * (size_t)stride, (cmsUInt32Number)w);
    cairo_surface_mark_dirty(image);
}

void galley_proof_destroy(galley_proof_t *proof)
{
    if (!proof)
        return;
    cmsDeleteTransform(proof->transform);
    free(proof);
}
