/* compose_article.c: one article and a layout to pages of boxes.
 *
 * Owns the single-article composer: page one carries the top band (kicker,
 * headline across the article's columns, deck, rule), the photo block at the
 * top right and the flow below; later pages carry the flow in full columns,
 * the last page's balanced. The headline takes the size the layout's ladder
 * gives the article's length, and the deck in proportion; a brief (shorter than the ladder's
 * brief_words) is set in the ladder's brief_columns at the left, its photo
 * in its text. Every page gets a folio. The lead photo's size is
 * article_fit.c's choice, so the last page ends near its foot. The parallel layout goes to
 * compose_parallel.c. Text is set through the toolbox (composer.h), flowed
 * through flow.c.
 */
#include "article_fit.h"
#include "compose_article.h"
#include "compose_parallel.h"
#include "composer.h"
#include "frame.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The words of A's body and of every translation's: a short text with a
 * long translation fills a page like a long one, so it is no brief. */
static size_t article_words(const galley_article_t *a)
{
    size_t n = galley_article_words(&a->main);
    for (size_t i = 0; i < a->n_translations; i++)
        n += galley_article_words(&a->translations[i]);
    return n;
}

/* The columns the article is set in (article_setup's choice). */
static int article_columns(const galley_composer_t *c)
{
    return c->columns > 0 ? c->columns : c->l->columns;
}

/* Kicker, headline, deck and a rule across the top of page one, over the
 * first COLS columns; *Y ends below. */
static galley_status_t page_top_band(galley_composer_t *c, galley_page_t *page, int cols, double *y)
{
    const galley_article_text_t *m = &c->a->main;
    galley_rect_t content = galley_frame_content(c->l, 1);
    galley_rect_t deck = galley_frame_columns(
        c->l, content, 0, cols < c->l->deck_columns ? cols : c->l->deck_columns, 0, 0);
    content = galley_frame_columns(c->l, content, 0, cols, content.y, content.y + content.height);
    const galley_text_t *kicker = galley_text_is_empty(&m->kicker) ? &m->section : &m->kicker;
    const char *kicker_el = kicker == &m->kicker ? "kicker" : "section";
    galley_status_t st = galley_composer_band_text(c, page, kicker, GALLEY_STYLE_KICKER, m->lang,
                                                   content.x, content.width, y, kicker_el);
    if (!st)
        st = galley_composer_band_text(c, page, &m->headline, GALLEY_STYLE_HEADLINE, m->lang,
                                       content.x, content.width, y, "headline");
    if (!st)
        st = galley_composer_band_text(c, page, &m->deck, GALLEY_STYLE_DECK, m->lang, deck.x,
                                       deck.width, y, "deck");
    *y += c->l->grid * 0.5;
    if (!st)
        st = galley_composer_band_rule(page, content.x, content.width, y, 0.75, "headline");
    *y += c->l->grid * 0.5;
    return st;
}

/* The photo block at the top right of page one, sized FIT (article_fit.h);
 * *BOTTOM gets the y below it. */
static galley_status_t page_photo(galley_composer_t *c, galley_page_t *page, double top,
                                  galley_fit_t fit, double *bottom)
{
    galley_rect_t content = galley_frame_content(c->l, 1);
    int span = fit.span > 0 ? fit.span : c->l->photo_columns;
    int first = c->l->columns - span;
    galley_rect_t r = galley_frame_columns(c->l, content, first, span, top, top);
    r.height = fit.height > 0 ? fit.height
                              : galley_composer_photo_height(c, &c->a->photos[0], r.width,
                                                             content.y + content.height - top);
    if (r.height < c->l->grid) { /* the band above took the page */
        galley_composer_warn(
            c, c->a->photos[0].field,
            "overset: the headline and deck leave no room for the photo on page 1; the "
            "photo, its caption and its credit are not printed");
        *bottom = top;
        return GALLEY_STATUS_SUCCESS;
    }
    galley_status_t st = galley_composer_photo_block(c, page, r, bottom);
    *bottom += c->l->grid;
    return st;
}
/* True when the legs of text under the lead photo (the frames of FR from
 * FROM on) that PAGE got from box FIRST on are ragged: one holds fewer than
 * MIN lines (a leg too short to read as one), or some hold text and others
 * none (the story's foot steps up under the photo). Legs in every column
 * under it, or none, are a clean module. */
