/* layout.c: the layout model and its validation.
 *
 * Owns: reading a page template (docs/layout.md) into galley_layout_t, every
 * default of a layout in one place (LAYOUT_DEFAULTS and STYLE_DEFAULTS below),
 * the checks that the page geometry is possible, and millimetres to points.
 * Errors name the file, line:column and field ("styles.body.size").
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "layout.h"
#include "layout_private.h"
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GALLEY_DATADIR
#define GALLEY_DATADIR "."
#endif

#define MM (72.0 / 25.4) /* points per millimetre */

/* Sane geometry: smaller pages and narrower columns are mistakes (a zero
 * left out, inches for millimetres), and would only make every word its own
 * line or every line its own page. */
#define MIN_PAGE_MM 10.0
#define MIN_COLUMN_MM 10.0

/* Page keys' defaults (mm unless said). page.width and page.height have none.
 * grid defaults to styles.body.leading, photo.columns to half the columns
 * rounded up, deck_columns to all columns but one. */
static const struct {
    double margin_top, margin_bottom, margin_inside, margin_outside;
    int columns;
    double gutter, bleed;
    double photo_max_height; /* fraction of the body area's height */
    int photo_min_leg;       /* lines */
    double slug;             /* mm outside the bleed for marks and the slug line */
    double min_ppi;          /* photos under this resolution get a warning */
} LAYOUT_DEFAULTS = {14, 16, 13, 13, 5, 4, 3, 0.45, 4, 12, 200};

static const char *const LAYOUT_FIELDS[] = {
    "name",        "page",         "margins", "columns", "gutter",  "grid",     "bleed",
    "photo",       "deck_columns", "styles",  "slug",    "min_ppi", "parallel", "headline_ladder",
    "hyphenation", "pdf",          "fonts",   NULL};
static const char *const PARALLEL_FIELDS[] = {"lang", "split", "headline", "interlinear", NULL};
static const char *const PAGE_FIELDS[] = {"width", "height", NULL};
static const char *const MARGIN_FIELDS[] = {"top", "bottom", "inside", "outside", NULL};
static const char *const PHOTO_FIELDS[] = {"columns", "max_height", "min_leg", NULL};

/* Width of one column in points. */
double galley_layout_column_width(const galley_layout_t *layout)
{
    double room = layout->page_width - layout->margin_inside - layout->margin_outside;
    return (room - (layout->columns - 1) * layout->gutter) / layout->columns;
}

/* Reads a length in millimetres into points. */
static galley_status_t get_mm(const galley_json_node_t *parent, const char *key, int required,
                              galley_layout_range_t r, double *out_pt)
{
    double mm = NAN;
    galley_status_t st = galley_layout_number(parent, key, required, r, &mm);
    if (!isnan(mm))
        *out_pt = mm * MM;
    return st;
}

static const galley_layout_range_t PAGE_MM = {MIN_PAGE_MM, 5000, 0, " mm"};
static const galley_layout_range_t LENGTH_MM = {0, 5000, 0, " mm"};
static const galley_layout_range_t BLEED_MM = {0, 50, 0, " mm"};
static const galley_layout_range_t SLUG_MM = {5, 50, 0, " mm"};
static const galley_layout_range_t PPI = {1, 5000, 0, " ppi"};
static const galley_layout_range_t FRACTION = {0, 1, 1, ""};
static const galley_layout_range_t LEADING_PT = {1, 1000, 0, " pt"}; /* the grid */

/* ---- page geometry ------------------------------------------------------- */

