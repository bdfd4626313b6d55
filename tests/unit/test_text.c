/* test_text.c: unit tests of text handed to Pango and cairo.
 *
 * Owns: checks of galley_text_upper() (capitals that keep emphasis, strong and
 * links on exactly the letters they marked, when a capital is longer or
 * shorter than its letter), galley_link_refusal() (the schemes a PDF link may
 * have, the length limit), typographic quotes (direction by context,
 * apostrophes, primes, the escapes, spans kept on their letters), and utf8.c
 * (noncharacters, printable copies of file names, shortening at a character
 * boundary).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "text.h"
#include "utf8.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Parses SRC with markup; the test fails on a markup error. */
static galley_text_t parse(const char *src)
{
    galley_text_t t;
    assert_int_equal(galley_text_parse_raw(src, 1, &t, NULL), GALLEY_STATUS_SUCCESS);
    return t;
}

/* The text of span K of T, newly allocated. */
static char *span_text(const galley_text_t *t, size_t k)
{
    const galley_span_t *sp = &t->spans[k];
    return g_strndup(t->text + sp->start, sp->end - sp->start);
}

/* Asserts span K of T has KIND and covers exactly WHAT. */
static void assert_span(const galley_text_t *t, size_t k, galley_span_kind_t kind, const char *what)
{
    assert_true(k < t->n_spans);
    assert_int_equal(t->spans[k].kind, kind);
    char *s = span_text(t, k);
    assert_string_equal(s, what);
    g_free(s);
}

/* Parses SRC with FLAGS and asserts the text WANT. */
static void assert_quoted(const char *src, int flags, const char *want)
{
    galley_text_t t;
    assert_int_equal(galley_text_parse_raw(src, flags, &t, NULL), GALLEY_STATUS_SUCCESS);
    assert_string_equal(t.text, want);
    assert_int_equal(t.len, strlen(want));
    galley_text_fini(&t);
}

/* Typewriter quotes become typographic by their context, in English and
 * Korean: opening after a space, bracket or dash, closing elsewhere, the
 * apostrophe inside words and before a year's digits, primes after digits,
 * and a quote that closes a quote open after digits is no prime. */
static void test_quotes_by_context(void **state)
{
    (void)state;
    int f = GALLEY_TEXT_MARKUP | GALLEY_TEXT_QUOTES;
    assert_quoted("He said \"no,\" and 'yes.'", f, "He said \u201Cno,\u201D and \u2018yes.\u2019");
    assert_quoted("don't; Russia's; the players' union; the '90s", f,
                  "don\u2019t; Russia\u2019s; the players\u2019 union; the \u201990s");
    assert_quoted("5'11\" tall; 10' long", f, "5\u203211\u2033 tall; 10\u2032 long");
    assert_quoted("\"She is 5'11\", he said", f, "\u201CShe is 5\u203211\u201D, he said");
    assert_quoted("(\"a\") \u2014\"b\" \"'c'\"", f,
                  "(\u201Ca\u201D) \u2014\u201Cb\u201D \u201C\u2018c\u2019\u201D");
    /* Korean: particles follow a closing quote, an opening one may follow a word */
    assert_quoted("\"\uC548\uB155\"\uC774\uB77C\uACE0 '\uCCAD\uB3C4'\uAC00", f,
                  "\u201C\uC548\uB155\u201D\uC774\uB77C\uACE0 \u2018\uCCAD\uB3C4\u2019\uAC00");
    assert_quoted("\uC740\"\uC548\uB155\"", f, "\uC740\u201C\uC548\uB155\u201D");
}

/* Markup around quotes, escapes and the fields without markup or quotes. */
static void test_quotes_escapes_and_markup(void **state)
{
    (void)state;
    int f = GALLEY_TEXT_MARKUP | GALLEY_TEXT_QUOTES;
    assert_quoted("\\'straight\\' \\\"too\\\"", f, "'straight' \"too\"");
    assert_quoted("*\"emphasised\"* [\"a link\"](https://x.org/'q')", f,
                  "\u201Cemphasised\u201D \u201Ca link\u201D");
    /* a headline: no markup, but quotes and their escapes */
    assert_quoted("*Russia's* \\'x\\' \\*", GALLEY_TEXT_QUOTES, "*Russia\u2019s* 'x' \\*");
    /* an address or a layout's text: as typed */
    assert_quoted("o'brien@x.org \\'", 0, "o'brien@x.org \\'");
    assert_quoted("o'brien \\'", GALLEY_TEXT_MARKUP, "o'brien \\'");
    /* spans stay on their letters though each quote grows to three bytes */
    galley_text_t t;
    assert_int_equal(galley_text_parse_raw("'a' *\"b\"* **c's**", f, &t, NULL),
                     GALLEY_STATUS_SUCCESS);
    assert_int_equal(t.n_spans, 2);
    assert_span(&t, 0, GALLEY_SPAN_EMPHASIS, "\u201Cb\u201D");
    assert_span(&t, 1, GALLEY_SPAN_STRONG, "c\u2019s");
    galley_text_fini(&t);
}

