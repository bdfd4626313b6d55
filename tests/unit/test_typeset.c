/* test_typeset.c: the paragraph typesetter on hand-checked paragraphs:
 * no line overflows its measure, justified lines fill it exactly, the lines
 * give back the text, Korean breaks only at spaces (or, where the style
 * allows, between syllables at a cost), hyphens come from the
 * dictionary, and a word wider than the column is cut with a warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "typeset.h"
#include "typeset_fixture.h"
#include "typeset_private.h"

#include <cairo-ft.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char EN[] =
    "Russian Security Council Secretary Sergei Shoigu said on Wednesday that Russia "
    "supports revising the United Nations Security Council’s indefinite sanctions on North "
    "Korea. Unilateral international sanctions against North Korea have completely failed "
    "and only worsened the country's humanitarian situation, he said, in a comprehensive "
    "statement about extraordinarily complicated international responsibilities.";

static const char KO[] =
    "세르게이 쇼이구 러시아 국가안보회의 서기는 11일(현지시간) 러시아가 유엔 "
    "안전보장이사회(안보리)의 무기한 대북제재 수정을 지지한다고 밝혔다. 쇼이구 서기는 "
    "브라질에서 열린 브릭스 국가안보 고위대표 회의 화상 연설에서 이같이 말했다.";

/* Sets TEXT and returns the lines (the caller finis them). */
static galley_lines_t set(fixture_t *f, const char *text, const char *lang, double measure,
                          const galley_style_t *style)
{
    galley_text_t t = {(char *)text, strlen(text), NULL, 0};
    galley_setting_t s = {
        .text = &t, .style = style, .lang = lang, .measure = measure, .field = "body[0]"};
    galley_lines_t lines;
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, &lines, &f->diags), 0);
    assert_true(lines.n_lines > 0);
    return lines;
}

/* Joins the lines' texts: a line broken at a space gets the space back. */
static char *join(const char *text, const galley_lines_t *lines)
{
    char *out = calloc(strlen(text) * 2 + 1, 1);
    for (size_t i = 0; i < lines->n_lines; i++) {
        strcat(out, lines->lines[i].text);
        if (i + 1 < lines->n_lines && lines->lines[i + 1].start > lines->lines[i].end)
            strcat(out, " ");
    }
    return out;
}

static void test_english_justified(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    double measure = 135.0;
    galley_lines_t lines = set(f, EN, "en", measure, &st);
    assert_true(lines.n_lines >= 4);
    for (size_t i = 0; i < lines.n_lines; i++) {
        const galley_line_t *ln = &lines.lines[i];
        assert_true(ln->x + ln->width <= measure + 0.001);
        if (i + 1 < lines.n_lines)
            assert_true(fabs(ln->width - measure) < 0.001);
        /* The glyphs' own extent stays within the measure too. */
        const galley_glyph_run_t *last = &ln->runs[ln->n_runs - 1];
        assert_true(last->glyphs[last->n_glyphs - 1].x < measure);
    }
    char *joined = join(EN, &lines);
    assert_string_equal(joined, EN);
    free(joined);
    galley_lines_fini(&lines);
}

/* The pen position after a line's last glyph: where its ink ends. */
static double line_end(const galley_line_t *ln)
{
    const galley_glyph_run_t *run = &ln->runs[ln->n_runs - 1];
    cairo_glyph_t g = run->glyphs[run->n_glyphs - 1];
    cairo_text_extents_t ext;
    g.x = g.y = 0;
    cairo_scaled_font_glyph_extents(run->font, &g, 1, &ext);
    return run->glyphs[run->n_glyphs - 1].x + ext.x_advance * ln->hscale;
}

static void test_justified_to_the_point(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.linebreak.hanging = 0;
    for (double measure = 110; measure <= 170; measure += 15) {
        galley_lines_t lines = set(f, EN, "en", measure, &st);
        /* Every justified line's glyphs end at the measure, to 0.001 pt. */
        for (size_t i = 0; i + 1 < lines.n_lines; i++)
            assert_true(fabs(line_end(&lines.lines[i]) - measure) < 0.001);
        galley_lines_fini(&lines);
    }
}

static void test_no_break_space_justifies(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.linebreak.hanging = 0;
    st.hyphenate = 0;
    /* "Brics\u00a0High" never breaks, but its space stretches like the others. */
    const char *text = "at the Brics\xc2\xa0High Representatives Meeting on National Security";
    galley_lines_t lines = set(f, text, "en", 120.0, &st);
    assert_true(lines.n_lines >= 2);
    const galley_line_t *ln = &lines.lines[0];
    assert_non_null(strstr(ln->text, "Brics\xc2\xa0High"));
    /* Every gap after a space cluster in the first line is the same width. */
    const galley_glyph_run_t *run = &ln->runs[0];
    double gaps[8];
    int n = 0, g = 0;
    const char *t = run->utf8;
    for (int c = 0; c < run->n_clusters && n < 8; c++) {
        int nb = run->clusters[c].num_bytes;
        int space = (nb == 1 && t[0] == ' ') || (nb == 2 && (unsigned char)t[0] == 0xc2);
        if (space && g + 1 < run->n_glyphs)
            gaps[n++] = run->glyphs[g + 1].x - run->glyphs[g].x;
        g += run->clusters[c].num_glyphs;
        t += nb;
    }
    assert_true(n >= 3);
    for (int i = 1; i < n; i++)
        assert_true(fabs(gaps[i] - gaps[0]) < 0.01);
    galley_lines_fini(&lines);
}

/* The hyphenated lines of TEXT set in English at 60 pt in ST. */
static int hyphens_in(fixture_t *f, const char *text, const galley_style_t *st)
{
    galley_lines_t lines = set(f, text, "en", 60.0, st);
    int n = 0;
    for (size_t i = 0; i < lines.n_lines; i++)
        n += lines.lines[i].hyphenated;
    galley_lines_fini(&lines);
    return n;
}

