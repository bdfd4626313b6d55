/* test_load.c: unit tests of the load stage.
 *
 * Owns: checks of diag.c, text.c (the inline markup), json.c, article.c and
 * layout.c against the files in tests/data/articles and tests/data/layouts:
 * valid inputs give the expected model, and each invalid one gives its
 * message at the right FILE:LINE:COL with the right field path; the limits,
 * --root and --placeholder as the loader takes them from the render options.
 * Run from the repository root; layouts by name come from GALLEY_DATADIR.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, symlink, realpath */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "article.h"
#include "json.h"
#include "layout.h"
#include "text.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GALLEY_DATADIR
#define GALLEY_DATADIR "."
#endif

#define ARTICLES "tests/data/articles/"
#define LAYOUTS "tests/data/layouts/"
#define MM (72.0 / 25.4)

/* ---- helpers ------------------------------------------------------------- */

/* Prints every record, so a failing check shows what was reported. */
static void print_diags(const galley_diags_t *d)
{
    for (size_t i = 0; i < d->count; i++)
        print_message("  diag: %s\n", d->items[i].formatted);
}

/* True when a record of severity SEV contains NEEDLE in its formatted text. */
static int has_diag(const galley_diags_t *d, galley_severity_t sev, const char *needle)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].formatted, needle))
            return 1;
    print_message("expected a record containing: %s\n", needle);
    print_diags(d);
    return 0;
}

/* Loads ARTICLES NAME, expects it to fail with "NAME:WHERE: error: FIELD: MSG". */
static void expect_article_error(const char *name, const char *where, const char *field,
                                 const char *msg)
{
    char path[256], needle[1024];
    snprintf(path, sizeof path, ARTICLES "%s", name);
    snprintf(needle, sizeof needle, "%s:%s: error: %s%s%s", path, where, field,
             field[0] ? ": " : "", msg);
    galley_diags_t d;
    galley_diags_init(&d);
    galley_article_t *a = (galley_article_t *)1;
    galley_status_t st = galley_article_load(path, NULL, NULL, &a, &d);
    assert_int_equal(st, GALLEY_STATUS_INPUT_ERROR);
    assert_null(a);
    assert_int_equal(d.status, GALLEY_STATUS_INPUT_ERROR);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, needle));
    galley_diags_fini(&d);
}

/* Loads LAYOUTS NAME, expects it to fail with "NAME:WHERE: error: FIELD: MSG". */
static void expect_layout_error(const char *name, const char *where, const char *field,
                                const char *msg)
{
    char path[256], needle[1024];
    snprintf(path, sizeof path, LAYOUTS "%s", name);
    snprintf(needle, sizeof needle, "%s:%s: error: %s: %s", path, where, field, msg);
    galley_diags_t d;
    galley_diags_init(&d);
    galley_layout_t *l = (galley_layout_t *)1;
    galley_status_t st = galley_layout_load(path, GALLEY_DATADIR, &l, &d);
    assert_int_equal(st, GALLEY_STATUS_INPUT_ERROR);
    assert_null(l);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, needle));
    galley_diags_fini(&d);
}

/* Loads an article that must be valid with no diagnostics at all. */
static galley_article_t *load_valid_article(const char *name, galley_diags_t *d)
{
    char path[256];
    snprintf(path, sizeof path, ARTICLES "%s", name);
    galley_diags_init(d);
    galley_article_t *a = NULL;
    galley_status_t st = galley_article_load(path, NULL, NULL, &a, d);
    if (st != GALLEY_STATUS_SUCCESS)
        print_diags(d);
    assert_int_equal(st, GALLEY_STATUS_SUCCESS);
    assert_non_null(a);
    return a;
}

/* Asserts that a text's span I is KIND over the characters EXPECTED. */
static void assert_span(const galley_text_t *t, size_t i, galley_span_kind_t kind,
                        const char *expected)
{
    assert_true(i < t->n_spans);
    const galley_span_t *s = &t->spans[i];
    assert_int_equal(s->kind, kind);
    assert_true(s->start < s->end && s->end <= t->len);
    assert_int_equal(s->end - s->start, strlen(expected));
    assert_memory_equal(t->text + s->start, expected, strlen(expected));
}

/* ---- diagnostics --------------------------------------------------------- */

/* The formatted text leaves out the parts that are unknown. */
static void test_diag_format(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_diags_warn(&d, "a.json", 3, 0, "deck", "odd");
    assert_int_equal(d.status, GALLEY_STATUS_SUCCESS);
    galley_diags_error(&d, GALLEY_STATUS_INPUT_ERROR, "a.json", 12, 5, "body[3].text", "bad %d", 7);
    galley_diags_error(&d, GALLEY_STATUS_OUTPUT_ERROR, "out.pdf", 0, 0, NULL, "cannot write");
    galley_diags_error(&d, GALLEY_STATUS_RESOURCE_ERROR, NULL, 0, 0, NULL, "no fonts");
    assert_int_equal(d.count, 4);
    assert_string_equal(d.items[0].formatted, "a.json:3: warning: deck: odd");
    assert_string_equal(d.items[1].formatted, "a.json:12:5: error: body[3].text: bad 7");
    assert_string_equal(d.items[1].message, "bad 7");
    assert_int_equal(d.items[1].line, 12);
    assert_int_equal(d.items[1].column, 5);
    assert_string_equal(d.items[2].formatted, "out.pdf: error: cannot write");
    assert_string_equal(d.items[3].formatted, "error: no fonts");
    assert_int_equal(d.status, GALLEY_STATUS_INPUT_ERROR);
    assert_int_equal(galley_diags_count(&d, GALLEY_SEVERITY_ERROR), 3);
    assert_int_equal(galley_diags_count(&d, GALLEY_SEVERITY_WARNING), 1);
    galley_diags_clear(&d);
    assert_int_equal(d.count, 0);
    assert_int_equal(d.status, GALLEY_STATUS_SUCCESS);
    galley_diags_fini(&d);
}

/* ---- inline markup ------------------------------------------------------- */

/* Parses SRC with markup and expects success and the plain text EXPECTED. */
static void parse_ok(const char *src, const char *expected, galley_text_t *out)
{
    galley_text_error_t err = {0};
    galley_status_t st = galley_text_parse_raw(src, 1, out, &err);
    if (st != GALLEY_STATUS_SUCCESS)
        print_message("unexpected error for [%s]: %s\n", src, err.message);
    assert_int_equal(st, GALLEY_STATUS_SUCCESS);
    assert_string_equal(out->text, expected);
    assert_int_equal(out->len, strlen(expected));
}

