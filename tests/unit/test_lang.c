/* test_lang.c: the language modules (render/typeset/lang/) as tables: the
 * Korean rules forbid a line to begin with the period of 밝혔다. or a CJK
 * closing mark and to end with an opening bracket, keep Hangul and Hanja
 * whole, let a line break after a joining middle dot and take no hyphens;
 * English takes hyphens and keeps Latin punctuation to its word; a
 * language's module is found by its tag's primary subtag. No fonts needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "lang.h"

#define NO_START GALLEY_LANG_NO_START
#define NO_END GALLEY_LANG_NO_END
#define BREAK_AFTER GALLEY_LANG_BREAK_AFTER
#define SYLLABLE GALLEY_LANG_SYLLABLE

static void test_korean_no_start(void **state)
{
    (void)state;
    const galley_lang_t *ko = &galley_lang_korean;
    /* 밝혔다. : no break before the period, nor before 。、」』〉》 */
    const uint32_t closing[] = {'.',    ',',    '!',    '?',    ')',    0x201D,
                                0x3001, 0x3002, 0x300D, 0x300F, 0x3009, 0x300B};
    for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
        assert_true(galley_lang_classes(ko, closing[i]) & NO_START);
    /* Syllables and opening brackets may begin a line. */
    assert_false(galley_lang_classes(ko, 0xB2E4 /* 다 */) & NO_START);
    assert_false(galley_lang_classes(ko, 0x300C /* 「 */) & NO_START);
    assert_false(galley_lang_classes(ko, '(') & NO_START);
}

static void test_korean_no_end(void **state)
{
    (void)state;
    const galley_lang_t *ko = &galley_lang_korean;
    const uint32_t opening[] = {'(', '[', 0x201C, 0x2018, 0x300C, 0x300E, 0x3008, 0x300A};
    for (size_t i = 0; i < sizeof opening / sizeof opening[0]; i++)
        assert_true(galley_lang_classes(ko, opening[i]) & NO_END);
    assert_false(galley_lang_classes(ko, ')') & NO_END);
    assert_false(galley_lang_classes(ko, 0x300D /* 」 */) & NO_END);
    assert_false(galley_lang_classes(ko, 0xB2E4 /* 다 */) & NO_END);
}

static void test_korean_syllables(void **state)
{
    (void)state;
    const galley_lang_t *ko = &galley_lang_korean;
    /* Hangul syllables at both ends of their block, a jamo, Hanja, Kana. */
    const uint32_t in[] = {0xAC00, 0xB2E4,          0xD7A3, 0x1100,
                           0x3131, 0x97D3 /* 韓 */, 0x30AB, 0x20000};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        assert_true(galley_lang_classes(ko, in[i]) & SYLLABLE);
    /* Latin letters, digits, spaces and the code points beside the blocks. */
    const uint32_t out[] = {'a', 'Z', '7', ' ', 0x00A0, 0xABFF, 0xD7A4, 0x10FF, 0x1200};
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++)
        assert_false(galley_lang_classes(ko, out[i]) & SYLLABLE);
    /* A line may break after the middle dots of 브라질·러시아, and nothing else. */
    assert_true(galley_lang_classes(ko, 0x00B7) & BREAK_AFTER);
    assert_true(galley_lang_classes(ko, 0x30FB) & BREAK_AFTER);
    assert_false(galley_lang_classes(ko, '.') & BREAK_AFTER);
    assert_false(galley_lang_classes(ko, '-') & BREAK_AFTER);
    assert_false(ko->hyphenate);
}

static void test_english(void **state)
{
    (void)state;
    const galley_lang_t *en = &galley_lang_english;
    assert_true(en->hyphenate);
    assert_true(galley_lang_classes(en, '.') & NO_START);
    assert_true(galley_lang_classes(en, 0x201D) & NO_START);
    assert_true(galley_lang_classes(en, 0x2026) & NO_START);
    assert_true(galley_lang_classes(en, 0x201C) & NO_END);
    assert_true(galley_lang_classes(en, '(') & NO_END);
    /* Letters, digits, the hyphen, a space and the CJK marks carry no
     * English class; English sets no syllables. */
    const uint32_t none[] = {'a', 'z', 'A', '0', '-', ' ', 0x3002, 0x300C, 0x00B7, 0xB2E4};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        assert_int_equal(galley_lang_classes(en, none[i]), 0);
}

static void test_classify_is_every_module(void **state)
{
    (void)state;
    /* An English paragraph keeps a Korean name whole, and a Korean one keeps
     * the rules of the Latin marks it quotes. */
    assert_int_equal(galley_lang_classify(0xB2E4), SYLLABLE);
    assert_int_equal(galley_lang_classify(0x30FB), SYLLABLE | NO_START | BREAK_AFTER);
    assert_int_equal(galley_lang_classify('.'), NO_START);
    assert_int_equal(galley_lang_classify(0x300C), NO_END);
    assert_int_equal(galley_lang_classify('e'), 0);
    assert_int_equal(galley_lang_classify(0), 0);
}

static void test_find(void **state)
{
    (void)state;
    assert_ptr_equal(galley_lang_find("en"), &galley_lang_english);
    assert_ptr_equal(galley_lang_find("en-GB"), &galley_lang_english);
    assert_ptr_equal(galley_lang_find("ko"), &galley_lang_korean);
    assert_ptr_equal(galley_lang_find("ko-KR"), &galley_lang_korean);
    /* The primary subtag whole: not a prefix of it, nor it of another. */
    assert_null(galley_lang_find("eng"));
    assert_null(galley_lang_find("e"));
    assert_null(galley_lang_find("kok"));
    assert_null(galley_lang_find("fr"));
    assert_null(galley_lang_find(""));
    assert_null(galley_lang_find(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_korean_no_start),          cmocka_unit_test(test_korean_no_end),
        cmocka_unit_test(test_korean_syllables),         cmocka_unit_test(test_english),
        cmocka_unit_test(test_classify_is_every_module), cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
