/* fonts.c: Galley's fontconfig configuration, Pango font map and context.
 *
 * Owns the FcConfig built from fonts/fonts.conf and the fonts in fonts/print/
 * (else those fonts/system.conf selects), and the Pango objects made on it.
 * The configuration is handed to Pango's font map alone and never made the
 * process's current one: a program that embeds Galley keeps its own fonts.
 * Print settings live here: 72 dpi so a Pango point is a PDF point, no
 * hinting and no glyph position rounding so widths are the fonts' own.
 * House fonts (a layout's "fonts", --font-dir) are fonts_house.c's.
 */
#include "fonts.h"
#include "font_lock.h"
#include "fonts_private.h"

#include <cairo-ft.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* True when galley-print-fonts has finished the folder DIR: it marks it
 * complete last, so a run cut short is never taken for Galley's fonts. */
static int fonts_dir_complete(const char *dir)
{
    char mark[4200];
    snprintf(mark, sizeof mark, "%s/.complete", dir);
    return access(mark, F_OK) == 0;
}

/* Adds Galley's fonts to CONFIG: the folder print/ beside the configuration
 * file at PATH, which `make` fills (fonts/print_fonts.c: 24 files, TrueType
 * without hinting), else the system files system.conf there selects. */
static int fonts_dirs_load(FcConfig *config, const char *path)
{
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path) : 1;
    const char *dir = slash ? path : ".";
    char name[4096];
    snprintf(name, sizeof name, "%.*s/print", dir_len, dir);
    if (!fonts_dir_complete(name)) {
        snprintf(name, sizeof name, "%.*s/system.conf", dir_len, dir);
        return FcConfigParseAndLoad(config, (const FcChar8 *)name, FcTrue);
    }
    GString *xml = g_string_new("<fontconfig><dir>");
    gchar *escaped = g_markup_escape_text(name, -1);
    g_string_append(xml, escaped);
    g_string_append(xml, "</dir></fontconfig>");
    int ok = FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)xml->str, FcTrue);
    g_free(escaped);
    g_string_free(xml, TRUE);
    return ok;
}

/* Builds SET's configuration from the configuration file at PATH. */
galley_status_t galley_font_set_config(const char *path, galley_font_set_t *set,
                                       galley_diags_t *diags)
{
    FcConfig *config = FcConfigCreate();
    if (!config)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                  "cannot create a fontconfig configuration");
    if (!FcConfigParseAndLoad(config, (const FcChar8 *)path, FcTrue) ||
        !fonts_dirs_load(config, path) || !FcConfigBuildFonts(config)) {
        FcConfigDestroy(config);
        return galley_diags_error(diags, GALLEY_STATUS_RESOURCE_ERROR, path, 0, 0, NULL,
                                  "cannot load Galley's font configuration");
    }
    set->config = config;
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

galley_status_t galley_font_set_pango(galley_font_set_t *set, galley_diags_t *diags)
{
    /* Pango's own FcInit() loads the system's configuration as the process's
     * current one, if the host has none yet; this map never reads it. */
    set->fontmap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!set->fontmap)
        return galley_diags_error(diags, GALLEY_STATUS_RESOURCE_ERROR, NULL, 0, 0, NULL,
                                  "cannot create a Pango font map");
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(set->fontmap), set->config);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(set->fontmap), 72.0);
    set->context = pango_font_map_create_context(set->fontmap);
    fonts_context_setup(set->context);
    return GALLEY_STATUS_SUCCESS;
}

void galley_font_set_fini(galley_font_set_t *set)
{
    if (set->context)
        g_object_unref(set->context);
    if (set->fontmap)
        g_object_unref(set->fontmap);
    if (set->config)
        FcConfigDestroy(set->config);
    for (int i = 0; i < set->n_metrics; i++)
        free(set->metrics[i].family);
    free(set->key);
    memset(set, 0, sizeof *set);
}

