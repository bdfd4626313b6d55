/* breaks.c: where a paragraph's lines may end.
 *
 * Owns the break candidates: Pango's break opportunities (Korean kept whole
 * between spaces unless the style lets it break between syllables), the
 * spaces, the points after a middle dot, and the hyphenation points of
 * English words (galley_hyphen_find: the house lists, the exceptions, the
 * patterns; by case, never in capitals unless a house list says), with the
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

/* Adds a hyphenation candidate after byte BYTE of paragraph DATA, where a
 * glyph starts (a hyphen cannot go inside a cluster). */
static int para_add_hyphen(size_t byte, void *data)
{
    para_t *p = data;
    int at = galley_para_char_at(p, byte);
    if (at >= p->n || p->chars[at].byte != byte || p->chars[at].glyph_count == 0)
        return 0;
    return para_add_cand(p, CAND_HYPHEN, at, at);
}

/* Adds the hyphenation points of the paragraph's words (hyphenate.c: the
 * house lists HOUSE, the exceptions and the patterns of DICT), by the
 * style's rules. */
static int para_hyphen_words(para_t *p, galley_hyphen_t *hy, const char *dict,
                             const galley_hyphen_house_t *house)
{
    const galley_linebreak_t *lb = p->lb;
    galley_hyphen_rules_t rules = {(int)lb->hyphen_left, (int)lb->hyphen_right,
                                   (int)lb->hyphen_min_word, lb->hyphen_capitalized != 0};
    return galley_hyphenate_text(hy, dict, house, &rules, p->text, p->len, para_add_hyphen, p);
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
int galley_para_candidates(para_t *p, galley_hyphen_t *hy, const galley_hyphen_house_t *house,
                           const char *lang, int hyphenate, int syllables)
{
    PangoLogAttr *la = calloc((size_t)p->n + 1, sizeof *la);
    if (!la)
        return -1;
    pango_get_log_attrs(p->text, (int)p->len, -1, pango_language_from_string(lang), la, p->n + 1);
    /* a module's dictionary; a language without a module: Debian's for it */
    const galley_lang_t *module = galley_lang_find(lang);
    const char *dict = !hyphenate ? NULL
                       : module   ? module->hyphen_dict
                                  : galley_hyphen_dict_for_tag(hy, lang);
    if (dict && para_hyphen_words(p, hy, dict, house))
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
