/* edition_slot.h: one article's slot on an edition page (edition_slot.c).
 *
 * Owns: the slot tools the edition composer and its article placement use:
 * the slot's rectangle, setting an article into it, its jump line, its
 * hairlines, and the account of what it took and left. A slot is handed
 * on as its galley_slot_t, which carries its columns (the composer never
 * works them out again from x coordinates), with its rectangle R.
 */
#ifndef GALLEY_EDITION_SLOT_H
#define GALLEY_EDITION_SLOT_H

#include "compose_edition.h"
#include "composer.h"

/* Lines of the grid a slot may leave empty at its foot before it is underset:
 * the columns of a finished article are balanced, so their foot is ragged by
 * a line or two. */
#define GALLEY_UNDERSET_LINES 3

/* The least part of its photo a slot's photo frame shows: a crop keeps 60% of
 * the photo around its focus (a 5.6:1 strip of a 3:2 rocket cut off its nose
 * and base). */
#define GALLEY_SLOT_PHOTO_KEEP 0.6

/* The rectangle of SLOT in a grid of GRID_ROWS rows between TOP and BOTTOM of
 * page NUMBER of layout L. */
galley_rect_t galley_slot_rect(const galley_layout_t *l, int grid_rows, int number,
                               galley_slot_t slot, double top, double bottom);

/* A hairline of the edition's rule colour at R (between slots and articles). */
galley_status_t galley_slot_hairline(galley_page_t *page, galley_rect_t r, const char *element);

/* True when the article's lead photo goes into a slot SPAN columns wide. */
int galley_slot_has_photo(const galley_composer_t *c, int span);

/* True when the lead photo, set on PAGE from box FROM on, may grow taller than
 * its share to fill the slot: it prints at the layout's min_ppi or finer (a
 * coarser photo is never enlarged: the slot's rest is left to text). */
int galley_slot_photo_grows(const galley_composer_t *c, const galley_page_t *page, size_t from);

/* Places C's story from its cursor into SLOT's columns from TOP
 * (PHOTO_TOP for columns PHOTO_FIRST on) down to BOTTOM; when it all fits,
 * as MODE says (flow.h): balanced, or filled down to BOTTOM (GALLEY_FLOW_FILL,
 * a slot's copyfit). */
galley_status_t galley_slot_flow(galley_composer_t *c, galley_page_t *page, galley_slot_t slot,
                                 double top, double photo_top, int photo_first, double bottom,
                                 int mode);

/* A line of note style at the foot of the slot: "Continued on page N". */
galley_status_t galley_slot_jump_line(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                      const char *text, double y);

/* True when S has lines of text left to place (rules alone are not text). */
int galley_slot_text_left(const galley_story_t *s);

/* Counts what is left of S from its cursor (plus EXTRA lines) into REP as
 * overset on PAGE, names each photo left (through C, the composer of S's
 * article), and moves the cursor to the end; marks slot R with a red bar under
 * its foot only when that counted a line: the one place a mark is drawn. */
galley_status_t galley_slot_overset(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                    galley_story_t *s, int extra, galley_edition_article_t *rep);

/* Counts what is left of S, which no slot took, into REP (no mark), naming
 * each photo left through C. */
void galley_slot_count_left(galley_composer_t *c, const galley_story_t *s,
                            galley_edition_article_t *rep);

/* Counts the line boxes added to PAGE since box FROM: what the slot took. */
int galley_slot_lines_since(const galley_page_t *page, size_t from);

/* How a slot's article is set: its lead photo GROW points taller than its
 * share and WIDER (0 or 1) columns wider than its fit (while it prints at
 * min_ppi or finer there, up to the slot's photo columns), its story's last
 * columns as MODE says (GALLEY_FLOW_FILL: down to the slot's foot;
 * GALLEY_FLOW_BALANCE on a page its articles fill down). */
typedef struct {
    double grow;
    int wider;
    int mode;
} galley_slot_fit_t;

/* Sets the article into slot R of PAGE from box BOXES on (the boxes there
 * before are dropped): kicker, headline in HEAD, deck, the photo as FIT says,
 * then C's story from its start down to BOTTOM, its last columns as FIT->mode
 * says. *FITS is 0 when the slot cannot hold the band with a line of text
 * (then nothing of the story is placed). */
galley_status_t galley_slot_set(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                galley_slot_t slot, const galley_style_t *head,
                                const galley_slot_fit_t *fit, size_t boxes, double bottom,
                                int *fits);

/* Sets the article again with its photo as tall as still lets all the text
 * end in the slot, and a column wider when that still leaves the slot
 * underset and the photo prints at min_ppi there (an article that ends well
 * short of its foot, its columns filled as fill mode can). */
galley_status_t galley_slot_grow_photo(galley_composer_t *c, galley_page_t *page, galley_rect_t r,
                                       galley_slot_t slot, const galley_style_t *head, size_t boxes,
                                       double bottom);

/* Grid lines left empty at the foot of slot R of PAGE by the boxes from
 * FIRST on. */
int galley_slot_empty_lines(const galley_layout_t *l, const galley_page_t *page, size_t first,
                            galley_rect_t r);

/* Notes in REP when the article, ended in slot R of PAGE with the boxes from
 * FIRST on, leaves GALLEY_UNDERSET_LINES or more of the slot empty. */
void galley_slot_note_underset(const galley_layout_t *l, const galley_page_t *page, size_t first,
                               galley_rect_t r, galley_edition_article_t *rep);

/* Hairlines between slots: above slot R of placement PL when it does not
 * start the grid, and in the gutter left of it when it does not start the page. */
galley_status_t galley_slot_rules(const galley_layout_t *l, galley_page_t *page, galley_rect_t r,
                                  const galley_placement_t *pl);

#endif