/* galley_fonts_create, with the font lock held by the caller. */
static galley_status_t fonts_create_unlocked(const char *datadir, const char *conf,
                                             galley_fonts_t **out, galley_diags_t *diags)
{
    *out = NULL;
    galley_fonts_t *fonts = calloc(1, sizeof *fonts);
    if (!fonts)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                  "out of memory");
    if (conf && *conf)
        snprintf(fonts->conf_path, sizeof fonts->conf_path, "%s", conf);
    else
        snprintf(fonts->conf_path, sizeof fonts->conf_path, "%s/fonts/fonts.conf", datadir);
    fonts->active = &fonts->base;
    galley_status_t status = galley_font_set_config(fonts->conf_path, &fonts->base, diags);
    if (!status)
        status = galley_font_set_pango(&fonts->base, diags);
    if (status) {
        galley_fonts_destroy(fonts);
        return status;
    }
    *out = fonts;
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_fonts_create(const char *datadir, galley_fonts_t **out,
                                    galley_diags_t *diags)
{
    return galley_fonts_create_with_conf(datadir, NULL, out, diags);
}

galley_status_t galley_fonts_create_with_conf(const char *datadir, const char *conf,
                                              galley_fonts_t **out, galley_diags_t *diags)
{
    galley_font_lock();
    galley_status_t r = fonts_create_unlocked(datadir, conf, out, diags);
    galley_font_unlock();
    return r;
}

/* galley_fonts_destroy, with the font lock held by the caller. */
static void fonts_destroy_unlocked(galley_fonts_t *fonts)
{
    if (!fonts)
        return;
    for (int i = 0; i < 2; i++)
        if (fonts->mark_faces[i])
            cairo_font_face_destroy(fonts->mark_faces[i]);
    for (int i = 0; i < GALLEY_HOUSE_SETS; i++)
        if (fonts->house[i]) {
            galley_font_set_fini(fonts->house[i]);
            free(fonts->house[i]);
        }
    galley_font_set_fini(&fonts->base);
    free(fonts);
}

void galley_fonts_destroy(galley_fonts_t *fonts)
{
    galley_font_lock();
    fonts_destroy_unlocked(fonts);
    galley_font_unlock();
}

