/* layout_styles.c: a layout's style table.
 *
 * Owns: every style's defaults (STYLE_DEFAULTS), the headline ladder's
 * (LADDER_SIZES, LADDER_COUNTS, "headline_ladder") and the line-breaking
 * parameters with their defaults, ranges and help (LINEBREAK_PARAMS; docs/
 * layout.md lists the same), reading "styles" over them, style names, and
 * the number readers with their range messages that layout.c uses too.
 */
#include "layout_private.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A style's defaults. AS_BODY (doubles), -1 (ints) and NULL (strings) take the
 * value of the body style, so a layout that changes the body's colour or
 * family carries it to the styles that follow the body. */
typedef struct {
    const char *family;
    double size, leading;
    int weight, italic;
    const char *color;
    double tracking;
    int align, hyphenate, uppercase, keep_lines;
    double space_before, space_after, indent;
} style_default_t;

#define AS_BODY NAN
#define SANS "Galley Sans"
#define L GALLEY_ALIGN_LEFT
#define R GALLEY_ALIGN_RIGHT

/* family, size, leading, weight, italic, color, tracking, align, hyphenate,
 * uppercase, keep_lines, space_before, space_after, indent. Sizes in pt. */
static const style_default_t STYLE_DEFAULTS[GALLEY_STYLE_COUNT] = {
    [GALLEY_STYLE_BODY] = {"Galley Serif", 9.5, 11.5, 400, 0, "#1a1a1a", 0, GALLEY_ALIGN_JUSTIFY, 1,
                           0, 0, 0, 0, 9.5},
    [GALLEY_STYLE_KICKER] = {SANS, 10, 12, 700, 0, "#a4121b", 60, L, 0, 1, 0, 0, 4, 0},
    [GALLEY_STYLE_HEADLINE] = {NULL, 54, 58, 700, 0, NULL, -10, L, 0, 0, 1, 0, 8, 0},
    [GALLEY_STYLE_DECK] = {NULL, 18, 22, 400, 0, NULL, 0, L, 0, 0, 1, 0, 11.5, 0},
    [GALLEY_STYLE_BYLINE] = {SANS, 8.5, 11.5, 700, 0, NULL, 0, L, 0, 0, 0, 0, 0, 0},
    [GALLEY_STYLE_DATELINE] = {SANS, 8.5, AS_BODY, 700, 0, NULL, 0, L, 0, 1, 0, 0, 0, 0},
    [GALLEY_STYLE_SUBHEAD] = {SANS, 10, 11.5, 700, 0, NULL, 0, L, 0, 0, 1, 11.5, 0, 0},
    [GALLEY_STYLE_QUOTE] = {NULL, 13, 16, 400, 1, NULL, 0, L, 0, 0, 1, 11.5, 11.5, 0},
    [GALLEY_STYLE_CAPTION] = {SANS, 7.5, 9, 400, 0, NULL, 0, L, 0, 0, 0, 4, 0, 0},
    [GALLEY_STYLE_CREDIT] = {SANS, 6.5, 8, 400, 0, "#6b6b6b", 20, R, 0, 1, 0, 0, 0, 0},
    [GALLEY_STYLE_RELATED] = {SANS, 8.5, 11, 400, 0, NULL, 0, L, 0, 0, 0, 0, 0, 0},
    [GALLEY_STYLE_NOTE] = {NULL, 8.5, 11.5, 400, 1, NULL, 0, L, 0, 0, 0, 11.5, 0, 0},
    [GALLEY_STYLE_FOLIO] = {SANS, 7.5, 9, 400, 0, NULL, 0, L, 0, 0, 0, 0, 0, 0},
    /* A translation's head band over its text, at a full-width band (a
     * narrower band scales them down): a headline a step under the article's,
     * a deck a step over the body. Their letters (family, weight, slant,
     * colour, tracking, line breaking) are the headline's and the deck's
     * (style_inherit). */
    [GALLEY_STYLE_TRANSLATION_HEADLINE] = {NULL, 30, 34, 700, 0, NULL, 0, L, 0, 0, 1, 0, 6, 0},
    [GALLEY_STYLE_TRANSLATION_DECK] = {NULL, 13, 16, 400, 0, NULL, 0, L, 0, 0, 1, 0, 8, 0},
};

