/* linebreak.c: the breakers.
 *
 * Owns the choice of lines among the break candidates: total-fit (Knuth-Plass)
 * within the style's tolerance, then its emergency tolerance; best-fit for a
 * paragraph too wide for total-fit's bounded search; first-fit, cutting a word
 * wider than the measure, as the last resort; and balancing a ragged
 * paragraph's lines. Reads the style's parameters (galley_linebreak_t). Hands
 * setline.c the lines (brk_t) as character ranges.
 */
#include "typeset_private.h"

#include <math.h>
#include <stdlib.h>

/* How far the line of characters [A, B) can shrink at most: its word spaces,
 * Korean syllable gaps and glyph widths; its other letter gaps in the
 * emergency passes (P->emergency) and in ragged text: in justified text
 * letter spacing is the last resort. */
static double para_shrink(const para_t *p, int a, int b)
{
    const galley_linebreak_t *lb = p->lb;
    int spaces = p->spaces[b] - p->spaces[a];
    int gaps = letter_gaps(p, a, b);
    double glyphs = gaps > 0 ? (p->prefix[b] - p->prefix[a]) * lb->glyph_shrink : 0;
    return spaces * p->space_width * lb->space_shrink +
           syllable_gaps(p, a, b) * p->em * lb->syllable_shrink +
           (p->emergency || !p->justified ? gaps * p->em * lb->letter_shrink : 0) + glyphs;
}

/* How far the ragged line of characters [A, B) could stretch: its word
 * spaces, Korean syllable gaps, letter gaps and glyph widths together (the
 * measure of how short a ragged line falls, as its ratio). */
static double para_stretch_ragged(const para_t *p, int a, int b)
{
    const galley_linebreak_t *lb = p->lb;
    int gaps = letter_gaps(p, a, b);
    double glyphs = gaps > 0 ? (p->prefix[b] - p->prefix[a]) * lb->glyph_stretch : 0;
    return (p->spaces[b] - p->spaces[a]) * p->space_width * lb->space_stretch +
           syllable_gaps(p, a, b) * p->em * lb->syllable_stretch +
           gaps * p->em * lb->letter_stretch + glyphs;
}

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

/* The adjustment ratio of a line from START to candidate C. Justified: how
 * far its word spaces (and Korean syllable gaps) must stretch (> 0) or shrink
 * (< 0), as a fraction of what they can, once glyph widths have taken their
 * share, and letter spacing too in the emergency passes (galley_para_share):
 * the tolerance bounds how loose the spaces look, not a mix of spaces and
 * letters. Ragged: how short the line falls, as a fraction of all its
 * spaces, letters and glyphs could stretch, or how far it must shrink. */