static void test_hyphenation(void **state)
{
    fixture_t *f = *state;
    char points[32];
    assert_true(galley_hyphen_word(f->hyphen, "hyph_en_US.dic", "international", 13, 2, 3, points) >
                0);
    assert_int_equal(galley_hyphen_word(f->hyphen, NULL, "international", 13, 2, 3, points), 0);
    assert_int_equal(galley_hyphen_word(f->hyphen, "en", "international", 13, 2, 3, points), 0);
    galley_style_t st = body_style();
    const char *text = "extraordinarily complicated international responsibilities";
    galley_lines_t lines = set(f, text, "en", 60.0, &st);
    int hyphenated = 0;
    for (size_t i = 0; i < lines.n_lines; i++)
        hyphenated += lines.lines[i].hyphenated;
    assert_true(hyphenated > 0);
    /* Never more hyphenated lines in a row than the style allows. */
    int run = 0;
    for (size_t i = 0; i < lines.n_lines; i++) {
        run = lines.lines[i].hyphenated ? run + 1 : 0;
        assert_true(run <= (int)st.linebreak.max_hyphens);
    }
    galley_lines_fini(&lines);
    st.linebreak.max_hyphens = 0;
    assert_int_equal(hyphens_in(f, text, &st), 0);
    st.linebreak.max_hyphens = 2;
    /* Words in capitals (abbreviations) and URLs stay whole. */
    assert_int_equal(
        hyphens_in(f, "INTERNATIONALIZATION https://example.com/internationalization", &st), 0);
    /* A capitalised word is hyphenated ("Interna-tionalization"), unless the
     * style keeps capitalised words whole (hyphen_capitalized 0). */
    text = "Internationalization Internationalization";
    assert_true(hyphens_in(f, text, &st) > 0);
    st.linebreak.hyphen_capitalized = 0;
    assert_int_equal(hyphens_in(f, text, &st), 0);
}

/* Of the measures 80 to 300 pt, how many set a paragraph with a hyphen on
 * its second-last line (a stub of a word alone on the last) in ST. */
static int final_hyphens(fixture_t *f, const galley_style_t *st)
{
    const char *text = "Unilateral international sanctions against North Korea have "
                       "completely failed and only worsened the country's humanitarian "
                       "situation, Shoigu said in a long statement on the treaty.";
    int n = 0;
    for (double m = 80; m <= 300; m += 1) {
        galley_lines_t lines = set(f, text, "en", m, st);
        n += lines.n_lines >= 2 && lines.lines[lines.n_lines - 2].hyphenated;
        galley_lines_fini(&lines);
    }
    return n;
}

/* final_hyphen makes a hyphen on a paragraph's second-last line rarer. */
static void test_final_hyphen(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.linebreak.tolerance = 100; /* no emergency line outweighs it */
    st.linebreak.final_hyphen = 0;
    int free_ = final_hyphens(f, &st);
    st.linebreak.final_hyphen = 1e6; /* its most: a line at ratio 2.2 costs as much */
    int costly = final_hyphens(f, &st);
    assert_true(free_ > 0);
    assert_true(costly < free_);
}

/* The most lines in a row of LINES that end in a hyphen, the text's own
 * ("41-year-") or inserted. */
static int hyphen_run(const galley_lines_t *lines)
{
    int run = 0, most = 0;
    for (size_t i = 0; i < lines->n_lines; i++) {
        const char *t = lines->lines[i].text;
        size_t n = t ? strlen(t) : 0;
        while (n > 0 && t[n - 1] == ' ')
            n--;
        int ends = lines->lines[i].hyphenated || (n > 0 && t[n - 1] == '-');
        run = ends ? run + 1 : 0;
        most = run > most ? run : most;
    }
    return most;
}

/* Hyphen runs count the text's own hyphens: with max_hyphens 1, no two lines
 * in a row end in one, across measures where ages joined by hyphens fall at
 * the line ends ("41-year- / 29-year- / 38-"). */
static void test_explicit_hyphen_runs(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.linebreak.max_hyphens = 1;
    st.linebreak.tolerance = 100;
    const char *text = "The three climbers, a 41-year-old guide, a 29-year-old nurse and a "
                       "38-year-old teacher, reached the well-known summit hut in a "
                       "twelve-hour push on a so-called rest day.";
    int worst = 0;
    for (double m = 60; m <= 200; m += 1) {
        galley_lines_t lines = set(f, text, "en", m, &st);
        int r = hyphen_run(&lines);
        worst = r > worst ? r : worst;
        galley_lines_fini(&lines);
    }
    assert_true(worst <= 1);
}

/* A body paragraph never breaks between a number and its unit ("5:30 /
 * a.m.", "40 / km") nor after a hyphen that joins a number ("Jongno 3- /
 * ga"), at any measure. */
static void test_number_unit_breaks(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    const char *text = "The first train leaves Jongno 3-ga station at 5:30 a.m. and runs 40 km "
                       "to the coast, where a 12-car set waits until 11 p.m. for the return.";
    for (double m = 60; m <= 220; m += 1) {
        galley_lines_t lines = set(f, text, "en", m, &st);
        for (size_t i = 0; i + 1 < lines.n_lines; i++) {
            const char *a = lines.lines[i].text, *b = lines.lines[i + 1].text;
            size_t n = strlen(a);
            while (n > 0 && a[n - 1] == ' ')
                n--;
            int digit_end = n > 0 && a[n - 1] >= '0' && a[n - 1] <= '9';
            int unit = !strncmp(b, "a.m.", 4) || !strncmp(b, "p.m.", 4) || !strncmp(b, "km", 2);
            assert_false(digit_end && unit);
            assert_false(n >= 2 && a[n - 1] == '-' && a[n - 2] >= '0' && a[n - 2] <= '9');
        }
        galley_lines_fini(&lines);
    }
}

