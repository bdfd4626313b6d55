/* article_photos.c: an article's photos.
 *
 * Owns: "photos": each entry's file (found next to the article, inside
 * --root when given, opened, checked and decoded through photo.c), alt text,
 * focus, anchor (the body block it follows), caption and credit; a missing or damaged photo is an
 * error, or with
 * --placeholder a warning and no image. Also a translation's captions and
 * credits for the same photos.
 */
#include "article_private.h"
#include "input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const PHOTO_FIELDS[] = {"src",     "alt",    "focus", "anchor",
                                           "caption", "credit", NULL};
static const char *const PHOTO_TEXT_FIELDS[] = {"caption", "credit", NULL};
static const char *const FOCUS_FIELDS[] = {"x", "y", NULL};

/* ---- photos -------------------------------------------------------------- */

/* "focus": {x, y}, both in 0..1. */
static galley_status_t load_focus(const galley_json_node_t *item, galley_photo_t *p)
{
    galley_json_node_t n = galley_json_member(item, "focus");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    galley_json_check_fields(&n, FOCUS_FIELDS);
    galley_json_node_t x = galley_json_member(&n, "x"), y = galley_json_member(&n, "y");
    st = galley_article_keep(galley_json_number(&x, 1, &p->focus_x),
                             galley_json_number(&y, 1, &p->focus_y));
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    const galley_json_node_t *bad = p->focus_x < 0 || p->focus_x > 1   ? &x
                                    : p->focus_y < 0 || p->focus_y > 1 ? &y
                                                                       : NULL;
    if (bad)
        return galley_json_error(bad, GALLEY_STATUS_INPUT_ERROR,
                                 "must be between 0 and 1 (a fraction of the photo), found %g",
                                 json_number_value(bad->value));
    p->has_focus = 1;
    return st;
}

/* The article's folder with a trailing '/', or "" when the path has none. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    return strndup(path, n);
}

/* Checks "src" itself: a file name, not a web address, and with a root,
 * relative and without "..". Errors go to the article's diagnostics. */
static galley_status_t check_src(const galley_json_node_t *src_node,
                                 const galley_article_loader_t *ld, const char **out)
{
    const char *src = NULL;
    galley_status_t st = galley_json_string(src_node, 1, &src);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    if (!src[0])
        return galley_json_error(src_node, GALLEY_STATUS_INPUT_ERROR, "the photo file is empty");
    if (strstr(src, "://") && ld->opt->placeholder) { /* no file here: an FPO box */
        galley_json_warn(src_node,
                         "\"%s\" is a web address; a placeholder box is drawn instead "
                         "(--placeholder)",
                         src);
        *out = src;
        return GALLEY_STATUS_SUCCESS;
    }
    if (strstr(src, "://"))
        return galley_json_error(src_node, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\" is a web address; give the photo's file path", src);
    if (ld->root && src[0] == '/')
        return galley_json_error(src_node, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\" is an absolute path: with --root %s a photo is named "
                                 "relative to the article and must lie inside that folder",
                                 src, ld->opt->root);
    if (ld->root && galley_path_has_dot_dot(src))
        return galley_json_error(src_node, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\" has a '..' part: with --root %s a photo may not leave "
                                 "that folder",
                                 src, ld->opt->root);
    *out = src;
    return st;
}

/* Records an error about the photo at SRC_NODE into D (not the article's own
 * diagnostics: with --placeholder they may become warnings); forward_diags()
 * places it. */
