/* composer.h: the composer toolbox: its state and tools, shared by the composers.
 *
 * Owns: what composing one article needs as it goes (resources, the model,
 * the document being built, the flow, pending spacing), and the tools every
 * composer (compose_article.c, compose_parallel.c, compose_edition.c) uses:
 * setting text, placing it in bands or appending it to a flow (toolbox.c),
 * the article's flow in reading order (article_flow.c), starting pages with
 * their folio, the photo block (toolbox_page.c).
 */
#ifndef GALLEY_COMPOSER_H
#define GALLEY_COMPOSER_H

#include "article.h"
#include "box.h"
#include "fonts.h"
#include "hyphenation.h"
#include "layout.h"
#include "flow.h"
#include "set_memo.h"

typedef struct {
    galley_fonts_t *fonts;
    galley_hyphen_t *hyphen;
    const galley_article_t *a;
    const galley_layout_t *l;
    galley_document_t *doc;
    galley_diags_t *diags;
    galley_story_t *story; /* the text the flow tools append to and the composer places */
    double colw;
    double pending;       /* the last block's space_after, added above the next */
    const char *url;      /* the link the next flow_text lines are, or NULL */
    const char *marker;   /* the next flow_text is a list item with this marker, or NULL */
    const char *hang_for; /* ...hung by this, its list's widest marker (galley_setting_t) */
    int max_pages;
    const galley_style_t *override[GALLEY_STYLE_COUNT]; /* styles set for one slot (copyfit) */
    int lead_in_flow; /* the lead photo is a photo block at the head of the body (a slot too
                         narrow for it beside or over the text), not placed by the composer */
    int columns;      /* a single article: the columns it is set in (0: by its length) */
    const galley_hyphen_list_t *hyphenation; /* the command's house list (--hyphenation) */
    galley_set_memo_t *memo; /* settings kept across tries (article_fit.c), or NULL */
} galley_composer_t;

/* The house hyphenation lists C's texts are set by: the article's, the
 * command's, the layout's (galley_hyphen_house_t). */
galley_hyphen_house_t galley_composer_house(const galley_composer_t *c);

/* The style SID as C sets it: a slot's override, else the layout's. */
const galley_style_t *galley_composer_style(const galley_composer_t *c, galley_style_id_t sid);

/* A text of the model made from a plain string (no spans). */
galley_text_t galley_plain_text(const char *s);

/* The share of a line's leading above its baseline. */
double galley_line_above(const galley_line_t *line);

/* Records a warning about element FIELD ("body[3]", "photos[0]") at its line
 * and column in the article file (for an edition's furniture, the edition's). */
