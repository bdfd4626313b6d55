/* test_hyphen_list.c: unit tests of render/resources/hyphen_list.c and of the
 * order galley_hyphen_find() looks a word up in.
 *
 * Owns the checks that a list reads its format (words with hyphens, words
 * never broken, comments, several words a line, TeX's \hyphenation{...}
 * wrapper), matches words in any case, takes a later entry of a word over an
 * earlier one, refuses each bad entry at its line and column, and that the
 * shipped TUGboat list loads whole; and that a house list wins over the
 * exceptions, the exceptions over the patterns, with the minimums applied to
 * the exceptions and patterns but not to the desk's own list. Run from the
 * repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hyphen_fixture.h"
#include "hyphen_list.h"
#include "hyphenation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The word WORD as LIST breaks it ("pyong-yang"), or "-1" when not listed. */
static const char *listed(const galley_hyphen_list_t *list, const char *word)
{
    char points[GALLEY_HYPHEN_MAX_WORD];
    size_t n = strlen(word);
    if (galley_hyphen_list_find(list, word, n, points) < 0)
        return "-1";
    return hyphen_show(word, n, points);
}

/* Parses TEXT into a new list; asserts the status WANT. */
static galley_hyphen_list_t *parse(const char *text, galley_status_t want, galley_diags_t *d)
{
    galley_hyphen_list_t *list = NULL;
    assert_int_equal(galley_hyphen_list_create(&list), GALLEY_STATUS_SUCCESS);
    assert_int_equal(galley_hyphen_list_parse(list, text, strlen(text), "house.txt", d), want);
    return list;
}

/* The format: hyphens at the breaks, a word without them never broken,
 * comments, several words a line, TeX's wrapper; any case matches. */
static void test_list_format(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_hyphen_list_t *list = parse("# the desk's list\n"
                                       "Pyong-yang  Shoi-gu   % two on a line\n"
                                       "JoongAng\n"
                                       "\\hyphenation {\n  anti-bi-ot-ic\n}\n"
                                       "pyon-gyang\n", /* a later entry wins */
                                       GALLEY_STATUS_SUCCESS, &d);
    assert_int_equal(galley_hyphen_list_count(list), 4);
    assert_string_equal(listed(list, "PYONGYANG"), "PYON-GYANG");
    assert_string_equal(listed(list, "Shoigu"), "Shoi-gu");
    assert_string_equal(listed(list, "joongang"), "joongang");
    assert_string_equal(listed(list, "antibiotic"), "anti-bi-ot-ic");
    assert_string_equal(listed(list, "antibiotics"), "-1");
    assert_int_equal(d.count, 0);
    galley_hyphen_list_destroy(list);
    galley_diags_fini(&d);
}

/* Each bad entry is an error at its line and column; the good ones load. */
static void test_list_errors(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_hyphen_list_t *list = parse(
        "good-word\nbad--word\n  -lead trail-\n\xc3\xa9t\xc3\xa9 M\xc3\xbcller\n\\foo\nstray}\n",
        GALLEY_STATUS_INPUT_ERROR, &d);
    const char *want[] = {"house.txt:2:5: error: hyphenation: 'bad--word': two hyphens",
                          "house.txt:3:3: error: hyphenation: '-lead': a hyphen must",
                          "house.txt:3:14: error: hyphenation: 'trail-': a hyphen must",
                          "house.txt:4:1: error: hyphenation: '\xc3\xa9t\xc3\xa9': '\xc3\xa9' is",
                          "house.txt:4:6: error: hyphenation: 'M\xc3\xbcller': '\xc3\xbc' is",
                          "house.txt:5:1: error: hyphenation: '\\foo': a TeX command",
                          "house.txt:6:6: error: hyphenation: 'stray}': '}' is not"};
    assert_int_equal(d.count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < d.count; i++)
        if (strncmp(d.items[i].formatted, want[i], strlen(want[i])) != 0)
            fail_msg("message %zu: %s\nwanted: %s", i, d.items[i].formatted, want[i]);
    assert_string_equal(listed(list, "goodword"), "good-word");
    galley_hyphen_list_destroy(list);
    galley_diags_fini(&d);

    /* a word longer than any Galley hyphenates, and a file that is not UTF-8 */
    galley_diags_init(&d);
    char long_word[GALLEY_HYPHEN_MAX_WORD + 3];
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    galley_hyphen_list_destroy(parse(long_word, GALLEY_STATUS_INPUT_ERROR, &d));
    galley_hyphen_list_destroy(parse("ok\n\xff\n", GALLEY_STATUS_INPUT_ERROR, &d));
    assert_int_equal(d.count, 2);
    assert_non_null(strstr(d.items[0].formatted, "longer than 60 letters"));
    assert_non_null(strstr(d.items[1].formatted, "house.txt:2:1: error"));
    galley_diags_fini(&d);
}

