/* typeset.h: paragraphs to set lines.
 *
 * Owns: the lines a paragraph is set into. Text is itemized and shaped once
 * with Pango/HarfBuzz (kerning and font fallback included), turned into boxes,
 * glue and penalties (break opportunities from Pango's log attributes, Korean
 * kept whole between spaces, libhyphen's points for English), broken into
 * lines by Galley's own breaker, and each line set to its measure by adjusting
 * its word spaces. A set line holds the positioned glyph runs to draw.
 */
#ifndef GALLEY_TYPESET_H
#define GALLEY_TYPESET_H

#include "fonts.h"
#include "hyphenation.h"
#include "layout.h"
#include "text.h"
#include <cairo.h>

/* Glyphs of one font and colour, positioned relative to the line's origin
 * (x from the line's left edge, y from its baseline), with the clusters that
 * map them to their UTF-8 text so PDF text extraction gives the article text. */
typedef struct {
    cairo_scaled_font_t *font; /* owned reference */
    cairo_glyph_t *glyphs;
    int n_glyphs;
    cairo_text_cluster_t *clusters;
    int n_clusters;
    char *utf8;
    int utf8_len;
    double color[3];
    char *url; /* the link the run is part of, or NULL; owned */
} galley_glyph_run_t;

typedef struct {
    galley_glyph_run_t *runs;
    size_t n_runs;
    double width; /* the width the line occupies (its measure when justified) */
    double x;     /* left edge of the line within its measure (indent, alignment) */
    double ascent, descent, leading; /* pt */
    double hscale;                   /* glyph width scale the line is set with (1: as designed) */
    double letter_spacing; /* em added to (< 0: taken from) each letter gap: 0 unless the line
                              could be set no other way (a line of one word, an emergency) */
    size_t start, end;     /* byte range in the paragraph's text */
    int hyphenated;        /* ends in a hyphen Galley inserted */
    int cut;    /* ends inside a word broken without a hyphen (between Korean syllables) */
    char *text; /* the article text of [start, end), without inserted hyphens */
} galley_line_t;

typedef struct {
    galley_line_t *lines;
    size_t n_lines;
} galley_lines_t;

/* What to set: a text in a style and language, at a measure. */
typedef struct {
    const galley_text_t *text;
    const galley_style_t *style;
    const char *lang;
    double measure;                     /* pt */
    double first_indent;                /* pt, first line only */
    const char *field;                  /* for warnings: "body[3]" */
    const galley_hyphen_house_t *house; /* the house hyphenation lists; NULL: none */
    /* A list item: every line is set HANG_FOR's width plus half an em in
     * from the left (a hanging indent), and MARKER stands in that hang on
     * the first line, its right edge half an em before the text. HANG_FOR
     * is the list's widest marker, so all its items' texts align. Both NULL
     * (the default): no hang. */
    const char *marker;
    const char *hang_for;
} galley_setting_t;

/* Sets S into lines (OUT, zeroed on entry). A word wider than the measure is
 * broken at any character boundary with a warning; no line ever overflows. */
galley_status_t galley_typeset(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                               const galley_setting_t *s, galley_lines_t *out,
                               galley_diags_t *diags);

void galley_lines_fini(galley_lines_t *lines);

/* A deep copy of FROM into TO (zeroed on entry; the caller frees it with
 * galley_lines_fini): the same lines, runs, glyphs and text, each run's
 * scaled font referenced again. Any thread. On NO_MEMORY, TO is empty. */
galley_status_t galley_lines_copy(const galley_lines_t *from, galley_lines_t *to);

/* Calls FN(BYTE, DATA) for each byte offset of TEXT (LEN bytes of UTF-8)
 * after which a hyphen may break one of its words, in order, as a text set
 * with dictionary DICT (a language module's, NULL: none), the house lists
 * HOUSE (may be NULL) and a style's RULES is broken (hyphenate.c says which
 * words). Stops and returns -1 when FN returns nonzero; else 0. */
int galley_hyphenate_text(galley_hyphen_t *hyphen, const char *dict,
                          const galley_hyphen_house_t *house, const galley_hyphen_rules_t *rules,
                          const char *text, size_t len, int (*fn)(size_t byte, void *data),
                          void *data);

#endif
