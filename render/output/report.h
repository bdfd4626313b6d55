/* report.h: the edition report.
 *
 * Owns: the JSON report of an edition render for scripts: every page and
 * article placed (page, slot, lines, headline size, jump page, overset lines
 * and words), the articles continued on each page (continued_from), the
 * warnings, the timings and the threads it ran in.
 */
#ifndef GALLEY_REPORT_H
#define GALLEY_REPORT_H

#include "edition.h"
#include "output.h"
#include "compose_edition.h"

/* Writes EDITION's report to PATH in OUTS (docs/edition.md, "The report"):
 * RESULT's placements and timings, THREADS (how many threads the render ran
 * in: 2 when the -j pipeline drew pages while others were set, else 1) and
 * the warnings in DIAGS. */
galley_status_t galley_output_report(const galley_edition_t *edition,
                                     const galley_edition_result_t *result, int threads,
                                     galley_diags_t *diags, const char *path,
                                     galley_outputs_t *outs);

#endif