/* Capitals longer and shorter than their letters: ﬀ (3 bytes) is FF (2),
 * ΐ (2) is Ϊ́ (3 characters, 6 bytes), ı (2) is I (1). */
static void test_upper_lengths_change(void **state)
{
    (void)state;
    galley_text_t t = parse("\xEF\xAC\x80 *\xCE\x90* [\xC4\xB1](https://x)"), up;
    assert_int_equal(galley_text_upper(&t, &up), GALLEY_STATUS_SUCCESS);
    assert_string_equal(up.text, "FF \xCE\x99\xCC\x88\xCC\x81 I");
    assert_int_equal(up.len, strlen(up.text));
    assert_int_equal(up.n_spans, 2);
    assert_span(&up, 0, GALLEY_SPAN_EMPHASIS, "\xCE\x99\xCC\x88\xCC\x81");
    assert_int_equal(up.spans[0].start, 3);
    assert_int_equal(up.spans[0].end, 9);
    assert_span(&up, 1, GALLEY_SPAN_LINK, "I");
    assert_string_equal(up.spans[1].url, "https://x");
    assert_true(up.spans[1].url != t.spans[1].url); /* its own copy */
    galley_text_fini(&up);
    galley_text_fini(&t);
}

/* Lengths that cancel out: ǰ (2 bytes) is J̌ (3), ﬁ (3) is FI (2); the whole
 * string keeps its length, so the old offsets pointed at the wrong letters. */
static void test_upper_lengths_cancel(void **state)
{
    (void)state;
    galley_text_t t = parse("\xC7\xB0 *a* \xEF\xAC\x81 **b**"), up;
    assert_int_equal(galley_text_upper(&t, &up), GALLEY_STATUS_SUCCESS);
    assert_string_equal(up.text, "J\xCC\x8C A FI B");
    assert_int_equal(up.len, t.len);
    assert_span(&up, 0, GALLEY_SPAN_EMPHASIS, "A");
    assert_span(&up, 1, GALLEY_SPAN_STRONG, "B");
    galley_text_fini(&up);
    galley_text_fini(&t);
}

/* Nested spans, a span at each end, and a link with emphasis inside. */
static void test_upper_nested(void **state)
{
    (void)state;
    galley_text_t t = parse("**stra\xC3\x9F\x65 *\xC3\x9F* x** [ﬀ *ı*](https://y) \xC3\x9F"), up;
    assert_int_equal(galley_text_upper(&t, &up), GALLEY_STATUS_SUCCESS);
    assert_string_equal(up.text, "STRASSE SS X FF I SS");
    assert_int_equal(up.n_spans, 4);
    assert_span(&up, 0, GALLEY_SPAN_STRONG, "STRASSE SS X");
    assert_span(&up, 1, GALLEY_SPAN_EMPHASIS, "SS");
    assert_span(&up, 2, GALLEY_SPAN_LINK, "FF I");
    assert_span(&up, 3, GALLEY_SPAN_EMPHASIS, "I");
    galley_text_fini(&up);
    galley_text_fini(&t);
}

/* No spans, and no text. */
static void test_upper_plain(void **state)
{
    (void)state;
    galley_text_t t = parse("na\xC3\xAFve"), up;
    assert_int_equal(galley_text_upper(&t, &up), GALLEY_STATUS_SUCCESS);
    assert_string_equal(up.text, "NA\xC3\x8FVE");
    assert_int_equal(up.n_spans, 0);
    assert_null(up.spans);
    galley_text_fini(&up);
    galley_text_fini(&t);
}

