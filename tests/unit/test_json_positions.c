/* test_json_positions.c: unit tests of the field positions the model keeps.
 *
 * Owns: checks of json_positions.c (a recorded field's line:column, a field
 * the file does not give taking its enclosing value's place and saying so,
 * items found from the item before, escaped keys, what is no path) and of
 * galley_article_field_position / galley_layout_field_position over small
 * documents made here, with every expected place counted by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "article.h"
#include "json.h"
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Line 1: {  line 2: "headline" at col 3, its value at col 15; line 3: body
 * array at col 11; items at 4:5, 5:5 (an object), 6:5; "t\u0065xt" spelled
 * with an escape at 5:6, its value at 5:19. */
static const char DOC[] = "{\n"
                          "  \"headline\": \"Hé\",\n"
                          "  \"body\": [\n"
                          "    \"one\",\n"
                          "    {\"t\\u0065xt\": \"two\"},\n"
                          "    \"three\"\n"
                          "  ]\n"
                          "}\n";

/* Loads DOC and records FIELDS into *P. */
static void record(const char *const *fields, galley_json_positions_t **p)
{
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_json_doc_t doc;
    assert_int_equal(galley_json_doc_load_buffer(&doc, "doc.json", DOC, strlen(DOC), NULL, &diags),
                     0);
    *p = NULL;
    for (size_t i = 0; fields[i]; i++)
        assert_int_equal(galley_json_positions_add(p, &doc, fields[i]), 0);
    assert_int_equal(galley_json_positions_finish(*p, &doc), 0);
    galley_json_doc_fini(&doc);
    galley_diags_fini(&diags);
}

/* Asserts FIELD is at LINE:COL, and whether the file gives it. */
static void expect(const galley_json_positions_t *p, const char *field, int line, int col,
                   int given)
{
    int l = -1, c = -1;
    int g = galley_json_positions_find(p, field, &l, &c);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
    assert_int_equal(g, given);
}

/* Recorded fields sit where their values start; columns count characters. */
static void test_recorded_places(void **state)
{
    (void)state;
    static const char *const fields[] = {"",        "headline",     "body[0]", "body[1]",
                                         "body[2]", "body[1].text", NULL};
    galley_json_positions_t *p;
    record(fields, &p);
    expect(p, "", 1, 1, 1);
    expect(p, "headline", 2, 15, 1);
    expect(p, "body", 3, 11, 1); /* recorded as the items' enclosing field */
    expect(p, "body[0]", 4, 5, 1);
    expect(p, "body[1]", 5, 5, 1);
    expect(p, "body[2]", 6, 5, 1);       /* found from body[1] */
    expect(p, "body[1].text", 5, 19, 1); /* an escaped key matches */
    galley_json_positions_destroy(p);
}

/* A field the file does not give takes its enclosing value's place and says
 * it is not given; an unrecorded one falls back to the nearest recorded. */
static void test_absent_fields(void **state)
{
    (void)state;
    static const char *const fields[] = {"deck", "body[7]", "body[0].text", "headline", NULL};
    galley_json_positions_t *p;
    record(fields, &p);
    expect(p, "deck", 1, 1, 0);         /* the root's place */
    expect(p, "body[7]", 3, 11, 0);     /* the array's */
    expect(p, "body[0].text", 4, 5, 0); /* a string has no members */
    expect(p, "headline.x", 2, 15, 0);  /* not recorded: headline's place */
    expect(p, "jump", 1, 1, 0);         /* not recorded: the root's */
    expect(p, "running head", 0, 0, 0); /* no path */
    galley_json_positions_destroy(p);
}

/* An article and a layout keep their positions after the text is freed. */
static void test_model_lookups(void **state)
{
    (void)state;
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_article_t *a = NULL;
    assert_int_equal(
        galley_article_load_buffer("mem/article.json", DOC, strlen(DOC), NULL, &a, &diags), 0);
    int line, col, lookups = 0;
    galley_article_field_position(a, "body[2]", &lookups, &line, &col);
    assert_int_equal(line, 6);
    assert_int_equal(col, 5);
    galley_article_field_position(a, "body[1]", NULL, &line, &col);
    assert_int_equal(line, 5);
    lookups = GALLEY_ARTICLE_MAX_LOOKUPS;
    galley_article_field_position(a, "body[1]", &lookups, &line, &col);
    assert_int_equal(line, 0); /* past the cap: no place */
    galley_article_destroy(a);

    char path[64];
    snprintf(path, sizeof path, "/tmp/galley-layout-%d.json", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    static const char LAYOUT[] = "{\"page\": {\"width\": 210, \"height\": 297},\n"
                                 " \"styles\": {\"body\": {\"family\": \"Galley Serif\"}}}\n";
    assert_int_equal(fwrite(LAYOUT, 1, strlen(LAYOUT), f), strlen(LAYOUT));
    fclose(f);
    galley_layout_t *l = NULL;
    assert_int_equal(galley_layout_load(path, NULL, &l, &diags), 0);
    unlink(path);
    assert_int_equal(galley_layout_field_position(l, "styles.body.family", &line, &col), 1);
    assert_int_equal(line, 2);
    assert_int_equal(col, 32);
    assert_int_equal(galley_layout_field_position(l, "styles.deck.family", &line, &col), 0);
    assert_int_equal(line, 2); /* the file has no styles.deck: the styles object's place */
    assert_int_equal(col, 12);
    galley_layout_destroy(l);
    galley_diags_fini(&diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recorded_places),
        cmocka_unit_test(test_absent_fields),
        cmocka_unit_test(test_model_lookups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
