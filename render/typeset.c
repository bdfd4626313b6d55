/* typeset.c: a paragraph to set lines.
 *
 * Owns the paragraph's shaped form and its breaking. The text is itemized and
 * shaped once; every character gets its advance (the glyphs of the cluster it
 * starts), so the width of any stretch of text is a difference of prefix sums.
 * Break candidates (spaces, Pango's break opportunities, libhyphen's points)
 * are listed once; the breaker picks among them (first-fit for now: the
 * candidates are what a total-fit breaker needs too). Each chosen line is set
 * to its measure by widening or narrowing its word spaces only.
 */
#include "typeset.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

/* The line breaker's parameters, each with its default and what it does
 * (after TeX's; the names are the ones layouts will override by). */
static const struct {
    double space_stretch;   /* how far a word space may stretch, fraction of its width */
    double space_shrink;    /* how far it may shrink */
    double tolerance;       /* the loosest adjustment ratio the first pass accepts */
    double emergency;       /* the loosest the second pass accepts, before cutting words */
    double line_penalty;    /* added to every line's badness: fewer lines are better */
    double hyphen_penalty;  /* the cost of ending a line with a hyphen */
    double double_hyphen;   /* extra demerits for two hyphenated lines in a row */
    double fitness_jump;    /* extra demerits when a line is much looser/tighter than the last */
} PARAMS = {0.5, 0.25, 2.0, 10.0, 10, 50, 3000, 3000};

/* One character of the paragraph. */
typedef struct {
    size_t byte;       /* offset in the text */
    gunichar ch;
    double adv;        /* advance of the cluster starting here, tracking included */
    int item;          /* the Pango item it belongs to */
    int glyph_first;   /* the cluster's glyphs in that item's glyph string */
    int glyph_count;   /* 0 when the character is inside a cluster */
    int is_space;      /* U+0020: stretches when the line is justified */
} tchar_t;