/* "page" (required) and "margins", in millimetres. */
static galley_status_t load_page(const galley_json_node_t *root, galley_layout_t *l)
{
    galley_json_node_t page = galley_json_member(root, "page");
    galley_json_node_t margins = galley_json_member(root, "margins");
    galley_status_t st = galley_json_object(&page, 1);
    if (st == GALLEY_STATUS_SUCCESS) {
        galley_json_check_fields(&page, PAGE_FIELDS);
        st = get_mm(&page, "width", 1, PAGE_MM, &l->page_width);
        st = galley_layout_keep(st, get_mm(&page, "height", 1, PAGE_MM, &l->page_height));
    }
    l->margin_top = LAYOUT_DEFAULTS.margin_top * MM;
    l->margin_bottom = LAYOUT_DEFAULTS.margin_bottom * MM;
    l->margin_inside = LAYOUT_DEFAULTS.margin_inside * MM;
    l->margin_outside = LAYOUT_DEFAULTS.margin_outside * MM;
    galley_status_t mst = galley_json_object(&margins, 0);
    if (mst == GALLEY_STATUS_SUCCESS) {
        galley_json_check_fields(&margins, MARGIN_FIELDS);
        mst = get_mm(&margins, "top", 0, LENGTH_MM, &l->margin_top);
        mst = galley_layout_keep(mst, get_mm(&margins, "bottom", 0, LENGTH_MM, &l->margin_bottom));
        mst = galley_layout_keep(mst, get_mm(&margins, "inside", 0, LENGTH_MM, &l->margin_inside));
        mst =
            galley_layout_keep(mst, get_mm(&margins, "outside", 0, LENGTH_MM, &l->margin_outside));
    }
    return galley_layout_keep(st, mst);
}

/* "columns", "gutter", "bleed". */
static galley_status_t load_columns(const galley_json_node_t *root, galley_layout_t *l)
{
    l->columns = LAYOUT_DEFAULTS.columns;
    l->gutter = LAYOUT_DEFAULTS.gutter * MM;
    l->bleed = LAYOUT_DEFAULTS.bleed * MM;
    l->slug = LAYOUT_DEFAULTS.slug * MM;
    l->min_ppi = LAYOUT_DEFAULTS.min_ppi;
    galley_status_t st = galley_layout_int(root, "columns", 1, 20, &l->columns);
    st = galley_layout_keep(st, get_mm(root, "gutter", 0, LENGTH_MM, &l->gutter));
    st = galley_layout_keep(st, get_mm(root, "slug", 0, SLUG_MM, &l->slug));
    st = galley_layout_keep(st, galley_layout_number(root, "min_ppi", 0, PPI, &l->min_ppi));
    return galley_layout_keep(st, get_mm(root, "bleed", 0, BLEED_MM, &l->bleed));
}

/* "grid", "photo" and "deck_columns": their defaults follow other keys. */
static galley_status_t load_spans(const galley_json_node_t *root, galley_layout_t *l)
{
    galley_json_node_t photo = galley_json_member(root, "photo");
    l->grid = l->styles[GALLEY_STYLE_BODY].leading;
    l->photo_columns = (l->columns + 1) / 2;
    l->photo_max_height = LAYOUT_DEFAULTS.photo_max_height;
    l->photo_min_leg = LAYOUT_DEFAULTS.photo_min_leg;
    l->deck_columns = l->columns > 1 ? l->columns - 1 : 1;
    galley_status_t st = galley_layout_number(root, "grid", 0, LEADING_PT, &l->grid);
    st = galley_layout_keep(
        st, galley_layout_int(root, "deck_columns", 1, l->columns, &l->deck_columns));
    galley_status_t pst = galley_json_object(&photo, 0);
    if (pst == GALLEY_STATUS_SUCCESS) {
        galley_json_check_fields(&photo, PHOTO_FIELDS);
        pst = galley_layout_int(&photo, "columns", 1, l->columns, &l->photo_columns);
        pst = galley_layout_keep(
            pst, galley_layout_number(&photo, "max_height", 0, FRACTION, &l->photo_max_height));
        pst =
            galley_layout_keep(pst, galley_layout_int(&photo, "min_leg", 1, 99, &l->photo_min_leg));
    }
    return galley_layout_keep(st, pst);
}

/* "parallel": the article in the first SPLIT columns, its translation into
 * LANG in the rest (docs/layout.md). */