#undef L
#undef R

/* Style names in file order, NULL-ended, as the styles object spells them. */
// clang-format off
static const char *const STYLE_NAMES[GALLEY_STYLE_COUNT + 1] = {
    "kicker", "headline", "deck",   "byline",  "dateline", "body",  "subhead",
    "quote",  "caption",  "credit", "related", "note",     "folio",
    "translation_headline", "translation_deck", NULL};
// clang-format on

static const char *const STYLE_FIELDS[] = {
    "family",        "size",           "leading",         "weight",         "italic",
    "color",         "tracking",       "align",           "hyphenate",      "uppercase",
    "space_before",  "space_after",    "indent",          "linebreak",      "korean_scale",
    "keep_lines",    "rule",           "marks",           "marker",         "korean_family",
    "korean_weight", "korean_leading", "korean_emphasis", "korean_figures", NULL};

/* The line-breaking parameters: name, where it lives, default, range, help.
 * docs/layout.md lists the same table. */
#define LB(field) offsetof(galley_linebreak_t, field)
static const struct {
    const char *name;
    size_t offset;
    double value, lo, hi;
    const char *help;
} LINEBREAK_PARAMS[] = {
    {"tolerance", LB(tolerance), 2.1, 0, 100, "loosest word-space ratio of the first pass"},
    {"emergency", LB(emergency), 10, 0, 1000, "loosest ratio before words are cut"},
    {"line_penalty", LB(line_penalty), 10, 0, 10000, "added to each line's badness"},
    {"hyphen_penalty", LB(hyphen_penalty), 50, 0, 10000, "cost of a line ending in a hyphen"},
    {"double_hyphen", LB(double_hyphen), 3000, 0, 1e6, "demerits for two hyphens in a row"},
    {"final_hyphen", LB(final_hyphen), 5000, 0, 1e6,
     "demerits for a hyphen on a paragraph's second-last line"},
    {"last_syllables", LB(last_syllables), 4, 0, 20,
     "fewest syllables a Korean paragraph's last line holds when it is one word (0: any)"},
    {"fitness_jump", LB(fitness_jump), 3000, 0, 1e6, "demerits for a loose line by a tight one"},
    {"space_stretch", LB(space_stretch), 0.5, 0, 10, "word space stretch, fraction of a space"},
    {"space_shrink", LB(space_shrink), 0.25, 0, 0.9, "word space shrink, fraction of a space"},
    {"letter_stretch", LB(letter_stretch), 0.05, 0, 0.2,
     "letter spacing an emergency line may add, fraction of an em"},
    {"letter_shrink", LB(letter_shrink), 0.02, 0, 0.1, "letter spacing removed, fraction of an em"},
    {"syllable_stretch", LB(syllable_stretch), 0.08, 0, 0.3,
     "Korean syllable spacing added with the word spaces, fraction of an em"},
    {"syllable_shrink", LB(syllable_shrink), 0.03, 0, 0.1,
     "Korean syllable spacing removed with the word spaces, fraction of an em"},
    {"glyph_stretch", LB(glyph_stretch), 0.02, 0, 0.1, "glyphs set wider, fraction of their width"},
    {"glyph_shrink", LB(glyph_shrink), 0.02, 0, 0.1,
     "glyphs set narrower, fraction of their width"},
    {"max_hyphens", LB(max_hyphens), 2, 0, 100, "hyphenated lines allowed in a row"},
    {"hyphen_min_word", LB(hyphen_min_word), 5, 2, 60, "shortest word hyphenated, letters"},
    {"hyphen_left", LB(hyphen_left), 2, 1, 30, "letters kept before a hyphen"},
    {"hyphen_right", LB(hyphen_right), 3, 1, 30, "letters carried after a hyphen"},
    {"hyphen_capitalized", LB(hyphen_capitalized), 1, 0, 1,
     "1: capitalised words are hyphenated too (never words in capitals)"},
    {"last_line_min", LB(last_line_min), 0.2, 0, 1, "fraction of the measure a last line fills"},
    {"korean_syllables", LB(korean_syllables), 0, 0, 1, "1: Korean breaks between syllables"},
    {"syllable_penalty", LB(syllable_penalty), 400, 0, 10000,
     "cost of cutting a Korean word between syllables"},
    {"syllable_left", LB(syllable_left), 2, 1, 10, "letters kept before a Korean word's cut"},
    {"syllable_right", LB(syllable_right), 1, 1, 10, "letters carried after a Korean word's cut"},
    {"max_cuts", LB(max_cuts), 2, 0, 100, "lines in a row ending in a cut Korean word"},
    {"hanging", LB(hanging), 1, 0, 1, "1: punctuation hangs into the margins"},
    {"balance", LB(balance), 0, 0, 1, "1: even lines (headlines, decks, subheads)"},
};
#undef LB
#define N_LINEBREAK_PARAMS (sizeof LINEBREAK_PARAMS / sizeof LINEBREAK_PARAMS[0])