PangoContext *galley_fonts_context(galley_fonts_t *fonts)
{
    return fonts->active->context;
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

/* pango_fontset_foreach callback: keeps the fontset's first font and stops. */
static gboolean fonts_first_font(PangoFontset *fontset, PangoFont *font, gpointer data)
{
    (void)fontset;
    *(PangoFont **)data = g_object_ref(font);
    return TRUE;
}

/* Raises *ASCENT and *DESCENT (Pango units) to FONT's face extents: what
 * Pango's font metrics hold for them (hb_font_get_extents_for_direction, as
 * pangofc's get_face_metrics reads them; Galley's fonts carry no matrix),
 * without the sample-text layout pango_font_get_metrics() also sets to
 * measure approximate widths Galley never reads. */
static void fonts_face_extents(PangoFont *font, int *ascent, int *descent, int first)
{
    hb_font_extents_t ext;
    hb_font_get_extents_for_direction(pango_font_get_hb_font(font), HB_DIRECTION_LTR, &ext);
    if (first || ext.ascender > *ascent)
        *ascent = ext.ascender;
    if (first || -ext.descender > *descent)
        *descent = -ext.descender;
}

/* Ascent and descent (Pango units) of DESC in LANGUAGE the way
 * pango_context_get_metrics() finds them: the fontset's first font, raised to
 * every font that sets the language's sample text. Pango's call also shapes
 * the sample once per font to measure approximate widths, most of its cost. */
static void fonts_measure(const galley_font_set_t *set, const PangoFontDescription *desc,
                          PangoLanguage *language, int *ascent, int *descent)
{
    *ascent = *descent = 0;
    PangoFontset *fontset = pango_font_map_load_fontset(set->fontmap, set->context, desc, language);
    if (!fontset)
        return;
    PangoFont *first = NULL;
    pango_fontset_foreach(fontset, fonts_first_font, &first);
    if (first) {
        fonts_face_extents(first, ascent, descent, 1);
        g_object_unref(first);
    }
    g_object_unref(fontset);
    const char *sample = pango_language_get_sample_string(language);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
    GList *items = pango_itemize(set->context, sample, 0, (int)strlen(sample), attrs, NULL);
    pango_attr_list_unref(attrs);
    PangoFont *seen[16];
    int n_seen = 0;
    for (GList *l = items; l; l = l->next) {
        PangoFont *font = ((PangoItem *)l->data)->analysis.font;
        int known = 0;
        for (int i = 0; i < n_seen && !known; i++)
            known = seen[i] == font;
        if (!font || known)
            continue;
        if (n_seen < (int)(sizeof seen / sizeof *seen))
            seen[n_seen++] = font;
        fonts_face_extents(font, ascent, descent, 0);
    }
    g_list_free_full(items, (GDestroyNotify)pango_item_free);
}

void galley_fonts_metrics(galley_fonts_t *fonts, const galley_style_t *style, const char *lang,
                          double *ascent, double *descent)
{
    galley_font_set_t *set = fonts->active;
    PangoLanguage *language = pango_language_from_string(lang);
    for (int i = 0; i < set->n_metrics; i++) {
        const galley_metrics_entry_t *e = &set->metrics[i];
        if (e->size == style->size && e->weight == style->weight && e->italic == style->italic &&
            e->lang == language && !strcmp(e->family, style->family)) {
            *ascent = e->ascent;
            *descent = e->descent;
            return;
        }
    }
    PangoFontDescription *desc = galley_fonts_describe(style);
    int a, d;
    fonts_measure(set, desc, language, &a, &d);
    *ascent = (double)a / PANGO_SCALE;
    *descent = (double)d / PANGO_SCALE;
    pango_font_description_free(desc);
    char *family = strdup(style->family);
    if (set->n_metrics < GALLEY_METRICS_CACHE && family)
        set->metrics[set->n_metrics++] = (galley_metrics_entry_t){
            family, style->size, style->weight, style->italic, language, *ascent, *descent};
    else
        free(family);
}

/* Where a family the layout names is looked for, for messages. */
#define FONTS_WHERE                                                                                \
    "(Galley uses the fonts in fonts/print/, which make fills from fonts/system.conf, and the "    \
    "layout's \"fonts\" and --font-dir)"

/* True when fontconfig has a family named NAME (case-insensitive), or NAME is
 * one of the role aliases defined in fonts.conf. */
static int fonts_family_known(galley_fonts_t *fonts, const char *name)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)"");
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)name);
    FcConfigSubstitute(fonts->active->config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcPattern *match = FcFontMatch(fonts->active->config, pat, &result);
    int known = 0;
    if (match) {
        /* One of the match's family names (a face may have several: "DejaVu
         * Sans" and "DejaVu Sans Condensed") must be the one the alias
         * expansion asked for first. */
        FcChar8 *wanted = NULL, *got = NULL;
        if (FcPatternGetString(pat, FC_FAMILY, 0, &wanted) == FcResultMatch)
            for (int i = 0;
                 !known && FcPatternGetString(match, FC_FAMILY, i, &got) == FcResultMatch; i++)
                known = FcStrCmpIgnoreCase(wanted, got) == 0;
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pat);
    return known;
}

/* The first family of a style's FAMILY list, trimmed, into BUF (N bytes). */
static const char *fonts_first_family(const char *family, char *buf, size_t n)
{
    size_t len = strcspn(family, ",");
    if (len >= n)
        len = n - 1;
    memcpy(buf, family, len);
    buf[len] = '\0';
    while (len > 0 && buf[len - 1] == ' ')
        buf[--len] = '\0';
    return buf + strspn(buf, " ");
}

/* The field that gives style I its family, into FIELD (N bytes), and its
 * line and column in the layout file: styles.NAME.family when the file gives
 * it there, else the body's when the file gives that and I has the same
 * family (a style with no family of its own takes the body's), else the
 * style's own (a default: no position). */
static void fonts_family_setter(const galley_layout_t *layout, int i, char *field, size_t n,
                                int *line, int *col)
{
    snprintf(field, n, "styles.%s.family", galley_style_name(i));
    if (!layout->path || galley_layout_field_position(layout, field, line, col))
        return;
    char body[64];
    snprintf(body, sizeof body, "styles.%s.family", galley_style_name(GALLEY_STYLE_BODY));
    if (!strcmp(layout->styles[i].family, layout->styles[GALLEY_STYLE_BODY].family) &&
        galley_layout_field_position(layout, body, line, col)) {
        snprintf(field, n, "%s", body);
        return;
    }
    *line = *col = 0;
}

