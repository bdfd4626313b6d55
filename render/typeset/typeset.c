/* typeset.c: a paragraph to set lines.
 *
 * Owns the paragraph's shaped form and its breaking. The text is itemized and
 * shaped once; every character gets its advance (the glyphs of the cluster it
 * starts), so the width of any stretch of text is a difference of prefix sums.
 * Break candidates (spaces, Pango's break opportunities, libhyphen's points)
 * are listed once; a total-fit (Knuth-Plass) breaker picks among them, with
 * the style's parameters (galley_linebreak_t). Each chosen line is set to its
 * measure by its word spaces first, then by letter spacing within the style's
 * limits; punctuation at its ends hangs into the margins.
 */
#include "typeset.h"
#include "utf8.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

/* One character of the paragraph. */
typedef struct {
    size_t byte; /* offset in the text */
    gunichar ch;
    double adv;       /* advance of the cluster starting here, tracking included */
    int item;         /* the Pango item it belongs to */
    int glyph_first;  /* the cluster's glyphs in that item's glyph string */
    int glyph_count;  /* 0 when the character is inside a cluster */
    int is_space;     /* U+0020 or U+00A0: stretches when the line is justified */
    int syllable_gap; /* a Korean cluster followed by another, in a style that spreads
                       * syllables: the gap between stretches with the spaces */
} tchar_t;

/* CAND_SYLLABLE cuts a Korean word between syllables (when the style allows). */
typedef enum { CAND_SPACE, CAND_PLAIN, CAND_HYPHEN, CAND_SYLLABLE, CAND_END } cand_kind_t;

/* A place a line may end: the line ends before character END and the next
 * starts at NEXT (after the spaces a line break swallows). */
typedef struct {
    cand_kind_t kind;
    int end, next;
    double hyphen; /* width of the hyphen a CAND_HYPHEN break adds */
} cand_t;

/* The shaped paragraph. */
typedef struct {
    const char *text;
    size_t len;
    int n;          /* characters */
    tchar_t *chars; /* n + 1, the last a sentinel at len */
    double *prefix; /* n + 1 prefix sums of adv */
    int *spaces;    /* n + 1 prefix counts of is_space */
    GList *items;   /* PangoItem*, in order */
    PangoItem **item_v;
    PangoGlyphString **glyphs;
    int n_items;
    cand_t *cands;
    int n_cands, cap_cands;
    int *letters;           /* n + 1 prefix counts of letter gaps (clusters, not spaces) */
    int *cjk;               /* n + 1 prefix counts of Hangul and Hanja */
    int *syllables;         /* n + 1 prefix counts of syllable_gap */
    const galley_text_t *t; /* the text with its spans */
    int *link;              /* n + 1: the link span each character is in, or -1 */
    double space_width;     /* a typical word space, for stretch and shrink */
    double em;              /* the style's size: letter spacing is a fraction of it */
    const galley_linebreak_t *lb;
    double color[3];
} para_t;

/* True for Hangul, Han and Kana: scripts Korean breaking keeps whole. */
static int is_cjk(gunichar c)
{
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x3130 && c <= 0x318F) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* Punctuation that may not start a line (Korean and Latin line rules). */
static int is_closing(gunichar c)
{
    if (c > 0 && c < 128)
        return strchr(".,!?)]}:;%", (int)c) != NULL;
    return c == 0x2019 || c == 0x201D || c == 0x3001 || c == 0x3002 || c == 0x300D || c == 0x300F ||
           c == 0x3009 || c == 0x300B || c == 0x30FB || c == 0x2026;
}

/* Punctuation that may not end a line. */
static int is_opening(gunichar c)
{
    return c == '(' || c == '[' || c == '{' || c == 0x2018 || c == 0x201C || c == 0x300C ||
           c == 0x300E || c == 0x3008 || c == 0x300A;
}

/* Sets runs of Korean (Hangul and Hanja) at the style's Korean scale, so the
 * Korean face's letters match the Latin face's x-height on one baseline. */
static void attrs_scale_korean(PangoAttrList *attrs, const galley_text_t *t,
                               const galley_style_t *style)
{
    const char *s = t->text, *end = t->text + t->len, *run = NULL;
    while (s <= end) {
        int cjk = s < end && is_cjk(g_utf8_get_char(s));
        if (cjk && !run)
            run = s;
        if (!cjk && run) {
            PangoAttribute *a = pango_attr_size_new_absolute(
                (int)(style->size * style->korean_scale * PANGO_SCALE + 0.5));
            a->start_index = (guint)(run - t->text);
            a->end_index = (guint)(s - t->text);
            pango_attr_list_insert(attrs, a);
            run = NULL;
        }
        if (s == end)
            break;
        s = g_utf8_next_char(s);
    }
}

/* Builds the attribute list: the style's font and language over the whole
 * text, then emphasis and strong spans. */
static PangoAttrList *para_attrs(const galley_text_t *t, const galley_style_t *style,
                                 const char *lang)
{
    PangoAttrList *attrs = pango_attr_list_new();
    PangoFontDescription *desc = galley_fonts_describe(style);
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
    pango_font_description_free(desc);
    pango_attr_list_insert(attrs, pango_attr_language_new(pango_language_from_string(lang)));
    if (style->korean_scale != 1.0)
        attrs_scale_korean(attrs, t, style);
    for (size_t i = 0; i < t->n_spans; i++) {
        const galley_span_t *sp = &t->spans[i];
        PangoAttribute *a = NULL;
        if (sp->kind == GALLEY_SPAN_EMPHASIS)
            a = pango_attr_style_new(style->italic ? PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC);
        else if (sp->kind == GALLEY_SPAN_STRONG)
            a = pango_attr_weight_new(style->weight >= 600 ? PANGO_WEIGHT_HEAVY
                                                           : PANGO_WEIGHT_BOLD);
        if (!a)
            continue;
        a->start_index = (guint)sp->start;
        a->end_index = (guint)sp->end;
        pango_attr_list_insert(attrs, a);
    }
    return attrs;
}

