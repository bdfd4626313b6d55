/* quotes.c: typographic quotes from typewriter ones.
 *
 * Owns: the context rules for a typed ' or ", the way a careful compositor
 * sets them in English and Korean (both use ‘ ’ and “ ”):
 * - a quote opens at the start, after white space, an opening bracket or
 *   quote, a dash or a slash, and closes elsewhere; a double quote after a
 *   word also opens when none is open and a word follows (Korean 은"안녕");
 * - ' between a letter or figure and a letter is an apostrophe (don't,
 *   1990's), and so is one before figures (the '90s);
 * - after figures ' and " are primes (5'11" is 5′11″), unless a quote of the
 *   kind is open, which they then close.
 */
#include "quotes.h"

/* True when a quote after PREV opens: at the start, after white space, an
 * opening bracket or quote, a dash or a slash. */
static int quote_opens_after(gunichar prev)
{
    if (prev == 0 || prev == '/')
        return 1;
    GUnicodeType t = g_unichar_type(prev);
    return t == G_UNICODE_OPEN_PUNCTUATION || t == G_UNICODE_INITIAL_PUNCTUATION ||
           t == G_UNICODE_DASH_PUNCTUATION;
}

/* The typographic form of a double quote between PREV and NEXT. */
static gunichar quote_double(galley_quoting_t *q, gunichar prev, gunichar next)
{
    if (g_unichar_isdigit(prev) && q->open_double == 0)
        return 0x2033; /* ″ double prime: 11" */
    /* after a letter, a quote that opens nothing closes, unless a word
     * follows at once and none is open (Korean: 은"안녕"이라고) */
    int opens =
        next != 0 && (quote_opens_after(prev) || (q->open_double == 0 && g_unichar_isalnum(next)));
    if (opens) {
        q->open_double++;
        return 0x201C; /* “ */
    }
    if (q->open_double > 0)
        q->open_double--;
    return 0x201D; /* ” */
}

/* The typographic form of a single quote between PREV and NEXT. */
static gunichar quote_single(galley_quoting_t *q, gunichar prev, gunichar next)
{
    if (g_unichar_isalnum(prev) && g_unichar_isalpha(next))
        return 0x2019; /* ’ apostrophe: don't, 1990's, Lee's */
    if (g_unichar_isdigit(prev) && q->open_single == 0)
        return 0x2032; /* ′ prime: 5'11" */
    if (quote_opens_after(prev) && g_unichar_isdigit(next))
        return 0x2019; /* ’ an elided century: the '90s */
    if (next != 0 && quote_opens_after(prev)) {
        q->open_single++;
        return 0x2018; /* ‘ */
    }
    if (q->open_single > 0)
        q->open_single--;
    return 0x2019; /* ’ */
}

/* See quotes.h. */
gunichar galley_quote_typographic(galley_quoting_t *state, char c, gunichar prev, gunichar next)
{
    return c == '"' ? quote_double(state, prev, next) : quote_single(state, prev, next);
}
