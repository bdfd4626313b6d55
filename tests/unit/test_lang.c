/* test_lang.c: the language modules (render/typeset/lang/) as tables: the
 * Korean rules forbid a line to begin with the period of 밝혔다. or a CJK
 * closing mark and to end with an opening bracket, keep Hangul and Hanja
 * whole, let a line break after a joining middle dot and take no hyphens;
 * English takes hyphens and keeps Latin punctuation to its word; a
 * language's module is found by its tag's primary subtag; each module holds
 * the words Galley prints (byline form, related label, jump lines) and
 * writes a date out exactly as the folios printed it before the words moved
 * into the modules; words fall back to English; the German, French,
 * Spanish, Italian, Norwegian and Swedish modules print their papers' words
 * and dates. No fonts needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
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
    /* A line may break after the middle dots of 브라질·러시아 and the ellipsis
     * joining a headline's clauses (문학상…작가), and nothing else. */
    assert_true(galley_lang_classes(ko, 0x00B7) & BREAK_AFTER);
    assert_true(galley_lang_classes(ko, 0x30FB) & BREAK_AFTER);
    assert_true(galley_lang_classes(ko, 0x2026) & BREAK_AFTER);
    assert_false(galley_lang_classes(ko, '.') & BREAK_AFTER);
    assert_false(galley_lang_classes(ko, '-') & BREAK_AFTER);
    assert_null(ko->hyphen_dict);
}

static void test_english(void **state)
{
    (void)state;
    const galley_lang_t *en = &galley_lang_english;
    assert_string_equal(en->hyphen_dict, "hyph_en_US.dic");
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
    assert_null(galley_lang_find("ja"));
    assert_null(galley_lang_find("n"));
    assert_null(galley_lang_find("nob"));
    assert_null(galley_lang_find(""));
    assert_null(galley_lang_find(NULL));
}

/* Module L's date for YEAR-MONTH-DAY, in a buffer as large as a folio's. */
static const char *date(const galley_lang_t *l, int year, int month, int day)
{
    static char buf[96];
    memset(buf, 'x', sizeof buf);
    galley_lang_format_date(l, year, month, day, buf, sizeof buf);
    return buf;
}

/* The dates compose/ printed before the words moved here (toolbox_page.c's
 * galley_format_date, run on these dates), byte for byte. */
static void test_date(void **state)
{
    (void)state;
    const galley_lang_t *en = &galley_lang_english, *ko = &galley_lang_korean;
    assert_string_equal(date(en, 2025, 6, 11), "Wednesday, June 11, 2025");
    assert_string_equal(date(ko, 2025, 6, 11), "2025년 6월 11일 수요일");
    assert_string_equal(date(en, 2024, 2, 29), "Thursday, February 29, 2024");
    assert_string_equal(date(en, 1999, 12, 31), "Friday, December 31, 1999");
    assert_string_equal(date(ko, 2000, 1, 1), "2000년 1월 1일 토요일");
    /* Every month's name and every weekday's, in both. */
    assert_string_equal(date(en, 2025, 1, 5), "Sunday, January 5, 2025");
    assert_string_equal(date(en, 2025, 3, 3), "Monday, March 3, 2025");
    assert_string_equal(date(en, 2025, 4, 1), "Tuesday, April 1, 2025");
    assert_string_equal(date(en, 2025, 5, 1), "Thursday, May 1, 2025");
    assert_string_equal(date(en, 2025, 7, 4), "Friday, July 4, 2025");
    assert_string_equal(date(en, 2025, 8, 16), "Saturday, August 16, 2025");
    assert_string_equal(date(en, 2025, 9, 10), "Wednesday, September 10, 2025");
    assert_string_equal(date(en, 2025, 10, 10), "Friday, October 10, 2025");
    assert_string_equal(date(en, 2025, 11, 11), "Tuesday, November 11, 2025");
    assert_string_equal(date(ko, 2025, 1, 5), "2025년 1월 5일 일요일");
    assert_string_equal(date(ko, 2025, 3, 3), "2025년 3월 3일 월요일");
    assert_string_equal(date(ko, 2025, 4, 1), "2025년 4월 1일 화요일");
    assert_string_equal(date(ko, 2025, 5, 1), "2025년 5월 1일 목요일");
    assert_string_equal(date(ko, 2025, 10, 10), "2025년 10월 10일 금요일");
    assert_string_equal(date(ko, 2025, 12, 20), "2025년 12월 20일 토요일");
    /* No date, or a month or day out of range: nothing. */
    assert_string_equal(date(en, 0, 6, 11), "");
    assert_string_equal(date(en, 2025, 0, 11), "");
    assert_string_equal(date(en, 2025, 13, 11), "");
    assert_string_equal(date(ko, 2025, 6, 0), "");
    /* Cut as snprintf cuts: at N - 1 bytes, ended. */
    char small[12];
    galley_lang_format_date(en, 2025, 6, 11, small, sizeof small);
    assert_string_equal(small, "Wednesday, ");
    galley_lang_format_date(ko, 2025, 6, 11, small, 10);
    assert_string_equal(small, "2025년 6");
    galley_lang_format_date(en, 2025, 6, 11, small, 1);
    assert_string_equal(small, "");
}

