/* ink.c: a colour as the press's inks (issue 19; ink.h).
 *
 * Owns the Little CMS transform from RGB to the output profile's CMYK, built
 * at the first colour not known, and the table of converted colours (read
 * from and saved to ink_cache.c's file when asked; an entry read back is
 * used only if it is a colour this file could have made: not a grey, inks
 * in 0..1 under the limit; one that is not and the whole file is ignored). A grey (r = g = b, after
 * parsing) never goes through the profile: it is a tint of black alone (0 0 0 1-r), so body text,
 * rules and grey type print on the black plate only. Any other colour is converted relative
 * colorimetric with black point compensation, then its total ink (C + M + Y + K, percent) is held
 * under the limit:
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

#include "ink_cache.h"

#include <inttypes.h>
#include <lcms2.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* One converted colour of the cache. */
typedef struct {
    uint64_t key[3]; /* the bits of r, g, b */
    double cmyk[4];
    int used;
} ink_slot_t;

struct galley_ink {
    const unsigned char *rgb, *cmyk; /* the profiles (borrowed; RGB NULL: built-in sRGB) */
    size_t rgb_len, cmyk_len;
    cmsHTRANSFORM xf;  /* RGB (0..1) -> CMYK (0..100), built at the first colour not known */
    double limit;      /* percent; 400 when none */
    ink_slot_t *slots; /* open addressing, CAP a power of two, at most half full */
    size_t cap, n;
    const char *cache_dir; /* the cache folder, or NULL: none */
    int dirty;             /* the cache file is to be (re)written */
    char id[256];          /* what converts, naming the cache file (ink_cache.h) */
    char error[160];       /* why the transform could not be built */
};

/* Opens an ICC profile from memory, or NULL. */
static cmsHPROFILE ink_profile(const unsigned char *data, size_t len)
{
    if (!data || !len || len > UINT32_MAX)
        return NULL;
    return cmsOpenProfileFromMem(data, (cmsUInt32Number)len);
}

/* Whether the LEN bytes DATA begin as an ICC profile of the colour space
 * SPACE ("RGB " or "CMYK") does: a check of the header alone (the profile
 * is parsed when the transform is built). */
static int ink_header_is(const unsigned char *data, size_t len, const char *space)
{
    return data && len >= 132 && len <= UINT32_MAX && !memcmp(data + 36, "acsp", 4) &&
           !memcmp(data + 16, space, 4);
}

/* The checksums of DATA (LEN bytes) appended to the id at P (N bytes left). */
static int ink_id_part(char *p, size_t n, const char *what, const unsigned char *data, size_t len)
{
    if (!data)
        return snprintf(p, n, "%s built-in ", what);
    return snprintf(p, n, "%s %zu %08lx %08lx ", what, len, crc32(0, data, (uInt)len),
                    adler32(1, data, (uInt)len));
}

/* Builds INK's transform; -1 with the reason in ink->error. */
static int ink_transform(galley_ink_t *ink)
{
    cmsHPROFILE src = ink->rgb ? ink_profile(ink->rgb, ink->rgb_len) : cmsCreate_sRGBProfile();
    cmsHPROFILE dst = ink_profile(ink->cmyk, ink->cmyk_len);
    if (!src || cmsGetColorSpace(src) != cmsSigRgbData)
        snprintf(ink->error, sizeof ink->error,
                 "the RGB profile cannot be read as an RGB ICC profile");
    else if (!dst || cmsGetColorSpace(dst) != cmsSigCmykData)
        snprintf(ink->error, sizeof ink->error,
                 "the output profile cannot be read as a CMYK ICC profile");
    else if (!(ink->xf = cmsCreateTransform(src, TYPE_RGB_DBL, dst, TYPE_CMYK_DBL,
                                            INTENT_RELATIVE_COLORIMETRIC,
                                            cmsFLAGS_BLACKPOINTCOMPENSATION)))
        snprintf(ink->error, sizeof ink->error,
                 "no transform from the RGB profile to the output profile");
    if (src)
        cmsCloseProfile(src);
    if (dst)
        cmsCloseProfile(dst);
    return ink->xf ? 0 : -1;
}

/* Whether E is a colour ink.c could have converted under LIMIT (percent):
 * clamped RGB, not a grey, inks in 0..1 adding up to the limit at most. */
static int ink_entry_sound(const galley_ink_entry_t *e, double limit)
{
    double sum = 0;
    for (int i = 0; i < 3; i++)
        if (!(e->rgb[i] >= 0 && e->rgb[i] <= 1))
            return 0;
    for (int i = 0; i < 4; i++) {
        if (!(e->cmyk[i] >= 0 && e->cmyk[i] <= 1))
            return 0;
        sum += e->cmyk[i];
    }
    return !(e->rgb[0] == e->rgb[1] && e->rgb[1] == e->rgb[2]) && sum <= limit / 100 + 1e-9;
}

static int ink_add(galley_ink_t *ink, const uint64_t key[3], const double cmyk[4]);

