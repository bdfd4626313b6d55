/* fonts_house.c: house fonts, a paper's own typefaces.
 *
 * Owns the fonts a render adds to Galley's own (a layout's "fonts", the
 * command's --font-dir): finding the font files (the files named, and the
 * .ttf, .otf, .ttc and .otc files in the folders named and their
 * sub-folders), checking that fontconfig reads each as a TrueType or OpenType
 * font, and the font sets made of them. A set is Galley's configuration
 * built again with the house files added as application fonts, and its own
 * Pango font map: Galley's set is never changed, so a render without house
 * fonts, or with another paper's, sees none of them. A context keeps the
 * last few sets by their files' paths, sizes and modification times: a
 * context that renders one layout many times (an edition, galley watch)
 * builds its set once, and an edited font file makes a new one.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "fonts.h"
#include "font_lock.h"
#include "fonts_private.h"
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Deepest sub-folder of a named folder searched for fonts. */
#define HOUSE_MAX_DEPTH 8

/* One font file to add, and the source it comes from. */
typedef struct {
    char *path; /* as named, or its folder's path and its name */
    size_t source;
} house_file_t;

/* The font files of one render's sources, and the set's key. */
typedef struct {
    house_file_t files[GALLEY_MAX_HOUSE_FONT_FILES];
    size_t n;
    GString *key;
    const galley_font_source_t *sources;
    galley_fonts_file_fn on_file; /* told each file and folder read; may be NULL */
    void *data;
    galley_diags_t *diags;
} house_list_t;

/* Reports a problem with source I of LIST. */
#define HOUSE_ERROR(list, i, status, ...)                                                          \
    galley_diags_error((list)->diags, status, (list)->sources[i].file, (list)->sources[i].line,    \
                       (list)->sources[i].column, (list)->sources[i].field, __VA_ARGS__)

/* True when NAME ends in a font file's extension. */
static int house_is_font_name(const char *name)
{
    static const char *const EXTENSIONS[] = {".ttf", ".otf", ".ttc", ".otc"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof EXTENSIONS / sizeof *EXTENSIONS; i++)
        if (n > 4 && !strcasecmp(name + n - 4, EXTENSIONS[i]))
            return 1;
    return 0;
}

/* Tells LIST's caller of the font file or folder PATH (galley_fonts_use). */
static galley_status_t house_tell(house_list_t *list, const char *path)
{
    if (list->on_file && list->on_file(path, list->data))
        return galley_diags_error(list->diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                  "out of memory");
    return GALLEY_STATUS_SUCCESS;
}

/* Adds the file PATH (stat SB) of source I to LIST and its key. Checks
 * --root and the limit on files. */
static galley_status_t house_add_file(house_list_t *list, size_t i, const char *path,
                                      const struct stat *sb)
{
    if (list->n == GALLEY_MAX_HOUSE_FONT_FILES)
        return HOUSE_ERROR(list, i, GALLEY_STATUS_LIMIT_ERROR,
                           "more than %d font files: a render may add at most %d (docs/limits.md)",
                           GALLEY_MAX_HOUSE_FONT_FILES, GALLEY_MAX_HOUSE_FONT_FILES);
    char *real = realpath(path, NULL);
    if (!real)
        return HOUSE_ERROR(list, i, GALLEY_STATUS_INPUT_ERROR, "%s cannot be read: %s", path,
                           strerror(errno));
    const char *root = list->sources[i].real_root;
    if (root && !galley_path_inside(real, root)) {
        free(real);
        return HOUSE_ERROR(list, i, GALLEY_STATUS_INPUT_ERROR,
                           "%s lies outside the --root folder (through a link)", path);
    }
    g_string_append_printf(list->key, "%zu\t%s\t%lld\t%lld.%09ld\n", i, real,
                           (long long)sb->st_size, (long long)sb->st_mtim.tv_sec,
                           (long)sb->st_mtim.tv_nsec);
    free(real);
    char *copy = strdup(path);
    if (!copy)
        return HOUSE_ERROR(list, i, GALLEY_STATUS_NO_MEMORY, "out of memory");
    list->files[list->n++] = (house_file_t){copy, i};
    return house_tell(list, path);
}

/* Adds the font files in the folder DIR of source I, sub-folders to DEPTH
 * included, in name order (the order fontconfig then prefers them in). */
static galley_status_t house_add_dir(house_list_t *list, size_t i, const char *dir, int depth)
{
    galley_status_t st = house_tell(list, dir); /* a font added to it changes its time */
    if (st)
        return st;
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0)
        return HOUSE_ERROR(list, i, GALLEY_STATUS_INPUT_ERROR, "the folder %s cannot be read: %s",
                           dir, strerror(errno));
    for (int k = 0; k < n; k++) {
        const char *name = names[k]->d_name;
        char *path = name[0] == '.' || st ? NULL : g_build_filename(dir, name, NULL);
        struct stat sb;
        if (path && stat(path, &sb) == 0) {
            if (S_ISDIR(sb.st_mode) && depth < HOUSE_MAX_DEPTH)
                st = house_add_dir(list, i, path, depth + 1);
            else if (S_ISREG(sb.st_mode) && house_is_font_name(name))
                st = house_add_file(list, i, path, &sb);
        }
        g_free(path);
        free(names[k]);
    }
    free(names);
    return st;
}

