/* pair_place.h: placing one side of a bilingual pair (pair_place.c).
 *
 * Owns: where a side of the parallel layout has got to on the pages (page,
 * column of its group, y), and placing its story from there through its group
 * of columns, page after page, until the block is placed. The parallel
 * composer starts both sides of a pair at the later of their positions.
 */
#ifndef GALLEY_PAIR_PLACE_H
#define GALLEY_PAIR_PLACE_H

#include "flow.h"
#include "layout.h"

/* Where a side has got to: the page (index in the document), the column
 * within its group, and the y below its last item. */
typedef struct {
    size_t page;
    int column;
    double y;
} galley_pair_at_t;

/* Orders positions: page, then column, then height. */
int galley_pair_at_cmp(galley_pair_at_t a, galley_pair_at_t b);

/* Gets page INDEX (0-based) of the document into *PAGE, starting the pages up
 * to it when they do not exist yet. */
typedef galley_status_t (*galley_pair_page_fn)(void *data, size_t index, galley_page_t **page);

/* One side's group of columns. */
typedef struct {
    const galley_layout_t *l;
    int first, n;              /* the group's columns of the layout */
    double body_top;           /* the top of the columns on page one, below the band */
    galley_pair_page_fn pages; /* the document's pages */
    void *data;                /* for PAGES */
} galley_pair_group_t;

/* The top of G's columns on page INDEX. */
double galley_pair_group_top(const galley_pair_group_t *g, size_t index);

/* Places story S from its cursor to its end in group G, starting at FROM and
 * going on to the top of the next page's columns while items are left; *TO
 * gets where the last item ended (FROM when nothing was left). *STUCK is set,
 * and placing stops, when the next item does not fit an empty column. */
galley_status_t galley_pair_place(const galley_pair_group_t *g, galley_story_t *s,
                                  galley_pair_at_t from, galley_pair_at_t *to, int *stuck);

#endif
