/* shape.c: itemising and shaping a paragraph.
 *
 * Owns the shaped paragraph's characters: the text is itemized and shaped
 * once with Pango/HarfBuzz (the style's font and language, emphasis (bold or
 * Gothic in Korean, which has no italic), Korean runs at the style's Korean
 * scale), and every character gets its advance
 * (the glyphs of the cluster it starts), so the width of any stretch of text
 * is a difference of prefix sums. Hands breaks.c and linebreak.c the prefix
 * sums, and setline.c the glyph strings the lines' runs are cut from.
 */
#include "typeset_private.h"

#include <stdlib.h>
#include <string.h>

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

/* Builds the attribute list: the style's font and language over the whole
 * text, then emphasis and strong spans (emphasis in a language without
 * italic as the style's korean_emphasis says). */
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
