/* lang.h: language modules, as data.
 *
 * Owns: what differs per language in setting text, one module a language
 * (english.c, korean.c), each a galley_lang_t of tables and no code: the
 * characters that may not begin or end a line, the joiners a line may break
 * after, the scripts set in syllables, and whether words take hyphenation
 * points. lang.c keeps the list of modules, finds a language's module by its
 * tag and classifies characters for the typesetter (breaks.c, shape.c).
 *
 * The character classes are by script, and every module's classes apply in
 * every paragraph, as Unicode's line-breaking classes do: an English story
 * quotes Korean names and a Korean one English titles, and each keeps its
 * script's rules. What follows the article's language is the module found by
 * its tag: hyphenation (and, as they move here, quotes and printed words).
 */
#ifndef GALLEY_LANG_H
#define GALLEY_LANG_H

#include <stddef.h>
#include <stdint.h>

/* A range of code points, FIRST to LAST inclusive. */
typedef struct {
    uint32_t first, last;
} galley_lang_range_t;

/* What one language sets differently. The character lists end with 0. */
typedef struct {
    const char *code;                     /* BCP 47 primary language subtag: "en", "ko" */
    int hyphenate;                        /* words take the hyphenation dictionary's points */
    const uint32_t *no_start;             /* may not begin a line (closing punctuation) */
    const uint32_t *no_end;               /* may not end a line (opening punctuation) */
    const uint32_t *break_after;          /* joiners a line may break after, inside a word */
    const galley_lang_range_t *syllables; /* scripts set in syllables: kept whole
                                           * between spaces, cut only between
                                           * syllables where the style allows,
                                           * spread when justified; {0, 0} ends */
} galley_lang_t;

extern const galley_lang_t galley_lang_english;
extern const galley_lang_t galley_lang_korean;

/* The classes of a character (galley_lang_classify), bits. */
enum {
    GALLEY_LANG_NO_START = 1,    /* in some module's no_start */
    GALLEY_LANG_NO_END = 2,      /* in some module's no_end */
    GALLEY_LANG_BREAK_AFTER = 4, /* in some module's break_after */
    GALLEY_LANG_SYLLABLE = 8     /* in some module's syllables */
};

/* The module of language TAG ("en", "en-GB", "ko"), by its primary subtag;
 * NULL when Galley has none (the text is set by the classes alone). */
const galley_lang_t *galley_lang_find(const char *tag);

/* The classes every module gives character C (0 for most letters). */
unsigned galley_lang_classify(uint32_t c);

/* The classes module L gives character C. */
unsigned galley_lang_classes(const galley_lang_t *l, uint32_t c);

#endif
