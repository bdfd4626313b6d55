/* breaks.c: where a paragraph's lines may end.
 *
 * Owns the break candidates: Pango's break opportunities (Korean kept whole
 * between spaces unless the style lets it break between syllables), the
 * spaces, the points after a middle dot, and libhyphen's points inside
 * English words in lowercase or capitalised (never in capitals), with the
 * punctuation that may not begin or end a line taken out, and the width of
 * each hyphen measured. Hands linebreak.c the candidates in text order.
 */
#include "typeset_private.h"

#include <stdlib.h>
#include <string.h>

static int para_add_cand(para_t *p, cand_kind_t kind, int end, int next)
{
    if (p->n_cands == p->cap_cands) {
        int cap = p->cap_cands ? p->cap_cands * 2 : 64;
        cand_t *c = realloc(p->cands, (size_t)cap * sizeof *c);
        if (!c)
            return -1;
        p->cands = c;
        p->cap_cands = cap;
    }
    p->cands[p->n_cands++] = (cand_t){kind, end, next, 0};
    return 0;
}

/* True when the whitespace-delimited token around [a, b) looks like a URL, an
 * address or a number: such tokens are never hyphenated. */
static int token_is_code(const para_t *p, int a, int b)
{
    while (a > 0 && !g_unichar_isspace(p->chars[a - 1].ch))
        a--;
    while (b < p->n && !g_unichar_isspace(p->chars[b].ch))
        b++;
    for (int i = a; i < b; i++) {
        gunichar c = p->chars[i].ch;
        if (c == '/' || c == '@' || c == ':' || g_unichar_isdigit(c))
            return 1;
    }
    return 0;
}

/* Adds the points of libhyphen's dictionary DICT inside the ASCII word
 * [a, b), looked up in lowercase (the patterns are): "Ministry" breaks as
 * "ministry" does. */
static int para_hyphen_word(para_t *p, galley_hyphen_t *hy, const char *dict, int a, int b)
{
    size_t n = (size_t)(b - a);
    if (n < (size_t)p->lb->hyphen_min_word || n > 60 || token_is_code(p, a, b))
        return 0;
    char word[64] = {0}, points[64] = {0};
    for (size_t i = 0; i < n; i++)
        word[i] = (char)g_ascii_tolower((int)p->chars[a + (int)i].ch);
    if (galley_hyphen_word(hy, dict, word, n, (int)p->lb->hyphen_left, (int)p->lb->hyphen_right,
                           points) == 0)
        return 0;
    for (size_t i = 0; i + 1 < n; i++) {
        int at = a + (int)i + 1;
        if (points[i] && p->chars[at].glyph_count > 0 && para_add_cand(p, CAND_HYPHEN, at, at))
            return -1;
    }
    return 0;
}

/* True when the ASCII letters [A, B) may be hyphenated by their case: all
 * lowercase ("ministry"), or one capital first and lowercase after it
 * ("Ministry", "Spaceflight") when the style hyphenates capitalised words
 * (hyphen_capitalized). Never a word in capitals ("NASA", "UN") or with a
 * capital inside it ("McDonald", "iPhone"): abbreviations and names. */
int galley_word_hyphenable_case(const gunichar *w, size_t n, int capitalized)
{
    for (size_t i = 1; i < n; i++)
        if (!g_ascii_islower((int)w[i]))
            return 0;
    return n > 0 && (g_ascii_islower((int)w[0]) || (capitalized && g_ascii_isupper((int)w[0])));
}

/* Finds the words to hyphenate: runs of ASCII letters not joined to other
 * letters or digits whose case allows it (galley_word_hyphenable_case). */
static int para_hyphen_words(para_t *p, galley_hyphen_t *hy, const char *dict)
{
    int i = 0;
    gunichar w[64];
    while (i < p->n) {
        if (!(p->chars[i].ch < 128 && g_ascii_isalpha((int)p->chars[i].ch))) {
            i++;
            continue;
        }
        int a = i;
        while (i < p->n && p->chars[i].ch < 128 && g_ascii_isalpha((int)p->chars[i].ch)) {
            if (i - a < 64)
                w[i - a] = p->chars[i].ch;
            i++;
        }
        int joined = (a > 0 && g_unichar_isalnum(p->chars[a - 1].ch)) ||
                     (i < p->n && g_unichar_isalnum(p->chars[i].ch));
        size_t n = (size_t)(i - a);
        if (!joined && n <= 64 &&
            galley_word_hyphenable_case(w, n, p->lb->hyphen_capitalized != 0) &&
            para_hyphen_word(p, hy, dict, a, i))
            return -1;
    }
    return 0;
}

/* True when a Korean word cut before character I keeps the style's least
 * number of letters on each side (syllable_left, syllable_right): a single
 * syllable left at a line's end reads as a word of its own. */
