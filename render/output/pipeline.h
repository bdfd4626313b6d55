/* pipeline.h: an edition's PDF drawn in a second thread while it is set.
 *
 * Owns the -j pipeline: a thread that draws each page into the PDF (through
 * the same galley_pdf_writer_t one thread uses, so the bytes are the same) as
 * soon as composing has moved past it, and the count of threads that really
 * worked, for the edition report. Compose hands it pages through the progress
 * callback of the edition options it gives (galley_pipeline_options); it
 * hands the API a writer whose pages are drawn, to be finished.
 */
#ifndef GALLEY_PIPELINE_H
#define GALLEY_PIPELINE_H

#include "output.h"

typedef struct galley_pipeline galley_pipeline_t;

/* Starts the drawing thread for DOC's PDF at PATH with print options PO (both
 * borrowed until galley_pipeline_destroy); EOPT is the caller's, whose
 * progress callback is still called. Returns 0 with *OUT running, or -1 with
 * *OUT NULL when the writer or the thread cannot be made: the caller then
 * composes and draws in one thread. */
int galley_pipeline_start(const galley_document_t *doc, const char *path,
                          const galley_pdf_options_t *po, const galley_edition_options_t *eopt,
                          galley_pipeline_t **out);

/* The edition options to compose with: the caller's, with a progress
 * callback in front that hands each final page to the drawing thread. */
const galley_edition_options_t *galley_pipeline_options(const galley_pipeline_t *p);

/* Tells the drawing thread composing is over and waits for it; its messages
 * go to DIAGS. Returns the drawing's status. */
galley_status_t galley_pipeline_end(galley_pipeline_t *p, galley_diags_t *diags);

/* The writer the thread drew into, every page drawn, to finish (after
 * galley_pipeline_end); owned by P. */
galley_pdf_writer_t *galley_pipeline_writer(const galley_pipeline_t *p);

/* How many threads the render ran in, after galley_pipeline_end: 2 when the
 * drawing thread drew pages while composing went on, else 1. */
int galley_pipeline_threads(const galley_pipeline_t *p);

/* Frees P and its writer. NULL is allowed. */
void galley_pipeline_destroy(galley_pipeline_t *p);

#endif
