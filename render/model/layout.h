/* layout.h: the layout model.
 *
 * Owns: a page template loaded from a layouts/ JSON file: page size, margins,
 * columns, gutter, baseline grid, bleed, the lead photo's span, and the style
 * table for every element. Lengths are stored in points (the file gives page
 * geometry in millimetres and type in points). Defaults live in layout.c.
 */
#ifndef GALLEY_LAYOUT_H
#define GALLEY_LAYOUT_H

#include "diag.h"
#include "hyphen_list.h"
#include "icc.h"

typedef enum {
    GALLEY_STYLE_KICKER,
    GALLEY_STYLE_HEADLINE,
    GALLEY_STYLE_DECK,
    GALLEY_STYLE_BYLINE,
    GALLEY_STYLE_DATELINE,
    GALLEY_STYLE_BODY,
    GALLEY_STYLE_SUBHEAD,
    GALLEY_STYLE_QUOTE,
    GALLEY_STYLE_CAPTION,
    GALLEY_STYLE_CREDIT,
    GALLEY_STYLE_RELATED,
    GALLEY_STYLE_NOTE,
    GALLEY_STYLE_FOLIO,
    GALLEY_STYLE_TRANSLATION_HEADLINE, /* a translation's head band (compose/head_band.c) */
    GALLEY_STYLE_TRANSLATION_DECK,
    GALLEY_STYLE_COUNT
} galley_style_id_t;

typedef enum {
    GALLEY_ALIGN_LEFT,
    GALLEY_ALIGN_RIGHT,
    GALLEY_ALIGN_CENTER,
    GALLEY_ALIGN_JUSTIFY
} galley_align_t;

/* How emphasis (*text*) is set in a Korean text, which has no italic: in
 * the style's Korean face made bold, or in Gothic (Galley Gothic) at the
 * style's weight. The whole span, its Latin letters and figures too. */
typedef enum {
    GALLEY_KOREAN_EMPHASIS_BOLD,
    GALLEY_KOREAN_EMPHASIS_GOTHIC
} galley_korean_emphasis_t;

/* How a style's paragraphs are broken into lines and set. Every parameter
 * is declared once, with its default and help, in LINEBREAK_PARAMS in
 * layout.c; a layout overrides them per style under "linebreak". */
typedef struct {
    double tolerance;          /* loosest adjustment ratio of the first total-fit pass */
    double emergency;          /* loosest of the second pass, before words are cut */
    double line_penalty;       /* added to each line's badness: fewer lines are better */
    double hyphen_penalty;     /* cost of ending a line with a hyphen */
    double double_hyphen;      /* demerits for two hyphenated lines in a row */
    double final_hyphen;       /* demerits for a hyphen on a paragraph's second-last line */
    double last_syllables;     /* fewest syllables of a Korean last line of one word */
    double fitness_jump;       /* demerits for a loose line next to a tight one */
    double space_stretch;      /* how far a word space stretches, fraction of its width */
    double space_shrink;       /* how far it shrinks */
    double letter_stretch;     /* letter spacing a loose line may add, fraction of an em */
    double letter_shrink;      /* letter spacing a tight line may remove, fraction of an em */
    double syllable_stretch;   /* Korean syllable spacing added beside the spaces, em fraction */
    double syllable_shrink;    /* Korean syllable spacing removed beside the spaces, em fraction */
    double glyph_stretch;      /* how much wider glyphs may be set, fraction of their width */
    double glyph_shrink;       /* how much narrower */
    double max_hyphens;        /* hyphenated lines allowed in a row */
    double hyphen_min_word;    /* shortest word hyphenated, in letters */
    double hyphen_left;        /* letters kept before a hyphen */
    double hyphen_right;       /* letters carried after it */
    double hyphen_capitalized; /* 1: capitalised words hyphenate too ("Min-istry") */
    double last_line_min;      /* the last line should fill this fraction of the measure */
    double korean_syllables;   /* 1: Korean may break between syllables; 0: at spaces */
    double syllable_penalty;   /* cost of such a break, as hyphen_penalty is of a hyphen */
    double syllable_left;      /* letters (clusters) kept before such a break */
    double syllable_right;     /* letters carried after it */
    double max_cuts;           /* lines allowed in a row ending in a cut Korean word */
    double hanging;            /* optical margins: 1 hangs punctuation into the gutter */
    double balance;            /* 1: lines of even length (headlines, decks), unjustified */
} galley_linebreak_t;