static int page_legs_ragged(const galley_page_t *page, size_t first, const galley_frames_t *fr,
                            int from, int min)
{
    int used = 0, short_leg = 0;
    for (int f = from; f < fr->n_frames; f++) {
        const galley_rect_t *r = &fr->frames[f];
        int lines = 0;
        for (size_t k = first; k < page->n_boxes; k++) {
            const galley_box_t *b = &page->boxes[k];
            lines += b->kind == GALLEY_BOX_LINE && fabs(b->frame.x - r->x) < 0.5 &&
                     fabs(b->frame.y - r->y) < 0.5 && fabs(b->frame.width - r->width) < 0.5;
        }
        used += lines > 0;
        short_leg |= lines > 0 && lines < min;
    }
    return short_leg || (used > 0 && used < fr->n_frames - from);
}

/* Places C's story on PAGE into FR, as galley_composer_story_place does
 * (balanced); its messages go to C only for the placement that stands. */
static galley_status_t first_try(galley_composer_t *c, const galley_frames_t *fr,
                                 galley_page_t *page, galley_diags_t *said)
{
    galley_composer_t quiet = *c;
    quiet.diags = said;
    return galley_composer_story_place(&quiet, fr, 1, 1, page, NULL);
}

/* Places C's story on page one's frames FR, the first BESIDE of them beside
 * the lead photo and the rest under it. When the story ends there with
 * ragged legs under the photo (page_legs_ragged, MIN the layout's
 * photo.min_leg) and it fits in the columns beside the photo alone, it is
 * balanced there instead and nothing runs under the photo. */
static galley_status_t first_place(galley_composer_t *c, const galley_frames_t *fr, int beside,
                                   galley_page_t *page)
{
    size_t cursor = c->story->cursor, boxes = page->n_boxes;
    galley_diags_t all, apart;
    galley_diags_init(&all);
    galley_diags_init(&apart);
    galley_status_t st = first_try(c, fr, page, &all);
    galley_diags_t *said = &all;
    galley_box_t *kept = NULL;
    size_t n_kept = page->n_boxes - boxes, ended = c->story->cursor;
    if (!st && beside > 0 && beside < fr->n_frames && !galley_story_left(c->story) &&
        page_legs_ragged(page, boxes, fr, beside, c->l->photo_min_leg) &&
        (kept = malloc(n_kept * sizeof *kept + 1))) {
        memcpy(kept, page->boxes + boxes, n_kept * sizeof *kept);
        page->n_boxes = boxes;
        c->story->cursor = cursor;
        galley_frames_t two = *fr;
        two.n_frames = beside;
        st = first_try(c, &two, page, &apart);
        if (!st && !galley_story_left(c->story)) {
            said = &apart;
        } else if (!st) { /* it does not fit beside the photo: the legs stand */
            page->n_boxes = boxes;
            for (size_t k = 0; !st && k < n_kept; k++)
                st = galley_page_add_box(page, &kept[k]);
            c->story->cursor = ended;
        }
        free(kept);
    }
    galley_diags_append(c->diags, said);
    galley_diags_fini(&all);
    galley_diags_fini(&apart);
    return st;
}

/* Lays out page one: band, photo (sized FIT), frames (the first COLS
 * columns); places the story from its cursor. */
static galley_status_t compose_first(galley_composer_t *c, int cols, galley_fit_t fit)
{
    galley_page_t *page;
    galley_status_t st = galley_composer_page_start(c, 1, &page);
    if (st)
        return st;
    galley_rect_t content = galley_frame_content(c->l, 1);
    double y = content.y, bottom = content.y + content.height;
    st = page_top_band(c, page, cols, &y);
    if (st)
        return st;
    double body_top = y, photo_bottom = y;
    int photo = c->a->n_photos > 0 && !c->lead_in_flow;
    if (photo)
        st = page_photo(c, page, body_top, fit, &photo_bottom);
    if (st)
        return st;
    galley_rect_t frames[64];
    int span = fit.span > 0 ? fit.span : c->l->photo_columns;
    int n = cols, text_cols = photo ? n - span : n;
    for (int i = 0; i < n && i < 64; i++)
        frames[i] = galley_frame_columns(c->l, content, i, 1,
                                         i < text_cols ? body_top : photo_bottom, bottom);
    galley_frames_t fr = {frames, n, page->grid_origin, page->grid_pitch, 0};
    st = first_place(c, &fr, photo ? text_cols : n, page);
    if (!st)
        st = galley_composer_page_folio(c, page);
    return st;
}

/* Lays out a following page: full columns, the first COLS of them. */
static galley_status_t compose_next(galley_composer_t *c, int number, int cols)
{
    galley_page_t *page;
    galley_status_t st = galley_composer_page_start(c, number, &page);
    if (st)
        return st;
    galley_frames_t fr = {page->columns, cols < page->n_columns ? cols : page->n_columns,
                          page->grid_origin, page->grid_pitch, 0};
    galley_flow_step_t step;
    st = galley_composer_story_place(c, &fr, 1, 1, page, &step);
    if (!st && step.placed == 0) {
        const galley_flow_item_t *it = &c->story->flow.items[c->story->cursor];
        return galley_diags_error(
            c->diags, GALLEY_STATUS_INPUT_ERROR, c->a->path, 0, 0, it->element,
            "a %s line (%.1f pt) does not fit in an empty column", it->role, it->height);
    }
    if (!st)
        st = galley_composer_page_folio(c, page);
    return st;
}
/* Every page of the article, the lead photo sized FIT, from the story's
 * cursor (a galley_fit_compose_fn: article_fit.c tries sizes through it). */