/* The shipped TUGboat list loads whole: its 1,753 words, not one refused. */
static void test_shipped_list(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_hyphen_list_t *list = NULL;
    assert_int_equal(galley_hyphen_list_load("hyphenation/ushyphex.tex", NULL, 1 << 20, &list, &d),
                     GALLEY_STATUS_SUCCESS);
    assert_int_equal(galley_hyphen_list_count(list), 1753);
    assert_string_equal(listed(list, "aperiodic"), "a-peri-odic");
    assert_string_equal(listed(list, "QWERTY"), "QWERTY");
    galley_hyphen_list_destroy(list);
    galley_diags_fini(&d);
}

/* WORD as galley_hyphen_find breaks it with HOUSE and the rules (2, 3, 5,
 * capitalised words hyphenated). */
static const char *found(galley_hyphen_t *hy, const galley_hyphen_house_t *house, const char *word)
{
    galley_hyphen_rules_t rules = {2, 3, 5, 1};
    char points[GALLEY_HYPHEN_MAX_WORD];
    size_t n = strlen(word);
    galley_hyphen_find(hy, GALLEY_HYPHEN_EN_US, house, &rules, word, n, points);
    return hyphen_show(word, n, points);
}

/* The house list wins over the exceptions, the exceptions over the
 * patterns; the minimums trim the exceptions, not the house list. */
static void test_lookup_order(void **state)
{
    (void)state;
    galley_hyphen_t *hy = NULL;
    assert_int_equal(galley_hyphen_create(GALLEY_DATADIR, &hy), GALLEY_STATUS_SUCCESS);
    assert_int_equal(galley_hyphen_exception_count(hy, GALLEY_HYPHEN_EN_US), 1753);
    /* the patterns alone break antibiotic wrongly; the exceptions right,
     * less "ic" (3 letters are carried) */
    char points[16];
    galley_hyphen_word(hy, GALLEY_HYPHEN_EN_US, "antibiotic", 10, 2, 3, points);
    assert_false(points[3]); /* not anti- */
    assert_string_equal(found(hy, NULL, "antibiotic"), "anti-bi-otic");
    assert_string_equal(found(hy, NULL, "Antibiotic"), "Anti-bi-otic");
    galley_diags_t d;
    galley_diags_init(&d);
    galley_hyphen_list_t *desk =
        parse("an-tibiotic Shoi-gu international NASA\n", GALLEY_STATUS_SUCCESS, &d);
    galley_hyphen_house_t house = {{NULL, desk, NULL}};
    assert_string_equal(found(hy, &house, "antibiotic"), "an-tibiotic");
    assert_string_equal(found(hy, &house, "Shoigu"), "Shoi-gu"); /* under the minimum of 3 */
    assert_string_equal(found(hy, &house, "international"), "international");
    assert_string_equal(found(hy, NULL, "international"), "in-ter-na-tional");
    /* a word in capitals is never broken by the patterns, but a house list may */
    galley_hyphen_list_t *caps = parse("NA-SA\n", GALLEY_STATUS_SUCCESS, &d);
    assert_string_equal(found(hy, NULL, "NASA"), "NASA");
    galley_hyphen_house_t first = {{caps, desk, NULL}};
    assert_string_equal(found(hy, &first, "NASA"), "NA-SA");
    galley_hyphen_list_destroy(caps);
    galley_hyphen_list_destroy(desk);
    galley_diags_fini(&d);
    galley_hyphen_destroy(hy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_format),
        cmocka_unit_test(test_list_errors),
        cmocka_unit_test(test_shipped_list),
        cmocka_unit_test(test_lookup_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
