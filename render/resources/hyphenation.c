/* hyphenation.c: libhyphen dictionaries, by name.
 *
 * Owns the loaded dictionaries, asked for by file name (a language module
 * names its dictionary: typeset/lang/), each a file of /usr/share/hyphen
 * (Debian's hyphen-* packages), and the one exception list shipped, English's
 * (hyphen_list.c, from DATADIR/hyphenation); a language without a dictionary
 * is simply not hyphenated. A word's breaks come from the first of: a house
 * list that holds it, the exception list, the patterns (galley_hyphen_find).
 * Parsing the English patterns takes about as long as setting a page, so the
 * parsed dictionaries are cached between runs (hyphen_cache.c), and a thread
 * loads the English one when the context is made, while the article and
 * fonts load; the first English word to hyphenate waits for it. Any other
 * dictionary loads when its first word is hyphenated, and every one is kept
 * for the context's life.
 *
 * A word is given as UTF-8 and libhyphen takes it in the dictionary's own
 * encoding (its first line: Debian's are UTF-8 or ISO8859-1); libhyphen
 * numbers the points of either by character, which are mapped back here to
 * the UTF-8 bytes the word's characters end at.
 */
#include "hyphenation.h"
#include "hyphen_cache.h"

#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GALLEY_HYPHEN_DIR "/usr/share/hyphen"

/* The most dictionaries a context loads besides English's (every module
 * names one; a name it cannot read takes a slot too, so it is tried once). */
#define HYPHEN_MAX_DICTS 16

/* One dictionary and what Galley knows of it. */
typedef struct {
    char name[64];                 /* its file name in GALLEY_HYPHEN_DIR */
    HyphenDict *dict;              /* NULL: it could not be read, or its encoding is not one
                                    * Galley writes (UTF-8, ISO8859-1) */
    galley_hyphen_origin_t origin; /* how dict is freed */
    int single_byte;               /* its words are in a one-byte encoding (else UTF-8) */
    gunichar high[128];            /* single_byte: the character of each byte 0x80 to 0xFF
                                    * (0: none), as iconv reads its encoding */
    unsigned char bytes[32];       /* the bytes its patterns hold, a bit each: a word with
                                    * others has letters the patterns do not know */
} hyphen_dict_t;