static galley_status_t compose_pages(galley_composer_t *c, galley_fit_t fit)
{
    int cols = article_columns(c);
    galley_status_t st = compose_first(c, cols, fit);
    for (int number = 2; !st && galley_story_left(c->story); number++)
        st = compose_next(c, number, cols);
    return st;
}

/* Sets up C for an article of WORDS words and builds its flow: the headline
 * by the length (into HEAD), the deck in proportion (into DECK), the columns
 * (a brief's fewer, its photo in its text: no room beside it). */
static galley_status_t article_setup(galley_composer_t *c, size_t words, galley_style_t *head,
                                     galley_style_t *deck)
{
    const galley_layout_t *l = c->l;
    *head = l->styles[GALLEY_STYLE_HEADLINE];
    head->size = galley_layout_headline_size(l, -1, words);
    head->leading = head->size * l->styles[GALLEY_STYLE_HEADLINE].leading /
                    l->styles[GALLEY_STYLE_HEADLINE].size;
    c->override[GALLEY_STYLE_HEADLINE] = head;
    /* The deck scales with the headline, never under the body's size by 10%. */
    const galley_style_t *d0 = &l->styles[GALLEY_STYLE_DECK];
    *deck = *d0;
    deck->size = fmin(d0->size, fmax(d0->size * head->size / l->ladder.lead,
                                     l->styles[GALLEY_STYLE_BODY].size * 1.1));
    deck->leading = deck->size * d0->leading / d0->size;
    c->override[GALLEY_STYLE_DECK] = deck;
    c->columns = words < (size_t)l->ladder.brief_words && l->ladder.brief_columns < l->columns
                     ? l->ladder.brief_columns
                     : l->columns;
    c->lead_in_flow = c->columns < l->columns && c->a->n_photos > 0;
    return galley_composer_build_flow(c);
}

galley_status_t galley_compose(galley_fonts_t *fonts, galley_hyphen_t *hyphen,
                               const galley_article_t *article, const galley_layout_t *layout,
                               const galley_compose_options_t *opt, galley_document_t *doc,
                               galley_diags_t *diags)
{
    int max_pages = opt->max_pages;
    galley_document_begin(doc, layout, article->path, article->year, article->month, article->day);
    galley_story_t story = {{0}, 0};
    galley_composer_t c = {.fonts = fonts,
                           .hyphen = hyphen,
                           .a = article,
                           .l = layout,
                           .doc = doc,
                           .diags = diags,
                           .story = &story,
                           .max_pages = max_pages,
                           .hyphenation = opt->hyphenation};
    c.colw = galley_layout_column_width(layout);
    galley_composer_flow_bound(&story.flow, layout, max_pages);
    doc->title = article->main.headline.text;
    doc->author = article->main.byline.name.text;
    doc->subject = article->main.deck.text;
    doc->keywords = article->main.section.text;
    doc->lang = article->main.lang;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (layout->parallel.split > 0) {
        st = galley_compose_parallel(&c);
    } else {
        galley_style_t head, deck;
        st = article_setup(&c, article_words(article), &head, &deck);
        int pages = 0;
        if (!st && c.columns < layout->columns)
            st = galley_fit_pages(&c, compose_pages, (galley_fit_t){0, 0}, &pages);
        if (!st && pages > 1) {
            /* A brief that overruns its page is no brief: its own length
             * could not tell (a long caption, several photos). */
            galley_story_fini(&story);
            story = (galley_story_t){{0}, 0};
            galley_composer_flow_bound(&story.flow, layout, max_pages);
            st = article_setup(&c, (size_t)layout->ladder.brief_words, &head, &deck);
        }
        galley_fit_t fit = {0, 0};
        if (!st && !c.lead_in_flow) /* a brief's photo is in its text */
            st = galley_fit_choose(&c, compose_pages, &fit);
        if (!st)
            st = compose_pages(&c, fit);
        c.override[GALLEY_STYLE_HEADLINE] = c.override[GALLEY_STYLE_DECK] = NULL;
    }
    galley_story_fini(&story);
    if (st && diags->status == GALLEY_STATUS_SUCCESS)
        galley_diags_error(diags, st, article->path, 0, 0, NULL, "cannot compose the pages: %s",
                           galley_status_to_string(st));
    return st;
}
