/* typeset_fixture.h: what the typesetter's unit tests share (test_typeset.c,
 * test_list_item.c, test_set_memo.c): fonts and hyphenation loaded once per group, and a
 * justified 9.5/11.5 serif body style. Static: each test includes its copy. */
#ifndef GALLEY_TYPESET_FIXTURE_H
#define GALLEY_TYPESET_FIXTURE_H

#include "typeset.h"

#include <stdlib.h>

typedef struct {
    galley_fonts_t *fonts;
    galley_hyphen_t *hyphen;
    galley_diags_t diags;
} fixture_t;

/* Loads the fonts and dictionaries (cmocka group setup). */
static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    galley_diags_init(&f->diags);
    assert_int_equal(galley_fonts_create(GALLEY_DATADIR, &f->fonts, &f->diags), 0);
    assert_int_equal(galley_hyphen_create(GALLEY_DATADIR, &f->hyphen), 0);
    *state = f;
    return 0;
}

/* Frees them (cmocka group teardown). */
static int teardown(void **state)
{
    fixture_t *f = *state;
    galley_fonts_destroy(f->fonts);
    galley_hyphen_destroy(f->hyphen);
    galley_diags_fini(&f->diags);
    free(f);
    return 0;
}

/* The body style the tests set text in: Galley Serif 9.5/11.5, justified,
 * hyphenated, the line breaker's defaults. */
static galley_style_t body_style(void)
{
    galley_style_t s = {0};
    s.family = "Galley Serif";
    s.size = 9.5;
    s.leading = 11.5;
    s.weight = 400;
    s.align = GALLEY_ALIGN_JUSTIFY;
    s.hyphenate = 1;
    s.korean_scale = 1.0;
    galley_linebreak_defaults(&s.linebreak);
    return s;
}

#endif
