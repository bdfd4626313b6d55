/* edition.c: loading and checking an edition file (docs/edition.md), and
 * loading the articles it places, before anything is composed. */
#include "edition.h"
#include "article.h"
#include "input.h"
#include "json.h"
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const EDITION_FIELDS[] = {"paper",  "edition", "price", "date", "lang",
                                             "layout", "rows",    "pages", NULL};
static const char *const PAGE_FIELDS[] = {"section", "nameplate", "articles", "fill", NULL};
static const char *const PLACEMENT_FIELDS[] = {"article", "continue", "column", "span",
                                               "row",     "rows",     "jump",   NULL};

/* Keeps the first error of steps that all run. */
static galley_status_t keep(galley_status_t acc, galley_status_t st)
{
    return acc ? acc : st;
}

/* A copy of the string member KEY of N (NULL when absent). */
static galley_status_t get_string(const galley_json_node_t *n, const char *key, int required,
                                  char **out)
{
    galley_json_node_t m = galley_json_member(n, key);
    const char *s = NULL;
    galley_status_t st = galley_json_string(&m, required, &s);
    if (!st && s && !(*out = strdup(s)))
        return galley_json_error(&m, GALLEY_STATUS_NO_MEMORY, "out of memory");
    return st;
}

/* A whole number member KEY of N from LO to HI into *OUT. */
static galley_status_t get_int(const galley_json_node_t *n, const char *key, int required, int lo,
                               int hi, int *out)
{
    galley_json_node_t m = galley_json_member(n, key);
    int v = *out;
    galley_status_t st = galley_json_int(&m, required, &v);
    if (st || !galley_json_present(&m))
        return st;
    if (v < lo || v > hi)
        return galley_json_error(&m, GALLEY_STATUS_INPUT_ERROR,
                                 "must be a whole number from %d to %d, found %d", lo, hi, v);
    *out = v;
    return st;
}

/* With --root (ROOT), an article an edition names must be relative and
 * without "..": the edition may come from others, like an article's photos
 * and layout (its real location is checked when it is opened). */
static galley_status_t check_article_path(const galley_json_node_t *n, const char *s,
                                          const char *root)
{
    if (!root || !s || (s[0] != '/' && !galley_path_has_dot_dot(s)))
        return GALLEY_STATUS_SUCCESS;
    return galley_json_error(n, GALLEY_STATUS_INPUT_ERROR,
                             "\"%s\" %s: with --root %s an article must lie inside that folder, "
                             "named relative to the edition",
                             s, s[0] == '/' ? "is an absolute path" : "has a '..' part", root);
}

