/* edition_article.c: an edition's article through its slots.
 *
 * Owns an article's way through an edition: its composer (whose flow takes
 * what the edition's text room has left), setting it into its first slot with
 * the headline its rank gives it (edition_copyfit.c), keeping it pending when
 * it jumps ("Continued on page N"), and setting the rest into its continuation slot under
 * "Continued from page M" and a jump headline, or saying why nothing jumped there. The jump lines
 * are in the article's own language (its module's words: "Fortsetzung auf Seite 5").
 */
#include "edition_article.h"
#include "edition_slot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

galley_composer_t galley_edition_composer_for(galley_edition_composer_t *ed,
                                              const galley_article_t *article,
                                              galley_story_t *story)
{
    galley_composer_t c = {.fonts = ed->fonts,
                           .hyphen = ed->hyphen,
                           .a = article,
                           .l = ed->l,
                           .doc = ed->doc,
                           .diags = ed->diags,
                           .story = story,
                           .max_pages = ed->e->n_pages + 1,
                           .hyphenation = ed->opt->hyphenation};
    c.colw = galley_layout_column_width(ed->l);
    return c;
}

/* Bounds FLOW by what the edition's text room has left: every placement
 * sets its article again, so the page limit bounds the text of all of them
 * together (5 placements of a 6 MB article on one page took 47 s and 4.1 GB). */
static void edition_room_bound(const galley_edition_composer_t *ed, galley_flow_t *flow)
{
    flow->room = fmax(ed->room.room - ed->room.height, 1e-9);
    flow->room_lines = ed->room.room_lines > ed->room.n ? ed->room.room_lines - ed->room.n : 0;
    flow->room_pages = ed->room.room_pages;
    flow->room_shared = 1;
}

/* Counts FLOW, as set, against the edition's text room. */
static void edition_take_room(galley_edition_composer_t *ed, const galley_flow_t *flow)
{
    ed->room.height += flow->height;
    ed->room.n += flow->n;
}

/* Keeps STORY (moved: the pending entry owns it) until the continuation slot
 * of the article A, which jumped from page FROM_PAGE; REPORT is its entry in
 * the result. */
static galley_status_t pending_add(galley_edition_composer_t *ed, galley_story_t *story,
                                   const galley_article_t *a, int from_page, size_t report)
{
    galley_edition_pending_t *p = realloc(ed->pending, (ed->n_pending + 1) * sizeof *p);
    if (!p)
        return GALLEY_STATUS_NO_MEMORY;
    ed->pending = p;
    ed->pending[ed->n_pending++] = (galley_edition_pending_t){*story, a, from_page, report};
    *story = (galley_story_t){{0}, 0};
    return GALLEY_STATUS_SUCCESS;
}

/* Sets a new article into its slot; keeps its story pending when it jumps. */
galley_status_t galley_edition_place_article(galley_edition_composer_t *ed, size_t page_index,
                                             galley_page_t *page, const galley_placement_t *pl,
                                             galley_slot_t slot, const galley_article_t *a,
                                             galley_rect_t r, const galley_style_t *headline,
                                             galley_edition_article_t *rep)
{
    galley_story_t story = {{0}, 0};
    edition_room_bound(ed, &story.flow);
    galley_composer_t c = galley_edition_composer_for(ed, a, &story);
    /* A slot too narrow for the lead photo's band carries it in its text. */
    c.lead_in_flow = !galley_slot_has_photo(&c, slot.span) && a->n_photos > 0;
    galley_status_t st = galley_composer_build_flow(&c);
    edition_take_room(ed, &story.flow);
    size_t boxes = page->n_boxes;
    int fits = 0;
    galley_style_t head = *headline;
    rep->headline_size = head.size;
    double bottom = r.y + r.height - (pl->jump ? c.l->styles[GALLEY_STYLE_NOTE].leading : 0);
    /* The first setting's warnings (its photo's resolution) stand only when it
     * does: a slot left empty has no photo, and one that grows its photo is set
     * again, which gives its own. */
    galley_diags_t first, *loud = c.diags;
    galley_diags_init(&first);
    c.diags = &first;
    /* The slot's copyfit: its story filled down to the foot (on a page its
     * articles fill down, balanced: the next article starts under it). */
    int fill_page = ed->e->pages[page_index].fill;
    galley_slot_fit_t fit = {0, 0, fill_page ? GALLEY_FLOW_BALANCE : GALLEY_FLOW_FILL};
    if (!st)
        st = galley_slot_set(&c, page, r, slot, &head, &fit, boxes, bottom, &fits);
    c.diags = loud;
    int grow = !st && fits && !galley_slot_text_left(&story) &&
               galley_slot_photo_grows(&c, page, boxes) && !fill_page &&
               galley_slot_empty_lines(c.l, page, boxes, r) >= GALLEY_UNDERSET_LINES;
    if (st || (!grow && fits))
        galley_diags_append(loud, &first);
    galley_diags_fini(&first);
    if (!st && !fits) {
        /* The slot cannot hold even the headline with a line of text: nothing of
         * the article goes in (never past the slot), all of it is overset. */
        page->n_boxes = boxes;
        rep->lines = 0;
        story.cursor = 0;
        st = galley_slot_overset(&c, page, r, &story, 1 /* the headline */, rep);
        galley_story_fini(&story);
        return st;
    }
    if (grow)
        st = galley_slot_grow_photo(&c, page, r, slot, &head, boxes, bottom);
    rep->lines = galley_slot_lines_since(page, boxes);
    if (!st && galley_slot_text_left(&story) && pl->jump) {
        const galley_lang_jump_t *on = &galley_lang_words(a->main.lang)->continued_on;
        const char *text =
            galley_document_strdup(ed->doc, "%s%d%s", on->before, pl->jump, on->after);
        st = text ? galley_slot_jump_line(&c, page, r, text, bottom) : GALLEY_STATUS_NO_MEMORY;
        galley_status_t pst =
            pending_add(ed, &story, a, (int)page_index + 1, (size_t)(rep - ed->result->placed));
        if (pst) {
            galley_story_fini(&story);
            return pst;
        }
        rep->jump_page = pl->jump;
        return st;
    }
    if (!st)
        st = galley_slot_overset(&c, page, r, &story, 0, rep);
    galley_story_fini(&story);
    return st;
}

