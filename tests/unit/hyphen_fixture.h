/* hyphen_fixture.h: what the hyphenation unit tests share (test_hyphen_latin.c,
 * test_hyphen_list.c): a word written out with its break points, the form
 * their expectations are in ("pyong-yang"). Static: each test includes its
 * copy. */
#ifndef GALLEY_HYPHEN_FIXTURE_H
#define GALLEY_HYPHEN_FIXTURE_H

#include "hyphenation.h"

#include <stddef.h>

/* WORD's first N bytes (UTF-8) with a hyphen after each byte POINTS marks
 * (nonzero), in a static buffer the next call overwrites. */
static const char *hyphen_show(const char *word, size_t n, const char *points)
{
    static char out[8 * GALLEY_HYPHEN_MAX_WORD];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 2 < sizeof out; i++) {
        out[o++] = word[i];
        if (points[i])
            out[o++] = '-';
    }
    out[o] = '\0';
    return out;
}

#endif
