/* proof.h: the press proof of a PNG page (--proof). */
#ifndef GALLEY_PROOF_H
#define GALLEY_PROOF_H

#include "icc.h"

#include <cairo.h>

typedef struct galley_proof galley_proof_t;

/* A soft proof of the press CMYK describes (borrowed for the call only):
 * screen colours (sRGB) as that press prints them and back to the screen.
 * NULL when the profile cannot be used or memory runs out. */
galley_proof_t *galley_proof_create(const galley_icc_t *cmyk);

/* Replaces every pixel of IMAGE (an RGB24 image surface) by its proof. */
void galley_proof_apply(galley_proof_t *proof, cairo_surface_t *image);

/* Frees PROOF (NULL is allowed). */
void galley_proof_destroy(galley_proof_t *proof);

#endif