/* Warns that nothing of PL's article jumped to its continuation slot, saying
 * why: it fitted its first slot, its first slot could not hold its headline
 * (so all of it is overset there), or it was not placed on an earlier page. */
static void jump_nothing(galley_edition_composer_t *ed, const galley_placement_t *pl)
{
    const galley_edition_article_t *first = NULL;
    for (size_t i = 0; i < ed->result->n_placed && !first; i++)
        if (ed->result->placed[i].placement != pl &&
            !strcmp(ed->result->placed[i].placement->article, pl->article))
            first = &ed->result->placed[i];
    if (!first)
        galley_diags_warn(ed->diags, ed->e->path, 0, 0, pl->field,
                          "nothing of %s jumped here: it is not placed on an earlier page",
                          pl->article);
    else if (first->overset_lines > 0 && first->lines == 0)
        galley_diags_warn(ed->diags, ed->e->path, 0, 0, pl->field,
                          "nothing of %s jumped here: its slot on page %d cannot hold its "
                          "headline and a line of text, so all of it is overset there",
                          pl->article, first->page);
    else if (first->overset_lines > 0)
        galley_diags_warn(ed->diags, ed->e->path, 0, 0, pl->field,
                          "nothing of %s jumped here: it is overset on page %d (its slot there "
                          "has no jump)",
                          pl->article, first->page);
    else
        galley_diags_warn(ed->diags, ed->e->path, 0, 0, pl->field,
                          "nothing of %s jumped here: the article fitted its slot on page %d",
                          pl->article, first->page);
}

/* Sets the rest of an article that jumped here into its continuation slot:
 * its story, resumed from its cursor, its last columns as MODE says. */
galley_status_t galley_edition_place_continuation(galley_edition_composer_t *ed,
                                                  galley_page_t *page, const galley_placement_t *pl,
                                                  galley_slot_t slot, galley_rect_t r, int mode,
                                                  galley_edition_article_t **ended)
{
    *ended = NULL;
    galley_edition_pending_t *p = NULL;
    for (size_t i = 0; i < ed->n_pending && !p; i++)
        if (!strcmp(ed->pending[i].a->path, pl->article))
            p = &ed->pending[i];
    if (!p) { /* nothing is pending: the slot stays empty */
        jump_nothing(ed, pl);
        return GALLEY_STATUS_SUCCESS;
    }
    galley_story_t *story = &p->story;
    galley_composer_t cc = galley_edition_composer_for(ed, p->a, story), *c = &cc;
    const galley_lang_jump_t *fw = &galley_lang_words(p->a->main.lang)->continued_from;
    const char *from =
        galley_document_strdup(ed->doc, "%s%d%s", fw->before, p->from_page, fw->after);
    if (!from)
        return GALLEY_STATUS_NO_MEMORY;
    double y = r.y;
    size_t band_start = page->n_boxes;
    galley_text_t t = galley_plain_text(from);
    galley_status_t st = galley_composer_band_text(c, page, &t, GALLEY_STYLE_NOTE, c->a->main.lang,
                                                   r.x, r.width, &y, "jump");
    if (!st) /* the jump headline: the headline again, smaller */
        st = galley_composer_band_text(c, page, &c->a->main.headline, GALLEY_STYLE_DECK,
                                       c->a->main.lang, r.x, r.width, &y, "headline");
    size_t boxes = page->n_boxes;
    if (!st && y + c->l->grid * 1.5 > r.y + r.height) { /* no room: all of it is overset */
        page->n_boxes = band_start;
        return galley_slot_overset(c, page, r, story, 0, &ed->result->placed[p->report]);
    }
    if (!st)
        st = galley_slot_flow(c, page, slot, y + c->l->grid * 0.5, y + c->l->grid * 0.5, slot.span,
                              r.y + r.height, mode);
    galley_edition_article_t *rep = &ed->result->placed[p->report];
    rep->lines += galley_slot_lines_since(page, boxes);
    if (!st)
        st = galley_slot_overset(c, page, r, story, 0, rep);
    story->cursor = story->flow.n;
    *ended = rep;
    return st;
}
