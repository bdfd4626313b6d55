/* setline.c: setting a chosen line.
 *
 * Owns a line's glyph runs and its position: the line is set to its measure
 * by its word spaces (and Korean syllable gaps) first, then by glyph widths
 * within the style's limit, then by the spaces again; letter spacing only for
 * a line that cannot be set otherwise (reported in the line); punctuation at its ends hangs
 * into the margins; a hyphenated line gets its hyphen. Hands compose the set
 * line (galley_line_t): width, position and the positioned runs to draw.
 */
#include "typeset_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
 * spaces, Korean syllable gaps (SYLS), glyph widths and other letter gaps
 * (GAPS), in the order a typographer would: spaces and syllable gaps first, in
 * proportion to their stretch or shrink, up to it; then glyph widths up to the
 * style's limit (2%); then the spaces and syllables again, as far as the
 * breaker's tolerance. Only what a line needs beyond that (a line of one
 * word, a line of the breaker's emergency pass) goes to letter spacing, up to
 * its limit and when LETTERS, and then to the spaces. ADV is the line's glyph
 * advances. Fills *ADJ; returns what could not be placed (a line with no
 * spaces stays short), and in *RATIO how far the spaces and syllables were
 * stretched (> 0) or shrunk (< 0) as a fraction of what they can: the
 * breaker's adjustment ratio (for a line without spaces, the glyphs' share,
 * past the tolerance by the letters'). */
double galley_para_share(const para_t *p, int n_spaces, int syls, int gaps, double adv,
                         double extra, int letters, adjust_t *adj, double *ratio)
{
    const galley_linebreak_t *lb = p->lb;
    int grow = extra >= 0;
    double sw = n_spaces * p->space_width * (grow ? lb->space_stretch : lb->space_shrink);
    double yw = syls * p->em * (grow ? lb->syllable_stretch : lb->syllable_shrink);
    double lw = letters ? gaps * p->em * (grow ? lb->letter_stretch : lb->letter_shrink) : 0;
    double gw = gaps > 0 ? adv * (grow ? lb->glyph_stretch : lb->glyph_shrink) : 0;
    double tol = grow ? fmax(1, lb->tolerance) : 1;
    double mag = fabs(extra);
    double first = fmin(mag, sw + yw);
    double to_glyphs = fmin(mag - first, gw);
    first += fmin(mag - first - to_glyphs, (tol - 1) * (sw + yw));
    double left = mag - first - to_glyphs; /* what the spaces and glyphs could not take */
    double to_letters = left > 1e-9 ? fmin(left, lw) : 0; /* not a rounding error's worth */
    double to_syls = sw + yw > 0 ? first * yw / (sw + yw) : 0;
    double to_spaces = n_spaces ? first - to_syls : 0;
    double rest = mag - to_spaces - to_syls - to_glyphs - to_letters;
    if (n_spaces)
        to_spaces += rest, rest = 0;
    double sign = grow ? 1 : -1;
    adj->per_space = n_spaces ? sign * to_spaces / n_spaces : 0;
    adj->per_syllable = syls > 0 ? sign * to_syls / syls : 0;
    adj->per_gap = gaps > 0 ? sign * to_letters / gaps : 0;
    adj->hscale = adv > 0 ? 1 + sign * to_glyphs / adv : 1;
    if (rest > 1e-6 || (sw + yw <= 0 && to_spaces > 1e-6)) /* the line cannot be filled */
        *ratio = sign * INFINITY;
    else if (sw + yw > 0)
        *ratio = sign * (to_spaces + to_syls) / (sw + yw);
    else
        *ratio = sign * (to_letters > 0 ? tol + to_letters / lw : gw > 0 ? to_glyphs / gw : 0);
    return sign * rest;
}

/* Sets break B as a line: its glyph runs, width and position. Justified lines
 * fill the measure; punctuation at the ends hangs into the margins. */
int galley_para_set_line(const para_t *p, const galley_setting_t *s, const brk_t *b, int first,
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
    const galley_lang_t *module = galley_lang_find(s->lang);
    if (p->lb->hanging && !(module && module->solid_margins) && b->end > b->start) {
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
        double ratio;
        double rest =
            galley_para_share(p, n_spaces, syls, gaps, adv, measure - visible, 1, &adj, &ratio);
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
    line->letter_spacing = p->em > 0 ? adj.per_gap / p->em : 0;
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
