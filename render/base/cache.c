/* cache.c: the cache folder, and its files read whole and written
 * atomically (see cache.h). */
#define _DEFAULT_SOURCE /* mkstemp */
#include "cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int galley_cache_path(const char *cache_dir, const char *name, int make, char *buf, size_t n)
{
    char dir[4096];
    if (!cache_dir || !*cache_dir)
        return 0;
    int len = snprintf(dir, sizeof dir, "%s", cache_dir);
    if (len <= 0 || (size_t)len >= sizeof dir)
        return 0;
    while (len > 1 && dir[len - 1] == '/')
        dir[--len] = '\0';
    if (make) { /* $HOME/.cache itself may be missing too */
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir) {
            *slash = '\0';
            if (mkdir(dir, 0755) != 0 && errno != EEXIST)
                return 0;
            *slash = '/';
        }
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return 0;
    }
    len = snprintf(buf, n, "%s/%s", dir, name);
    return len > 0 && (size_t)len < n;
}

int galley_cache_read(const char *path, size_t max, unsigned char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    unsigned char *d = NULL;
    int r = -1;
    if (f && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= 0 &&
        (size_t)sb.st_size <= max && (d = malloc((size_t)sb.st_size + 1)) &&
        fread(d, 1, (size_t)sb.st_size, f) == (size_t)sb.st_size && getc(f) == EOF) {
        d[sb.st_size] = '\0';
        *data = d;
        *len = (size_t)sb.st_size;
        d = NULL;
        r = 0;
    }
    free(d);
    if (f)
        fclose(f);
    return r;
}

int galley_cache_write(const char *path, const void *data, size_t len)
{
    char tmp[4200];
    int n = snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    if (n <= 0 || (size_t)n >= sizeof tmp)
        return -1;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "wb");
    int ok = f && fwrite(data, 1, len, f) == len;
    ok = (f ? fclose(f) == 0 : close(fd) == 0) && ok;
    if (ok && chmod(tmp, 0644) == 0 && rename(tmp, path) == 0)
        return 0;
    unlink(tmp);
    return -1;
}
