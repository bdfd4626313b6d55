/* compose_edition.h: the edition composer: an edition's pages.
 *
 * Owns: setting an edition (edition.h) into pages of boxes: the nameplate,
 * running heads and folios, each article in its slot with a copyfitted
 * headline, jumps between pages, and the account of what was placed and what
 * did not fit (overset), for the report.
 */
#ifndef GALLEY_COMPOSE_EDITION_H
#define GALLEY_COMPOSE_EDITION_H

#include "article.h"
#include "box.h"
#include "edition.h"
#include "fonts.h"
#include "hyphenation.h"
#include "layout.h"

/* What became of one article of the edition. */
typedef struct {
    const galley_placement_t *placement; /* borrowed from the edition */
    int page;                            /* where it starts */
    int lines;                           /* lines set, over all its slots */
    double headline_size;                /* pt, as copyfitted */
    int jump_page;                       /* page it continues on, 0: none */
    int overset_lines, overset_words;    /* what did not fit anywhere */
    int overset_page;                    /* the page whose slot is marked overset, 0: none */
    int underset_lines, underset_page;   /* grid lines its last slot leaves empty, and where */
} galley_edition_article_t;

typedef struct {
    galley_edition_article_t *placed;
    size_t n_placed;
    galley_article_t **articles; /* loaded articles (galley_edition_load_articles), owned:
                                    boxes borrow from them */
    size_t n_articles;
    double compose_ms, output_ms; /* timings, for the report */
} galley_edition_result_t;

/* What the edition composer is told, beside the edition and layout. */
typedef struct {
    int max_pages; /* the page limit the text of all the edition's placements shares */
    /* Called after each page with the pages now final and the edition's
     * pages (they may be drawn then); NULL: not called. */
    void (*progress)(int done, int total, void *data);
    void *progress_data;
    const galley_hyphen_list_t *hyphenation; /* --hyphenation's house list; NULL: none */
} galley_edition_compose_options_t;

/* Sets EDITION, whose articles the model loaded (ARTICLES, N_ARTICLES: those
 * that loaded, borrowed), into DOC; RESULT gets each article's account (free it with
 * galley_edition_result_fini after DOC is written). Overset articles are
 * warnings here; the caller decides whether they fail the render. */
galley_status_t galley_compose_edition(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                                       const galley_edition_t *edition,
                                       galley_article_t *const *articles, size_t n_articles,
                                       const galley_layout_t *layout,
                                       const galley_edition_compose_options_t *opt,
                                       galley_document_t *doc, galley_edition_result_t *result,
                                       galley_diags_t *diags);

void galley_edition_result_fini(galley_edition_result_t *result);

#endif
