/* cache.c: the cache folder (see cache.h). */
#include "cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int galley_cache_path(const char *name, int make, char *buf, size_t n)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char dir[4096];
    int len;
    if (xdg && *xdg)
        len = snprintf(dir, sizeof dir, "%s/galley", xdg);
    else if (home && *home)
        len = snprintf(dir, sizeof dir, "%s/.cache/galley", home);
    else
        return 0;
    if (len <= 0 || (size_t)len >= sizeof dir)
        return 0;
    if (make) { /* $HOME/.cache itself may be missing too */
        char *slash = strrchr(dir, '/');
        *slash = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return 0;
        *slash = '/';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return 0;
    }
    len = snprintf(buf, n, "%s/%s", dir, name);
    return len > 0 && (size_t)len < n;
}