/* One article on a page: a path (filled pages), or {article|continue, slot, jump}. */
static galley_status_t load_placement(const galley_json_node_t *n, const char *file, int fill,
                                      int rows, int pages, const char *root, galley_placement_t *p)
{
    char *path = galley_json_path(n);
    p->field = path;
    if (!path)
        return galley_json_error(n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    const char *s = NULL;
    galley_json_node_t at = *n; /* the node holding the article's path */
    galley_status_t st;
    if (json_is_string(n->value)) {
        st = galley_json_string(n, 1, &s);
        if (!fill)
            return galley_json_error(n, GALLEY_STATUS_INPUT_ERROR,
                                     "an article on a page with slots needs its slot: "
                                     "{\"article\": ..., \"column\": ..., \"span\": ..., "
                                     "\"row\": ..., \"rows\": ...}");
    } else {
        st = galley_json_object(n, 1);
        if (st)
            return st;
        galley_json_check_fields(n, PLACEMENT_FIELDS);
        galley_json_node_t a = galley_json_member(n, "article");
        galley_json_node_t c = galley_json_member(n, "continue");
        p->is_continuation = galley_json_present(&c);
        at = p->is_continuation ? c : a;
        st = galley_json_string(&at, 1, &s);
        p->slot = (galley_slot_t){0, 1, 0, 1};
        st = keep(st, get_int(n, "column", !fill, 0, 19, &p->slot.column));
        st = keep(st, get_int(n, "span", !fill, 1, 20, &p->slot.span));
        st = keep(st, get_int(n, "row", !fill, 0, rows - 1, &p->slot.row));
        st = keep(st, get_int(n, "rows", !fill, 1, rows, &p->slot.rows));
        st = keep(st, get_int(n, "jump", 0, 1, pages, &p->jump));
        if (!st && p->slot.row + p->slot.rows > rows)
            st = galley_json_error(n, GALLEY_STATUS_INPUT_ERROR,
                                   "rows %d to %d run past the page grid's %d rows",
                                   p->slot.row + 1, p->slot.row + p->slot.rows, rows);
    }
    if (!st)
        st = check_article_path(&at, s, root);
    if (!st && s && !(p->article = galley_path_beside(file, s)))
        st = galley_json_error(n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    return st;
}

/* True when slots A and B share a cell of the page grid. */
static int slots_overlap(galley_slot_t a, galley_slot_t b)
{
    return a.column < b.column + b.span && b.column < a.column + a.span && a.row < b.row + b.rows &&
           b.row < a.row + a.rows;
}

/* One page: section, nameplate, and its articles (slots, or filled). */
static galley_status_t load_page(const galley_json_node_t *n, const char *file, int rows, int pages,
                                 const char *root, galley_edition_page_t *pg)
{
    galley_status_t st = galley_json_object(n, 1);
    if (st)
        return st;
    galley_json_check_fields(n, PAGE_FIELDS);
    galley_json_node_t np = galley_json_member(n, "nameplate");
    galley_json_node_t fill = galley_json_member(n, "fill");
    st = get_string(n, "section", 0, &pg->section);
    st = keep(st, galley_json_bool(&np, 0, &pg->nameplate));
    st = keep(st, galley_json_bool(&fill, 0, &pg->fill));
    galley_json_node_t arts = galley_json_member(n, "articles");
    size_t count = 0;
    st = keep(st, galley_json_array(&arts, 1, &count));
    if (st)
        return st;
    pg->articles = calloc(count + 1, sizeof *pg->articles);
    if (!pg->articles)
        return galley_json_error(n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&arts, i);
        pg->n_articles++;
        st = keep(st, load_placement(&item, file, pg->fill, rows, pages, root, &pg->articles[i]));
        for (size_t j = 0; !st && !pg->fill && j < i; j++)
            if (slots_overlap(pg->articles[i].slot, pg->articles[j].slot))
                st = galley_json_error(&item, GALLEY_STATUS_INPUT_ERROR,
                                       "its slot overlaps the slot of %s", pg->articles[j].field);
    }
    return st;
}

/* Checks every jump: to a later page that continues the same article. */
static galley_status_t check_jumps(const galley_edition_t *e, galley_diags_t *diags)
{
    for (size_t p = 0; p < e->n_pages; p++)
        for (size_t i = 0; i < e->pages[p].n_articles; i++) {
            const galley_placement_t *a = &e->pages[p].articles[i];
            if (!a->jump)
                continue;
            int found = 0;
            if ((size_t)a->jump > p + 1 && (size_t)a->jump <= e->n_pages) {
                const galley_edition_page_t *to = &e->pages[a->jump - 1];
                for (size_t k = 0; k < to->n_articles; k++)
                    found |= to->articles[k].is_continuation &&
                             !strcmp(to->articles[k].article, a->article);
            }
            if (!found)
                return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, e->path, 0, 0, a->field,
                                          "jumps to page %d, which has no {\"continue\": \"%s\"} "
                                          "slot (a jump goes to a later page)",
                                          a->jump, a->article);
        }
    return GALLEY_STATUS_SUCCESS;
}

/* Reads "date" (YYYY-MM-DD) into E. */
static galley_status_t load_date(const galley_json_node_t *root, galley_edition_t *e)
{
    galley_json_node_t n = galley_json_member(root, "date");
    galley_status_t st = get_string(root, "date", 1, &e->date);
    if (st)
        return st;
    if (sscanf(e->date, "%4d-%2d-%2d", &e->year, &e->month, &e->day) != 3 || e->month < 1 ||
        e->month > 12 || e->day < 1 || e->day > 31)
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "expected a date like \"2025-06-11\", found \"%s\"", e->date);
    return st;
}

