/* test_list_item.c: a list item's hanging indent (galley_setting_t's marker
 * and hang_for, render/typeset/typeset.c): the marker opens the first line,
 * right-aligned in the hang half an em before the text; every line's text
 * starts at the hang, the list's widest marker and half an em in; no line
 * passes the measure; and the lines give back the item's text alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "typeset.h"
#include "typeset_fixture.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char ITEM[] = "Adds forty new teachers to the district's schools, most of them in "
                           "the northern wards where classes are largest this year.";

/* Sets ITEM at MEASURE after MARKER, hung by HANG_FOR (NULL: no marker). */
static galley_lines_t set_item(fixture_t *f, const galley_style_t *st, double measure,
                               const char *marker, const char *hang_for)
{
    galley_text_t t = {(char *)ITEM, strlen(ITEM), NULL, 0};
    galley_setting_t s = {.text = &t,
                          .style = st,
                          .lang = "en",
                          .measure = measure,
                          .field = "body[2].items[0]",
                          .marker = marker,
                          .hang_for = hang_for};
    galley_lines_t lines;
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, &lines, &f->diags), 0);
    assert_true(lines.n_lines >= 3);
    return lines;
}

/* Leftmost glyph x of the line's runs after the first K. */
static double text_left(const galley_line_t *ln, size_t k)
{
    return ln->runs[k].glyphs[0].x;
}

static void test_bullet_hangs(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    double measure = 135;
    galley_lines_t lines = set_item(f, &st, measure, "\u2022", "\u2022");
    const galley_line_t *first = &lines.lines[0];
    /* the marker is the first run, at the line's left edge, the text after it */
    assert_string_equal(first->runs[0].utf8, "\u2022");
    assert_true(first->x == 0);
    double hang = first->x + text_left(first, 1);
    assert_true(hang > st.size / 2 && hang < 2 * st.size);
    for (size_t i = 0; i < lines.n_lines; i++) {
        const galley_line_t *ln = &lines.lines[i];
        assert_true(ln->x + ln->width <= measure + 0.001); /* nothing past the measure */
        if (i > 0)                                         /* every text starts at the hang */
            assert_true(fabs(ln->x + text_left(ln, 0) - hang) < 0.6);
        for (size_t r = i == 0; r < ln->n_runs; r++)
            assert_true(strstr(ln->runs[r].utf8, "\u2022") == NULL);
    }
    /* the line texts are the item's alone, without its marker */
    assert_int_equal(strncmp(first->text, "Adds", 4), 0);
    galley_lines_fini(&lines);
}

static void test_numbers_align(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    galley_lines_t nine = set_item(f, &st, 135, "9.", "10.");
    galley_lines_t ten = set_item(f, &st, 135, "10.", "10.");
    const galley_line_t *a = &nine.lines[0], *b = &ten.lines[0];
    assert_string_equal(a->runs[0].utf8, "9.");
    assert_string_equal(b->runs[0].utf8, "10.");
    /* both texts start at one hang, wider than a bullet's */
    assert_true(fabs(text_left(a, 1) - text_left(b, 1)) < 0.001);
    /* the numbers end at one place: "9." starts right of "10." */
    assert_true(a->runs[0].glyphs[0].x > b->runs[0].glyphs[0].x + 1);
    galley_lines_fini(&nine);
    galley_lines_fini(&ten);
}

static void test_narrow_column_keeps_text(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    double measure = 50; /* under the hang of "100000." and four ems */
    galley_lines_t lines = set_item(f, &st, measure, "100000.", "100000.");
    for (size_t i = 0; i < lines.n_lines; i++) {
        const galley_line_t *ln = &lines.lines[i];
        assert_true(ln->x + ln->width <= measure + 0.001);
        assert_true(measure - (ln->x + (i ? text_left(ln, 0) : text_left(ln, 1))) >=
                    4 * st.size - 0.6); /* the text keeps four ems */
    }
    galley_lines_fini(&lines);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bullet_hangs),
        cmocka_unit_test(test_numbers_align),
        cmocka_unit_test(test_narrow_column_keeps_text),
    };
    return cmocka_run_group_tests_name("list item", tests, setup, teardown);
}
