/* shape.c: itemising and shaping a paragraph.
 *
 * Owns the shaped paragraph's characters: the text is itemized and shaped
 * once with Pango/HarfBuzz (the style's font and language, emphasis (bold or
 * Gothic in Korean, which has no italic), Korean runs at the style's Korean
 * scale, a Korean text's figures in its Korean face), and every character
 * gets its advance
 * (the glyphs of the cluster it starts), so the width of any stretch of text
 * is a difference of prefix sums. Hands breaks.c and linebreak.c the prefix
 * sums, and setline.c the glyph strings the lines' runs are cut from.
 */
#include "typeset_private.h"

#include <stdlib.h>
#include <string.h>

/* Inserts A into ATTRS over the bytes [START, END) of T's text. */
static void attr_insert(PangoAttrList *attrs, PangoAttribute *a, const galley_text_t *t,
                        const char *start, const char *end)
{
    a->start_index = (guint)(start - t->text);
    a->end_index = (guint)(end - t->text);
    pango_attr_list_insert(attrs, a);
}

/* The size of the Korean face's letters in STYLE: the style's size at its
 * Korean scale. */
static PangoAttribute *attr_korean_size(const galley_style_t *style)
{
    return pango_attr_size_new_absolute(
        (int)(style->size * style->korean_scale * PANGO_SCALE + 0.5));
}

/* Sets runs of Korean (Hangul and Hanja) at the style's Korean scale, so the
 * Korean face's letters match the Latin face's x-height on one baseline. */
static void attrs_scale_korean(PangoAttrList *attrs, const galley_text_t *t,
                               const galley_style_t *style)
{
    const char *s = t->text, *end = t->text + t->len, *run = NULL;
    while (s <= end) {
        int cjk = s < end && (galley_lang_classify(g_utf8_get_char(s)) & GALLEY_LANG_SYLLABLE);
        if (cjk && !run)
            run = s;
        if (!cjk && run) {
            attr_insert(attrs, attr_korean_size(style), t, run, s);
            run = NULL;
        }
        if (s == end)
            break;
        s = g_utf8_next_char(s);
    }
}