/* How many of the measures 100 to 300 pt set the Korean paragraph with a
 * last line of one word under 4 syllables ("다."), in ST. */
static int korean_stubs(fixture_t *f, const galley_style_t *st)
{
    const char *text = "세르게이 쇼이구 러시아 국가안보회의 서기는 브라질에서 열린 브릭스 "
                       "안보회의 화상 연설에서 러시아가 유엔 안보리의 무기한 대북제재 "
                       "재검토를 지지한다고 밝혔다. 그는 제재가 실패했다고 말했다.";
    int n = 0;
    for (double m = 100; m <= 300; m += 1) {
        galley_lines_t lines = set(f, text, "ko", m, st);
        const char *last = lines.n_lines > 1 ? lines.lines[lines.n_lines - 1].text : "";
        glong chars = g_utf8_strlen(last, -1);
        n += lines.n_lines > 1 && !strchr(last, ' ') && chars > 0 && chars - 1 < 4;
        galley_lines_fini(&lines);
    }
    return n;
}

/* A Korean paragraph's last line holds at least two words or four syllables
 * (last_syllables 4), where no emergency line is needed instead. */
static void test_korean_last_line(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.linebreak.korean_syllables = 1;
    st.linebreak.last_syllables = 0;
    int free_ = korean_stubs(f, &st);
    st.linebreak.last_syllables = 4;
    int kept = korean_stubs(f, &st);
    assert_true(free_ > 0);
    assert_true(kept * 4 < free_);
}

/* The largest difference in any glyph's x between LINES A and B (same
 * breaks), or -1 when they break differently. */
static double glyph_shift(const galley_lines_t *a, const galley_lines_t *b)
{
    if (a->n_lines != b->n_lines)
        return -1;
    double most = 0;
    for (size_t i = 0; i < a->n_lines; i++) {
        const galley_line_t *x = &a->lines[i], *y = &b->lines[i];
        if (x->n_runs != y->n_runs)
            return -1;
        for (size_t r = 0; r < x->n_runs; r++)
            for (int g = 0; g < x->runs[r].n_glyphs && g < y->runs[r].n_glyphs; g++)
                most = fmax(most, fabs(x->runs[r].glyphs[g].x - y->runs[r].glyphs[g].x));
    }
    return most;
}

/* Punctuation hangs into the margin by language: English full stops and
 * commas at a justified line's end hang (hanging on moves glyphs), Korean
 * ones stay inside the measure (the module's solid_margins: hanging on or
 * off sets the same glyphs). */
static void test_hanging_by_language(void **state)
{
    fixture_t *f = *state;
    galley_style_t on = body_style(), off = body_style();
    on.linebreak.hanging = 1;
    off.linebreak.hanging = 0;
    on.linebreak.korean_syllables = off.linebreak.korean_syllables = 1;
    const char *en = "Shoigu said the treaty, signed in June, was a response. Pyongyang "
                     "agreed, and the ministry said so. Seoul, too, said little, then more.";
    const char *ko = "쇼이구 서기는 조약이 대응이라고 말했다. 평양은 동의했고, 외무성도 "
                     "그렇게 밝혔다. 서울은 처음에는 말을 아꼈다가, 나중에 입장을 냈다.";
    double moved_en = 0, moved_ko = 0;
    for (double m = 90; m <= 200; m += 10) {
        galley_lines_t a = set(f, en, "en", m, &on), b = set(f, en, "en", m, &off);
        moved_en = fmax(moved_en, glyph_shift(&a, &b));
        galley_lines_fini(&a);
        galley_lines_fini(&b);
        galley_lines_t c = set(f, ko, "ko", m, &on), d = set(f, ko, "ko", m, &off);
        moved_ko = fmax(moved_ko, glyph_shift(&c, &d));
        galley_lines_fini(&c);
        galley_lines_fini(&d);
    }
    assert_true(moved_en > 0.5);
    assert_true(moved_ko < 1e-9);
}

/* Which words may be hyphenated by their case: lowercase and capitalised,
 * never capitals (NASA, UN) nor a capital inside (McDonald, iPhone). */
