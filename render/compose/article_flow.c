/* article_flow.c: an article's text as a flow, in reading order.
 *
 * Owns what goes into the flow and with which keeps: the byline and dateline,
 * the body blocks (paragraphs indented except after a heading, subheads kept
 * with their next two lines, a quote kept with its attribution), the
 * article's photos after the lead as photo blocks after the blocks they are
 * anchored to, end notes and the related-article box, and each translation after the article. Every
 * composer builds its flows here, so they keep alike. The words it adds (the
 * byline's form, the related label) are the text's language module's
 * (lang/, English where Galley has none).
 */
#include "composer.h"
#include "lang.h"

/* Lines of its text a byline keeps with: a head never stands alone at a
 * column's foot, nor over a column its text does not continue in. */
enum { BYLINE_KEEPS = 3 };

/* Byline (name, title, e-mail) and dateline at the head of the flow, kept
 * together and with the first BYLINE_KEEPS items after them. */
galley_status_t galley_composer_flow_byline(galley_composer_t *c, const galley_article_text_t *t)
{
    galley_flow_t *flow = &c->story->flow;
    size_t first = flow->n;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    const char *pre = t->field_prefix;
    if (!galley_text_is_empty(&t->byline.name)) {
        /* In the language module's form: "By NAME" with the title on a line
         * below (English), or "NAME TITLE" on one line (이해준 기자, Korean). */
        const galley_lang_byline_t *form = &galley_lang_words(t->lang)->byline;
        const char *title = form->title_inline ? NULL : t->byline.title;
        const char *after = form->title_inline ? t->byline.title : NULL;
        const char *el = galley_document_strdup(c->doc, "%sbyline", pre);
        const char *name = galley_document_strdup(c->doc, "%s%s%s%s", form->by, t->byline.name.text,
                                                  after ? " " : "", after ? after : "");
        if (!el || !name)
            return GALLEY_STATUS_NO_MEMORY;
        galley_text_t nt = galley_plain_text(name);
        st = galley_composer_flow_text(c, &nt, GALLEY_STYLE_BYLINE, t->lang, 0, el, 0);
        galley_text_t tt = galley_plain_text(title), email = galley_plain_text(t->byline.email);
        if (!st && title)
            st = galley_composer_flow_text(c, &tt, GALLEY_STYLE_CREDIT, t->lang, 0, el, 0);
        c->url =
            t->byline.email ? galley_document_strdup(c->doc, "mailto:%s", t->byline.email) : NULL;
        if (!st && t->byline.email)
            st = galley_composer_flow_text(c, &email, GALLEY_STYLE_CAPTION, t->lang, 0, el, 0);
        c->url = NULL;
    }
    const char *del = galley_document_strdup(c->doc, "%sdateline", pre);
    if (!del)
        return GALLEY_STATUS_NO_MEMORY;
    if (!st)
        st = galley_composer_flow_text(c, &t->dateline, GALLEY_STYLE_DATELINE, t->lang, 0, del, 0);
    for (size_t i = first; !st && i < flow->n; i++) {
        int keep = i + 1 == flow->n ? BYLINE_KEEPS : 1;
        flow->items[i].keep = flow->items[i].keep > keep ? flow->items[i].keep : keep;
    }
    return st;
}

/* Appends the text of body block I of T: see galley_composer_flow_block. */
static galley_status_t flow_block_text(galley_composer_t *c, const galley_article_text_t *t,
                                       size_t i)
{
    const galley_block_t *b = &t->body[i];
    galley_flow_t *flow = &c->story->flow;
    galley_status_t st;
    switch (b->kind) {
    case GALLEY_BLOCK_SUBHEAD:
        return galley_composer_flow_text(c, &b->text, GALLEY_STYLE_SUBHEAD, t->lang, 0, b->field,
                                         2);
    case GALLEY_BLOCK_QUOTE: {
        size_t at = flow->n;
        st = galley_composer_flow_text(c, &b->text, GALLEY_STYLE_QUOTE, t->lang, 0, b->field, 0);
        if (!st && at < flow->n)
            flow->items[at].floats = 1; /* a pull quote: the text may flow past it */
        if (!st && !galley_text_is_empty(&b->attribution) && flow->n &&
            flow->items[flow->n - 1].keep < 1)
            flow->items[flow->n - 1].keep = 1; /* the quote keeps its attribution */
        return st ? st
                  : galley_composer_flow_text(c, &b->attribution, GALLEY_STYLE_BYLINE, t->lang, 0,
                                              b->field, 0);
    }
    default: {
        int after_paragraph = i > 0 && t->body[i - 1].kind == GALLEY_BLOCK_PARAGRAPH;
        double indent = after_paragraph ? galley_composer_style(c, GALLEY_STYLE_BODY)->indent : 0;
        return galley_composer_flow_text(c, &b->text, GALLEY_STYLE_BODY, t->lang, indent, b->field,
                                         0);
    }
    }
}

