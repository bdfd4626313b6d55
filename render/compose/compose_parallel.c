/* compose_parallel.c: an article and its translation side by side.
 *
 * Owns the parallel layout: the article's text in one group of columns, its
 * translation in the other, paragraph by paragraph. Each pair starts on the
 * same grid line (the later of where the two groups got to) and the shorter
 * leaves its space open. Headlines stack or stand side by side; decks and
 * captions may be interlinear (each translated line under its line). Each
 * block is placed through flow.c from a cursor, so pairs break across
 * columns and pages like any flow.
 */
#include "compose_parallel.h"
#include "frame.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Where a group of columns has got to: page (index in the document), frame
 * (column within the group) and y. */
typedef struct {
    size_t page;
    int frame;
    double y;
} pcursor_t;

/* One language's group of columns. */
typedef struct {
    const galley_article_text_t *t;
    int first, n; /* columns */
    pcursor_t at;
} pgroup_t;

typedef struct {
    galley_composer_t *c;
    double body_top; /* on page one, below the band and photo */
    pgroup_t g[2];
} parallel_t;

/* Orders cursors: page, then column, then height. */
static int pcursor_cmp(pcursor_t a, pcursor_t b)
{
    if (a.page != b.page)
        return a.page < b.page ? -1 : 1;
    if (a.frame != b.frame)
        return a.frame < b.frame ? -1 : 1;
    return a.y < b.y - 1e-9 ? -1 : a.y > b.y + 1e-9;
}

/* The top of the groups' columns on page PAGE. */
static double group_top(const parallel_t *pp, size_t page)
{
    return page == 0 ? pp->body_top : galley_frame_content(pp->c->l, (int)page + 1).y;
}

/* Makes sure page PAGE exists, starting pages with their folios. */
static galley_status_t ensure_page(parallel_t *pp, size_t page)
{
    while (pp->c->doc->n_pages <= page) {
        galley_page_t *p;
        galley_status_t st = galley_composer_page_start(pp->c, (int)pp->c->doc->n_pages + 1, &p);
        if (!st)
            st = galley_composer_page_folio(pp->c, p);
        if (st)
            return st;
    }
    return GALLEY_STATUS_SUCCESS;
}

/* Places FLOW in group G from cursor FROM; *TO gets where it ended. */
static galley_status_t group_place(parallel_t *pp, const pgroup_t *g, const galley_flow_t *flow,
                                   pcursor_t from, pcursor_t *to)
{
    galley_composer_t *c = pp->c;
    size_t i = 0;
    pcursor_t at = from;
    while (i < flow->n) {
        galley_status_t st = ensure_page(pp, at.page);
        if (st)
            return st;
        galley_page_t *page = &c->doc->pages[at.page];
        galley_rect_t content = galley_frame_content(c->l, page->number), frames[64];
        int nf = 0;
        for (int f = at.frame; f < g->n && nf < 64; f++)
            frames[nf++] = galley_frame_columns(c->l, content, g->first + f, 1,
                                                f == at.frame ? at.y : group_top(pp, at.page),
                                                content.y + content.height);
        galley_frames_t fr = {frames, nf, page->grid_origin, page->grid_pitch};
        size_t before = i, boxes = page->n_boxes;
        i = galley_flow_place(flow, i, &fr, INFINITY, page, &st);
        if (st)
            return st;
        if (i == flow->n) {
            const galley_box_t *last = &page->boxes[page->n_boxes - 1];
            int col = (int)floor((last->frame.x - content.x) / (c->colw + c->l->gutter) + 0.5);
            *to = (pcursor_t){at.page, col - g->first, last->rect.y + last->rect.height};
            return GALLEY_STATUS_SUCCESS;
        }
        if (i == before && boxes == page->n_boxes && at.frame == 0 &&
            at.y <= group_top(pp, at.page) + 1e-6)
            return galley_diags_error(c->diags, GALLEY_STATUS_INPUT_ERROR, c->a->path, 0, 0,
                                      flow->items[i].element,
                                      "a %s line (%.1f pt) does not fit in an empty column",
                                      flow->items[i].role, flow->items[i].height);
        at = (pcursor_t){at.page + 1, 0, group_top(pp, at.page + 1)};
    }
    *to = from;
    return GALLEY_STATUS_SUCCESS;
}

/* Builds one block of group G's text into a flow of its own (BUILD appends
 * to c->flow, which is swapped for the block's) and places each side. */
typedef galley_status_t (*block_fn)(galley_composer_t *c, const galley_article_text_t *t, size_t i);

/* Places block I of both groups as a pair: both start at the later cursor. */
static galley_status_t place_pair(parallel_t *pp, block_fn build, size_t i)
{
    galley_composer_t *c = pp->c;
    pcursor_t start = pcursor_cmp(pp->g[0].at, pp->g[1].at) >= 0 ? pp->g[0].at : pp->g[1].at;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (int k = 0; !st && k < 2; k++) {
        galley_flow_t saved = c->flow, block = {0};
        c->flow = block;
        c->pending = 0;
        st = build(c, pp->g[k].t, i);
        block = c->flow;
        c->flow = saved;
        if (!st)
            st = group_place(pp, &pp->g[k], &block, start, &pp->g[k].at);
        galley_flow_fini(&block);
    }
    return st;
}

