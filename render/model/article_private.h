/* article_private.h: what the article loader's files share.
 *
 * Owns: the declarations that tie article.c (the article, its languages,
 * loading and freeing), article_body.c (text fields, byline, body blocks,
 * related, notes) and article_photos.c (photos, their files, captions and
 * credits) together. Only article*.c include it.
 */
#ifndef GALLEY_ARTICLE_PRIVATE_H
#define GALLEY_ARTICLE_PRIVATE_H

#include "article.h"
#include "json.h"

/* What the loader needs besides the JSON: the options and the root's real path. */
typedef struct {
    const galley_load_options_t *opt; /* never NULL */
    char *root;                       /* realpath of opt->root, or NULL */
    galley_photo_checks_t *checks;    /* photos checked before, or NULL */
} galley_article_loader_t;

/* ---- article_body.c ---- */

/* Keeps the first error of a sequence of steps that all run. */
galley_status_t galley_article_keep(galley_status_t acc, galley_status_t st);
/* Reports an allocation failure at NODE. */
galley_status_t galley_article_no_memory(const galley_json_node_t *node);
/* calloc of N items of SIZE; NULL without failing for N 0, else an error kept in *ST. */
void *galley_article_alloc(size_t n, size_t size, galley_status_t *st,
                           const galley_json_node_t *node);
/* An optional text field (typographic quotes; inline markup when MARKUP); an
 * empty one is stored as absent. */
galley_status_t galley_article_text(const galley_json_node_t *node, int markup, galley_text_t *out);
/* A required text field that must hold something printable (else EMPTY_MSG). */
galley_status_t galley_article_required_text(const galley_json_node_t *node, int markup,
                                             galley_text_t *out, const char *empty_msg);
/* An optional plain string (white space collapsed, no markup, typographic
 * quotes when QUOTES); NULL when empty. */
galley_status_t galley_article_plain(const galley_json_node_t *node, int quotes, char **out);

/* "byline" of PARENT: a name as a string, or {name, title, email}. */
galley_status_t galley_article_load_byline(const galley_json_node_t *parent, galley_byline_t *b);
/* "body" of PARENT: required and non-empty in the article, optional in a translation. */
galley_status_t galley_article_load_body(const galley_json_node_t *parent, int required,
                                         galley_article_text_t *t);
/* "related" of PARENT: a list of related articles. */
galley_status_t galley_article_load_related(const galley_json_node_t *parent,
                                            galley_article_text_t *t);
/* "notes" of PARENT: a list of strings with markup. */
/* Loads the article's "hyphenation" list into A->hyphenation. */
galley_status_t galley_article_load_hyphenation(const galley_json_node_t *root,
                                                galley_article_t *a);
galley_status_t galley_article_load_notes(const galley_json_node_t *parent,
                                          galley_article_text_t *t);

/* ---- article_photos.c ---- */

/* "photos" of ROOT: the files found and decoded; captions and credits go to
 * the main text. */
galley_status_t galley_article_load_photos(const galley_json_node_t *root,
                                           const galley_article_loader_t *ld, galley_article_t *a);
/* Checks each photo's "anchor" of ROOT against the body A has loaded: a whole
 * number naming one of its blocks. */
galley_status_t galley_article_check_anchors(const galley_json_node_t *root, galley_article_t *a);
/* A translation's "photos": captions and credits parallel to the article's N_PHOTOS. */
galley_status_t galley_article_load_photo_texts(const galley_json_node_t *parent, size_t n_photos,
                                                galley_article_text_t *t);

#endif
