/* context.h: the context's insides, for the library's own modules.
 *
 * Owns: what a galley_context_t holds (fonts, dictionaries, photos checked, diagnostics, the
 * input files of the last render) and composing an article into a document
 * without writing it, for the outputs that are not one file per render
 * (contact sheets) and for galley watch.
 */
#ifndef GALLEY_CONTEXT_H
#define GALLEY_CONTEXT_H

#include "article.h"
#include "box.h"
#include "compose_article.h"
#include "edition.h"
#include "compose_edition.h"
#include "fonts.h"
#include "galley.h"
#include "hyphenation.h"
#include "layout.h"

struct galley_context {
    galley_fonts_t *fonts;
    galley_hyphen_t *hyphen;
    galley_hyphen_list_t *house;         /* the last render's --hyphenation list, or NULL */
    galley_photo_checks_t *photo_checks; /* the photos checked in this context's renders */
    galley_diags_t diags;
    int pages;
    char *datadir;            /* Galley's data folder (layouts/, fonts/, hyphenation/) */
    char *fonts_conf;         /* the fontconfig file, or NULL: DATADIR's */
    char *cache_dir;          /* the cache folder (cache.h), or NULL: no cache */
    long long source_date;    /* the PDFs' dates (SOURCE_DATE_EPOCH); -1: the articles' */
    char **inputs;            /* files the last render read: article, layout, photos */
    const char **input_kinds; /* what each is, for messages: "the article", "a photo" */
    size_t n_inputs;
};

/* Takes the caller's render options IN (NULL: the defaults) into OUT, the
 * full struct of this version: the fields IN's version lacks are defaults.
 * An IN not initialised is an error in CTX's diagnostics (abi.c). */
galley_status_t galley_options_take(galley_context_t *ctx, const galley_render_options_t *in,
                                    galley_render_options_t *out);
/* The same for edition options. */
galley_status_t galley_edition_options_take(galley_context_t *ctx,
                                            const galley_edition_options_t *in,
                                            galley_edition_options_t *out);

/* Loads ARTICLE_PATH and OPT's layout and composes them into DOC. The caller
 * frees *LAYOUT, *ARTICLE (either may be NULL) and DOC, also on error. */
galley_status_t galley_context_compose(galley_context_t *ctx, const char *article_path,
                                       const galley_render_options_t *opt, galley_layout_t **layout,
                                       galley_article_t **article, galley_document_t *doc);

/* Loads the edition at EDITION_PATH and its layout and composes it into DOC;
 * RESULT keeps the articles the boxes borrow from. The caller frees
 * *EDITION, *LAYOUT, RESULT and DOC, also on error. */
galley_status_t galley_context_compose_edition(galley_context_t *ctx, const char *edition_path,
                                               const galley_render_options_t *opt,
                                               const galley_edition_options_t *eopt,
                                               galley_edition_t **edition, galley_layout_t **layout,
                                               galley_document_t *doc,
                                               galley_edition_result_t *result);

#endif
