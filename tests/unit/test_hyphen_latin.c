/* test_hyphen_latin.c: hyphenation of words in letters beyond a to z, by
 * the dictionaries of Debian's hyphen-de, -fr, -no and -sv
 * (render/resources/hyphenation.c, render/typeset/hyphenate.c).
 *
 * Owns the checks that a word's points land after the right UTF-8 bytes
 * when its letters take two bytes ("Straßenbahn", "Übergröße",
 * "déménagement"), in a dictionary of ISO8859-1 (German, Norwegian, Swedish)
 * and of UTF-8 (French) alike; that a capitalised word is broken where its
 * lower case is and one in capitals never; that a dictionary's patterns leave
 * a word with letters they do not know whole (English "façades"); that a
 * dictionary Galley cannot read gives no points; and that the word rule
 * takes runs of Latin letters, not ones joined to other letters or figures.
 * The expected breaks are libhyphen's for the same words in the
 * dictionary's own encoding (checked with it through Python's ctypes).
 * Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hyphen_fixture.h"
#include "hyphenation.h"
#include "typeset.h"

#include <stdlib.h>
#include <string.h>

/* WORD's breaks by dictionary DICT at the body's minimums (2 before, 3
 * after, words of 5 letters, capitalised ones too). */
static const char *found(galley_hyphen_t *hy, const char *dict, const char *word)
{
    galley_hyphen_rules_t rules = {2, 3, 5, 1};
    char points[4 * GALLEY_HYPHEN_MAX_WORD];
    galley_hyphen_find(hy, dict, NULL, &rules, word, strlen(word), points);
    return hyphen_show(word, strlen(word), points);
}

static int setup(void **state)
{
    galley_hyphen_t *hy = NULL;
    assert_int_equal(galley_hyphen_create(GALLEY_DATADIR, &hy), GALLEY_STATUS_SUCCESS);
    *state = hy;
    return 0;
}

static int teardown(void **state)
{
    galley_hyphen_destroy(*state);
    return 0;
}

/* The points of a lowercase word, byte by byte: "straßenbahn" breaks after
 * byte 3 ("stra") and byte 7 (the second byte of ß, then "en"), never
 * between ß's two bytes. */
static void test_points_are_bytes(void **state)
{
    galley_hyphen_t *hy = *state;
    char points[32];
    const char *w = "stra\xc3\x9f"
                    "enbahn";
    assert_int_equal(galley_hyphen_word(hy, "hyph_de_DE.dic", w, strlen(w), 2, 3, points), 2);
    for (size_t i = 0; i < strlen(w); i++)
        assert_int_equal(points[i], i == 3 || i == 7);
    /* French, a UTF-8 dictionary: dé-mé-na-ge-ment */
    const char *f = "d\xc3\xa9m\xc3\xa9nagement";
    assert_int_equal(galley_hyphen_word(hy, "hyph_fr.dic", f, strlen(f), 2, 3, points), 4);
    for (size_t i = 0; i < strlen(f); i++)
        assert_int_equal(points[i], i == 2 || i == 5 || i == 7 || i == 9);
}

/* Whole words as a text sets them, capitalised as German nouns are. */
static void test_words(void **state)
{
    galley_hyphen_t *hy = *state;
    assert_string_equal(found(hy, "hyph_de_DE.dic", "Straßenbahn"), "Stra-ßen-bahn");
    assert_string_equal(found(hy, "hyph_de_DE.dic", "Übergröße"), "Über-größe");
    assert_string_equal(found(hy, "hyph_de_DE.dic", "übergröße"), "über-größe");
    assert_string_equal(found(hy, "hyph_de_DE.dic", "Verkehrsministerium"),
                        "Ver-kehrs-mi-nis-te-rium");
    assert_string_equal(found(hy, "hyph_de_DE.dic", "Bundesregierung"), "Bun-des-re-gie-rung");
    assert_string_equal(found(hy, "hyph_fr.dic", "déménagement"), "dé-mé-na-ge-ment");
    assert_string_equal(found(hy, "hyph_fr.dic", "Élection"), "Élec-tion");
    assert_string_equal(found(hy, "hyph_sv_SE.dic", "förhandlingarna"), "för-hand-ling-arna");
    assert_string_equal(found(hy, "hyph_nb_NO.dic", "forhandlingene"), "forhand-lin-gene");
    /* a word in capitals, or with a capital inside, stays whole */
    assert_string_equal(found(hy, "hyph_de_DE.dic", "STRAßENBAHN"), "STRAßENBAHN");
    assert_string_equal(found(hy, "hyph_de_DE.dic", "ÜBERGRÖSSE"), "ÜBERGRÖSSE");
    assert_string_equal(found(hy, "hyph_de_DE.dic", "StraßenBahn"), "StraßenBahn");
    /* under the minimum of 5 letters (ß counts one) */
    assert_string_equal(found(hy, "hyph_de_DE.dic", "Maße"), "Maße");
}