static const char *const ALIGN_NAMES[] = {"left", "right", "center", "justify", NULL};

/* The Korean face of each design class (fonts/fonts.conf's roles): a style
 * whose family list starts with FAMILY and names no korean_family sets a
 * Korean text's figures in KOREAN by default, the face its family gives
 * Hangul, so "2027년" is one design and one weight. A family not listed (a
 * Korean-first role, a layout's own face) keeps its figures. */
static const struct {
    const char *family, *korean;
} KOREAN_FIGURES[] = {
    {"Galley Serif", "Galley Myeongjo"},
    {"Galley Sans", "Galley Gothic"},
    {"serif", "Galley Myeongjo"},
    {"sans-serif", "Galley Gothic"},
};

/* galley_korean_emphasis_t's values in layout files, in its order. */
static const char *const KOREAN_EMPHASIS_NAMES[] = {"bold", "gothic", NULL};

/* The style's name in layout files and --boxes. */
const char *galley_style_name(galley_style_id_t id)
{
    return id < GALLEY_STYLE_COUNT ? STYLE_NAMES[id] : "unknown";
}

/* Keeps the first error of a sequence of steps that all run. */
galley_status_t galley_layout_keep(galley_status_t acc, galley_status_t st)
{
    return acc != GALLEY_STATUS_SUCCESS ? acc : st;
}

/* ---- numbers ------------------------------------------------------------- */

/* Reports V outside R at NODE in words a layout author reads easily. */
static galley_status_t out_of_range(const galley_json_node_t *node, galley_layout_range_t r,
                                    double v)
{
    if (isinf(r.hi))
        return galley_json_error(node, GALLEY_STATUS_INPUT_ERROR, "must be %s %g%s, found %g",
                                 r.lo_open ? "more than" : "at least", r.lo, r.unit, v);
    if (r.lo_open)
        return galley_json_error(node, GALLEY_STATUS_INPUT_ERROR,
                                 "must be more than %g and at most %g%s, found %g", r.lo, r.hi,
                                 r.unit, v);
    return galley_json_error(node, GALLEY_STATUS_INPUT_ERROR,
                             "must be between %g and %g%s, found %g", r.lo, r.hi, r.unit, v);
}

/* Reads member KEY of PARENT as a number in R; leaves *OUT when absent. */
galley_status_t galley_layout_number(const galley_json_node_t *parent, const char *key,
                                     int required, galley_layout_range_t r, double *out)
{
    galley_json_node_t n = galley_json_member(parent, key);
    double v = *out;
    galley_status_t st = galley_json_number(&n, required, &v);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    if (v > r.hi || v < r.lo || (r.lo_open && v == r.lo))
        return out_of_range(&n, r, v);
    *out = v;
    return st;
}

/* Reads member KEY as a whole number from LO to HI. */
galley_status_t galley_layout_int(const galley_json_node_t *parent, const char *key, int lo, int hi,
                                  int *out)
{
    galley_json_node_t n = galley_json_member(parent, key);
    int v = *out;
    galley_status_t st = galley_json_int(&n, 0, &v);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    if (v < lo || v > hi)
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "must be a whole number from %d to %d, found %d", lo, hi, v);
    *out = v;
    return st;
}

