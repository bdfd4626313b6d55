/* Unit tests for edition_slot.c, the edition composer's slot accounting, on
 * made-up layouts, pages and flows (no fonts): a slot's rectangle in the page
 * grid, what is left of a story when its slot is full (lines and words), the
 * grid lines a slot leaves empty and when that makes it underset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compose_fixture.h"
#include "edition_slot.h"

/* A slot spans its columns and rows of the grid, the gaps between included. */
static void test_slot_rect(void **state)
{
    (void)state;
    galley_layout_t *l = fixture_layout(12);
    /* 3 rows between 100 and 700 with 12 pt gaps: 192 pt each. */
    galley_rect_t r = galley_slot_rect(l, 3, 1, (galley_slot_t){1, 2, 1, 2}, 100, 700);
    assert_near(r.x, 182.5);
    assert_near(r.width, 255);
    assert_near(r.y, 304);
    assert_near(r.height, 396);
    r = galley_slot_rect(l, 3, 2, (galley_slot_t){0, 1, 0, 1}, 100, 700);
    assert_near(r.x, 30); /* page 2: the outside margin on the left */
    assert_near(r.y, 100);
    assert_near(r.height, 192);
    free(l);
}

/* What is left of a flow from a cursor: its lines (not its rules) and their
 * words. */
static void test_count_left(void **state)
{
    (void)state;
    galley_line_t lines[3];
    memset(lines, 0, sizeof lines);
    lines[0].text = "one two";
    lines[1].text = "three  four five";
    lines[2].text = "six";
    galley_flow_t flow = {0};
    for (int i = 0; i < 3; i++) {
        galley_flow_item_t it = {
            GALLEY_FLOW_LINE, &lines[i], "body", "body[0]", "en", 10, 8, 0, 0, 0,
            {0, 0, 0},        NULL,      NULL};
        assert_int_equal(galley_flow_append(&flow, &it), 0);
        if (i == 1) {
            galley_flow_item_t rule = {
                GALLEY_FLOW_RULE, NULL, "rule", "related", NULL, 1, 0, 0, 0, 0,
                {0, 0, 0},        NULL, NULL};
            assert_int_equal(galley_flow_append(&flow, &rule), 0);
        }
    }
    galley_edition_article_t rep;
    memset(&rep, 0, sizeof rep);
    galley_slot_count_left(&flow, 1, &rep);
    assert_int_equal(rep.overset_lines, 2);
    assert_int_equal(rep.overset_words, 4);
    galley_slot_count_left(&flow, 0, &rep); /* adds up */
    assert_int_equal(rep.overset_lines, 5);
    assert_int_equal(rep.overset_words, 10);
    galley_flow_fini(&flow);
}

/* Grid lines left empty below the lowest box from FIRST on; three or more
 * make an article that ended there underset, unless it is overset. */
static void test_empty_lines_and_underset(void **state)
{
    (void)state;
    galley_layout_t *l = fixture_layout(12);
    galley_page_t page;
    memset(&page, 0, sizeof page);
    page.number = 1;
    galley_box_t b;
    memset(&b, 0, sizeof b);
    b.kind = GALLEY_BOX_LINE;
    b.rect = (galley_rect_t){50, 500, 100, 300}; /* an earlier slot's, lower */
    assert_int_equal(galley_page_add_box(&page, &b), 0);
    b.rect = (galley_rect_t){50, 100, 100, 12};
    assert_int_equal(galley_page_add_box(&page, &b), 0);
    b.rect = (galley_rect_t){50, 112, 100, 12.5};
    assert_int_equal(galley_page_add_box(&page, &b), 0);
    galley_rect_t slot = {50, 100, 255, 60}; /* used to 124.5: 35.5 pt, 2 lines empty */
    assert_int_equal(galley_slot_empty_lines(l, &page, 1, slot), 2);
    assert_int_equal(galley_slot_lines_since(&page, 1), 2);
    galley_edition_article_t rep;
    memset(&rep, 0, sizeof rep);
    galley_slot_note_underset(l, &page, 1, slot, &rep);
    assert_int_equal(rep.underset_lines, 0);
    slot.height = 61; /* 36.5 pt: 3 lines */
    assert_int_equal(galley_slot_empty_lines(l, &page, 1, slot), 3);
    galley_slot_note_underset(l, &page, 1, slot, &rep);
    assert_int_equal(rep.underset_lines, 3);
    assert_int_equal(rep.underset_page, 1);
    memset(&rep, 0, sizeof rep);
    rep.overset_lines = 1; /* overset, so not underset too */
    galley_slot_note_underset(l, &page, 1, slot, &rep);
    assert_int_equal(rep.underset_lines, 0);
    free(page.boxes);
    free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slot_rect),
        cmocka_unit_test(test_count_left),
        cmocka_unit_test(test_empty_lines_and_underset),
    };
    return cmocka_run_group_tests_name("compose_slot", tests, NULL, NULL);
}
