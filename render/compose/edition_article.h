/* edition_article.h: the edition composer's state, and an article's way
 * through its slots (edition_article.c).
 *
 * Owns: what composing an edition keeps as it goes (resources, the model,
 * the document and the result being built, the furniture's composer, the
 * articles that jumped and wait for their continuation, the edition's shared
 * text room, the language its furniture and jump lines print in), and
 * placing an article into its first slot and its continuation.
 */
#ifndef GALLEY_EDITION_ARTICLE_H
#define GALLEY_EDITION_ARTICLE_H

#include "compose_edition.h"
#include "composer.h"
#include "lang.h"

/* An article that jumped: its story (its flow, owned, and the cursor where
 * the continuation resumes), the article and the page it jumped from. */
typedef struct {
    galley_story_t story;
    const galley_article_t *a;
    int from_page;
    size_t report; /* its entry in result->placed (which grows: not a pointer) */
} galley_edition_pending_t;

typedef struct {
    galley_fonts_t *fonts;
    galley_hyphen_t *hyphen;
    const galley_edition_t *e;
    const galley_layout_t *l;
    const galley_edition_compose_options_t *opt;
    galley_document_t *doc;
    galley_diags_t *diags;
    galley_edition_result_t *result;
    galley_article_t *const *articles; /* the edition's, loaded by the model; borrowed */
    size_t n_articles;
    galley_composer_t furniture; /* the composer for nameplate, heads and folios */
    galley_edition_pending_t *pending;
    size_t n_pending;
    galley_article_t **by_path; /* the articles sorted by path, for find_article */
    /* The language module whose words the edition prints (its date, jump
     * lines) and whose language its furniture is set in: English. */
    const galley_lang_t *words;
    char date[96]; /* the edition's date, written out for nameplate, heads and folios */
    /* The text room of the whole edition: its bounds (room, room_lines) and
     * what the placements have set so far (height, n); it holds no items. */
    galley_flow_t room;
} galley_edition_composer_t;

/* A composer for ARTICLE on ED's document, building and placing STORY (NULL:
 * the furniture's, which only sets bands). */
galley_composer_t galley_edition_composer_for(galley_edition_composer_t *ed,
                                              const galley_article_t *article,
                                              galley_story_t *story);

/* Sets article A of placement PL into SLOT (its columns), at R on PAGE, the
 * edition's page PAGE_INDEX, its headline in HEADLINE (ranked and
 * copyfitted: edition_copyfit.h), accounting in REP; keeps it pending when it
 * jumps. */
galley_status_t galley_edition_place_article(galley_edition_composer_t *ed, size_t page_index,
                                             galley_page_t *page, const galley_placement_t *pl,
                                             galley_slot_t slot, const galley_article_t *a,
                                             galley_rect_t r, const galley_style_t *headline,
                                             galley_edition_article_t *rep);

/* Sets the rest of an article that jumped here into its continuation slot R,
 * its last columns as MODE says (flow.h: GALLEY_FLOW_FILL down to the slot's
 * foot, GALLEY_FLOW_BALANCE on a page its articles fill down); *ENDED gets its
 * report entry when it ends here. */
galley_status_t galley_edition_place_continuation(galley_edition_composer_t *ed,
                                                  galley_page_t *page, const galley_placement_t *pl,
                                                  galley_slot_t slot, galley_rect_t r, int mode,
                                                  galley_edition_article_t **ended);

#endif
