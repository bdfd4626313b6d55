/* article.h: the article model.
 *
 * Owns: the validated, defaulted article: text fields in the article's language
 * and in each translation, photos (decoded and checked at load), body blocks
 * with their field paths. Nothing after load reads JSON; every string here is
 * valid UTF-8.
 */
#ifndef GALLEY_ARTICLE_H
#define GALLEY_ARTICLE_H

#include "diag.h"
#include "hyphen_list.h"
#include "photo.h"
#include "text.h"

/* What the loaders take from a render's options (galley_load_options_t
 * is the API's, with output settings the model has no business seeing): the
 * limits on what they read, the folder inputs must stay inside, and whether a
 * missing or damaged photo becomes a placeholder. Zero-initialised: the
 * default limits, anywhere, photos required. */
typedef struct {
    galley_limits_t limits; /* a field of 0 takes the default */
    const char *root;       /* photos (and an edition's articles) must lie inside; NULL: anywhere */
    int placeholder;        /* a missing or damaged photo is a warning, its image NULL */
    int from;               /* the article's format (GALLEY_FROM_*, import.h); 0: recognised */
} galley_load_options_t;

typedef enum {
    GALLEY_BLOCK_PARAGRAPH,
    GALLEY_BLOCK_SUBHEAD,
    GALLEY_BLOCK_QUOTE,
    GALLEY_BLOCK_LIST
} galley_block_kind_t;

/* One item of a list block: a paragraph set after its marker. */
typedef struct {
    galley_text_t text;
    char *field; /* "body[3].items[1]" */
} galley_list_item_t;

typedef struct {
    galley_block_kind_t kind;
    galley_text_t text;        /* empty for a list */
    galley_text_t attribution; /* quotes only; may be empty */
    char *field;               /* "body[3]" or "translations.ko.body[3]" */
    galley_list_item_t *items; /* lists only: n_items >= 1 */
    size_t n_items;
    int ordered; /* lists: numbered from start (1., 2., ...); else bulleted */
    int start;   /* lists: the first item's number (0 to GALLEY_MAX_LIST_START) */
} galley_block_t;

typedef struct {
    galley_text_t name; /* "Lee Hay-june"; empty when there is no byline */
    char *title;        /* "Staff reporter"; may be NULL */
    char *email;        /* may be NULL */
} galley_byline_t;

typedef struct {
    galley_text_t headline;
    char *url; /* may be NULL */
    char *field;
} galley_related_t;

/* The text fields of an article in one language. */
typedef struct {
    char *lang;         /* BCP 47, e.g. "en", "ko" */
    char *field_prefix; /* "" for the article, "translations.ko." for a translation */
    galley_text_t section, kicker, headline, deck, dateline;
    galley_byline_t byline;
    galley_text_t *captions; /* one per article photo (may be empty texts); n = article n_photos */
    galley_text_t *credits;  /* idem */
    galley_block_t *body;
    size_t n_body;
    galley_related_t *related;
    size_t n_related;
    galley_text_t *notes;
    size_t n_notes;
} galley_article_text_t;

typedef struct {
    char *src;  /* as written in the article */
    char *path; /* resolved against the article's folder (with a root: the real path) */
    char *alt;  /* may be NULL */
    int has_focus;
    double focus_x, focus_y; /* 0..1 from the left and top */
    char *field;             /* "photos[0]" */
    int anchor;              /* "anchor": the body block (index) it follows; -1: none */
    galley_image_t *image;   /* checked; NULL when the photo is missing or
                                damaged and the options asked for a placeholder */
} galley_photo_t;

typedef struct {
    char *path;           /* the article file */
    char *date;           /* ISO 8601 as written, may be NULL */
    char *layout;         /* the layout the article asks for (name or path), may be NULL */
    int year, month, day; /* from date; 0 when absent */
    galley_photo_t *photos;
    size_t n_photos;
    galley_article_text_t main; /* captions/credits of photos live in main and translations */
    galley_article_text_t *translations;
    size_t n_translations;
    struct galley_json_positions *positions; /* where its fields sit in the file (json.h) */
    galley_hyphen_list_t *hyphenation;       /* "hyphenation": its house list; NULL: none */
} galley_article_t;