static void test_hyphenable_case(void **state)
{
    (void)state;
    const struct {
        const char *word;
        int capitalized, want;
    } cases[] = {{"ministry", 1, 1}, {"Ministry", 1, 1}, {"Ministry", 0, 0}, {"NASA", 1, 0},
                 {"UN", 1, 0},       {"McDonald", 1, 0}, {"iPhone", 1, 0},   {"", 1, 0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = strlen(cases[c].word);
        assert_int_equal(galley_hyphen_case_allows(cases[c].word, n, cases[c].capitalized),
                         cases[c].want);
    }
}

/* KO set in LANG breaks only at its spaces. */
static void korean_breaks_at_spaces(fixture_t *f, const char *lang, const galley_style_t *st)
{
    galley_lines_t lines = set(f, KO, lang, 135.0, st);
    assert_true(lines.n_lines >= 3);
    for (size_t i = 0; i < lines.n_lines; i++) {
        const galley_line_t *ln = &lines.lines[i];
        assert_false(ln->hyphenated);
        assert_true(ln->x + ln->width <= 135.0 + 0.001);
        /* Each line starts at the text's start or after a space, and ends at
         * the end or before one: no word is cut between syllables. */
        assert_true(ln->start == 0 || KO[ln->start - 1] == ' ');
        assert_true(ln->end == strlen(KO) || KO[ln->end] == ' ');
    }
    galley_lines_fini(&lines);
}

/* Korean breaks only at spaces, in a Korean paragraph and in an English one
 * (the rules are by script: an English story keeps a Korean name whole). */
static void test_korean_breaks_at_spaces(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    korean_breaks_at_spaces(f, "ko", &st);
    korean_breaks_at_spaces(f, "en", &st);
}

/* True when line LN of TEXT (which has no middle dots) ends inside a word. */
static int ends_inside_word(const char *text, const galley_line_t *ln)
{
    return ln->end > 0 && ln->end < strlen(text) && text[ln->end] != ' ';
}

/* Counts the lines of KO at MEASURE that cut a word, checking each is marked. */
static size_t korean_cuts(fixture_t *f, const galley_style_t *st, double measure)
{
    galley_lines_t lines = set(f, KO, "ko", measure, st);
    size_t cuts = 0;
    for (size_t i = 0; i < lines.n_lines; i++) {
        const galley_line_t *ln = &lines.lines[i];
        assert_true(ln->x + ln->width <= measure + 0.001);
        assert_int_equal(ln->cut, ends_inside_word(KO, ln));
        if (ln->cut) { /* never a lone syllable left at the line's end */
            const char *space = strrchr(ln->text, ' ');
            glong kept = g_utf8_strlen(space ? space + 1 : ln->text, -1);
            assert_true(kept >= (glong)st->linebreak.syllable_left);
        }
        cuts += (size_t)ln->cut;
    }
    galley_lines_fini(&lines);
    return cuts;
}

static void test_korean_syllable_cuts(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    assert_int_equal(korean_cuts(f, &st, 135.0), 0); /* keep-all by default */
    st.linebreak.korean_syllables = 1;
    /* A cut costs: the dearer, the fewer. Free cuts are taken everywhere;
     * costly ones where keeping words whole would leave loose lines, which a
     * wide measure does not. */
    size_t free_cuts = 0, costly = 0;
    for (double m = 135; m <= 585; m += 25) {
        st.linebreak.syllable_penalty = 0;
        free_cuts += korean_cuts(f, &st, m);
        st.linebreak.syllable_penalty = 400;
        costly += korean_cuts(f, &st, m);
    }
    assert_true(costly > 0 && costly * 2 < free_cuts);
    assert_int_equal(korean_cuts(f, &st, 500.0), 0);
    /* Ragged lines gain nothing by a cut. */
    st.align = GALLEY_ALIGN_LEFT;
    assert_int_equal(korean_cuts(f, &st, 135.0), 0);
}

/* The longest run of consecutive lines of KO at MEASURE that end in a cut word. */
static int korean_cut_run(fixture_t *f, const galley_style_t *st, double measure)
{
    galley_lines_t lines = set(f, KO, "ko", measure, st);
    int run = 0, longest = 0;
    for (size_t i = 0; i < lines.n_lines; i++) {
        run = lines.lines[i].cut ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    galley_lines_fini(&lines);
    return longest;
}

static void test_korean_cut_runs(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.linebreak.korean_syllables = 1;
    st.linebreak.syllable_penalty = 0; /* cuts wherever they even the spacing */
    int unlimited = 0;
    for (double m = 135; m <= 335; m += 25) {
        st.linebreak.max_cuts = 100;
        int run = korean_cut_run(f, &st, m);
        unlimited = run > unlimited ? run : unlimited;
        for (int limit = 0; limit <= 2; limit++) {
            st.linebreak.max_cuts = limit;
            assert_true(korean_cut_run(f, &st, m) <= limit);
        }
    }
    assert_true(unlimited > 2); /* the limit is what keeps the runs short */
}

/* The x of the second glyph of the first line of KO set with ST. */
static double second_glyph_x(fixture_t *f, const galley_style_t *st)
{
    galley_lines_t lines = set(f, KO, "ko", 135.0, st);
    assert_true(lines.n_lines >= 2 && lines.lines[0].runs[0].n_glyphs >= 2);
    double x = lines.lines[0].runs[0].glyphs[1].x;
    galley_lines_fini(&lines);
    return x;
}

static void test_korean_syllables_spread(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    galley_style_t ragged = st;
    ragged.align = GALLEY_ALIGN_LEFT;
    double natural = second_glyph_x(f, &ragged);
    /* A justified Korean line spreads its syllables with its spaces... */
    assert_true(second_glyph_x(f, &st) > natural + 0.05);
    /* ...within the style's limit (tolerance times syllable_stretch)... */
    assert_true(second_glyph_x(f, &st) <=
                natural + st.size * st.linebreak.syllable_stretch * st.linebreak.tolerance + 1e-6);
    /* ...and not at all when the layout says 0. */
    st.linebreak.syllable_stretch = 0;
    assert_true(fabs(second_glyph_x(f, &st) - natural) < 1e-6);
    /* With neither, a line of one Korean word is spread as letters are. */
    st.linebreak.syllable_shrink = 0;
    const char *word = "대한민국국가안보회의서기 한국";
    galley_lines_t lines = set(f, word, "ko", 100.0, &st);
    assert_true(lines.n_lines == 2 && lines.lines[0].runs[0].n_glyphs >= 2);
    assert_true(lines.lines[0].runs[0].glyphs[1].x > natural + 0.05);
    galley_lines_fini(&lines);
}

static void test_korean_middle_dot(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    const char *text = "브라질·러시아·인도·중국·남아프리카공화국으로 구성된 모임";
    size_t warnings = galley_diags_count(&f->diags, GALLEY_SEVERITY_WARNING);
    galley_lines_t lines = set(f, text, "ko", 100.0, &st);
    assert_true(lines.n_lines >= 2);
    /* The compound is wider than the column: it breaks after a middle dot,
     * never between syllables, and needs no warning. */
    for (size_t i = 0; i + 1 < lines.n_lines; i++) {
        const galley_line_t *ln = &lines.lines[i];
        assert_true(ln->x + ln->width <= 100.0 + 0.001);
        int after_dot = ln->end >= 2 && strncmp(text + ln->end - 2, "·", 2) == 0;
        assert_true(after_dot || text[ln->end] == ' ');
    }
    assert_int_equal(galley_diags_count(&f->diags, GALLEY_SEVERITY_WARNING), warnings);
    galley_lines_fini(&lines);
}

/* No line begins with closing punctuation or ends with opening punctuation;
 * the second text puts a space after each opening quote, where Pango's
 * rules allow a break and Galley's (lang/, NO_END) must refuse it. */
static void test_line_start_end_rules(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    const char *texts[] = {
        "그는 “이 조약은 한반도에서 분쟁이 다시 일어나는 것을 막기 위한 것” 이라며 "
        "( 현지시간 ) “한국과 일본은 북한이 미사일과 핵 능력을 강화하도록 "
        "압박하고 있다 ” 고 주장했다 . 끝 .",
        "그는 “ 이 조약은 한반도에서 분쟁이 다시 일어나는 것을 막기 위한 것 ” 이라며 ‘ "
        "현지시간 ’ 한국과 일본은 “ 북한이 미사일과 핵 능력을 강화하도록 압박하고 있다 ” 고 "
        "‘ 주장했다 ’ 끝 “ 끝 ”"};
    /* Narrower columns cut words wider than the measure anywhere, with a
     * warning (test_overlong_word): the rules hold where no word is cut. */
    size_t warnings = galley_diags_count(&f->diags, GALLEY_SEVERITY_WARNING);
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        for (double m = 60; m <= 200; m += 1) {
            galley_lines_t lines = set(f, texts[k], "ko", m, &st);
            for (size_t i = 0; i < lines.n_lines; i++) {
                const char *t = lines.lines[i].text;
                gunichar first = g_utf8_get_char(t);
                gunichar last = g_utf8_get_char(g_utf8_prev_char(t + strlen(t)));
                assert_true(first != ')' && first != '.' && first != 0x201D && first != 0x2019);
                assert_true(last != '(' && last != 0x201C && last != 0x2018);
            }
            galley_lines_fini(&lines);
        }
    assert_int_equal(galley_diags_count(&f->diags, GALLEY_SEVERITY_WARNING), warnings);
}

/* Hyphenation follows the language's module: English in any region
 * hyphenates; the same words in a Korean paragraph or one of a language
 * with neither a module nor a Debian dictionary (Turkish) do not; German words in a German
 * paragraph break, ß and ü among them. */
static void test_hyphenation_by_language(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    const char *text = "extraordinarily complicated international responsibilities";
    const struct {
        const char *lang;
        int hyphens;
    } cases[] = {{"en", 1}, {"en-GB", 1}, {"ko", 0}, {"tr", 0}, {"eng", 0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        galley_lines_t lines = set(f, text, cases[c].lang, 60.0, &st);
        int hyphenated = 0;
        for (size_t i = 0; i < lines.n_lines; i++)
            hyphenated += lines.lines[i].hyphenated;
        assert_int_equal(hyphenated > 0, cases[c].hyphens);
        galley_lines_fini(&lines);
    }
    galley_lines_t de =
        set(f, "Stra\u00dfenbahnhaltestelle \u00dcbergr\u00f6\u00dfenverordnung", "de", 60.0, &st);
    int hyphenated = 0;
    for (size_t i = 0; i < de.n_lines; i++)
        hyphenated += de.lines[i].hyphenated;
    assert_true(hyphenated > 0);
    galley_lines_fini(&de);
}

static void test_korean_scale(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.align = GALLEY_ALIGN_LEFT;
    galley_lines_t a = set(f, "한국어 ABC", "ko", 300, &st);
    st.korean_scale = 1.2;
    galley_lines_t b = set(f, "한국어 ABC", "ko", 300, &st);
    /* Only the Korean grows: the line is wider by a fifth of the Hangul. */
    assert_true(b.lines[0].width > a.lines[0].width + 2);
    galley_lines_fini(&a);
    galley_lines_fini(&b);
}

/* The face of every glyph run of LINES that sets a character of the span
 * FROM..TO (bytes of SRC, the parsed text; TO 0: every run), as "family
 * style" ("NanumGothic Regular"), joined by "|"; and whether any of them
 * slants, by its face (italic, oblique) or by a skewed font matrix (an
 * oblique synthesised from an upright face). */
static void run_faces(const galley_lines_t *lines, const char *src, size_t from, size_t to,
                      char *out, size_t n, int *slanted)
{
    out[0] = 0;
    *slanted = 0;
    for (size_t i = 0; i < lines->n_lines; i++)
        for (size_t r = 0; r < lines->lines[i].n_runs; r++) {
            const galley_glyph_run_t *run = &lines->lines[i].runs[r];
            const char *at = run->utf8 ? strstr(src, run->utf8) : NULL;
            size_t b = at ? (size_t)(at - src) : 0, e = b + (size_t)run->utf8_len;
            if (to && (!at || e <= from || b >= to))
                continue;
            FT_Face face = cairo_ft_scaled_font_lock_face(run->font);
            assert_non_null(face);
            cairo_matrix_t m;
            cairo_scaled_font_get_font_matrix(run->font, &m);
            if ((face->style_flags & FT_STYLE_FLAG_ITALIC) || strstr(face->style_name, "Italic") ||
                strstr(face->style_name, "Oblique") || fabs(m.xy) > 1e-9)
                *slanted = 1;
            char name[128];
            snprintf(name, sizeof name, "%s%s %s", out[0] ? "|" : "", face->family_name,
                     face->style_name);
            cairo_ft_scaled_font_unlock_face(run->font);
            if (!strstr(out, name + (out[0] ? 1 : 0)))
                strncat(out, name, n - strlen(out) - 1);
        }
}

/* Emphasis in a Korean text is never a slant (Hangul has no italic: an
 * oblique would be synthesised, and Latin slanting beside upright Hangul
 * marks nothing): it is the style's korean_emphasis, Gothic or bold, over the
 * whole span, its Latin and figures too; a Korean text in an italic style is
 * upright. English emphasis stays italic. */
static void test_korean_emphasis(void **state)
{
    fixture_t *f = *state;
    const char *src = "우주인 선발은 *NASA와 함께 2027년까지* 진행되며 **4명**을 뽑는다.";
    galley_text_t t;
    galley_text_error_t err;
    assert_int_equal(galley_text_parse_raw(src, 1, &t, &err), 0);
    size_t em_from = t.spans[0].start, em_to = t.spans[0].end;
    size_t strong_from = t.spans[1].start, strong_to = t.spans[1].end;
    galley_style_t st = body_style();
    st.align = GALLEY_ALIGN_LEFT;
    st.korean_family = "Galley Myeongjo";
    char faces[512];
    int slanted;
    galley_setting_t s = {
        .text = &t, .style = &st, .lang = "ko", .measure = 1000, .field = "body[0]"};
    galley_lines_t lines;
    /* gothic: the whole span NanumGothic at the text's weight */
    st.korean_emphasis = GALLEY_KOREAN_EMPHASIS_GOTHIC;
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, &lines, &f->diags), 0);
    run_faces(&lines, t.text, em_from, em_to, faces, sizeof faces, &slanted);
    assert_string_equal(faces, "NanumGothic Regular");
    assert_false(slanted);
    run_faces(&lines, t.text, strong_from, strong_to, faces, sizeof faces, &slanted);
    assert_string_equal(faces, "NanumMyeongjo Bold");
    galley_lines_fini(&lines);
    /* bold: the span in the Korean face's bold; an italic style sets Korean upright */
    st.korean_emphasis = GALLEY_KOREAN_EMPHASIS_BOLD;
    st.italic = 1;
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, &lines, &f->diags), 0);
    run_faces(&lines, t.text, em_from, em_to, faces, sizeof faces, &slanted);
    assert_string_equal(faces, "NanumMyeongjo Bold");
    run_faces(&lines, t.text, 0, 0, faces, sizeof faces, &slanted);
    assert_false(slanted);
    galley_lines_fini(&lines);
    /* without korean_family the span's Latin and figures are Noto's, bold, not italic */
    st.korean_family = NULL;
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, &lines, &f->diags), 0);
    run_faces(&lines, t.text, 0, 0, faces, sizeof faces, &slanted);
    assert_false(slanted);
    run_faces(&lines, t.text, em_from, em_to, faces, sizeof faces, &slanted);
    assert_non_null(strstr(faces, "NanumMyeongjo Bold"));
    assert_non_null(strstr(faces, "Noto Serif Bold"));
    galley_lines_fini(&lines);
    galley_text_fini(&t);
    /* English emphasis is italic, Korean emphasis or not */
    assert_int_equal(galley_text_parse_raw("The office *and NASA* said so.", 1, &t, &err), 0);
    st.italic = 0;
    s.lang = "en";
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, &lines, &f->diags), 0);
    run_faces(&lines, t.text, t.spans[0].start, t.spans[0].end, faces, sizeof faces, &slanted);
    assert_string_equal(faces, "Noto Serif Italic");
    assert_true(slanted);
    galley_lines_fini(&lines);
    galley_text_fini(&t);
}

