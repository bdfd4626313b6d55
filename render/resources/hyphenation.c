/* hyphenation.c: libhyphen dictionaries, by name.
 *
 * Owns the loaded dictionaries, asked for by file name (a language module
 * names its dictionary: typeset/lang/). The one Galley loads is English's,
 * Debian's hyphen-en-us, with its exception list (hyphen_list.c) from
 * DATADIR/hyphenation; a language without them is simply not hyphenated.
 * A word's breaks come from the first of: a house list that holds it, the
 * exception list, the patterns (galley_hyphen_find).
 * Parsing the English patterns takes about as long as setting a page, so the
 * parsed dictionary is cached between runs (hyphen_cache.c) and a thread
 * loads it when the context is made, while the article and fonts load; the
 * first word to hyphenate waits for it.
 */
#include "hyphenation.h"
#include "hyphen_cache.h"

#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GALLEY_HYPHEN_DIR "/usr/share/hyphen"

struct galley_hyphen {
    const char *datadir;              /* where hyphenation/ is */
    HyphenDict *en;                   /* valid once ready */
    galley_hyphen_list_t *en_except;  /* English's exceptions; NULL when unreadable; with en */
    galley_hyphen_origin_t en_origin; /* how en is freed; set with en */
    int ready;                        /* en is loaded (or failed to load); guarded by lock */
    int loading;                      /* the loader thread runs or waits to be joined */
    pthread_t loader;
    pthread_mutex_t lock; /* typesetting threads share one dictionary */
};

/* Reads the exception list FILE of DATADIR/hyphenation; NULL when it cannot
 * be read (the patterns then decide alone, as without the list). */
static galley_hyphen_list_t *hyphen_load_exceptions(const char *datadir, const char *file)
{
    char path[4096];
    if (!datadir ||
        snprintf(path, sizeof path, "%s/hyphenation/%s", datadir, file) >= (int)sizeof path)
        return NULL;
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_hyphen_list_t *list = NULL;
    galley_hyphen_list_load(path, NULL, 4 << 20, &list, &diags);
    galley_diags_fini(&diags);
    return list;
}

/* The loader thread: the English patterns, parsed or from Galley's cache,
 * and their exceptions. */
static void *hyphen_load_en(void *closure)
{
    galley_hyphen_t *hyphen = closure;
    hyphen->en =
        galley_hyphen_cache_load(GALLEY_HYPHEN_DIR "/" GALLEY_HYPHEN_EN_US, &hyphen->en_origin);
    hyphen->en_except = hyphen_load_exceptions(hyphen->datadir, GALLEY_HYPHEN_EN_US_EXCEPTIONS);
    return NULL;
}

galley_status_t galley_hyphen_create(const char *datadir, galley_hyphen_t **out)
{
    galley_hyphen_t *hyphen = calloc(1, sizeof *hyphen);
    if (hyphen)
        hyphen->datadir = datadir;
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
    galley_hyphen_list_destroy(hyphen->en_except);
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

/* The exception list of dictionary NAME, or NULL. */
static const galley_hyphen_list_t *hyphen_exceptions(galley_hyphen_t *hyphen, const char *name)
{
    if (!hyphen_dict(hyphen, name))
        return NULL;
    return hyphen->en_except;
}

size_t galley_hyphen_exception_count(galley_hyphen_t *hyphen, const char *name)
{
    return galley_hyphen_list_count(hyphen_exceptions(hyphen, name));
}

int galley_hyphen_case_allows(const char *w, size_t n, int capitalized)
{
    for (size_t i = 1; i < n; i++)
        if (!g_ascii_islower(w[i]))
            return 0;
    return n > 0 && (g_ascii_islower(w[0]) || (capitalized && g_ascii_isupper(w[0])));
}

/* Clears the points of POINTS (N letters) closer than LEFT to the word's
 * start or RIGHT to its end; returns how many remain. */
static int hyphen_trim(char *points, size_t n, int left, int right)
{
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if ((int)i + 1 < left || (int)(n - i - 1) < right)
            points[i] = 0;
        count += points[i] != 0;
    }
    return count;
}

int galley_hyphen_find(galley_hyphen_t *hyphen, const char *name,
                       const galley_hyphen_house_t *house, const galley_hyphen_rules_t *rules,
                       const char *word, size_t n, char *points)
{
    memset(points, 0, n);
    if (n > GALLEY_HYPHEN_MAX_WORD)
        return 0;
    int count;
    for (int k = 0; house && k < GALLEY_HYPHEN_HOUSE_LISTS; k++)
        if ((count = galley_hyphen_list_find(house->lists[k], word, n, points)) >= 0)
            return count; /* the desk's own breaks, as listed ("Shoi-gu") */
    if (galley_hyphen_list_find(hyphen_exceptions(hyphen, name), word, n, points) >= 0)
        return hyphen_trim(points, n, rules->left, rules->right);
    if ((int)n < rules->min_word || !galley_hyphen_case_allows(word, n, rules->capitalized))
        return 0;
    char lower[GALLEY_HYPHEN_MAX_WORD + 1];
    for (size_t i = 0; i < n; i++)
        lower[i] = (char)g_ascii_tolower((unsigned char)word[i]);
    return galley_hyphen_word(hyphen, name, lower, n, rules->left, rules->right, points);
}