typedef enum { CAND_SPACE, CAND_PLAIN, CAND_HYPHEN, CAND_END } cand_kind_t;

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
    int n;                  /* characters */
    tchar_t *chars;         /* n + 1, the last a sentinel at len */
    double *prefix;         /* n + 1 prefix sums of adv */
    int *spaces;            /* n + 1 prefix counts of is_space */
    GList *items;           /* PangoItem*, in order */
    PangoItem **item_v;
    PangoGlyphString **glyphs;
    int n_items;
    cand_t *cands;
    int n_cands, cap_cands;
    double space_width;     /* a typical word space, for stretch and shrink */
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
    for (size_t i = 0; i < t->n_spans; i++) {
        const galley_span_t *sp = &t->spans[i];
        PangoAttribute *a = NULL;
        if (sp->kind == GALLEY_SPAN_EMPHASIS)
            a = pango_attr_style_new(style->italic ? PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC);
        else if (sp->kind == GALLEY_SPAN_STRONG)
            a = pango_attr_weight_new(style->weight >= 600 ? PANGO_WEIGHT_HEAVY : PANGO_WEIGHT_BOLD);
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
        p->chars[i].is_space = p->chars[i].ch == ' ';
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

/* Fills the prefix sums of advances and of word spaces. */
static int para_prefix(para_t *p)
{
    p->prefix = calloc((size_t)p->n + 1, sizeof *p->prefix);
    p->spaces = calloc((size_t)p->n + 1, sizeof *p->spaces);
    if (!p->prefix || !p->spaces)
        return -1;
    double sw = 0;
    int ns = 0;
    for (int i = 0; i < p->n; i++) {
        p->prefix[i + 1] = p->prefix[i] + p->chars[i].adv;
        p->spaces[i + 1] = p->spaces[i] + p->chars[i].is_space;
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
    if (n < 5 || n > 60 || token_is_code(p, a, b))
        return 0;
    char word[64], points[64];
    for (size_t i = 0; i < n; i++)
        word[i] = (char)p->chars[a + (int)i].ch;
    if (galley_hyphen_word(hy, lang, word, n, points) == 0)
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

/* Lists the break candidates in text order: Pango's break opportunities
 * (kept off between Korean letters: Korean breaks at spaces), the spaces, and
 * hyphenation points inside lowercase English words. */
static int para_candidates(para_t *p, galley_hyphen_t *hy, const char *lang, int hyphenate)
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
            if (s > 0 && para_add_cand(p, CAND_SPACE, s, i))
                goto fail;
        } else if (!g_unichar_isspace(prev) && !is_cjk(prev) && !is_cjk(cur)) {
            if (para_add_cand(p, CAND_PLAIN, i, i))
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

/* A line as the breaker chose it. */
typedef struct {
    int start, end;
    int hyphen;
    double hyphen_width;
    int last;
} brk_t;

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

/* First-fit, the last resort: each line takes as many candidates as fit with
 * its spaces at their tightest. A first word wider than the measure is cut at
 * the last cluster that fits, with a warning. Returns the number of lines. */
static int para_break_first_fit(para_t *p, const galley_setting_t *s, brk_t **out,
                                galley_diags_t *diags)
{
    size_t cap = 0, n = 0;
    brk_t *lines = NULL;
    int start = 0, ci = 0;
    while (start < p->n || n == 0) {
        double measure = s->measure - (n == 0 ? s->first_indent : 0);
        int best = -1;
        for (int k = ci; k < p->n_cands; k++) {
            const cand_t *c = &p->cands[k];
            if (c->end <= start && c->kind != CAND_END)
                continue;
            double w = p->prefix[c->end] - p->prefix[start] + c->hyphen;
            double shrink =
                (p->spaces[c->end] - p->spaces[start]) * p->space_width * PARAMS.space_shrink;
            if (w - shrink <= measure + 1e-6 || c->end <= start)
                best = k;
            else
                break;
        }
        brk_t b;
        if (best < 0) {
            int e = para_cut(p, start, measure);
            galley_diags_warn(diags, NULL, 0, 0, s->field,
                              "a word is wider than the column (%.1f pt); it is broken without "
                              "a hyphen",
                              measure);
            b = (brk_t){start, e, 0, 0, 0};
            start = e;
        } else {
            const cand_t *c = &p->cands[best];
            b = (brk_t){start, c->end, c->kind == CAND_HYPHEN, c->hyphen, c->kind == CAND_END};
            start = c->next;
            ci = best + 1;
        }
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
    int cand;  /* -1: the paragraph's start */
    int fit;   /* 0 very loose, 1 loose, 2 decent, 3 tight */
    int hyphen;
    int line;  /* lines so far */
    int prev;  /* node before, -1 at the start */
    double total;
} kp_node_t;

/* The adjustment ratio of a line from START to candidate C: how far its
 * spaces must stretch (> 0) or shrink (< 0), as a fraction of what they can. */
static double kp_ratio(const para_t *p, int start, const cand_t *c, double measure)
{
    double w = p->prefix[c->end] - p->prefix[start] + c->hyphen;
    int n_spaces = p->spaces[c->end] - p->spaces[start];
    if (w <= measure + 1e-9) {
        if (c->kind == CAND_END)
            return 0; /* the last line is set ragged: it may be any shorter */
        double stretch = n_spaces * p->space_width * PARAMS.space_stretch;
        return stretch > 0 ? (measure - w) / stretch : (measure - w < 1e-6 ? 0 : INFINITY);
    }
    double shrink = n_spaces * p->space_width * PARAMS.space_shrink;
    return shrink > 0 ? (measure - w) / shrink : -INFINITY;
}

/* Demerits of a line with ratio R ending at C after a node with fitness PFIT
 * and hyphen PHY; *FIT gets the line's fitness class. */
static double kp_demerits(double r, const cand_t *c, int pfit, int phy, int *fit)
{
    double badness = 100 * fabs(r) * fabs(r) * fabs(r);
    double d = (PARAMS.line_penalty + badness) * (PARAMS.line_penalty + badness);
    int hy = c->kind == CAND_HYPHEN;
    if (hy)
        d += PARAMS.hyphen_penalty * PARAMS.hyphen_penalty;
    if (hy && phy)
        d += PARAMS.double_hyphen;
    *fit = r > 1 ? 0 : r > 0.5 ? 1 : r >= -0.5 ? 2 : 3;
    if (abs(*fit - pfit) > 1)
        d += PARAMS.fitness_jump;
    return d;
}

/* Total-fit (Knuth-Plass) over the candidates: the breaks that minimise the
 * paragraph's total demerits with every line's ratio within TOLERANCE.
 * Returns the number of lines, 0 when no such breaks exist, -1 on OOM. */
static int para_break_total_fit(para_t *p, const galley_setting_t *s, double tolerance,
                                brk_t **out)
{
    size_t cap = 64, n = 0;
    kp_node_t *nodes = malloc(cap * sizeof *nodes);
    int *active = malloc(cap * sizeof *active), n_active = 0, cap_active = (int)cap;
    if (!nodes || !active)
        goto oom;
    nodes[n++] = (kp_node_t){-1, 2, 0, 0, -1, 0};
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
            double total = a->total + kp_demerits(r, c, a->fit, a->hyphen, &fit);
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
            nodes[n] = (kp_node_t){k, fit, c->kind == CAND_HYPHEN, prev->line + 1,
                                   best_node[fit], best_total[fit]};
            if (c->kind == CAND_END) {
                if (best_end < 0 || nodes[n].total < nodes[best_end].total)
                    best_end = (int)n;
            } else {
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
            b[l] = (brk_t){start, c->end, c->kind == CAND_HYPHEN, c->hyphen, c->kind == CAND_END};
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
 * emergency tolerance, then first-fit cutting words that cannot fit. */
static int para_break(para_t *p, const galley_setting_t *s, brk_t **out, galley_diags_t *diags)
{
    if (para_hyphen_widths(p))
        return -1;
    int n = para_break_total_fit(p, s, PARAMS.tolerance, out);
    if (n == 0)
        n = para_break_total_fit(p, s, PARAMS.emergency, out);
    if (n == 0)
        n = para_break_first_fit(p, s, out, diags);
    return n;
}

/* Appends one glyph run for characters [a, b) of item K to LINE, starting at
 * pen position *PEN; EXTRA widens each word space. */
static int line_add_run(galley_line_t *line, const para_t *p, int a, int b, double *pen,
                        double extra, double tracking)
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
    galley_glyph_run_t *runs = realloc(line->runs, (line->n_runs + 1) * sizeof *runs);
    if (!runs)
        return -1;
    line->runs = runs;
    galley_glyph_run_t *run = &runs[line->n_runs++];
    memset(run, 0, sizeof *run);
    memcpy(run->color, p->color, sizeof run->color);
    run->font = cairo_scaled_font_reference(
        pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(item->analysis.font)));
    run->utf8_len = (int)(p->chars[b].byte - p->chars[a].byte);
    run->utf8 = g_strndup(p->text + p->chars[a].byte, (gsize)run->utf8_len);
    run->glyphs = calloc((size_t)n_glyphs + 1, sizeof *run->glyphs);
    run->clusters = calloc((size_t)n_clusters + 1, sizeof *run->clusters);
    if (!run->utf8 || !run->glyphs || !run->clusters)
        return -1;
    for (int c = a; c < b; c++) {
        const tchar_t *tc = &p->chars[c];
        if (!tc->glyph_count) {
            if (run->n_clusters)
                run->clusters[run->n_clusters - 1].num_bytes += (int)(p->chars[c + 1].byte - tc->byte);
            continue;
        }
        run->clusters[run->n_clusters++] =
            (cairo_text_cluster_t){(int)(p->chars[c + 1].byte - tc->byte), tc->glyph_count};
        for (int g = tc->glyph_first; g < tc->glyph_first + tc->glyph_count; g++) {
            const PangoGlyphInfo *gi = &gs->glyphs[g];
            run->glyphs[run->n_glyphs++] = (cairo_glyph_t){
                gi->glyph, *pen + (double)gi->geometry.x_offset / PANGO_SCALE,
                (double)gi->geometry.y_offset / PANGO_SCALE};
            *pen += (double)gi->geometry.width / PANGO_SCALE;
        }
        *pen += tracking + (tc->is_space ? extra : 0);
    }
    return 0;
}

/* Appends the hyphen of a hyphenated line, in the font of character C. */
static int line_add_hyphen(galley_line_t *line, const para_t *p, int c, double pen)
{
    PangoItem *item = p->item_v[p->chars[c].item];
    PangoGlyphString *gs = pango_glyph_string_new();
    pango_shape_with_flags("-", 1, "-", 1, &item->analysis, gs, PANGO_SHAPE_NONE);
    galley_glyph_run_t *runs = realloc(line->runs, (line->n_runs + 1) * sizeof *runs);
    if (!runs) {
        pango_glyph_string_free(gs);
        return -1;
    }
    line->runs = runs;
    galley_glyph_run_t *run = &runs[line->n_runs++];
    memset(run, 0, sizeof *run);
    memcpy(run->color, p->color, sizeof run->color);
    run->font = cairo_scaled_font_reference(
        pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(item->analysis.font)));
    run->utf8 = g_strdup("-");
    run->utf8_len = 1;
    run->glyphs = calloc((size_t)gs->num_glyphs + 1, sizeof *run->glyphs);
    run->clusters = calloc(1, sizeof *run->clusters);
    if (!run->glyphs || !run->clusters) {
        pango_glyph_string_free(gs);
        return -1;
    }
    for (int g = 0; g < gs->num_glyphs; g++) {
        run->glyphs[run->n_glyphs++] =
            (cairo_glyph_t){gs->glyphs[g].glyph, pen, 0};
        pen += (double)gs->glyphs[g].geometry.width / PANGO_SCALE;
    }
    run->clusters[0] = (cairo_text_cluster_t){1, gs->num_glyphs};
    run->n_clusters = 1;
    pango_glyph_string_free(gs);
    return 0;
}

/* Sets break B as a line: its glyph runs, width and position. */
static int para_set_line(const para_t *p, const galley_setting_t *s, const brk_t *b, int first,
                         galley_line_t *line)
{
    const galley_style_t *st = s->style;
    double tracking = st->tracking * st->size / 1000.0;
    double indent = first ? s->first_indent : 0;
    double measure = s->measure - indent;
    double natural = p->prefix[b->end] - p->prefix[b->start];
    natural += b->hyphen_width;
    int n_spaces = p->spaces[b->end] - p->spaces[b->start];
    double extra = 0;
    line->x = indent;
    line->width = natural;
    if (st->align == GALLEY_ALIGN_JUSTIFY && !b->last && n_spaces > 0) {
        extra = (measure - natural) / n_spaces;
        line->width = measure;
    } else if (st->align == GALLEY_ALIGN_RIGHT) {
        line->x = indent + fmax(0, measure - natural);
    } else if (st->align == GALLEY_ALIGN_CENTER) {
        line->x = indent + fmax(0, (measure - natural) / 2);
    }
    if (line->width > measure)
        line->width = measure; /* tight lines shrink their spaces into the measure */
    if (natural > measure && n_spaces > 0 && extra == 0)
        extra = (measure - natural) / n_spaces;
    line->start = p->chars[b->start].byte;
    line->end = p->chars[b->end].byte;
    line->hyphenated = b->hyphen;
    line->text = g_strndup(p->text + line->start, line->end - line->start);
    double pen = 0;
    int a = b->start;
    while (a < b->end) {
        int e = a + 1;
        while (e < b->end && p->chars[e].item == p->chars[a].item)
            e++;
        if (line_add_run(line, p, a, e, &pen, extra, tracking))
            return -1;
        a = e;
    }
    if (b->hyphen && line_add_hyphen(line, p, b->end - 1, pen))
        return -1;
    return 0;
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
    char *upper = NULL;
    galley_text_t t = *s->text;
    if (st->uppercase) {
        upper = g_utf8_strup(t.text, (gssize)t.len);
        if (strlen(upper) != t.len)
            t.n_spans = 0;
        t.text = upper;
        t.len = strlen(upper);
    }
    p.text = t.text;
    p.len = t.len;
    memcpy(p.color, st->color, sizeof p.color);
    PangoContext *ctx = galley_fonts_context(fonts);
    pango_context_set_language(ctx, pango_language_from_string(s->lang));
    PangoAttrList *attrs = para_attrs(&t, st, s->lang);
    brk_t *brks = NULL;
    int n = -1;
    if (para_index_chars(&p) == 0 && para_shape(&p, ctx, attrs, st->tracking * st->size / 1000.0) == 0 &&
        para_prefix(&p) == 0 && para_candidates(&p, hyphen, s->lang, st->hyphenate) == 0)
        n = para_break(&p, s, &brks, diags);
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
    g_free(upper);
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
        }
        free(line->runs);
        g_free(line->text);
    }
    free(lines->lines);
    memset(lines, 0, sizeof *lines);
}