/* The words of T's body (its paragraphs, subheads and quotes): runs of
 * characters between white space, so a Korean word (eojeol) counts one. The
 * headline ladder (layout.h) ranks a single article by it, and a brief by it. */
size_t galley_article_words(const galley_article_text_t *t);

/* The body block photo K (1 or more: photos[0] is the lead, placed at the
 * top) follows in the flow: its "anchor", else K * n_body / n_photos
 * (rounded down), so photos without an anchor spread evenly through the body
 * in order. */
size_t galley_article_photo_after(const galley_article_t *a, size_t k);

/* Reads the "lang" member of the object ROOT (an article's, a translation's,
 * an edition's): a BCP 47 tag such as "en", "ko", "de-CH" (default "en"), an
 * error at it otherwise. *OUT gets a newly allocated copy in the tag's usual
 * case (free()). */
struct galley_json_node;
galley_status_t galley_article_load_lang(const struct galley_json_node *root, char **out);

/* Most words an article's own "hyphenation" list may hold: a list longer
 * than a page's names belongs in a file (a fixed limit, docs/limits.md). */
#define GALLEY_MAX_ARTICLE_HYPHENATION 1000

/* Highest first number an ordered list may start at: its markers stay
 * short enough for the hang a column can give them (docs/limits.md). */
#define GALLEY_MAX_LIST_START 99999

/* Most photos one article may have: each is decoded whole, up to the pixel
 * limit, so this bounds a render's memory (a fixed limit). */
#define GALLEY_MAX_PHOTOS 16

/* Loads and validates PATH. Errors carry file:line:column and the field path;
 * unknown fields are warnings naming them. On error *OUT is NULL.
 *
 * From OPTIONS (NULL: all defaults) the loader takes:
 * - limits.max_input_mb and limits.max_depth for the file, and
 *   limits.max_image_mpixels for each photo (limit errors name the flag);
 * - root: when set, photos must lie inside that folder: a "src" that is
 *   absolute or has a ".." part is an error, and so is one whose real path
 *   (symbolic links followed) leaves the folder;
 * - placeholder: a missing or damaged photo is a warning, not an error, and
 *   its image stays NULL (compose draws a marked box there). Limit errors and
 *   photos outside the root stay errors.
 * CHECKS (may be NULL): photos checked before, and the place for these. */
galley_status_t galley_article_load(const char *path, const galley_load_options_t *options,
                                    galley_photo_checks_t *checks, galley_article_t **out,
                                    galley_diags_t *diags);

/* The same for an article named by a file others may write (an edition's):
 * with OPTIONS->root the article file itself must lie inside that folder too
 * (its real location, checked on the opened file before a byte is read). */
galley_status_t galley_article_load_inside(const char *path, const galley_load_options_t *options,
                                           galley_photo_checks_t *checks, galley_article_t **out,
                                           galley_diags_t *diags);

/* The same for LEN bytes at DATA, named NAME in messages; photos are found
 * next to NAME as if it were the file's path. For fuzzing and services. */
galley_status_t galley_article_load_buffer(const char *name, const char *data, size_t len,
                                           const galley_load_options_t *options,
                                           galley_article_t **out, galley_diags_t *diags);

void galley_article_destroy(galley_article_t *article);

/* Most positions one render looks up for late messages (later ones have
 * none): kept from when each lookup read the file again, so messages stay
 * as they were. */
#define GALLEY_ARTICLE_MAX_LOOKUPS 50

/* Sets *LINE and *COLUMN to where FIELD ("body[3]", "photos[0].caption",
 * "translations.ko.deck") sits in the article's file, recorded at load, so
 * later stages place their messages (text that cannot be drawn or does not
 * fit) as the loader does without reading the file again. A field the file
 * does not give has its enclosing value's place; 0 when none (no ARTICLE, no
 * FIELD, not a field path). *LOOKUPS (may be NULL) counts the lookups; past
 * GALLEY_ARTICLE_MAX_LOOKUPS the place is 0. */
void galley_article_field_position(const galley_article_t *article, const char *field, int *lookups,
                                   int *line, int *column);

#endif