static int para_cut_keeps(const para_t *p, int i)
{
    int left = 0, right = 0;
    for (int k = i - 1; k >= 0 && !p->chars[k].is_space && left < (int)p->lb->syllable_left; k--)
        left += p->chars[k].glyph_count > 0;
    for (int k = i; k < p->n && !p->chars[k].is_space && right < (int)p->lb->syllable_right; k++)
        right += p->chars[k].glyph_count > 0;
    return left >= (int)p->lb->syllable_left && right >= (int)p->lb->syllable_right;
}

/* Width of the hyphen glyph in the font of character C's item. */
static double para_hyphen_width(const para_t *p, int c, PangoGlyphString *gs)
{
    PangoItem *item = p->item_v[p->chars[c].item];
    pango_shape_with_flags("-", 1, "-", 1, &item->analysis, gs, PANGO_SHAPE_NONE);
    double w = 0;
    for (int g = 0; g < gs->num_glyphs; g++)
        w += (double)gs->glyphs[g].geometry.width / PANGO_SCALE;
    return w;
}

/* Measures the hyphen of every hyphenation candidate, once per Pango item. */
static int para_hyphen_widths(para_t *p)
{
    double *per_item = malloc(((size_t)p->n_items + 1) * sizeof *per_item);
    PangoGlyphString *gs = pango_glyph_string_new();
    if (!per_item) {
        pango_glyph_string_free(gs);
        return -1;
    }
    for (int k = 0; k <= p->n_items; k++)
        per_item[k] = -1;
    for (int i = 0; i < p->n_cands; i++) {
        cand_t *c = &p->cands[i];
        if (c->kind != CAND_HYPHEN)
            continue;
        int item = p->chars[c->end - 1].item;
        if (per_item[item] < 0)
            per_item[item] = para_hyphen_width(p, c->end - 1, gs);
        c->hyphen = per_item[item];
    }
    free(per_item);
    pango_glyph_string_free(gs);
    return 0;
}

/* Lists the break candidates in text order: Pango's break opportunities
 * (between letters set in syllables only when SYLLABLES: Korean breaks at
 * spaces), the spaces, the points after a joining middle dot, and, when the
 * style hyphenates and LANG's module (lang/) names a hyphenation dictionary,
 * its points inside words whose case allows it. No line begins with a
 * character of class NO_START or ends with one of class NO_END. */
int galley_para_candidates(para_t *p, galley_hyphen_t *hy, const char *lang, int hyphenate,
                           int syllables)
{
    PangoLogAttr *la = calloc((size_t)p->n + 1, sizeof *la);
    if (!la)
        return -1;
    pango_get_log_attrs(p->text, (int)p->len, -1, pango_language_from_string(lang), la, p->n + 1);
    const galley_lang_t *module = galley_lang_find(lang);
    if (hyphenate && module && module->hyphen_dict && para_hyphen_words(p, hy, module->hyphen_dict))
        goto fail;
    for (int i = 1; i < p->n; i++) {
        unsigned prev = p->chars[i - 1].cls, cur = p->chars[i].cls;
        if ((prev & GALLEY_LANG_BREAK_AFTER) && !g_unichar_isspace(p->chars[i].ch)) {
            if (para_add_cand(p, CAND_PLAIN, i, i))
                goto fail;
            continue;
        }
        if (!la[i].is_line_break || (cur & GALLEY_LANG_NO_START))
            continue;
        if (p->chars[i - 1].is_space) {
            int s = i - 1;
            while (s > 0 && p->chars[s - 1].is_space)
                s--;
            if (s > 0 && !(p->chars[s - 1].cls & GALLEY_LANG_NO_END) &&
                para_add_cand(p, CAND_SPACE, s, i))
                goto fail;
        } else if (!g_unichar_isspace(p->chars[i - 1].ch) && !(prev & GALLEY_LANG_NO_END)) {
            int cut = ((prev | cur) & GALLEY_LANG_SYLLABLE) != 0;
            if (cut && (!syllables || !para_cut_keeps(p, i)))
                continue;
            if (para_add_cand(p, cut ? CAND_SYLLABLE : CAND_PLAIN, i, i))
                goto fail;
        }
    }
    free(la);
    int end = p->n;
    while (end > 0 && g_unichar_isspace(p->chars[end - 1].ch))
        end--;
    /* Hyphen points were added after the break that ends their word; sort. */
    for (int i = 1; i < p->n_cands; i++) {
        cand_t c = p->cands[i];
        int j = i;
        while (j > 0 && p->cands[j - 1].end > c.end) {
            p->cands[j] = p->cands[j - 1];
            j--;
        }
        p->cands[j] = c;
    }
    if (para_add_cand(p, CAND_END, end, p->n))
        return -1;
    return para_hyphen_widths(p);
fail:
    free(la);
    return -1;
}
