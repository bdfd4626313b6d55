/* hyphenate.c: which words of a text are hyphenated, and where.
 *
 * Owns the one rule for finding a text's words to hyphenate, shared by the
 * breaker (breaks.c) and `galley hyphenate` (the API), so that the command
 * shows exactly the breaks a page would use: a run of letters of the Latin
 * script (a to z, and ä ß é ñ å ø æ ...) not joined to other letters, figures
 * or combining marks ("Russia" of "Russia’s", never "Seoul" of "Seoul123"
 * or "서울" of "Seoul서울"), outside tokens that look like an address or a
 * number (a '/', '@', ':' or figure between spaces); its breaks are
 * galley_hyphen_find's (house lists, exceptions, patterns).
 */
#include "typeset.h"

#include <glib.h>

/* True when the white-space-delimited token around bytes [A, B) of TEXT
 * (LEN bytes) looks like a URL, an address or a number. White space is
 * Unicode's: a no-break space ends a token too. */
static int token_is_code(const char *text, size_t len, size_t a, size_t b)
{
    const char *s = text + a, *e = text + b, *end = text + len;
    for (const char *q; s > text && (q = g_utf8_find_prev_char(text, s)) &&
                        !g_unichar_isspace(g_utf8_get_char(q));)
        s = q;
    while (e < end && !g_unichar_isspace(g_utf8_get_char(e)))
        e = g_utf8_next_char(e);
    for (const char *q = s; q < e; q++)
        if (*q == '/' || *q == '@' || *q == ':' || g_ascii_isdigit(*q))
            return 1;
    return 0;
}

/* True when the character ending just before byte AT of TEXT (or starting at
 * AT, when AFTER) is a letter, a figure or a combining mark (a letter written
 * in two characters: the word is not the run of letters alone). */
static int joined_at(const char *text, size_t len, size_t at, int after)
{
    if (after ? at >= len : at == 0)
        return 0;
    const char *c = after ? text + at : g_utf8_find_prev_char(text, text + at);
    gunichar u = c ? g_utf8_get_char(c) : 0;
    return c && (g_unichar_isalnum(u) || g_unichar_ismark(u));
}

/* True when C is a letter of the Latin script, the letters a word to
 * hyphenate is made of ("Straße", "déménagement"). */
static int latin_letter(gunichar c)
{
    if (c < 0x80)
        return g_ascii_isalpha((char)c);
    return g_unichar_isalpha(c) && g_unichar_get_script(c) == G_UNICODE_SCRIPT_LATIN;
}

int galley_hyphenate_text(galley_hyphen_t *hyphen, const char *dict,
                          const galley_hyphen_house_t *house, const galley_hyphen_rules_t *rules,
                          const char *text, size_t len, int (*fn)(size_t byte, void *data),
                          void *data)
{
    const char *end = text + len;
    for (const char *p = text; p < end;) {
        if (!latin_letter(g_utf8_get_char(p))) {
            p = g_utf8_next_char(p);
            continue;
        }
        size_t a = (size_t)(p - text), n = 0;
        for (; p < end && latin_letter(g_utf8_get_char(p)); p = g_utf8_next_char(p))
            n++;
        size_t i = (size_t)(p - text);
        if (n < 2 || n > GALLEY_HYPHEN_MAX_WORD || joined_at(text, len, a, 0) ||
            joined_at(text, len, i, 1) || token_is_code(text, len, a, i))
            continue;
        char points[4 * GALLEY_HYPHEN_MAX_WORD] = {0};
        if (galley_hyphen_find(hyphen, dict, house, rules, text + a, i - a, points) == 0)
            continue;
        for (size_t k = 0; k + 1 < i - a; k++)
            if (points[k] && fn(a + k + 1, data) != 0)
                return -1;
    }
    return 0;
}