/* True when byte C is an ASCII digit. */
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* True when byte C is an ASCII letter. */
static int is_latin(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* What a number holds besides its digits, in a Korean text's figures: the
 * separators between two digits ("3.5", "2,300", "5:30"; a full stop or
 * comma after it is punctuation, not its own) and the signs that follow it
 * ("70%": a Latin-face sign beside Korean-face figures would stand out
 * darker, as the figures did). */
static const char NUMBER_SEPARATORS[] = ",.:";
static const char NUMBER_SIGNS[] = "%";

/* The end of the digits, and the separators between them, of the number
 * that starts at S (a digit) in text ending at END. */
static const char *number_end(const char *s, const char *end)
{
    while (s < end &&
           (is_digit(*s) || (*s && strchr(NUMBER_SEPARATORS, *s) && s + 1 < end && is_digit(s[1]))))
        s++;
    return s;
}

/* True when the Latin letters at S (up to END) spell a unit of some language
 * module, written short after a number ("1kg", "40km"): the number is then
 * a quantity, not part of a Latin word. */
static int letters_are_unit(const char *s, const char *end)
{
    char word[16];
    size_t n = 0;
    while (s < end && is_latin(*s) && n + 1 < sizeof word)
        word[n++] = (char)g_ascii_tolower(*s++);
    word[n] = '\0';
    return (s == end || !is_latin(*s)) && galley_lang_is_unit(word);
}

/* True when the number [S, E) of T's text is part of a Latin word: a Latin
 * letter touches it, or is joined to it by a hyphen ("G20", "COVID-19",
 * "5G"), unless the letters after it are a unit ("1kg"); its figures are
 * then the word's, in the Latin face. */
static int number_in_latin_word(const galley_text_t *t, const char *s, const char *e)
{
    const char *text = t->text, *end = t->text + t->len;
    if (s > text && (is_latin(s[-1]) || (s[-1] == '-' && s - 1 > text && is_latin(s[-2]))))
        return 1;
    if (e < end && is_latin(*e))
        return !letters_are_unit(e, end);
    return e + 1 < end && *e == '-' && is_latin(e[1]);
}

/* How each korean_emphasis sets an emphasis span in a text whose language
 * has no italic (its module's upright): the family the span takes (NULL: the
 * text's own), and whether it is made bold as strong is. Gothic is Galley's
 * Korean-first sans role (fonts/fonts.conf), so the span's Latin letters and
 * figures are NanumGothic's, in one design with its Hangul. */
static const struct {
    const char *family;
    int bold;
} UPRIGHT_EMPHASIS[] = {
    [GALLEY_KOREAN_EMPHASIS_BOLD] = {NULL, 1},
    [GALLEY_KOREAN_EMPHASIS_GOTHIC] = {"Galley Gothic", 0},
};

/* The weight strong sets in STYLE: bold, or heavier in a style already bold. */
static PangoAttribute *attr_bold(const galley_style_t *style)
{
    return pango_attr_weight_new(style->weight >= 600 ? PANGO_WEIGHT_HEAVY : PANGO_WEIGHT_BOLD);
}

/* The attribute an emphasis span takes: italic (roman in an italic style),
 * or, where the language has no italic, the style's korean_emphasis: an
 * oblique Hangul would be synthesised, and Latin slanting beside upright
 * Hangul marks nothing. */
static PangoAttribute *attr_emphasis(const galley_style_t *style, int upright)
{
    if (!upright)
        return pango_attr_style_new(style->italic ? PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC);
    const char *family = UPRIGHT_EMPHASIS[style->korean_emphasis].family;
    return family ? pango_attr_family_new(family) : attr_bold(style);
}

/* True when bytes [S, E) of T's text overlap an emphasis span that sets
 * its own family in STYLE (korean_emphasis gothic in an upright language):
 * its figures are the span's, as its Hangul and Latin letters are. */
static int in_family_emphasis(const galley_text_t *t, const galley_style_t *style, int upright,
                              const char *s, const char *e)
{
    if (!upright || !UPRIGHT_EMPHASIS[style->korean_emphasis].family)
        return 0;
    size_t start = (size_t)(s - t->text), end = (size_t)(e - t->text);
    for (size_t i = 0; i < t->n_spans; i++) {
        const galley_span_t *sp = &t->spans[i];
        if (sp->kind == GALLEY_SPAN_EMPHASIS && sp->start < end && start < sp->end)
            return 1;
    }
    return 0;
}

/* Sets the figures of a text in a language whose figures go with its
 * syllables (the module's syllable_figures: Korean) in the style's
 * korean_figures, at its Korean scale: "2027년" and "4명" are then one
 * design and one weight, where the family's Latin face drew them darker
 * and larger than the Hangul. Only the numbers: word spaces and Latin words
 * (and numbers joined to them) keep the family, so lines keep their
 * lengths. */
static void attrs_korean_figures(PangoAttrList *attrs, const galley_text_t *t,
                                 const galley_style_t *style, int upright)
{
    const char *face = style->korean_figures;
    if (!face || !strcmp(face, style->family))
        return;
    const char *s = t->text, *end = t->text + t->len;
    while (s < end) {
        if (!is_digit(*s)) {
            s++;
            continue;
        }
        const char *e = number_end(s, end);
        int latin = number_in_latin_word(t, s, e);
        while (!latin && e < end && *e && strchr(NUMBER_SIGNS, *e))
            e++;
        if (!latin && !in_family_emphasis(t, style, upright, s, e)) {
            attr_insert(attrs, pango_attr_family_new(face), t, s, e);
            if (style->korean_scale != 1.0)
                attr_insert(attrs, attr_korean_size(style), t, s, e);
        }
        s = e;
    }
}

/* Builds the attribute list: the style's font and language over the whole
 * text, Korean runs at the Korean scale, a Korean text's figures in its
 * Korean face, then emphasis and strong spans (emphasis in a language
 * without italic as the style's korean_emphasis says). */
PangoAttrList *galley_para_attrs(const galley_text_t *t, const galley_style_t *style,
                                 const char *lang)
{
    PangoAttrList *attrs = pango_attr_list_new();
    PangoFontDescription *desc = galley_fonts_describe(style);
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
    pango_font_description_free(desc);
    pango_attr_list_insert(attrs, pango_attr_language_new(pango_language_from_string(lang)));
    if (style->korean_scale != 1.0)
        attrs_scale_korean(attrs, t, style);
    const galley_lang_t *l = galley_lang_find(lang);
    int upright = l && l->upright;
    if (l && l->syllable_figures)
        attrs_korean_figures(attrs, t, style, upright);
    for (size_t i = 0; i < t->n_spans; i++) {
        const galley_span_t *sp = &t->spans[i];
        PangoAttribute *a = NULL;
        if (sp->kind == GALLEY_SPAN_EMPHASIS)
            a = attr_emphasis(style, upright);
        else if (sp->kind == GALLEY_SPAN_STRONG)
            a = attr_bold(style);
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
        p->chars[i].cls = galley_lang_classify(p->chars[i].ch);
        /* A no-break space ties two words but justifies like any word space. */
        p->chars[i].is_space = p->chars[i].ch == ' ' || p->chars[i].ch == 0x00A0;
        s = g_utf8_next_char(s);
    }
    p->chars[p->n].byte = p->len;
    return 0;
}

/* Finds the character starting at BYTE (binary search). */
int galley_para_char_at(const para_t *p, size_t byte)
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
static int para_shape_items(para_t *p, PangoContext *ctx, PangoAttrList *attrs, double tracking)
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
            int c = galley_para_char_at(p, (size_t)item->offset + (size_t)gs->log_clusters[g]);
            tchar_t *tc = &p->chars[c];
            if (tc->glyph_count == 0) {
                tc->glyph_first = g;
                tc->adv += tracking;
            }
            tc->item = k;
            tc->glyph_count++;
            tc->adv += (double)gs->glyphs[g].geometry.width / PANGO_SCALE;
        }
        int c0 = galley_para_char_at(p, (size_t)item->offset);
        int c1 = galley_para_char_at(p, (size_t)item->offset + (size_t)item->length);
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
        for (int i = galley_para_char_at(p, sp->start); i < p->n && p->chars[i].byte < sp->end; i++)
            p->link[i] = (int)k;
    }
    return 0;
}

/* Warns, by position, about characters no font has a glyph for: they would
 * print as empty boxes, and text is never dropped silently. */
void galley_para_check_glyphs(const para_t *p, const galley_setting_t *s, galley_diags_t *diags)
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
            if (prev >= 0 && (p->chars[prev].cls & p->chars[i].cls & GALLEY_LANG_SYLLABLE))
                p->chars[prev].syllable_gap = syllables_spread(p);
            prev = i;
        }
    }
    for (int i = 0; i < p->n; i++) {
        p->syllables[i + 1] = p->syllables[i] + p->chars[i].syllable_gap;
        p->prefix[i + 1] = p->prefix[i] + p->chars[i].adv;
        p->spaces[i + 1] = p->spaces[i] + p->chars[i].is_space;
        p->cjk[i + 1] = p->cjk[i] + ((p->chars[i].cls & GALLEY_LANG_SYLLABLE) != 0);
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

void galley_para_fini(para_t *p)
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

int galley_para_shape(para_t *p, PangoContext *ctx, PangoAttrList *attrs, double tracking)
{
    if (para_index_chars(p) || para_shape_items(p, ctx, attrs, tracking) || para_prefix(p) ||
        para_links(p))
        return -1;
    return 0;
}