static galley_status_t load_parallel(const galley_json_node_t *root, galley_layout_t *l)
{
    galley_json_node_t n = galley_json_member(root, "parallel");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    galley_json_check_fields(&n, PARALLEL_FIELDS);
    galley_json_node_t lang = galley_json_member(&n, "lang");
    galley_json_node_t head = galley_json_member(&n, "headline");
    galley_json_node_t inter = galley_json_member(&n, "interlinear");
    const char *lg = NULL, *hd = NULL;
    if (l->columns < 2)
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "a parallel layout needs at least 2 columns, found %d",
                                 l->columns);
    l->parallel.split = l->columns / 2;
    st = galley_layout_int(&n, "split", 1, l->columns - 1, &l->parallel.split);
    st = galley_layout_keep(st, galley_json_string(&lang, 1, &lg));
    st = galley_layout_keep(st, galley_json_string(&head, 0, &hd));
    st = galley_layout_keep(st, galley_json_bool(&inter, 0, &l->parallel.interlinear));
    if (hd && strcmp(hd, "stacked") && strcmp(hd, "side-by-side"))
        st = galley_layout_keep(
            st, galley_json_error(&head, GALLEY_STATUS_INPUT_ERROR,
                                  "expected \"stacked\" or \"side-by-side\", found \"%s\"", hd));
    l->parallel.side_by_side = hd && !strcmp(hd, "side-by-side");
    if (lg && !(l->parallel.lang = strdup(lg)))
        return GALLEY_STATUS_NO_MEMORY;
    if (st != GALLEY_STATUS_SUCCESS)
        l->parallel.split = 0;
    return st;
}

/* Checks that margins leave room and the columns fit between them. */
static galley_status_t check_fit(const galley_json_node_t *root, const galley_layout_t *l)
{
    galley_json_node_t margins = galley_json_member(root, "margins");
    galley_json_node_t columns = galley_json_member(root, "columns");
    double across = l->margin_inside + l->margin_outside;
    double down = l->margin_top + l->margin_bottom;
    if (across >= l->page_width)
        return galley_json_error(&margins, GALLEY_STATUS_INPUT_ERROR,
                                 "the inside and outside margins (%.4g mm) leave no room on a "
                                 "page %.4g mm wide",
                                 across / MM, l->page_width / MM);
    if (down >= l->page_height)
        return galley_json_error(&margins, GALLEY_STATUS_INPUT_ERROR,
                                 "the top and bottom margins (%.4g mm) leave no room on a page "
                                 "%.4g mm high",
                                 down / MM, l->page_height / MM);
    double column = galley_layout_column_width(l);
    if (column <= 0)
        return galley_json_error(&columns, GALLEY_STATUS_INPUT_ERROR,
                                 "%d columns with %.4g mm gutters do not fit in the %.4g mm "
                                 "between the margins",
                                 l->columns, l->gutter / MM, (l->page_width - across) / MM);
    if (column < MIN_COLUMN_MM * MM - 1e-9)
        return galley_json_error(&columns, GALLEY_STATUS_INPUT_ERROR,
                                 "%d columns with %.4g mm gutters are %.3g mm wide each; a column "
                                 "must be at least %g mm wide",
                                 l->columns, l->gutter / MM, column / MM, MIN_COLUMN_MM);
    return GALLEY_STATUS_SUCCESS;
}

/* Checks that one line of every style fits in the type area, and every
 * indent in a column: otherwise no page could ever hold that line; and that
 * a style's Korean leading is not under its leading. */