/* Parses SRC with markup and expects an error at byte OFFSET mentioning NEEDLE. */
static void parse_fails(const char *src, size_t offset, const char *needle)
{
    galley_text_t t;
    galley_text_error_t err = {0};
    assert_int_equal(galley_text_parse_raw(src, 1, &t, &err), GALLEY_STATUS_INPUT_ERROR);
    assert_null(t.text);
    if (err.offset != offset || !strstr(err.message, needle))
        print_message("for [%s]: offset %zu, message %s\n", src, err.offset, err.message);
    assert_int_equal(err.offset, offset);
    assert_non_null(strstr(err.message, needle));
}

/* White space collapses and the ends are trimmed, with or without markup. */
static void test_text_whitespace(void **state)
{
    (void)state;
    galley_text_t t;
    parse_ok("  one \n\t two\r\n  three  ", "one two three", &t);
    assert_int_equal(t.n_spans, 0);
    galley_text_fini(&t);
    assert_null(t.text);
    assert_int_equal(galley_text_parse_raw(" a *b*  \\* c ", 0, &t, NULL), GALLEY_STATUS_SUCCESS);
    assert_string_equal(t.text, "a *b* \\* c");
    assert_int_equal(t.n_spans, 0);
    galley_text_fini(&t);
    parse_ok("   ", "", &t);
    assert_true(galley_text_is_empty(&t));
    galley_text_fini(&t);
    assert_true(galley_text_is_empty(&t));
}

/* Emphasis, strong, nesting and the literal cases. */
static void test_text_emphasis(void **state)
{
    (void)state;
    galley_text_t t;
    parse_ok("a *b* and **c d** e", "a b and c d e", &t);
    assert_int_equal(t.n_spans, 2);
    assert_span(&t, 0, GALLEY_SPAN_EMPHASIS, "b");
    assert_span(&t, 1, GALLEY_SPAN_STRONG, "c d");
    galley_text_fini(&t);
    parse_ok("**bold *both* bold**", "bold both bold", &t);
    assert_span(&t, 0, GALLEY_SPAN_STRONG, "bold both bold");
    assert_span(&t, 1, GALLEY_SPAN_EMPHASIS, "both");
    galley_text_fini(&t);
    parse_ok("***x***", "x", &t);
    assert_int_equal(t.n_spans, 2);
    galley_text_fini(&t);
    parse_ok("5 * 3 = 15 and a ** b", "5 * 3 = 15 and a ** b", &t);
    assert_int_equal(t.n_spans, 0);
    galley_text_fini(&t);
    parse_ok("\\*not\\* \\\\ \\[x\\] \\(y\\) \\q < & >", "*not* \\ [x] (y) \\q < & >", &t);
    assert_int_equal(t.n_spans, 0);
    galley_text_fini(&t);
    parse_ok("한국어 *강조* 끝", "한국어 강조 끝", &t);
    assert_span(&t, 0, GALLEY_SPAN_EMPHASIS, "강조");
    galley_text_fini(&t);
}

/* Links, and brackets that stay text. */
static void test_text_links(void **state)
{
    (void)state;
    galley_text_t t;
    parse_ok("see [the *full* report](https://x.org/a_(b)?q=1) [NEWS1] [a] (b)",
             "see the full report [NEWS1] [a] (b)", &t);
    assert_int_equal(t.n_spans, 2);
    assert_span(&t, 0, GALLEY_SPAN_LINK, "the full report");
    assert_string_equal(t.spans[0].url, "https://x.org/a_(b)?q=1");
    assert_span(&t, 1, GALLEY_SPAN_EMPHASIS, "full");
    assert_null(t.spans[1].url);
    galley_text_fini(&t);
    parse_ok("[a \\] b](u\\)v)", "a ] b", &t);
    assert_string_equal(t.spans[0].url, "u)v");
    galley_text_fini(&t);
}

/* Unbalanced markers are errors at the marker's byte offset. */
static void test_text_errors(void **state)
{
    (void)state;
    parse_fails("This is *never closed.", 8, "'*' at byte 8 is never closed");
    parse_fails("**strong never closed", 0, "'**' at byte 0 is never closed");
    parse_fails("closed* without opening", 6, "never opened");
    parse_fails("5*3", 1, "never closed");
    parse_fails("**a *b** c*", 7, "does not match the '**' at byte 0");
    parse_fails("[text](https://x.org", 6, "no closing ')'");
    parse_fails("[](https://x.org)", 0, "no text");
    parse_fails("[a]()", 3, "no address");
    parse_fails("[a](x y)", 5, "contains a space");
    parse_fails("[a *b](u)*", 3, "not closed before the link text ends");
}

/* UTF-8 checks and the reporting wrapper. */
static void test_text_utf8_and_report(void **state)
{
    (void)state;
    assert_int_equal(galley_utf8_check("caf\xc3\xa9", 5), 5);
    assert_int_equal(galley_utf8_check("caf\xe9!", 5), 3);
    assert_int_equal(galley_utf8_check("\xc0\x80", 2), 0);      /* overlong NUL */
    assert_int_equal(galley_utf8_check("a\xed\xa0\x80", 4), 1); /* surrogate */
    assert_int_equal(galley_utf8_check("ab\0c", 4), 2);         /* NUL */
    galley_diags_t d;
    galley_diags_init(&d);
    galley_text_t t;
    assert_int_equal(galley_text_parse("x *y", 1, &t, &d, "a.json", 4, 9, "deck"),
                     GALLEY_STATUS_INPUT_ERROR);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                         "a.json:4:9: error: deck: '*' at byte 2 is never closed"));
    galley_diags_fini(&d);
}

/* ---- articles ------------------------------------------------------------ */

/* The main language of the valid sample. */
static void check_valid_main(const galley_article_t *a)
{
    const galley_article_text_t *m = &a->main;
    assert_string_equal(a->path, ARTICLES "valid.json");
    assert_string_equal(m->lang, "en");
    assert_string_equal(m->field_prefix, "");
    assert_string_equal(m->section.text, "National");
    assert_string_equal(m->kicker.text, "North Korea");
    assert_string_equal(m->headline.text, "Officials back a review of sanctions");
    assert_int_equal(m->headline.n_spans, 0);
    assert_string_equal(m->deck.text, "The council says the indefinite measures have failed");
    assert_span(&m->deck, 0, GALLEY_SPAN_EMPHASIS, "indefinite");
    assert_span(&m->deck, 1, GALLEY_SPAN_STRONG, "failed");
    assert_string_equal(m->byline.name.text, "Lee Hay-june");
    assert_string_equal(m->byline.title, "Reporter");
    assert_string_equal(m->byline.email, "lee@example.com");
    assert_string_equal(m->dateline.text, "SEOUL");
    assert_string_equal(a->date, "2025-06-11T09:30:00+09:00");
    assert_int_equal(a->year, 2025);
    assert_int_equal(a->month, 6);
    assert_int_equal(a->day, 11);
}