/* Indexes the characters of the text. */
static int para_index_chars(para_t *p)
{
    p->n = (int)g_utf8_strlen(p->text, (gssize)p->len);
    p->chars = calloc((size_t)p->n + 1, sizeof *p->chars);
    if (!p->chars)
        return -1;
    const char *s = p->text;
    for (int i = 0; i < p->n; i++) {
        p->chars[i].byte = (size_t)(s - p->text);
        p->chars[i].ch = g_utf8_get_char(s);
        /* A no-break space ties two words but justifies like any word space. */
        p->chars[i].is_space = p->chars[i].ch == ' ' || p->chars[i].ch == 0x00A0;
        s = g_utf8_next_char(s);
    }
    p->chars[p->n].byte = p->len;
    return 0;
}

/* Finds the character starting at BYTE (binary search). */
static int para_char_at(const para_t *p, size_t byte)
{
    int lo = 0, hi = p->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (p->chars[mid].byte < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Itemizes and shapes the text once, giving every cluster's first character
 * its glyphs and advance. */
static int para_shape(para_t *p, PangoContext *ctx, PangoAttrList *attrs, double tracking)
{
    p->items = pango_itemize(ctx, p->text, 0, (int)p->len, attrs, NULL);
    p->n_items = (int)g_list_length(p->items);
    p->item_v = calloc((size_t)p->n_items + 1, sizeof *p->item_v);
    p->glyphs = calloc((size_t)p->n_items + 1, sizeof *p->glyphs);
    if (!p->item_v || !p->glyphs)
        return -1;
    int k = 0;
    for (GList *l = p->items; l; l = l->next, k++) {
        PangoItem *item = l->data;
        p->item_v[k] = item;
        p->glyphs[k] = pango_glyph_string_new();
        pango_shape_with_flags(p->text + item->offset, item->length, p->text, (int)p->len,
                               &item->analysis, p->glyphs[k], PANGO_SHAPE_NONE);
        PangoGlyphString *gs = p->glyphs[k];
        for (int g = 0; g < gs->num_glyphs; g++) {
            int c = para_char_at(p, (size_t)item->offset + (size_t)gs->log_clusters[g]);
            tchar_t *tc = &p->chars[c];
            if (tc->glyph_count == 0) {
                tc->glyph_first = g;
                tc->adv += tracking;
            }
            tc->item = k;
            tc->glyph_count++;
            tc->adv += (double)gs->glyphs[g].geometry.width / PANGO_SCALE;
        }
        int c0 = para_char_at(p, (size_t)item->offset);
        int c1 = para_char_at(p, (size_t)item->offset + (size_t)item->length);
        for (int c = c0; c < c1; c++)
            p->chars[c].item = k;
    }
    return 0;
}

/* Marks the characters inside link spans. */
static int para_links(para_t *p)
{
    p->link = malloc(((size_t)p->n + 1) * sizeof *p->link);
    if (!p->link)
        return -1;
    for (int i = 0; i <= p->n; i++)
        p->link[i] = -1;
    for (size_t k = 0; k < p->t->n_spans; k++) {
        const galley_span_t *sp = &p->t->spans[k];
        if (sp->kind != GALLEY_SPAN_LINK || !sp->url)
            continue;
        for (int i = para_char_at(p, sp->start); i < p->n && p->chars[i].byte < sp->end; i++)
            p->link[i] = (int)k;
    }
    return 0;
}

/* Warns, by position, about characters no font has a glyph for: they would
 * print as empty boxes, and text is never dropped silently. */
static void para_check_glyphs(const para_t *p, const galley_setting_t *s, galley_diags_t *diags)
{
    int reported = 0;
    for (int k = 0; k < p->n_items; k++) {
        const PangoGlyphString *gs = p->glyphs[k];
        for (int g = 0; g < gs->num_glyphs; g++) {
            PangoGlyph glyph = gs->glyphs[g].glyph;
            if (glyph != PANGO_GLYPH_EMPTY && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG) && glyph != 0)
                continue;
            size_t byte = (size_t)p->item_v[k]->offset + (size_t)gs->log_clusters[g];
            gunichar c = g_utf8_get_char(p->text + byte);
            if (glyph == PANGO_GLYPH_EMPTY || g_unichar_iszerowidth(c) || g_unichar_isspace(c))
                continue;
            if (++reported > 10)
                return;
            galley_diags_warn(diags, NULL, 0, 0, s->field,
                              "no font has a glyph for U+%04X at character %ld of the text; it "
                              "prints as a box",
                              (unsigned)c, g_utf8_pointer_to_offset(p->text, p->text + byte));
        }
    }
}

/* True when the style spreads Korean syllables with the word spaces; when it
 * does not, they are letter gaps like any other. */
static int syllables_spread(const para_t *p)
{
    return p->lb->syllable_stretch > 0 || p->lb->syllable_shrink > 0;
}

/* Fills the prefix sums of advances and of word spaces. */
static int para_prefix(para_t *p)
{
    p->prefix = calloc((size_t)p->n + 1, sizeof *p->prefix);
    p->spaces = calloc((size_t)p->n + 1, sizeof *p->spaces);
    p->letters = calloc((size_t)p->n + 1, sizeof *p->letters);
    p->cjk = calloc((size_t)p->n + 1, sizeof *p->cjk);
    p->syllables = calloc((size_t)p->n + 1, sizeof *p->syllables);
    if (!p->prefix || !p->spaces || !p->letters || !p->cjk || !p->syllables)
        return -1;
    double sw = 0;
    int ns = 0, prev = -1; /* the last cluster seen */
    for (int i = 0; i < p->n; i++) {
        if (p->chars[i].glyph_count > 0) {
            if (prev >= 0 && is_cjk(p->chars[prev].ch) && is_cjk(p->chars[i].ch))
                p->chars[prev].syllable_gap = syllables_spread(p);
            prev = i;
        }
    }
    for (int i = 0; i < p->n; i++) {
        p->syllables[i + 1] = p->syllables[i] + p->chars[i].syllable_gap;
        p->prefix[i + 1] = p->prefix[i] + p->chars[i].adv;
        p->spaces[i + 1] = p->spaces[i] + p->chars[i].is_space;
        p->cjk[i + 1] = p->cjk[i] + is_cjk(p->chars[i].ch);
        p->letters[i + 1] =
            p->letters[i] + (p->chars[i].glyph_count > 0 && !g_unichar_isspace(p->chars[i].ch));
        if (p->chars[i].is_space) {
            sw += p->chars[i].adv;
            ns++;
        }
    }
    p->space_width = ns ? sw / ns : 0;
    return 0;
}

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

/* Adds libhyphen's points inside the all-lowercase ASCII word [a, b). */
static int para_hyphen_word(para_t *p, galley_hyphen_t *hy, const char *lang, int a, int b)
{
    size_t n = (size_t)(b - a);
    if (n < (size_t)p->lb->hyphen_min_word || n > 60 || token_is_code(p, a, b))
        return 0;
    char word[64] = {0}, points[64] = {0};
    for (size_t i = 0; i < n; i++)
        word[i] = (char)p->chars[a + (int)i].ch;
    if (galley_hyphen_word(hy, lang, word, n, (int)p->lb->hyphen_left, (int)p->lb->hyphen_right,
                           points) == 0)
        return 0;
    for (size_t i = 0; i + 1 < n; i++) {
        int at = a + (int)i + 1;
        if (points[i] && p->chars[at].glyph_count > 0 && para_add_cand(p, CAND_HYPHEN, at, at))
            return -1;
    }
    return 0;
}

/* Finds the words to hyphenate: runs of lowercase ASCII letters not joined to
 * other letters or digits (a capital anywhere leaves the word whole). */
static int para_hyphen_words(para_t *p, galley_hyphen_t *hy, const char *lang)
{
    int i = 0;
    while (i < p->n) {
        if (!(p->chars[i].ch < 128 && g_ascii_isalpha((int)p->chars[i].ch))) {
            i++;
            continue;
        }
        int a = i, lower = 1;
        while (i < p->n && p->chars[i].ch < 128 && g_ascii_isalpha((int)p->chars[i].ch)) {
            lower &= g_ascii_islower((int)p->chars[i].ch) != 0;
            i++;
        }
        int joined = (a > 0 && g_unichar_isalnum(p->chars[a - 1].ch)) ||
                     (i < p->n && g_unichar_isalnum(p->chars[i].ch));
        if (lower && !joined && para_hyphen_word(p, hy, lang, a, i))
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

/* Lists the break candidates in text order: Pango's break opportunities
 * (between Korean letters only when SYLLABLES: Korean breaks at spaces), the
 * spaces, and hyphenation points inside lowercase English words. */
static int para_candidates(para_t *p, galley_hyphen_t *hy, const char *lang, int hyphenate,
                           int syllables)
{
    PangoLogAttr *la = calloc((size_t)p->n + 1, sizeof *la);
    if (!la)
        return -1;
    pango_get_log_attrs(p->text, (int)p->len, -1, pango_language_from_string(lang), la, p->n + 1);
    if (hyphenate && para_hyphen_words(p, hy, lang))
        goto fail;
    for (int i = 1; i < p->n; i++) {
        gunichar prev = p->chars[i - 1].ch, cur = p->chars[i].ch;
        /* A middle dot joins a list of names into one Korean word
         * (브라질·러시아·인도): a line may break after it. */
        if ((prev == 0x00B7 || prev == 0x30FB) && !g_unichar_isspace(cur)) {
            if (para_add_cand(p, CAND_PLAIN, i, i))
                goto fail;
            continue;
        }
        if (!la[i].is_line_break)
            continue;
        if (p->chars[i - 1].is_space) {
            int s = i - 1;
            while (s > 0 && p->chars[s - 1].is_space)
                s--;
            if (s > 0 && !is_opening(p->chars[s - 1].ch) && !is_closing(cur) &&
                para_add_cand(p, CAND_SPACE, s, i))
                goto fail;
        } else if (!g_unichar_isspace(prev) && !is_opening(prev) && !is_closing(cur)) {
            int korean = is_cjk(prev) || is_cjk(cur);
            if (korean && (!syllables || !para_cut_keeps(p, i)))
                continue;
            if (para_add_cand(p, korean ? CAND_SYLLABLE : CAND_PLAIN, i, i))
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
    return para_add_cand(p, CAND_END, end, p->n);
fail:
    free(la);
    return -1;
}

static void para_fini(para_t *p)
{
    for (int k = 0; k < p->n_items; k++)
        if (p->glyphs && p->glyphs[k])
            pango_glyph_string_free(p->glyphs[k]);
    g_list_free_full(p->items, (GDestroyNotify)pango_item_free);
    free(p->item_v);
    free(p->glyphs);
    free(p->chars);
    free(p->prefix);
    free(p->spaces);
    free(p->letters);
    free(p->cjk);
    free(p->syllables);
    free(p->link);
    free(p->cands);
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

/* The last character of [A, B) that starts a cluster. */
static int last_cluster(const para_t *p, int a, int b)
{
    int c = b - 1;
    while (c > a && p->chars[c].glyph_count == 0)
        c--;
    return c;
}

/* The gaps between Korean syllables (Hangul and Hanja clusters in a row) of
 * characters [A, B): they stretch and shrink with the word spaces, the way
 * Korean justification spreads a line's syllables as well as its spaces. */
static int syllable_gaps(const para_t *p, int a, int b)
{
    int last = last_cluster(p, a, b);
    return last > a ? p->syllables[last] - p->syllables[a] : 0;
}

/* The other letter gaps of characters [A, B) that may take letter spacing
 * once the spaces are at their limit. A line with Korean and spaces has none:
 * its syllables take their share with the spaces instead. */
static int letter_gaps(const para_t *p, int a, int b)
{
    int gaps = p->letters[b] - p->letters[a] - 1 - syllable_gaps(p, a, b);
    if (p->spaces[b] > p->spaces[a] && p->cjk[b] > p->cjk[a])
        return 0;
    return gaps > 0 ? gaps : 0;
}

/* How far the line of characters [A, B) can stretch: its word spaces and
 * Korean syllable gaps, then its other letter gaps (a line of one word has
 * only those) and glyph widths. */
static double para_stretch(const para_t *p, int a, int b)
{
    const galley_linebreak_t *lb = p->lb;
    int spaces = p->spaces[b] - p->spaces[a];
    int gaps = letter_gaps(p, a, b);
    double glyphs = gaps > 0 ? (p->prefix[b] - p->prefix[a]) * lb->glyph_stretch : 0;
    return spaces * p->space_width * lb->space_stretch +
           syllable_gaps(p, a, b) * p->em * lb->syllable_stretch +
           gaps * p->em * lb->letter_stretch + glyphs;
}

/* How far the line of characters [A, B) can shrink. */
static double para_shrink(const para_t *p, int a, int b)
{
    const galley_linebreak_t *lb = p->lb;
    int spaces = p->spaces[b] - p->spaces[a];
    int gaps = letter_gaps(p, a, b);
    double glyphs = gaps > 0 ? (p->prefix[b] - p->prefix[a]) * lb->glyph_shrink : 0;
    return spaces * p->space_width * lb->space_shrink +
           syllable_gaps(p, a, b) * p->em * lb->syllable_shrink + gaps * p->em * lb->letter_shrink +
           glyphs;
}

/* How a line is brought to its measure. */
typedef struct {
    double per_space;    /* added to each word space */
    double per_syllable; /* added to each gap between Korean syllables */
    double per_gap;      /* added to each other letter gap */
    double hscale;       /* glyph width scale */
} adjust_t;

/* A line as the breaker chose it. */
typedef struct {
    int start, end;
    int hyphen;
    double hyphen_width;
    int last;
    int cut; /* ends inside a word without a hyphen (Korean syllables, a cut word) */
} brk_t;

/* The line from START ending at candidate C. */
static brk_t brk_at(int start, const cand_t *c)
{
    return (brk_t){start,
                   c->end,
                   c->kind == CAND_HYPHEN,
                   c->hyphen,
                   c->kind == CAND_END,
                   c->kind == CAND_SYLLABLE};
}

/* Appends break B to the array *LINES of *N (capacity *CAP). */
static int brk_push(brk_t **lines, size_t *n, size_t *cap, brk_t b)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        brk_t *nl = realloc(*lines, c * sizeof *nl);
        if (!nl)
            return -1;
        *lines = nl;
        *cap = c;
    }
    (*lines)[(*n)++] = b;
    return 0;
}

/* The adjustment ratio of a line from START to candidate C: how far its
 * spaces and letters must stretch (> 0) or shrink (< 0), as a fraction of what
 * they can. */
static double kp_ratio(const para_t *p, int start, const cand_t *c, double measure)
{
    double w = p->prefix[c->end] - p->prefix[start] + c->hyphen;
    if (w <= measure + 1e-9) {
        if (c->kind == CAND_END)
            return 0; /* the last line is set ragged: it may be any shorter */
        double stretch = para_stretch(p, start, c->end);
        return stretch > 0 ? (measure - w) / stretch : (measure - w < 1e-6 ? 0 : INFINITY);
    }
    double shrink = para_shrink(p, start, c->end);
    return shrink > 0 ? (measure - w) / shrink : -INFINITY;
}

/* The widest run of clusters from START that fits MEASURE (at least one). */
static int para_cut(const para_t *p, int start, double measure)
{
    int e = start + 1;
    while (e < p->n && p->chars[e].glyph_count == 0)
        e++;
    for (int i = e; i < p->n; i++) {
        if (p->chars[i].glyph_count == 0)
            continue;
        if (p->prefix[i] - p->prefix[start] > measure + 1e-6)
            break;
        e = i;
    }
    return e;
}

/* Greedy breaking, one line at a time, in time linear in the text. First-fit
 * (BEST_FIT 0, the last resort): each line takes as many candidates as fit
 * with its spaces at their tightest. Best-fit (BEST_FIT 1, for a paragraph
 * too wide for total-fit's bounded search): of the last candidate that fits at
 * its natural width and the last that fits at its tightest, the line ends at
 * the one whose adjustment ratio is nearer 0. A first word wider than the
 * measure is cut at the last cluster that fits, with a warning. Returns the
 * number of lines. */
static int para_break_greedy(para_t *p, const galley_setting_t *s, int best_fit, brk_t **out,
                             galley_diags_t *diags)
{
    size_t cap = 0, n = 0;
    brk_t *lines = NULL;
    int start = 0, ci = 0, run = 0, cuts = 0, warned = 0;
    while (start < p->n || n == 0) {
        double measure = s->measure - (n == 0 ? s->first_indent : 0);
        int best = -1, natural = -1;
        for (int k = ci; k < p->n_cands; k++) {
            const cand_t *c = &p->cands[k];
            if ((c->end <= start && c->kind != CAND_END) ||
                (c->kind == CAND_HYPHEN && run >= (int)p->lb->max_hyphens) ||
                (c->kind == CAND_SYLLABLE && cuts >= (int)p->lb->max_cuts))
                continue;
            double w = p->prefix[c->end] - p->prefix[start] + c->hyphen;
            double shrink = para_shrink(p, start, c->end);
            if (w - shrink <= measure + 1e-6 || c->end <= start)
                best = k;
            else
                break;
            if (w <= measure + 1e-6 || c->end <= start)
                natural = k;
        }
        if (best_fit && natural >= 0 && natural != best &&
            fabs(kp_ratio(p, start, &p->cands[natural], measure)) <
                fabs(kp_ratio(p, start, &p->cands[best], measure)))
            best = natural;
        brk_t b;
        if (best < 0) {
            int e = para_cut(p, start, measure);
            if (!warned++) /* once a paragraph, however many lines it cuts */
                galley_diags_warn(diags, NULL, 0, 0, s->field,
                                  "a word is wider than the column (%.1f pt); it is broken "
                                  "without a hyphen",
                                  measure);
            b = (brk_t){start, e, 0, 0, 0, 0};
            start = e;
        } else {
            const cand_t *c = &p->cands[best];
            b = brk_at(start, c);
            start = c->next;
            ci = best + 1;
        }
        run = b.hyphen ? run + 1 : 0;
        cuts = best >= 0 && p->cands[best].kind == CAND_SYLLABLE ? cuts + 1 : 0;
        if (brk_push(&lines, &n, &cap, b)) {
            free(lines);
            return -1;
        }
        if (b.last)
            break;
    }
    *out = lines;
    return (int)n;
}

/* A feasible break in the total-fit search: the best way found to end a line
 * at candidate CAND with a line of fitness class FIT. */
typedef struct {
    int cand;    /* -1: the paragraph's start */
    int fit;     /* 0 very loose, 1 loose, 2 decent, 3 tight */
    int hyphens; /* hyphenated lines in a row ending here */
    int cuts;    /* lines in a row ending in a cut Korean word, ending here */
    int line;    /* lines so far */
    int prev;    /* node before, -1 at the start */
    double total;
} kp_node_t;

/* Demerits of the line from START ending at C with ratio R, after node PREV;
 * *FIT gets the line's fitness class. INFINITY when the line breaks a rule:
 * more hyphenated lines, or lines ending in a cut Korean word, in a row than
 * the style allows. */
static double kp_demerits(const para_t *p, int start, double r, const cand_t *c,
                          const kp_node_t *prev, double measure, int *fit)
{
    const galley_linebreak_t *lb = p->lb;
    int hy = c->kind == CAND_HYPHEN;
    if (hy && prev->hyphens >= (int)lb->max_hyphens)
        return INFINITY;
    if (c->kind == CAND_SYLLABLE && prev->cuts >= (int)lb->max_cuts)
        return INFINITY;
    double badness = 100 * fabs(r) * fabs(r) * fabs(r);
    double d = (lb->line_penalty + badness) * (lb->line_penalty + badness);
    if (hy)
        d += lb->hyphen_penalty * lb->hyphen_penalty;
    if (c->kind == CAND_SYLLABLE)
        d += lb->syllable_penalty * lb->syllable_penalty;
    if (hy && prev->hyphens)
        d += lb->double_hyphen;
    *fit = r > 1 ? 0 : r > 0.5 ? 1 : r >= -0.5 ? 2 : 3;
    if (abs(*fit - prev->fit) > 1)
        d += lb->fitness_jump;
    if (c->kind == CAND_END && prev->cand >= 0) {
        /* A last line shorter than the style's minimum, as a loose line costs. */
        double w = p->prefix[c->end] - p->prefix[start];
        double want = lb->last_line_min * measure;
        if (w < want)
            d += 10000 * (1 - w / want) * (1 - w / want) + 2000;
    }
    return d;
}

/* The most feasible breaks total-fit keeps open at once. Each candidate is
 * tried against every open break, so this bounds the search to time linear in
 * the text. Ordinary columns keep a few dozen open (41 at most over the
 * samples and tests); a line holding thousands of words (a 5000 mm column of
 * 1 pt type, tolerance 100) would keep tens of thousands and take seconds a
 * paragraph, so such a paragraph is set by the best-fit greedy pass instead. */
enum { KP_MAX_ACTIVE = 1024, KP_TOO_WIDE = -2 };

/* Total-fit (Knuth-Plass) over the candidates: the breaks that minimise the
 * paragraph's total demerits with every line's ratio within TOLERANCE.
 * Returns the number of lines, 0 when no such breaks exist, KP_TOO_WIDE when
 * more than KP_MAX_ACTIVE breaks would be open at once, -1 on OOM. */
static int para_break_total_fit(para_t *p, const galley_setting_t *s, double tolerance, brk_t **out)
{
    size_t cap = 64, n = 0;
    kp_node_t *nodes = malloc(cap * sizeof *nodes);
    int *active = malloc(cap * sizeof *active), n_active = 0, cap_active = (int)cap;
    if (!nodes || !active)
        goto oom;
    nodes[n++] = (kp_node_t){-1, 2, 0, 0, 0, -1, 0};
    active[n_active++] = 0;
    int best_end = -1;
    for (int k = 0; k < p->n_cands && n_active > 0; k++) {
        const cand_t *c = &p->cands[k];
        int best_node[4] = {-1, -1, -1, -1};
        double best_total[4] = {INFINITY, INFINITY, INFINITY, INFINITY};
        for (int ai = 0; ai < n_active; ai++) {
            const kp_node_t *a = &nodes[active[ai]];
            int start = a->cand < 0 ? 0 : p->cands[a->cand].next;
            if (c->end <= start && c->kind != CAND_END)
                continue;
            double measure = s->measure - (a->line == 0 ? s->first_indent : 0);
            double r = kp_ratio(p, start, c, measure);
            if (r < -1) { /* too tight now, and only tighter later: retire it */
                active[ai--] = active[--n_active];
                continue;
            }
            if (r > tolerance)
                continue;
            int fit;
            double d = kp_demerits(p, start, r, c, a, measure, &fit);
            if (isinf(d))
                continue;
            double total = a->total + d;
            if (total < best_total[fit]) {
                best_total[fit] = total;
                best_node[fit] = active[ai];
            }
        }
        for (int fit = 0; fit < 4; fit++) {
            if (best_node[fit] < 0)
                continue;
            if (n == cap) {
                cap *= 2;
                kp_node_t *nn = realloc(nodes, cap * sizeof *nn);
                if (!nn)
                    goto oom;
                nodes = nn;
            }
            const kp_node_t *prev = &nodes[best_node[fit]];
            nodes[n] = (kp_node_t){k,
                                   fit,
                                   c->kind == CAND_HYPHEN ? prev->hyphens + 1 : 0,
                                   c->kind == CAND_SYLLABLE ? prev->cuts + 1 : 0,
                                   prev->line + 1,
                                   best_node[fit],
                                   best_total[fit]};
            if (c->kind == CAND_END) {
                if (best_end < 0 || nodes[n].total < nodes[best_end].total)
                    best_end = (int)n;
            } else {
                if (n_active == KP_MAX_ACTIVE) {
                    free(nodes);
                    free(active);
                    return KP_TOO_WIDE;
                }
                if (n_active == cap_active) {
                    cap_active *= 2;
                    int *na = realloc(active, (size_t)cap_active * sizeof *na);
                    if (!na)
                        goto oom;
                    active = na;
                }
                active[n_active++] = (int)n;
            }
            n++;
        }
    }
    int lines = 0;
    if (best_end >= 0) {
        lines = nodes[best_end].line;
        brk_t *b = calloc((size_t)lines, sizeof *b);
        if (!b)
            goto oom;
        for (int i = best_end, l = lines - 1; nodes[i].prev >= 0; i = nodes[i].prev, l--) {
            const cand_t *c = &p->cands[nodes[i].cand];
            const kp_node_t *pv = &nodes[nodes[i].prev];
            int start = pv->cand < 0 ? 0 : p->cands[pv->cand].next;
            b[l] = brk_at(start, c);
        }
        *out = b;
    }
    free(nodes);
    free(active);
    return lines;
oom:
    free(nodes);
    free(active);
    return -1;
}

/* Breaks the paragraph: total-fit within the tolerance, then within the
 * emergency tolerance, then first-fit cutting words that cannot fit. A
 * paragraph too wide for total-fit's bounded search is set best-fit. */
static int para_break(para_t *p, const galley_setting_t *s, brk_t **out, galley_diags_t *diags)
{
    if (para_hyphen_widths(p))
        return -1;
    int n = para_break_total_fit(p, s, p->lb->tolerance, out);
    if (n == 0)
        n = para_break_total_fit(p, s, p->lb->emergency, out);
    if (n == KP_TOO_WIDE)
        return para_break_greedy(p, s, 1, out, diags);
    if (n == 0)
        n = para_break_greedy(p, s, 0, out, diags);
    return n;
}

/* Balances a ragged paragraph of N lines (a headline, a deck): the breaks of
 * the narrowest measure that still takes N lines, so no line is short. */
static int para_balance(para_t *p, const galley_setting_t *s, int n, brk_t **brks)
{
    galley_setting_t t = *s;
    double lo = s->measure * 0.3, hi = s->measure;
    brk_t *best = NULL;
    for (int it = 0; it < 14 && hi - lo > 0.25; it++) {
        t.measure = (lo + hi) / 2;
        brk_t *b = NULL;
        int m = para_break_total_fit(p, &t, p->lb->emergency, &b);
        if (m == KP_TOO_WIDE)
            break; /* too wide to balance: keep the breaks found */
        if (m < 0) {
            free(best);
            return -1;
        }
        if (m == n) {
            free(best);
            best = b;
            hi = t.measure;
        } else {
            free(b);
            lo = t.measure;
        }
    }
    if (best) {
        free(*brks);
        *brks = best;
    }
    return 0;
}

/* Appends an empty glyph run in ITEM's font and the paragraph's colour to
 * LINE, with room for N_GLYPHS glyphs and N_CLUSTERS clusters; NULL on OOM
 * (what was allocated is freed with the line). */
static galley_glyph_run_t *line_new_run(galley_line_t *line, const para_t *p, PangoItem *item,
                                        int n_glyphs, int n_clusters)
{
    galley_glyph_run_t *runs = realloc(line->runs, (line->n_runs + 1) * sizeof *runs);
    if (!runs)
        return NULL;
    line->runs = runs;
    galley_glyph_run_t *run = &runs[line->n_runs++];
    memset(run, 0, sizeof *run);
    memcpy(run->color, p->color, sizeof run->color);
    run->font = cairo_scaled_font_reference(
        pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(item->analysis.font)));
    run->glyphs = calloc((size_t)n_glyphs + 1, sizeof *run->glyphs);
    run->clusters = calloc((size_t)n_clusters + 1, sizeof *run->clusters);
    return run->glyphs && run->clusters ? run : NULL;
}

/* Appends one glyph run for characters [A, B) of one item to LINE, starting at
 * pen position *PEN; ADJ widens each word space and letter gap (none after
 * LASTC, the line's last cluster) and scales the glyphs. */
static int line_add_run(galley_line_t *line, const para_t *p, int a, int b, int lastc, double *pen,
                        const adjust_t *adj, double tracking)
{
    int k = p->chars[a].item;
    PangoItem *item = p->item_v[k];
    PangoGlyphString *gs = p->glyphs[k];
    int n_glyphs = 0, n_clusters = 0;
    for (int c = a; c < b; c++)
        if (p->chars[c].glyph_count) {
            n_glyphs += p->chars[c].glyph_count;
            n_clusters++;
        }
    galley_glyph_run_t *run = line_new_run(line, p, item, n_glyphs, n_clusters);
    if (!run)
        return -1;
    run->utf8_len = (int)(p->chars[b].byte - p->chars[a].byte);
    run->utf8 = g_strndup(p->text + p->chars[a].byte, (gsize)run->utf8_len);
    if (p->link[a] >= 0 && !(run->url = strdup(p->t->spans[p->link[a]].url)))
        return -1;
    if (!run->utf8)
        return -1;
    for (int c = a; c < b; c++) {
        const tchar_t *tc = &p->chars[c];
        if (!tc->glyph_count) {
            if (run->n_clusters)
                run->clusters[run->n_clusters - 1].num_bytes +=
                    (int)(p->chars[c + 1].byte - tc->byte);
            continue;
        }
        run->clusters[run->n_clusters++] =
            (cairo_text_cluster_t){(int)(p->chars[c + 1].byte - tc->byte), tc->glyph_count};
        for (int g = tc->glyph_first; g < tc->glyph_first + tc->glyph_count; g++) {
            const PangoGlyphInfo *gi = &gs->glyphs[g];
            run->glyphs[run->n_glyphs++] =
                (cairo_glyph_t){gi->glyph, *pen + adj->hscale * gi->geometry.x_offset / PANGO_SCALE,
                                (double)gi->geometry.y_offset / PANGO_SCALE};
            *pen += adj->hscale * gi->geometry.width / PANGO_SCALE;
        }
        *pen += tracking + (tc->is_space ? adj->per_space : 0);
        if (c != lastc && !g_unichar_isspace(tc->ch))
            *pen += tc->syllable_gap ? adj->per_syllable : adj->per_gap;
    }
    return 0;
}

/* Appends the hyphen of a hyphenated line, in the font of character C. */
static int line_add_hyphen(galley_line_t *line, const para_t *p, int c, double pen, double hscale)
{
    PangoItem *item = p->item_v[p->chars[c].item];
    PangoGlyphString *gs = pango_glyph_string_new();
    pango_shape_with_flags("-", 1, "-", 1, &item->analysis, gs, PANGO_SHAPE_NONE);
    galley_glyph_run_t *run = line_new_run(line, p, item, gs->num_glyphs, 1);
    if (!run || !(run->utf8 = g_strdup("-"))) {
        pango_glyph_string_free(gs);
        return -1;
    }
    run->utf8_len = 1;
    for (int g = 0; g < gs->num_glyphs; g++) {
        run->glyphs[run->n_glyphs++] = (cairo_glyph_t){gs->glyphs[g].glyph, pen, 0};
        pen += hscale * gs->glyphs[g].geometry.width / PANGO_SCALE;
    }
    run->clusters[0] = (cairo_text_cluster_t){1, gs->num_glyphs};
    run->n_clusters = 1;
    pango_glyph_string_free(gs);
    return 0;
}

/* How far character C hangs into the margin at a line's END (1) or start (0),
 * as a fraction of its advance: optical margin alignment. */
static double hang_fraction(gunichar c, int end)
{
    static const struct {
        gunichar ch;
        double start, end;
    } HANG[] = {
        {'.', 0, 0.7},      {',', 0, 0.7},     {'-', 0, 0.6},      {0x2010, 0, 0.6},
        {0x2013, 0, 0.3},   {0x2014, 0, 0.15}, {':', 0, 0.4},      {';', 0, 0.4},
        {'!', 0, 0.2},      {'?', 0, 0.2},     {0x2019, 0.7, 0.7}, {'\'', 0.7, 0.7},
        {0x201D, 0.6, 0.6}, {'"', 0.6, 0.6},   {0x201C, 0.6, 0},   {0x2018, 0.7, 0},
        {'(', 0.15, 0},     {')', 0, 0.15},
    };
    for (size_t i = 0; i < sizeof HANG / sizeof HANG[0]; i++)
        if (HANG[i].ch == c)
            return end ? HANG[i].end : HANG[i].start;
    return 0;
}

/* Splits EXTRA (the measure minus the natural width) between the line's word
 * spaces, Korean syllable gaps (SYLS), other letter gaps and glyph widths:
 * spaces and syllable gaps first, in proportion to their stretch or shrink, up
 * to it; then letter spacing, then glyph widths, up to the style's limits;
 * what is left goes to the spaces again. ADV is the line's glyph advances.
 * Returns what could not be placed (a line with no spaces stays short). */
static double share_extra(const para_t *p, int n_spaces, int syls, int gaps, double adv,
                          double extra, adjust_t *adj)
{
    const galley_linebreak_t *lb = p->lb;
    int grow = extra >= 0;
    double sw = n_spaces * p->space_width * (grow ? lb->space_stretch : lb->space_shrink);
    double yw = syls * p->em * (grow ? lb->syllable_stretch : lb->syllable_shrink);
    double lw = gaps * p->em * (grow ? lb->letter_stretch : lb->letter_shrink);
    double gw = gaps > 0 ? adv * (grow ? lb->glyph_stretch : lb->glyph_shrink) : 0;
    /* Syllables share with the spaces as far as the breaker's tolerance. */
    double reach = yw > 0 && grow ? fmax(1, lb->tolerance) : 1;
    double mag = fabs(extra), first = fmin(mag, (sw + yw) * reach);
    double to_syls = sw + yw > 0 ? first * yw / (sw + yw) : 0;
    double to_spaces = n_spaces ? first - to_syls : 0;
    double to_letters = fmin(mag - to_spaces - to_syls, lw);
    double to_glyphs = fmin(mag - to_spaces - to_syls - to_letters, gw);
    double rest = mag - to_spaces - to_syls - to_letters - to_glyphs;
    if (n_spaces)
        to_spaces += rest, rest = 0;
    double sign = grow ? 1 : -1;
    adj->per_space = n_spaces ? sign * to_spaces / n_spaces : 0;
    adj->per_syllable = syls > 0 ? sign * to_syls / syls : 0;
    adj->per_gap = gaps > 0 ? sign * to_letters / gaps : 0;
    adj->hscale = adv > 0 ? 1 + sign * to_glyphs / adv : 1;
    return sign * rest;
}

/* Sets break B as a line: its glyph runs, width and position. Justified lines
 * fill the measure; punctuation at the ends hangs into the margins. */
static int para_set_line(const para_t *p, const galley_setting_t *s, const brk_t *b, int first,
                         galley_line_t *line)
{
    const galley_style_t *st = s->style;
    double tracking = st->tracking * st->size / 1000.0;
    double indent = first ? s->first_indent : 0;
    double measure = s->measure - indent;
    double natural = p->prefix[b->end] - p->prefix[b->start] + b->hyphen_width;
    int lastc = last_cluster(p, b->start, b->end);
    int justify = st->align == GALLEY_ALIGN_JUSTIFY && !b->last;
    double hang_l = 0, hang_r = 0;
    if (p->lb->hanging && b->end > b->start) {
        if (indent == 0 && st->align != GALLEY_ALIGN_RIGHT && st->align != GALLEY_ALIGN_CENTER)
            hang_l = hang_fraction(p->chars[b->start].ch, 0) * p->chars[b->start].adv;
        if (justify || st->align == GALLEY_ALIGN_RIGHT)
            hang_r = b->hyphen ? 0.6 * b->hyphen_width
                               : hang_fraction(p->chars[lastc].ch, 1) * p->chars[lastc].adv;
    }
    int n_spaces = p->spaces[b->end] - p->spaces[b->start];
    int syls = syllable_gaps(p, b->start, b->end);
    int gaps = letter_gaps(p, b->start, b->end);
    int clusters = p->letters[b->end] - p->letters[b->start] + n_spaces;
    adjust_t adj = {0, 0, 0, 1};
    line->x = indent;
    line->width = fmin(natural, measure);
    double visible = natural - hang_l - hang_r; /* what must fit the measure */
    if (justify || visible > measure) {
        double adv = natural - tracking * clusters;
        double rest = share_extra(p, n_spaces, syls, gaps, adv, measure - visible, &adj);
        line->width = justify && rest <= 1e-6 ? measure : fmin(measure, measure - rest);
    } else if (st->align == GALLEY_ALIGN_RIGHT) {
        line->x = indent + fmax(0, measure - visible);
        line->width = fmin(visible, measure);
    } else if (st->align == GALLEY_ALIGN_CENTER) {
        line->x = indent + fmax(0, (measure - natural) / 2);
    } else {
        line->width = fmin(visible, measure);
    }
    line->start = p->chars[b->start].byte;
    line->end = p->chars[b->end].byte;
    line->hyphenated = b->hyphen;
    line->cut = b->cut;
    line->text = g_strndup(p->text + line->start, line->end - line->start);
    line->hscale = adj.hscale;
    double pen = -hang_l * adj.hscale;
    int a = b->start;
    while (a < b->end) {
        int e = a + 1;
        while (e < b->end && p->chars[e].item == p->chars[a].item && p->link[e] == p->link[a])
            e++;
        if (line_add_run(line, p, a, e, lastc, &pen, &adj, tracking))
            return -1;
        a = e;
    }
    if (b->hyphen && line_add_hyphen(line, p, b->end - 1, pen, adj.hscale))
        return -1;
    return 0;
}

/* True when ST may cut Korean words between syllables: its layout allows it,
 * and its lines are justified (a ragged line gains nothing by a cut). */
static int korean_cuts(const galley_style_t *st)
{
    return st->linebreak.korean_syllables && st->align == GALLEY_ALIGN_JUSTIFY;
}

galley_status_t galley_typeset(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                               const galley_setting_t *s, galley_lines_t *out,
                               galley_diags_t *diags)
{
    memset(out, 0, sizeof *out);
    if (!s->text->text || s->text->len == 0)
        return GALLEY_STATUS_SUCCESS;
    const galley_style_t *st = s->style;
    para_t p = {0};
    galley_text_t t = *s->text, upper = {0};
    /* the guard before Pango: a cut character makes it abort, a noncharacter
     * makes cairo refuse the page (text.c and utf8.c, issue 15, items 2, 17, 18) */
    size_t bad = galley_utf8_unprintable(t.text, t.len);
    if (bad < t.len)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, s->field,
                                  "the text is not printable UTF-8 at byte %zu (a cut or invalid "
                                  "character, or a Unicode noncharacter)",
                                  bad);
    if (st->uppercase) {
        if (galley_text_upper(s->text, &upper))
            return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, s->field,
                                      "out of memory");
        t = upper;
    }
    p.text = t.text;
    p.len = t.len;
    p.lb = &st->linebreak;
    p.t = &t;
    p.em = st->size;
    memcpy(p.color, st->color, sizeof p.color);
    PangoContext *ctx = galley_fonts_context(fonts);
    pango_context_set_language(ctx, pango_language_from_string(s->lang));
    PangoAttrList *attrs = para_attrs(&t, st, s->lang);
    brk_t *brks = NULL;
    int n = -1;
    if (para_index_chars(&p) == 0 &&
        para_shape(&p, ctx, attrs, st->tracking * st->size / 1000.0) == 0 && para_prefix(&p) == 0 &&
        para_links(&p) == 0 &&
        para_candidates(&p, hyphen, s->lang, st->hyphenate, korean_cuts(st)) == 0) {
        para_check_glyphs(&p, s, diags);
        n = para_break(&p, s, &brks, diags);
    }
    if (n > 1 && st->linebreak.balance && st->align != GALLEY_ALIGN_JUSTIFY &&
        para_balance(&p, s, n, &brks))
        n = -1;
    pango_attr_list_unref(attrs);
    galley_status_t status = GALLEY_STATUS_SUCCESS;
    if (n < 0)
        status = GALLEY_STATUS_NO_MEMORY;
    else if (!(out->lines = calloc((size_t)n + 1, sizeof *out->lines)))
        status = GALLEY_STATUS_NO_MEMORY;
    double ascent = 0, descent = 0;
    if (!status)
        galley_fonts_metrics(fonts, st, s->lang, &ascent, &descent);
    for (int i = 0; !status && i < n; i++) {
        galley_line_t *line = &out->lines[out->n_lines++];
        line->ascent = ascent;
        line->descent = descent;
        line->leading = st->leading;
        if (para_set_line(&p, s, &brks[i], i == 0, line))
            status = GALLEY_STATUS_NO_MEMORY;
    }
    free(brks);
    para_fini(&p);
    galley_text_fini(&upper);
    if (status) {
        galley_lines_fini(out);
        return galley_diags_error(diags, status, NULL, 0, 0, s->field, "out of memory");
    }
    return GALLEY_STATUS_SUCCESS;
}

void galley_lines_fini(galley_lines_t *lines)
{
    for (size_t i = 0; i < lines->n_lines; i++) {
        galley_line_t *line = &lines->lines[i];
        for (size_t r = 0; r < line->n_runs; r++) {
            galley_glyph_run_t *run = &line->runs[r];
            if (run->font)
                cairo_scaled_font_destroy(run->font);
            free(run->glyphs);
            free(run->clusters);
            g_free(run->utf8);
            free(run->url);
        }
        free(line->runs);
        g_free(line->text);
    }
    free(lines->lines);
    memset(lines, 0, sizeof *lines);
}
