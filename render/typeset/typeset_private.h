/* typeset_private.h: what the typesetter's files share.
 *
 * Owns the shaped paragraph (para_t) that shape.c builds, breaks.c lists the
 * break candidates of, linebreak.c breaks into lines (brk_t) and setline.c
 * sets; typeset.c runs these steps in that order. Nothing outside typeset/
 * includes this header: compose sees typeset.h only.
 */
#ifndef GALLEY_TYPESET_PRIVATE_H
#define GALLEY_TYPESET_PRIVATE_H

#include "lang.h"
#include "typeset.h"

#include <pango/pangocairo.h>

/* One character of the paragraph. */
typedef struct {
    size_t byte; /* offset in the text */
    gunichar ch;
    unsigned cls;     /* its classes in the language modules (lang.h) */
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
    int *cjk;               /* n + 1 prefix counts of letters set in syllables (lang.h) */
    int *syllables;         /* n + 1 prefix counts of syllable_gap */
    const galley_text_t *t; /* the text with its spans */
    int *link;              /* n + 1: the link span each character is in, or -1 */
    double space_width;     /* a typical word space, for stretch and shrink */
    double em;              /* the style's size: letter spacing is a fraction of it */
    const galley_linebreak_t *lb;
    int emergency; /* 1 while the breaker counts letter spacing (its emergency passes) */
    int justified; /* 1: the lines are justified (the ratio is the word spaces'; see linebreak.c) */
    double color[3];
} para_t;

/* A line as the breaker chose it. */
typedef struct {
    int start, end;
    int hyphen;
    double hyphen_width;
    int last;
    int cut; /* ends inside a word without a hyphen (Korean syllables, a cut word) */
} brk_t;

/* How a line is brought to its measure. */
typedef struct {
    double per_space;    /* added to each word space */
    double per_syllable; /* added to each gap between Korean syllables */
    double per_gap;      /* added to each other letter gap */
    double hscale;       /* glyph width scale */
} adjust_t;

/* The last character of [A, B) that starts a cluster. */
static inline int last_cluster(const para_t *p, int a, int b)
{
    int c = b - 1;
    while (c > a && p->chars[c].glyph_count == 0)
        c--;
    return c;
}

/* The gaps between Korean syllables (Hangul and Hanja clusters in a row) of
 * characters [A, B): they stretch and shrink with the word spaces, the way
 * Korean justification spreads a line's syllables as well as its spaces. */
static inline int syllable_gaps(const para_t *p, int a, int b)
{
    int last = last_cluster(p, a, b);
    return last > a ? p->syllables[last] - p->syllables[a] : 0;
}

/* The other letter gaps of characters [A, B) that may take letter spacing
 * once the spaces are at their limit. A line with Korean and spaces has none:
 * its syllables take their share with the spaces instead. */
static inline int letter_gaps(const para_t *p, int a, int b)
{
    int gaps = p->letters[b] - p->letters[a] - 1 - syllable_gaps(p, a, b);
    if (p->spaces[b] > p->spaces[a] && p->cjk[b] > p->cjk[a])
        return 0;
    return gaps > 0 ? gaps : 0;
}

/* shape.c: the attribute list (font, language, emphasis, Korean scale) the
 * text is itemized with; the caller unrefs it. */
PangoAttrList *galley_para_attrs(const galley_text_t *t, const galley_style_t *style,
                                 const char *lang);

/* shape.c: indexes P's text (P->text, len, t, lb set), itemizes and shapes it
 * once with ATTRS, and fills the prefix sums and link spans. -1 on OOM. */
int galley_para_shape(para_t *p, PangoContext *ctx, PangoAttrList *attrs, double tracking);

/* shape.c: warns about characters no font has a glyph for. */
void galley_para_check_glyphs(const para_t *p, const galley_setting_t *s, galley_diags_t *diags);

/* shape.c: frees what P holds (its candidates included). */
void galley_para_fini(para_t *p);

/* phrases.c: takes out of P's candidates those inside a quoted phrase that
 * fits in MEASURE (balanced styles: headlines, decks, subheads). 0. */
int galley_para_keep_phrases(para_t *p, double measure);

/* phrases.c: takes out of P's candidates those between a number and its
 * unit ("5:30 a.m.", "40 km", "3조 원"; a unit spelled out, "15 percent", only
 * with ALL_UNITS: balanced heads) or after a hyphen that joins a number
 * ("3-ga", "41-year-old"): every paragraph. 0. */
int galley_para_keep_numbers(para_t *p, int all_units);

/* breaks.c: lists P's break candidates in text order, hyphen widths measured.
 * -1 on OOM. */
/* shape.c: the index of the character starting at BYTE (the first at or
 * after it). */
int galley_para_char_at(const para_t *p, size_t byte);

int galley_para_candidates(para_t *p, galley_hyphen_t *hy, const galley_hyphen_house_t *house,
                           const char *lang, int hyphenate, int syllables);

/* linebreak.c: breaks P into lines (*OUT, the caller frees it); the number of
 * lines, -1 on OOM. */
int galley_para_break(para_t *p, const galley_setting_t *s, brk_t **out, galley_diags_t *diags);

/* linebreak.c: rebreaks a ragged paragraph of N lines to the narrowest
 * measure that still takes N lines. -1 on OOM. */
int galley_para_balance(para_t *p, const galley_setting_t *s, int n, brk_t **brks);

/* setline.c: shares EXTRA pt between a line's N_SPACES word spaces, SYLS
 * Korean syllable gaps, glyph widths (ADV pt of advances) and GAPS letter gaps
 * (only when LETTERS), in that order (see setline.c); fills *ADJ and *RATIO
 * (the spaces' adjustment ratio) and returns what is left over. */
double galley_para_share(const para_t *p, int n_spaces, int syls, int gaps, double adv,
                         double extra, int letters, adjust_t *adj, double *ratio);

/* setline.c: sets break B (the first line when FIRST) into LINE. -1 on OOM. */
int galley_para_set_line(const para_t *p, const galley_setting_t *s, const brk_t *b, int first,
                         galley_line_t *line);

#endif
