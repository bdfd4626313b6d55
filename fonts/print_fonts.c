/* print_fonts.c: the print copies of Galley's fonts (galley-print-fonts).
 *
 *   galley-print-fonts fonts/fonts.conf fonts/print
 *
 * Owns fonts/print/: for every TrueType font the configuration selects, a copy
 * without hinting, made with HarfBuzz's subsetter keeping every glyph, table,
 * feature and name; and print.conf, fontconfig rules that make a matched
 * font open its copy. Hinting (glyph programs, fpgm, prep, cvt) fits outlines
 * to a screen's pixel grid; print never uses it (Galley sets text unhinted),
 * yet cairo embeds it in every subset: 41-47% of the glyph data of Noto Serif
 * and NanumMyeongjo. Matching is unchanged: fontconfig still reads the
 * system's files and its cache of them; only the file a matched font is
 * opened from changes, and only while the system font has the version the
 * copy was made from. `make` runs this; a copy already made from a file of the
 * same time is kept.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One font to copy: the system file and where its copy goes. */
typedef struct {
    char *src, *dst;
    int version;
} print_font_t;

/* Reports a failure about PATH and returns 1. */
static int fail(const char *path, const char *what)
{
    fprintf(stderr, "galley-print-fonts: %s: %s\n", path, what);
    return 1;
}

/* True when BLOB holds one TrueType-outline font: a collection, or a font
 * with CFF outlines (whose hints are small), is left as it is. */
static int font_is_truetype(hb_blob_t *blob)
{
    if (hb_face_count(blob) != 1)
        return 0;
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    int yes = hb_blob_get_length(glyf) > 0;
    hb_blob_destroy(glyf);
    hb_face_destroy(face);
    return yes;
}

/* Fills SET with every value: an empty set inverted. */
static void set_all(hb_set_t *set)
{
    hb_set_clear(set);
    hb_set_invert(set);
}

/* The font in BLOB without hinting, everything else kept; NULL on failure. */
static hb_blob_t *font_unhint(hb_blob_t *blob)
{
    hb_face_t *face = hb_face_create(blob, 0);
    unsigned int glyphs = hb_face_get_glyph_count(face);
    hb_subset_input_t *in = glyphs ? hb_subset_input_create_or_fail() : NULL;
    hb_blob_t *out = NULL;
    if (in) {
        set_all(hb_subset_input_unicode_set(in));
        hb_set_add_range(hb_subset_input_glyph_set(in), 0, glyphs - 1);
        hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
        set_all(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
        set_all(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_SCRIPT_TAG));
        set_all(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID));
        set_all(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_LANG_ID));
        hb_subset_input_set_flags(
            in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_RETAIN_GIDS |
                    HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_GLYPH_NAMES |
                    HB_SUBSET_FLAGS_NAME_LEGACY | HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED |
                    HB_SUBSET_FLAGS_NO_PRUNE_UNICODE_RANGES);
        hb_face_t *sub = hb_subset_or_fail(face, in);
        if (sub)
            out = hb_face_reference_blob(sub);
        hb_face_destroy(sub);
        hb_subset_input_destroy(in);
    }
    hb_face_destroy(face);
    return out;
}

