/* compose_edition.c: the pages of an edition.
 *
 * Owns the edition composer: an edition's page furniture (the nameplate on
 * page one, running heads and folios on every page, rules between articles
 * filled down a page), loading its articles, and setting each page's
 * articles into their slots (edition_article.c, edition_slot.c), then the
 * messages of what was overset or underset, for the report. The furniture
 * is set in the edition's language, English, and its date written out by
 * that language's module (lang/english.c).
 */
#include "compose_edition.h"
#include "edition_article.h"
#include "edition_copyfit.h"
#include "edition_slot.h"
#include "frame.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The nameplate across the top of page one: the paper's name, then the date,
 * edition and price between rules. *Y ends below it. */
static galley_status_t nameplate(galley_edition_composer_t *ed, galley_page_t *page, double *y)
{
    galley_composer_t *c = &ed->furniture;
    galley_rect_t content = galley_frame_content(ed->l, page->number);
    galley_style_t big = ed->l->styles[GALLEY_STYLE_HEADLINE];
    big.size *= 1.5;
    big.leading = big.size * 1.05;
    big.align = GALLEY_ALIGN_CENTER;
    big.linebreak.balance = 0;
    galley_style_t line = ed->l->styles[GALLEY_STYLE_FOLIO];
    line.align = GALLEY_ALIGN_CENTER;
    c->override[GALLEY_STYLE_HEADLINE] = &big;
    c->override[GALLEY_STYLE_FOLIO] = &line;
    galley_text_t paper = galley_plain_text(ed->e->paper);
    galley_status_t st =
        galley_composer_band_text(c, page, &paper, GALLEY_STYLE_HEADLINE, ed->words->code,
                                  content.x, content.width, y, "paper");
    const char *info =
        galley_document_strdup(ed->doc, "%s%s%s%s%s", ed->date, ed->e->edition ? "   ·   " : "",
                               ed->e->edition ? ed->e->edition : "", ed->e->price ? "   ·   " : "",
                               ed->e->price ? ed->e->price : "");
    if (!st && !info)
        st = GALLEY_STATUS_NO_MEMORY;
    *y += 3;
    if (!st)
        st = galley_composer_band_rule(page, content.x, content.width, y, 0.75, "paper");
    *y += 2;
    galley_text_t it = galley_plain_text(info);
    if (!st)
        st = galley_composer_band_text(c, page, &it, GALLEY_STYLE_FOLIO, ed->words->code, content.x,
                                       content.width, y, "edition");
    *y += 2;
    if (!st)
        st = galley_composer_band_rule(page, content.x, content.width, y, 1.5, "paper");
    *y += ed->l->grid;
    c->override[GALLEY_STYLE_HEADLINE] = c->override[GALLEY_STYLE_FOLIO] = NULL;
    return st;
}

/* The running head of a later page: paper, section and date, over a rule. */
static galley_status_t running_head(galley_edition_composer_t *ed, galley_page_t *page,
                                    const galley_edition_page_t *ep, double *y)
{
    galley_rect_t content = galley_frame_content(ed->l, page->number);
    const char *head = galley_document_strdup(ed->doc, "%s   ·   %s   ·   %s", ed->e->paper,
                                              ep->section ? ep->section : "", ed->date);
    if (!head)
        return GALLEY_STATUS_NO_MEMORY;
    galley_text_t t = galley_plain_text(head);
    galley_status_t st =
        galley_composer_band_text(&ed->furniture, page, &t, GALLEY_STYLE_FOLIO, ed->words->code,
                                  content.x, content.width, y, "running head");
    *y += 2;
    if (!st)
        st = galley_composer_band_rule(page, content.x, content.width, y, 0.75, "running head");
    *y += ed->l->grid;
    return st;
}

/* The folio: page number, the edition's date, the page's section (else the
 * paper's name). */
static galley_status_t folio(galley_edition_composer_t *ed, galley_page_t *page,
                             const galley_edition_page_t *ep)
{
    return galley_composer_folio(&ed->furniture, page, ed->date,
                                 ep->section    ? ep->section
                                 : ed->e->paper ? ed->e->paper
                                                : "",
                                 ed->words->code);
}

/* Orders loaded articles by path. */
static int cmp_article(const void *a, const void *b)
{
    return strcmp((*(const galley_article_t *const *)a)->path,
                  (*(const galley_article_t *const *)b)->path);
}

/* The loaded article a placement names (the model loaded each once),
 * found in ED->by_path; NULL when it failed to load. */