struct galley_hyphen {
    const char *datadir;             /* where hyphenation/ is */
    const char *cache_dir;           /* the parsed dictionaries' cache folder, or NULL */
    hyphen_dict_t en;                /* English's; valid once ready */
    galley_hyphen_list_t *en_except; /* English's exceptions; NULL when unreadable; with en */
    int ready;                       /* en is loaded (or failed to load); guarded by lock */
    int loading;                     /* the loader thread runs or waits to be joined */
    pthread_t loader;
    struct {
        char tag[36];         /* a language tag asked for */
        char name[64];        /* its dictionary's file name; "" when none */
    } tags[HYPHEN_MAX_DICTS]; /* galley_hyphen_dict_for_tag's answers; guarded by lock */
    int n_tags;
    hyphen_dict_t others[HYPHEN_MAX_DICTS]; /* the rest, in the order asked for; guarded
                                             * by lock, never moved or freed till the end */
    int n_others;
    pthread_mutex_t lock; /* typesetting threads share the dictionaries */
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

/* Reads D's one-byte encoding (its first line: ISO8859-1, ISO8859-2,
 * ISO8859-13...) through iconv into D->high, the character of each byte
 * above ASCII; 0 when iconv does not know it or it is no one-byte encoding. */
static int hyphen_charset_load(hyphen_dict_t *d)
{
    int known = 0;
    for (int b = 0x80; b <= 0xFF; b++) {
        char in = (char)b;
        gsize written = 0;
        gchar *u = g_convert(&in, 1, "UTF-8", d->dict->cset, NULL, &written, NULL);
        d->high[b - 0x80] =
            u && written && g_utf8_strlen(u, (gssize)written) == 1 ? g_utf8_get_char(u) : 0;
        known += d->high[b - 0x80] != 0;
        g_free(u);
    }
    return known > 0;
}

/* The byte of character C in D's one-byte encoding; -1 when it has none. */
static int hyphen_byte_of(const hyphen_dict_t *d, gunichar c)
{
    if (c < 0x80)
        return (int)c;
    for (int i = 0; i < 128; i++)
        if (d->high[i] == c)
            return 0x80 + i;
    return -1;
}

/* Loads dictionary NAME of GALLEY_HYPHEN_DIR into D (D->dict NULL when it
 * cannot be read or is in an encoding Galley does not write), with its
 * encoding and the bytes its patterns hold. */
static void hyphen_dict_load(const galley_hyphen_t *hyphen, hyphen_dict_t *d, const char *name)
{
    char path[sizeof GALLEY_HYPHEN_DIR + sizeof d->name];
    snprintf(d->name, sizeof d->name, "%s", name);
    snprintf(path, sizeof path, "%s/%s", GALLEY_HYPHEN_DIR, d->name);
    d->dict = galley_hyphen_cache_load(hyphen->cache_dir, path, &d->origin);
    if (!d->dict)
        return;
    d->single_byte = !d->dict->utf8;
    if (d->single_byte && !hyphen_charset_load(d)) {
        galley_hyphen_cache_free(d->dict, d->origin);
        d->dict = NULL;
        return;
    }
    for (const HyphenDict *l = d->dict; l; l = l->nextlevel)
        for (int i = 0; i < l->num_states; i++)
            for (int k = 0; k < l->states[i].num_trans; k++) {
                unsigned char c = (unsigned char)l->states[i].trans[k].ch;
                d->bytes[c >> 3] |= (unsigned char)(1u << (c & 7));
            }
}

/* The loader thread: the English patterns, parsed or from Galley's cache,
 * and their exceptions. */
static void *hyphen_load_en(void *closure)
{
    galley_hyphen_t *hyphen = closure;
    hyphen_dict_load(hyphen, &hyphen->en, GALLEY_HYPHEN_EN_US);
    hyphen->en_except = hyphen_load_exceptions(hyphen->datadir, GALLEY_HYPHEN_EN_US_EXCEPTIONS);
    return NULL;
}

galley_status_t galley_hyphen_create(const char *datadir, galley_hyphen_t **out)
{
    return galley_hyphen_create_cached(datadir, NULL, out);
}

galley_status_t galley_hyphen_create_cached(const char *datadir, const char *cache_dir,
                                            galley_hyphen_t **out)
{
    galley_hyphen_t *hyphen = calloc(1, sizeof *hyphen);
    if (hyphen)
        hyphen->datadir = datadir, hyphen->cache_dir = cache_dir;
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
    galley_hyphen_cache_free(hyphen->en.dict, hyphen->en.origin);
    for (int i = 0; i < hyphen->n_others; i++)
        galley_hyphen_cache_free(hyphen->others[i].dict, hyphen->others[i].origin);
    galley_hyphen_list_destroy(hyphen->en_except);
    pthread_mutex_destroy(&hyphen->lock);
    free(hyphen);
}

/* True when NAME may name a dictionary: a file name (no folder) ending in
 * ".dic" that fits a slot. */
static int hyphen_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n > 4 && n < sizeof((hyphen_dict_t *)0)->name && !strchr(name, '/') && name[0] != '.' &&
           !strcmp(name + n - 4, ".dic");
}

/* The dictionary named NAME, loaded on first use; NULL when there is none. */
static const hyphen_dict_t *hyphen_dict(galley_hyphen_t *hyphen, const char *name)
{
    if (!hyphen_name_ok(name))
        return NULL;
    if (!strcmp(name, GALLEY_HYPHEN_EN_US)) {
        hyphen_ready(hyphen);
        return hyphen->en.dict ? &hyphen->en : NULL;
    }
    const hyphen_dict_t *found = NULL;
    pthread_mutex_lock(&hyphen->lock);
    for (int i = 0; i < hyphen->n_others && !found; i++)
        if (!strcmp(hyphen->others[i].name, name))
            found = &hyphen->others[i];
    if (!found && hyphen->n_others < HYPHEN_MAX_DICTS) {
        hyphen_dict_t *d = &hyphen->others[hyphen->n_others++];
        hyphen_dict_load(hyphen, d, name);
        found = d;
    }
    pthread_mutex_unlock(&hyphen->lock);
    return found && found->dict ? found : NULL;
}

