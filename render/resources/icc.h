/* icc.h: ICC colour profiles as resources.
 *
 * Owns: reading a press's output profile (the CMYK characterisation a
 * PDF/X file names as its output condition) and checking it with Little
 * CMS: a profile that does not parse, or that is not a CMYK output
 * profile, is an error naming the file.
 */
#ifndef GALLEY_ICC_H
#define GALLEY_ICC_H

#include "diag.h"

#include <stddef.h>

/* The CMYK profile Galley uses when a layout names none: Ghostscript's
 * default CMYK (Debian's libgs-common), "Artifex CMYK SWOP Profile", a
 * characterisation of US web offset on coated paper, not of newsprint. */
#define GALLEY_ICC_DEFAULT_CMYK "/usr/share/color/icc/ghostscript/default_cmyk.icc"

/* A CMYK output profile read whole: its bytes (owned) and its description. */
typedef struct {
    unsigned char *data;
    size_t len;
    char description[256]; /* the profile's own, "Artifex CMYK SWOP Profile" */
} galley_icc_t;

/* Reads PATH (at most MAX_BYTES; with ROOT, inside that folder) into OUT
 * and checks it is an ICC profile of the output class for CMYK. Errors name
 * PATH and say what the file is instead. OUT is zeroed on entry and owns
 * its bytes on success (galley_icc_fini). */
galley_status_t galley_icc_load_cmyk(const char *path, const char *root, size_t max_bytes,
                                     galley_icc_t *out, galley_diags_t *diags);

/* Frees what ICC owns and zeroes it. */
void galley_icc_fini(galley_icc_t *icc);

#endif
