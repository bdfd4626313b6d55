/* compose_fixture.h: what the compose stage's unit tests share (test_flow.c,
 * test_compose_pair.c, test_compose_slot.c): a made-up layout, fake set
 * lines, and a comparison of positions. Include after <cmocka.h>. */
#ifndef GALLEY_COMPOSE_FIXTURE_H
#define GALLEY_COMPOSE_FIXTURE_H

#include "flow.h"
#include "frame.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A and B are equal to 1e-9 pt (positions are sums of exact or decimal sizes). */
#define assert_near(a, b)                                                                          \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (fabs(a_ - b_) > 1e-9)                                                                  \
            fail_msg("%s is %.12g, not %.12g", #a, a_, b_);                                        \
    } while (0)

/* A layout of 600 x 800 pt: margins 50 inside, 30 outside, 40 top, 60 bottom
 * (content 40..740, 520 pt wide); 4 columns of 122.5 pt with 10 pt gutters
 * (column i of page one at x = 50 + 132.5 i); a GRID pt baseline grid; a
 * 10 pt folio. Free it with free(). */
static inline galley_layout_t *fixture_layout(double grid)
{
    galley_layout_t *l = calloc(1, sizeof *l);
    assert_non_null(l);
    l->page_width = 600;
    l->page_height = 800;
    l->margin_inside = 50;
    l->margin_outside = 30;
    l->margin_top = 40;
    l->margin_bottom = 60;
    l->columns = 4;
    l->gutter = 10;
    l->grid = grid;
    l->styles[GALLEY_STYLE_FOLIO].leading = 10;
    return l;
}

/* Fake set lines: the flow reads only a line's x, width, and whether it ends
 * in an inserted hyphen or a cut word (and the overset count its text). */
static galley_line_t fixture_lines[256];
static size_t fixture_n_lines;

/* Appends a line item of HEIGHT (its baseline ABOVE below its top), of
 * element EL, to FLOW; its fake line is 80 pt wide at x 2. */
static inline void fixture_add(galley_flow_t *flow, double height, double above,
                               double space_before, int on_grid, int keep, int hyphenated,
                               const char *el)
{
    assert_true(fixture_n_lines < sizeof fixture_lines / sizeof *fixture_lines);
    galley_line_t *ln = &fixture_lines[fixture_n_lines++];
    memset(ln, 0, sizeof *ln);
    ln->x = 2;
    ln->width = 80;
    ln->leading = height;
    ln->hyphenated = hyphenated;
    galley_flow_item_t it = {
        GALLEY_FLOW_LINE, ln,   "body", el, "en", height, above, space_before, on_grid, keep,
        {0, 0, 0},        NULL, NULL,   0,  NULL, 0,      0};
    assert_int_equal(galley_flow_append(flow, &it), GALLEY_STATUS_SUCCESS);
}

#endif