static galley_status_t check_styles_fit(const galley_json_node_t *root, const galley_layout_t *l)
{
    galley_json_node_t styles = galley_json_member(root, "styles");
    double area = l->page_height - l->margin_top - l->margin_bottom;
    double column = galley_layout_column_width(l);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (l->grid > area) {
        galley_json_node_t grid = galley_json_member(root, "grid");
        st = galley_json_error(&grid, GALLEY_STATUS_INPUT_ERROR,
                               "the baseline grid (%.4g pt) is taller than the type area "
                               "(%.4g pt between the top and bottom margins)",
                               l->grid, area);
    }
    for (int id = 0; id < GALLEY_STYLE_COUNT && st == GALLEY_STATUS_SUCCESS; id++) {
        const galley_style_t *s = &l->styles[id];
        galley_json_node_t style =
            galley_json_member(&styles, galley_style_name((galley_style_id_t)id));
        galley_json_node_t leading = galley_json_member(&style, "leading");
        galley_json_node_t indent = galley_json_member(&style, "indent");
        galley_json_node_t korean = galley_json_member(&style, "korean_leading");
        double tallest =
            s->space_before + fmax(fmax(s->leading, s->korean_leading), s->size) + s->space_after;
        if (s->korean_leading > 0 && s->korean_leading < s->leading - 1e-9)
            st = galley_json_error(&korean, GALLEY_STATUS_INPUT_ERROR,
                                   "the Korean leading (%.4g pt) is under the style's leading "
                                   "(%.4g pt): Korean text takes more room between its lines "
                                   "than Latin, never less (leave it out to use the leading)",
                                   s->korean_leading, s->leading);
        else if (tallest > area)
            st = galley_json_error(&leading, GALLEY_STATUS_INPUT_ERROR,
                                   "one line of %s (%.4g pt with its size, leading and space "
                                   "before and after) is taller than the type area (%.4g pt "
                                   "between the top and bottom margins)",
                                   galley_style_name((galley_style_id_t)id), tallest, area);
        else if (s->indent >= column)
            st = galley_json_error(&indent, GALLEY_STATUS_INPUT_ERROR,
                                   "the indent (%.4g pt) is not less than the column width "
                                   "(%.4g pt)",
                                   s->indent, column);
    }
    return st;
}

/* The file name without folder and ".json": the default layout name. */
static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".json"))
        n -= 5;
    return strndup(base, n);
}

/* Loads every part of the layout from the root object. */
static galley_status_t load_root(const galley_json_node_t *root, galley_layout_t *l)
{
    if (!json_is_object(root->value))
        return galley_json_error(root, GALLEY_STATUS_INPUT_ERROR,
                                 "a layout is a JSON object { \"page\": ..., \"styles\": ... }, "
                                 "found %s",
                                 galley_json_kind(root->value));
    galley_json_check_fields(root, LAYOUT_FIELDS);
    galley_json_node_t name = galley_json_member(root, "name");
    galley_text_t t = {0};
    galley_status_t st = galley_json_text(&name, 0, 0, &t);
    l->name = galley_text_is_empty(&t) ? name_from_path(l->path) : strdup(t.text);
    galley_text_fini(&t);
    if (!l->name)
        return galley_json_error(root, GALLEY_STATUS_NO_MEMORY, "out of memory");
    galley_status_t geometry = load_page(root, l);
    geometry = galley_layout_keep(geometry, load_columns(root, l));
    st = galley_layout_keep(st, geometry);
    st = galley_layout_keep(st, galley_layout_load_styles(root, l));
    if (st == GALLEY_STATUS_SUCCESS)
        st = galley_layout_load_ladder(root, l);
    if (st == GALLEY_STATUS_SUCCESS)
        st = load_spans(root, l);
    if (st == GALLEY_STATUS_SUCCESS)
        st = load_parallel(root, l);
    if (geometry == GALLEY_STATUS_SUCCESS) {
        galley_status_t fit = check_fit(root, l);
        st = galley_layout_keep(st, fit);
        if (st == GALLEY_STATUS_SUCCESS)
            st = check_styles_fit(root, l);
    }
    return st;
}

/* ---- positions ----------------------------------------------------------- */

/* Records where every style's family sits in DOC: fonts.c names the field
 * that set a family it cannot find (see galley_layout_field_position). */
static galley_status_t record_positions(const galley_json_doc_t *doc, galley_layout_t *l)
{
    galley_status_t st = galley_json_positions_add(&l->positions, doc, "");
    for (int id = 0; !st && id < GALLEY_STYLE_COUNT; id++) {
        char field[64];
        snprintf(field, sizeof field, "styles.%s.family", galley_style_name((galley_style_id_t)id));
        st = galley_json_positions_add(&l->positions, doc, field);
        snprintf(field, sizeof field, "styles.%s.korean_family",
                 galley_style_name((galley_style_id_t)id));
        if (!st)
            st = galley_json_positions_add(&l->positions, doc, field);
        snprintf(field, sizeof field, "styles.%s.korean_figures",
                 galley_style_name((galley_style_id_t)id));
        if (!st)
            st = galley_json_positions_add(&l->positions, doc, field);
    }
    return st ? st : galley_json_positions_finish(l->positions, doc);
}

