/* test_set_memo.c: the settings memo article_fit.c's tries share
 * (render/compose/set_memo.c) and the deep copy of set lines it keeps
 * (galley_lines_copy, render/typeset/typeset.c): a copy has the original's
 * glyphs, positions and text in its own memory; the memo gives a setting
 * back only for the same text, style, language and measure, compared by
 * content, so a buffer reused with other words misses; a text with spans is
 * never kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "set_memo.h"
#include "typeset_fixture.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char HEAD[] = "Falcon 9 sends a space-weather sentinel toward deep space, a million "
                           "miles out, to warn of storms";
static const char OTHER[] = "Russia's top security official says country supports revising UN "
                            "sanctions on the North....";

/* Sets the LEN bytes at TEXT in ST at MEASURE into *OUT. */
static void set(fixture_t *f, const galley_style_t *st, const char *text, size_t len,
                double measure, galley_lines_t *out)
{
    galley_text_t t = {(char *)text, len, NULL, 0};
    galley_setting_t s = {.text = &t, .style = st, .lang = "en", .measure = measure};
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, out, &f->diags), 0);
    assert_true(out->n_lines >= 2);
}

/* Asserts A and B are the same setting in separate memory. */
static void assert_same_lines(const galley_lines_t *a, const galley_lines_t *b)
{
    assert_int_equal(a->n_lines, b->n_lines);
    assert_ptr_not_equal(a->lines, b->lines);
    for (size_t i = 0; i < a->n_lines; i++) {
        const galley_line_t *x = &a->lines[i], *y = &b->lines[i];
        assert_true(x->width == y->width && x->x == y->x && x->leading == y->leading);
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->hyphenated, y->hyphenated);
        assert_string_equal(x->text, y->text);
        assert_ptr_not_equal(x->text, y->text);
        assert_int_equal(x->n_runs, y->n_runs);
        for (size_t r = 0; r < x->n_runs; r++) {
            const galley_glyph_run_t *p = &x->runs[r], *q = &y->runs[r];
            assert_int_equal(p->n_glyphs, q->n_glyphs);
            assert_ptr_not_equal(p->glyphs, q->glyphs);
            assert_memory_equal(p->glyphs, q->glyphs, (size_t)p->n_glyphs * sizeof *p->glyphs);
            assert_ptr_equal(p->font, q->font); /* one scaled font, referenced twice */
            assert_string_equal(p->utf8, q->utf8);
        }
    }
}

static void test_copy_is_deep(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    galley_lines_t a, b, c;
    set(f, &st, HEAD, strlen(HEAD), 120, &a);
    set(f, &st, HEAD, strlen(HEAD), 120, &c);
    assert_int_equal(galley_lines_copy(&a, &b), 0);
    assert_same_lines(&a, &b);
    galley_lines_fini(&a); /* the copy outlives its original */
    assert_same_lines(&b, &c);
    galley_lines_fini(&b);
    galley_lines_fini(&c);
}

static void test_memo_matches_by_content(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    char buf[sizeof HEAD];
    memcpy(buf, HEAD, sizeof HEAD);
    galley_text_t t = {buf, strlen(buf), NULL, 0};
    galley_lines_t set_now, got;
    set(f, &st, buf, t.len, 120, &set_now);
    galley_set_memo_t *memo = galley_set_memo_create();
    assert_non_null(memo);
    galley_set_key_t key = {&t, &st, "en", 120, 0, NULL, NULL};
    assert_int_equal(galley_set_memo_get(memo, &key, &got), 0);
    assert_int_equal(got.n_lines, 0);
    galley_set_memo_put(memo, &key, &set_now);

    /* the same words elsewhere in memory, in an equal style: the kept setting */
    galley_text_t same = {(char *)HEAD, strlen(HEAD), NULL, 0};
    galley_style_t st2 = st;
    galley_set_key_t again = {&same, &st2, "en", 120, 0, NULL, NULL};
    assert_int_equal(galley_set_memo_get(memo, &again, &got), 1);
    assert_same_lines(&set_now, &got);
    galley_lines_fini(&got);

    /* the same buffer with other words: no match */
    memcpy(buf, OTHER, sizeof OTHER);
    assert_int_equal(galley_set_memo_get(memo, &key, &got), 0);
    memcpy(buf, HEAD, sizeof HEAD);
    /* another measure, size, language or indent: no match */
    galley_set_key_t k = key;
    k.measure = 121;
    assert_int_equal(galley_set_memo_get(memo, &k, &got), 0);
    st2.size = 10;
    k = key;
    k.style = &st2;
    assert_int_equal(galley_set_memo_get(memo, &k, &got), 0);
    k = key;
    k.lang = "de";
    assert_int_equal(galley_set_memo_get(memo, &k, &got), 0);
    k = key;
    k.indent = 12;
    assert_int_equal(galley_set_memo_get(memo, &k, &got), 0);
    k = key;
    k.marker = "\u2022";
    assert_int_equal(galley_set_memo_get(memo, &k, &got), 0);
    galley_set_memo_destroy(memo);
    galley_lines_fini(&set_now); /* the memo kept its own copy */
}

static void test_spans_not_kept(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    galley_span_t em = {GALLEY_SPAN_EMPHASIS, 0, 6, NULL, 0};
    galley_text_t t = {(char *)HEAD, strlen(HEAD), &em, 1};
    galley_lines_t lines, got;
    set(f, &st, HEAD, t.len, 120, &lines);
    galley_set_memo_t *memo = galley_set_memo_create();
    galley_set_key_t key = {&t, &st, "en", 120, 0, NULL, NULL};
    galley_set_memo_put(memo, &key, &lines);
    assert_int_equal(galley_set_memo_get(memo, &key, &got), 0);
    galley_set_memo_destroy(memo);
    galley_lines_fini(&lines);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_is_deep),
        cmocka_unit_test(test_memo_matches_by_content),
        cmocka_unit_test(test_spans_not_kept),
    };
    return cmocka_run_group_tests_name("settings memo", tests, setup, teardown);
}
