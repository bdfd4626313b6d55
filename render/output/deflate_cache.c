/* deflate_cache.c: large streams deflated once (see deflate_cache.h).
 *
 * A cache file is named for its data's length, CRC-32 and Adler-32
 * ("deflate-LEN-CRC-ADLER") and holds one text line, then the deflated bytes:
 *   galley-deflate 1 LEN CRC ADLER DEFLATED_LEN DEFLATED_CRC\n
 * It is used only if the line is exactly that (the data's own length and
 * checksums: a foreign file is not taken), the file's length is the line's
 * and the deflated bytes' CRC-32 is theirs (a damaged one is not taken);
 * else the data is deflated again and the file rewritten (written under a
 * temporary name and renamed: cache.c). Data under 4 KB is deflated
 * without the folder: a file would cost more than it saves.
 */
#include "deflate_cache.h"
#include "cache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Smallest data worth a cache file. */
#define DEFLATE_CACHE_MIN 4096

/* The header line of the cache file of data LEN, CRC, ADLER deflated into
 * DLEN bytes of CRC-32 DCRC, in BUF (N bytes). Returns its length. */
static int deflate_header(char *buf, size_t n, size_t len, unsigned long crc, unsigned long adler,
                          size_t dlen, unsigned long dcrc)
{
    return snprintf(buf, n, "galley-deflate 1 %zu %08lx %08lx %zu %08lx\n", len, crc, adler, dlen,
                    dcrc);
}

/* Reads the cache file PATH of data LEN, CRC, ADLER: 0 with the deflated
 * bytes in *OUT, *OUT_LEN, or -1 when it is missing or not sound. */
static int deflate_read(const char *path, size_t len, unsigned long crc, unsigned long adler,
                        unsigned char **out, size_t *out_len)
{
    unsigned char *file;
    size_t file_len, dlen;
    unsigned long dcrc;
    if (galley_cache_read(path, 2 * len + 4096, &file, &file_len))
        return -1;
    char want[160];
    const char *nl = memchr(file, '\n', file_len < 160 ? file_len : 160);
    int h = -1;
    if (nl && sscanf((const char *)file, "galley-deflate 1 %*u %*x %*x %zu %lx", &dlen, &dcrc) == 2)
        h = deflate_header(want, sizeof want, len, crc, adler, dlen, dcrc);
    if (h <= 0 || (size_t)h != (size_t)(nl + 1 - (const char *)file) ||
        memcmp(want, file, (size_t)h) || file_len != (size_t)h + dlen ||
        crc32(0, file + h, (uInt)dlen) != dcrc || !(*out = malloc(dlen ? dlen : 1))) {
        free(file);
        return -1;
    }
    memcpy(*out, file + h, dlen);
    *out_len = dlen;
    free(file);
    return 0;
}

/* Keeps DEFLATED (DLEN bytes), the data LEN, CRC, ADLER deflated, in the
 * cache file PATH; failing to is no error. */
static void deflate_write(const char *path, size_t len, unsigned long crc, unsigned long adler,
                          const unsigned char *deflated, size_t dlen)
{
    char head[160];
    int h =
        deflate_header(head, sizeof head, len, crc, adler, dlen, crc32(0, deflated, (uInt)dlen));
    unsigned char *file = malloc((size_t)h + dlen);
    if (!file)
        return;
    memcpy(file, head, (size_t)h);
    memcpy(file + h, deflated, dlen);
    galley_cache_write(path, file, (size_t)h + dlen);
    free(file);
}

int galley_deflate_cached(const unsigned char *data, size_t len, const char *cache_dir,
                          unsigned char **out, size_t *out_len)
{
    char name[96], path[4200];
    unsigned long crc = 0, adler = 0;
    int cached = cache_dir && len >= DEFLATE_CACHE_MIN && len <= UINT32_MAX;
    if (cached) {
        crc = crc32(0, data, (uInt)len);
        adler = adler32(1, data, (uInt)len);
        snprintf(name, sizeof name, "deflate-%zu-%08lx-%08lx", len, crc, adler);
        cached = galley_cache_path(cache_dir, name, 1, path, sizeof path);
        if (cached && !deflate_read(path, len, crc, adler, out, out_len))
            return 0;
    }
    uLongf dlen = compressBound((uLong)len);
    unsigned char *z = malloc(dlen);
    if (!z || compress2(z, &dlen, data, (uLong)len, Z_BEST_SPEED) != Z_OK) {
        free(z);
        return -1;
    }
    if (cached)
        deflate_write(path, len, crc, adler, z, dlen);
    *out = z;
    *out_len = dlen;
    return 0;
}
