/* compose_parallel.c: an article and its translation side by side.
 *
 * Owns the parallel layout: the article's text in one group of columns, its
 * translation in the other, paragraph by paragraph. Each pair starts on the
 * same grid line (the later of where the two groups got to) and the shorter
 * leaves its space open. Headlines stack or stand side by side; decks and
 * captions may be interlinear (each translated line under its line). Each
 * side is a story (a flow and its cursor, flow.h) built block by block with
 * the article composer's builders (article_flow.c) and placed from its
 * cursor (pair_place.c), so pairs break across columns and pages like any
 * flow and keep as the article's body keeps.
 */
#include "compose_parallel.h"
#include "frame.h"
#include "pair_place.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One language's side: its text, its group of columns, its composer (whose
 * story is the side's), the story, and where the side has got to. */
typedef struct {
    const galley_article_text_t *t;
    galley_pair_group_t group;
    galley_composer_t c;
    galley_story_t story;
    galley_pair_at_t at;
} pside_t;

typedef struct {
    galley_composer_t *c;
    double body_top; /* on page one, below the band and photo */
    pside_t side[2];
} parallel_t;

/* Gets page INDEX of C's document, starting pages with their folios up to it. */
static galley_status_t page_at(void *data, size_t index, galley_page_t **out)
{
    galley_composer_t *c = data;
    while (c->doc->n_pages <= index) {
        galley_page_t *p;
        galley_status_t st = galley_composer_page_start(c, (int)c->doc->n_pages + 1, &p);
        if (!st)
            st = galley_composer_page_folio(c, p);
        if (st)
            return st;
    }
    *out = &c->doc->pages[index];
    return GALLEY_STATUS_SUCCESS;
}

/* Appends block I of a side's text to the side's story (through its composer). */
typedef galley_status_t (*block_fn)(galley_composer_t *c, const galley_article_text_t *t, size_t i);

/* True when S's flow ends with a photo block: a photo (flow.h) kept with
 * every item after it, its credit and captions. */
static int ends_with_photo(const galley_story_t *s)
{
    for (size_t i = s->flow.n; i-- > 0;)
        if (s->flow.items[i].kind == GALLEY_FLOW_PHOTO)
            return i + (size_t)s->flow.items[i].keep + 1 == s->flow.n;
    return 0;
}

/* What S's last paragraph, set at the Korean leading on the grid
 * (toolbox.c's line_item), still needs under its last line for its depth to
 * be whole grid lines: its leading's excess over its item's height (0 for
 * any other last item), so the next pair starts the Korean leading under it
 * at least. */
static double korean_depth(const galley_story_t *s)
{
    if (s->flow.n == 0)
        return 0;
    const galley_flow_item_t *it = &s->flow.items[s->flow.n - 1];
    if (it->kind != GALLEY_FLOW_LINE || it->on_grid == GALLEY_GRID_FREE)
        return 0;
    return fmax(0, it->line->leading - it->height);
}

/* Places block I of both sides as a pair: each side's block is appended to
 * its story and placed from its cursor, both starting at the later of where
 * the sides have got to. A side whose block ends with a photo block (the
 * article's photos after the lead, in the article's side) ends a grid line
 * lower, so the next pair starts clear of its caption on both sides; one
 * that ends with a paragraph at the Korean leading, that leading under its
 * last line (korean_depth). */
static galley_status_t place_pair(parallel_t *pp, block_fn build, size_t i)
{
    galley_pair_at_t start =
        galley_pair_at_cmp(pp->side[0].at, pp->side[1].at) >= 0 ? pp->side[0].at : pp->side[1].at;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (int k = 0; !st && k < 2; k++) {
        pside_t *sd = &pp->side[k];
        sd->c.pending = 0; /* the pair starts its own line: no space carried from the last */
        st = build(&sd->c, sd->t, i);
        int stuck = 0;
        if (!st)
            st = galley_pair_place(&sd->group, &sd->story, start, &sd->at, &stuck);
        if (!st && !stuck && ends_with_photo(&sd->story))
            sd->at.y += sd->c.l->grid;
        else if (!st && !stuck)
            sd->at.y += korean_depth(&sd->story);
        if (!st && stuck) {
            const galley_flow_item_t *it = &sd->story.flow.items[sd->story.cursor];
            st = galley_diags_error(
                pp->c->diags, GALLEY_STATUS_INPUT_ERROR, pp->c->a->path, 0, 0, it->element,
                "a %s line (%.1f pt) does not fit in an empty column", it->role, it->height);
        }
    }
    return st;
}

/* The blocks of a pair: byline, a body block (the article composer's own
 * builder, so its keeps hold here too), the tail. */
static galley_status_t build_byline(galley_composer_t *c, const galley_article_text_t *t, size_t i)
{
    (void)i;
    return galley_composer_flow_byline(c, t);
}