/* The faces of the runs of LINES that set WORD, the first of it in SRC, as
 * run_faces gives them. */
static const char *word_faces(const galley_lines_t *lines, const char *src, const char *word,
                              char *out, size_t n)
{
    const char *at = strstr(src, word);
    assert_non_null(at);
    int slanted;
    run_faces(lines, src, (size_t)(at - src), (size_t)(at - src) + strlen(word), out, n, &slanted);
    return out;
}

/* A Korean text's figures are drawn in the style's korean_figures, as its
 * Hangul is (NanumMyeongjo in a Galley Serif style): numbers with their
 * separators and a percent sign, and a number with a unit written short;
 * not a Latin word's figures ("G20", "COVID-19"), nor a Gothic emphasis's
 * (Gothic, whole); the line keeps the family's extents. English figures are
 * the family's. */
static void test_korean_figures(void **state)
{
    fixture_t *f = *state;
    const char *src = "올해 2027년 G20 회의, 4명이 3.5% 늘어 1kg당 COVID-19 *12개*";
    galley_text_t t;
    galley_text_error_t err;
    assert_int_equal(galley_text_parse_raw(src, 1, &t, &err), 0);
    galley_style_t st = body_style();
    st.align = GALLEY_ALIGN_LEFT;
    st.korean_emphasis = GALLEY_KOREAN_EMPHASIS_GOTHIC;
    galley_setting_t s = {
        .text = &t, .style = &st, .lang = "ko", .measure = 1000, .field = "body[0]"};
    galley_lines_t plain, lines;
    char faces[512];
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, &plain, &f->diags), 0);
    assert_non_null(strstr(word_faces(&plain, t.text, "2027", faces, sizeof faces), "Noto"));
    st.korean_figures = "Galley Myeongjo";
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, &lines, &f->diags), 0);
    assert_string_equal(word_faces(&lines, t.text, "2027", faces, sizeof faces),
                        "NanumMyeongjo Regular");
    assert_string_equal(word_faces(&lines, t.text, "3.5%", faces, sizeof faces),
                        "NanumMyeongjo Regular");
    assert_string_equal(word_faces(&lines, t.text, "1", faces, sizeof faces),
                        "NanumMyeongjo Regular");
    assert_string_equal(word_faces(&lines, t.text, "G20", faces, sizeof faces),
                        "Noto Serif Regular");
    assert_string_equal(word_faces(&lines, t.text, "COVID-19", faces, sizeof faces),
                        "Noto Serif Regular");
    assert_string_equal(word_faces(&lines, t.text, "12", faces, sizeof faces),
                        "NanumGothic Regular");
    /* the word spaces and the line's extents are the family's */
    assert_int_equal(lines.n_lines, 1);
    assert_true(fabs(lines.lines[0].ascent - plain.lines[0].ascent) < 1e-9);
    assert_true(fabs(lines.lines[0].descent - plain.lines[0].descent) < 1e-9);
    galley_lines_fini(&lines);
    galley_lines_fini(&plain);
    /* English figures stay the family's */
    s.lang = "en";
    assert_int_equal(galley_typeset(f->fonts, f->hyphen, &s, &lines, &f->diags), 0);
    assert_string_equal(word_faces(&lines, t.text, "2027", faces, sizeof faces),
                        "Noto Serif Regular");
    galley_lines_fini(&lines);
    galley_text_fini(&t);
}

