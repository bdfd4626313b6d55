/* layout.c: the layout model and its validation.
 *
 * Owns: reading a page template (docs/layout.md) into galley_layout_t, every
 * default of a layout in one place (LAYOUT_DEFAULTS and STYLE_DEFAULTS below),
 * the checks that the page geometry is possible, and millimetres to points.
 * Errors name the file, line:column and field ("styles.body.size").
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "layout.h"
#include "json.h"
#include "input.h"

#include <dirent.h>
#include <sys/stat.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GALLEY_DATADIR
#define GALLEY_DATADIR "."
#endif

#define MM (72.0 / 25.4) /* points per millimetre */

/* Sane geometry: smaller pages and narrower columns are mistakes (a zero
 * left out, inches for millimetres), and would only make every word its own
 * line or every line its own page. */
#define MIN_PAGE_MM 10.0
#define MIN_COLUMN_MM 10.0

/* Page keys' defaults (mm unless said). page.width and page.height have none.
 * grid defaults to styles.body.leading, photo.columns to half the columns
 * rounded up, deck_columns to all columns but one. */
static const struct {
    double margin_top, margin_bottom, margin_inside, margin_outside;
    int columns;
    double gutter, bleed;
    double photo_max_height; /* fraction of the body area's height */
    double slug;             /* mm outside the bleed for marks and the slug line */
    double min_ppi;          /* photos under this resolution get a warning */
} LAYOUT_DEFAULTS = {14, 16, 13, 13, 5, 4, 3, 0.45, 12, 200};

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
};

#undef L
#undef R

/* Style names in file order, NULL-ended, as the styles object spells them. */
static const char *const STYLE_NAMES[GALLEY_STYLE_COUNT + 1] = {
    "kicker", "headline", "deck",   "byline",  "dateline", "body",  "subhead",
    "quote",  "caption",  "credit", "related", "note",     "folio", NULL};

static const char *const LAYOUT_FIELDS[] = {
    "name",  "page",         "margins", "columns", "gutter",  "grid",     "bleed",
    "photo", "deck_columns", "styles",  "slug",    "min_ppi", "parallel", NULL};
static const char *const PARALLEL_FIELDS[] = {"lang", "split", "headline", "interlinear", NULL};
static const char *const PAGE_FIELDS[] = {"width", "height", NULL};
static const char *const MARGIN_FIELDS[] = {"top", "bottom", "inside", "outside", NULL};
static const char *const PHOTO_FIELDS[] = {"columns", "max_height", NULL};
static const char *const STYLE_FIELDS[] = {
    "family",       "size",       "leading",   "weight",       "italic",      "color",  "tracking",
    "align",        "hyphenate",  "uppercase", "space_before", "space_after", "indent", "linebreak",
    "korean_scale", "keep_lines", NULL};

/* The line-breaking parameters: name, where it lives, default, range, help.
 * docs/layout.md lists the same table. */