/* http, https, mailto and tel in any case are links; nothing else is. */
static void test_link_refusal(void **state)
{
    (void)state;
    char why[200];
    const char *ok[] = {"http://x.org", "HTTPS://x.org/a_(b)", "mailto:a@b.org", "Tel:+82-2-1"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_null(galley_link_refusal(ok[i], why, sizeof why));
    const char *bad[] = {"javascript:alert(1)", "JavaScript:x", "file:///etc/passwd",
                         "data:text/html,hi",   "ftp://x.org",  "vbscript:x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_non_null(galley_link_refusal(bad[i], why, sizeof why));
        assert_non_null(strstr(why, "is not allowed (only http, https, mailto and tel)"));
    }
    const char *relative[] = {"page.html", "/a/b", "//x.org/a", "#top", "1http:x", "www.x.org"};
    for (size_t i = 0; i < sizeof relative / sizeof *relative; i++) {
        assert_non_null(galley_link_refusal(relative[i], why, sizeof why));
        assert_non_null(strstr(why, "has no scheme"));
    }
    char *url = malloc(GALLEY_LINK_MAX_BYTES + 2);
    memcpy(url, "https://", 8);
    memset(url + 8, 'a', GALLEY_LINK_MAX_BYTES - 8);
    url[GALLEY_LINK_MAX_BYTES] = '\0';
    assert_null(galley_link_refusal(url, why, sizeof why)); /* at the limit */
    strcpy(url + GALLEY_LINK_MAX_BYTES, "a");
    assert_non_null(galley_link_refusal(url, why, sizeof why));
    assert_non_null(strstr(why, "is 8193 bytes long, over the limit of 8192 bytes"));
    free(url);
}

/* Removing a link keeps the text and the other spans. */
static void test_unlink(void **state)
{
    (void)state;
    galley_text_t t = parse("*a* [b](x) **c**");
    assert_int_equal(t.n_spans, 3);
    galley_text_unlink(&t, 1);
    assert_string_equal(t.text, "a b c");
    assert_int_equal(t.n_spans, 2);
    assert_span(&t, 0, GALLEY_SPAN_EMPHASIS, "a");
    assert_span(&t, 1, GALLEY_SPAN_STRONG, "c");
    galley_text_fini(&t);
}

/* The 66 noncharacters, and their neighbours. */
static void test_noncharacters(void **state)
{
    (void)state;
    int count = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++)
        count += galley_utf8_is_noncharacter(cp);
    assert_int_equal(count, 66);
    assert_true(galley_utf8_is_noncharacter(0xFDD0) && galley_utf8_is_noncharacter(0xFDEF));
    assert_false(galley_utf8_is_noncharacter(0xFDCF) || galley_utf8_is_noncharacter(0xFDF0));
    assert_true(galley_utf8_is_noncharacter(0xFFFE) && galley_utf8_is_noncharacter(0x10FFFF));
    assert_false(galley_utf8_is_noncharacter(0xFFFD) || galley_utf8_is_noncharacter(0x10FFFD));
    uint32_t cp = 0;
    const char *s = "ab\xC3\xA9\xEF\xBF\xBEz";
    assert_int_equal(galley_utf8_find_noncharacter(s, strlen(s), &cp), 4);
    assert_int_equal(cp, 0xFFFE);
    assert_int_equal(galley_utf8_unprintable(s, strlen(s)), 4);
    assert_int_equal(galley_utf8_unprintable("a\xC3", 2), 1);            /* a cut character */
    assert_int_equal(galley_utf8_unprintable("\xF4\x8F\xBF\xBF", 4), 0); /* U+10FFFF */
    assert_int_equal(galley_utf8_unprintable("\xF4\x8F\xBF\xBD", 4), 4);
}

/* A file name that is not UTF-8, or holds a noncharacter, prints with U+FFFD. */
static void test_printable(void **state)
{
    (void)state;
    char *p = galley_utf8_printable("caf\xE9.json");
    assert_string_equal(p, "caf\xEF\xBF\xBD.json");
    g_free(p);
    p = galley_utf8_printable("a\xEF\xBF\xBF\xC3\xA9\xE2\x82");
    assert_string_equal(p, "a\xEF\xBF\xBD\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD");
    g_free(p);
    p = galley_utf8_printable("plain");
    assert_string_equal(p, "plain");
    g_free(p);
}

/* Shortening cuts between characters and shows the cut with "…". */
static void test_shorten(void **state)
{
    (void)state;
    const char *e4 = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"; /* éééé, 8 bytes */
    char *s = galley_utf8_shorten(e4, 8);
    assert_string_equal(s, e4);
    g_free(s);
    for (size_t max = 4; max < 8; max++) {
        s = galley_utf8_shorten(e4, max);
        assert_true(strlen(s) <= max);
        assert_true(g_utf8_validate(s, -1, NULL));
        assert_true(g_str_has_suffix(s, "\xE2\x80\xA6"));
        g_free(s);
    }
    s = galley_utf8_shorten(e4, 6);
    assert_string_equal(s, "\xC3\xA9\xE2\x80\xA6");
    g_free(s);
}

int main(void)
{
    // clang-format off
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upper_lengths_change),
        cmocka_unit_test(test_upper_lengths_cancel),
        cmocka_unit_test(test_upper_nested),
        cmocka_unit_test(test_upper_plain),
        cmocka_unit_test(test_quotes_by_context),
        cmocka_unit_test(test_quotes_escapes_and_markup),
        cmocka_unit_test(test_link_refusal),
        cmocka_unit_test(test_unlink),
        cmocka_unit_test(test_noncharacters),
        cmocka_unit_test(test_printable),
        cmocka_unit_test(test_shorten),
    };
    // clang-format on
    return cmocka_run_group_tests(tests, NULL, NULL);
}