/* A pattern's conversions one by one, and what is not one printed as it stands. */
static void test_date_pattern(void **state)
{
    (void)state;
    galley_lang_t l = galley_lang_english;
    l.date.pattern = "%Y|%-m|%-d|%B|%A|%%|%q|%-y|100%";
    assert_string_equal(date(&l, 2025, 6, 9), "2025|6|9|June|Monday|%|%q|%-y|100%");
    l.date.pattern = "";
    assert_string_equal(date(&l, 2025, 6, 9), "");
}

/* The words the modules print, as compose/ printed them before (Korean's
 * jump lines wait for a Korean edition: editions print English). */
static void test_words(void **state)
{
    (void)state;
    const struct {
        const galley_lang_t *l;
        const char *by;
        const char *between;
        const char *related, *on[2], *from[2];
    } want[] = {
        {&galley_lang_english,
         "By ",
         ", ",
         "Related",
         {"Continued on page ", ""},
         {"Continued from page ", ""}},
        {&galley_lang_korean, "", " ", "관련 기사", {"", "면에 계속"}, {"", "면에서 계속"}},
    };
    for (size_t m = 0; m < sizeof want / sizeof want[0]; m++) {
        const galley_lang_t *l = want[m].l;
        assert_string_equal(l->byline.by, want[m].by);
        assert_string_equal(l->byline.between, want[m].between);
        assert_string_equal(l->byline.dash, " \u2014 ");
        assert_string_equal(l->quotes.open, "\u201c");
        assert_string_equal(l->quotes.close, "\u201d");
        assert_string_equal(l->related, want[m].related);
        assert_string_equal(l->continued_on.before, want[m].on[0]);
        assert_string_equal(l->continued_on.after, want[m].on[1]);
        assert_string_equal(l->continued_from.before, want[m].from[0]);
        assert_string_equal(l->continued_from.after, want[m].from[1]);
        /* Every module names all twelve months and seven days. */
        for (size_t i = 0; i < 12; i++)
            assert_non_null(l->date.months[i]);
        for (size_t i = 0; i < 7; i++)
            assert_non_null(l->date.weekdays[i]);
    }
}

/* The words of a language without a module are English's. */
static void test_words_fallback(void **state)
{
    (void)state;
    assert_ptr_equal(galley_lang_words("ko"), &galley_lang_korean);
    assert_ptr_equal(galley_lang_words("ko-KR"), &galley_lang_korean);
    assert_ptr_equal(galley_lang_words("en-GB"), &galley_lang_english);
    assert_ptr_equal(galley_lang_words("pt"), &galley_lang_english);
    assert_ptr_equal(galley_lang_words("fr"), &galley_lang_french);
    assert_ptr_equal(galley_lang_words("kok"), &galley_lang_english);
    assert_ptr_equal(galley_lang_words(NULL), &galley_lang_english);
}

/* Quotation marks pair as the modules say; what opens nothing gives 0. */
static void test_quote_pairs(void **state)
{
    (void)state;
    assert_int_equal(galley_lang_quote_close(0x201C), 0x201D);
    assert_int_equal(galley_lang_quote_close('"'), '"');
    assert_int_equal(galley_lang_quote_close(0x300C), 0x300D);
    assert_int_equal(galley_lang_quote_close(0x201D), 0);
    assert_int_equal(galley_lang_quote_close('a'), 0);
}

/* The European modules: each found by its tags ("no" is Bokmål), with
 * the dictionary Debian's hyphen-* package installs, and the words its
 * papers print. */
