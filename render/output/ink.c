/* ink.c: a colour as the press's inks (issue 19; ink.h).
 *
 * Owns the Little CMS transform from RGB to the output profile's CMYK and
 * the cache of converted colours. A grey (r = g = b, after parsing) never
 * goes through the profile: it is a tint of black alone (0 0 0 1-r), so body
 * text, rules and grey type print on the black plate only. Any other colour
 * is converted relative colorimetric with black point compensation, then
 * its total ink (C + M + Y + K, percent) is held under the limit:
 *
 *   1. under-colour replacement: the grey part of the CMY, min(C, M, Y), is
 *      replaced by black, as much as needed and as K allows (each 1% moved
 *      takes 1% from each of C, M and Y and adds 1% of K: 2% less ink);
 *   2. if still over, C, M and Y are scaled down together until the total
 *      is the limit (hue kept; K, if over the limit alone, is the limit);
 *   3. every value is rounded to 0.0001 (0.01%), CMY downwards when the
 *      limit bound, so the inks written never add up over it.
 *
 * This is a GCR-like correction after the profile, not a separation of the
 * profile's own: a profile made for the press (its own TAC) needs none.
 */
#include "ink.h"

#include <lcms2.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One converted colour of the cache. */
typedef struct {
    uint64_t key[3]; /* the bits of r, g, b */
    double cmyk[4];
    int used;
} ink_slot_t;

struct galley_ink {
    cmsHTRANSFORM xf;  /* RGB (0..1) -> CMYK (0..100) */
    double limit;      /* percent; 400 when none */
    ink_slot_t *slots; /* open addressing, CAP a power of two, at most half full */
    size_t cap, n;
};

/* Opens an ICC profile from memory, or NULL. */
static cmsHPROFILE ink_profile(const unsigned char *data, size_t len)
{
    if (!data || !len || len > UINT32_MAX)
        return NULL;
    return cmsOpenProfileFromMem(data, (cmsUInt32Number)len);
}

galley_ink_t *galley_ink_create(const unsigned char *rgb, size_t rgb_len, const unsigned char *cmyk,
                                size_t cmyk_len, double ink_limit, char *err, size_t err_n)
{
    cmsHPROFILE src = rgb ? ink_profile(rgb, rgb_len) : cmsCreate_sRGBProfile();
    cmsHPROFILE dst = ink_profile(cmyk, cmyk_len);
    galley_ink_t *ink = NULL;
    if (!src || cmsGetColorSpace(src) != cmsSigRgbData)
        snprintf(err, err_n, "the RGB profile cannot be read as an RGB ICC profile");
    else if (!dst || cmsGetColorSpace(dst) != cmsSigCmykData)
        snprintf(err, err_n, "the output profile cannot be read as a CMYK ICC profile");
    else if (!(ink = calloc(1, sizeof *ink)) ||
             !(ink->slots = calloc(ink->cap = 64, sizeof *ink->slots)))
        snprintf(err, err_n, "out of memory");
    else if (!(ink->xf = cmsCreateTransform(src, TYPE_RGB_DBL, dst, TYPE_CMYK_DBL,
                                            INTENT_RELATIVE_COLORIMETRIC,
                                            cmsFLAGS_BLACKPOINTCOMPENSATION)))
        snprintf(err, err_n, "no transform from the RGB profile to the output profile");
    if (src)
        cmsCloseProfile(src);
    if (dst)
        cmsCloseProfile(dst);
    if (ink && !ink->xf) {
        galley_ink_destroy(ink);
        return NULL;
    }
    if (ink)
        ink->limit = ink_limit > 0 && ink_limit < 400 ? ink_limit : 400;
    return ink;
}

void galley_ink_destroy(galley_ink_t *ink)
{
    if (!ink)
        return;
    if (ink->xf)
        cmsDeleteTransform(ink->xf);
    free(ink->slots);
    free(ink);
}

/* V rounded to 0.0001, or down to it when DOWN. */
static double ink_round(double v, int down)
{
    return (down ? floor(v * 10000) : nearbyint(v * 10000)) / 10000;
}

/* Holds P (C, M, Y, K in percent) under LIMIT (ink.c's header says how)
 * and writes it as 0..1 to OUT, rounded. */
static void ink_limit(double p[4], double limit, double out[4])
{
    for (int i = 0; i < 4; i++)
        p[i] = p[i] < 0 ? 0 : p[i] > 100 ? 100 : p[i];
    double total = p[0] + p[1] + p[2] + p[3];
    int bound = total > limit;
    if (bound) {
        double grey = fmin(p[0], fmin(p[1], p[2]));
        double a = fmin(grey, fmin(100 - p[3], (total - limit) / 2));
        for (int i = 0; i < 3; i++)
            p[i] -= a;
        p[3] += a;
        total -= 2 * a;
    }
    if (total > limit) {
        double cmy = p[0] + p[1] + p[2];
        if (p[3] >= limit) {
            p[0] = p[1] = p[2] = 0;
            p[3] = limit;
        } else if (cmy > 0) {
            double s = (limit - p[3]) / cmy;
            for (int i = 0; i < 3; i++)
                p[i] *= s;
        }
    }
    for (int i = 0; i < 4; i++)
        out[i] = ink_round(p[i] / 100, bound && i < 3);
}

/* The cache's slot of KEY: its own, or the empty one it would take. */
static ink_slot_t *ink_find(ink_slot_t *slots, size_t cap, const uint64_t key[3])
{
    uint64_t h = 1469598103934665603u;
    for (int i = 0; i < 3; i++)
        h = (h ^ key[i]) * 1099511628211u;
    for (size_t i = (size_t)(h ^ h >> 29) & (cap - 1);; i = (i + 1) & (cap - 1))
        if (!slots[i].used || !memcmp(slots[i].key, key, sizeof slots[i].key))
            return &slots[i];
}

/* Doubles the cache; -1 when memory runs out. */
static int ink_grow(galley_ink_t *ink)
{
    size_t cap = ink->cap * 2;
    ink_slot_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < ink->cap; i++)
        if (ink->slots[i].used)
            *ink_find(slots, cap, ink->slots[i].key) = ink->slots[i];
    free(ink->slots);
    ink->slots = slots;
    ink->cap = cap;
    return 0;
}

int galley_ink_rgb(galley_ink_t *ink, const double rgb[3], double cmyk[4])
{
    double c[3];
    for (int i = 0; i < 3; i++)
        c[i] = rgb[i] > 0 ? (rgb[i] < 1 ? rgb[i] : 1) : 0; /* NaN: 0 */
    if (c[0] == c[1] && c[1] == c[2]) {
        cmyk[0] = cmyk[1] = cmyk[2] = 0;
        cmyk[3] = ink_round(1 - c[0], 0);
        return 0;
    }
    uint64_t key[3];
    memcpy(key, c, sizeof key);
    ink_slot_t *slot = ink_find(ink->slots, ink->cap, key);
    if (slot->used) {
        memcpy(cmyk, slot->cmyk, sizeof slot->cmyk);
        return 0;
    }
    double p[4];
    cmsDoTransform(ink->xf, c, p, 1);
    ink_limit(p, ink->limit, cmyk);
    if (2 * (ink->n + 1) > ink->cap) {
        if (ink_grow(ink))
            return -1;
        slot = ink_find(ink->slots, ink->cap, key);
    }
    memcpy(slot->key, key, sizeof key);
    memcpy(slot->cmyk, cmyk, sizeof slot->cmyk);
    slot->used = 1;
    ink->n++;
    return 0;
}