typedef struct {
    char *family;    /* Pango family list, comma separated: "Galley Serif, NanumMyeongjo" */
    double size;     /* pt */
    double leading;  /* pt, baseline to baseline */
    int weight;      /* 100..900, 400 regular, 700 bold */
    int italic;      /* 0 or 1 */
    double color[3]; /* RGB, 0..1 */
    double tracking; /* letter spacing, thousandths of an em */
    galley_align_t align;
    int hyphenate;         /* 1: hyphenate where the language has a dictionary */
    int uppercase;         /* 1: set in capitals (kickers, labels) */
    int keep_lines;        /* 1: a paragraph's lines stay in one column (quotes, subheads) */
    double space_before;   /* pt */
    double space_after;    /* pt */
    double indent;         /* first-line indent, pt */
    double korean_scale;   /* size of Hangul and Hanja relative to the style's size */
    double rule;           /* pt: a rule this thick above and below (pull quotes); 0: none */
    int marks;             /* 1: quotation marks around a text that has none (pull quotes) */
    char *marker;          /* before each item (related headlines: "\u2022 "); NULL: none */
    char *korean_family;   /* a Korean text's whole family (its Latin and figures drawn with its
                              Hangul); NULL: the family, Korean runs at korean_scale */
    int korean_weight;     /* a Korean text's weight with korean_family; 0: the weight */
    char *korean_figures;  /* the family of a Korean text's figures ("2027년", "3.5%"), the
                              Korean face of the style's design class, so they match its
                              Hangul (word spaces and Latin words keep the family); loading
                              fills the default (layout_styles.c); NULL: the family */
    double korean_leading; /* pt, a Korean text's baseline to baseline (not under the leading);
                              0: the leading */
    galley_korean_emphasis_t korean_emphasis; /* emphasis in a Korean text: bold or Gothic */
    galley_linebreak_t linebreak;
} galley_style_t;

/* The headline ladder ("headline_ladder"): the main headline's size by the
 * article's rank on its page (an edition) or by its length (a single
 * article), and how a single article that is a brief is set. */
typedef struct {
    double lead, secondary, brief; /* pt: the top story, the others, briefs */
    double min;                    /* pt: copyfitting goes no smaller */
    int lead_words;                /* a single article this long or longer is a lead */
    int brief_words;               /* an article shorter than this is a brief */
    int brief_columns; /* a single article that is a brief is set this many columns wide */
} galley_headline_ladder_t;

/* The PDF standard a layout's print file follows ("pdf": "standard"). */
typedef enum {
    GALLEY_PDF_NONE = 0, /* "none": RGB with an sRGB output intent, for screens */
    GALLEY_PDF_X4        /* "PDF/X-4": CMYK output intent, text on the black plate */
} galley_pdf_standard_t;

/* The press a layout's PDF is made for: the "pdf" section (docs/layout.md). */
typedef struct {
    galley_pdf_standard_t standard;
    char *profile_path; /* "profile": the output condition's CMYK ICC profile (resolved) */
    galley_icc_t icc;   /* its bytes, read when the standard is PDF/X-4 */
    char *condition;    /* "condition": OutputConditionIdentifier; NULL: the profile's name */
    char *info;         /* "info": what the condition is; NULL: said from the profile */
    char *registry;     /* "registry": RegistryName of a registered condition; NULL: none */
    double ink_limit;   /* "ink_limit": most total ink of a converted colour, percent */
} galley_press_t;

/* Most files and folders a layout's "fonts" may name (docs/limits.md). */
#define GALLEY_LAYOUT_MAX_FONTS 64

/* One item of a layout's "fonts": a font file or a folder of fonts. */
typedef struct {
    char *path;       /* beside the layout file, as named */
    int line, column; /* where the item stands in the layout file, for messages */
} galley_layout_font_t;

