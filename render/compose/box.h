/* box.h: page boxes, the hand-off from compose to draw.
 *
 * Owns: the document as pages of placed boxes (kind, role, source element,
 * rectangle, baseline, payload: a set line, a photo, a rule), the typeset
 * paragraphs the line boxes point into, and the document's metadata. Draw and
 * --boxes read nothing else.
 */
#ifndef GALLEY_BOX_H
#define GALLEY_BOX_H

#include "photo.h"
#include "typeset.h"

typedef struct {
    double x, y, width, height; /* pt from the trimmed page's top-left, y down */
} galley_rect_t;

typedef enum { GALLEY_BOX_LINE, GALLEY_BOX_IMAGE, GALLEY_BOX_RULE } galley_box_kind_t;

typedef struct {
    galley_box_kind_t kind;
    const char *role;    /* style name, "photo" or "rule" (static strings) */
    const char *element; /* source field, "body[3]"; borrowed from the model */
    const char *lang;    /* lines: the text's language; borrowed */
    galley_rect_t rect;
    galley_rect_t frame;       /* the frame the box was placed in */
    double baseline;           /* lines: page y of the baseline */
    double origin_x;           /* lines: page x of the line's glyph origin */
    const galley_line_t *line; /* lines; owned by the document */
    galley_image_t *image;     /* images; owned by the article, never changed after load (the
                                  writer decodes it into its image_store.h); NULL: an FPO box */
    const char *alt;           /* images: the alt text, for the tagged PDF; borrowed */
    const char *url;           /* a link the box is, or NULL; borrowed */
    const char *article;       /* editions: the article file the box comes from; borrowed */
    double focus_x, focus_y;   /* images: the point kept in view when cropping, 0..1 */
    double color[3];           /* rules */
} galley_box_t;

typedef struct {
    int number;
    double width, height;
    double bleed; /* pt: boxes touching the trim edge run this far past it */
    double grid_origin, grid_pitch;
    galley_rect_t *columns;
    int n_columns;
    galley_box_t *boxes;
    size_t n_boxes, cap_boxes;
    /* The marks' face, Galley Sans regular and bold (galley_fonts_mark_face):
     * the slug line's and an FPO box's label; borrowed from the fonts. */
    cairo_font_face_t *mark_faces[2];
} galley_page_t;

typedef struct {
    galley_page_t *pages;
    size_t n_pages, cap_pages; /* room for cap_pages: the array moves only past it */
    galley_lines_t **paras;    /* every typeset paragraph, owned */
    size_t n_paras, cap_paras;
    char **strings; /* element names made by compose ("photos[0].caption"), owned */
    size_t n_strings, cap_strings;
    /* Metadata for the PDF, borrowed from the model. */
    const char *title, *author, *subject, *keywords, *lang;
    const char *layout_name, *article_path;
    int year, month, day;
    double bleed, slug;          /* pt, from the layout: bleed, and room for marks past it */
    const galley_press_t *press; /* the layout's press ("pdf", the command's standard applied) */
    int source_lookups;          /* late messages placed in their input file (article.h) */
} galley_document_t;

/* Appends BOX to PAGE; returns GALLEY_STATUS_NO_MEMORY on failure. */
galley_status_t galley_page_add_box(galley_page_t *page, const galley_box_t *box);

/* Starts DOC empty, set in LAYOUT (its name, bleed, slug and press) from the file
 * PATH dated YEAR-MONTH-DAY: what every document knows before its pages. */
void galley_document_begin(galley_document_t *doc, const galley_layout_t *layout, const char *path,
                           int year, int month, int day);

/* Keeps LINES (a typeset paragraph) in the document, which then owns it. */
galley_status_t galley_document_keep_lines(galley_document_t *doc, galley_lines_t *lines);

/* A copy of the formatted string, owned by the document; NULL when out of memory. */
const char *galley_document_strdup(galley_document_t *doc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Frees everything the document owns. */
void galley_document_fini(galley_document_t *doc);

#endif
