/* input.h: opening an input file safely.
 *
 * Owns: the one way every loader opens what it reads (articles, editions,
 * layouts, contact inputs; photos may use it too): open once without
 * blocking (a FIFO named as an input must not hang the render), look at what
 * was opened (fstat of that descriptor, not of the name), refuse what is not
 * a regular file, and with a root folder refuse a file whose real location
 * is outside it, all before a byte is read.
 */
#ifndef GALLEY_INPUT_H
#define GALLEY_INPUT_H

#include "diag.h"

#include <sys/stat.h>

/* Opens PATH for reading: a regular file, read through the returned
 * descriptor (blocking again once opened). With ROOT (a real path, as
 * realpath() gives it) the file must lie inside ROOT once symbolic links are
 * followed; WHAT ("the layout") names the file in that message. *SB gets
 * the file's status. Returns the descriptor, or -1 after recording an
 * input error naming PATH (nothing of the file is read or quoted). */
int galley_input_open(const char *path, const char *root, const char *what, struct stat *sb,
                      galley_diags_t *diags);

/* True when the real path REAL lies inside the real folder ROOT. */
int galley_path_inside(const char *real, const char *root);

/* True when PATH has a ".." part (with --root, names in inputs may not). */
int galley_path_has_dot_dot(const char *path);

#endif