/* Where FIELD sits in the layout's file; see layout.h. */
int galley_layout_field_position(const galley_layout_t *layout, const char *field, int *line,
                                 int *column)
{
    return galley_json_positions_find(layout->positions, field, line, column);
}

/* ---- the house hyphenation list ------------------------------------------ */

/* Reads the house list the layout names ("hyphenation", a file beside the
 * layout file), within LIMITS and, for a layout file under --root, inside
 * REAL_ROOT. Its entries' errors stand at their lines in the list. */
static galley_status_t load_hyphenation(const galley_json_node_t *root, galley_layout_t *l,
                                        const galley_limits_t *limits, const char *real_root,
                                        galley_diags_t *diags)
{
    galley_json_node_t n = galley_json_member(root, "hyphenation");
    const char *rel = NULL;
    galley_status_t st = galley_json_string(&n, 0, &rel);
    if (st != GALLEY_STATUS_SUCCESS || !rel)
        return st;
    if (!rel[0])
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "the house hyphenation list's file name is empty");
    if (real_root && (rel[0] == '/' || galley_path_has_dot_dot(rel)))
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\": with --root the list must be named inside the "
                                 "layout's folder (no absolute path, no \"..\")",
                                 rel);
    l->hyphenation_path = galley_path_beside(l->path, rel);
    if (!l->hyphenation_path)
        return galley_json_error(&n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    if (access(l->hyphenation_path, R_OK) != 0)
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "the house hyphenation list %s cannot be read: %s",
                                 l->hyphenation_path, strerror(errno));
    double mb =
        limits && limits->max_input_mb > 0 ? limits->max_input_mb : GALLEY_DEFAULT_MAX_INPUT_MB;
    return galley_hyphen_list_load(l->hyphenation_path, real_root, galley_input_max_bytes(mb),
                                   &l->hyphenation, diags);
}

/* ---- finding the file ---------------------------------------------------- */

int galley_layout_is_path(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n >= 5 && !strcmp(s + n - 5, ".json"));
}

/* Compares two C strings for qsort. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes the layouts in DIR as "a4, tabloid" into OUT. */
static void list_layouts(const char *dir, char *out, size_t size)
{
    char *names[64];
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && n < 64 && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".json") && e->d_name[0] != '.')
            if ((names[n] = strndup(e->d_name, len - 5)))
                n++;
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", i ? ", " : "", names[i]);
        free(names[i]);
    }
}

/* The file to read for NAME_OR_PATH; reports an unknown layout name. */
static galley_status_t layout_path(const char *name_or_path, const char *datadir, char **out,
                                   galley_diags_t *diags)
{
    *out = NULL;
    if (galley_layout_is_path(name_or_path)) {
        *out = strdup(name_or_path);
        return *out ? GALLEY_STATUS_SUCCESS
                    : galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                         "out of memory");
    }
    char dir[4096], path[4200], available[1024];
    snprintf(dir, sizeof dir, "%s/layouts", datadir ? datadir : GALLEY_DATADIR);
    snprintf(path, sizeof path, "%s/%s.json", dir, name_or_path);
    size_t n = strlen(name_or_path);
    int ok_name = n > 0 && strspn(name_or_path, "abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
    if (!ok_name || access(path, F_OK) != 0) {
        list_layouts(dir, available, sizeof available);
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "unknown layout \"%s\" (looked for %s; layouts there: %s)",
                                  name_or_path, path, available[0] ? available : "none");
    }
    *out = strdup(path);
    return *out ? GALLEY_STATUS_SUCCESS
                : galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                     "out of memory");
}