/* Reads "layout": a name from layouts/, or a file beside the edition; with
 * --root (OPT) relative and without "..", like an article's. */
static galley_status_t load_layout_name(const galley_json_node_t *root,
                                        const galley_load_options_t *opt, galley_edition_t *e)
{
    galley_json_node_t n = galley_json_member(root, "layout");
    char *layout = NULL;
    galley_status_t st = get_string(root, "layout", 0, &layout);
    if (!st && layout && opt && opt->root && galley_layout_is_path(layout) &&
        (layout[0] == '/' || galley_path_has_dot_dot(layout)))
        st = galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                               "\"%s\" %s: with --root %s a layout is a name from layouts/ or a "
                               "file inside that folder, named relative to the edition",
                               layout, layout[0] == '/' ? "is an absolute path" : "has a '..' part",
                               opt->root);
    if (!st && layout && !(e->layout = galley_layout_reference(e->path, layout)))
        st = galley_json_error(&n, GALLEY_STATUS_NO_MEMORY, "out of memory");
    free(layout);
    return st;
}

/* Loads every part of the edition from the root object, within OPT's page
 * limit. */
static galley_status_t load_root(const galley_json_node_t *root, const galley_load_options_t *opt,
                                 galley_edition_t *e)
{
    galley_status_t st = galley_json_object(root, 1);
    if (st)
        return st;
    galley_json_check_fields(root, EDITION_FIELDS);
    e->rows = 8;
    st = get_string(root, "paper", 1, &e->paper);
    st = keep(st, get_string(root, "edition", 0, &e->edition));
    st = keep(st, get_string(root, "price", 0, &e->price));
    st = keep(st, load_date(root, e));
    st = keep(st, galley_article_load_lang(root, &e->lang));
    st = keep(st, get_int(root, "rows", 0, 1, 100, &e->rows));
    st = keep(st, load_layout_name(root, opt, e));
    galley_json_node_t pages = galley_json_member(root, "pages");
    size_t count = 0;
    st = keep(st, galley_json_array(&pages, 1, &count));
    if (st)
        return st;
    if (count == 0)
        return galley_json_error(&pages, GALLEY_STATUS_INPUT_ERROR, "an edition needs pages");
    int max_pages =
        opt && opt->limits.max_pages > 0 ? opt->limits.max_pages : GALLEY_DEFAULT_MAX_PAGES;
    if (count > (size_t)max_pages) /* before a page is made */
        return galley_json_error(&pages, GALLEY_STATUS_LIMIT_ERROR,
                                 "the edition has %zu pages, over the page limit of %d "
                                 "(--max-pages raises it)",
                                 count, max_pages);
    e->pages = calloc(count, sizeof *e->pages);
    if (!e->pages)
        return galley_json_error(root, GALLEY_STATUS_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&pages, i);
        e->n_pages++;
        st = keep(st, load_page(&item, e->path, e->rows, (int)count, opt ? opt->root : NULL,
                                &e->pages[i]));
    }
    return st;
}

galley_status_t galley_edition_load(const char *path, const galley_load_options_t *options,
                                    galley_edition_t **out, galley_diags_t *diags)
{
    *out = NULL;
    galley_edition_t *e = calloc(1, sizeof *e);
    if (!e || !(e->path = strdup(path))) {
        galley_edition_destroy(e);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, NULL,
                                  "out of memory");
    }
    galley_json_limits_t limits = {options ? options->limits.max_input_mb : 0,
                                   options ? options->limits.max_depth : 0};
    galley_json_doc_t doc;
    galley_status_t st = galley_json_doc_load(&doc, path, &limits, diags);
    if (!st) {
        galley_json_node_t root = galley_json_root(&doc);
        st = load_root(&root, options, e);
        /* Where the furniture's fields sit, for the composer's messages. */
        static const char *const FURNITURE[] = {"", "paper", "edition", "folio", NULL};
        if (!st)
            st = galley_json_positions_record(&e->positions, &doc, FURNITURE);
    }
    galley_json_doc_fini(&doc); /* also after a failed load: it owns what it read */
    if (!st)
        st = check_jumps(e, diags);
    if (st) {
        galley_edition_destroy(e);
        return st;
    }
    *out = e;
    return st;
}

