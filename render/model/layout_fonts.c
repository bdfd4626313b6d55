/* layout_fonts.c: the layout's "fonts", a paper's own typefaces.
 *
 * Owns reading "fonts" (an array of font files and folders, relative to the
 * layout file; with --root, inside it) into the layout: each item's path and
 * where it stands in the file, after checking that it exists and is a file
 * or a folder. Whether a file is a font is fontconfig's to say, when the
 * fonts layer adds them (typeset/fonts_house.c), at the item's line:col.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "layout_private.h"
#include "input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Checks item N (relative name REL) of "fonts" and fills *FONT: its path
 * beside the layout file, a file or folder that exists (with REAL_ROOT,
 * inside it once links are followed), and its place in the file. */
static galley_status_t layout_font_item(const galley_json_node_t *n, const char *rel,
                                        const galley_layout_t *l, const char *real_root,
                                        galley_layout_font_t *font)
{
    if (!rel[0])
        return galley_json_error(n, GALLEY_STATUS_INPUT_ERROR, "the font's file name is empty");
    if (real_root && (rel[0] == '/' || galley_path_has_dot_dot(rel)))
        return galley_json_error(n, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\": with --root fonts must be named inside the layout's "
                                 "folder (no absolute path, no \"..\")",
                                 rel);
    galley_json_position(n, &font->line, &font->column);
    if (!(font->path = galley_path_beside(l->path, rel)))
        return galley_json_error(n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    struct stat sb;
    if (stat(font->path, &sb) != 0)
        return galley_json_error(n, GALLEY_STATUS_INPUT_ERROR, "no font file or folder %s: %s",
                                 font->path, strerror(errno));
    if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))
        return galley_json_error(n, GALLEY_STATUS_INPUT_ERROR,
                                 "%s is %s, not a font file or a folder of fonts", font->path,
                                 galley_input_kind(sb.st_mode));
    char *real = real_root ? realpath(font->path, NULL) : NULL;
    int outside = real_root && (!real || !galley_path_inside(real, real_root));
    free(real);
    if (outside)
        return galley_json_error(n, GALLEY_STATUS_INPUT_ERROR,
                                 "%s lies outside the --root folder (through a link)", font->path);
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_layout_load_fonts(const galley_json_node_t *root, galley_layout_t *l,
                                         const char *real_root)
{
    galley_json_node_t n = galley_json_member(root, "fonts");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    if (st != GALLEY_STATUS_SUCCESS || !count)
        return st;
    if (count > GALLEY_LAYOUT_MAX_FONTS)
        return galley_json_error(&n, GALLEY_STATUS_LIMIT_ERROR,
                                 "%zu fonts named; a layout may name at most %d files or folders",
                                 count, GALLEY_LAYOUT_MAX_FONTS);
    if (real_root && !(l->fonts_root = strdup(real_root)))
        return galley_json_error(&n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    if (!(l->fonts = calloc(count, sizeof *l->fonts)))
        return galley_json_error(&n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < count && st == GALLEY_STATUS_SUCCESS; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        const char *rel = NULL;
        st = galley_json_string(&item, 1, &rel);
        if (st == GALLEY_STATUS_SUCCESS)
            st = layout_font_item(&item, rel, l, real_root, &l->fonts[i]);
        l->n_fonts = i + 1; /* its path, if any, is freed with the layout */
    }
    return st;
}

void galley_layout_fonts_fini(galley_layout_t *l)
{
    for (size_t i = 0; i < l->n_fonts; i++)
        free(l->fonts[i].path);
    free(l->fonts);
    free(l->fonts_root);
}
