/* compose_article.h: the single-article composer: an article and a layout to
 * pages of boxes.
 *
 * Owns: the page's furniture and the order things are set in: kicker,
 * headline across the columns, deck, the photo block (photo, credit, captions
 * in every language) at the top right, the body with byline and dateline
 * flowing down the columns and onto further pages, end notes, the related box,
 * the translations, and a folio on every page. The last page's columns are
 * balanced.
 */
#ifndef GALLEY_COMPOSE_ARTICLE_H
#define GALLEY_COMPOSE_ARTICLE_H

#include "article.h"
#include "box.h"
#include "fonts.h"
#include "hyphenation.h"
#include "layout.h"

/* What the single-article composer is told, beside the article and layout. */
typedef struct {
    int max_pages; /* pages the article may take (beyond, a limit error naming the limit) */
    const galley_hyphen_list_t *hyphenation; /* --hyphenation's house list; NULL: none */
} galley_compose_options_t;

/* Sets ARTICLE into pages of LAYOUT, at most OPT->max_pages of them. */
galley_status_t galley_compose(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                               const galley_article_t *article, const galley_layout_t *layout,
                               const galley_compose_options_t *opt, galley_document_t *doc,
                               galley_diags_t *diags);

#endif