/* Writes the N bytes of WORD (UTF-8) in D's encoding into BUF (at least
 * 4 * GALLEY_HYPHEN_MAX_WORD + 1 bytes, ended), and in ENDS the byte of WORD
 * each character ends at; returns the number of characters, or -1 when the
 * word has more than GALLEY_HYPHEN_MAX_WORD, a character the encoding lacks
 * or a byte D's patterns never hold (a letter they know nothing of). */
static int hyphen_encode(const hyphen_dict_t *d, const char *word, size_t n, char *buf, size_t *len,
                         size_t *ends)
{
    int chars = 0;
    *len = 0;
    for (const char *p = word, *end = word + n; p < end; p = g_utf8_next_char(p)) {
        if (chars == GALLEY_HYPHEN_MAX_WORD)
            return -1;
        gunichar c = g_utf8_get_char(p);
        size_t bytes = (size_t)(g_utf8_next_char(p) - p);
        if (d->single_byte) {
            int b = hyphen_byte_of(d, c);
            if (b < 0)
                return -1;
            buf[(*len)++] = (char)b;
        } else {
            memcpy(buf + *len, p, bytes);
            *len += bytes;
        }
        ends[chars++] = (size_t)(p - word) + bytes - 1;
    }
    buf[*len] = '\0';
    for (size_t i = 0; i < *len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (!(d->bytes[c >> 3] & (1u << (c & 7))))
            return -1;
    }
    return chars;
}

int galley_hyphen_word(galley_hyphen_t *hyphen, const char *name, const char *word, size_t n,
                       int left, int right, char *points)
{
    memset(points, 0, n);
    const hyphen_dict_t *d = hyphen_dict(hyphen, name);
    char buf[4 * GALLEY_HYPHEN_MAX_WORD + 1], hyph[4 * GALLEY_HYPHEN_MAX_WORD + 8];
    size_t ends[GALLEY_HYPHEN_MAX_WORD], len = 0;
    int chars =
        d && n <= 4 * GALLEY_HYPHEN_MAX_WORD ? hyphen_encode(d, word, n, buf, &len, ends) : -1;
    if (chars < 2)
        return 0;
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int count = 0;
    /* libhyphen numbers the points by character, for UTF-8 too (hnj_hyphen_norm) */
    if (hnj_hyphen_hyphenate3(d->dict, buf, (int)len, hyph, NULL, &rep, &pos, &cut, left, right,
                              left, right) == 0) {
        for (int i = 0; i + 1 < chars; i++)
            if ((hyph[i] & 1) && !(rep && rep[i])) { /* no spelling changes at a break */
                points[ends[i]] = 1;
                count++;
            }
    }
    if (rep) {
        for (size_t i = 0; i < len; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}

/* The dictionary of language TAG; see hyphenation.h. */
const char *galley_hyphen_dict_for_tag(galley_hyphen_t *hyphen, const char *tag)
{
    const char *name = NULL;
    if (!tag || strlen(tag) >= sizeof hyphen->tags[0].tag)
        return NULL;
    pthread_mutex_lock(&hyphen->lock);
    int i = 0;
    while (i < hyphen->n_tags && strcmp(hyphen->tags[i].tag, tag))
        i++;
    if (i == hyphen->n_tags && i < HYPHEN_MAX_DICTS) { /* asked for the first time */
        snprintf(hyphen->tags[i].tag, sizeof hyphen->tags[i].tag, "%s", tag);
        if (!galley_hyphen_dict_find(GALLEY_HYPHEN_DIR, tag, hyphen->tags[i].name,
                                     sizeof hyphen->tags[i].name))
            hyphen->tags[i].name[0] = '\0';
        hyphen->n_tags++;
    }
    if (i < hyphen->n_tags && hyphen->tags[i].name[0])
        name = hyphen->tags[i].name; /* kept for the set's life, never moved */
    pthread_mutex_unlock(&hyphen->lock);
    return name;
}

/* The exception list of dictionary NAME, or NULL. */
static const galley_hyphen_list_t *hyphen_exceptions(galley_hyphen_t *hyphen, const char *name)
{
    if (!name || strcmp(name, GALLEY_HYPHEN_EN_US) != 0 || !hyphen_dict(hyphen, name))
        return NULL;
    return hyphen->en_except;
}

size_t galley_hyphen_exception_count(galley_hyphen_t *hyphen, const char *name)
{
    return galley_hyphen_list_count(hyphen_exceptions(hyphen, name));
}

int galley_hyphen_case_allows(const char *w, size_t n, int capitalized)
{
    if (n == 0)
        return 0;
    for (const char *p = g_utf8_next_char(w); p < w + n; p = g_utf8_next_char(p))
        if (!g_unichar_islower(g_utf8_get_char(p)))
            return 0;
    gunichar first = g_utf8_get_char(w);
    return g_unichar_islower(first) || (capitalized && g_unichar_isupper(first));
}

/* Clears the points of POINTS (N bytes of UTF-8 WORD) closer than LEFT
 * characters to the word's start or RIGHT to its end; returns how many
 * remain. */
static int hyphen_trim(const char *word, char *points, size_t n, int left, int right)
{
    long chars = g_utf8_strlen(word, (gssize)n), k = 0;
    int count = 0;
    for (const char *p = word; p < word + n; p = g_utf8_next_char(p), k++) {
        size_t last = (size_t)(g_utf8_next_char(p) - word) - 1;
        if (k + 1 < left || chars - k - 1 < right)
            points[last] = 0;
        count += points[last] != 0;
    }
    return count;
}

/* True when the N bytes of WORD are all ASCII (the letters lists hold). */
static int hyphen_ascii(const char *word, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)word[i] >= 0x80)
            return 0;
    return 1;
}

