/* test_fonts_private.c: unit tests of render/typeset/fonts.c's promise that
 * Galley's fontconfig configuration is its own.
 *
 * Owns the checks that creating and destroying Galley's fonts, with and
 * without house fonts, leaves the process's current fontconfig configuration
 * (FcConfigGetCurrent) the same object seeing the same families, as a host
 * program that embeds Galley needs: the current configuration is loaded
 * first, as a host's would be, and compared while the fonts exist and after.
 * Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <fontconfig/fontconfig.h>

#include "fonts.h"

#ifndef GALLEY_DATADIR
#define GALLEY_DATADIR "."
#endif

/* Families the current configuration's fonts have, as a host lists them. */
static int current_families(void)
{
    FcPattern *pat = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, NULL);
    FcFontSet *fs = FcFontList(FcConfigGetCurrent(), pat, os);
    int n = fs ? fs->nfont : -1;
    if (fs)
        FcFontSetDestroy(fs);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
    return n;
}

/* True when the current configuration matches FAMILY by that name. */
static int current_has(const char *family)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)family);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult r;
    FcPattern *m = FcFontMatch(NULL, pat, &r);
    FcChar8 *got = NULL;
    int has = m && FcPatternGetString(m, FC_FAMILY, 0, &got) == FcResultMatch &&
              FcStrCmpIgnoreCase(got, (const FcChar8 *)family) == 0;
    if (m)
        FcPatternDestroy(m);
    FcPatternDestroy(pat);
    return has;
}

/* Galley's fonts, created and destroyed, never change the current
 * configuration or what it sees; nor do house fonts. */
static void test_current_config_unchanged(void **state)
{
    (void)state;
    assert_true(FcInit());
    FcConfig *host = FcConfigGetCurrent();
    int families = current_families();
    assert_true(families > 0);
    /* The role families are Galley's own: a host never sees them. */
    assert_false(current_has("Galley Serif"));

    galley_diags_t d;
    galley_diags_init(&d);
    galley_fonts_t *fonts = NULL;
    assert_int_equal(galley_fonts_create(GALLEY_DATADIR, &fonts, &d), GALLEY_STATUS_SUCCESS);
    assert_ptr_equal(FcConfigGetCurrent(), host);
    assert_int_equal(current_families(), families);
    assert_false(current_has("Galley Serif"));

    galley_font_source_t house = {"tests/data/fonts/house", NULL, 0, 0, "--font-dir", NULL};
    assert_int_equal(galley_fonts_use(fonts, &house, 1, &d), GALLEY_STATUS_SUCCESS);
    assert_ptr_equal(FcConfigGetCurrent(), host);
    assert_int_equal(current_families(), families);
    assert_int_equal(galley_fonts_use(fonts, NULL, 0, &d), GALLEY_STATUS_SUCCESS);

    galley_fonts_destroy(fonts);
    assert_ptr_equal(FcConfigGetCurrent(), host);
    assert_int_equal(current_families(), families);
    assert_false(current_has("Galley Serif"));
    galley_diags_fini(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_current_config_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
