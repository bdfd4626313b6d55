/* hyphen_dicts.c: which of Debian's hyphenation dictionaries serves a
 * language.
 *
 * Owns the search, by a BCP 47 tag, of the folder Debian's hyphen-* packages
 * fill (/usr/share/hyphen): for a language Galley has no module for (Dutch,
 * Polish, Portuguese...), so that every language Debian covers is hyphenated
 * by its own patterns. The region's file first ("pt-BR": hyph_pt_BR.dic),
 * then the language's own (hyph_nl.dic), then the first of the language's
 * regions in name order (hyph_nl_NL.dic). A language module names its
 * dictionary itself (typeset/lang/).
 */
#include "hyphenation.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* True when the file NAME exists in DIR. */
static int dicts_exists(const char *dir, const char *name)
{
    char path[512];
    return snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path &&
           access(path, R_OK) == 0;
}

/* The first file of DIR, in name order, that starts with PREFIX and ends in
 * ".dic", into OUT (N bytes); 0 when there is none. */
static int dicts_first(const char *dir, const char *prefix, char *out, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t plen = strlen(prefix);
    int found = 0;
    while (d && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= plen + 4 || strncmp(e->d_name, prefix, plen) ||
            strcmp(e->d_name + len - 4, ".dic") || len >= n)
            continue;
        if (!found || strcmp(e->d_name, out) < 0)
            snprintf(out, n, "%s", e->d_name), found = 1;
    }
    if (d)
        closedir(d);
    return found;
}

int galley_hyphen_dict_find(const char *dir, const char *tag, char *out, size_t n)
{
    char lang[4] = "", region[3] = "", name[64];
    size_t i = 0;
    for (; tag && isalpha((unsigned char)tag[i]) && i < 3; i++)
        lang[i] = (char)tolower((unsigned char)tag[i]);
    lang[i] = '\0';
    if (i < 2 || (tag[i] && tag[i] != '-'))
        return 0;
    /* a region subtag of two letters, after the language and any script ("zh-Hant-TW") */
    for (const char *p = strchr(tag, '-'); p; p = strchr(p + 1, '-'))
        if (isalpha((unsigned char)p[1]) && isalpha((unsigned char)p[2]) &&
            (p[3] == '\0' || p[3] == '-')) {
            region[0] = (char)toupper((unsigned char)p[1]);
            region[1] = (char)toupper((unsigned char)p[2]);
            break;
        }
    if (region[0]) {
        snprintf(name, sizeof name, "hyph_%s_%s.dic", lang, region);
        if (dicts_exists(dir, name))
            return snprintf(out, n, "%s", name) < (int)n;
    }
    snprintf(name, sizeof name, "hyph_%s.dic", lang);
    if (dicts_exists(dir, name))
        return snprintf(out, n, "%s", name) < (int)n;
    snprintf(name, sizeof name, "hyph_%s_", lang);
    return dicts_first(dir, name, out, n);
}