static void test_missing_glyph_reported(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    size_t before = f->diags.count;
    /* U+E000 is private use: no font Galley uses has a glyph for it. */
    galley_lines_t lines = set(f, "ab \xee\x80\x80 cd", "en", 100, &st);
    galley_lines_fini(&lines);
    assert_true(f->diags.count > before);
    assert_non_null(strstr(f->diags.items[f->diags.count - 1].formatted, "U+E000 at character 3"));
}

static void test_overlong_word(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    size_t warnings = galley_diags_count(&f->diags, GALLEY_SEVERITY_WARNING);
    const char *text = "see Pneumonoultramicroscopicsilicovolcanoconiosis-and-more-words-joined";
    galley_lines_t lines = set(f, text, "en", 50.0, &st);
    for (size_t i = 0; i < lines.n_lines; i++)
        assert_true(lines.lines[i].x + lines.lines[i].width <= 50.0 + 0.001);
    assert_true(galley_diags_count(&f->diags, GALLEY_SEVERITY_WARNING) > warnings);
    galley_lines_fini(&lines);
}

static void test_balanced_headline(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.align = GALLEY_ALIGN_LEFT;
    st.size = 40;
    st.leading = 44;
    st.hyphenate = 0;
    const char *text = "Russia's top security official says country supports revising UN "
                       "sanctions on North";
    galley_lines_t plain = set(f, text, "en", 700.0, &st);
    st.linebreak.balance = 1;
    galley_lines_t even = set(f, text, "en", 700.0, &st);
    assert_int_equal(plain.n_lines, even.n_lines);
    /* Balanced: the shortest line is at least 60% of the longest. */
    double lo = 1e9, hi = 0;
    for (size_t i = 0; i < even.n_lines; i++) {
        lo = fmin(lo, even.lines[i].width);
        hi = fmax(hi, even.lines[i].width);
    }
    assert_true(lo >= 0.6 * hi);
    galley_lines_fini(&plain);
    galley_lines_fini(&even);
}

