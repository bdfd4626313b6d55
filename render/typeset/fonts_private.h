/* fonts_private.h: the insides of galley_fonts_t, shared by fonts.c (Galley's
 * own configuration, metrics, checking a layout's families) and
 * fonts_house.c (the sets of house fonts a render adds).
 *
 * Owns: the font set (a private FcConfig and the Pango font map and context
 * made on it, with their metrics cache) and the fonts object's sets.
 */
#ifndef GALLEY_FONTS_PRIVATE_H
#define GALLEY_FONTS_PRIVATE_H

#include "fonts.h"

#include <fontconfig/fontconfig.h>

/* A style's font metrics, kept: Pango measures them slowly, and every
 * paragraph of a style asks for the same ones. */
typedef struct {
    char *family;
    double size;
    int weight, italic;
    PangoLanguage *lang;
    double ascent, descent;
} galley_metrics_entry_t;

#define GALLEY_METRICS_CACHE 64

/* A fontconfig configuration of Galley's own, never the process's current
 * one, and the Pango objects set up on it. */
typedef struct {
    FcConfig *config;
    PangoFontMap *fontmap;
    PangoContext *context;
    galley_metrics_entry_t metrics[GALLEY_METRICS_CACHE];
    int n_metrics;
    char *key;     /* a house set: its files with their sizes and times; base: NULL */
    unsigned used; /* a house set: the render that last used it, for eviction */
} galley_font_set_t;

/* House font sets a context keeps (fonts_house.c): renders alternating
 * between a few papers' layouts do not build their fonts again. */
#define GALLEY_HOUSE_SETS 4

struct galley_fonts {
    char conf_path[4096];   /* fonts.conf, for every set's configuration */
    galley_font_set_t base; /* Galley's fonts alone */
    galley_font_set_t *house[GALLEY_HOUSE_SETS];
    galley_font_set_t *active;        /* the render's: &base or a house set */
    unsigned renders;                 /* galley_fonts_use calls, for the sets' ages */
    cairo_font_face_t *mark_faces[2]; /* Galley Sans regular and bold, for marks; lazily */
};

/* Builds SET's configuration from the fonts.conf at PATH: Galley's fonts. */
galley_status_t galley_font_set_config(const char *path, galley_font_set_t *set,
                                       galley_diags_t *diags);

/* Sets SET's Pango font map and context up on its configuration. */
galley_status_t galley_font_set_pango(galley_font_set_t *set, galley_diags_t *diags);

/* Frees what SET holds (not SET itself). */
void galley_font_set_fini(galley_font_set_t *set);

#endif
