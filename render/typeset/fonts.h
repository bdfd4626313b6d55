/* fonts.h: fonts as resources.
 *
 * Owns: Galley's own fontconfig configuration (fonts/fonts.conf, handed to
 * its Pango font map alone, never made the process's current one, so output
 * never depends on other installed fonts and a host keeps its own), the
 * house fonts a render adds (a layout's "fonts", --font-dir), the Pango font
 * map and context set for print (72 dpi, no hinting, no glyph position
 * rounding), and font descriptions and metrics for layout styles.
 */
#ifndef GALLEY_FONTS_H
#define GALLEY_FONTS_H

#include "diag.h"
#include "layout.h"
#include <cairo.h>
#include <pango/pango.h>

typedef struct galley_fonts galley_fonts_t;

/* Loads DATADIR/fonts/fonts.conf with the fonts in print/ beside it (else
 * the files system.conf there selects) and sets up Pango. */
galley_status_t galley_fonts_create(const char *datadir, galley_fonts_t **out,
                                    galley_diags_t *diags);
/* The same with the configuration file CONF instead (NULL or empty: DATADIR's). */
galley_status_t galley_fonts_create_with_conf(const char *datadir, const char *conf,
                                              galley_fonts_t **out, galley_diags_t *diags);
void galley_fonts_destroy(galley_fonts_t *fonts);

/* A font file or folder a render adds (a house font), and where it was
 * named for messages: FILE:LINE:COL FIELD ("fonts[1]"), or FIELD alone
 * ("--font-dir"). */
typedef struct {
    const char *path;
    const char *file;
    int line, column;
    const char *field;
    const char *real_root; /* with --root (a real path): every file must lie inside it */
} galley_font_source_t;

/* Most font files one render may add: the files named and the fonts in the
 * folders named, sub-folders included (docs/limits.md). */
#define GALLEY_MAX_HOUSE_FONT_FILES 64

/* Told each house font file and folder a render reads (galley_fonts_use):
 * PATH as found (as named, or a folder's path and the name in it), borrowed
 * for the call; DATA the caller's. Returns nonzero when it runs out of
 * memory. */
typedef int (*galley_fonts_file_fn)(const char *path, void *data);

/* Makes the fonts of the next render Galley's own and the N font files and
 * folders of SOURCES (none: Galley's alone). A set of house fonts is kept
 * (a few, by their files' paths, sizes and times), so a context that renders
 * the same layout again does not read them again; the next call with others
 * or none takes them away. ON_FILE (may be NULL) is told every font file and
 * folder read, as it is read (so also those read before a source fails): the
 * caller can watch them and key its outputs to them. A source that is no font fontconfig reads, or
 * a folder holding none, is an error at its place. */
galley_status_t galley_fonts_use(galley_fonts_t *fonts, const galley_font_source_t *sources,
                                 size_t n, galley_fonts_file_fn on_file, void *data,
                                 galley_diags_t *diags);

/* The Pango context every paragraph is itemized and shaped in. */
PangoContext *galley_fonts_context(galley_fonts_t *fonts);

/* A new font description for STYLE; the caller frees it. */
PangoFontDescription *galley_fonts_describe(const galley_style_t *style);

/* Ascent and descent (pt) of STYLE's first family at its size, in LANG. */
void galley_fonts_metrics(galley_fonts_t *fonts, const galley_style_t *style, const char *lang,
                          double *ascent, double *descent);

/* Checks that each style's first family is one fontconfig knows, with the
 * render's house fonts (galley_fonts_use); errors name the style and family. */
galley_status_t galley_fonts_check_layout(galley_fonts_t *fonts, const galley_layout_t *layout,
                                          galley_diags_t *diags);

/* The face of the marks drawn outside the text (the slug line, an FPO box's
 * label): Galley Sans, BOLD or regular, as Galley's own configuration
 * resolves it (cairo's toy font selection would use the process's current
 * one). Owned by FONTS; NULL when it has none. */
cairo_font_face_t *galley_fonts_mark_face(galley_fonts_t *fonts, int bold);

#endif