/* The largest amount by which a glyph of LINE stands further from the one
 * before it than that one's advance, outside word spaces: letter spacing. */
static double max_letter_gap(const galley_line_t *ln)
{
    double most = 0;
    for (size_t r = 0; r < ln->n_runs; r++) {
        const galley_glyph_run_t *run = &ln->runs[r];
        const char *text = run->utf8;
        int g = 0;
        for (int c = 0; c < run->n_clusters; c++) {
            int space = run->clusters[c].num_bytes == 1 && text[0] == ' ';
            for (int k = 0; k < run->clusters[c].num_glyphs; k++, g++) {
                if (g + 1 >= run->n_glyphs || space)
                    continue;
                cairo_glyph_t one = run->glyphs[g];
                cairo_text_extents_t e;
                one.x = one.y = 0;
                cairo_scaled_font_glyph_extents(run->font, &one, 1, &e);
                double gap = run->glyphs[g + 1].x - run->glyphs[g].x - e.x_advance * ln->hscale;
                most = fmax(most, gap);
            }
            text += run->clusters[c].num_bytes;
        }
    }
    return most;
}

static void test_letter_spacing_limits(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.linebreak.hanging = 0;
    st.linebreak.letter_stretch = 0;
    st.linebreak.glyph_stretch = 0;
    /* Without letter spacing, no line spaces its letters (kerning aside). */
    galley_lines_t a = set(f, EN, "en", 120.0, &st);
    double none = 0;
    for (size_t i = 0; i < a.n_lines; i++)
        none = fmax(none, max_letter_gap(&a.lines[i]));
    assert_true(none < 0.01);
    /* With it, loose lines space their letters, never past the limit. */
    st.linebreak.letter_stretch = 0.05;
    galley_lines_t b = set(f, EN, "en", 120.0, &st);
    double most = 0;
    for (size_t i = 0; i < b.n_lines; i++) {
        most = fmax(most, max_letter_gap(&b.lines[i]));
        assert_true(b.lines[i].x + b.lines[i].width <= 120.0 + 0.001);
    }
    assert_true(most > 0.01);
    assert_true(most <= 0.05 * st.size + 0.001);
    galley_lines_fini(&a);
    galley_lines_fini(&b);
}

/* Justification order: word spaces first, then glyph widths within the
 * style's 2%, letter spacing only for a line that cannot be set otherwise
 * (reported in galley_line_t.letter_spacing, which matches the glyphs). */