/* The photo of the valid sample. */
static void check_valid_photo(const galley_article_t *a)
{
    assert_int_equal(a->n_photos, 1);
    const galley_photo_t *p = &a->photos[0];
    assert_string_equal(p->src, "tiny.png");
    assert_string_equal(p->path, ARTICLES "tiny.png");
    assert_string_equal(p->alt, "Two men shaking hands");
    assert_string_equal(p->field, "photos[0]");
    assert_true(p->has_focus);
    assert_true(fabs(p->focus_x - 0.5) < 1e-9 && fabs(p->focus_y - 0.4) < 1e-9);
    assert_non_null(p->image);
    assert_int_equal(p->image->width, 24);
    assert_int_equal(p->image->height, 16);
    assert_string_equal(a->main.captions[0].text, "Delegates meet in September 2024.");
    assert_span(&a->main.captions[0], 0, GALLEY_SPAN_EMPHASIS, "September");
    assert_string_equal(a->main.credits[0].text, "NEWS1");
}

/* The body, related articles and notes of the valid sample. */
static void check_valid_body(const galley_article_t *a)
{
    const galley_article_text_t *m = &a->main;
    assert_int_equal(m->n_body, 5);
    assert_int_equal(m->body[0].kind, GALLEY_BLOCK_PARAGRAPH);
    assert_string_equal(m->body[0].field, "body[0]");
    assert_span(&m->body[0].text, 0, GALLEY_SPAN_STRONG, "review");
    assert_string_equal(m->body[1].text.text,
                        "Prices rose 5 * 3 percent, see the report and [NEWS1].");
    assert_span(&m->body[1].text, 0, GALLEY_SPAN_LINK, "the report");
    assert_string_equal(m->body[1].text.spans[0].url, "https://example.com/a_(b)");
    assert_int_equal(m->body[2].kind, GALLEY_BLOCK_SUBHEAD);
    assert_int_equal(m->body[3].kind, GALLEY_BLOCK_QUOTE);
    assert_string_equal(m->body[3].attribution.text, "the official");
    assert_span(&m->body[3].attribution, 0, GALLEY_SPAN_EMPHASIS, "the official");
    assert_string_equal(m->body[4].text.text,
                        "Escapes: *not emphasis* and a backslash \\ and 1 < 2 & 3.");
    assert_string_equal(m->body[4].field, "body[4]");
    assert_int_equal(m->n_related, 2);
    assert_string_equal(m->related[0].headline.text, "Earlier talks stall");
    assert_string_equal(m->related[0].url, "https://example.com/related");
    assert_string_equal(m->related[0].field, "related[0]");
    assert_string_equal(m->related[1].headline.text, "Another story");
    assert_null(m->related[1].url);
    assert_int_equal(m->n_notes, 1);
    assert_span(&m->notes[0], 0, GALLEY_SPAN_EMPHASIS, "care");
}

/* The Korean translation of the valid sample. */
static void check_valid_translation(const galley_article_t *a)
{
    assert_int_equal(a->n_translations, 1);
    const galley_article_text_t *ko = &a->translations[0];
    assert_string_equal(ko->lang, "ko");
    assert_string_equal(ko->field_prefix, "translations.ko.");
    assert_string_equal(ko->section.text, "정치");
    assert_string_equal(ko->headline.text, "제재 재검토 지지");
    assert_null(ko->kicker.text);
    assert_string_equal(ko->byline.name.text, "이해준 기자");
    assert_string_equal(ko->captions[0].text, "회담 장면");
    assert_span(&ko->captions[0], 0, GALLEY_SPAN_EMPHASIS, "장면");
    assert_null(ko->credits[0].text);
    assert_int_equal(ko->n_body, 2);
    assert_string_equal(ko->body[1].field, "translations.ko.body[1]");
    assert_string_equal(ko->body[1].text.text, "둘째 문단.");
}

/* A complete article loads with every field in place and no diagnostics. */
static void test_article_valid(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_article_t *a = load_valid_article("valid.json", &d);
    assert_int_equal(d.count, 0);
    check_valid_main(a);
    check_valid_photo(a);
    check_valid_body(a);
    check_valid_translation(a);
    galley_article_destroy(a);
    galley_diags_fini(&d);
}

/* The smallest article: defaults fill the rest; a byline may be a string. */
static void test_article_minimal(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_article_t *a = load_valid_article("minimal.json", &d);
    assert_int_equal(d.count, 0);
    assert_string_equal(a->main.lang, "en");
    assert_string_equal(a->main.byline.name.text, "Kim Min-ji");
    assert_null(a->main.byline.title);
    assert_null(a->date);
    assert_int_equal(a->year, 0);
    assert_int_equal(a->n_photos, 0);
    assert_null(a->main.captions);
    assert_null(a->main.deck.text);
    assert_int_equal(a->n_translations, 0);
    assert_int_equal(a->main.n_body, 1);
    galley_article_destroy(a);
    galley_diags_fini(&d);
}

/* Unknown fields are warnings naming the path, with a suggestion. */
static void test_article_unknown_field(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_article_t *a = load_valid_article("unknown-field.json", &d);
    assert_int_equal(galley_diags_count(&d, GALLEY_SEVERITY_WARNING), 2);
    assert_true(has_diag(&d, GALLEY_SEVERITY_WARNING,
                         ARTICLES "unknown-field.json:2:3: warning: hedline: unknown field "
                                  "'hedline' (ignored; did you mean 'headline'?)"));
    assert_true(has_diag(&d, GALLEY_SEVERITY_WARNING,
                         ARTICLES "unknown-field.json:4:29: warning: byline.titel: unknown field "
                                  "'titel' (ignored; did you mean 'title'?)"));
    galley_article_destroy(a);
    galley_diags_fini(&d);
}

/* JSON syntax errors point where the problem is. */
static void test_article_syntax_errors(void **state)
{
    (void)state;
    expect_article_error("truncated.json", "3:31", "body",
                         "the file ends too early: the '[' at line 3, column 11 is never closed");
    expect_article_error("trailing-comma.json", "5:11", "body",
                         "remove this comma: JSON allows no comma after the last item");
    expect_article_error("duplicate-key.json", "4:3", "headline",
                         "the field \"headline\" is given twice (first at line 2, column 3)");
    expect_article_error("unclosed-string.json", "2:25", "headline",
                         "a line break inside quotes: is a closing '\"' missing?");
    expect_article_error("bad-escape.json", "3:15", "body[0]",
                         "'\\*' is not a JSON escape: in JSON a backslash is written \\\\");
    expect_article_error("not-object.json", "1:1", "", "an article is a JSON object");
}

/* Bytes that are not text: invalid UTF-8, NUL, control characters. */
static void test_article_bad_bytes(void **state)
{
    (void)state;
    expect_article_error("invalid-utf8.json", "2:27", "headline",
                         "the file is not valid UTF-8 text: byte 0xE9 at byte 28 of the file");
    expect_article_error("nul-char.json", "3:16", "body[0]",
                         "a NUL character (\\u0000) is not allowed in text");
    expect_article_error("control-char.json", "3:28", "body[1]",
                         "a control character (U+0007) at byte 6 is not allowed in text");
    expect_article_error("raw-control.json", "2:20", "headline",
                         "a control character (U+0001) inside quotes is not allowed");
}