#define LB(field) offsetof(galley_linebreak_t, field)
static const struct {
    const char *name;
    size_t offset;
    double value, lo, hi;
    const char *help;
} LINEBREAK_PARAMS[] = {
    {"tolerance", LB(tolerance), 1.5, 0, 100, "loosest adjustment ratio of the first pass"},
    {"emergency", LB(emergency), 10, 0, 1000, "loosest ratio before words are cut"},
    {"line_penalty", LB(line_penalty), 10, 0, 10000, "added to each line's badness"},
    {"hyphen_penalty", LB(hyphen_penalty), 50, 0, 10000, "cost of a line ending in a hyphen"},
    {"double_hyphen", LB(double_hyphen), 3000, 0, 1e6, "demerits for two hyphens in a row"},
    {"fitness_jump", LB(fitness_jump), 3000, 0, 1e6, "demerits for a loose line by a tight one"},
    {"space_stretch", LB(space_stretch), 0.5, 0, 10, "word space stretch, fraction of a space"},
    {"space_shrink", LB(space_shrink), 0.25, 0, 0.9, "word space shrink, fraction of a space"},
    {"letter_stretch", LB(letter_stretch), 0.05, 0, 0.2, "letter spacing added, fraction of an em"},
    {"letter_shrink", LB(letter_shrink), 0.02, 0, 0.1, "letter spacing removed, fraction of an em"},
    {"syllable_stretch", LB(syllable_stretch), 0.08, 0, 0.3,
     "Korean syllable spacing added with the word spaces, fraction of an em"},
    {"syllable_shrink", LB(syllable_shrink), 0.03, 0, 0.1,
     "Korean syllable spacing removed with the word spaces, fraction of an em"},
    {"glyph_stretch", LB(glyph_stretch), 0.02, 0, 0.1, "glyphs set wider, fraction of their width"},
    {"glyph_shrink", LB(glyph_shrink), 0.02, 0, 0.1,
     "glyphs set narrower, fraction of their width"},
    {"max_hyphens", LB(max_hyphens), 2, 0, 100, "hyphenated lines allowed in a row"},
    {"hyphen_min_word", LB(hyphen_min_word), 6, 2, 60, "shortest word hyphenated, letters"},
    {"hyphen_left", LB(hyphen_left), 2, 1, 30, "letters kept before a hyphen"},
    {"hyphen_right", LB(hyphen_right), 3, 1, 30, "letters carried after a hyphen"},
    {"last_line_min", LB(last_line_min), 0.2, 0, 1, "fraction of the measure a last line fills"},
    {"korean_syllables", LB(korean_syllables), 0, 0, 1, "1: Korean breaks between syllables"},
    {"syllable_penalty", LB(syllable_penalty), 400, 0, 10000,
     "cost of cutting a Korean word between syllables"},
    {"syllable_left", LB(syllable_left), 2, 1, 10, "letters kept before a Korean word's cut"},
    {"syllable_right", LB(syllable_right), 1, 1, 10, "letters carried after a Korean word's cut"},
    {"max_cuts", LB(max_cuts), 2, 0, 100, "lines in a row ending in a cut Korean word"},
    {"hanging", LB(hanging), 1, 0, 1, "1: punctuation hangs into the margins"},
    {"balance", LB(balance), 0, 0, 1, "1: even lines, for headlines and decks"},
};
#undef LB
#define N_LINEBREAK_PARAMS (sizeof LINEBREAK_PARAMS / sizeof LINEBREAK_PARAMS[0])

static const char *const ALIGN_NAMES[] = {"left", "right", "center", "justify", NULL};

/* The style's name in layout files and --boxes. */
const char *galley_style_name(galley_style_id_t id)
{
    return id < GALLEY_STYLE_COUNT ? STYLE_NAMES[id] : "unknown";
}

/* Width of one column in points. */
double galley_layout_column_width(const galley_layout_t *layout)
{
    double room = layout->page_width - layout->margin_inside - layout->margin_outside;
    return (room - (layout->columns - 1) * layout->gutter) / layout->columns;
}

/* Keeps the first error of a sequence of steps that all run. */
static galley_status_t keep(galley_status_t acc, galley_status_t st)
{
    return acc != GALLEY_STATUS_SUCCESS ? acc : st;
}

/* ---- numbers ------------------------------------------------------------- */

/* A number range and its unit for messages: LO < v (LO_OPEN) or LO <= v, v <= HI. */
typedef struct {
    double lo, hi;
    int lo_open;
    const char *unit;
} range_t;

/* Reports V outside R at NODE in words a layout author reads easily. */
static galley_status_t out_of_range(const galley_json_node_t *node, range_t r, double v)
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
static galley_status_t get_number(const galley_json_node_t *parent, const char *key, int required,
                                  range_t r, double *out)
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

/* Reads a length in millimetres into points. */
static galley_status_t get_mm(const galley_json_node_t *parent, const char *key, int required,
                              range_t r, double *out_pt)
{
    double mm = NAN;
    galley_status_t st = get_number(parent, key, required, r, &mm);
    if (!isnan(mm))
        *out_pt = mm * MM;
    return st;
}

