/* compose_parallel.h: the parallel (bilingual) composer.
 *
 * Owns: setting an article beside its translation, paragraph by paragraph,
 * for a layout whose "parallel" block splits the columns between them.
 */
#ifndef GALLEY_COMPOSE_PARALLEL_H
#define GALLEY_COMPOSE_PARALLEL_H

#include "composer.h"

/* Composes the parallel layout into C's document: the article and its
 * translation side by side, paragraph by paragraph. */
galley_status_t galley_compose_parallel(galley_composer_t *c);

#endif
