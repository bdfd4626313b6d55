/* Unit tests for pair_place.c, the bilingual composer's placement: two made-up
 * stories (items of given heights, fake lines, no fonts) side by side in
 * their groups of columns, each resumed from its cursor block after block,
 * with the exact positions expected: a pair starts at the later of where the
 * two sides got to, a side runs on into its group's next column and onto the
 * next page, and an item taller than an empty column is reported stuck. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compose_fixture.h"
#include "pair_place.h"

/* Appends N lines of HEIGHT to S's flow, their element named EL: a block
 * whose first line has 3 pt of space before. */
static void add_lines(galley_story_t *s, int n, double height, const char *el)
{
    for (int i = 0; i < n; i++)
        fixture_add(&s->flow, height, height * 0.8, i ? 0 : 3, 0, 0, 0, el);
}

/* The test document: pages started on demand, as the composer starts them. */
typedef struct {
    const galley_layout_t *l;
    galley_page_t pages[8];
    size_t n_pages;
} doc_t;

static galley_status_t page_at(void *data, size_t index, galley_page_t **out)
{
    doc_t *d = data;
    assert_true(index < 8);
    while (d->n_pages <= index) {
        galley_page_t *p = &d->pages[d->n_pages++];
        memset(p, 0, sizeof *p);
        p->number = (int)d->n_pages;
        p->grid_origin = galley_frame_content(d->l, p->number).y;
        p->grid_pitch = d->l->grid;
    }
    *out = &d->pages[index];
    return GALLEY_STATUS_SUCCESS;
}

static void doc_fini(doc_t *d)
{
    for (size_t i = 0; i < d->n_pages; i++)
        free(d->pages[i].boxes);
}

/* Box I of page P is a line of element EL in the column at X, its top at Y. */
static void assert_at(const doc_t *d, size_t p, size_t i, const char *el, double x, double y)
{
    assert_true(p < d->n_pages);
    assert_true(i < d->pages[p].n_boxes);
    const galley_box_t *b = &d->pages[p].boxes[i];
    assert_string_equal(b->element, el);
    assert_near(b->rect.x, x + 2); /* the fake line stands 2 pt into its column */
    assert_near(b->rect.y, y);
}

/* Two sides, pair by pair: each block starts where the later side ended, and
 * each side resumes its own story from its cursor. */
static void test_pairs_side_by_side(void **state)
{
    (void)state;
    galley_layout_t *l = fixture_layout(10);
    doc_t d = {l, {{0}}, 0};
    fixture_n_lines = 0;
    galley_pair_group_t ga = {l, 0, 2, 100, page_at, &d}, gb = {l, 2, 2, 100, page_at, &d};
    galley_story_t a = {{0}, 0}, b = {{0}, 0};
    galley_pair_at_t at_a = {0, 0, 100}, at_b = at_a, start = at_a;
    int stuck;
    /* Pair 1: A has 3 lines, B 5. */
    add_lines(&a, 3, 10, "a1");
    add_lines(&b, 5, 10, "b1");
    assert_int_equal(galley_pair_place(&ga, &a, start, &at_a, &stuck), 0);
    assert_false(stuck);
    assert_int_equal(galley_pair_place(&gb, &b, start, &at_b, &stuck), 0);
    assert_int_equal(a.cursor, 3);
    assert_int_equal(b.cursor, 5);
    assert_int_equal(at_a.page, 0);
    assert_int_equal(at_a.column, 0);
    assert_near(at_a.y, 130);
    assert_near(at_b.y, 150);
    assert_at(&d, 0, 0, "a1", 50, 100);
    assert_at(&d, 0, 2, "a1", 50, 120);
    assert_at(&d, 0, 3, "b1", 315, 100); /* B's group starts at column 2 */
    assert_at(&d, 0, 7, "b1", 315, 140);
    /* Pair 2 starts at the later side: B's 150, for both. */
    assert_true(galley_pair_at_cmp(at_a, at_b) < 0);
    start = galley_pair_at_cmp(at_a, at_b) >= 0 ? at_a : at_b;
    add_lines(&a, 2, 10, "a2");
    add_lines(&b, 1, 10, "b2");
    galley_pair_place(&ga, &a, start, &at_a, &stuck);
    galley_pair_place(&gb, &b, start, &at_b, &stuck);
    assert_int_equal(a.cursor, 5);
    assert_int_equal(b.cursor, 6);
    assert_at(&d, 0, 8, "a2", 50, 150); /* its space before dropped: the pair's top */
    assert_at(&d, 0, 9, "a2", 50, 160);
    assert_at(&d, 0, 10, "b2", 315, 150);
    assert_near(at_a.y, 170);
    assert_near(at_b.y, 160);
    /* A side with nothing more stays where it was. */
    galley_pair_at_t same;
    galley_pair_place(&gb, &b, at_b, &same, &stuck);
    assert_int_equal(galley_pair_at_cmp(same, at_b), 0);
    galley_story_fini(&a);
    galley_story_fini(&b);
    doc_fini(&d);
    free(l);
}