static const galley_layout_range_t SIZE_PT = {1, 400, 0, " pt"};
static const galley_layout_range_t LEADING_PT = {1, 1000, 0, " pt"};
static const galley_layout_range_t SPACE_PT = {0, 1000, 0, " pt"};
static const galley_layout_range_t KOREAN_SCALE = {0.5, 2, 0, ""};
static const galley_layout_range_t TRACKING = {-1000, 1000, 0, " thousandths of an em"};

/* ---- styles -------------------------------------------------------------- */

/* Parses "#rrggbb" into RGB 0..1; returns 0 when it is not one. */
static int parse_color(const char *s, double rgb[3])
{
    if (strlen(s) != 7 || s[0] != '#' || strspn(s + 1, "0123456789abcdefABCDEF") != 6)
        return 0;
    for (int i = 0; i < 3; i++) {
        char hex[3] = {s[1 + 2 * i], s[2 + 2 * i], 0};
        rgb[i] = strtol(hex, NULL, 16) / 255.0;
    }
    return 1;
}

/* Sets every line-breaking parameter to its default. */
void galley_linebreak_defaults(galley_linebreak_t *lb)
{
    for (size_t i = 0; i < N_LINEBREAK_PARAMS; i++)
        *(double *)((char *)lb + LINEBREAK_PARAMS[i].offset) = LINEBREAK_PARAMS[i].value;
}

/* Starts style ID from the defaults table, taking AS_BODY values from BODY. */
static int style_from_defaults(galley_style_id_t id, const galley_style_t *body, galley_style_t *s)
{
    const style_default_t *d = &STYLE_DEFAULTS[id];
    s->family = strdup(d->family ? d->family : body->family);
    s->size = isnan(d->size) ? body->size : d->size;
    s->leading = isnan(d->leading) ? body->leading : d->leading;
    s->weight = d->weight < 0 ? body->weight : d->weight;
    s->italic = d->italic < 0 ? body->italic : d->italic;
    if (!d->color || !parse_color(d->color, s->color))
        memcpy(s->color, body->color, sizeof s->color);
    s->tracking = isnan(d->tracking) ? body->tracking : d->tracking;
    s->align = d->align < 0 ? body->align : (galley_align_t)d->align;
    s->hyphenate = d->hyphenate < 0 ? body->hyphenate : d->hyphenate;
    s->uppercase = d->uppercase < 0 ? body->uppercase : d->uppercase;
    s->keep_lines = d->keep_lines;
    s->space_before = isnan(d->space_before) ? body->space_before : d->space_before;
    s->space_after = isnan(d->space_after) ? body->space_after : d->space_after;
    s->indent = isnan(d->indent) ? body->indent : d->indent;
    s->korean_scale = id == GALLEY_STYLE_BODY ? 1.0 : body->korean_scale;
    if (id == GALLEY_STYLE_BODY)
        galley_linebreak_defaults(&s->linebreak);
    else
        s->linebreak = body->linebreak;
    if (id == GALLEY_STYLE_HEADLINE || id == GALLEY_STYLE_DECK || id == GALLEY_STYLE_SUBHEAD)
        s->linebreak.balance = 1;
    /* The furniture's defaults: a pull quote between two rules, in marks; a
     * bullet before each related headline. */
    s->rule = id == GALLEY_STYLE_QUOTE ? 0.75 : 0;
    s->marks = id == GALLEY_STYLE_QUOTE;
    s->marker = id == GALLEY_STYLE_RELATED ? strdup("\u2022 ") : NULL;
    s->korean_family = NULL; /* the family; a layout names a Korean face for its heads */
    s->korean_weight = 0;
    s->korean_leading = 0; /* the leading; a layout gives Korean text its own */
    /* bold shows in any face; Gothic would not in a style whose Korean face is Gothic */
    s->korean_emphasis = GALLEY_KOREAN_EMPHASIS_BOLD;
    s->korean_figures = NULL; /* style_korean_figures fills it when the keys are read */
    return s->family != NULL && (id != GALLEY_STYLE_RELATED || s->marker);
}

