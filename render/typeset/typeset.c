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

#include <math.h>
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

static galley_status_t typeset_unlocked(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                                        const galley_setting_t *s, galley_lines_t *out,
                                        galley_diags_t *diags);
static void lines_fini_unlocked(galley_lines_t *lines);

/* Sets the plain TEXT (a list marker) on one line in S's style, flush left,
 * unhyphenated, at its natural width (into OUT). */
static galley_status_t typeset_marker(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                                      const galley_setting_t *s, const char *text,
                                      galley_lines_t *out, galley_diags_t *diags)
{
    galley_style_t plain = *s->style;
    plain.align = GALLEY_ALIGN_LEFT;
    plain.hyphenate = 0;
    plain.linebreak.balance = 0;
    plain.linebreak.hanging = 0;
    galley_text_t t = {(char *)text, strlen(text), NULL, 0};
    galley_setting_t m = {
        .text = &t, .style = &plain, .lang = s->lang, .measure = 1e5, .field = s->field};
    return typeset_unlocked(fonts, hyphen, &m, out, diags);
}

/* Moves the runs of MARKER's line into LINE, the first line of a list item
 * (set HANG in from the left): LINE is widened to start at the hang's left
 * edge, its runs shifted right by HANG, and the marker's placed first (its
 * text comes first in the PDF) with its right edge GAP before the text. */
static int typeset_hang_marker(galley_line_t *line, galley_line_t *marker, double hang, double gap)
{
    size_t n = line->n_runs + marker->n_runs;
    galley_glyph_run_t *runs = malloc((n ? n : 1) * sizeof *runs);
    if (!runs)
        return -1;
    double mx = fmax(0, hang - gap - marker->width) - marker->x;
    for (size_t r = 0; r < marker->n_runs; r++) {
        runs[r] = marker->runs[r];
        for (int g = 0; g < runs[r].n_glyphs; g++)
            runs[r].glyphs[g].x += mx;
    }
    for (size_t r = 0; r < line->n_runs; r++) {
        runs[marker->n_runs + r] = line->runs[r];
        for (int g = 0; g < runs[marker->n_runs + r].n_glyphs; g++)
            runs[marker->n_runs + r].glyphs[g].x += hang;
    }
    free(line->runs);
    line->runs = runs;
    line->n_runs = n;
    free(marker->runs);
    marker->runs = NULL;
    marker->n_runs = 0;
    line->x -= hang;
    line->width += hang;
    return 0;
}

/* A list item (S has a marker): its lines set at the measure less the hang,
 * moved in by it, the marker in the first line's hang (typeset.h). */
static galley_status_t typeset_item(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                                    const galley_setting_t *s, galley_lines_t *out,
                                    galley_diags_t *diags)
{
    galley_lines_t widest = {0}, marker = {0};
    galley_status_t st = typeset_marker(fonts, hyphen, s, s->marker, &marker, diags);
    /* the list's widest marker, when it is another (a bullet list's is the bullet) */
    int other = s->hang_for && strcmp(s->hang_for, s->marker);
    if (!st && other)
        st = typeset_marker(fonts, hyphen, s, s->hang_for, &widest, diags);
    const galley_lines_t *w = other ? &widest : &marker;
    double gap = s->style->size / 2;
    double hang = (w->n_lines ? w->lines[0].width : 0) + gap;
    /* the text keeps at least four ems of a column too narrow for the hang */
    hang = fmax(0, fmin(hang, s->measure - 4 * s->style->size));
    galley_setting_t inner = *s;
    inner.marker = inner.hang_for = NULL;
    inner.measure = s->measure - hang;
    inner.first_indent = 0;
    if (!st)
        st = typeset_unlocked(fonts, hyphen, &inner, out, diags);
    for (size_t i = 0; !st && i < out->n_lines; i++)
        out->lines[i].x += hang;
    if (!st && out->n_lines && marker.n_lines &&
        typeset_hang_marker(&out->lines[0], &marker.lines[0], hang, gap))
        st = galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, s->field,
                                "out of memory");
    lines_fini_unlocked(&widest);
    lines_fini_unlocked(&marker);
    return st;
}

/* galley_typeset, with the font lock held by the caller. */
static galley_status_t typeset_unlocked(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                                        const galley_setting_t *s, galley_lines_t *out,
                                        galley_diags_t *diags)
{
    memset(out, 0, sizeof *out);
    if (!s->text->text || s->text->len == 0)
        return GALLEY_STATUS_SUCCESS;
    if (s->marker)
        return typeset_item(fonts, hyphen, s, out, diags);
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

/* A copy of the LEN bytes at P (NULL when P is NULL); *BAD set when
 * allocation fails. */
static void *lines_dup(const void *p, size_t len, int *bad)
{
    if (!p)
        return NULL;
    void *q = malloc(len ? len : 1);
    if (!q)
        *bad = 1;
    else
        memcpy(q, p, len);
    return q;
}

/* RUN's copy into *TO (its font referenced again), with the font lock held.
 * The strings glib made are copied with glib, as lines_fini_unlocked frees
 * them. */
static int lines_run_copy(const galley_glyph_run_t *run, galley_glyph_run_t *to)
{
    int bad = 0;
    *to = *run;
    to->glyphs = lines_dup(run->glyphs, (size_t)run->n_glyphs * sizeof *run->glyphs, &bad);
    to->clusters = lines_dup(run->clusters, (size_t)run->n_clusters * sizeof *run->clusters, &bad);
    to->utf8 = run->utf8 ? g_strndup(run->utf8, (gsize)run->utf8_len) : NULL;
    to->url = run->url ? strdup(run->url) : NULL;
    bad |= (run->url && !to->url);
    to->font = run->font ? cairo_scaled_font_reference(run->font) : NULL;
    return bad;
}

galley_status_t galley_lines_copy(const galley_lines_t *from, galley_lines_t *to)
{
    memset(to, 0, sizeof *to);
    if (from->n_lines == 0)
        return GALLEY_STATUS_SUCCESS;
    galley_font_lock();
    int bad = !(to->lines = calloc(from->n_lines, sizeof *to->lines));
    for (size_t i = 0; !bad && i < from->n_lines; i++, to->n_lines++) {
        const galley_line_t *l = &from->lines[i];
        galley_line_t *t = &to->lines[i];
        *t = *l;
        t->runs = NULL;
        t->n_runs = 0;
        t->text = l->text ? g_strdup(l->text) : NULL;
        if (l->n_runs && !(t->runs = calloc(l->n_runs, sizeof *t->runs)))
            bad = 1;
        for (size_t r = 0; !bad && r < l->n_runs; r++, t->n_runs++)
            bad = lines_run_copy(&l->runs[r], &t->runs[r]);
    }
    if (bad)
        lines_fini_unlocked(to);
    galley_font_unlock();
    return bad ? GALLEY_STATUS_NO_MEMORY : GALLEY_STATUS_SUCCESS;
}