static double kp_ratio(const para_t *p, int start, const cand_t *c, double measure, double *over)
{
    if (over)
        *over = 0;
    double w = p->prefix[c->end] - p->prefix[start] + c->hyphen;
    /* The last line is set ragged: it may be any shorter. */
    if (w <= measure + 1e-9 && c->kind == CAND_END)
        return 0;
    if (!p->justified) {
        double room = w <= measure + 1e-9 ? para_stretch_ragged(p, start, c->end)
                                          : para_shrink(p, start, c->end);
        return room > 0                   ? (measure - w) / room
               : fabs(measure - w) < 1e-6 ? 0
               : measure - w > 0          ? INFINITY
                                          : -INFINITY;
    }
    int gaps = letter_gaps(p, start, c->end);
    adjust_t adj;
    double r;
    galley_para_share(p, p->spaces[c->end] - p->spaces[start], syllable_gaps(p, start, c->end),
                      gaps, p->prefix[c->end] - p->prefix[start], measure - w, p->emergency, &adj,
                      &r);
    /* A line that needs letter spacing, or whose spaces stretch past the
     * tolerance, is an emergency line: *OVER is 1 for it, and up to half
     * more the more letter spacing (as a share of the most it may take) and
     * the further past the tolerance it needs, so that of two such lines the
     * breaker picks the one less letter-spaced, and never two for one. */
    if (over && (adj.per_gap != 0 || r > p->lb->tolerance)) {
        double most = adj.per_gap > 0 ? p->lb->letter_stretch : p->lb->letter_shrink;
        double share = most > 0 ? fabs(adj.per_gap) / (most * p->em) : 0;
        *over = 1 + 0.5 * fmin(1, share + fmax(0, r - p->lb->tolerance) / 10);
    }
    return r;
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

/* True when the line ending at C ends in a hyphen, inserted or the text's
 * own ("41-year- / old"): hyphen runs count both, as a reader sees both. */
static int cand_ends_hyphen(const para_t *p, const cand_t *c)
{
    if (c->kind == CAND_HYPHEN)
        return 1;
    if (c->kind != CAND_PLAIN || c->end <= 0)
        return 0;
    gunichar ch = p->chars[c->end - 1].ch;
    return ch == '-' || ch == 0x2010;
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
            fabs(kp_ratio(p, start, &p->cands[natural], measure, NULL)) <
                fabs(kp_ratio(p, start, &p->cands[best], measure, NULL)))
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
        run = best >= 0 && cand_ends_hyphen(p, &p->cands[best]) ? run + 1 : 0;
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

/* Demerits added for each line past the tolerance (the emergency pass): more
 * than all of a paragraph's ordinary lines cost together, so the breaker
 * sets as few such lines as it can, and only those take letter spacing. */
#define KP_EMERGENCY_LINE 1e10

/* Demerits of a Korean paragraph's last line that is one word of fewer than
 * last_syllables syllables ("했다."): a Korean paper's last line holds at
 * least two words or four syllables. Below an emergency line's, so a short
 * stub is taken rather than a letter-spaced line; but a single syllable
 * ("다.") costs more than one: no Korean paper prints it. */
#define KP_KOREAN_STUB 1e8
#define KP_KOREAN_SYLLABLE 1e11

/* The syllables of the line [START, END) of P when it is one word of fewer
 * than MIN syllables (letters set in syllables; punctuation not counted)
 * holding at least one, a Korean stub; else 0. */
static int korean_stub(const para_t *p, int start, int end, double min)
{
    int syllables = 0;
    for (int i = start; i < end; i++) {
        if (g_unichar_isspace(p->chars[i].ch)) {
            int rest = i; /* spaces at the end only */
            while (rest < end && g_unichar_isspace(p->chars[rest].ch))
                rest++;
            if (rest < end)
                return 0;
            break;
        }
        syllables += (p->chars[i].cls & GALLEY_LANG_SYLLABLE) != 0;
    }
    return syllables > 0 && syllables < min ? syllables : 0;
}

/* Demerits of the line from START ending at C with ratio R, after node PREV;
 * *FIT gets the line's fitness class. INFINITY when the line breaks a rule:
 * more hyphenated lines, or lines ending in a cut Korean word, in a row than
 * the style allows. */
static double kp_demerits(const para_t *p, int start, double r, const cand_t *c,
                          const kp_node_t *prev, double measure, int *fit)
{
    const galley_linebreak_t *lb = p->lb;
    int hy = c->kind == CAND_HYPHEN, ends = cand_ends_hyphen(p, c);
    if (ends && prev->hyphens >= (int)lb->max_hyphens)
        return INFINITY;
    if (c->kind == CAND_SYLLABLE && prev->cuts >= (int)lb->max_cuts)
        return INFINITY;
    double badness = 100 * fabs(r) * fabs(r) * fabs(r);
    double d = (lb->line_penalty + badness) * (lb->line_penalty + badness);
    if (hy)
        d += lb->hyphen_penalty * lb->hyphen_penalty;
    if (c->kind == CAND_SYLLABLE)
        d += lb->syllable_penalty * lb->syllable_penalty;
    if (ends && prev->hyphens)
        d += lb->double_hyphen;
    if (c->kind == CAND_END && prev->hyphens) /* a stub of a word alone on the last line */
        d += lb->final_hyphen;
    int stub = c->kind == CAND_END && prev->cand >= 0 && lb->last_syllables > 0
                   ? korean_stub(p, start, c->end, lb->last_syllables)
                   : 0;
    if (stub)
        d += stub == 1 ? KP_KOREAN_SYLLABLE : KP_KOREAN_STUB;
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
            double over;
            double r = kp_ratio(p, start, c, measure, &over);
            if (r < -1) { /* too tight now, and only tighter later: retire it */
                active[ai--] = active[--n_active];
                continue;
            }
            if (r > tolerance)
                continue;
            int fit = 2;
            double d = kp_demerits(p, start, r, c, a, measure, &fit);
            d += KP_EMERGENCY_LINE * over; /* as few lines past the tolerance as can be */
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
                                   cand_ends_hyphen(p, c) ? prev->hyphens + 1 : 0,
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

/* Breaks the paragraph: total-fit within the tolerance by word spaces and
 * glyph widths alone, then within the emergency tolerance with letter
 * spacing too, then first-fit cutting words that cannot fit. A paragraph too
 * wide for total-fit's bounded search is set best-fit. */
int galley_para_break(para_t *p, const galley_setting_t *s, brk_t **out, galley_diags_t *diags)
{
    p->justified = s->style->align == GALLEY_ALIGN_JUSTIFY;
    p->emergency = 0;
    int n = para_break_total_fit(p, s, p->lb->tolerance, out);
    p->emergency = 1;
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
int galley_para_balance(para_t *p, const galley_setting_t *s, int n, brk_t **brks)
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