static galley_status_t photo_error(const galley_json_node_t *src_node, galley_diags_t *d,
                                   galley_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static galley_status_t photo_error(const galley_json_node_t *src_node, galley_diags_t *d,
                                   galley_status_t status, const char *fmt, ...)
{
    char *field = galley_json_path(src_node);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    galley_status_t st = galley_diags_error(d, status, NULL, 0, 0, field, "%s", msg);
    free(field);
    return st;
}

/* The path of the photo file SRC, next to the article, in p->path. */
static galley_status_t find_photo(const galley_json_node_t *src_node, const char *src,
                                  const char *folder, galley_photo_t *p, galley_diags_t *d)
{
    size_t n = strlen(folder) + strlen(src) + 1;
    p->path = malloc(n);
    if (!p->path)
        return photo_error(src_node, d, GALLEY_STATUS_NO_MEMORY, "out of memory");
    snprintf(p->path, n, "%s%s", src[0] == '/' ? "" : folder, src);
    return GALLEY_STATUS_SUCCESS;
}

/* Reads and checks the photo through photo.c, which opens it once and
 * checks what it opened (photo_file.h: its kind, size, and with a root, that
 * it lies inside; p->path then becomes its real path) and reports into D. A
 * photo outside the root sets *ESCAPED. */
static galley_status_t decode_photo(const galley_json_node_t *src_node,
                                    const galley_article_loader_t *ld, galley_photo_t *p,
                                    galley_diags_t *d, int *escaped)
{
    char *field = galley_json_path(src_node);
    if (!field)
        return photo_error(src_node, d, GALLEY_STATUS_NO_MEMORY, "out of memory");
    const galley_limits_t *lim = &ld->opt->limits;
    galley_image_rules_t rules = {field, lim->max_image_mpixels, lim->max_photo_mb, ld->root,
                                  ld->opt->root};
    galley_status_t st = galley_image_load(p->path, &rules, ld->checks, &p->image, escaped, d);
    free(field);
    char *real = p->image ? strdup(p->image->path) : NULL;
    if (real) {
        free(p->path);
        p->path = real;
    }
    return st;
}

/* Moves the records of FROM into the article's diagnostics, placed at
 * SRC_NODE (photo.c names the photo file, and the message keeps its path);
 * with DOWNGRADE the errors become warnings saying a placeholder stands in. */
static void forward_diags(const galley_diags_t *from, const galley_json_node_t *src_node,
                          int downgrade)
{
    galley_diags_t *to = src_node->doc->diags;
    int line = 0, col = 0, placed = 0;
    const char *file = src_node->doc->file;
    for (size_t i = 0; i < from->count; i++) {
        const galley_diag_t *r = &from->items[i];
        int warn = r->severity == GALLEY_SEVERITY_WARNING || downgrade;
        if (!galley_json_may_report(src_node->doc,
                                    warn ? GALLEY_SEVERITY_WARNING : GALLEY_SEVERITY_ERROR,
                                    from->status))
            continue;
        if (!placed++)
            galley_json_position(src_node, &line, &col);
        if (r->severity == GALLEY_SEVERITY_WARNING)
            galley_diags_warn(to, file, line, col, r->field, "%s", r->message);
        else if (downgrade)
            galley_diags_warn(to, file, line, col, r->field,
                              "%s; a placeholder box is drawn instead (--placeholder)", r->message);
        else
            galley_diags_error(to, from->status, file, line, col, r->field, "%s", r->message);
    }
}

/* Finds and decodes the photo of SRC_NODE. A missing or damaged photo is an
 * error, or with --placeholder a warning that leaves p->image NULL. */
static galley_status_t load_photo_file(const galley_json_node_t *src_node, const char *folder,
                                       const galley_article_loader_t *ld, galley_photo_t *p)
{
    const char *src = NULL;
    galley_status_t st = check_src(src_node, ld, &src);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    p->src = strdup(src);
    if (!p->src)
        return galley_article_no_memory(src_node);
    if (strstr(src, "://")) /* a web address with --placeholder: no image */
        return (p->path = strdup(src)) ? GALLEY_STATUS_SUCCESS : galley_article_no_memory(src_node);
    galley_diags_t d;
    galley_diags_init(&d);
    int escaped = 0;
    st = find_photo(src_node, src, folder, p, &d);
    if (st == GALLEY_STATUS_SUCCESS)
        st = decode_photo(src_node, ld, p, &d, &escaped);
    int downgrade = st == GALLEY_STATUS_INPUT_ERROR && ld->opt->placeholder && !escaped;
    forward_diags(&d, src_node, downgrade);
    galley_diags_fini(&d);
    return downgrade ? GALLEY_STATUS_SUCCESS : st;
}

/* One entry of "photos": the file, its alt text and focus, and the article's
 * caption and credit for it. */
static galley_status_t load_photo(const galley_json_node_t *item, const char *folder,
                                  const galley_article_loader_t *ld, galley_article_t *a, size_t i)
{
    galley_photo_t *p = &a->photos[i];
    p->anchor = -1;
    p->field = galley_json_path(item);
    if (!p->field)
        return galley_article_no_memory(item);
    galley_status_t st = galley_json_object(item, 1);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    galley_json_check_fields(item, PHOTO_FIELDS);
    galley_json_node_t src = galley_json_member(item, "src");
    galley_json_node_t alt = galley_json_member(item, "alt");
    galley_json_node_t caption = galley_json_member(item, "caption");
    galley_json_node_t credit = galley_json_member(item, "credit");
    st = galley_article_plain(&alt, 1, &p->alt);
    st = galley_article_keep(st, load_focus(item, p));
    st = galley_article_keep(st, galley_article_text(&caption, 1, &a->main.captions[i]));
    st = galley_article_keep(st, galley_article_text(&credit, 0, &a->main.credits[i]));
    return galley_article_keep(st, load_photo_file(&src, folder, ld, p));
}

/* "photos": a list of photos; captions and credits go to the main text. */
galley_status_t galley_article_load_photos(const galley_json_node_t *root,
                                           const galley_article_loader_t *ld, galley_article_t *a)
{
    galley_json_node_t n = galley_json_member(root, "photos");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    if (st != GALLEY_STATUS_SUCCESS || count == 0)
        return st;
    if (count > GALLEY_MAX_PHOTOS)
        return galley_json_error(&n, GALLEY_STATUS_LIMIT_ERROR,
                                 "the article has %zu photos, over the limit of %d (a fixed "
                                 "limit: every photo is decoded whole)",
                                 count, GALLEY_MAX_PHOTOS);
    a->photos = galley_article_alloc(count, sizeof *a->photos, &st, &n);
    a->main.captions = galley_article_alloc(count, sizeof(galley_text_t), &st, &n);
    a->main.credits = galley_article_alloc(count, sizeof(galley_text_t), &st, &n);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    a->n_photos = count;
    char *folder = folder_of(a->path);
    if (!folder)
        return galley_article_no_memory(&n);
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        st = galley_article_keep(st, load_photo(&item, folder, ld, a, i));
    }
    free(folder);
    return st;
}

