/* lang.c: the language modules' table.
 *
 * Owns the list of modules (english.c, korean.c, european.c) and of tags
 * that name another's module ("no": Bokmål), the look-up of a language's
 * module by its tag, and the classes of a character, which the typesetter
 * reads once a character (shape.c) to list where lines may break (breaks.c),
 * and the module whose words compose/ prints (English where Galley has
 * none). A new language is a module file and a line in MODULES.
 */
#include "lang.h"

#include <pthread.h>
#include <string.h>

static const galley_lang_t *const MODULES[] = {
    &galley_lang_english, &galley_lang_korean,  &galley_lang_german,
    &galley_lang_french,  &galley_lang_spanish, &galley_lang_italian,
    &galley_lang_bokmal,  &galley_lang_nynorsk, &galley_lang_swedish};
enum { N_MODULES = sizeof MODULES / sizeof MODULES[0] };

/* Tags that name another's module: a macrolanguage printed as one of its
 * languages. */
static const struct {
    const char *tag;
    const galley_lang_t *module;
} ALIASES[] = {{"no", &galley_lang_bokmal}};
enum { N_ALIASES = sizeof ALIASES / sizeof ALIASES[0] };

/* True when C is in the 0-ended list SET. */
static int in_set(const uint32_t *set, uint32_t c)
{
    for (; *set; set++)
        if (*set == c)
            return 1;
    return 0;
}

/* True when C is in one of the ranges RS ({0, 0} ends them). */
static int in_ranges(const galley_lang_range_t *rs, uint32_t c)
{
    for (; rs->last; rs++)
        if (c >= rs->first && c <= rs->last)
            return 1;
    return 0;
}

const galley_lang_t *galley_lang_find(const char *tag)
{
    if (!tag)
        return NULL;
    size_t n = strcspn(tag, "-");
    for (size_t i = 0; i < N_MODULES; i++)
        if (strlen(MODULES[i]->code) == n && strncmp(tag, MODULES[i]->code, n) == 0)
            return MODULES[i];
    for (size_t i = 0; i < N_ALIASES; i++)
        if (strlen(ALIASES[i].tag) == n && strncmp(tag, ALIASES[i].tag, n) == 0)
            return ALIASES[i].module;
    return NULL;
}

const galley_lang_t *galley_lang_words(const char *tag)
{
    const galley_lang_t *l = galley_lang_find(tag);
    return l ? l : &galley_lang_english;
}

unsigned galley_lang_classes(const galley_lang_t *l, uint32_t c)
{
    unsigned cls = 0;
    if (in_set(l->no_start, c))
        cls |= GALLEY_LANG_NO_START;
    if (in_set(l->no_end, c))
        cls |= GALLEY_LANG_NO_END;
    if (in_set(l->break_after, c))
        cls |= GALLEY_LANG_BREAK_AFTER;
    if (in_ranges(l->syllables, c))
        cls |= GALLEY_LANG_SYLLABLE;
    return cls;
}

uint32_t galley_lang_quote_close(uint32_t c)
{
    for (size_t i = 0; i < N_MODULES; i++)
        for (const uint32_t *q = MODULES[i]->quote_pairs; q && q[0]; q += 2)
            if (q[0] == c)
                return q[1];
    return 0;
}

int galley_lang_is_unit(const char *word)
{
    for (size_t i = 0; i < N_MODULES; i++)
        for (const char *const *u = MODULES[i]->units; u && *u; u++)
            if (!strcmp(word, *u) || (MODULES[i]->unit_prefix && !strncmp(word, *u, strlen(*u))))
                return 1;
    return 0;
}

/* The classes of C in every module, read from the module tables. */
static unsigned classify_tables(uint32_t c)
{
    unsigned cls = 0;
    for (size_t i = 0; i < N_MODULES; i++)
        cls |= galley_lang_classes(MODULES[i], c);
    return cls;
}

/* The classes of the first 256 code points (most of a Latin text), worked
 * out once a process from the tables: every character of every paragraph is
 * classified, and a scan of each module's lists for each letter cost 2.7% of
 * typesetting the sample page. */
static unsigned char latin1_classes[256];
static pthread_once_t latin1_once = PTHREAD_ONCE_INIT;

static void latin1_fill(void)
{
    for (uint32_t c = 0; c < 256; c++)
        latin1_classes[c] = (unsigned char)classify_tables(c);
}

unsigned galley_lang_classify(uint32_t c)
{
    if (c >= 256)
        return classify_tables(c);
    pthread_once(&latin1_once, latin1_fill);
    return latin1_classes[c];
}