static galley_status_t build_tail(galley_composer_t *c, const galley_article_text_t *t, size_t i)
{
    (void)i;
    return galley_composer_flow_tail(c, t);
}

/* Places A's and B's lines across [X, X+W] from *Y: interlinear when the
 * layout says so, else one text after the other. */
static galley_status_t band_pair(galley_composer_t *c, galley_page_t *page, const galley_text_t *a,
                                 const galley_text_t *b, const char *lang_a, const char *lang_b,
                                 galley_style_id_t sid, double x, double w, double *y,
                                 const char *el_a, const char *el_b)
{
    if (c->l->parallel.interlinear)
        return galley_composer_band_interlinear(c, page, a, b, lang_a, lang_b, sid, x, w, y, el_a,
                                                el_b);
    galley_status_t st = galley_composer_band_text(c, page, a, sid, lang_a, x, w, y, el_a);
    return st ? st : galley_composer_band_text(c, page, b, sid, lang_b, x, w, y, el_b);
}

/* True when the lead photo set across page one (CONTENT) would print under
 * the layout's min_ppi, a photo blown up past its pixels, and the first
 * side's columns GA are narrower: it is set over those instead. */
static int photo_narrowed(const galley_composer_t *c, galley_rect_t content, galley_rect_t ga)
{
    return c->a->n_photos > 0 && c->a->photos[0].image && ga.width < content.width - 1 &&
           !galley_composer_photo_sharp(c, &c->a->photos[0], content.width);
}

/* The decks and the lead photo of page one's band from *Y, with both credits
 * and captions: the decks over the layout's deck columns, then the photo
 * across the page; or, for a photo narrowed to the first side's columns GA
 * (photo_narrowed), the photo there with its credits under it, and the decks
 * and captions beside it in the other side's columns GB (as a picture desk
 * sets a small lead, so the band keeps no hole beside it). Moves *Y under all
 * of it. */
static galley_status_t parallel_band_lead(parallel_t *pp, galley_page_t *page,
                                          galley_rect_t content, galley_rect_t ga, galley_rect_t gb,
                                          double *y)
{
    galley_composer_t *c = pp->c;
    const galley_article_text_t *a = pp->side[0].t, *b = pp->side[1].t;
    const char *pre = b->field_prefix;
    int beside = photo_narrowed(c, content, ga);
    galley_rect_t deck = galley_frame_columns(c->l, content, 0, c->l->deck_columns, 0, 0);
    double side = *y; /* beside the photo: the decks, then the captions */
    double *dy = beside ? &side : y;
    const char *el_d = galley_document_strdup(c->doc, "%sdeck", pre);
    if (!el_d)
        return GALLEY_STATUS_NO_MEMORY;
    galley_status_t st =
        band_pair(c, page, &a->deck, &b->deck, a->lang, b->lang, GALLEY_STYLE_DECK,
                  beside ? gb.x : deck.x, beside ? gb.width : deck.width, dy, "deck", el_d);
    if (st || c->a->n_photos == 0)
        return st;
    const galley_photo_t *ph = &c->a->photos[0];
    const char *cred = galley_document_strdup(c->doc, "%s.credit", ph->field);
    const char *capt = galley_document_strdup(c->doc, "%s.caption", ph->field);
    const char *el_cr = galley_document_strdup(c->doc, "%sphotos[0].credit", pre);
    const char *el_c = galley_document_strdup(c->doc, "%sphotos[0].caption", pre);
    if (!cred || !capt || !el_cr || !el_c)
        return GALLEY_STATUS_NO_MEMORY;
    galley_rect_t r = beside ? ga : content;
    r.y = *y;
    r.height = galley_composer_photo_height(c, ph, r.width, content.y + content.height - *y);
    if (r.height < c->l->grid) /* the band above took the page */
        galley_composer_warn(c, ph->field,
                             "overset: the headlines and decks leave no room for the photo "
                             "on page 1; it is not printed");
    else
        st = galley_composer_photo_box(c, page, ph, r);
    double under = r.y + r.height + 2;
    if (!st)
        st = band_pair(c, page, &a->credits[0], &b->credits[0], a->lang, b->lang,
                       GALLEY_STYLE_CREDIT, r.x, r.width, &under, cred, el_cr);
    if (beside)
        side += c->l->grid * 0.5;
    if (!st)
        st = band_pair(c, page, &a->captions[0], &b->captions[0], a->lang, b->lang,
                       GALLEY_STYLE_CAPTION, beside ? gb.x : r.x, beside ? gb.width : r.width,
                       beside ? &side : &under, capt, el_c);
    *y = fmax(under, beside ? side : under);
    return st;
}

/* Page one's band: kicker, both headlines, both decks, the photo with both
 * captions, a rule; sets pp->body_top. */
