/* layout_press.c: the layout's "pdf" section, the press its PDF is made for.
 *
 * Owns: the PDF standard ("PDF/X-4" for print, "none" for screens), the
 * output condition (a CMYK ICC profile, by default Ghostscript's
 * default_cmyk.icc, with its identifier, description and registry), the
 * total ink a converted colour may have. Photos stay RGB, tagged with their
 * profile for the RIP to convert, as PDF/X-4 allows. The
 * profile is read and checked (icc.c) when the standard needs it.
 */
#include "layout_private.h"
#include "input.h"

#include <stdlib.h>
#include <string.h>

static const char *const PDF_FIELDS[] = {"standard", "profile",   "condition", "info",
                                         "registry", "ink_limit", NULL};
static const char *const STANDARD_NAMES[] = {"none", "PDF/X-4", NULL};

/* Most total ink (C + M + Y + K, percent) by default: newsprint's. A press
 * allows 200% to 400%; under 100% not even black prints. */
#define INK_LIMIT_DEFAULT 240
static const galley_layout_range_t INK_PERCENT = {100, 400, 0, "%"};

/* A string KEY of N as a new string into *OUT (untouched when absent); an
 * empty one is an error. */
static galley_status_t press_string(const galley_json_node_t *n, const char *key, char **out)
{
    galley_json_node_t v = galley_json_member(n, key);
    const char *s = NULL;
    galley_status_t st = galley_json_string(&v, 0, &s);
    if (st != GALLEY_STATUS_SUCCESS || !s)
        return st;
    if (!s[0])
        return galley_json_error(&v, GALLEY_STATUS_INPUT_ERROR, "must not be empty");
    if (!(*out = strdup(s)))
        return galley_json_error(&v, GALLEY_STATUS_NO_MEMORY, "out of memory");
    return GALLEY_STATUS_SUCCESS;
}

/* "profile": a file beside the layout file (with --root, inside it), or the
 * default CMYK profile. */
static galley_status_t press_profile_path(const galley_json_node_t *n, galley_layout_t *l,
                                          const char *real_root)
{
    galley_json_node_t v = galley_json_member(n, "profile");
    const char *rel = NULL;
    galley_status_t st = galley_json_string(&v, 0, &rel);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    if (rel && !rel[0])
        return galley_json_error(&v, GALLEY_STATUS_INPUT_ERROR, "must not be empty");
    if (rel && real_root && (rel[0] == '/' || galley_path_has_dot_dot(rel)))
        return galley_json_error(&v, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\": with --root the profile must be named inside the "
                                 "layout's folder (no absolute path, no \"..\")",
                                 rel);
    l->pdf.profile_path = rel ? galley_path_beside(l->path, rel) : strdup(GALLEY_ICC_DEFAULT_CMYK);
    if (!l->pdf.profile_path)
        return galley_json_error(&v, GALLEY_STATUS_NO_MEMORY, "out of memory");
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_layout_load_press(const galley_json_node_t *root, galley_layout_t *l,
                                         const galley_limits_t *limits, const char *real_root,
                                         galley_diags_t *diags)
{
    l->pdf.ink_limit = INK_LIMIT_DEFAULT;
    galley_json_node_t n = galley_json_member(root, "pdf");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    int standard = GALLEY_PDF_NONE;
    if (n.value) {
        galley_json_check_fields(&n, PDF_FIELDS);
        st = galley_layout_choice(&n, "standard", STANDARD_NAMES, &standard);
        st = galley_layout_keep(st, press_string(&n, "condition", &l->pdf.condition));
        st = galley_layout_keep(st, press_string(&n, "info", &l->pdf.info));
        st = galley_layout_keep(st, press_string(&n, "registry", &l->pdf.registry));
        st = galley_layout_keep(
            st, galley_layout_number(&n, "ink_limit", 0, INK_PERCENT, &l->pdf.ink_limit));
    }
    st = galley_layout_keep(st, press_profile_path(&n, l, real_root));
    l->pdf.standard = (galley_pdf_standard_t)standard;
    if (st != GALLEY_STATUS_SUCCESS || l->pdf.standard == GALLEY_PDF_NONE)
        return st;
    double mb =
        limits && limits->max_input_mb > 0 ? limits->max_input_mb : GALLEY_DEFAULT_MAX_INPUT_MB;
    /* only a profile the layout names is confined to --root: the default one is Galley's */
    int named = strcmp(l->pdf.profile_path, GALLEY_ICC_DEFAULT_CMYK) != 0;
    return galley_icc_load_cmyk(l->pdf.profile_path, named ? real_root : NULL,
                                galley_input_max_bytes(mb), &l->pdf.icc, diags);
}

galley_status_t galley_layout_press_profile(galley_layout_t *l, const galley_limits_t *limits,
                                            galley_diags_t *diags)
{
    if (l->pdf.icc.data)
        return GALLEY_STATUS_SUCCESS;
    double mb =
        limits && limits->max_input_mb > 0 ? limits->max_input_mb : GALLEY_DEFAULT_MAX_INPUT_MB;
    return galley_icc_load_cmyk(l->pdf.profile_path, NULL, galley_input_max_bytes(mb), &l->pdf.icc,
                                diags);
}

/* Frees what the press settings own. */
void galley_layout_press_fini(galley_press_t *p)
{
    free(p->profile_path);
    free(p->condition);
    free(p->info);
    free(p->registry);
    galley_icc_fini(&p->icc);
    memset(p, 0, sizeof *p);
}