/* The style a translation's head style takes its letters from: the
 * headline's for translation_headline, the deck's for translation_deck; NULL
 * for the others. */
static const galley_style_t *style_base(galley_style_id_t id, const galley_layout_t *l)
{
    if (id == GALLEY_STYLE_TRANSLATION_HEADLINE)
        return &l->styles[GALLEY_STYLE_HEADLINE];
    if (id == GALLEY_STYLE_TRANSLATION_DECK)
        return &l->styles[GALLEY_STYLE_DECK];
    return NULL;
}

/* Gives S the letters of BASE (family, weight, slant, colour, tracking, Korean
 * scale, face and emphasis, line breaking), so a translation's head is set as the layout sets
 * its headline and deck, only smaller. Returns 0 when out of memory. */
static int style_inherit(galley_style_t *s, const galley_style_t *base)
{
    free(s->family);
    s->family = base->family ? strdup(base->family) : NULL;
    s->weight = base->weight;
    s->italic = base->italic;
    memcpy(s->color, base->color, sizeof s->color);
    s->tracking = base->tracking;
    s->korean_scale = base->korean_scale;
    free(s->korean_family);
    s->korean_family = base->korean_family ? strdup(base->korean_family) : NULL;
    s->korean_weight = base->korean_weight;
    s->korean_emphasis = base->korean_emphasis;
    free(s->korean_figures);
    s->korean_figures = base->korean_figures ? strdup(base->korean_figures) : NULL;
    s->linebreak = base->linebreak;
    s->linebreak.balance = 1;
    return s->family != NULL && (!base->korean_family || s->korean_family) &&
           (!base->korean_figures || s->korean_figures);
}

/* "linebreak": overrides of the parameters, each checked against its range. */
static galley_status_t get_linebreak(const galley_json_node_t *style, galley_style_t *s)
{
    galley_json_node_t n = galley_json_member(style, "linebreak");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    const char *names[N_LINEBREAK_PARAMS + 1];
    for (size_t i = 0; i < N_LINEBREAK_PARAMS; i++)
        names[i] = LINEBREAK_PARAMS[i].name;
    names[N_LINEBREAK_PARAMS] = NULL;
    galley_json_check_fields(&n, names);
    for (size_t i = 0; i < N_LINEBREAK_PARAMS; i++) {
        galley_layout_range_t r = {LINEBREAK_PARAMS[i].lo, LINEBREAK_PARAMS[i].hi, 0, ""};
        double *v = (double *)((char *)&s->linebreak + LINEBREAK_PARAMS[i].offset);
        st = galley_layout_keep(st, galley_layout_number(&n, LINEBREAK_PARAMS[i].name, 0, r, v));
    }
    return st;
}

/* Member KEY of STYLE as a string into *OUT (the old one freed); an empty
 * one is refused as EMPTY says when EMPTY is not NULL. */
static galley_status_t get_string(const galley_json_node_t *style, const char *key,
                                  const char *empty, char **out)
{
    galley_json_node_t n = galley_json_member(style, key);
    galley_text_t t;
    galley_status_t st = galley_json_text(&n, 0, 0, &t);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    if (empty && galley_text_is_empty(&t)) {
        galley_text_fini(&t);
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR, "%s", empty);
    }
    free(*out);
    *out = t.text;
    free(t.spans);
    return st;
}

/* "family": a non-empty Pango family list. */
static galley_status_t get_family(const galley_json_node_t *style, galley_style_t *s)
{
    return get_string(style, "family", "the font family is empty", &s->family);
}

/* "color": "#rrggbb". */
static galley_status_t get_color(const galley_json_node_t *style, galley_style_t *s)
{
    galley_json_node_t n = galley_json_member(style, "color");
    const char *c = NULL;
    galley_status_t st = galley_json_string(&n, 0, &c);
    if (st != GALLEY_STATUS_SUCCESS || !c)
        return st;
    if (!parse_color(c, s->color))
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "expected a colour like \"#a4121b\" (#rrggbb), found \"%s\"", c);
    return st;
}

/* Member KEY of STYLE, one of the NULL-ended NAMES, as its index into *OUT;
 * anything else is refused listing them ("expected "a", "b" or "c""). */