void galley_edition_destroy(galley_edition_t *e)
{
    if (!e)
        return;
    for (size_t p = 0; p < e->n_pages; p++) {
        for (size_t i = 0; i < e->pages[p].n_articles; i++) {
            free(e->pages[p].articles[i].article);
            free(e->pages[p].articles[i].field);
        }
        free(e->pages[p].articles);
        free(e->pages[p].section);
    }
    free(e->pages);
    free(e->path);
    free(e->paper);
    free(e->lang);
    free(e->edition);
    free(e->price);
    free(e->date);
    free(e->layout);
    galley_json_positions_destroy(e->positions);
    free(e);
}

int galley_file_is_edition(const char *path, const galley_limits_t *limits)
{
    /* Read like any input: opened safely and its size checked first, the
     * messages dropped (the loader that follows gives them). */
    galley_diags_t quiet;
    galley_diags_init(&quiet);
    galley_json_limits_t jl = {limits ? limits->max_input_mb : 0, limits ? limits->max_depth : 0};
    galley_json_doc_t doc;
    int yes = 0;
    if (!galley_json_doc_load(&doc, path, &jl, &quiet)) {
        json_t *root = doc.root;
        yes = json_is_object(root) && json_object_get(root, "paper") &&
              json_is_array(json_object_get(root, "pages"));
    }
    galley_json_doc_fini(&doc);
    galley_diags_fini(&quiet);
    return yes;
}

/* A placement and its place in the edition's order. */
typedef struct {
    const galley_placement_t *pl;
    size_t order;
} ordered_t;

/* Orders placements by article path, then by their place in the edition. */
static int cmp_by_path(const void *a, const void *b)
{
    const ordered_t *x = a, *y = b;
    int c = strcmp(x->pl->article, y->pl->article);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Orders placements by their place in the edition. */
static int cmp_by_order(const void *a, const void *b)
{
    const ordered_t *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

/* Each article's first placement (continuations aside), in the edition's
 * order: *N of them, newly allocated in *OUT. O(n log n) in placements. */
static galley_status_t first_placements(const galley_edition_t *e, ordered_t **out, size_t *n)
{
    size_t total = 0, k = 0, u = 0;
    for (size_t p = 0; p < e->n_pages; p++)
        total += e->pages[p].n_articles;
    ordered_t *v = malloc((total + 1) * sizeof *v);
    if (!v)
        return GALLEY_STATUS_NO_MEMORY;
    for (size_t p = 0; p < e->n_pages; p++)
        for (size_t i = 0; i < e->pages[p].n_articles; i++, k++)
            v[k] = (ordered_t){&e->pages[p].articles[i], k};
    qsort(v, k, sizeof *v, cmp_by_path);
    for (size_t i = 0; i < k; i++) /* the first placement of each path that is not a "continue" */
        if (!v[i].pl->is_continuation && (!u || strcmp(v[u - 1].pl->article, v[i].pl->article)))
            v[u++] = v[i];
    qsort(v, u, sizeof *v, cmp_by_order);
    *out = v;
    *n = u;
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_edition_load_articles(const galley_edition_t *e,
                                             const galley_load_options_t *options,
                                             galley_photo_checks_t *checks,
                                             galley_article_t ***articles, size_t *n_articles,
                                             galley_diags_t *diags)
{
    ordered_t *firsts = NULL;
    size_t n = 0;
    *articles = NULL;
    *n_articles = 0;
    galley_status_t first = first_placements(e, &firsts, &n);
    if (!first && !(*articles = calloc(n + 1, sizeof **articles)))
        first = GALLEY_STATUS_NO_MEMORY;
    for (size_t i = 0; *articles && i < n && first != GALLEY_STATUS_NO_MEMORY; i++) {
        galley_article_t *a = NULL;
        galley_status_t st =
            galley_article_load_inside(firsts[i].pl->article, options, checks, &a, diags);
        if (!st)
            (*articles)[(*n_articles)++] = a;
        first = first ? first : st;
    }
    free(firsts);
    return first;
}
