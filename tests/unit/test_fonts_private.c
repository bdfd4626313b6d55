/* test_fonts_private.c: unit tests of render/typeset/fonts.c's promise that
 * Galley's fontconfig configuration is its own.
 *
 * Owns the checks that creating and destroying Galley's fonts, with and
 * without house fonts, leaves the process's current fontconfig configuration
 * (FcConfigGetCurrent) the same object seeing the same families, as a host
 * program that embeds Galley needs: the current configuration is loaded
 * first, as a host's would be, and compared while the fonts exist and after.
 * Also that galley_fonts_use tells its caller the house font files and
 * folders it reads (the inputs galley watch and batch keys follow). Run from
 * the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    assert_int_equal(galley_fonts_use(fonts, &house, 1, NULL, NULL, &d), GALLEY_STATUS_SUCCESS);
    assert_ptr_equal(FcConfigGetCurrent(), host);
    assert_int_equal(current_families(), families);
    assert_int_equal(galley_fonts_use(fonts, NULL, 0, NULL, NULL, &d), GALLEY_STATUS_SUCCESS);

    galley_fonts_destroy(fonts);
    assert_ptr_equal(FcConfigGetCurrent(), host);
    assert_int_equal(current_families(), families);
    assert_false(current_has("Galley Serif"));
    galley_diags_fini(&d);
}

/* galley_fonts_file_fn: appends PATH and a newline to the string DATA (4 KB). */
static int told_append(const char *path, void *data)
{
    char *told = data;
    size_t n = strlen(told);
    snprintf(told + n, 4096 - n, "%s\n", path);
    return 0;
}

/* galley_fonts_use tells its caller the folder it reads and every font file
 * in it (the inputs galley watch and galley batch's keys follow), none
 * twice; a render with no house fonts tells nothing. */
static void test_house_files_told(void **state)
{
    (void)state;
    galley_diags_t d;
    galley_diags_init(&d);
    galley_fonts_t *fonts = NULL;
    assert_int_equal(galley_fonts_create(GALLEY_DATADIR, &fonts, &d), GALLEY_STATUS_SUCCESS);
    galley_font_source_t house = {"tests/data/fonts/house", NULL, 0, 0, "--font-dir", NULL};
    char told[4096] = "";
    assert_int_equal(galley_fonts_use(fonts, &house, 1, told_append, told, &d),
                     GALLEY_STATUS_SUCCESS);
    assert_true(!strncmp(told, "tests/data/fonts/house\n", 23)); /* the folder first */
    int files = 0;
    for (const char *p = told; (p = strstr(p, ".ttf\n")); p++)
        files++;
    assert_true(files >= 1);
    char again[4096] = ""; /* the kept set: told again, the same */
    assert_int_equal(galley_fonts_use(fonts, &house, 1, told_append, again, &d),
                     GALLEY_STATUS_SUCCESS);
    assert_string_equal(again, told);
    char none[4096] = "";
    assert_int_equal(galley_fonts_use(fonts, NULL, 0, told_append, none, &d),
                     GALLEY_STATUS_SUCCESS);
    assert_string_equal(none, "");
    galley_fonts_destroy(fonts);
    galley_diags_fini(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_current_config_unchanged),
        cmocka_unit_test(test_house_files_told),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