galley_status_t galley_layout_choice(const galley_json_node_t *style, const char *key,
                                     const char *const *names, int *out)
{
    galley_json_node_t n = galley_json_member(style, key);
    const char *a = NULL;
    galley_status_t st = galley_json_string(&n, 0, &a);
    if (st != GALLEY_STATUS_SUCCESS || !a)
        return st;
    char list[160] = "";
    size_t used = 0;
    for (int i = 0; names[i]; i++) {
        if (!strcmp(a, names[i])) {
            *out = i;
            return st;
        }
        const char *sep = i == 0 ? "" : names[i + 1] ? ", " : " or ";
        int w = snprintf(list + used, sizeof list - used, "%s\"%s\"", sep, names[i]);
        if (w > 0 && (size_t)w < sizeof list - used)
            used += (size_t)w;
    }
    return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR, "expected %s, found \"%s\"", list, a);
}

/* "align": left, right, center or justify. */
static galley_status_t get_align(const galley_json_node_t *style, galley_style_t *s)
{
    int v = (int)s->align;
    galley_status_t st = galley_layout_choice(style, "align", ALIGN_NAMES, &v);
    s->align = (galley_align_t)v;
    return st;
}

/* "korean_emphasis": bold or gothic. */
static galley_status_t get_korean_emphasis(const galley_json_node_t *style, galley_style_t *s)
{
    int v = (int)s->korean_emphasis;
    galley_status_t st = galley_layout_choice(style, "korean_emphasis", KOREAN_EMPHASIS_NAMES, &v);
    s->korean_emphasis = (galley_korean_emphasis_t)v;
    return st;
}

/* The keys of a style about the letters: family, size, weight, slant, case. */
static galley_status_t get_type_keys(const galley_json_node_t *n, galley_style_t *s)
{
    galley_json_node_t italic = galley_json_member(n, "italic");
    galley_json_node_t hyphenate = galley_json_member(n, "hyphenate");
    galley_json_node_t uppercase = galley_json_member(n, "uppercase");
    galley_status_t st = get_family(n, s);
    st = galley_layout_keep(st, galley_layout_number(n, "size", 0, SIZE_PT, &s->size));
    st = galley_layout_keep(st, galley_layout_int(n, "weight", 100, 900, &s->weight));
    st = galley_layout_keep(st, galley_json_bool(&italic, 0, &s->italic));
    st = galley_layout_keep(st, galley_layout_number(n, "tracking", 0, TRACKING, &s->tracking));
    st = galley_layout_keep(
        st, galley_layout_number(n, "korean_scale", 0, KOREAN_SCALE, &s->korean_scale));
    st = galley_layout_keep(
        st, get_string(n, "korean_family", "the Korean font family is empty", &s->korean_family));
    st = galley_layout_keep(st, galley_layout_int(n, "korean_weight", 100, 900, &s->korean_weight));
    st = galley_layout_keep(st, get_korean_emphasis(n, s));
    st = galley_layout_keep(st, get_string(n, "korean_figures",
                                           "the Korean figures' font family is empty",
                                           &s->korean_figures));
    st = galley_layout_keep(st, galley_json_bool(&hyphenate, 0, &s->hyphenate));
    st = galley_layout_keep(st, galley_json_bool(&uppercase, 0, &s->uppercase));
    return galley_layout_keep(st, get_color(n, s));
}

/* The keys of a style about its furniture: rules, quotation marks, marker. */
static galley_status_t get_furniture_keys(const galley_json_node_t *n, galley_style_t *s)
{
    static const galley_layout_range_t RULE_PT = {0, 20, 0, " pt"};
    galley_json_node_t marks = galley_json_member(n, "marks");
    galley_status_t st = galley_layout_number(n, "rule", 0, RULE_PT, &s->rule);
    st = galley_layout_keep(st, galley_json_bool(&marks, 0, &s->marks));
    return galley_layout_keep(st, get_string(n, "marker", NULL, &s->marker));
}

