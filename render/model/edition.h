/* edition.h: the edition model.
 *
 * Owns: an edition file loaded and validated: the paper (nameplate, date,
 * edition and price lines), the layout, the page grid's rows, and the pages
 * in order, each with the articles on it in their slots (columns and rows of
 * the page grid), the page to jump to, and the continuations of articles
 * that jumped from an earlier page. A page may instead list articles to be
 * filled down it in order. docs/edition.md describes the file. Loading an
 * edition also loads the articles it places, before anything is composed.
 */
#ifndef GALLEY_EDITION_H
#define GALLEY_EDITION_H

#include "article.h"
#include "diag.h"
#include "galley.h"

typedef struct {
    int column, span; /* columns of the layout */
    int row, rows;    /* rows of the edition's page grid */
} galley_slot_t;

typedef struct {
    char *article;       /* path, resolved against the edition file's folder */
    char *field;         /* "pages[0].articles[1]" */
    galley_slot_t slot;  /* unused when the page is filled */
    int jump;            /* page number the article continues on, 0: none */
    int is_continuation; /* the slot takes an article that jumped here */
} galley_placement_t;

typedef struct {
    char *section; /* running head and folio; may be NULL */
    int nameplate; /* the paper's nameplate across the top */
    int fill;      /* articles filled down the page, no slots */
    galley_placement_t *articles;
    size_t n_articles;
} galley_edition_page_t;

typedef struct {
    char *path;
    char *paper, *edition, *price, *date;
    char *lang; /* BCP 47: the furniture's words and date ("en" by default) */
    int year, month, day;
    char *layout; /* name or path; NULL: tabloid */
    int rows;     /* rows of the page grid */
    galley_edition_page_t *pages;
    size_t n_pages;
    struct galley_json_positions *positions; /* its furniture's fields in the file (json.h) */
} galley_edition_t;

/* Loads and checks PATH: slots inside the grid and not overlapping, jumps to
 * later pages that hold the continuation. Errors name file:line:col and the
 * field. */
galley_status_t galley_edition_load(const char *path, const galley_load_options_t *options,
                                    galley_edition_t **out, galley_diags_t *diags);

void galley_edition_destroy(galley_edition_t *edition);

/* Loads every article EDITION places, each file once however often it is
 * placed (inside OPTIONS->root, like the edition), in the order of their
 * first placements, into *ARTICLES (a new array of *N_ARTICLES, owned by the
 * caller with the articles in it: destroy each, free the array). Every
 * article's errors are reported; the first error is returned, and the
 * articles that loaded are kept. */
galley_status_t galley_edition_load_articles(const galley_edition_t *edition,
                                             const galley_load_options_t *options,
                                             galley_photo_checks_t *checks,
                                             galley_article_t ***articles, size_t *n_articles,
                                             galley_diags_t *diags);

/* True when PATH holds an edition (a JSON object with "paper" and "pages")
 * rather than an article: for commands that take either. The file is read
 * within LIMITS (NULL: the defaults), so one over them is not read at all. */
int galley_file_is_edition(const char *path, const galley_limits_t *limits);

#endif