typedef struct {
    char *name;                                                      /* "tabloid" */
    char *path;                                                      /* the file it came from */
    double page_width, page_height;                                  /* pt (trim size) */
    double margin_top, margin_bottom, margin_inside, margin_outside; /* pt */
    int columns;
    double gutter;           /* pt */
    double grid;             /* baseline grid pitch, pt */
    double bleed;            /* pt */
    double slug;             /* pt outside the bleed for crop marks and the slug line (--marks) */
    double min_ppi;          /* photos printing under this resolution get a warning */
    int photo_columns;       /* columns the lead photo spans, from the right edge */
    double photo_max_height; /* largest photo height as a fraction of the body area's height */
    int photo_min_leg; /* fewest lines a column under the lead photo holds (compose_article.c) */
    int deck_columns;  /* columns the deck spans, from the left */
    /* The parallel (bilingual) layout: the article in the first SPLIT columns,
     * its translation into LANG in the rest, paragraph by paragraph. */
    struct {
        int split;        /* 0: not a parallel layout */
        char *lang;       /* the translation's language, "ko" */
        int side_by_side; /* headlines side by side (1) or stacked (0) */
        int interlinear;  /* decks and captions: each translated line under its line */
    } parallel;
    galley_style_t styles[GALLEY_STYLE_COUNT];
    galley_headline_ladder_t ladder;   /* after the styles: it defaults from the headline's */
    galley_press_t pdf;                /* "pdf": the press the PDF is made for */
    char *hyphenation_path;            /* "hyphenation": the house list's file; NULL: none */
    galley_hyphen_list_t *hyphenation; /* its words (hyphen_list.h); NULL: none */
    galley_layout_font_t *fonts;       /* "fonts": the paper's own fonts (house fonts) */
    size_t n_fonts;
    char *fonts_root; /* the real --root folder the fonts must lie in; NULL: anywhere */
    struct galley_json_positions *positions; /* where style fields sit in the file (json.h) */
} galley_layout_t;

/* Loads NAME_OR_PATH: a path when it contains '/' or ends in ".json", else
 * DATADIR/layouts/NAME.json. Errors name the file, line:column and field.
 * Pages are 10 to 5000 mm a side, columns at least 10 mm wide, type 1 to
 * 400 pt, and one line of every style must fit in the type area. */
galley_status_t galley_layout_load(const char *name_or_path, const char *datadir,
                                   galley_layout_t **out, galley_diags_t *diags);

/* The same within LIMITS (max_input_mb and max_depth; NULL or zeros take the
 * defaults): galley.c should call this one with the render's limits. */
galley_status_t galley_layout_load_limited(const char *name_or_path, const char *datadir,
                                           const galley_limits_t *limits, galley_layout_t **out,
                                           galley_diags_t *diags);

/* The same for a layout named by an input file (an article's or an
 * edition's "layout"): with ROOT (--root, NULL: anywhere) a layout file must
 * lie inside that folder once symbolic links are followed, checked before a
 * byte of it is read (so nothing of a file outside is ever quoted). */
galley_status_t galley_layout_load_confined(const char *name_or_path, const char *datadir,
                                            const galley_limits_t *limits, const char *root,
                                            galley_layout_t **out, galley_diags_t *diags);

void galley_layout_destroy(galley_layout_t *layout);

/* Sets *LINE and *COLUMN to where FIELD ("styles.body.family", recorded at
 * load for every style's family) sits in the layout's file; returns 1 when
 * the file gives FIELD itself, 0 when it does not (then the place is the
 * nearest enclosing value's, or 0). For messages raised after loading
 * (fonts.c: a family that is not available). */
int galley_layout_field_position(const galley_layout_t *layout, const char *field, int *line,
                                 int *column);

/* True when NAME_OR_PATH names a file (it has a '/' or ends in ".json") rather
 * than a layout in DATADIR/layouts. */
int galley_layout_is_path(const char *name_or_path);

/* A layout named inside FILE (an article's or an edition's "layout"): a name
 * as it is, a path resolved beside FILE. Newly allocated; NULL on OOM. */
char *galley_layout_reference(const char *file, const char *name_or_path);

/* The style's name in the layout file and in --boxes ("body", "headline"). */
const char *galley_style_name(galley_style_id_t id);

/* Sets every line-breaking parameter to its documented default. */
void galley_linebreak_defaults(galley_linebreak_t *lb);

/* The headline size of the ladder for an article of WORDS words at RANK on
 * its page (0: the top story; -1: a single article, ranked by its length). */
double galley_layout_headline_size(const galley_layout_t *layout, int rank, size_t words);

/* Reads the output profile of L's press (l->pdf.profile_path) unless it is
 * read already: for a render whose command asks for PDF/X-4 in a layout
 * that does not. Errors name the profile. */
galley_status_t galley_layout_press_profile(galley_layout_t *l, const galley_limits_t *limits,
                                            galley_diags_t *diags);

/* Width of one column, pt. */
double galley_layout_column_width(const galley_layout_t *layout);

#endif
