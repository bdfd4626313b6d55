/* env.c: the galley command's settings from its environment.
 *
 * Owns: reading the environment, which the library never does: the data
 * folder (GALLEY_DATADIR), the font configuration (GALLEY_FONTS_CONF), the
 * PDFs' dates (SOURCE_DATE_EPOCH) and the cache folder ($XDG_CACHE_HOME/galley,
 * else ~/.cache/galley; none when neither is set, or with GALLEY_NO_CACHE=1),
 * handed to the context it opens (galley_context_options_t). And, the
 * command owning its process, fontconfig's default configuration: Pango
 * initialises it (FcInit) though the context never uses it (its font map
 * has Galley's own), and loading the system's costs a tenth of a page's
 * render (25 million instructions of 288); the command makes an empty one
 * current first, so FcInit finds one and loads nothing. A program using the
 * library keeps its own.
 */
#include "preview.h"

#include <fontconfig/fontconfig.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The cache folder the environment gives, in BUF (N bytes); NULL when none. */
static const char *env_cache_dir(char *buf, size_t n)
{
    const char *off = getenv("GALLEY_NO_CACHE");
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int len = -1;
    if (off && *off && strcmp(off, "0"))
        return NULL;
    if (xdg && *xdg)
        len = snprintf(buf, n, "%s/galley", xdg);
    else if (home && *home)
        len = snprintf(buf, n, "%s/.cache/galley", home);
    return len > 0 && (size_t)len < n ? buf : NULL;
}

/* SOURCE_DATE_EPOCH as seconds, or -1 when unset or not a whole number. */
static long long env_source_date(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    return *end || errno || v < 0 ? -1 : v;
}

galley_status_t galley_cli_context_create(galley_context_t **out)
{
    char cache[4096];
    galley_context_options_t opt;
    galley_context_options_init(&opt);
    const char *datadir = getenv("GALLEY_DATADIR"), *conf = getenv("GALLEY_FONTS_CONF");
    opt.datadir = datadir && *datadir ? datadir : NULL;
    opt.fonts_conf = conf && *conf ? conf : NULL;
    opt.cache_dir = env_cache_dir(cache, sizeof cache);
    opt.source_date = env_source_date();
    FcConfig *empty = FcConfigCreate();
    if (empty) { /* the process's default configuration: the command's to choose */
        FcConfigSetCurrent(empty);
        FcConfigDestroy(empty); /* the current configuration keeps its own reference */
    }
    return galley_context_create_with_options(&opt, out);
}
