/* layout_private.h: what the layout loader's files share.
 *
 * Owns: the declarations that tie layout.c (page geometry, the checks that
 * a page is possible, finding and loading the file) and layout_styles.c (the
 * style table, its defaults, the line-breaking parameters and the number
 * readers both use) together. Only layout*.c include it.
 */
#ifndef GALLEY_LAYOUT_PRIVATE_H
#define GALLEY_LAYOUT_PRIVATE_H

#include "json.h"
#include "layout.h"

/* A number range and its unit for messages: LO < v (LO_OPEN) or LO <= v, v <= HI. */
typedef struct {
    double lo, hi;
    int lo_open;
    const char *unit;
} galley_layout_range_t;

/* Keeps the first error of a sequence of steps that all run. */
galley_status_t galley_layout_keep(galley_status_t acc, galley_status_t st);
/* The string KEY of PARENT as the index of NAMES (NULL-ended) it equals, into
 * *OUT (untouched when absent); another string is an error listing NAMES. */
galley_status_t galley_layout_choice(const galley_json_node_t *parent, const char *key,
                                     const char *const *names, int *out);
/* Frees what the "pdf" section's settings own. */
void galley_layout_press_fini(galley_press_t *p);
/* Loads the "pdf" section (layout_press.c) into L->pdf, its output profile
 * read within LIMITS (and, with REAL_ROOT, inside that folder) when the
 * standard needs it. */
galley_status_t galley_layout_load_press(const galley_json_node_t *root, galley_layout_t *l,
                                         const galley_limits_t *limits, const char *real_root,
                                         galley_diags_t *diags);
/* Reads member KEY of PARENT as a number in R; leaves *OUT when absent. */
galley_status_t galley_layout_number(const galley_json_node_t *parent, const char *key,
                                     int required, galley_layout_range_t r, double *out);
/* Reads member KEY of PARENT as a whole number from LO to HI; leaves *OUT when absent. */
galley_status_t galley_layout_int(const galley_json_node_t *parent, const char *key, int lo, int hi,
                                  int *out);
/* "fonts" of ROOT (layout_fonts.c) into L->fonts: each a file or folder that
 * exists beside the layout file (with REAL_ROOT, inside it). */
galley_status_t galley_layout_load_fonts(const galley_json_node_t *root, galley_layout_t *l,
                                         const char *real_root);
/* Frees L's fonts. */
void galley_layout_fonts_fini(galley_layout_t *l);
/* "styles" of ROOT: every style from its defaults, the body first (others
 * default to its values), then what the file says. */
galley_status_t galley_layout_load_styles(const galley_json_node_t *root, galley_layout_t *l);
/* "headline_ladder" of ROOT over its defaults (which follow the headline
 * style's size: call after the styles). */
galley_status_t galley_layout_load_ladder(const galley_json_node_t *root, galley_layout_t *l);

#endif
