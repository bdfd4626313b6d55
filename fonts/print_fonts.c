/* print_fonts.c: the folder of Galley's fonts (galley-print-fonts).
 *
 *   galley-print-fonts fonts
 *
 * Owns fonts/print/, the folder Galley takes its fonts from: for every font
 * file fonts/system.conf selects (with fonts/fonts.conf), a copy without
 * hinting of a TrueType font, made with HarfBuzz's subsetter keeping every
 * glyph, table, feature and name; a symbolic link to any other (the CJK
 * collections, whose CFF hints are small). Hinting (glyph programs, fpgm,
 * prep, cvt) fits outlines to a screen's pixel grid; print never uses it
 * (Galley sets text unhinted), yet cairo embeds it in every subset: 41-47% of
 * the glyph data of Noto Serif and NanumMyeongjo. And with a folder of only
 * its 22 fonts, fontconfig builds its cache from 22 files instead of the 300
 * of the system folders. `make` runs this; a copy already made from a file of
 * the same time is kept, and anything else in the folder is removed. The
 * folder is marked complete (.complete) last: Galley uses it only then.
 */
#define _XOPEN_SOURCE 700 /* realpath */

/* The file that marks the folder complete (render/fonts.c reads it too). */
#define PRINT_DONE ".complete"
#include <dirent.h>
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
    int link; /* not TrueType: a symbolic link to the system file */
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

/* The folder being made: its mark of completion, taken away before the
 * first change, so Galley never reads a folder half changed. */
typedef struct {
    char done[2 * PATH_MAX + 16];
    int unmarked;
    int made; /* fonts copied or linked */
} folder_t;

/* Called before any change to the folder. */
static void folder_change(folder_t *f)
{
    if (!f->unmarked)
        unlink(f->done);
    f->unmarked = 1;
}

/* Makes FONT's link to its system file, unless it is there. */
static int font_link(const print_font_t *font, folder_t *f)
{
    char target[PATH_MAX];
    ssize_t n = readlink(font->dst, target, sizeof target - 1);
    if (n > 0 && (size_t)n == strlen(font->src) && memcmp(target, font->src, (size_t)n) == 0)
        return 0;
    folder_change(f);
    unlink(font->dst);
    if (symlink(font->src, font->dst) != 0)
        return fail(font->dst, strerror(errno));
    f->made++;
    return 0;
}

/* Makes FONT's copy unless one made from a file of the same time is there. */
static int font_copy(const print_font_t *font, folder_t *f)
{
    if (font->link)
        return font_link(font, f);
    struct stat src, dst;
    if (stat(font->src, &src) != 0)
        return fail(font->src, strerror(errno));
    if (lstat(font->dst, &dst) == 0 && S_ISREG(dst.st_mode) &&
        dst.st_mtim.tv_sec == src.st_mtim.tv_sec && dst.st_mtim.tv_nsec == src.st_mtim.tv_nsec)
        return 0;
    folder_change(f);
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
    f->made += !st;
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

/* Collects the font files CONFIG selects, each with its place in DIR (an
 * absolute path), into *OUT; returns how many, or -1 on failure. */
static long fonts_collect(FcConfig *config, const char *dir, print_font_t **out)
{
    FcFontSet *set = FcConfigGetFonts(config, FcSetSystem);
    print_font_t *fonts = calloc(set ? (size_t)set->nfont + 1 : 1, sizeof *fonts);
    size_t n = 0;
    for (int i = 0; fonts && set && i < set->nfont; i++) {
        FcChar8 *file = NULL;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        const char *base = strrchr((const char *)file, '/');
        char dst[2 * PATH_MAX];
        int len = snprintf(dst, sizeof dst, "%s/%s", dir, base ? base + 1 : (const char *)file);
        if (len < 0 || len >= PATH_MAX || name_taken(fonts, n, dst))
            continue; /* a collection's other faces, or a name already used */
        hb_blob_t *blob = hb_blob_create_from_file_or_fail((const char *)file);
        int truetype = blob && font_is_truetype(blob);
        hb_blob_destroy(blob);
        fonts[n] = (print_font_t){strdup((const char *)file), strdup(dst), !truetype};
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

/* Removes from DIR what is not one of FONTS[0..N): copies of fonts no longer
 * selected, files a run cut short left. */
static void dir_prune(const char *dir, const print_font_t *fonts, size_t n, folder_t *f)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[2 * PATH_MAX + 256];
        int len = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (len > 0 && (size_t)len < sizeof path && !name_taken(fonts, n, path)) {
            folder_change(f);
            unlink(path);
        }
    }
    if (d)
        closedir(d);
}

/* Loads FILE (an absolute path) into CONFIG; 0, or 1 with a message. */
static int config_load(FcConfig *config, const char *dir, const char *name)
{
    char file[2 * PATH_MAX];
    snprintf(file, sizeof file, "%s/%s", dir, name);
    return FcConfigParseAndLoad(config, (const FcChar8 *)file, FcTrue)
               ? 0
               : fail(file, "cannot load the font configuration");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: galley-print-fonts FONTS_DIR (with fonts.conf and system.conf)\n");
        return 2;
    }
    /* absolute: fontconfig reads a relative name as one in its own folder */
    char dir[PATH_MAX], print[2 * PATH_MAX];
    if (!realpath(argv[1], dir))
        return fail(argv[1], strerror(errno));
    snprintf(print, sizeof print, "%s/print", dir);
    if (mkdir(print, 0777) != 0 && errno != EEXIST)
        return fail(print, strerror(errno));
    /* Galley takes the folder only with its mark of completion: none while
     * it changes, so a run cut short leaves Galley on the system's files;
     * and a folder left as it was keeps its time, and fontconfig its cache. */
    folder_t folder = {.unmarked = 0, .made = 0};
    snprintf(folder.done, sizeof folder.done, "%s/" PRINT_DONE, print);
    FcConfig *config = FcConfigCreate();
    int st = config ? 0 : fail(dir, "out of memory");
    if (!st)
        st = config_load(config, dir, "fonts.conf");
    if (!st)
        st = config_load(config, dir, "system.conf");
    if (!st && !FcConfigBuildFonts(config))
        st = fail(dir, "cannot build the font set");
    print_font_t *fonts = NULL;
    long n = st ? 0 : fonts_collect(config, print, &fonts);
    if (n < 0)
        st = fail(dir, "out of memory");
    for (long i = 0; !st && i < n; i++)
        st = font_copy(&fonts[i], &folder);
    if (!st)
        dir_prune(print, fonts, (size_t)n, &folder);
    if (!st && (folder.unmarked || access(folder.done, F_OK) != 0)) {
        FILE *mark = fopen(folder.done, "w");
        if (!mark || fprintf(mark, "%ld fonts\n", n) < 0 || fclose(mark) != 0)
            st = fail(folder.done, "cannot write the mark of a complete folder");
    }
    if (!st && folder.made)
        printf("galley-print-fonts: %d of %ld fonts made in %s\n", folder.made, n, print);
    for (long i = 0; i < n; i++) {
        free(fonts[i].src);
        free(fonts[i].dst);
    }
    free(fonts);
    if (config)
        FcConfigDestroy(config);
    FcFini();
    return st;
}