/* Finds the font files of the N SOURCES into LIST. */
static galley_status_t house_list_files(house_list_t *list, size_t n)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; i < n && !st; i++) {
        const char *path = list->sources[i].path;
        struct stat sb;
        size_t before = list->n;
        if (stat(path, &sb) != 0)
            st = HOUSE_ERROR(list, i, GALLEY_STATUS_INPUT_ERROR, "no font file or folder %s: %s",
                             path, strerror(errno));
        else if (S_ISDIR(sb.st_mode))
            st = house_add_dir(list, i, path, 0);
        else if (S_ISREG(sb.st_mode))
            st = house_add_file(list, i, path, &sb);
        else
            st = HOUSE_ERROR(list, i, GALLEY_STATUS_INPUT_ERROR, "%s is not a font file or folder",
                             path);
        if (!st && list->n == before)
            st = HOUSE_ERROR(list, i, GALLEY_STATUS_INPUT_ERROR,
                             "the folder %s holds no font (.ttf, .otf, .ttc or .otc files)", path);
    }
    return st;
}

/* Checks the faces fontconfig read from LIST's file K, FIRST to LAST of the
 * application fonts: at least one, each TrueType or OpenType (CFF). */
static galley_status_t house_check_faces(const house_list_t *list, size_t k, const FcFontSet *fs,
                                         int first, int last)
{
    const house_file_t *f = &list->files[k];
    if (first >= last)
        return HOUSE_ERROR(list, f->source, GALLEY_STATUS_INPUT_ERROR,
                           "%s is not a font fontconfig can read", f->path);
    for (int j = first; j < last; j++) {
        FcChar8 *format = NULL;
        FcPatternGetString(fs->fonts[j], FC_FONTFORMAT, 0, &format);
        if (!format ||
            (strcmp((const char *)format, "TrueType") && strcmp((const char *)format, "CFF")))
            return HOUSE_ERROR(list, f->source, GALLEY_STATUS_INPUT_ERROR,
                               "%s is a %s font: Galley sets TrueType and OpenType fonts only",
                               f->path, format ? (const char *)format : "unknown");
    }
    return GALLEY_STATUS_SUCCESS;
}

/* Builds the set of Galley's fonts and LIST's into *OUT. */
static galley_status_t house_set_build(galley_fonts_t *fonts, house_list_t *list,
                                       galley_font_set_t **out)
{
    galley_font_set_t *set = calloc(1, sizeof *set);
    if (!set)
        return galley_diags_error(list->diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                  "out of memory");
    galley_status_t st = galley_font_set_config(fonts->conf_path, set, list->diags);
    for (size_t k = 0; !st && k < list->n; k++) {
        FcFontSet *fs = FcConfigGetFonts(set->config, FcSetApplication);
        int before = fs ? fs->nfont : 0;
        FcConfigAppFontAddFile(set->config, (const FcChar8 *)list->files[k].path);
        fs = FcConfigGetFonts(set->config, FcSetApplication);
        st = house_check_faces(list, k, fs, before, fs ? fs->nfont : 0);
    }
    if (!st)
        st = galley_font_set_pango(set, list->diags);
    if (!st && !(set->key = g_strdup(list->key->str)))
        st = GALLEY_STATUS_NO_MEMORY;
    if (st) {
        galley_font_set_fini(set);
        free(set);
        return st;
    }
    *out = set;
    return GALLEY_STATUS_SUCCESS;
}

/* The kept set for LIST's key, else a new one in the slot of the set used
 * longest ago (no render is using it: a render's lines are freed with it). */
static galley_status_t house_set_find(galley_fonts_t *fonts, house_list_t *list,
                                      galley_font_set_t **out)
{
    int slot = 0;
    for (int i = 0; i < GALLEY_HOUSE_SETS; i++) {
        galley_font_set_t *set = fonts->house[i];
        if (set && !strcmp(set->key, list->key->str)) {
            *out = set;
            return GALLEY_STATUS_SUCCESS;
        }
        if (!set || (fonts->house[slot] && set->used < fonts->house[slot]->used))
            slot = i;
    }
    galley_font_set_t *set = NULL;
    galley_status_t st = house_set_build(fonts, list, &set);
    if (st)
        return st;
    if (fonts->house[slot]) {
        galley_font_set_fini(fonts->house[slot]);
        free(fonts->house[slot]);
    }
    *out = fonts->house[slot] = set;
    return GALLEY_STATUS_SUCCESS;
}

/* galley_fonts_use, with the font lock held by the caller. */
static galley_status_t house_use_unlocked(galley_fonts_t *fonts,
                                          const galley_font_source_t *sources, size_t n,
                                          galley_fonts_file_fn on_file, void *data,
                                          galley_diags_t *diags)
{
    fonts->active = &fonts->base;
    fonts->renders++;
    if (!n)
        return GALLEY_STATUS_SUCCESS;
    house_list_t list = {.sources = sources, .on_file = on_file, .data = data, .diags = diags};
    list.key = g_string_new(NULL);
    galley_font_set_t *set = NULL;
    galley_status_t st = house_list_files(&list, n);
    if (!st)
        st = house_set_find(fonts, &list, &set);
    if (!st) {
        set->used = fonts->renders;
        fonts->active = set;
    }
    for (size_t k = 0; k < list.n; k++)
        free(list.files[k].path);
    g_string_free(list.key, TRUE);
    return st;
}

galley_status_t galley_fonts_use(galley_fonts_t *fonts, const galley_font_source_t *sources,
                                 size_t n, galley_fonts_file_fn on_file, void *data,
                                 galley_diags_t *diags)
{
    galley_font_lock();
    galley_status_t st = house_use_unlocked(fonts, sources, n, on_file, data, diags);
    galley_font_unlock();
    return st;
}