/* Writes the N bytes of WORD (UTF-8) in lower case into LOWER (N + 1 bytes,
 * ended); 0 when a letter's lower case is of another length in UTF-8 (none
 * the Latin patterns know), which would move the points: the word is left
 * whole. */
static int hyphen_lower(const char *word, size_t n, char *lower)
{
    for (const char *p = word; p < word + n; p = g_utf8_next_char(p)) {
        size_t bytes = (size_t)(g_utf8_next_char(p) - p);
        if (bytes == 1) {
            lower[p - word] = (char)g_ascii_tolower((unsigned char)*p);
            continue;
        }
        char c[6];
        if ((size_t)g_unichar_to_utf8(g_unichar_tolower(g_utf8_get_char(p)), c) != bytes)
            return 0;
        memcpy(lower + (p - word), c, bytes);
    }
    lower[n] = '\0';
    return 1;
}

int galley_hyphen_find(galley_hyphen_t *hyphen, const char *name,
                       const galley_hyphen_house_t *house, const galley_hyphen_rules_t *rules,
                       const char *word, size_t n, char *points)
{
    memset(points, 0, n);
    long chars = g_utf8_strlen(word, (gssize)n);
    if (chars > GALLEY_HYPHEN_MAX_WORD)
        return 0;
    int count;
    if (hyphen_ascii(word, n)) { /* the lists hold words of a to z */
        for (int k = 0; house && k < GALLEY_HYPHEN_HOUSE_LISTS; k++)
            if ((count = galley_hyphen_list_find(house->lists[k], word, n, points)) >= 0)
                return count; /* the desk's own breaks, as listed ("Shoi-gu") */
        if (galley_hyphen_list_find(hyphen_exceptions(hyphen, name), word, n, points) >= 0)
            return hyphen_trim(word, points, n, rules->left, rules->right);
    }
    if (chars < rules->min_word || !galley_hyphen_case_allows(word, n, rules->capitalized))
        return 0;
    char lower[4 * GALLEY_HYPHEN_MAX_WORD + 1];
    if (!hyphen_lower(word, n, lower))
        return 0;
    count = galley_hyphen_word(hyphen, name, lower, n, rules->left, rules->right, points);
    return count;
}