void galley_composer_warn(galley_composer_t *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Typesets T in style SID at MEASURE; the document keeps the lines. */
galley_status_t galley_composer_set_text(galley_composer_t *c, const galley_text_t *t,
                                         galley_style_id_t sid, const char *lang, double measure,
                                         double indent, const char *field, galley_lines_t **out);

/* Appends the lines of T to C's story, in style SID, at the column width; the
 * first line keeps with the next KEEP items. */
galley_status_t galley_composer_flow_text(galley_composer_t *c, const galley_text_t *t,
                                          galley_style_id_t sid, const char *lang, double indent,
                                          const char *element, int keep);

/* Counts an item of HEIGHT just appended into C's story against its room
 * (the page limit): a limit error once the flow outgrows it. */
galley_status_t galley_composer_flow_grow(galley_composer_t *c, double height);

/* Appends photo K of the article (not the lead) to C's story as a photo
 * block: the photo at the column width, as tall as its proportions give
 * (no taller than an empty column holds with its captions), then its credit
 * and caption and each translation's, all kept together. */
galley_status_t galley_composer_flow_photo(galley_composer_t *c, size_t k);

/* Warns, by name (photos[N]), about each photo block of FLOW from CURSOR
 * on: what is left of a story no frame took is overset, and a photo is
 * never lost without a message. Call it where the text left over is
 * counted as overset (edition_slot.c's slot_count_left). */
void galley_composer_photos_overset(galley_composer_t *c, const galley_flow_t *flow, size_t cursor);

/* Makes the items of C's story from START on (their first item kept with
 * the rest) a float: the text after it may flow past it to fill a column
 * (flow.c). The space pending under its last item becomes the float's own
 * space_after, so the text after it carries none: where the float moves on,
 * that text follows the text before it as if the float were not there. */
void galley_composer_flow_float(galley_composer_t *c, size_t start);

/* Appends a rule across the column to C's story. */
galley_status_t galley_composer_flow_rule(galley_composer_t *c, const char *element,
                                          double thickness, double space_before);

/* Appends the byline to C's story on one line ("By NAME, Title", in the
 * language module's form), and the dateline on its own line when it cannot
 * run into the first paragraph (galley_composer_dateline_runs_in). */
galley_status_t galley_composer_flow_byline(galley_composer_t *c, const galley_article_text_t *t);

/* Appends body block I of T to C's story: a paragraph (indented unless it
 * follows a heading; a pull quote between two paragraphs does not count),
 * a subhead kept with its next two lines, a
 * quote kept with its attribution; in the article's own text, then the
 * photo blocks anchored after it (galley_article_photo_after). Every
 * composer's body is built here. */
galley_status_t galley_composer_flow_block(galley_composer_t *c, const galley_article_text_t *t,
                                           size_t i);

/* True when T's dateline runs into its first paragraph as a bold lead-in
 * ("SEOUL — The ..."): there is a dateline and body[0] is a paragraph. */
int galley_composer_dateline_runs_in(const galley_article_text_t *t);

/* Appends the writer's e-mail (the tagline, a mailto link), end notes and
 * the related-article box (each headline an item after the style's
 * marker, a hairline between items) to C's story. */
galley_status_t galley_composer_flow_tail(galley_composer_t *c, const galley_article_text_t *t);

/* A translation's label, its section and kicker ("정치 · 북한"), into *LABEL;
 * returns the element it names, NULL when out of memory. */
const char *galley_composer_translation_label(galley_composer_t *c, const galley_article_text_t *t,
                                              galley_text_t *label);

/* Places T's lines straight onto PAGE from *Y down, across [X, X+WIDTH]. */
galley_status_t galley_composer_band_text(galley_composer_t *c, galley_page_t *page,
                                          const galley_text_t *t, galley_style_id_t sid,
                                          const char *lang, double x, double width, double *y,
                                          const char *element);

/* Places A's and B's lines alternately (B's line i under A's line i) onto
 * PAGE from *Y down, across [X, X+WIDTH]; B may be NULL. */
galley_status_t galley_composer_band_interlinear(galley_composer_t *c, galley_page_t *page,
                                                 const galley_text_t *a, const galley_text_t *b,
                                                 const char *lang_a, const char *lang_b,
                                                 galley_style_id_t sid, double x, double width,
                                                 double *y, const char *el_a, const char *el_b);

/* Places a rule of THICKNESS across [X, X+WIDTH] at *Y. */
galley_status_t galley_composer_band_rule(galley_page_t *page, double x, double width, double *y,
                                          double thickness, const char *element);

/* True when photo PH, across WIDTH points, prints at C's layout's min_ppi or
 * finer (a placeholder, or a layout without min_ppi, always does): the one
 * resolution test of every composer that sizes a photo. */
int galley_composer_photo_sharp(const galley_composer_t *c, const galley_photo_t *ph, double width);

/* Height of a photo set WIDTH wide: its own proportions (3:2 for a
 * placeholder), no taller than the layout's share of AREA. */
double galley_composer_photo_height(const galley_composer_t *c, const galley_photo_t *ph,
                                    double width, double area);

/* Places photo PH cropped to R on PAGE; warns when it prints under the
 * layout's resolution. */
galley_status_t galley_composer_photo_box(galley_composer_t *c, galley_page_t *page,
                                          const galley_photo_t *ph, galley_rect_t r);

/* The lead photo cropped to R, then its credit and caption, then those of
 * every translation; *BOTTOM gets the y below the last of them. */
galley_status_t galley_composer_photo_block(galley_composer_t *c, galley_page_t *page,
                                            galley_rect_t r, double *bottom);

/* Starts page NUMBER: size, grid and columns; the page limit applies. */
galley_status_t galley_composer_page_start(galley_composer_t *c, int number, galley_page_t **out);

/* Adds the folio to PAGE: its number, DATE and SECTION (either may be ""),
 * in LANG, with a hairline above, the number on the outside corner (left on
 * even pages, right on odd ones). */
galley_status_t galley_composer_folio(galley_composer_t *c, galley_page_t *page, const char *date,
                                      const char *section, const char *lang);

/* Adds the folio of the composer's article (its date and section) to PAGE. */
galley_status_t galley_composer_page_folio(galley_composer_t *c, galley_page_t *page);

/* Appends the article's whole flow to C's story: byline, body, notes and
 * related box, translations. Setting stops with a limit error once the flow
 * outgrows its room (galley_composer_flow_bound). */
galley_status_t galley_composer_build_flow(galley_composer_t *c);

/* Places C's story from its cursor into FRAMES on PAGE (not NULL), as
 * galley_story_place does (balanced when BALANCE and all that is left fits;
 * filled to the foot when GALLEY_FLOW_FILL, the story's last text only), but
 * with each translation's head (the items article_flow.c marks) set as a
 * band over its own text: across the columns its text fills, under what is
 * placed above it, in the translation head styles. A head that cannot take
 * the first lines of its text under it waits at the cursor for the next
 * frames. MORE: more frames follow (a next page): where a translation does
 * not fit, its head goes under the text rather than where most of it fits.
 * STEP (may be NULL) gets what was placed (head_band.c). */
galley_status_t galley_composer_story_place(galley_composer_t *c, const galley_frames_t *frames,
                                            int balance, int more, galley_page_t *page,
                                            galley_flow_step_t *step);

/* Lines the page limit counts a page for: a page of more (1 pt type on a
 * 5000 mm page holds 14,000 lines a column) counts as more pages, since the
 * time and memory of a render follow its lines (a tabloid page holds 490). */
enum { GALLEY_PAGE_LINES = 600 };

/* Bounds FLOW to what MAX_PAGES pages of layout L can hold: all their
 * columns' height, and GALLEY_PAGE_LINES lines a page. */
void galley_composer_flow_bound(galley_flow_t *flow, const galley_layout_t *l, int max_pages);

#endif