/* Reads member KEY as a whole number from LO to HI. */
static galley_status_t get_int(const galley_json_node_t *parent, const char *key, int lo, int hi,
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

static const range_t PAGE_MM = {MIN_PAGE_MM, 5000, 0, " mm"};
static const range_t LENGTH_MM = {0, 5000, 0, " mm"};
static const range_t BLEED_MM = {0, 50, 0, " mm"};
static const range_t SLUG_MM = {5, 50, 0, " mm"};
static const range_t PPI = {1, 5000, 0, " ppi"};
static const range_t FRACTION = {0, 1, 1, ""};
static const range_t SIZE_PT = {1, 400, 0, " pt"};
static const range_t LEADING_PT = {1, 1000, 0, " pt"};
static const range_t SPACE_PT = {0, 1000, 0, " pt"};
static const range_t KOREAN_SCALE = {0.5, 2, 0, ""};
static const range_t TRACKING = {-1000, 1000, 0, " thousandths of an em"};

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
    if (id == GALLEY_STYLE_HEADLINE || id == GALLEY_STYLE_DECK)
        s->linebreak.balance = 1;
    return s->family != NULL;
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
        range_t r = {LINEBREAK_PARAMS[i].lo, LINEBREAK_PARAMS[i].hi, 0, ""};
        double *v = (double *)((char *)&s->linebreak + LINEBREAK_PARAMS[i].offset);
        st = keep(st, get_number(&n, LINEBREAK_PARAMS[i].name, 0, r, v));
    }
    return st;
}

/* "family": a non-empty Pango family list. */
static galley_status_t get_family(const galley_json_node_t *style, galley_style_t *s)
{
    galley_json_node_t n = galley_json_member(style, "family");
    galley_text_t t;
    galley_status_t st = galley_json_text(&n, 0, 0, &t);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    if (galley_text_is_empty(&t)) {
        galley_text_fini(&t);
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR, "the font family is empty");
    }
    free(s->family);
    s->family = t.text;
    free(t.spans);
    return st;
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

/* "align": left, right, center or justify. */
static galley_status_t get_align(const galley_json_node_t *style, galley_style_t *s)
{
    galley_json_node_t n = galley_json_member(style, "align");
    const char *a = NULL;
    galley_status_t st = galley_json_string(&n, 0, &a);
    if (st != GALLEY_STATUS_SUCCESS || !a)
        return st;
    for (int i = 0; ALIGN_NAMES[i]; i++)
        if (!strcmp(a, ALIGN_NAMES[i])) {
            s->align = (galley_align_t)i;
            return st;
        }
    return galley_json_error(
        &n, GALLEY_STATUS_INPUT_ERROR,
        "expected \"left\", \"right\", \"center\" or \"justify\", found \"%s\"", a);
}

/* The keys of a style about the letters: family, size, weight, slant, case. */
static galley_status_t get_type_keys(const galley_json_node_t *n, galley_style_t *s)
{
    galley_json_node_t italic = galley_json_member(n, "italic");
    galley_json_node_t hyphenate = galley_json_member(n, "hyphenate");
    galley_json_node_t uppercase = galley_json_member(n, "uppercase");
    galley_status_t st = get_family(n, s);
    st = keep(st, get_number(n, "size", 0, SIZE_PT, &s->size));
    st = keep(st, get_int(n, "weight", 100, 900, &s->weight));
    st = keep(st, galley_json_bool(&italic, 0, &s->italic));
    st = keep(st, get_number(n, "tracking", 0, TRACKING, &s->tracking));
    st = keep(st, get_number(n, "korean_scale", 0, KOREAN_SCALE, &s->korean_scale));
    st = keep(st, galley_json_bool(&hyphenate, 0, &s->hyphenate));
    st = keep(st, galley_json_bool(&uppercase, 0, &s->uppercase));
    return keep(st, get_color(n, s));
}

/* The keys of a style about the paragraph: leading, alignment, spacing. */
static galley_status_t get_paragraph_keys(const galley_json_node_t *n, galley_style_t *s)
{
    galley_json_node_t keep_lines = galley_json_member(n, "keep_lines");
    galley_status_t st = get_number(n, "leading", 0, LEADING_PT, &s->leading);
    st = keep(st, galley_json_bool(&keep_lines, 0, &s->keep_lines));
    st = keep(st, get_align(n, s));
    st = keep(st, get_number(n, "space_before", 0, SPACE_PT, &s->space_before));
    st = keep(st, get_number(n, "space_after", 0, SPACE_PT, &s->space_after));
    return keep(st, get_number(n, "indent", 0, SPACE_PT, &s->indent));
}

