/* fonts.h: fonts as resources.
 *
 * Owns: Galley's own fontconfig configuration (fonts/fonts.conf, made current
 * before Pango starts so output never depends on other installed fonts), the
 * Pango font map and context set for print (72 dpi, no hinting, no glyph
 * position rounding), and font descriptions and metrics for layout styles.
 */
#ifndef GALLEY_FONTS_H
#define GALLEY_FONTS_H

#include "diag.h"
#include "layout.h"
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

/* The Pango context every paragraph is itemized and shaped in. */
PangoContext *galley_fonts_context(galley_fonts_t *fonts);

/* A new font description for STYLE; the caller frees it. */
PangoFontDescription *galley_fonts_describe(const galley_style_t *style);

/* Ascent and descent (pt) of STYLE's first family at its size, in LANG. */
void galley_fonts_metrics(galley_fonts_t *fonts, const galley_style_t *style, const char *lang,
                          double *ascent, double *descent);

/* Checks that each style's first family is one fontconfig knows; errors name
 * the style and family. */
galley_status_t galley_fonts_check_layout(galley_fonts_t *fonts, const galley_layout_t *layout,
                                          galley_diags_t *diags);

#endif