/* The blocks of a pair: byline, a body block, the tail. */
static galley_status_t build_byline(galley_composer_t *c, const galley_article_text_t *t, size_t i)
{
    (void)i;
    return galley_composer_flow_byline(c, t);
}

static galley_status_t build_body(galley_composer_t *c, const galley_article_text_t *t, size_t i)
{
    const galley_block_t *b = &t->body[i];
    if (b->kind == GALLEY_BLOCK_SUBHEAD)
        return galley_composer_flow_text(c, &b->text, GALLEY_STYLE_SUBHEAD, t->lang, 0, b->field,
                                         2);
    if (b->kind == GALLEY_BLOCK_QUOTE) {
        galley_status_t st =
            galley_composer_flow_text(c, &b->text, GALLEY_STYLE_QUOTE, t->lang, 0, b->field, 0);
        return st ? st
                  : galley_composer_flow_text(c, &b->attribution, GALLEY_STYLE_BYLINE, t->lang, 0,
                                              b->field, 0);
    }
    int after_heading = i == 0 || t->body[i - 1].kind != GALLEY_BLOCK_PARAGRAPH;
    double indent = after_heading ? 0 : c->l->styles[GALLEY_STYLE_BODY].indent;
    return galley_composer_flow_text(c, &b->text, GALLEY_STYLE_BODY, t->lang, indent, b->field, 0);
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

/* Page one's band: kicker, both headlines, both decks, the photo with both
 * captions, a rule; sets pp->body_top. */
static galley_status_t parallel_band(parallel_t *pp)
{
    galley_composer_t *c = pp->c;
    galley_page_t *page;
    galley_status_t st = galley_composer_page_start(c, 1, &page);
    if (st)
        return st;
    const galley_article_text_t *a = pp->g[0].t, *b = pp->g[1].t;
    const char *pre = b->field_prefix;
    galley_rect_t content = galley_frame_content(c->l, 1);
    galley_rect_t ga = galley_frame_columns(c->l, content, 0, pp->g[0].n, 0, 0);
    galley_rect_t gb = galley_frame_columns(c->l, content, pp->g[1].first, pp->g[1].n, 0, 0);
    const char *el_h = galley_document_strdup(c->doc, "%sheadline", pre);
    const char *el_d = galley_document_strdup(c->doc, "%sdeck", pre);
    const char *el_c = galley_document_strdup(c->doc, "%sphotos[0].caption", pre);
    galley_text_t label;
    const char *el_l = galley_composer_translation_label(c, b, &label);
    if (!el_h || !el_d || !el_c || !el_l)
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
    galley_rect_t deck = galley_frame_columns(c->l, content, 0, c->l->deck_columns, 0, 0);
    if (!st)
        st = band_pair(c, page, &a->deck, &b->deck, a->lang, b->lang, GALLEY_STYLE_DECK, deck.x,
                       deck.width, &y, "deck", el_d);
    if (!st && c->a->n_photos > 0) {
        const galley_photo_t *ph = &c->a->photos[0];
        double area = content.y + content.height - y;
        galley_rect_t r = {content.x, y, content.width,
                           galley_composer_photo_height(c, ph, content.width, area)};
        if (r.height < c->l->grid) /* the band above took the page */
            galley_composer_warn(c, ph->field,
                                 "overset: the headlines and decks leave no room for the photo "
                                 "on page 1; it is not printed");
        else
            st = galley_composer_photo_box(c, page, ph, r);
        y = r.y + r.height + 2;
        const char *cred = galley_document_strdup(c->doc, "%s.credit", ph->field);
        const char *capt = galley_document_strdup(c->doc, "%s.caption", ph->field);
        if (!st && (!cred || !capt))
            st = GALLEY_STATUS_NO_MEMORY;
        const char *el_cr = galley_document_strdup(c->doc, "%sphotos[0].credit", pre);
        if (!st && !el_cr)
            st = GALLEY_STATUS_NO_MEMORY;
        if (!st)
            st = band_pair(c, page, &a->credits[0], &b->credits[0], a->lang, b->lang,
                           GALLEY_STYLE_CREDIT, r.x, r.width, &y, cred, el_cr);
        if (!st)
            st = band_pair(c, page, &a->captions[0], &b->captions[0], a->lang, b->lang,
                           GALLEY_STYLE_CAPTION, r.x, r.width, &y, capt, el_c);
    }
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
    parallel_t pp = {c,
                     0,
                     {{&c->a->main, 0, c->l->parallel.split, {0, 0, 0}},
                      {tr, c->l->parallel.split, c->l->columns - c->l->parallel.split, {0, 0, 0}}}};
    galley_status_t st = parallel_band(&pp);
    pp.g[0].at = pp.g[1].at = (pcursor_t){0, 0, pp.body_top};
    if (!st)
        st = place_pair(&pp, build_byline, 0);
    for (size_t i = 0; !st && i < tr->n_body; i++)
        st = place_pair(&pp, build_body, i);
    if (!st)
        st = place_pair(&pp, build_tail, 0);
    return st;
}