galley_status_t galley_composer_flow_block(galley_composer_t *c, const galley_article_text_t *t,
                                           size_t i)
{
    galley_status_t st = flow_block_text(c, t, i);
    /* The article's photos after the lead follow the block they are anchored
     * to (galley_article_photo_after), in their order; a translation's text
     * carries none (its captions go with the article's photo blocks). */
    for (size_t k = 1; !st && t == &c->a->main && k < c->a->n_photos; k++)
        if (galley_article_photo_after(c->a, k) == i)
            st = galley_composer_flow_photo(c, k);
    return st;
}

/* The body blocks in order. */
static galley_status_t flow_body(galley_composer_t *c, const galley_article_text_t *t)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && i < t->n_body; i++)
        st = galley_composer_flow_block(c, t, i);
    return st;
}

/* End notes, then the related-article box between two rules. */
galley_status_t galley_composer_flow_tail(galley_composer_t *c, const galley_article_text_t *t)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    const char *pre = t->field_prefix;
    for (size_t i = 0; !st && i < t->n_notes; i++) {
        const char *el = galley_document_strdup(c->doc, "%snotes[%zu]", pre, i);
        st = el ? galley_composer_flow_text(c, &t->notes[i], GALLEY_STYLE_NOTE, t->lang, 0, el, 0)
                : GALLEY_STATUS_NO_MEMORY;
    }
    if (st || t->n_related == 0)
        return st;
    const char *el = galley_document_strdup(c->doc, "%srelated", pre);
    if (!el)
        return GALLEY_STATUS_NO_MEMORY;
    st = galley_composer_flow_rule(c, el, 1.0, c->l->grid);
    galley_text_t label = galley_plain_text(galley_lang_words(t->lang)->related);
    if (!st)
        st = galley_composer_flow_text(c, &label, GALLEY_STYLE_KICKER, t->lang, 0, el, 1);
    for (size_t i = 0; !st && i < t->n_related; i++) {
        c->url = t->related[i].url;
        st = galley_composer_flow_text(c, &t->related[i].headline, GALLEY_STYLE_RELATED, t->lang, 0,
                                       t->related[i].field, 0);
        c->url = NULL;
    }
    if (!st)
        st = galley_composer_flow_rule(c, el, 0.5, c->l->grid * 0.25);
    return st;
}

const char *galley_composer_translation_label(galley_composer_t *c, const galley_article_text_t *t,
                                              galley_text_t *label)
{
    const char *sec = galley_text_is_empty(&t->section) ? NULL : t->section.text;
    const char *kic = galley_text_is_empty(&t->kicker) ? NULL : t->kicker.text;
    const char *text = galley_document_strdup(c->doc, "%s%s%s", sec ? sec : "",
                                              sec && kic ? " · " : "", kic ? kic : "");
    *label = galley_plain_text(text);
    return text
               ? galley_document_strdup(c->doc, "%s%s", t->field_prefix, kic ? "kicker" : "section")
               : NULL;
}

/* A translation after the article: a rule, its kicker, headline, deck, byline,
 * body and tail, all in its own language. Its head (rule, label, headline,
 * deck) is marked as one (the first item's head and head_items): composers
 * set it as a band across the columns its text fills, in the translation
 * head styles (galley_composer_story_place). The lines here, set small at the
 * column's width, only stand for it in the flow's count of text (what is
 * counted as overset when the band is never set); they are never printed. */
static galley_status_t flow_translation(galley_composer_t *c, const galley_article_text_t *t)
{
    const char *pre = t->field_prefix;
    const char *el_h = galley_document_strdup(c->doc, "%sheadline", pre);
    const char *el_d = galley_document_strdup(c->doc, "%sdeck", pre);
    galley_text_t label;
    const char *el_l = galley_composer_translation_label(c, t, &label);
    if (!el_h || !el_d || !el_l)
        return GALLEY_STATUS_NO_MEMORY;
    galley_flow_t *flow = &c->story->flow;
    size_t head = flow->n;
    galley_status_t st = galley_composer_flow_rule(c, el_h, 1.0, c->l->grid * 2);
    if (!st)
        st = galley_composer_flow_text(c, &label, GALLEY_STYLE_KICKER, t->lang, 0, el_l, 2);
    if (!st)
        st = galley_composer_flow_text(c, &t->headline, GALLEY_STYLE_SUBHEAD, t->lang, 0, el_h, 2);
    if (!st)
        st = galley_composer_flow_text(c, &t->deck, GALLEY_STYLE_NOTE, t->lang, 0, el_d, 0);
    if (st)
        return st;
    flow->items[head].head = t;
    flow->items[head].head_items = flow->n - head;
    st = galley_composer_flow_byline(c, t);
    if (!st)
        st = flow_body(c, t);
    if (!st)
        st = galley_composer_flow_tail(c, t);
    return st;
}

/* The whole flow: byline, body, tail, translations. */
galley_status_t galley_composer_build_flow(galley_composer_t *c)
{
    galley_status_t st = galley_composer_flow_byline(c, &c->a->main);
    if (!st && c->lead_in_flow && c->a->n_photos > 0)
        st = galley_composer_flow_photo(c, 0);
    if (!st)
        st = flow_body(c, &c->a->main);
    if (!st)
        st = galley_composer_flow_tail(c, &c->a->main);
    for (size_t i = 0; !st && i < c->a->n_translations; i++)
        st = flow_translation(c, &c->a->translations[i]);
    return st;
}