/* Values of the wrong type or shape. */
static void test_article_field_errors(void **state)
{
    (void)state;
    expect_article_error("wrong-type.json", "7:35", "body[3].text",
                         "expected a string, found a number");
    expect_article_error("missing-headline.json", "1:1", "headline", "required field is missing");
    expect_article_error("empty-body.json", "3:11", "body", "the body is empty");
    expect_article_error("empty-paragraph.json", "3:20", "body[1]", "the paragraph is empty");
    expect_article_error("bad-date.json", "3:11", "date",
                         "expected an ISO 8601 date like \"2025-06-11\"");
    expect_article_error("bad-calendar-date.json", "3:11", "date",
                         "\"2025-02-29\" is not a calendar date");
    expect_article_error("bad-lang.json", "2:11", "lang",
                         "\"english\" is not a language tag such as \"en\" or \"ko\"");
    expect_article_error("markup-unbalanced.json", "5:44", "body[1].text",
                         "'*' at byte 8 is never closed");
    expect_article_error("translation-markup.json", "4:44", "translations.ko.body[1]",
                         "'**' at byte 0 is never closed");
}

/* Photos: a missing file, a focus out of range, too many translated captions. */
static void test_article_photo_errors(void **state)
{
    (void)state;
    expect_article_error("missing-photo.json", "3:22", "photos[0].src",
                         "cannot find the photo \"" ARTICLES "no-such-photo.jpg\"");
    expect_article_error("bad-focus.json", "3:49", "photos[0].focus.x", "must be between 0 and 1");
    expect_article_error("translation-photos.json", "5:37", "translations.ko.photos",
                         "has 2 entries but the article has 1 photo");
}

/* A damaged photo fails the load; photo.c names the photo file and the field. */
static void test_article_damaged_photo(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_article_t *a;
    assert_int_equal(galley_article_load(ARTICLES "damaged-photo.json", NULL, NULL, &a, &d),
                     GALLEY_STATUS_INPUT_ERROR);
    assert_null(a);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, ARTICLES "damaged.png"));
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, "error: photos[0].src: "));
    galley_diags_fini(&d);
}

/* A file that is not there names itself. */
static void test_article_no_file(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_article_t *a;
    assert_int_equal(galley_article_load(ARTICLES "nope.json", NULL, NULL, &a, &d),
                     GALLEY_STATUS_INPUT_ERROR);
    assert_null(a);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                         ARTICLES "nope.json: error: cannot open the file: No such file"));
    galley_diags_fini(&d);
}

/* ---- limits, options and loading from memory ----------------------------- */

/* Loads the article JSON (NUL-terminated) from memory as NAME with OPT. */
static galley_status_t load_buffer(const char *name, const char *json,
                                   const galley_load_options_t *opt, galley_diags_t *d,
                                   galley_article_t **a)
{
    galley_diags_init(d);
    return galley_article_load_buffer(name, json, strlen(json), opt, a, d);
}

/* An article in memory loads like the file, photos found next to its name. */
static void test_article_from_buffer(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_article_t *a;
    assert_int_equal(load_buffer(ARTICLES "mem.json",
                                 "{\"headline\": \"From memory\", \"photos\": [{\"src\": "
                                 "\"tiny.png\"}], \"body\": [\"One.\"]}",
                                 NULL, &d, &a),
                     GALLEY_STATUS_SUCCESS);
    assert_string_equal(a->main.headline.text, "From memory");
    assert_string_equal(a->photos[0].path, ARTICLES "tiny.png");
    assert_non_null(a->photos[0].image);
    galley_article_destroy(a);
    galley_diags_fini(&d);
    assert_int_equal(load_buffer("mem.json", "{\"headline\": ", NULL, &d, &a),
                     GALLEY_STATUS_INPUT_ERROR);
    assert_null(a);
    assert_true(
        has_diag(&d, GALLEY_SEVERITY_ERROR, "mem.json:1:13: error: the file ends too early"));
    galley_diags_fini(&d);
}

/* The input size limit: the default, and --max-input-mb from the options,
 * for files and buffers; the message names the limit and the flag. */
static void test_article_size_limit(void **state)
{
    (void)state;
    galley_load_options_t opt = {0};
    opt.limits.max_input_mb = 0.001; /* 1048 bytes; valid.json has 1359 */
    galley_diags_t d;
    galley_diags_init(&d);
    galley_article_t *a;
    assert_int_equal(galley_article_load(ARTICLES "valid.json", &opt, NULL, &a, &d),
                     GALLEY_STATUS_LIMIT_ERROR);
    assert_null(a);
    assert_int_equal(d.status, GALLEY_STATUS_LIMIT_ERROR);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                         ARTICLES "valid.json: error: the file is 1 KB, over the input size "
                                  "limit of 0.001 MB (--max-input-mb raises it)"));
    galley_diags_fini(&d);
    opt.limits.max_input_mb = 0.002;
    galley_diags_init(&d);
    assert_int_equal(galley_article_load(ARTICLES "valid.json", &opt, NULL, &a, &d),
                     GALLEY_STATUS_SUCCESS);
    galley_article_destroy(a);
    galley_diags_fini(&d);
    size_t n = 17u << 20;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, ' ', n);
    big[n] = '\0';
    assert_int_equal(load_buffer("big.json", big, NULL, &d, &a), GALLEY_STATUS_LIMIT_ERROR);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                         "big.json: error: the file is 17.0 MB, over "
                         "the input size limit of 16 MB"));
    galley_diags_fini(&d);
    free(big);
}

/* Nesting past max_depth is a limit error at the first bracket too deep, both
 * under jansson's own limit and over it. */
static void test_article_depth_limit(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_article_t *a;
    const char *ok = "{\"headline\": \"H\", \"body\": [{\"text\": \"x\"}]}"; /* 3 deep */
    galley_load_options_t opt = {0};
    opt.limits.max_depth = 3;
    assert_int_equal(load_buffer("d.json", ok, &opt, &d, &a), GALLEY_STATUS_SUCCESS);
    galley_article_destroy(a);
    galley_diags_fini(&d);
    opt.limits.max_depth = 2;
    assert_int_equal(load_buffer("d.json", ok, &opt, &d, &a), GALLEY_STATUS_LIMIT_ERROR);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                         "d.json:1:28: error: body[0]: the JSON is nested more than 2 levels deep "
                         "here, over the nesting limit of 2"));
    galley_diags_fini(&d);
    for (int depth = 65; depth <= 5000; depth += 4935) {
        size_t n = 40 + 2 * (size_t)depth;
        char *deep = malloc(n);
        assert_non_null(deep);
        size_t at = (size_t)snprintf(deep, n, "{\"headline\": \"H\", \"body\": ");
        for (int i = 1; i < depth; i++)
            deep[at++] = '[';
        for (int i = 1; i < depth; i++)
            deep[at++] = ']';
        snprintf(deep + at, n - at, "}");
        assert_int_equal(load_buffer("deep.json", deep, NULL, &d, &a), GALLEY_STATUS_LIMIT_ERROR);
        assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                             "deep.json:1:90: error: body[0][0][0][0][0][0][0][0][0][0][0][0]"));
        assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                             "...: the JSON is nested more than 64 "
                             "levels deep here"));
        galley_diags_fini(&d);
        free(deep);
    }
}