/* Builds style ID: defaults, then what styles.NAME in the file says. */
static galley_status_t load_style(const galley_json_node_t *styles, galley_style_id_t id,
                                  galley_layout_t *l)
{
    galley_json_node_t n = galley_json_member(styles, STYLE_NAMES[id]);
    galley_style_t *s = &l->styles[id];
    if (!style_from_defaults(id, &l->styles[GALLEY_STYLE_BODY], s))
        return galley_json_error(&n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    galley_json_check_fields(&n, STYLE_FIELDS);
    st = get_type_keys(&n, s);
    st = keep(st, get_linebreak(&n, s));
    return keep(st, get_paragraph_keys(&n, s));
}

/* "styles": the body first, since other styles default to its values. */
static galley_status_t load_styles(const galley_json_node_t *root, galley_layout_t *l)
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
            st = keep(st, load_style(&n, (galley_style_id_t)id, l));
    return st;
}

/* ---- page geometry ------------------------------------------------------- */

/* "page" (required) and "margins", in millimetres. */
static galley_status_t load_page(const galley_json_node_t *root, galley_layout_t *l)
{
    galley_json_node_t page = galley_json_member(root, "page");
    galley_json_node_t margins = galley_json_member(root, "margins");
    galley_status_t st = galley_json_object(&page, 1);
    if (st == GALLEY_STATUS_SUCCESS) {
        galley_json_check_fields(&page, PAGE_FIELDS);
        st = get_mm(&page, "width", 1, PAGE_MM, &l->page_width);
        st = keep(st, get_mm(&page, "height", 1, PAGE_MM, &l->page_height));
    }
    l->margin_top = LAYOUT_DEFAULTS.margin_top * MM;
    l->margin_bottom = LAYOUT_DEFAULTS.margin_bottom * MM;
    l->margin_inside = LAYOUT_DEFAULTS.margin_inside * MM;
    l->margin_outside = LAYOUT_DEFAULTS.margin_outside * MM;
    galley_status_t mst = galley_json_object(&margins, 0);
    if (mst == GALLEY_STATUS_SUCCESS) {
        galley_json_check_fields(&margins, MARGIN_FIELDS);
        mst = get_mm(&margins, "top", 0, LENGTH_MM, &l->margin_top);
        mst = keep(mst, get_mm(&margins, "bottom", 0, LENGTH_MM, &l->margin_bottom));
        mst = keep(mst, get_mm(&margins, "inside", 0, LENGTH_MM, &l->margin_inside));
        mst = keep(mst, get_mm(&margins, "outside", 0, LENGTH_MM, &l->margin_outside));
    }
    return keep(st, mst);
}

/* "columns", "gutter", "bleed". */
static galley_status_t load_columns(const galley_json_node_t *root, galley_layout_t *l)
{
    l->columns = LAYOUT_DEFAULTS.columns;
    l->gutter = LAYOUT_DEFAULTS.gutter * MM;
    l->bleed = LAYOUT_DEFAULTS.bleed * MM;
    l->slug = LAYOUT_DEFAULTS.slug * MM;
    l->min_ppi = LAYOUT_DEFAULTS.min_ppi;
    galley_status_t st = get_int(root, "columns", 1, 20, &l->columns);
    st = keep(st, get_mm(root, "gutter", 0, LENGTH_MM, &l->gutter));
    st = keep(st, get_mm(root, "slug", 0, SLUG_MM, &l->slug));
    st = keep(st, get_number(root, "min_ppi", 0, PPI, &l->min_ppi));
    return keep(st, get_mm(root, "bleed", 0, BLEED_MM, &l->bleed));
}