/* The keys of a style about the paragraph: leading, alignment, spacing. */
static galley_status_t get_paragraph_keys(const galley_json_node_t *n, galley_style_t *s)
{
    galley_json_node_t keep_lines = galley_json_member(n, "keep_lines");
    galley_status_t st = galley_layout_number(n, "leading", 0, LEADING_PT, &s->leading);
    st = galley_layout_keep(
        st, galley_layout_number(n, "korean_leading", 0, LEADING_PT, &s->korean_leading));
    st = galley_layout_keep(st, galley_json_bool(&keep_lines, 0, &s->keep_lines));
    st = galley_layout_keep(st, get_align(n, s));
    st = galley_layout_keep(st,
                            galley_layout_number(n, "space_before", 0, SPACE_PT, &s->space_before));
    st = galley_layout_keep(st,
                            galley_layout_number(n, "space_after", 0, SPACE_PT, &s->space_after));
    return galley_layout_keep(st, galley_layout_number(n, "indent", 0, SPACE_PT, &s->indent));
}

/* The first family of the comma-separated list FAMILY is NAME (case aside). */
static int family_starts_with(const char *family, const char *name)
{
    size_t len = strlen(name);
    family += strspn(family, " ");
    return !strncasecmp(family, name, len) &&
           strspn(family + len, " ") == strcspn(family + len, ",");
}

/* Fills S's korean_figures when the layout gives none: its korean_family
 * (a Korean text drawn whole in it), else the Korean face of its family's
 * design class (KOREAN_FIGURES), else none (NULL: the family). Returns 0
 * when out of memory. */
static int style_korean_figures(galley_style_t *s)
{
    const char *korean = s->korean_family;
    for (size_t i = 0; !korean && i < sizeof KOREAN_FIGURES / sizeof *KOREAN_FIGURES; i++)
        if (family_starts_with(s->family, KOREAN_FIGURES[i].family))
            korean = KOREAN_FIGURES[i].korean;
    if (s->korean_figures || !korean)
        return 1;
    return (s->korean_figures = strdup(korean)) != NULL;
}

/* The keys of styles.NAME (N) over S's defaults. */
static galley_status_t load_style_keys(const galley_json_node_t *n, galley_style_t *s)
{
    galley_status_t st = galley_json_object(n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(n))
        return st;
    galley_json_check_fields(n, STYLE_FIELDS);
    st = get_type_keys(n, s);
    st = galley_layout_keep(st, get_linebreak(n, s));
    st = galley_layout_keep(st, get_furniture_keys(n, s));
    return galley_layout_keep(st, get_paragraph_keys(n, s));
}

/* Builds style ID: defaults, then what styles.NAME in the file says, then
 * the defaults that follow from its keys (korean_figures). */