/* One text over GALLEY_MAX_TEXT_BYTES is a limit error naming its field. */
static void test_article_text_limit(void **state)
{
    (void)state;
    size_t n = GALLEY_MAX_TEXT_BYTES + 1;
    char *json = malloc(n + 64);
    assert_non_null(json);
    size_t at = (size_t)sprintf(json, "{\"headline\": \"H\", \"body\": [\"ok\", \"");
    memset(json + at, 'a', n);
    strcpy(json + at + n, "\"]}");
    galley_diags_t d;
    galley_article_t *a;
    assert_int_equal(load_buffer("long.json", json, NULL, &d, &a), GALLEY_STATUS_LIMIT_ERROR);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                         "long.json:1:34: error: body[1]: the text is 65537 bytes long, over the "
                         "limit of 65536 bytes"));
    galley_diags_fini(&d);
    json[at + n - 1] = '"';
    strcpy(json + at + n, "]}"); /* exactly the limit */
    assert_int_equal(load_buffer("long.json", json, NULL, &d, &a), GALLEY_STATUS_SUCCESS);
    assert_int_equal(a->main.body[1].text.len, GALLEY_MAX_TEXT_BYTES);
    galley_article_destroy(a);
    galley_diags_fini(&d);
    free(json);
}

/* Bytes that are not UTF-8 text are named by their offset in the file; C1
 * controls say what Windows-1252 meant; Unicode line breaks are spaces. */
static void test_article_encodings(void **state)
{
    (void)state;
    static const struct {
        const char *json, *needle;
    } cases[] = {
        {"\xff\xfe{", "u.json:1:1: error: the file is UTF-16 text"},
        {"{\"headline\": \"a\x00\"}", "u.json:1:16: error: headline: a NUL byte at byte 15 of "
                                      "the file"},
        {"\xef\xbb\xbf{\"headline\": \"\xe9\"}", "u.json:1:15: error: headline: the file is not "
                                                 "valid UTF-8 text: byte 0xE9 at byte 17 of the "
                                                 "file"},
        {"{\"headline\": \"H\", \"body\": [\"x\\u0093quoted\\u0094\"]}",
         "u.json:1:30: error: body[0]: a control character (U+0093) at byte 1 is not allowed in "
         "text (was it '\u201c', from Windows-1252 text read as Latin-1?)"},
        {"{\"headline\": \"H\", \"body\": [\"x\\u0081\"]}",
         "body[0]: a control character (U+0081) at byte 1 is not allowed in text; remove it"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        galley_diags_t d;
        galley_diags_init(&d);
        galley_article_t *a;
        size_t len = i == 1 ? 19 : strlen(cases[i].json);
        assert_int_equal(galley_article_load_buffer("u.json", cases[i].json, len, NULL, &a, &d),
                         GALLEY_STATUS_INPUT_ERROR);
        assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, cases[i].needle));
        galley_diags_fini(&d);
    }
    galley_diags_t d;
    galley_article_t *a;
    assert_int_equal(load_buffer("u.json",
                                 "{\"headline\": \"H\", \"body\": [\"one\\u2028two\\u0085three"
                                 "\\u2029 four\"]}",
                                 NULL, &d, &a),
                     GALLEY_STATUS_SUCCESS);
    assert_string_equal(a->main.body[0].text.text, "one two three four");
    galley_article_destroy(a);
    galley_diags_fini(&d);
}

/* A folder for the --root tests: ROOT/art.json's photos, a link out of ROOT. */
typedef struct {
    char base[64], root[96], outside[128];
} root_tree_t;

/* Writes TEXT to PATH. */
static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Copies the file FROM to TO. */
static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

/* Makes BASE/root (inside.png, in-link.png -> inside.png, out-link.png ->
 * BASE/outside.png, a folder sub/) and BASE/outside.png. */
static void root_tree_make(root_tree_t *t)
{
    strcpy(t->base, "/tmp/galley-test-root-XXXXXX");
    assert_non_null(mkdtemp(t->base));
    snprintf(t->root, sizeof t->root, "%s/root", t->base);
    snprintf(t->outside, sizeof t->outside, "%s/outside.png", t->base);
    assert_int_equal(mkdir(t->root, 0755), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/sub", t->root);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/inside.png", t->root);
    copy_file(ARTICLES "tiny.png", path);
    copy_file(ARTICLES "tiny.png", t->outside);
    snprintf(path, sizeof path, "%s/in-link.png", t->root);
    assert_int_equal(symlink("inside.png", path), 0);
    snprintf(path, sizeof path, "%s/out-link.png", t->root);
    assert_int_equal(symlink(t->outside, path), 0);
}

/* Removes what root_tree_make() made. */
static void root_tree_remove(const root_tree_t *t)
{
    static const char *const names[] = {"root/inside.png", "root/in-link.png", "root/out-link.png",
                                        "root/art.json", "outside.png"};
    char path[256];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", t->base, names[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/root/sub", t->base);
    rmdir(path);
    rmdir(t->root);
    rmdir(t->base);
}

/* Loads ROOT/art.json with a photo SRC under --root ROOT (and PLACEHOLDER);
 * returns the status, leaving the diagnostics in D and the article in *A. */
static galley_status_t load_rooted(const root_tree_t *t, const char *src, int placeholder,
                                   galley_diags_t *d, galley_article_t **a)
{
    char path[256], json[512];
    snprintf(path, sizeof path, "%s/art.json", t->root);
    snprintf(json, sizeof json,
             "{\"headline\": \"H\", \"photos\": [{\"src\": \"%s\"}], \"body\": [\"x\"]}", src);
    write_text(path, json);
    galley_load_options_t opt = {0};
    opt.root = t->root;
    opt.placeholder = placeholder;
    galley_diags_init(d);
    return galley_article_load(path, &opt, NULL, a, d);
}

/* --root: photos inside load (through links that stay inside, from their real
 * path); absolute paths, ".." and links out are errors naming the field and
 * the path, and stay errors with --placeholder. */