/* "grid", "photo" and "deck_columns": their defaults follow other keys. */
static galley_status_t load_spans(const galley_json_node_t *root, galley_layout_t *l)
{
    galley_json_node_t photo = galley_json_member(root, "photo");
    l->grid = l->styles[GALLEY_STYLE_BODY].leading;
    l->photo_columns = (l->columns + 1) / 2;
    l->photo_max_height = LAYOUT_DEFAULTS.photo_max_height;
    l->deck_columns = l->columns > 1 ? l->columns - 1 : 1;
    galley_status_t st = get_number(root, "grid", 0, LEADING_PT, &l->grid);
    st = keep(st, get_int(root, "deck_columns", 1, l->columns, &l->deck_columns));
    galley_status_t pst = galley_json_object(&photo, 0);
    if (pst == GALLEY_STATUS_SUCCESS) {
        galley_json_check_fields(&photo, PHOTO_FIELDS);
        pst = get_int(&photo, "columns", 1, l->columns, &l->photo_columns);
        pst = keep(pst, get_number(&photo, "max_height", 0, FRACTION, &l->photo_max_height));
    }
    return keep(st, pst);
}

/* "parallel": the article in the first SPLIT columns, its translation into
 * LANG in the rest (docs/layout.md). */
static galley_status_t load_parallel(const galley_json_node_t *root, galley_layout_t *l)
{
    galley_json_node_t n = galley_json_member(root, "parallel");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    galley_json_check_fields(&n, PARALLEL_FIELDS);
    galley_json_node_t lang = galley_json_member(&n, "lang");
    galley_json_node_t head = galley_json_member(&n, "headline");
    galley_json_node_t inter = galley_json_member(&n, "interlinear");
    const char *lg = NULL, *hd = NULL;
    if (l->columns < 2)
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "a parallel layout needs at least 2 columns, found %d",
                                 l->columns);
    l->parallel.split = l->columns / 2;
    st = get_int(&n, "split", 1, l->columns - 1, &l->parallel.split);
    st = keep(st, galley_json_string(&lang, 1, &lg));
    st = keep(st, galley_json_string(&head, 0, &hd));
    st = keep(st, galley_json_bool(&inter, 0, &l->parallel.interlinear));
    if (hd && strcmp(hd, "stacked") && strcmp(hd, "side-by-side"))
        st = keep(st,
                  galley_json_error(&head, GALLEY_STATUS_INPUT_ERROR,
                                    "expected \"stacked\" or \"side-by-side\", found \"%s\"", hd));
    l->parallel.side_by_side = hd && !strcmp(hd, "side-by-side");
    if (lg && !(l->parallel.lang = strdup(lg)))
        return GALLEY_STATUS_NO_MEMORY;
    if (st != GALLEY_STATUS_SUCCESS)
        l->parallel.split = 0;
    return st;
}

/* Checks that margins leave room and the columns fit between them. */
static galley_status_t check_fit(const galley_json_node_t *root, const galley_layout_t *l)
{
    galley_json_node_t margins = galley_json_member(root, "margins");
    galley_json_node_t columns = galley_json_member(root, "columns");
    double across = l->margin_inside + l->margin_outside;
    double down = l->margin_top + l->margin_bottom;
    if (across >= l->page_width)
        return galley_json_error(&margins, GALLEY_STATUS_INPUT_ERROR,
                                 "the inside and outside margins (%.4g mm) leave no room on a "
                                 "page %.4g mm wide",
                                 across / MM, l->page_width / MM);
    if (down >= l->page_height)
        return galley_json_error(&margins, GALLEY_STATUS_INPUT_ERROR,
                                 "the top and bottom margins (%.4g mm) leave no room on a page "
                                 "%.4g mm high",
                                 down / MM, l->page_height / MM);
    double column = galley_layout_column_width(l);
    if (column <= 0)
        return galley_json_error(&columns, GALLEY_STATUS_INPUT_ERROR,
                                 "%d columns with %.4g mm gutters do not fit in the %.4g mm "
                                 "between the margins",
                                 l->columns, l->gutter / MM, (l->page_width - across) / MM);
    if (column < MIN_COLUMN_MM * MM - 1e-9)
        return galley_json_error(&columns, GALLEY_STATUS_INPUT_ERROR,
                                 "%d columns with %.4g mm gutters are %.3g mm wide each; a column "
                                 "must be at least %g mm wide",
                                 l->columns, l->gutter / MM, column / MM, MIN_COLUMN_MM);
    return GALLEY_STATUS_SUCCESS;
}

