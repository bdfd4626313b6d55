/* hyphenation.c: libhyphen dictionaries, by name.
 *
 * Owns the loaded dictionaries, asked for by file name (a language module
 * names its dictionary: typeset/lang/). The one Galley loads is English's,
 * Debian's hyphen-en-us; a language without it is simply not hyphenated.
 * Parsing the English patterns takes about as long as setting a page, so the
 * parsed dictionary is cached between runs (hyphen_cache.c) and a thread
 * loads it when the context is made, while the article and fonts load; the
 * first word to hyphenate waits for it.
 */
#include "hyphenation.h"
#include "hyphen_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define GALLEY_HYPHEN_DIR "/usr/share/hyphen"

struct galley_hyphen {
    HyphenDict *en;                   /* valid once ready */
    galley_hyphen_origin_t en_origin; /* how en is freed; set with en */
    int ready;                        /* en is loaded (or failed to load); guarded by lock */
    int loading;                      /* the loader thread runs or waits to be joined */
    pthread_t loader;
    pthread_mutex_t lock; /* typesetting threads share one dictionary */
};

/* The loader thread: the English patterns, parsed or from Galley's cache. */
static void *hyphen_load_en(void *closure)
{
    galley_hyphen_t *hyphen = closure;
    hyphen->en =
        galley_hyphen_cache_load(GALLEY_HYPHEN_DIR "/" GALLEY_HYPHEN_EN_US, &hyphen->en_origin);
    return NULL;
}

galley_status_t galley_hyphen_create(galley_hyphen_t **out)
{
    galley_hyphen_t *hyphen = calloc(1, sizeof *hyphen);
    if (!hyphen || pthread_mutex_init(&hyphen->lock, NULL) != 0) {
        free(hyphen);
        *out = NULL;
        return GALLEY_STATUS_NO_MEMORY;
    }
    /* Without a thread the dictionary loads on first use instead. */
    hyphen->loading = pthread_create(&hyphen->loader, NULL, hyphen_load_en, hyphen) == 0;
    *out = hyphen;
    return GALLEY_STATUS_SUCCESS;
}

/* Makes the English dictionary ready: joins the loader, or loads it here. */
static void hyphen_ready(galley_hyphen_t *hyphen)
{
    pthread_mutex_lock(&hyphen->lock);
    if (!hyphen->ready) {
        if (hyphen->loading)
            pthread_join(hyphen->loader, NULL);
        else
            hyphen_load_en(hyphen);
        hyphen->loading = 0;
        hyphen->ready = 1;
    }
    pthread_mutex_unlock(&hyphen->lock);
}

void galley_hyphen_destroy(galley_hyphen_t *hyphen)
{
    if (!hyphen)
        return;
    if (hyphen->loading)
        pthread_join(hyphen->loader, NULL);
    galley_hyphen_cache_free(hyphen->en, hyphen->en_origin);
    pthread_mutex_destroy(&hyphen->lock);
    free(hyphen);
}

/* The dictionary named NAME, or NULL. Only English's is loaded for now. */
static HyphenDict *hyphen_dict(galley_hyphen_t *hyphen, const char *name)
{
    if (!name || strcmp(name, GALLEY_HYPHEN_EN_US) != 0)
        return NULL;
    hyphen_ready(hyphen);
    return hyphen->en;
}

int galley_hyphen_word(galley_hyphen_t *hyphen, const char *name, const char *word, size_t n,
                       int left, int right, char *points)
{
    memset(points, 0, n);
    HyphenDict *dict = hyphen_dict(hyphen, name);
    if (!dict || n < 2 || n > 60)
        return 0;
    char buf[64], hyph[70];
    memcpy(buf, word, n);
    buf[n] = '\0';
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int count = 0;
    if (hnj_hyphen_hyphenate3(dict, buf, (int)n, hyph, NULL, &rep, &pos, &cut, left, right, left,
                              right) == 0) {
        for (size_t i = 0; i + 1 < n; i++)
            if (hyph[i] & 1) {
                points[i] = 1;
                count++;
            }
    }
    if (rep) {
        for (size_t i = 0; i < n; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}