static galley_status_t parallel_band(parallel_t *pp)
{
    galley_composer_t *c = pp->c;
    galley_page_t *page;
    galley_status_t st = galley_composer_page_start(c, 1, &page);
    if (st)
        return st;
    const galley_article_text_t *a = pp->side[0].t, *b = pp->side[1].t;
    const char *pre = b->field_prefix;
    galley_rect_t content = galley_frame_content(c->l, 1);
    galley_rect_t ga = galley_frame_columns(c->l, content, 0, pp->side[0].group.n, 0, 0);
    galley_rect_t gb =
        galley_frame_columns(c->l, content, pp->side[1].group.first, pp->side[1].group.n, 0, 0);
    const char *el_h = galley_document_strdup(c->doc, "%sheadline", pre);
    galley_text_t label;
    const char *el_l = galley_composer_translation_label(c, b, &label);
    if (!el_h || !el_l)
        return GALLEY_STATUS_NO_MEMORY;
    double y = content.y;
    const galley_text_t *kicker = galley_text_is_empty(&a->kicker) ? &a->section : &a->kicker;
    st = galley_composer_band_text(c, page, kicker, GALLEY_STYLE_KICKER, a->lang, content.x,
                                   content.width, &y, "kicker");
    /* The headlines side by side over their columns, or stacked across the
     * page with the translation's as a deck. */
    int side = c->l->parallel.side_by_side;
    galley_rect_t ra = side ? ga : content, rb = side ? gb : content;
    double ya = y, yb = y, *y_b = side ? &yb : &ya;
    if (!st)
        st = galley_composer_band_text(c, page, &a->headline, GALLEY_STYLE_HEADLINE, a->lang, ra.x,
                                       ra.width, &ya, "headline");
    if (!st)
        st = galley_composer_band_text(c, page, &label, GALLEY_STYLE_KICKER, b->lang, rb.x,
                                       rb.width, y_b, el_l);
    if (!st)
        st = galley_composer_band_text(c, page, &b->headline,
                                       side ? GALLEY_STYLE_HEADLINE : GALLEY_STYLE_DECK, b->lang,
                                       rb.x, rb.width, y_b, el_h);
    y = fmax(ya, yb);
    if (!st)
        st = parallel_band_lead(pp, page, content, ga, gb, &y);
    y += c->l->grid * 0.5;
    if (!st)
        st = galley_composer_band_rule(page, content.x, content.width, &y, 0.75, "headline");
    pp->body_top = y + c->l->grid * 0.5;
    if (!st)
        st = galley_composer_page_folio(c, page);
    return st;
}

/* The translation the parallel layout pairs with the article, or NULL. */
static const galley_article_text_t *parallel_translation(const galley_composer_t *c)
{
    for (size_t i = 0; i < c->a->n_translations; i++)
        if (!strcmp(c->a->translations[i].lang, c->l->parallel.lang))
            return &c->a->translations[i];
    return NULL;
}

galley_status_t galley_compose_parallel(galley_composer_t *c)
{
    const galley_article_text_t *tr = parallel_translation(c);
    if (!tr)
        return galley_diags_error(c->diags, GALLEY_STATUS_INPUT_ERROR, c->a->path, 0, 0,
                                  "translations",
                                  "the %s layout sets the article beside its '%s' translation, "
                                  "and the article has none",
                                  c->l->name, c->l->parallel.lang);
    if (tr->n_body != c->a->main.n_body)
        return galley_diags_error(c->diags, GALLEY_STATUS_INPUT_ERROR, c->a->path, 0, 0,
                                  "translations",
                                  "body has %zu paragraphs but %sbody has %zu: the %s layout "
                                  "pairs them one by one",
                                  c->a->main.n_body, tr->field_prefix, tr->n_body, c->l->name);
    parallel_t pp = {c, 0, {{0}, {0}}};
    int split = c->l->parallel.split;
    const galley_article_text_t *texts[2] = {&c->a->main, tr};
    for (int k = 0; k < 2; k++) {
        pside_t *sd = &pp.side[k];
        sd->t = texts[k];
        sd->group = (galley_pair_group_t){c->l, k ? split : 0, k ? c->l->columns - split : split,
                                          0,    page_at,       c};
        sd->c = *c;
        sd->c.story = &sd->story; /* unbounded: the page limit holds through page_start */
    }
    galley_status_t st = parallel_band(&pp);
    for (int k = 0; k < 2; k++) {
        pp.side[k].group.body_top = pp.body_top;
        pp.side[k].at = (galley_pair_at_t){0, 0, pp.body_top};
    }
    if (!st)
        st = place_pair(&pp, build_byline, 0);
    for (size_t i = 0; !st && i < tr->n_body; i++)
        st = place_pair(&pp, galley_composer_flow_block, i);
    if (!st)
        st = place_pair(&pp, build_tail, 0);
    for (int k = 0; k < 2; k++)
        galley_story_fini(&pp.side[k].story);
    return st;
}