/* Checks that one line of every style fits in the type area, and every
 * indent in a column: otherwise no page could ever hold that line. */
static galley_status_t check_styles_fit(const galley_json_node_t *root, const galley_layout_t *l)
{
    galley_json_node_t styles = galley_json_member(root, "styles");
    double area = l->page_height - l->margin_top - l->margin_bottom;
    double column = galley_layout_column_width(l);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (l->grid > area) {
        galley_json_node_t grid = galley_json_member(root, "grid");
        st = galley_json_error(&grid, GALLEY_STATUS_INPUT_ERROR,
                               "the baseline grid (%.4g pt) is taller than the type area "
                               "(%.4g pt between the top and bottom margins)",
                               l->grid, area);
    }
    for (int id = 0; id < GALLEY_STYLE_COUNT && st == GALLEY_STATUS_SUCCESS; id++) {
        const galley_style_t *s = &l->styles[id];
        galley_json_node_t style = galley_json_member(&styles, STYLE_NAMES[id]);
        galley_json_node_t leading = galley_json_member(&style, "leading");
        galley_json_node_t indent = galley_json_member(&style, "indent");
        double tallest = s->space_before + fmax(s->leading, s->size) + s->space_after;
        if (tallest > area)
            st = galley_json_error(&leading, GALLEY_STATUS_INPUT_ERROR,
                                   "one line of %s (%.4g pt with its size, leading and space "
                                   "before and after) is taller than the type area (%.4g pt "
                                   "between the top and bottom margins)",
                                   STYLE_NAMES[id], tallest, area);
        else if (s->indent >= column)
            st = galley_json_error(&indent, GALLEY_STATUS_INPUT_ERROR,
                                   "the indent (%.4g pt) is not less than the column width "
                                   "(%.4g pt)",
                                   s->indent, column);
    }
    return st;
}

/* The file name without folder and ".json": the default layout name. */
static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".json"))
        n -= 5;
    return strndup(base, n);
}

/* Loads every part of the layout from the root object. */
static galley_status_t load_root(const galley_json_node_t *root, galley_layout_t *l)
{
    if (!json_is_object(root->value))
        return galley_json_error(root, GALLEY_STATUS_INPUT_ERROR,
                                 "a layout is a JSON object { \"page\": ..., \"styles\": ... }, "
                                 "found %s",
                                 galley_json_kind(root->value));
    galley_json_check_fields(root, LAYOUT_FIELDS);
    galley_json_node_t name = galley_json_member(root, "name");
    galley_text_t t = {0};
    galley_status_t st = galley_json_text(&name, 0, 0, &t);
    l->name = galley_text_is_empty(&t) ? name_from_path(l->path) : strdup(t.text);
    galley_text_fini(&t);
    if (!l->name)
        return galley_json_error(root, GALLEY_STATUS_NO_MEMORY, "out of memory");
    galley_status_t geometry = load_page(root, l);
    geometry = keep(geometry, load_columns(root, l));
    st = keep(st, geometry);
    st = keep(st, load_styles(root, l));
    if (st == GALLEY_STATUS_SUCCESS)
        st = load_spans(root, l);
    if (st == GALLEY_STATUS_SUCCESS)
        st = load_parallel(root, l);
    if (geometry == GALLEY_STATUS_SUCCESS) {
        galley_status_t fit = check_fit(root, l);
        st = keep(st, fit);
        if (st == GALLEY_STATUS_SUCCESS)
            st = check_styles_fit(root, l);
    }
    return st;
}

/* ---- finding the file ---------------------------------------------------- */

int galley_layout_is_path(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n >= 5 && !strcmp(s + n - 5, ".json"));
}

/* Compares two C strings for qsort. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes the layouts in DIR as "a4, tabloid" into OUT. */
static void list_layouts(const char *dir, char *out, size_t size)
{
    char *names[64];
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && n < 64 && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".json") && e->d_name[0] != '.')
            if ((names[n] = strndup(e->d_name, len - 5)))
                n++;
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", i ? ", " : "", names[i]);
        free(names[i]);
    }
}

