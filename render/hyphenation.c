/* hyphenation.c: libhyphen dictionaries per language.
 *
 * Owns the loaded dictionaries. English uses Debian's hyphen-en-us; a language
 * without a dictionary is simply not hyphenated.
 */
#include "hyphenation.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

#define GALLEY_HYPHEN_DIR "/usr/share/hyphen"

struct galley_hyphen {
    HyphenDict *en; /* loaded on first use */
    int en_tried;
};

galley_status_t galley_hyphen_create(galley_hyphen_t **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
}

void galley_hyphen_destroy(galley_hyphen_t *hyphen)
{
    if (!hyphen)
        return;
    if (hyphen->en)
        hnj_hyphen_free(hyphen->en);
    free(hyphen);
}

/* The dictionary for LANG, or NULL. Only English has one for now. */
static HyphenDict *hyphen_dict(galley_hyphen_t *hyphen, const char *lang)
{
    if (!lang || strncmp(lang, "en", 2) != 0 || (lang[2] && lang[2] != '-'))
        return NULL;
    if (!hyphen->en_tried) {
        hyphen->en_tried = 1;
        hyphen->en = hnj_hyphen_load(GALLEY_HYPHEN_DIR "/hyph_en_US.dic");
    }
    return hyphen->en;
}

int galley_hyphen_word(galley_hyphen_t *hyphen, const char *lang, const char *word, size_t n,
                       int left, int right, char *points)
{
    memset(points, 0, n);
    HyphenDict *dict = hyphen_dict(hyphen, lang);
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