/* Loads and validates a layout with the defaults' limits; see layout.h. */
galley_status_t galley_layout_load(const char *name_or_path, const char *datadir,
                                   galley_layout_t **out, galley_diags_t *diags)
{
    return galley_layout_load_limited(name_or_path, datadir, NULL, out, diags);
}

/* Loads and validates a layout; see layout.h. */
galley_status_t galley_layout_load_limited(const char *name_or_path, const char *datadir,
                                           const galley_limits_t *limits, galley_layout_t **out,
                                           galley_diags_t *diags)
{
    return galley_layout_load_confined(name_or_path, datadir, limits, NULL, out, diags);
}

/* The real path of the folder ROOT, or an error naming --root. */
static galley_status_t root_real(const char *root, char **out, galley_diags_t *diags)
{
    struct stat sb;
    *out = NULL;
    if (!root[0] || stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode) || !(*out = realpath(root, NULL)))
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "--root \"%s\" is not a folder", root);
    return GALLEY_STATUS_SUCCESS;
}

/* Loads and validates a layout, a file inside ROOT; see layout.h. */
galley_status_t galley_layout_load_confined(const char *name_or_path, const char *datadir,
                                            const galley_limits_t *limits, const char *root,
                                            galley_layout_t **out, galley_diags_t *diags)
{
    *out = NULL;
    char *path, *real_root = NULL;
    galley_status_t st = layout_path(name_or_path, datadir, &path, diags);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    /* A name is a layout of Galley's own: only a path is confined. */
    if (root && galley_layout_is_path(name_or_path) &&
        (st = root_real(root, &real_root, diags)) != GALLEY_STATUS_SUCCESS) {
        free(path);
        return st;
    }
    galley_json_doc_t doc;
    galley_json_limits_t jl = {limits ? limits->max_input_mb : 0, limits ? limits->max_depth : 0};
    st = galley_json_doc_load_confined(&doc, path, &jl, real_root, diags);
    galley_layout_t *l = NULL;
    if (st == GALLEY_STATUS_SUCCESS) {
        galley_json_node_t root = galley_json_root(&doc);
        l = calloc(1, sizeof *l);
        if (!l)
            st = galley_json_error(&root, GALLEY_STATUS_NO_MEMORY, "out of memory");
        else {
            l->path = path;
            path = NULL;
            st = load_root(&root, l);
        }
        if (st == GALLEY_STATUS_SUCCESS && record_positions(&doc, l) != GALLEY_STATUS_SUCCESS)
            st = galley_json_error(&root, GALLEY_STATUS_NO_MEMORY, "out of memory");
        if (st == GALLEY_STATUS_SUCCESS)
            st = load_hyphenation(&root, l, limits, real_root, diags);
        if (st == GALLEY_STATUS_SUCCESS)
            st = galley_layout_load_press(&root, l, limits, real_root, diags);
        if (st == GALLEY_STATUS_SUCCESS)
            st = galley_layout_load_fonts(&root, l, real_root);
    }
    free(real_root);
    galley_json_doc_fini(&doc);
    free(path);
    if (st != GALLEY_STATUS_SUCCESS) {
        galley_layout_destroy(l);
        return st;
    }
    *out = l;
    return st;
}

/* Frees the layout and its strings. */
void galley_layout_destroy(galley_layout_t *layout)
{
    if (!layout)
        return;
    for (int i = 0; i < GALLEY_STYLE_COUNT; i++) {
        free(layout->styles[i].family);
        free(layout->styles[i].marker);
        free(layout->styles[i].korean_family);
        free(layout->styles[i].korean_figures);
    }
    free(layout->name);
    free(layout->path);
    free(layout->parallel.lang);
    galley_layout_press_fini(&layout->pdf);
    free(layout->hyphenation_path);
    galley_hyphen_list_destroy(layout->hyphenation);
    galley_layout_fonts_fini(layout);
    galley_json_positions_destroy(layout->positions);
    free(layout);
}

char *galley_layout_reference(const char *file, const char *name_or_path)
{
    return galley_layout_is_path(name_or_path) ? galley_path_beside(file, name_or_path)
                                               : strdup(name_or_path);
}