static void test_article_root(void **state)
{
    (void)state;
    root_tree_t t;
    root_tree_make(&t);
    galley_diags_t d;
    galley_article_t *a;
    char want[512];
    for (int i = 0; i < 2; i++) {
        const char *src = i ? "in-link.png" : "inside.png";
        assert_int_equal(load_rooted(&t, src, 0, &d, &a), GALLEY_STATUS_SUCCESS);
        assert_non_null(a->photos[0].image);
        char *real_root = realpath(t.root, NULL);
        snprintf(want, sizeof want, "%s/inside.png", real_root);
        free(real_root);
        assert_string_equal(a->photos[0].path, want);
        galley_article_destroy(a);
        galley_diags_fini(&d);
    }
    static const struct {
        const char *src, *needle;
    } bad[] = {
        {"/etc/passwd", "error: photos[0].src: \"/etc/passwd\" is an absolute path: with --root"},
        {"sub/../inside.png", "error: photos[0].src: \"sub/../inside.png\" has a '..' part"},
        {"out-link.png", "error: photos[0].src: the photo \""},
        {"sub", "error: photos[0].src: the photo \""},
        {"none.png", "error: photos[0].src: cannot find the photo \""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (int placeholder = 0; placeholder < 2; placeholder++) {
            galley_status_t st = load_rooted(&t, bad[i].src, placeholder, &d, &a);
            int downgraded = placeholder && i >= 3; /* a folder or a missing file */
            assert_int_equal(st, downgraded ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_INPUT_ERROR);
            assert_true(has_diag(&d, downgraded ? GALLEY_SEVERITY_WARNING : GALLEY_SEVERITY_ERROR,
                                 downgraded ? bad[i].needle + 7 : bad[i].needle));
            if (i == 2)
                assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, "outside.png)"));
            if (downgraded)
                assert_null(a->photos[0].image);
            galley_article_destroy(a);
            galley_diags_fini(&d);
        }
    }
    galley_load_options_t opt = {0};
    opt.root = "/no/such/root";
    galley_diags_init(&d);
    assert_int_equal(galley_article_load(ARTICLES "minimal.json", &opt, NULL, &a, &d),
                     GALLEY_STATUS_INPUT_ERROR);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                         "error: --root \"/no/such/root\": No such file or directory"));
    galley_diags_fini(&d);
    root_tree_remove(&t);
}

/* --placeholder: a missing or damaged photo is a warning at the article's
 * src, the load succeeds and the image is NULL; a limit hit stays an error. */
static void test_article_placeholder(void **state)
{
    (void)state;
    galley_load_options_t opt = {0};
    opt.placeholder = 1;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_article_t *a;
    assert_int_equal(galley_article_load(ARTICLES "missing-photo.json", &opt, NULL, &a, &d),
                     GALLEY_STATUS_SUCCESS);
    assert_null(a->photos[0].image);
    assert_int_equal(galley_diags_count(&d, GALLEY_SEVERITY_ERROR), 0);
    assert_true(has_diag(&d, GALLEY_SEVERITY_WARNING,
                         ARTICLES "missing-photo.json:3:22: warning: photos[0].src: cannot find "
                                  "the photo \"" ARTICLES "no-such-photo.jpg\""));
    assert_true(has_diag(&d, GALLEY_SEVERITY_WARNING, "a placeholder box is drawn instead"));
    galley_article_destroy(a);
    galley_diags_fini(&d);
    galley_diags_init(&d);
    assert_int_equal(galley_article_load(ARTICLES "damaged-photo.json", &opt, NULL, &a, &d),
                     GALLEY_STATUS_SUCCESS);
    assert_null(a->photos[0].image);
    assert_true(has_diag(&d, GALLEY_SEVERITY_WARNING, ARTICLES "damaged.png"));
    galley_article_destroy(a);
    galley_diags_fini(&d);
    opt.limits.max_image_mpixels = 0.0001; /* tiny.png has 384 pixels */
    assert_int_equal(load_buffer(ARTICLES "mem.json",
                                 "{\"headline\": \"H\", \"photos\": [{\"src\": \"tiny.png\"}], "
                                 "\"body\": [\"x\"]}",
                                 &opt, &d, &a),
                     GALLEY_STATUS_LIMIT_ERROR);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR,
                         ARTICLES "mem.json:1:38: error: photos[0].src: photo '" ARTICLES
                                  "tiny.png' is 24x16 pixels (0.000384 million)"));
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, "(--max-image-mpixels raises it)"));
    galley_diags_fini(&d);
}

/* Sizes and geometry beyond sane ranges, from tests/bad's layouts. */
static void test_layout_clamps(void **state)
{
    (void)state;
    static const struct {
        const char *file, *where, *field, *msg;
    } cases[] = {
        {"layout-zero-page.json", "2:21", "page.width", "must be between 10 and 5000 mm, found 0"},
        {"layout-huge-page.json", "2:36", "page.height",
         "must be between 10 and 5000 mm, found 29700"},
        {"layout-huge-size.json", "3:35", "styles.headline.size",
         "must be between 1 and 400 pt, found 5000"},
        {"layout-columns-narrow.json", "3:14", "columns",
         "16 columns with 2 mm gutters are 9.62 mm wide each; a column must be at least 10 mm"},
        {"layout-line-too-tall.json", "3:51", "styles.headline.leading",
         "one line of headline (228 pt with its size, leading and space before and after) is "
         "taller than the type area (198.4 pt"},
        {"layout-indent-too-wide.json", "4:33", "styles.body.indent",
         "the indent (400 pt) is not less than the column width (166.3 pt)"},
        {"layout-korean-leading-under.json", "3:71", "styles.body.korean_leading",
         "the Korean leading (10 pt) is under the style's leading (11.5 pt)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256], needle[512];
        snprintf(path, sizeof path, "tests/bad/%s", cases[i].file);
        snprintf(needle, sizeof needle, "%s:%s: error: %s: %s", path, cases[i].where,
                 cases[i].field, cases[i].msg);
        galley_diags_t d;
        galley_diags_init(&d);
        galley_layout_t *l = (galley_layout_t *)1;
        assert_int_equal(galley_layout_load(path, GALLEY_DATADIR, &l, &d),
                         GALLEY_STATUS_INPUT_ERROR);
        assert_null(l);
        assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, needle));
        galley_diags_fini(&d);
    }
    galley_limits_t limits = {0};
    limits.max_input_mb = 0.001;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_layout_t *l;
    assert_int_equal(galley_layout_load_limited("tabloid", GALLEY_DATADIR, &limits, &l, &d),
                     GALLEY_STATUS_LIMIT_ERROR);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, "--max-input-mb raises it"));
    galley_diags_fini(&d);
}

/* ---- layouts ------------------------------------------------------------- */

