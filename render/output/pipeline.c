/* pipeline.c: the -j pipeline: an edition's PDF drawn while it is set.
 *
 * A thread draws each page into the PDF as soon as composing has moved past
 * it, in page order, through the writer one thread uses, so the bytes are the
 * same. Compose only appends pages, never moves or changes a finished one,
 * and sets the document's metadata before its first page; what the threads
 * share is the count of pages ready. The pipeline counts the pages the thread
 * drew, so the report can say whether it really ran threaded.
 */
#include "pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct galley_pipeline {
    pthread_mutex_t lock;
    pthread_cond_t more;
    pthread_t thread;
    const galley_document_t *doc;
    size_t ready, total; /* pages final, of the edition's; under LOCK */
    int ended;           /* composing is over (done or failed); under LOCK */
    size_t drawn;        /* pages the drawing thread drew; read after the join */
    galley_pdf_writer_t *writer;
    galley_diags_t diags;          /* the drawing thread's */
    galley_status_t st;            /* the drawing's */
    galley_edition_options_t eopt; /* the caller's, with pipe_progress in front */
    const galley_edition_options_t *caller;
};

/* The drawing thread: draws page after page as they become ready. */
static void *pipe_draw(void *closure)
{
    galley_pipeline_t *p = closure;
    for (size_t i = 0;; i++) {
        pthread_mutex_lock(&p->lock);
        while (p->ready <= i && !p->ended)
            pthread_cond_wait(&p->more, &p->lock);
        int have = p->ready > i;
        size_t total = p->total;
        galley_page_t page;
        if (have)
            page = p->doc->pages[i];
        pthread_mutex_unlock(&p->lock);
        if (!have)
            return NULL;
        if (!p->st) {
            p->st = galley_pdf_writer_page(p->writer, &page, total, &p->diags);
            p->drawn++;
        }
    }
}

/* Compose's progress callback: the pages up to DONE are final. */
static void pipe_progress(int done, int total, void *data)
{
    galley_pipeline_t *p = data;
    pthread_mutex_lock(&p->lock);
    p->total = (size_t)total;
    p->ready = (size_t)done < p->doc->n_pages ? (size_t)done : p->doc->n_pages;
    pthread_cond_signal(&p->more);
    pthread_mutex_unlock(&p->lock);
    if (p->caller->progress)
        p->caller->progress(done, total, p->caller->progress_data);
}

int galley_pipeline_start(const galley_document_t *doc, const char *path,
                          const galley_pdf_options_t *po, const galley_edition_options_t *eopt,
                          galley_pipeline_t **out)
{
    galley_pipeline_t *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p)
        return -1;
    p->doc = doc;
    p->caller = eopt;
    p->eopt = *eopt;
    p->eopt.progress = pipe_progress;
    p->eopt.progress_data = p;
    galley_diags_init(&p->diags);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->more, NULL);
    if (!galley_pdf_writer_create(doc, path, po, &p->writer) &&
        !pthread_create(&p->thread, NULL, pipe_draw, p)) {
        *out = p;
        return 0;
    }
    galley_pdf_writer_destroy(p->writer);
    galley_diags_fini(&p->diags);
    pthread_cond_destroy(&p->more);
    pthread_mutex_destroy(&p->lock);
    free(p);
    return -1;
}

const galley_edition_options_t *galley_pipeline_options(const galley_pipeline_t *p)
{
    return &p->eopt;
}

galley_status_t galley_pipeline_end(galley_pipeline_t *p, galley_diags_t *diags)
{
    pthread_mutex_lock(&p->lock);
    p->ended = 1;
    pthread_cond_signal(&p->more);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    galley_diags_append(diags, &p->diags);
    galley_diags_fini(&p->diags);
    pthread_cond_destroy(&p->more);
    pthread_mutex_destroy(&p->lock);
    return p->st;
}

galley_pdf_writer_t *galley_pipeline_writer(const galley_pipeline_t *p)
{
    return p->writer;
}

int galley_pipeline_threads(const galley_pipeline_t *p)
{
    return p->drawn > 0 ? 2 : 1;
}

void galley_pipeline_destroy(galley_pipeline_t *p)
{
    if (!p)
        return;
    galley_pdf_writer_destroy(p->writer);
    free(p);
}