static const galley_article_t *find_article(const galley_edition_composer_t *ed,
                                            const galley_placement_t *pl)
{
    size_t lo = 0, hi = ed->n_articles;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ed->by_path[mid]->path, pl->article);
        if (!c)
            return ed->by_path[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Indexes the loaded articles by path in ED->by_path, for find_article. */
static galley_status_t index_articles(galley_edition_composer_t *ed)
{
    if (!(ed->by_path = malloc((ed->n_articles + 1) * sizeof *ed->by_path)))
        return GALLEY_STATUS_NO_MEMORY;
    memcpy(ed->by_path, ed->articles, ed->n_articles * sizeof *ed->by_path);
    qsort(ed->by_path, ed->n_articles, sizeof *ed->by_path, cmp_article);
    return GALLEY_STATUS_SUCCESS;
}

/* A report entry for placement PL on page NUMBER. */
static galley_edition_article_t *report_add(galley_edition_composer_t *ed, int number,
                                            const galley_placement_t *pl)
{
    galley_edition_result_t *res = ed->result;
    galley_edition_article_t *v = realloc(res->placed, (res->n_placed + 1) * sizeof *v);
    if (!v)
        return NULL;
    res->placed = v;
    galley_edition_article_t *r = &v[res->n_placed++];
    memset(r, 0, sizeof *r);
    r->page = number;
    r->placement = pl;
    return r;
}

/* Sets page INDEX: furniture, then each article in its slot (or filled down
 * the page in order) under its headline style in HEADS. */
static galley_status_t edition_page_set(galley_edition_composer_t *ed, size_t index,
                                        const galley_style_t *heads)
{
    const galley_edition_page_t *ep = &ed->e->pages[index];
    galley_page_t *page;
    galley_status_t st = galley_composer_page_start(&ed->furniture, (int)index + 1, &page);
    if (st)
        return st;
    galley_rect_t content = galley_frame_content(ed->l, page->number);
    double top = content.y, bottom = content.y + content.height;
    st = ep->nameplate ? nameplate(ed, page, &top) : running_head(ed, page, ep, &top);
    top = galley_grid_snap(page->grid_origin, page->grid_pitch, top);
    for (size_t i = 0; !st && i < ep->n_articles; i++) {
        page = &ed->doc->pages[index];
        const galley_placement_t *pl = &ep->articles[i];
        galley_slot_t slot =
            ep->fill ? (galley_slot_t){0, ed->l->columns, 0, ed->e->rows} : pl->slot;
        if (!ep->fill && slot.column + slot.span > ed->l->columns)
            return galley_diags_error(ed->diags, GALLEY_STATUS_INPUT_ERROR, ed->e->path, 0, 0,
                                      pl->field, "columns %d to %d run past the layout's %d",
                                      slot.column + 1, slot.column + slot.span, ed->l->columns);
        galley_rect_t r = galley_slot_rect(ed->l, ed->e->rows, page->number, slot, top, bottom);
        if (ep->fill) /* filled down the page: from below the last article to the foot */
            r = galley_frame_columns(ed->l, content, 0, ed->l->columns, top, bottom);
        size_t first_box = page->n_boxes;
        galley_edition_article_t *rep = NULL; /* the article, when it ends in this slot */
        if (pl->is_continuation) {
            st = galley_edition_place_continuation(
                ed, page, pl, slot, r, ep->fill ? GALLEY_FLOW_BALANCE : GALLEY_FLOW_FILL, &rep);
        } else {
            const galley_article_t *a = NULL;
            size_t at = ed->result->n_placed;
            rep = report_add(ed, page->number, pl);
            a = find_article(ed, pl);
            st = rep && a
                     ? galley_edition_place_article(ed, index, page, pl, slot, a, r, &heads[i], rep)
                     : GALLEY_STATUS_NO_MEMORY;
            rep = !st && !ed->result->placed[at].jump_page ? &ed->result->placed[at] : NULL;
        }
        page = &ed->doc->pages[index];
        if (!st && rep && !ep->fill)
            galley_slot_note_underset(ed->l, page, first_box, r, rep);
        for (size_t b = first_box; b < page->n_boxes; b++) /* whose boxes these are */
            page->boxes[b].article = pl->article;
        if (!st && !ep->fill)
            st = galley_slot_rules(ed->l, page, r, pl);
        if (!st && ep->fill && page->n_boxes) { /* the next starts below this one */
            double used = top;
            for (size_t b = 0; b < page->n_boxes; b++)
                if (page->boxes[b].rect.y >= top - 1e-6)
                    used = fmax(used, page->boxes[b].rect.y + page->boxes[b].rect.height);
            top = galley_grid_snap(page->grid_origin, page->grid_pitch, used + ed->l->grid);
            if (i + 1 < ep->n_articles && top < bottom)
                st = galley_slot_hairline(
                    page,
                    (galley_rect_t){content.x, top - ed->l->grid / 2 - 0.25, content.width, 0.5},
                    pl->field);
        }
    }
    if (!st)
        st = folio(ed, &ed->doc->pages[index], ep);
    return st;
}

/* The headline styles of page INDEX's placements, ranked and copyfitted
 * (edition_copyfit.c), into *HEADS (allocated, one per placement). */
static galley_status_t page_headlines(galley_edition_composer_t *ed, size_t index,
                                      galley_style_t **heads)
{
    const galley_edition_page_t *ep = &ed->e->pages[index];
    const galley_article_t **arts = calloc(ep->n_articles + 1, sizeof *arts);
    *heads = calloc(ep->n_articles + 1, sizeof **heads);
    galley_status_t st = arts && *heads ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
    for (size_t i = 0; !st && i < ep->n_articles; i++)
        arts[i] = ep->articles[i].is_continuation ? NULL : find_article(ed, &ep->articles[i]);
    if (!st)
        st = galley_edition_headlines(ed, index, arts, *heads);
    free(arts);
    return st;
}

/* Sets one page: its headlines ranked first, then the page. */
static galley_status_t edition_page(galley_edition_composer_t *ed, size_t index)
{
    galley_style_t *heads = NULL;
    galley_status_t st = page_headlines(ed, index, &heads);
    if (!st)
        st = edition_page_set(ed, index, heads);
    free(heads);
    return st;
}

galley_status_t galley_compose_edition(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                                       const galley_edition_t *edition,
                                       galley_article_t *const *articles, size_t n_articles,
                                       const galley_layout_t *layout,
                                       const galley_edition_compose_options_t *opt,
                                       galley_document_t *doc, galley_edition_result_t *result,
                                       galley_diags_t *diags)
{
    galley_document_begin(doc, layout, edition->path, edition->year, edition->month, edition->day);
    galley_edition_composer_t ed = {.fonts = fonts,
                                    .hyphen = hyphen,
                                    .e = edition,
                                    .l = layout,
                                    .opt = opt,
                                    .doc = doc,
                                    .diags = diags,
                                    .result = result,
                                    .articles = articles,
                                    .n_articles = n_articles,
                                    .words = galley_lang_words(edition->lang)};
    galley_article_t blank = {0};
    blank.path = edition->path;
    blank.positions = edition->positions;
    blank.main.lang = (char *)ed.words->code; /* borrowed: blank is never destroyed */
    galley_composer_flow_bound(&ed.room, layout, opt->max_pages);
    ed.furniture = galley_edition_composer_for(&ed, &blank, NULL);
    galley_lang_format_date(ed.words, edition->year, edition->month, edition->day, ed.date,
                            sizeof ed.date);
    doc->title = edition->paper;
    doc->keywords = "edition";
    doc->lang = ed.words->code;
    /* Every page's room at once: a page never moves once set, so it can be
     * drawn (galley.c, -j) while the next ones are. */
    doc->pages = calloc(edition->n_pages ? edition->n_pages : 1, sizeof *doc->pages);
    if (!doc->pages)
        return GALLEY_STATUS_NO_MEMORY;
    doc->cap_pages = edition->n_pages ? edition->n_pages : 1;
    galley_status_t st = index_articles(&ed);
    for (size_t i = 0; !st && i < edition->n_pages; i++) {
        st = edition_page(&ed, i);
        if (opt->progress)
            opt->progress((int)i + 1, (int)edition->n_pages, opt->progress_data);
    }
    for (size_t i = 0; i < ed.n_pending; i++) {
        galley_edition_pending_t *p = &ed.pending[i];
        if (!st && galley_slot_text_left(&p->story)) { /* its continuation was never reached */
            galley_composer_t c = galley_edition_composer_for(&ed, p->a, &p->story);
            galley_slot_count_left(&c, &p->story, &result->placed[p->report]);
        }
        galley_story_fini(&p->story);
    }
    free(ed.pending);
    free(ed.by_path);
    for (size_t i = 0; !st && i < result->n_placed; i++) {
        const galley_edition_article_t *r = &result->placed[i];
        if (r->overset_lines)
            galley_diags_warn(diags, edition->path, 0, 0, r->placement->field,
                              "%s is overset on page %d: %d lines, %d words do not fit its slot",
                              r->placement->article, r->overset_page ? r->overset_page : r->page,
                              r->overset_lines, r->overset_words);
        if (r->underset_lines)
            galley_diags_warn(diags, edition->path, 0, 0, r->placement->field,
                              "%s is underset on page %d: %d lines of its slot stay empty "
                              "(give it fewer rows, or more text)",
                              r->placement->article, r->underset_page, r->underset_lines);
    }
    return st;
}

void galley_edition_result_fini(galley_edition_result_t *result)
{
    for (size_t i = 0; i < result->n_articles; i++)
        galley_article_destroy(result->articles[i]);
    free(result->articles);
    free(result->placed);
    memset(result, 0, sizeof *result);
}