/* Takes the colours of INK's cache file, if it is sound; else marks it to
 * be rewritten. */
static void ink_load(galley_ink_t *ink)
{
    char path[4200];
    galley_ink_entry_t *e = NULL;
    size_t n = 0, i = 0;
    if (!galley_ink_cache_path(ink->cache_dir, ink->id, 0, path, sizeof path))
        return;
    if (galley_ink_cache_load(path, ink->id, &e, &n)) {
        ink->dirty = 1;
        return;
    }
    while (i < n && ink_entry_sound(&e[i], ink->limit))
        i++;
    if (i < n) { /* not trusted: none of it is taken */
        ink->dirty = 1;
    } else {
        for (i = 0; i < n; i++) {
            uint64_t key[3];
            memcpy(key, e[i].rgb, sizeof key);
            if (ink_add(ink, key, e[i].cmyk))
                break;
        }
    }
    free(e);
}

galley_ink_t *galley_ink_create(const unsigned char *rgb, size_t rgb_len, const unsigned char *cmyk,
                                size_t cmyk_len, double ink_limit, const char *cache_dir, char *err,
                                size_t err_n)
{
    galley_ink_t *ink = NULL;
    if (rgb && !ink_header_is(rgb, rgb_len, "RGB "))
        snprintf(err, err_n, "the RGB profile cannot be read as an RGB ICC profile");
    else if (!ink_header_is(cmyk, cmyk_len, "CMYK"))
        snprintf(err, err_n, "the output profile cannot be read as a CMYK ICC profile");
    else if (!(ink = calloc(1, sizeof *ink)) ||
             !(ink->slots = calloc(ink->cap = 64, sizeof *ink->slots))) {
        snprintf(err, err_n, "out of memory");
        galley_ink_destroy(ink);
        return NULL;
    }
    if (!ink)
        return NULL;
    ink->rgb = rgb;
    ink->rgb_len = rgb_len;
    ink->cmyk = cmyk;
    ink->cmyk_len = cmyk_len;
    ink->limit = ink_limit > 0 && ink_limit < 400 ? ink_limit : 400;
    ink->cache_dir = cache_dir;
    if (cache_dir) {
        uint64_t bits;
        memcpy(&bits, &ink->limit, sizeof bits);
        int k = ink_id_part(ink->id, sizeof ink->id, "rgb", rgb, rgb_len);
        k += ink_id_part(ink->id + k, sizeof ink->id - (size_t)k, "cmyk", cmyk, cmyk_len);
        snprintf(ink->id + k, sizeof ink->id - (size_t)k, "limit %016" PRIx64, bits);
        ink_load(ink);
    }
    return ink;
}

void galley_ink_save(galley_ink_t *ink)
{
    char path[4200];
    if (!ink->cache_dir || !ink->dirty ||
        !galley_ink_cache_path(ink->cache_dir, ink->id, 1, path, sizeof path))
        return;
    galley_ink_entry_t *e = malloc((ink->n ? ink->n : 1) * sizeof *e);
    size_t n = 0;
    for (size_t i = 0; e && i < ink->cap; i++)
        if (ink->slots[i].used) {
            memcpy(e[n].rgb, ink->slots[i].key, sizeof e[n].rgb);
            memcpy(e[n++].cmyk, ink->slots[i].cmyk, sizeof e->cmyk);
        }
    if (e && !galley_ink_cache_save(path, ink->id, e, n))
        ink->dirty = 0;
    free(e);
}

const char *galley_ink_error(const galley_ink_t *ink)
{
    return ink->error[0] ? ink->error : "out of memory";
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

/* Adds KEY's inks CMYK to INK's table; -1 when memory runs out. */
static int ink_add(galley_ink_t *ink, const uint64_t key[3], const double cmyk[4])
{
    if (2 * (ink->n + 1) > ink->cap && ink_grow(ink))
        return -1;
    ink_slot_t *slot = ink_find(ink->slots, ink->cap, key);
    if (slot->used)
        return 0;
    memcpy(slot->key, key, sizeof slot->key);
    memcpy(slot->cmyk, cmyk, sizeof slot->cmyk);
    slot->used = 1;
    ink->n++;
    return 0;
}

int galley_ink_is_registration(const double rgb[3])
{
    return rgb[0] == GALLEY_INK_REGISTRATION_R && rgb[1] == GALLEY_INK_REGISTRATION_G &&
           rgb[2] == GALLEY_INK_REGISTRATION_B;
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
    if (galley_ink_is_registration(c)) { /* marks: every plate, outside the ink limit */
        cmyk[0] = cmyk[1] = cmyk[2] = cmyk[3] = 1;
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
    if (!ink->xf && ink_transform(ink)) {
        memset(cmyk, 0, 4 * sizeof *cmyk);
        return -1;
    }
    cmsDoTransform(ink->xf, c, p, 1);
    ink_limit(p, ink->limit, cmyk);
    ink->dirty = 1;
    return ink_add(ink, key, cmyk);
}