/* Loads a layout that must be valid. */
static galley_layout_t *load_valid_layout(const char *name_or_path, galley_diags_t *d)
{
    galley_diags_init(d);
    galley_layout_t *l = NULL;
    galley_status_t st = galley_layout_load(name_or_path, GALLEY_DATADIR, &l, d);
    if (st != GALLEY_STATUS_SUCCESS)
        print_diags(d);
    assert_int_equal(st, GALLEY_STATUS_SUCCESS);
    assert_non_null(l);
    return l;
}

/* The shipped tabloid: 280 x 430 mm, five 47.6 mm columns, the type scale. */
static void test_layout_tabloid(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_layout_t *l = load_valid_layout("tabloid", &d);
    assert_int_equal(d.count, 0);
    assert_string_equal(l->name, "tabloid");
    assert_string_equal(l->path, GALLEY_DATADIR "/layouts/tabloid.json");
    assert_true(fabs(l->page_width - 280 * MM) < 1e-6);
    assert_true(fabs(l->page_height - 430 * MM) < 1e-6);
    assert_int_equal(l->columns, 5);
    assert_true(fabs(galley_layout_column_width(l) - 47.6 * MM) < 1e-6);
    assert_true(fabs(l->grid - 11.5) < 1e-9);
    assert_int_equal(l->photo_columns, 3);
    assert_int_equal(l->deck_columns, 4);
    const galley_style_t *body = &l->styles[GALLEY_STYLE_BODY];
    assert_string_equal(body->family, "Galley Serif");
    assert_int_equal(body->align, GALLEY_ALIGN_JUSTIFY);
    assert_true(body->hyphenate);
    assert_true(fabs(body->indent - 9.5) < 1e-9);
    assert_true(fabs(body->korean_leading - 15.33) < 1e-9);            /* 4/3 of the grid */
    assert_true(l->styles[GALLEY_STYLE_HEADLINE].korean_leading == 0); /* its leading */
    const galley_style_t *kicker = &l->styles[GALLEY_STYLE_KICKER];
    assert_true(kicker->uppercase);
    assert_int_equal(kicker->weight, 700);
    assert_true(fabs(kicker->color[0] - 0xa4 / 255.0) < 1e-9);
    assert_int_equal(l->styles[GALLEY_STYLE_CREDIT].align, GALLEY_ALIGN_RIGHT);
    assert_true(l->styles[GALLEY_STYLE_QUOTE].italic);
    /* Korean emphasis: Gothic in the serif body, bold in captions; a translation's deck
     * takes the deck's */
    assert_int_equal(body->korean_emphasis, GALLEY_KOREAN_EMPHASIS_GOTHIC);
    assert_int_equal(l->styles[GALLEY_STYLE_CAPTION].korean_emphasis, GALLEY_KOREAN_EMPHASIS_BOLD);
    assert_int_equal(l->styles[GALLEY_STYLE_TRANSLATION_DECK].korean_emphasis,
                     GALLEY_KOREAN_EMPHASIS_GOTHIC);
    /* a Korean text's figures: the Korean face of the family's design class, or the
     * style's korean_family; a translation's headline takes the headline's */
    assert_string_equal(body->korean_figures, "Galley Myeongjo");
    assert_string_equal(kicker->korean_figures, "Galley Gothic");
    assert_string_equal(l->styles[GALLEY_STYLE_HEADLINE].korean_figures, "Galley Myeongjo");
    assert_string_equal(l->styles[GALLEY_STYLE_TRANSLATION_HEADLINE].korean_figures,
                        "Galley Myeongjo");
    assert_string_equal(galley_style_name(GALLEY_STYLE_SUBHEAD), "subhead");
    /* headlines, decks and subheads break in balanced lines, the body does not */
    assert_true(l->styles[GALLEY_STYLE_HEADLINE].linebreak.balance);
    assert_true(l->styles[GALLEY_STYLE_DECK].linebreak.balance);
    assert_true(l->styles[GALLEY_STYLE_SUBHEAD].linebreak.balance);
    assert_false(body->linebreak.balance);
    galley_layout_destroy(l);
    galley_diags_fini(&d);
}

/* The shipped A4 layout. */
static void test_layout_a4(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_layout_t *l = load_valid_layout("a4", &d);
    assert_int_equal(d.count, 0);
    assert_int_equal(l->columns, 3);
    assert_true(fabs(l->page_width - 210 * MM) < 1e-6);
    assert_true(fabs(l->grid - l->styles[GALLEY_STYLE_BODY].leading) < 1e-9);
    galley_layout_destroy(l);
    galley_diags_fini(&d);
}

/* Only the page given: every other key takes its default. */
static void test_layout_defaults(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_layout_t *l = load_valid_layout(LAYOUTS "minimal.json", &d);
    assert_int_equal(d.count, 0);
    assert_string_equal(l->name, "minimal");
    assert_true(fabs(galley_layout_column_width(l) - 47.6 * MM) < 1e-6);
    assert_true(fabs(l->margin_top - 14 * MM) < 1e-6);
    assert_true(fabs(l->bleed - 3 * MM) < 1e-6);
    assert_true(fabs(l->grid - 11.5) < 1e-9);
    assert_true(fabs(l->photo_max_height - 0.45) < 1e-9);
    assert_int_equal(l->photo_columns, 3);
    assert_int_equal(l->deck_columns, 4);
    for (int i = 0; i < GALLEY_STYLE_COUNT; i++) {
        const galley_style_t *s = &l->styles[i];
        assert_non_null(s->family);
        assert_true(s->size >= 1 && s->leading > 0 && s->weight >= 100 && s->weight <= 900);
        assert_int_equal(s->korean_emphasis, GALLEY_KOREAN_EMPHASIS_BOLD); /* shows in any face */
    }
    galley_layout_destroy(l);
    galley_diags_fini(&d);
}

/* Styles that follow the body take the file's body values. */
static void test_layout_inherit(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_layout_t *l = load_valid_layout(LAYOUTS "custom-body.json", &d);
    assert_string_equal(l->name, "custom");
    assert_true(fabs(l->grid - 13) < 1e-9);
    assert_int_equal(l->photo_columns, 2);
    assert_int_equal(l->deck_columns, 2);
    assert_string_equal(l->styles[GALLEY_STYLE_HEADLINE].family, "Galley Sans");
    assert_true(fabs(l->styles[GALLEY_STYLE_QUOTE].color[2] - 0x80 / 255.0) < 1e-9);
    assert_true(fabs(l->styles[GALLEY_STYLE_CREDIT].color[0] - 0x6b / 255.0) < 1e-9);
    assert_true(fabs(l->styles[GALLEY_STYLE_CAPTION].size - 8) < 1e-9);
    assert_true(fabs(l->styles[GALLEY_STYLE_DATELINE].leading - 13) < 1e-9);
    galley_layout_destroy(l);
    galley_diags_fini(&d);
}

/* korean_figures: given, else the style's korean_family, else the Korean face of its
 * family's design class (by the list's first family), else none. */