/* "anchor" of each photo: a whole number naming a body block (0 to n_body - 1). */
galley_status_t galley_article_check_anchors(const galley_json_node_t *root, galley_article_t *a)
{
    galley_json_node_t n = galley_json_member(root, "photos");
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; i < a->n_photos; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        galley_json_node_t anchor = galley_json_member(&item, "anchor");
        int v = -1;
        galley_status_t ok = galley_json_int(&anchor, 0, &v);
        if (ok == GALLEY_STATUS_SUCCESS && galley_json_present(&anchor) &&
            (v < 0 || (size_t)v >= a->main.n_body))
            ok = galley_json_error(&anchor, GALLEY_STATUS_INPUT_ERROR,
                                   "%d names no body block: the body has %zu block%s (body[0] "
                                   "to body[%zu]); the photo goes after the block it names",
                                   v, a->main.n_body, a->main.n_body == 1 ? "" : "s",
                                   a->main.n_body ? a->main.n_body - 1 : 0);
        else if (ok == GALLEY_STATUS_SUCCESS && galley_json_present(&anchor) && i == 0)
            galley_json_warn(&anchor, "photos[0] is the lead photo, set at the top of the "
                                      "article: its anchor is not used");
        if (ok == GALLEY_STATUS_SUCCESS)
            a->photos[i].anchor = v;
        st = galley_article_keep(st, ok);
    }
    return st;
}

size_t galley_article_photo_after(const galley_article_t *a, size_t k)
{
    if (a->photos[k].anchor >= 0)
        return (size_t)a->photos[k].anchor;
    return a->n_photos ? k * a->main.n_body / a->n_photos : 0;
}

/* A translation's "photos": captions and credits parallel to the article's photos. */
galley_status_t galley_article_load_photo_texts(const galley_json_node_t *parent, size_t n_photos,
                                                galley_article_text_t *t)
{
    galley_json_node_t n = galley_json_member(parent, "photos");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    t->captions = galley_article_alloc(n_photos, sizeof *t->captions, &st, &n);
    t->credits = galley_article_alloc(n_photos, sizeof *t->credits, &st, &n);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    if (count > n_photos)
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "has %zu entr%s but the article has %zu photo%s", count,
                                 count == 1 ? "y" : "ies", n_photos, n_photos == 1 ? "" : "s");
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        galley_status_t ok = galley_json_object(&item, 0);
        st = galley_article_keep(st, ok);
        if (ok != GALLEY_STATUS_SUCCESS || !galley_json_present(&item))
            continue;
        galley_json_check_fields(&item, PHOTO_TEXT_FIELDS);
        galley_json_node_t caption = galley_json_member(&item, "caption");
        galley_json_node_t credit = galley_json_member(&item, "credit");
        st = galley_article_keep(st, galley_article_text(&caption, 1, &t->captions[i]));
        st = galley_article_keep(st, galley_article_text(&credit, 0, &t->credits[i]));
    }
    return st;
}