/* Writes LEN bytes of DATA to PATH through a temporary file, with MTIME. */
static int file_write(const char *path, const void *data, size_t len, const struct timespec *mtime)
{
    char tmp[PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (ok && mtime) {
        struct timespec times[2] = {*mtime, *mtime};
        ok = utimensat(AT_FDCWD, tmp, times, 0) == 0;
    }
    if (ok)
        ok = rename(tmp, path) == 0;
    if (!ok) {
        unlink(tmp);
        return fail(path, strerror(errno));
    }
    return 0;
}

/* Makes FONT's copy unless one made from a file of the same time is there. */
static int font_copy(const print_font_t *font, int *made)
{
    struct stat src, dst;
    if (stat(font->src, &src) != 0)
        return fail(font->src, strerror(errno));
    if (stat(font->dst, &dst) == 0 && dst.st_mtim.tv_sec == src.st_mtim.tv_sec &&
        dst.st_mtim.tv_nsec == src.st_mtim.tv_nsec)
        return 0;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(font->src);
    if (!blob)
        return fail(font->src, "cannot read the font");
    hb_blob_t *out = font_unhint(blob);
    hb_blob_destroy(blob);
    if (!out)
        return fail(font->src, "HarfBuzz cannot subset the font");
    unsigned int len = 0;
    const char *data = hb_blob_get_data(out, &len);
    int st = file_write(font->dst, data, len, &src.st_mtim);
    hb_blob_destroy(out);
    *made += !st;
    return st;
}

/* Writes S to F with XML's five special characters escaped. */
static void xml_put(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&apos;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

/* Writes DIR/print.conf: one rule per copy, opening the copy in place of the
 * system file while that file has the version the copy was made from. */
static int rules_write(const char *dir, const print_font_t *fonts, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return fail(dir, "out of memory");
    fputs("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
          "<!-- Written by galley-print-fonts (fonts/print_fonts.c): each matched font opens\n"
          "     its copy without hinting. Galley loads this after fonts.conf. -->\n"
          "<fontconfig>\n",
          f);
    for (size_t i = 0; i < n; i++) {
        fputs("  <match target=\"font\">\n    <test name=\"file\"><string>", f);
        xml_put(f, fonts[i].src);
        fprintf(f, "</string></test>\n    <test name=\"fontversion\"><int>%d</int></test>\n",
                fonts[i].version);
        fputs("    <edit name=\"file\" mode=\"assign\"><string>", f);
        xml_put(f, fonts[i].dst);
        fputs("</string></edit>\n  </match>\n", f);
    }
    fputs("</fontconfig>\n", f);
    if (fclose(f) != 0) {
        free(text);
        return fail(dir, "out of memory");
    }
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/print.conf", dir);
    int st = file_write(path, text, len, NULL);
    free(text);
    return st;
}

/* True when FONTS[0..N) already has a copy named like DST. */
static int name_taken(const print_font_t *fonts, size_t n, const char *dst)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(fonts[i].dst, dst) == 0)
            return 1;
    return 0;
}

/* Collects the TrueType fonts CONFIG selects, each with its copy's path in
 * DIR (an absolute path), into *OUT; returns how many, or -1 on failure. */
static long fonts_collect(FcConfig *config, const char *dir, print_font_t **out)
{
    FcFontSet *set = FcConfigGetFonts(config, FcSetSystem);
    print_font_t *fonts = calloc(set ? (size_t)set->nfont + 1 : 1, sizeof *fonts);
    size_t n = 0;
    for (int i = 0; fonts && set && i < set->nfont; i++) {
        FcChar8 *file = NULL;
        int version = 0;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch ||
            FcPatternGetInteger(set->fonts[i], FC_FONTVERSION, 0, &version) != FcResultMatch)
            continue;
        hb_blob_t *blob = hb_blob_create_from_file_or_fail((const char *)file);
        int truetype = blob && font_is_truetype(blob);
        hb_blob_destroy(blob);
        if (!truetype)
            continue;
        const char *base = strrchr((const char *)file, '/');
        char dst[2 * PATH_MAX];
        int len = snprintf(dst, sizeof dst, "%s/%s", dir, base ? base + 1 : (const char *)file);
        if (len < 0 || len >= PATH_MAX || name_taken(fonts, n, dst))
            continue;
        fonts[n] = (print_font_t){strdup((const char *)file), strdup(dst), version};
        if (!fonts[n].src || !fonts[n].dst) {
            free(fonts[n].src);
            free(fonts[n].dst);
            free(fonts);
            return -1;
        }
        n++;
    }
    *out = fonts;
    return fonts ? (long)n : -1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: galley-print-fonts FONTS.CONF OUTDIR\n");
        return 2;
    }
    if (mkdir(argv[2], 0777) != 0 && errno != EEXIST)
        return fail(argv[2], strerror(errno));
    /* absolute: fontconfig reads a relative name as one in its own folder */
    char dir[PATH_MAX], conf[PATH_MAX];
    if (!realpath(argv[2], dir))
        return fail(argv[2], strerror(errno));
    if (!realpath(argv[1], conf))
        return fail(argv[1], strerror(errno));
    FcConfig *config = FcConfigCreate();
    if (!config || !FcConfigParseAndLoad(config, (const FcChar8 *)conf, FcTrue) ||
        !FcConfigBuildFonts(config)) {
        if (config)
            FcConfigDestroy(config);
        return fail(argv[1], "cannot load the font configuration");
    }
    print_font_t *fonts = NULL;
    long n = fonts_collect(config, dir, &fonts);
    int st = n < 0 ? fail(dir, "out of memory") : 0, made = 0;
    for (long i = 0; !st && i < n; i++)
        st = font_copy(&fonts[i], &made);
    if (!st)
        st = rules_write(dir, fonts, (size_t)(n > 0 ? n : 0));
    if (!st && made)
        printf("galley-print-fonts: %d of %ld fonts copied without hinting into %s\n", made, n,
               dir);
    for (long i = 0; i < n; i++) {
        free(fonts[i].src);
        free(fonts[i].dst);
    }
    free(fonts);
    FcConfigDestroy(config);
    FcFini();
    return st;
}
