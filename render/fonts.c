/* fonts.c: Galley's fontconfig configuration, Pango font map and context.
 *
 * Owns the FcConfig built from fonts/fonts.conf and the Pango objects made on
 * it. Print settings live here: 72 dpi so a Pango point is a PDF point, no
 * hinting and no glyph position rounding so widths are the fonts' own.
 */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

/* A style's font metrics, kept: Pango measures them slowly, and every
 * paragraph of a style asks for the same ones. */
typedef struct {
    char *family;
    double size;
    int weight, italic;
    PangoLanguage *lang;
    double ascent, descent;
} metrics_entry_t;

#define METRICS_CACHE 64

struct galley_fonts {
    FcConfig *config;
    PangoFontMap *fontmap;
    PangoContext *context;
    metrics_entry_t metrics[METRICS_CACHE];
    int n_metrics;
};

/* Builds the FcConfig from the configuration file at PATH. */
static galley_status_t fonts_config_load(const char *path, FcConfig **out, galley_diags_t *diags)
{
    FcConfig *config = FcConfigCreate();
    if (!config)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                  "cannot create a fontconfig configuration");
    if (!FcConfigParseAndLoad(config, (const FcChar8 *)path, FcTrue) ||
        !FcConfigBuildFonts(config)) {
        FcConfigDestroy(config);
        return galley_diags_error(diags, GALLEY_STATUS_RESOURCE_ERROR, path, 0, 0, NULL,
                                  "cannot load Galley's font configuration");
    }
    *out = config;
    return GALLEY_STATUS_SUCCESS;
}

/* Sets the context up for print: no hinting, no rounding, 72 dpi. */
static void fonts_context_setup(PangoContext *context)
{
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_cairo_context_set_resolution(context, 72.0);
    pango_context_set_round_glyph_positions(context, FALSE);
}

galley_status_t galley_fonts_create(const char *datadir, galley_fonts_t **out,
                                    galley_diags_t *diags)
{
    *out = NULL;
    const char *env = getenv("GALLEY_FONTS_CONF");
    char path[4096];
    if (env && *env)
        snprintf(path, sizeof path, "%s", env);
    else
        snprintf(path, sizeof path, "%s/fonts/fonts.conf", datadir);

    galley_fonts_t *fonts = calloc(1, sizeof *fonts);
    if (!fonts)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                  "out of memory");
    galley_status_t status = fonts_config_load(path, &fonts->config, diags);
    if (status) {
        free(fonts);
        return status;
    }
    /* Current before Pango starts: Pango's own FcInit() then finds it and
     * never loads the system's configuration and fonts. */
    FcConfigSetCurrent(fonts->config);
    fonts->fontmap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!fonts->fontmap) {
        galley_fonts_destroy(fonts);
        return galley_diags_error(diags, GALLEY_STATUS_RESOURCE_ERROR, NULL, 0, 0, NULL,
                                  "cannot create a Pango font map");
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->fontmap), fonts->config);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fonts->fontmap), 72.0);
    fonts->context = pango_font_map_create_context(fonts->fontmap);
    fonts_context_setup(fonts->context);
    *out = fonts;
    return GALLEY_STATUS_SUCCESS;
}

void galley_fonts_destroy(galley_fonts_t *fonts)
{
    if (!fonts)
        return;
    if (fonts->context)
        g_object_unref(fonts->context);
    if (fonts->fontmap)
        g_object_unref(fonts->fontmap);
    if (fonts->config)
        FcConfigDestroy(fonts->config);
    for (int i = 0; i < fonts->n_metrics; i++)
        free(fonts->metrics[i].family);
    free(fonts);
}

PangoContext *galley_fonts_context(galley_fonts_t *fonts)
{
    return fonts->context;
}

PangoFontDescription *galley_fonts_describe(const galley_style_t *style)
{
    PangoFontDescription *desc = pango_font_description_new();
    pango_font_description_set_family(desc, style->family);
    pango_font_description_set_absolute_size(desc, style->size * PANGO_SCALE);
    pango_font_description_set_weight(desc, (PangoWeight)style->weight);
    pango_font_description_set_style(desc, style->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    return desc;
}

void galley_fonts_metrics(galley_fonts_t *fonts, const galley_style_t *style, const char *lang,
                          double *ascent, double *descent)
{
    PangoLanguage *language = pango_language_from_string(lang);
    for (int i = 0; i < fonts->n_metrics; i++) {
        const metrics_entry_t *e = &fonts->metrics[i];
        if (e->size == style->size && e->weight == style->weight && e->italic == style->italic &&
            e->lang == language && !strcmp(e->family, style->family)) {
            *ascent = e->ascent;
            *descent = e->descent;
            return;
        }
    }
    PangoFontDescription *desc = galley_fonts_describe(style);
    PangoFontMetrics *m = pango_context_get_metrics(fonts->context, desc, language);
    *ascent = (double)pango_font_metrics_get_ascent(m) / PANGO_SCALE;
    *descent = (double)pango_font_metrics_get_descent(m) / PANGO_SCALE;
    pango_font_metrics_unref(m);
    pango_font_description_free(desc);
    char *family = strdup(style->family);
    if (fonts->n_metrics < METRICS_CACHE && family)
        fonts->metrics[fonts->n_metrics++] = (metrics_entry_t){
            family, style->size, style->weight, style->italic, language, *ascent, *descent};
    else
        free(family);
}

/* True when fontconfig has a family named NAME (case-insensitive), or NAME is
 * one of the role aliases defined in fonts.conf. */
static int fonts_family_known(galley_fonts_t *fonts, const char *name)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)"");
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)name);
    FcConfigSubstitute(fonts->config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcPattern *match = FcFontMatch(fonts->config, pat, &result);
    int known = 0;
    if (match) {
        /* The match's family must be one the alias expansion asked for first. */
        FcChar8 *wanted = NULL, *got = NULL;
        if (FcPatternGetString(pat, FC_FAMILY, 0, &wanted) == FcResultMatch &&
            FcPatternGetString(match, FC_FAMILY, 0, &got) == FcResultMatch)
            known = FcStrCmpIgnoreCase(wanted, got) == 0;
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pat);
    return known;
}

galley_status_t galley_fonts_check_layout(galley_fonts_t *fonts, const galley_layout_t *layout,
                                          galley_diags_t *diags)
{
    for (int i = 0; i < GALLEY_STYLE_COUNT; i++) {
        const char *family = layout->styles[i].family;
        char first[256];
        size_t n = strcspn(family, ",");
        if (n >= sizeof first)
            n = sizeof first - 1;
        memcpy(first, family, n);
        first[n] = '\0';
        while (n > 0 && first[n - 1] == ' ')
            first[--n] = '\0';
        const char *name = first + strspn(first, " ");
        if (!fonts_family_known(fonts, name)) {
            char field[64];
            snprintf(field, sizeof field, "styles.%s.family", galley_style_name(i));
            return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, layout->path, 0, 0, field,
                                      "font family '%s' is not available (Galley uses the fonts "
                                      "named in fonts/fonts.conf)",
                                      name);
        }
    }
    return GALLEY_STATUS_SUCCESS;
}
