/* ink_cache.c: the colours ink.c converted, kept between runs (ink_cache.h).
 *
 * Building ink.c's Little CMS transform parses the CMYK profile (187 KB for
 * Ghostscript's: 9M instructions of the sample page's 234M) to convert a
 * dozen colours; with their conversions kept in the cache folder, a page of
 * known colours never builds it. A file is text, named for the CRC-32 of
 * its ID ("ink-XXXXXXXX"):
 *   galley-ink 1 ID\n
 *   R G B C M Y K\n          one per colour, each value the 16 hex digits
 *   ...                      of its IEEE double's bits (exact both ways)
 *   end N CRC\n              N colours, CRC the CRC-32 of all before "end"
 * A file is used whole or not at all: a line out of this format, another
 * ID, a count or CRC that does not match, and it is ignored (ink.c then
 * converts afresh and rewrites it); ink.c checks the values too.
 */
#include "ink_cache.h"
#include "cache.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Most colours a file may hold. */
#define INK_CACHE_MAX 65536

/* Bytes of one colour's line: seven 16-digit values, their spaces, \n. */
#define INK_LINE (7 * 17)

int galley_ink_cache_path(const char *cache_dir, const char *id, int make, char *path, size_t n)
{
    char name[32];
    snprintf(name, sizeof name, "ink-%08lx", crc32(0, (const Bytef *)id, (uInt)strlen(id)));
    return galley_cache_path(cache_dir, name, make, path, n);
}

/* The 16 hex digits at S (lowercase) as a double's bits in *V; -1 if not. */
static int ink_hex(const char *s, double *v)
{
    uint64_t bits = 0;
    for (int i = 0; i < 16; i++) {
        int c = s[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        bits = bits << 4 | (uint64_t)d;
    }
    memcpy(v, &bits, sizeof *v);
    return 0;
}

int galley_ink_cache_load(const char *path, const char *id, galley_ink_entry_t **out, size_t *n)
{
    unsigned char *file;
    size_t len;
    if (galley_cache_read(path, 4096 + (size_t)INK_CACHE_MAX * INK_LINE, &file, &len))
        return -1;
    const char *s = (const char *)file, *end = s + len;
    char head[600];
    int h = snprintf(head, sizeof head, "galley-ink 1 %s\n", id);
    galley_ink_entry_t *e = NULL;
    size_t count = 0;
    int ok = h > 0 && (size_t)h < sizeof head && len >= (size_t)h && !memcmp(s, head, (size_t)h);
    const char *p = s + (ok ? h : 0);
    size_t most = ok ? (size_t)(end - p) / INK_LINE : 0;
    ok = ok && (e = malloc((most ? most : 1) * sizeof *e));
    while (ok && end - p >= INK_LINE && p[INK_LINE - 1] == '\n' && strncmp(p, "end ", 4)) {
        double v[7];
        for (int i = 0; ok && i < 7; i++)
            ok = !ink_hex(p + 17 * i, &v[i]) && p[17 * i + 16] == (i < 6 ? ' ' : '\n');
        if (ok) {
            memcpy(e[count].rgb, v, sizeof e[count].rgb);
            memcpy(e[count].cmyk, v + 3, sizeof e[count].cmyk);
            count++;
        }
        p += INK_LINE;
    }
    unsigned long want_crc = crc32(0, file, (uInt)(p - s)), crc;
    size_t want_n;
    int used = 0;
    char tail[64];
    ok = ok && sscanf(p, "end %zu %8lx\n%n", &want_n, &crc, &used) == 2 && used > 0 &&
         p + used == end && want_n == count && crc == want_crc;
    snprintf(tail, sizeof tail, "end %zu %08lx\n", count, want_crc);
    ok = ok && (size_t)used == strlen(tail) && !memcmp(p, tail, (size_t)used);
    free(file);
    if (!ok) {
        free(e);
        return -1;
    }
    *out = e;
    *n = count;
    return 0;
}

/* Appends V's bits as 16 hex digits and the character SEP to P. */
static char *ink_put(char *p, double v, char sep)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    sprintf(p, "%016" PRIx64 "%c", bits, sep);
    return p + 17;
}

int galley_ink_cache_save(const char *path, const char *id, const galley_ink_entry_t *e, size_t n)
{
    if (n > INK_CACHE_MAX)
        return -1;
    size_t cap = strlen(id) + 64 + n * INK_LINE + 64;
    char *buf = malloc(cap), *p = buf;
    if (!buf)
        return -1;
    p += sprintf(p, "galley-ink 1 %s\n", id);
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < 3; c++)
            p = ink_put(p, e[i].rgb[c], ' ');
        for (int c = 0; c < 4; c++)
            p = ink_put(p, e[i].cmyk[c], c < 3 ? ' ' : '\n');
    }
    p += sprintf(p, "end %zu %08lx\n", n, crc32(0, (const Bytef *)buf, (uInt)(p - buf)));
    int r = galley_cache_write(path, buf, (size_t)(p - buf));
    free(buf);
    return r;
}