static void test_letter_spacing_last_resort(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.linebreak.hanging = 0;
    galley_lines_t a = set(f, EN, "en", 135.0, &st);
    int spaced = 0;
    for (size_t i = 0; i < a.n_lines; i++) {
        const galley_line_t *ln = &a.lines[i];
        assert_true(fabs(ln->hscale - 1) <= st.linebreak.glyph_stretch + 1e-9);
        spaced += ln->letter_spacing != 0;
        if (ln->letter_spacing == 0)
            assert_true(max_letter_gap(ln) < 0.01 * st.size);
        /* Letters space out only once the glyphs are at their limit. */
        if (ln->letter_spacing > 0)
            assert_true(fabs(ln->hscale - 1 - st.linebreak.glyph_stretch) < 1e-9);
        if (ln->letter_spacing < 0)
            assert_true(fabs(ln->hscale - 1 + st.linebreak.glyph_shrink) < 1e-9);
    }
    /* Emergency lines are few: 2 of this paragraph's 15 at this measure
     * (a rounding error's worth of slack makes no line one). */
    assert_true(spaced <= 2);
    /* A justified line of one word (not the last) has no spaces: its glyphs
     * widen by 2%, then its letters space out, up to letter_stretch; the
     * line says so. */
    st.hyphenate = 0;
    galley_lines_t b = set(f, "Unconstitutionally unconstitutional", "en", 100.0, &st);
    assert_true(b.n_lines >= 2);
    const galley_line_t *one = &b.lines[0];
    assert_true(fabs(one->hscale - (1 + st.linebreak.glyph_stretch)) < 1e-9);
    assert_true(one->letter_spacing > 0.001);
    assert_true(one->letter_spacing <= st.linebreak.letter_stretch + 1e-9);
    assert_true(fabs(max_letter_gap(one) - one->letter_spacing * st.size) < 0.02);
    /* With no letter spacing allowed, the line stays short instead. */
    st.linebreak.letter_stretch = 0;
    galley_lines_t c = set(f, "Unconstitutionally unconstitutional", "en", 100.0, &st);
    assert_true(c.lines[0].letter_spacing == 0);
    assert_true(c.lines[0].width < 100.0);
    /* Spaces that may neither stretch nor shrink do not take a line's slack:
     * no line of the paragraph overflows its measure. */
    st.linebreak.space_stretch = st.linebreak.space_shrink = 0;
    st.hyphenate = 1;
    galley_lines_t d = set(f, EN, "en", 135.0, &st);
    assert_true(d.n_lines > 3);
    for (size_t i = 0; i < d.n_lines; i++)
        assert_true(d.lines[i].x + d.lines[i].width <= 135.0 + 0.001);
    /* A line of Korean words kept whole that its syllables cannot fill is
     * no fit: the breaker joins the next word instead (at 95 pt only the
     * line of "11일(현지시간)", which nothing joins, falls short). */
    st = body_style();
    galley_lines_t k = set(f, KO, "ko", 95.244, &st);
    int short_lines = 0;
    for (size_t i = 0; i + 1 < k.n_lines; i++)
        short_lines += k.lines[i].width < 95.244 - 0.01;
    assert_true(short_lines <= 1);
    galley_lines_fini(&a);
    galley_lines_fini(&b);
    galley_lines_fini(&c);
    galley_lines_fini(&d);
    galley_lines_fini(&k);
}

static void test_alignment(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.align = GALLEY_ALIGN_RIGHT;
    galley_lines_t lines = set(f, "NEWS1", "en", 100.0, &st);
    assert_int_equal(lines.n_lines, 1);
    assert_true(fabs(lines.lines[0].x + lines.lines[0].width - 100.0) < 0.001);
    galley_lines_fini(&lines);
    st.align = GALLEY_ALIGN_CENTER;
    lines = set(f, "NEWS1", "en", 100.0, &st);
    assert_true(fabs(lines.lines[0].x * 2 + lines.lines[0].width - 100.0) < 0.001);
    galley_lines_fini(&lines);
}

/* A paragraph whose lines hold thousands of words (1 pt type in a 5000 mm
 * column, tolerance 100) is too wide for total-fit's bounded search: it is set
 * best-fit, and still loses no text, overflows no line, justifies every line
 * but the last to the measure and takes no more lines than its natural width
 * needs, plus one. */
static void test_wide_paragraph_best_fit(void **state)
{
    fixture_t *f = *state;
    galley_style_t st = body_style();
    st.size = st.leading = 1;
    st.hyphenate = 0;
    st.linebreak.tolerance = 100;
    st.linebreak.hanging = 0;
    size_t words = 20000;
    char *text = malloc(words * 2);
    for (size_t i = 0; i < words; i++) {
        text[2 * i] = 'a';
        text[2 * i + 1] = i + 1 < words ? ' ' : '\0';
    }
    double measure = 5000 * 72 / 25.4;
    galley_lines_t lines = set(f, text, "en", measure, &st);
    double natural = 0;
    for (size_t i = 0; i < lines.n_lines; i++) {
        const galley_line_t *ln = &lines.lines[i];
        assert_true(ln->x + ln->width <= measure + 0.001);
        if (i + 1 < lines.n_lines)
            assert_true(fabs(line_end(ln) - measure) < 0.01);
        natural += line_end(ln);
    }
    assert_true(lines.n_lines >= 2);
    assert_true((double)lines.n_lines <= ceil(natural / measure) + 1);
    char *joined = join(text, &lines);
    assert_string_equal(joined, text);
    free(joined);
    free(text);
    galley_lines_fini(&lines);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_justified),
        cmocka_unit_test(test_justified_to_the_point),
        cmocka_unit_test(test_no_break_space_justifies),
        cmocka_unit_test(test_hyphenation),
        cmocka_unit_test(test_hyphenable_case),
        cmocka_unit_test(test_final_hyphen),
        cmocka_unit_test(test_explicit_hyphen_runs),
        cmocka_unit_test(test_number_unit_breaks),
        cmocka_unit_test(test_korean_last_line),
        cmocka_unit_test(test_hanging_by_language),
        cmocka_unit_test(test_korean_breaks_at_spaces),
        cmocka_unit_test(test_korean_syllable_cuts),
        cmocka_unit_test(test_korean_cut_runs),
        cmocka_unit_test(test_korean_syllables_spread),
        cmocka_unit_test(test_korean_middle_dot),
        cmocka_unit_test(test_line_start_end_rules),
        cmocka_unit_test(test_hyphenation_by_language),
        cmocka_unit_test(test_korean_scale),
        cmocka_unit_test(test_korean_emphasis),
        cmocka_unit_test(test_korean_figures),
        cmocka_unit_test(test_missing_glyph_reported),
        cmocka_unit_test(test_overlong_word),
        cmocka_unit_test(test_balanced_headline),
        cmocka_unit_test(test_letter_spacing_limits),
        cmocka_unit_test(test_letter_spacing_last_resort),
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_wide_paragraph_best_fit),
    };
    return cmocka_run_group_tests_name("typeset", tests, setup, teardown);
}
