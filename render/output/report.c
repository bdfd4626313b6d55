/* report.c: the edition report (docs/edition.md): each page's articles, those
 * that start there and those that continue there from an earlier page. */
#include "report.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

/* One placed article as JSON. */
static json_t *article_json(const galley_edition_article_t *a)
{
    const galley_slot_t *s = &a->placement->slot;
    json_t *o = json_pack("{s:o,s:s,s:i,s:{s:i,s:i,s:i,s:i},s:i,s:f}", "article",
                          galley_json_file_name(a->placement->article), "field",
                          a->placement->field, "page", a->page, "slot", "column", s->column, "span",
                          s->span, "row", s->row, "rows", s->rows, "lines", a->lines,
                          "headline_size", round(a->headline_size * 100) / 100);
    if (o && a->jump_page)
        json_object_set_new(o, "jump_page", json_integer(a->jump_page));
    json_t *overset = o && a->overset_lines ? json_pack("{s:i,s:i}", "lines", a->overset_lines,
                                                        "words", a->overset_words)
                                            : NULL;
    if (overset && a->overset_page) /* the page whose slot carries the red mark */
        json_object_set_new(overset, "page", json_integer(a->overset_page));
    if (overset)
        json_object_set_new(o, "overset", overset);
    if (o && a->underset_lines)
        json_object_set_new(
            o, "underset",
            json_pack("{s:i,s:i}", "lines", a->underset_lines, "page", a->underset_page));
    return o;
}

/* The continuation of an article that jumped to page PAGE into its
 * `continue` slot PL: the article, the slot and the page it jumped from
 * ("continued_from"). Its lines, overset and underset stay on its entry on
 * the page it starts on. NULL when nothing of it jumped here (a warning
 * says why). */
static json_t *continuation_json(const galley_edition_result_t *result,
                                 const galley_placement_t *pl, int page)
{
    const galley_edition_article_t *from = NULL;
    for (size_t i = 0; i < result->n_placed && !from; i++)
        if (result->placed[i].jump_page == page &&
            !strcmp(result->placed[i].placement->article, pl->article))
            from = &result->placed[i];
    if (!from)
        return NULL;
    const galley_slot_t *s = &pl->slot;
    return json_pack("{s:o,s:s,s:i,s:{s:i,s:i,s:i,s:i},s:i}", "article",
                     galley_json_file_name(pl->article), "field", pl->field, "page", page, "slot",
                     "column", s->column, "span", s->span, "row", s->row, "rows", s->rows,
                     "continued_from", from->page);
}

/* The articles on page P of EDITION, in the order the page places them:
 * those that start there and those continued there. */
static json_t *page_articles_json(const galley_edition_t *edition,
                                  const galley_edition_result_t *result, size_t p)
{
    json_t *arts = json_array();
    const galley_edition_page_t *ep = &edition->pages[p];
    for (size_t k = 0; arts && k < ep->n_articles; k++) {
        const galley_placement_t *pl = &ep->articles[k];
        json_t *a = NULL;
        if (pl->is_continuation)
            a = continuation_json(result, pl, (int)p + 1);
        for (size_t i = 0; !pl->is_continuation && !a && i < result->n_placed; i++)
            if (result->placed[i].placement == pl)
                a = article_json(&result->placed[i]);
        if (a)
            json_array_append_new(arts, a);
    }
    return arts;
}

galley_status_t galley_output_report(const galley_edition_t *edition,
                                     const galley_edition_result_t *result, int threads,
                                     galley_diags_t *diags, const char *path,
                                     galley_outputs_t *outs)
{
    json_t *pages = json_array(), *warnings = json_array();
    for (size_t p = 0; p < edition->n_pages; p++) {
        json_t *arts = page_articles_json(edition, result, p);
        const char *section = edition->pages[p].section;
        json_array_append_new(pages, json_pack("{s:i,s:s?,s:o}", "page", (int)p + 1, "section",
                                               section, "articles", arts));
    }
    int overset = 0;
    for (size_t i = 0; i < result->n_placed; i++)
        overset += result->placed[i].overset_lines > 0;
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].severity == GALLEY_SEVERITY_WARNING)
            json_array_append_new(warnings, galley_json_file_name(diags->items[i].formatted));
    json_t *root = json_pack("{s:s,s:o,s:s,s:i,s:i,s:o,s:o}", "galley", GALLEY_VERSION, "edition",
                             galley_json_file_name(edition->path), "date", edition->date,
                             "pages_total", (int)edition->n_pages, "overset_articles", overset,
                             "pages", pages, "warnings", warnings);
    if (!root)
        return GALLEY_STATUS_NO_MEMORY;
    json_object_set_new(root, "timings",
                        json_pack("{s:f,s:f,s:i}", "compose_ms",
                                  round(result->compose_ms * 10) / 10, "output_ms",
                                  round(result->output_ms * 10) / 10, "threads", threads));
    return galley_output_json(root, path, outs, diags);
}