static void test_layout_korean_figures(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_layout_t *l = load_valid_layout(LAYOUTS "korean-figures.json", &d);
    assert_int_equal(d.count, 0);
    assert_string_equal(l->styles[GALLEY_STYLE_BODY].korean_figures, "Galley Gothic");
    assert_string_equal(l->styles[GALLEY_STYLE_RELATED].korean_figures, "Galley Gothic");
    assert_string_equal(l->styles[GALLEY_STYLE_CAPTION].korean_figures, "UnDotum");
    assert_string_equal(l->styles[GALLEY_STYLE_DECK].korean_figures, "Galley Gothic");
    assert_null(l->styles[GALLEY_STYLE_HEADLINE].korean_figures); /* not a role family */
    assert_null(l->styles[GALLEY_STYLE_QUOTE].korean_figures);    /* "Galley Serifs" */
    galley_layout_destroy(l);
    galley_diags_fini(&d);
}

/* Unknown layout keys and styles are warnings. */
static void test_layout_unknown_keys(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_layout_t *l = load_valid_layout(LAYOUTS "unknown-key.json", &d);
    assert_int_equal(galley_diags_count(&d, GALLEY_SEVERITY_WARNING), 3);
    assert_true(has_diag(&d, GALLEY_SEVERITY_WARNING,
                         LAYOUTS "unknown-key.json:3:3: warning: colums: unknown field 'colums' "
                                 "(ignored; did you mean 'columns'?)"));
    assert_true(has_diag(&d, GALLEY_SEVERITY_WARNING, "styles.body.szie: unknown field 'szie'"));
    galley_layout_destroy(l);
    galley_diags_fini(&d);
}

/* Impossible layouts name the key at fault. */
static void test_layout_errors(void **state)
{
    (void)state;
    expect_layout_error("zero-columns.json", "3:14", "columns",
                        "must be a whole number from 1 to 20, found 0");
    expect_layout_error("negative-size.json", "4:22", "styles.body.size",
                        "must be between 1 and 400 pt, found -9.5");
    expect_layout_error("columns-not-fit.json", "3:14", "columns",
                        "20 columns with 15 mm gutters do not fit in the 254 mm between the "
                        "margins");
    expect_layout_error("bad-colour.json", "4:25", "styles.kicker.color",
                        "expected a colour like \"#a4121b\" (#rrggbb), found \"red\"");
    expect_layout_error("unknown-align.json", "4:24", "styles.quote.align",
                        "expected \"left\", \"right\", \"center\" or \"justify\", found "
                        "\"centre\"");
    expect_layout_error("unknown-korean-emphasis.json", "4:33", "styles.body.korean_emphasis",
                        "expected \"bold\" or \"gothic\", found \"italic\"");
    expect_layout_error("empty-korean-figures.json", "4:32", "styles.body.korean_figures",
                        "the Korean figures' font family is empty");
    expect_layout_error("margins-no-room.json", "3:14", "margins",
                        "the inside and outside margins (100 mm) leave no room");
    expect_layout_error("photo-columns.json", "4:24", "photo.columns",
                        "must be a whole number from 1 to 3, found 4");
    expect_layout_error("missing-page.json", "1:1", "page", "required field is missing");
    expect_layout_error("bad-linebreak.json", "3:50", "styles.body.linebreak.tolerance",
                        "must be between 0 and 100, found -1");
}

/* Line-breaking parameters: defaults from the one table, overrides per style,
 * the body's carried to the other styles, balance on for headline and deck. */
static void test_layout_linebreak(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_layout_t *l;
    assert_int_equal(
        galley_layout_load("tests/data/layouts/linebreak.json", GALLEY_DATADIR, &l, &d),
        GALLEY_STATUS_SUCCESS);
    const galley_linebreak_t *body = &l->styles[GALLEY_STYLE_BODY].linebreak;
    assert_true(body->max_hyphens == 1 && body->tolerance == 3);
    assert_true(body->space_stretch == 0.5 && body->hanging == 1 && body->balance == 0);
    assert_true(l->styles[GALLEY_STYLE_NOTE].linebreak.max_hyphens == 1);
    assert_true(l->styles[GALLEY_STYLE_CAPTION].linebreak.hanging == 0);
    assert_true(l->styles[GALLEY_STYLE_HEADLINE].linebreak.balance == 1);
    assert_true(l->styles[GALLEY_STYLE_DECK].linebreak.balance == 1);
    galley_layout_destroy(l);
    galley_diags_fini(&d);
}

/* An unknown layout name lists the ones there are. */
static void test_layout_unknown_name(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_layout_t *l;
    assert_int_equal(galley_layout_load("broadsheet", GALLEY_DATADIR, &l, &d),
                     GALLEY_STATUS_INPUT_ERROR);
    assert_null(l);
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, "error: unknown layout \"broadsheet\""));
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, "layouts there: a4, "));
    assert_true(has_diag(&d, GALLEY_SEVERITY_ERROR, "tabloid"));
    galley_diags_fini(&d);
}

int main(void)
{
    // clang-format off
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diag_format),
        cmocka_unit_test(test_text_whitespace),
        cmocka_unit_test(test_text_emphasis),
        cmocka_unit_test(test_text_links),
        cmocka_unit_test(test_text_errors),
        cmocka_unit_test(test_text_utf8_and_report),
        cmocka_unit_test(test_article_valid),
        cmocka_unit_test(test_article_minimal),
        cmocka_unit_test(test_article_unknown_field),
        cmocka_unit_test(test_article_syntax_errors),
        cmocka_unit_test(test_article_bad_bytes),
        cmocka_unit_test(test_article_field_errors),
        cmocka_unit_test(test_article_photo_errors),
        cmocka_unit_test(test_article_damaged_photo),
        cmocka_unit_test(test_article_no_file),
        cmocka_unit_test(test_article_from_buffer),
        cmocka_unit_test(test_article_size_limit),
        cmocka_unit_test(test_article_depth_limit),
        cmocka_unit_test(test_article_text_limit),
        cmocka_unit_test(test_article_encodings),
        cmocka_unit_test(test_article_root),
        cmocka_unit_test(test_article_placeholder),
        cmocka_unit_test(test_layout_tabloid),
        cmocka_unit_test(test_layout_a4),
        cmocka_unit_test(test_layout_defaults),
        cmocka_unit_test(test_layout_inherit),
        cmocka_unit_test(test_layout_korean_figures),
        cmocka_unit_test(test_layout_unknown_keys),
        cmocka_unit_test(test_layout_errors),
        cmocka_unit_test(test_layout_unknown_name),
        cmocka_unit_test(test_layout_linebreak),
        cmocka_unit_test(test_layout_clamps),
    };
    // clang-format on
    return cmocka_run_group_tests(tests, NULL, NULL);
}