/* A letter outside the dictionary's encoding (ISO8859-1: no ő) or unknown
 * to its patterns (English knows é but no ç, ü or ß) leaves the word whole;
 * English words are as they were. */
static void test_unknown_letters(void **state)
{
    galley_hyphen_t *hy = *state;
    assert_string_equal(found(hy, GALLEY_HYPHEN_EN_US, "cafés"), "cafés");
    assert_string_equal(found(hy, GALLEY_HYPHEN_EN_US, "façades"), "façades");
    assert_string_equal(found(hy, GALLEY_HYPHEN_EN_US, "Müllerstraße"), "Müllerstraße");
    /* the English patterns know é (six of them hold it) */
    assert_string_equal(found(hy, GALLEY_HYPHEN_EN_US, "résumés"), "ré-sumés");
    assert_string_equal(found(hy, GALLEY_HYPHEN_EN_US, "international"), "in-ter-na-tional");
    assert_string_equal(found(hy, "hyph_de_DE.dic", "Erdőháziés"), "Erdőháziés");
}

/* Names that are not a dictionary Galley reads give no points. */
static void test_no_dictionary(void **state)
{
    galley_hyphen_t *hy = *state;
    char points[16];
    const char *names[] = {
        NULL, "de", "hyph_xx_XX.dic", "../hyphen/hyph_de_DE.dic", ".dic", "hyph_de_DE.txt"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_int_equal(galley_hyphen_word(hy, names[i], "strassenbahn", 12, 2, 3, points), 0);
    /* a failed name is remembered, and the good ones still load */
    assert_int_equal(galley_hyphen_word(hy, "hyph_xx_XX.dic", "strassenbahn", 12, 2, 3, points), 0);
    assert_true(galley_hyphen_word(hy, "hyph_de_DE.dic", "strassenbahn", 12, 2, 3, points) > 0);
}

/* Records the byte offsets galley_hyphenate_text reports. */
static int collect(size_t byte, void *data)
{
    size_t *at = data;
    at[++at[0]] = byte;
    return 0;
}

/* The word rule: runs of Latin letters, with their offsets in the text. */
static void test_text(void **state)
{
    galley_hyphen_t *hy = *state;
    galley_hyphen_rules_t rules = {2, 3, 5, 1};
    /* "Die " is 4 bytes: Stra|ßen|bahn breaks after bytes 8 and 12 */
    const char *t = "Die Straßenbahn, Straßen2 und Übergröße";
    size_t at[16] = {0};
    assert_int_equal(
        galley_hyphenate_text(hy, "hyph_de_DE.dic", NULL, &rules, t, strlen(t), collect, at), 0);
    /* Straßen2 is joined to a figure; Über-größe breaks after "Über" */
    size_t uber = (size_t)(strstr(t, "Übergröße") - t);
    assert_int_equal(at[0], 3);
    assert_int_equal(at[1], 8);
    assert_int_equal(at[2], 12);
    assert_int_equal(at[3], uber + 5); /* Ü takes 2 bytes */
    /* a Latin run joined to Hangul is no word */
    const char *k = "Straßenbahn서울";
    memset(at, 0, sizeof at);
    galley_hyphenate_text(hy, "hyph_de_DE.dic", NULL, &rules, k, strlen(k), collect, at);
    assert_int_equal(at[0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_are_bytes),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_unknown_letters),
        cmocka_unit_test(test_no_dictionary),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
