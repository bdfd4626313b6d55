/* typeset.c: a paragraph to set lines.
 *
 * Owns the order of the typesetter's steps (typeset_private.h): the text is
 * checked, shaped (shape.c), its break candidates listed (breaks.c), broken
 * into lines (linebreak.c) and each line set (setline.c). Hands compose the
 * set lines (typeset.h) and frees them.
 */
#include "typeset_private.h"
#include "font_lock.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* True when ST may cut Korean words between syllables: its layout allows it,
 * and its lines are justified (a ragged line gains nothing by a cut). */
static int korean_cuts(const galley_style_t *st)
{
    return st->linebreak.korean_syllables && st->align == GALLEY_ALIGN_JUSTIFY;
}

/* STYLE as a text in LANG is set: a Korean text at the style's Korean
 * leading (korean_leading, when it gives one), in the style's Korean face
 * (korean_family, korean_weight) when it names one, whole, its Latin and
 * figures drawn with its Hangul; a text in a language without italic
 * (its module's upright) upright, whatever the style's italic, so its Latin
 * and figures do not slant beside upright Hangul (into *KOREAN); else STYLE
 * itself. */
static const galley_style_t *typeset_style_for_lang(const galley_style_t *style, const char *lang,
                                                    galley_style_t *korean)
{
    const galley_lang_t *l = galley_lang_find(lang);
    int is_korean = l && l == galley_lang_find("ko");
    int korean_keys = is_korean && (style->korean_family || style->korean_leading > 0);
    int unslant = l && l->upright && style->italic;
    if (!korean_keys && !unslant)
        return style;
    *korean = *style;
    if (unslant)
        korean->italic = 0;
    if (!is_korean)
        return korean;
    if (style->korean_leading > 0)
        korean->leading = style->korean_leading;
    if (style->korean_family) {
        korean->family = style->korean_family;
        korean->weight = style->korean_weight > 0 ? style->korean_weight : style->weight;
        korean->korean_scale = 1.0;
    }
    return korean;
}

/* galley_typeset, with the font lock held by the caller. */
static galley_status_t typeset_unlocked(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                                        const galley_setting_t *s, galley_lines_t *out,
                                        galley_diags_t *diags)
{
    memset(out, 0, sizeof *out);
    if (!s->text->text || s->text->len == 0)
        return GALLEY_STATUS_SUCCESS;
    galley_style_t korean;
    const galley_style_t *st = typeset_style_for_lang(s->style, s->lang, &korean);
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
    PangoAttrList *attrs = galley_para_attrs(&t, st, s->lang);
    brk_t *brks = NULL;
    int n = -1;
    if (galley_para_shape(&p, ctx, attrs, st->tracking * st->size / 1000.0) == 0 &&
        galley_para_candidates(&p, hyphen, s->house, s->lang, st->hyphenate, korean_cuts(st)) ==
            0 &&
        galley_para_keep_numbers(&p, st->linebreak.balance) == 0 &&
        (!st->linebreak.balance || galley_para_keep_phrases(&p, s->measure) == 0)) {
        galley_para_check_glyphs(&p, s, diags);
        n = galley_para_break(&p, s, &brks, diags);
    }
    if (n > 1 && st->linebreak.balance && st->align != GALLEY_ALIGN_JUSTIFY &&
        galley_para_balance(&p, s, n, &brks))
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
        if (galley_para_set_line(&p, s, &brks[i], i == 0, line))
            status = GALLEY_STATUS_NO_MEMORY;
    }
    free(brks);
    galley_para_fini(&p);
    galley_text_fini(&upper);
    if (status) {
        galley_lines_fini(out);
        return galley_diags_error(diags, status, NULL, 0, 0, s->field, "out of memory");
    }
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_typeset(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                               const galley_setting_t *s, galley_lines_t *out,
                               galley_diags_t *diags)
{
    galley_font_lock();
    galley_status_t r = typeset_unlocked(fonts, hyphen, s, out, diags);
    galley_font_unlock();
    return r;
}

/* galley_lines_fini, with the font lock held by the caller: the lines hold
 * cairo scaled fonts. */
static void lines_fini_unlocked(galley_lines_t *lines)
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

void galley_lines_fini(galley_lines_t *lines)
{
    galley_font_lock();
    lines_fini_unlocked(lines);
    galley_font_unlock();
}