static void test_european(void **state)
{
    (void)state;
    const struct {
        const char *tag;
        const galley_lang_t *l;
        const char *dict, *by, *open, *close, *related, *on, *from;
    } want[] = {
        {"de-AT", &galley_lang_german, "hyph_de_DE.dic", "Von ", "„", "“", "Mehr zum Thema",
         "Fortsetzung auf Seite ", "Fortsetzung von Seite "},
        {"fr-CA", &galley_lang_french, "hyph_fr.dic", "Par ", "« ", " »", "À lire aussi",
         "Suite en page ", "Suite de la page "},
        {"es", &galley_lang_spanish, "hyph_es_ES.dic", "Por ", "«", "»", "Más información",
         "Continúa en la página ", "Viene de la página "},
        {"it", &galley_lang_italian, "hyph_it_IT.dic", "Di ", "«", "»", "Leggi anche",
         "Continua a pagina ", "Segue da pagina "},
        {"nb", &galley_lang_bokmal, "hyph_nb_NO.dic", "Av ", "«", "»", "Les også",
         "Fortsettelse på side ", "Fortsatt fra side "},
        {"no", &galley_lang_bokmal, "hyph_nb_NO.dic", "Av ", "«", "»", "Les også",
         "Fortsettelse på side ", "Fortsatt fra side "},
        {"nn", &galley_lang_nynorsk, "hyph_nn_NO.dic", "Av ", "«", "»", "Les òg",
         "Framhald på side ", "Framhald frå side "},
        {"sv-FI", &galley_lang_swedish, "hyph_sv_SE.dic", "Av ", "”", "”", "Läs också",
         "Fortsättning på sidan ", "Fortsättning från sidan "},
    };
    for (size_t m = 0; m < sizeof want / sizeof want[0]; m++) {
        const galley_lang_t *l = galley_lang_find(want[m].tag);
        assert_ptr_equal(l, want[m].l);
        assert_ptr_equal(galley_lang_words(want[m].tag), want[m].l);
        assert_string_equal(l->hyphen_dict, want[m].dict);
        assert_string_equal(l->byline.by, want[m].by);
        assert_string_equal(l->byline.between, ", ");
        assert_string_equal(l->byline.dash, " – ");
        assert_string_equal(l->quotes.open, want[m].open);
        assert_string_equal(l->quotes.close, want[m].close);
        assert_string_equal(l->related, want[m].related);
        assert_string_equal(l->continued_on.before, want[m].on);
        assert_string_equal(l->continued_on.after, "");
        assert_string_equal(l->continued_from.before, want[m].from);
        assert_string_equal(l->continued_from.after, "");
        for (size_t i = 0; i < 12; i++)
            assert_non_null(l->date.months[i]);
        for (size_t i = 0; i < 7; i++)
            assert_non_null(l->date.weekdays[i]);
        /* Latin punctuation as English's: the classes are unchanged */
        for (uint32_t c = 0; c < 0x3000; c++)
            assert_int_equal(galley_lang_classes(l, c),
                             galley_lang_classes(&galley_lang_english, c));
    }
    assert_null(galley_lang_find("pt"));
    assert_null(galley_lang_find("nob"));
}

/* Dates as the European papers print them, every month and weekday, and
 * the French and Italian first of the month. */
static void test_european_dates(void **state)
{
    (void)state;
    const galley_lang_t *de = &galley_lang_german, *fr = &galley_lang_french,
                        *es = &galley_lang_spanish, *it = &galley_lang_italian,
                        *nb = &galley_lang_bokmal, *nn = &galley_lang_nynorsk,
                        *sv = &galley_lang_swedish;
    assert_string_equal(date(de, 2025, 6, 11), "Mittwoch, 11. Juni 2025");
    assert_string_equal(date(de, 2025, 3, 1), "Samstag, 1. März 2025");
    assert_string_equal(date(de, 2025, 12, 21), "Sonntag, 21. Dezember 2025");
    assert_string_equal(date(fr, 2025, 6, 11), "mercredi 11 juin 2025");
    assert_string_equal(date(fr, 2025, 6, 1), "dimanche 1er juin 2025");
    assert_string_equal(date(fr, 2025, 8, 21), "jeudi 21 août 2025");
    assert_string_equal(date(fr, 2025, 2, 10), "lundi 10 février 2025");
    assert_string_equal(date(es, 2025, 6, 11), "miércoles, 11 de junio de 2025");
    assert_string_equal(date(es, 2025, 3, 1), "sábado, 1 de marzo de 2025");
    assert_string_equal(date(it, 2025, 6, 11), "mercoledì 11 giugno 2025");
    assert_string_equal(date(it, 2025, 5, 1), "giovedì 1º maggio 2025");
    assert_string_equal(date(nb, 2025, 6, 11), "onsdag 11. juni 2025");
    assert_string_equal(date(nb, 2025, 12, 20), "lørdag 20. desember 2025");
    assert_string_equal(date(nn, 2025, 6, 10), "tysdag 10. juni 2025");
    assert_string_equal(date(nn, 2025, 6, 9), "måndag 9. juni 2025");
    assert_string_equal(date(sv, 2025, 6, 11), "onsdag 11 juni 2025");
    assert_string_equal(date(sv, 2025, 5, 4), "söndag 4 maj 2025");
    assert_string_equal(date(sv, 2025, 8, 1), "fredag 1 augusti 2025");
    /* a module without first_day prints 1; %-m is never an ordinal */
    galley_lang_t l = galley_lang_french;
    l.date.pattern = "%-d/%-m";
    assert_string_equal(date(&l, 2025, 1, 1), "1er/1");
}

/* Units: English whole words only, Korean ones with their particle too. */
static void test_units(void **state)
{
    (void)state;
    assert_true(galley_lang_is_unit("am"));
    assert_true(galley_lang_is_unit("a.m."));
    assert_false(galley_lang_is_unit("amber"));
    assert_true(galley_lang_is_unit("원"));
    assert_true(galley_lang_is_unit("곳에서"));
    assert_true(galley_lang_is_unit("uhr"));
    assert_true(galley_lang_is_unit("milliards"));
    assert_false(galley_lang_is_unit("uhrzeit"));
    assert_false(galley_lang_is_unit("library"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_korean_no_start),
        cmocka_unit_test(test_korean_no_end),
        cmocka_unit_test(test_korean_syllables),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_classify_is_every_module),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_date_pattern),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_words_fallback),
        cmocka_unit_test(test_quote_pairs),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_european),
        cmocka_unit_test(test_european_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