/* A block runs on into its group's next column (from the columns' top on
 * page one, under the band) and onto the next page, from its cursor. */
static void test_pair_runs_on(void **state)
{
    (void)state;
    galley_layout_t *l = fixture_layout(10);
    doc_t d = {l, {{0}}, 0};
    fixture_n_lines = 0;
    galley_pair_group_t gb = {l, 2, 2, 700, page_at, &d};
    galley_story_t b = {{0}, 0};
    galley_pair_at_t to;
    int stuck;
    add_lines(&b, 1, 10, "b0");
    galley_pair_place(&gb, &b, (galley_pair_at_t){0, 0, 700}, &to, &stuck);
    assert_near(to.y, 710);
    add_lines(&b, 10, 10, "b1"); /* 3 fit under it, 4 in the next column, 3 on page 2 */
    assert_int_equal(galley_pair_place(&gb, &b, to, &to, &stuck), 0);
    assert_false(stuck);
    assert_int_equal(b.cursor, 11);
    assert_int_equal(d.n_pages, 2);
    assert_int_equal(to.page, 1);
    assert_int_equal(to.column, 0);
    assert_near(to.y, 70);
    assert_at(&d, 0, 3, "b1", 315, 730);
    assert_at(&d, 0, 4, "b1", 447.5, 700); /* column 3, from the group's top */
    assert_at(&d, 0, 7, "b1", 447.5, 730);
    assert_at(&d, 1, 0, "b1", 295, 40); /* page 2: inside margin on the right */
    assert_at(&d, 1, 2, "b1", 295, 60);
    /* Starting in the group's second column, it ends there. */
    add_lines(&b, 2, 10, "b2");
    galley_pair_place(&gb, &b, (galley_pair_at_t){1, 1, 100}, &to, &stuck);
    assert_int_equal(to.column, 1);
    assert_near(to.y, 120);
    assert_at(&d, 1, 3, "b2", 427.5, 100);
    galley_story_fini(&b);
    doc_fini(&d);
    free(l);
}

/* An item taller than an empty column cannot be placed anywhere: stuck,
 * with the cursor on it, not a page a try. */
static void test_pair_stuck(void **state)
{
    (void)state;
    galley_layout_t *l = fixture_layout(10);
    doc_t d = {l, {{0}}, 0};
    fixture_n_lines = 0;
    galley_pair_group_t ga = {l, 0, 2, 100, page_at, &d};
    galley_story_t a = {{0}, 0};
    galley_pair_at_t to;
    int stuck;
    add_lines(&a, 1, 10, "a0");
    add_lines(&a, 1, 900, "a1");
    assert_int_equal(galley_pair_place(&ga, &a, (galley_pair_at_t){0, 0, 100}, &to, &stuck), 0);
    assert_true(stuck);
    assert_int_equal(a.cursor, 1);
    assert_int_equal(d.n_pages, 2);
    galley_story_fini(&a);
    doc_fini(&d);
    free(l);
}

/* Positions order by page, then column, then height: a pair starts at the
 * later side's, whichever way the two differ. */
static void test_pair_order(void **state)
{
    (void)state;
    galley_pair_at_t p1_low = {0, 1, 700}, p2_top = {1, 0, 40};
    galley_pair_at_t c0_low = {0, 0, 700}, c1_top = {0, 1, 100};
    assert_true(galley_pair_at_cmp(p1_low, p2_top) < 0);
    assert_true(galley_pair_at_cmp(p2_top, p1_low) > 0);
    assert_true(galley_pair_at_cmp(c0_low, c1_top) < 0);
    assert_true(galley_pair_at_cmp(c1_top, c0_low) > 0);
    assert_true(galley_pair_at_cmp((galley_pair_at_t){0, 0, 100}, (galley_pair_at_t){0, 0, 110}) <
                0);
    assert_true(galley_pair_at_cmp((galley_pair_at_t){0, 0, 110}, (galley_pair_at_t){0, 0, 100}) >
                0);
    assert_int_equal(galley_pair_at_cmp(c1_top, c1_top), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairs_side_by_side),
        cmocka_unit_test(test_pair_runs_on),
        cmocka_unit_test(test_pair_stuck),
        cmocka_unit_test(test_pair_order),
    };
    return cmocka_run_group_tests_name("compose_pair", tests, NULL, NULL);
}
