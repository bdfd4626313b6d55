/* report.h: the edition report.
 *
 * Owns: the JSON report of an edition render for scripts: every page and
 * article placed (page, slot, lines, headline size, jump page, overset lines
 * and words) and the warnings.
 */
#ifndef GALLEY_REPORT_H
#define GALLEY_REPORT_H

#include "edition.h"
#include "output.h"
#include "compose_edition.h"

galley_status_t galley_output_report(const galley_edition_t *edition,
                                     const galley_edition_result_t *result, galley_diags_t *diags,
                                     const char *path, galley_outputs_t *outs);

#endif
