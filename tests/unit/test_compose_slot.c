/* Unit tests for edition_slot.c, the edition composer's slot accounting, on
 * made-up layouts, pages and flows (no fonts): a slot's rectangle in the page
 * grid, what is left of a story when its slot is full (lines and words, and
 * the red mark only when a line is left), the
 * grid lines a slot leaves empty and when that makes it underset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* A flow of three lines with a rule after the second and one at the end (a
 * related box's closing rule), as a story. */
static void count_fixture(galley_story_t *s, galley_line_t lines[3])
{
    memset(lines, 0, 3 * sizeof *lines);
    lines[0].text = "one two";
    lines[1].text = "three  four five";
    lines[2].text = "six";
    *s = (galley_story_t){{0}, 0};
    galley_flow_item_t rule = {GALLEY_FLOW_RULE, NULL, "rule", "related", NULL, 1, 0, 0, 0, 0,
                               {0, 0, 0},        NULL, NULL,   0,         NULL, 0, 0};
    for (int i = 0; i < 3; i++) {
        galley_flow_item_t it = {
            GALLEY_FLOW_LINE, &lines[i], "body", "body[0]", "en", 10, 8, 0, 0, 0,
            {0, 0, 0},        NULL,      NULL,   0,         NULL, 0,  0};
        assert_int_equal(galley_flow_append(&s->flow, &it), 0);
        if (i == 1)
            assert_int_equal(galley_flow_append(&s->flow, &rule), 0);
    }
    assert_int_equal(galley_flow_append(&s->flow, &rule), 0);
}

/* The red overset marks on PAGE. */
static int count_marks(const galley_page_t *page)
{
    int n = 0;
    for (size_t i = 0; i < page->n_boxes; i++)
        n += page->boxes[i].kind == GALLEY_BOX_RULE && !strcmp(page->boxes[i].role, "overset");
    return n;
}

/* What is left of a story from its cursor: its lines (not its rules) and their
 * words; the slot is marked, and the page noted, only when a line is left. */
static void test_count_left(void **state)
{
    (void)state;
    galley_line_t lines[3];
    galley_story_t s;
    count_fixture(&s, lines);
    galley_composer_t c; /* the fixture's flow holds no photo: nothing to name */
    memset(&c, 0, sizeof c);
    galley_page_t page;
    memset(&page, 0, sizeof page);
    page.number = 7;
    galley_rect_t r = {50, 100, 255, 60};
    galley_edition_article_t rep;
    memset(&rep, 0, sizeof rep);
    s.cursor = 1;
    assert_true(galley_slot_text_left(&s));
    galley_slot_count_left(&c, &s, &rep); /* a continuation never reached: no mark */
    assert_int_equal(rep.overset_lines, 2);
    assert_int_equal(rep.overset_words, 4);
    assert_int_equal(count_marks(&page), 0);
    s.cursor = 0;
    assert_int_equal(galley_slot_overset(&c, &page, r, &s, 0, &rep), 0); /* adds up */
    assert_int_equal(rep.overset_lines, 5);
    assert_int_equal(rep.overset_words, 10);
    assert_int_equal(rep.overset_page, 7);
    assert_int_equal(s.cursor, s.flow.n);
    assert_int_equal(count_marks(&page), 1);
    assert_near(page.boxes[0].rect.y, 161); /* just under the slot's foot */
    /* Only the closing rule left: no text lost, so no count and no mark. */
    memset(&rep, 0, sizeof rep);
    s.cursor = s.flow.n - 1;
    assert_false(galley_slot_text_left(&s));
    page.number = 8;
    assert_int_equal(galley_slot_overset(&c, &page, r, &s, 0, &rep), 0);
    assert_int_equal(rep.overset_lines, 0);
    assert_int_equal(rep.overset_page, 0);
    assert_int_equal(count_marks(&page), 1);
    /* A headline with no room is a line overset, with its mark. */
    assert_int_equal(galley_slot_overset(&c, &page, r, &s, 1, &rep), 0);
    assert_int_equal(rep.overset_lines, 1);
    assert_int_equal(rep.overset_page, 8);
    assert_int_equal(count_marks(&page), 2);
    free(page.boxes);
    galley_story_fini(&s);
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