static galley_status_t load_style(const galley_json_node_t *styles, galley_style_id_t id,
                                  galley_layout_t *l)
{
    galley_json_node_t n = galley_json_member(styles, STYLE_NAMES[id]);
    galley_style_t *s = &l->styles[id];
    const galley_style_t *base = style_base(id, l);
    if (!style_from_defaults(id, &l->styles[GALLEY_STYLE_BODY], s) ||
        (base && !style_inherit(s, base)))
        return galley_json_error(&n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    galley_status_t st = load_style_keys(&n, s);
    if (s->family && !style_korean_figures(s))
        return galley_json_error(&n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    return st;
}

/* "styles": the body first, since other styles default to its values. */
galley_status_t galley_layout_load_styles(const galley_json_node_t *root, galley_layout_t *l)
{
    galley_json_node_t n = galley_json_member(root, "styles");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    galley_json_check_fields(&n, STYLE_NAMES);
    st = load_style(&n, GALLEY_STYLE_BODY, l);
    if (st != GALLEY_STATUS_SUCCESS && !l->styles[GALLEY_STYLE_BODY].family)
        return st;
    for (int id = 0; id < GALLEY_STYLE_COUNT; id++)
        if (id != GALLEY_STYLE_BODY)
            st = galley_layout_keep(st, load_style(&n, (galley_style_id_t)id, l));
    return st;
}

/* ---- the headline ladder ------------------------------------------------- */

/* The ladder's sizes: name, where it lives, default as a fraction of the
 * headline style's size, help. docs/layout.md lists the same table. */
#define HL(field) offsetof(galley_headline_ladder_t, field)
static const struct {
    const char *name;
    size_t offset;
    double of_headline;
    const char *help;
} LADDER_SIZES[] = {
    {"lead", HL(lead), 1.0, "the top story's headline, pt"},
    {"secondary", HL(secondary), 0.7, "every other story's headline, pt"},
    {"brief", HL(brief), 0.4, "a brief's headline, pt"},
    {"min", HL(min), 0.3, "the smallest a headline is copyfitted to, pt"},
};
/* The ladder's counts: name, where it lives, default, range. */
static const struct {
    const char *name;
    size_t offset;
    int value, lo, hi;
} LADDER_COUNTS[] = {
    {"lead_words", HL(lead_words), 250, 0, 1000000},
    {"brief_words", HL(brief_words), 200, 0, 1000000},
    {"brief_columns", HL(brief_columns), 2, 1, 64},
};
#undef HL
#define N_LADDER_SIZES (sizeof LADDER_SIZES / sizeof LADDER_SIZES[0])
#define N_LADDER_COUNTS (sizeof LADDER_COUNTS / sizeof LADDER_COUNTS[0])

/* Reads "headline_ladder" over its defaults (fractions of the headline
 * style's size, rounded to the half point). Its sizes must not climb: lead >=
 * secondary >= brief >= min. */
galley_status_t galley_layout_load_ladder(const galley_json_node_t *root, galley_layout_t *l)
{
    galley_headline_ladder_t *h = &l->ladder;
    double head = l->styles[GALLEY_STYLE_HEADLINE].size;
    for (size_t i = 0; i < N_LADDER_SIZES; i++)
        *(double *)((char *)h + LADDER_SIZES[i].offset) =
            fmax(1, round(head * LADDER_SIZES[i].of_headline * 2) / 2);
    for (size_t i = 0; i < N_LADDER_COUNTS; i++)
        *(int *)((char *)h + LADDER_COUNTS[i].offset) = LADDER_COUNTS[i].value;
    galley_json_node_t n = galley_json_member(root, "headline_ladder");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    const char *names[N_LADDER_SIZES + N_LADDER_COUNTS + 1];
    for (size_t i = 0; i < N_LADDER_SIZES; i++)
        names[i] = LADDER_SIZES[i].name;
    for (size_t i = 0; i < N_LADDER_COUNTS; i++)
        names[N_LADDER_SIZES + i] = LADDER_COUNTS[i].name;
    names[N_LADDER_SIZES + N_LADDER_COUNTS] = NULL;
    galley_json_check_fields(&n, names);
    for (size_t i = 0; i < N_LADDER_SIZES; i++)
        st = galley_layout_keep(
            st, galley_layout_number(&n, LADDER_SIZES[i].name, 0, SIZE_PT,
                                     (double *)((char *)h + LADDER_SIZES[i].offset)));
    for (size_t i = 0; i < N_LADDER_COUNTS; i++)
        st =
            galley_layout_keep(st, galley_layout_int(&n, LADDER_COUNTS[i].name, LADDER_COUNTS[i].lo,
                                                     LADDER_COUNTS[i].hi,
                                                     (int *)((char *)h + LADDER_COUNTS[i].offset)));
    if (st == GALLEY_STATUS_SUCCESS &&
        !(h->lead >= h->secondary && h->secondary >= h->brief && h->brief >= h->min))
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "the sizes must not climb: lead %g >= secondary %g >= brief %g "
                                 ">= min %g",
                                 h->lead, h->secondary, h->brief, h->min);
    return st;
}

/* The ladder's rung for an article of WORDS words at RANK (-1: alone, ranked
 * by its length): a brief's size under brief_words, else the lead's for the
 * top story (or a single article of lead_words), else the secondary's. */
double galley_layout_headline_size(const galley_layout_t *layout, int rank, size_t words)
{
    const galley_headline_ladder_t *h = &layout->ladder;
    if (words < (size_t)h->brief_words)
        return h->brief;
    if (rank == 0 || (rank < 0 && words >= (size_t)h->lead_words))
        return h->lead;
    return h->secondary;
}