/* The file to read for NAME_OR_PATH; reports an unknown layout name. */
static galley_status_t layout_path(const char *name_or_path, const char *datadir, char **out,
                                   galley_diags_t *diags)
{
    *out = NULL;
    if (galley_layout_is_path(name_or_path)) {
        *out = strdup(name_or_path);
        return *out ? GALLEY_STATUS_SUCCESS
                    : galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                         "out of memory");
    }
    char dir[4096], path[4200], available[1024];
    snprintf(dir, sizeof dir, "%s/layouts", datadir ? datadir : GALLEY_DATADIR);
    snprintf(path, sizeof path, "%s/%s.json", dir, name_or_path);
    size_t n = strlen(name_or_path);
    int ok_name = n > 0 && strspn(name_or_path, "abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
    if (!ok_name || access(path, F_OK) != 0) {
        list_layouts(dir, available, sizeof available);
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "unknown layout \"%s\" (looked for %s; layouts there: %s)",
                                  name_or_path, path, available[0] ? available : "none");
    }
    *out = strdup(path);
    return *out ? GALLEY_STATUS_SUCCESS
                : galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                     "out of memory");
}

/* Loads and validates a layout with the defaults' limits; see layout.h. */
galley_status_t galley_layout_load(const char *name_or_path, const char *datadir,
                                   galley_layout_t **out, galley_diags_t *diags)
{
    return galley_layout_load_limited(name_or_path, datadir, NULL, out, diags);
}

/* Loads and validates a layout; see layout.h. */
galley_status_t galley_layout_load_limited(const char *name_or_path, const char *datadir,
                                           const galley_limits_t *limits, galley_layout_t **out,
                                           galley_diags_t *diags)
{
    return galley_layout_load_confined(name_or_path, datadir, limits, NULL, out, diags);
}

/* The real path of the folder ROOT, or an error naming --root. */
static galley_status_t root_real(const char *root, char **out, galley_diags_t *diags)
{
    struct stat sb;
    *out = NULL;
    if (!root[0] || stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode) || !(*out = realpath(root, NULL)))
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "--root \"%s\" is not a folder", root);
    return GALLEY_STATUS_SUCCESS;
}

/* Loads and validates a layout, a file inside ROOT; see layout.h. */
galley_status_t galley_layout_load_confined(const char *name_or_path, const char *datadir,
                                            const galley_limits_t *limits, const char *root,
                                            galley_layout_t **out, galley_diags_t *diags)
{
    *out = NULL;
    char *path, *real_root = NULL;
    galley_status_t st = layout_path(name_or_path, datadir, &path, diags);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    /* A name is a layout of Galley's own: only a path is confined. */
    if (root && galley_layout_is_path(name_or_path) &&
        (st = root_real(root, &real_root, diags)) != GALLEY_STATUS_SUCCESS) {
        free(path);
        return st;
    }
    galley_json_doc_t doc;
    galley_json_limits_t jl = {limits ? limits->max_input_mb : 0, limits ? limits->max_depth : 0};
    st = galley_json_doc_load_confined(&doc, path, &jl, real_root, diags);
    free(real_root);
    galley_layout_t *l = NULL;
    if (st == GALLEY_STATUS_SUCCESS) {
        galley_json_node_t root = galley_json_root(&doc);
        l = calloc(1, sizeof *l);
        if (!l)
            st = galley_json_error(&root, GALLEY_STATUS_NO_MEMORY, "out of memory");
        else {
            l->path = path;
            path = NULL;
            st = load_root(&root, l);
        }
    }
    galley_json_doc_fini(&doc);
    free(path);
    if (st != GALLEY_STATUS_SUCCESS) {
        galley_layout_destroy(l);
        return st;
    }
    *out = l;
    return st;
}

/* Frees the layout and its strings. */
void galley_layout_destroy(galley_layout_t *layout)
{
    if (!layout)
        return;
    for (int i = 0; i < GALLEY_STYLE_COUNT; i++)
        free(layout->styles[i].family);
    free(layout->name);
    free(layout->path);
    free(layout->parallel.lang);
    free(layout);
}

char *galley_layout_reference(const char *file, const char *name_or_path)
{
    return galley_layout_is_path(name_or_path) ? galley_path_beside(file, name_or_path)
                                               : strdup(name_or_path);
}