/* A style's Korean faces, by key: the face of its Korean text and of its
 * Korean text's figures. */
static const struct {
    const char *key;
    size_t offset;
} KOREAN_FACES[] = {
    {"korean_family", offsetof(galley_style_t, korean_family)},
    {"korean_figures", offsetof(galley_style_t, korean_figures)},
};

/* Each style's Korean faces (KOREAN_FACES), when it has them, as
 * galley_fonts_check_layout checks the families. */
static galley_status_t fonts_check_korean(galley_fonts_t *fonts, const galley_layout_t *layout,
                                          galley_diags_t *diags)
{
    size_t n_faces = sizeof KOREAN_FACES / sizeof *KOREAN_FACES;
    for (size_t k = 0; k < GALLEY_STYLE_COUNT * n_faces; k++) {
        char first[256], field[64];
        int i = (int)(k / n_faces);
        const char *family =
            *(char *const *)((const char *)&layout->styles[i] + KOREAN_FACES[k % n_faces].offset);
        if (!family || fonts_family_known(fonts, fonts_first_family(family, first, sizeof first)))
            continue;
        int line = 0, col = 0;
        snprintf(field, sizeof field, "styles.%s.%s", galley_style_name(i),
                 KOREAN_FACES[k % n_faces].key);
        if (layout->path)
            galley_layout_field_position(layout, field, &line, &col);
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, layout->path, line, col, field,
                                  "font family '%s' is not available %s", first, FONTS_WHERE);
    }
    return GALLEY_STATUS_SUCCESS;
}

/* galley_fonts_check_layout, with the font lock held by the caller. */
static galley_status_t fonts_check_layout_unlocked(galley_fonts_t *fonts,
                                                   const galley_layout_t *layout,
                                                   galley_diags_t *diags)
{
    char first[GALLEY_STYLE_COUNT][256];
    const char *names[GALLEY_STYLE_COUNT];
    for (int i = 0; i < GALLEY_STYLE_COUNT; i++) {
        const char *name = names[i] =
            fonts_first_family(layout->styles[i].family, first[i], sizeof first[i]);
        int seen = 0; /* styles share a few families: match each once */
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(names[j], name) == 0;
        if (!seen && !fonts_family_known(fonts, name)) {
            char field[64];
            int line, col;
            fonts_family_setter(layout, i, field, sizeof field, &line, &col);
            return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, layout->path, line, col,
                                      field, "font family '%s' is not available %s", name,
                                      FONTS_WHERE);
        }
    }
    return fonts_check_korean(fonts, layout, diags);
}

galley_status_t galley_fonts_check_layout(galley_fonts_t *fonts, const galley_layout_t *layout,
                                          galley_diags_t *diags)
{
    galley_font_lock();
    galley_status_t r = fonts_check_layout_unlocked(fonts, layout, diags);
    galley_font_unlock();
    return r;
}

/* The face a mark of BOLD weight matches in SET's configuration, found as
 * cairo's own font selection would find it in a current one. */
static cairo_font_face_t *fonts_mark_face_find(const galley_font_set_t *set, int bold)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"Galley Sans");
    FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_MEDIUM);
    FcConfigSubstitute(set->config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcPattern *match = FcFontMatch(set->config, pat, &result);
    FcPatternDestroy(pat);
    if (!match)
        return NULL;
    cairo_font_face_t *face = cairo_ft_font_face_create_for_pattern(match);
    FcPatternDestroy(match);
    return face;
}

cairo_font_face_t *galley_fonts_mark_face(galley_fonts_t *fonts, int bold)
{
    galley_font_lock();
    cairo_font_face_t **face = &fonts->mark_faces[bold ? 1 : 0];
    if (!*face)
        *face = fonts_mark_face_find(&fonts->base, bold);
    galley_font_unlock();
    return *face;
}
