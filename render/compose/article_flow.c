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

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Lines of its text a byline keeps with: a head never stands alone at a
 * column's foot, nor over a column its text does not continue in. */
enum { BYLINE_KEEPS = 3 };

int galley_composer_dateline_runs_in(const galley_article_text_t *t)
{
    return !galley_text_is_empty(&t->dateline) && t->n_body > 0 &&
           t->body[0].kind == GALLEY_BLOCK_PARAGRAPH;
}

/* Appends the byline's text T on one line: in the byline style, or, where
 * that runs to a second line in the column, up to a tenth smaller (as a desk
 * sets a long title; a quarter printed one at the credit's size, too small
 * for a byline); a byline too long even then wraps at its own size. */
static galley_status_t flow_byline_line(galley_composer_t *c, const galley_text_t *t,
                                        const char *lang, const char *el)
{
    const galley_style_t *bs = galley_composer_style(c, GALLEY_STYLE_BYLINE);
    galley_style_t small = *bs;
    int fits = 0;
    for (int step = 0; !fits && step <= 2; step++) { /* 100%, 95%, 90% */
        small.size = bs->size * (1.0 - 0.05 * step);
        galley_lines_t *lines;
        const galley_style_t *was = c->override[GALLEY_STYLE_BYLINE];
        c->override[GALLEY_STYLE_BYLINE] = &small;
        galley_status_t st =
            galley_composer_set_text(c, t, GALLEY_STYLE_BYLINE, lang, c->colw, 0, el, &lines);
        c->override[GALLEY_STYLE_BYLINE] = was;
        if (st)
            return st;
        fits = lines->n_lines <= 1;
    }
    if (!fits)
        small.size = bs->size;
    const galley_style_t *was = c->override[GALLEY_STYLE_BYLINE];
    c->override[GALLEY_STYLE_BYLINE] = &small;
    galley_status_t st = galley_composer_flow_text(c, t, GALLEY_STYLE_BYLINE, lang, 0, el, 0);
    c->override[GALLEY_STYLE_BYLINE] = was;
    return st;
}

/* The byline on one line at the head of the flow, in the language module's
 * form ("By NAME, Title"; "이해준 기자"); the dateline after it only when it
 * cannot run into the first paragraph. The e-mail goes to the tail. Kept
 * together and with the first BYLINE_KEEPS items after them. */
galley_status_t galley_composer_flow_byline(galley_composer_t *c, const galley_article_text_t *t)
{
    galley_flow_t *flow = &c->story->flow;
    size_t first = flow->n;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    const char *pre = t->field_prefix;
    if (!galley_text_is_empty(&t->byline.name)) {
        const galley_lang_byline_t *form = &galley_lang_words(t->lang)->byline;
        const char *title = t->byline.title && *t->byline.title ? t->byline.title : NULL;
        const char *el = galley_document_strdup(c->doc, "%sbyline", pre);
        const char *line = galley_document_strdup(c->doc, "%s%s%s%s", form->by, t->byline.name.text,
                                                  title ? form->between : "", title ? title : "");
        if (!el || !line)
            return GALLEY_STATUS_NO_MEMORY;
        galley_text_t nt = galley_plain_text(line);
        st = flow_byline_line(c, &nt, t->lang, el);
    }
    if (!st && !galley_composer_dateline_runs_in(t)) {
        const char *del = galley_document_strdup(c->doc, "%sdateline", pre);
        if (!del)
            return GALLEY_STATUS_NO_MEMORY;
        st = galley_composer_flow_text(c, &t->dateline, GALLEY_STYLE_DATELINE, t->lang, 0, del, 0);
    }
    for (size_t i = first; !st && i < flow->n; i++) {
        int keep = i + 1 == flow->n ? BYLINE_KEEPS : 1;
        flow->items[i].keep = flow->items[i].keep > keep ? flow->items[i].keep : keep;
    }
    return st;
}

/* The first paragraph of T with its dateline run in as a bold lead-in, in
 * the dateline style's case: "SEOUL — The ...". */
static galley_status_t flow_run_in(galley_composer_t *c, const galley_article_text_t *t)
{
    const galley_block_t *b = &t->body[0];
    galley_text_t upper = {0}, run = {0};
    const galley_text_t *date = &t->dateline;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (galley_composer_style(c, GALLEY_STYLE_DATELINE)->uppercase) {
        st = galley_text_upper(&t->dateline, &upper);
        date = &upper;
    }
    const char *lead = st ? NULL
                          : galley_document_strdup(c->doc, "%s%s", date->text,
                                                   galley_lang_words(t->lang)->byline.dash);
    if (!st && !lead)
        st = GALLEY_STATUS_NO_MEMORY;
    if (!st)
        st = galley_text_wrap(lead, 1, &b->text, NULL, &run);
    if (!st)
        st = galley_composer_flow_text(c, &run, GALLEY_STYLE_BODY, t->lang, 0, b->field, 0);
    galley_text_fini(&upper);
    galley_text_fini(&run);
    return st;
}

/* True when TEXT begins with a quotation mark of its own (one a language
 * module pairs: lang.h quote_pairs). */
static int has_quote_mark(const galley_text_t *text)
{
    const char *s = text->text ? text->text : "";
    while (*s == ' ')
        s++;
    return *s && galley_lang_quote_close(g_utf8_get_char(s)) != 0;
}

/* A pull quote: a rule above and below (the quote style's "rule"), its text
 * in quotation marks of its language when it has none ("marks"), kept with
 * its attribution; the style's space before and after stands outside the
 * rules, less the rules and their gaps, so a quote takes the depth it took
 * without them. */
static galley_status_t flow_quote(galley_composer_t *c, const galley_article_text_t *t,
                                  const galley_block_t *b)
{
    galley_flow_t *flow = &c->story->flow;
    const galley_style_t *qs = galley_composer_style(c, GALLEY_STYLE_QUOTE);
    galley_style_t inner = *qs;
    double gap = qs->rule > 0 ? c->l->grid * 0.5 : 0;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    size_t top = flow->n;
    if (qs->rule > 0) {
        st = galley_composer_flow_rule(c, b->field, qs->rule,
                                       fmax(0, qs->space_before - gap - qs->rule));
        inner.space_before = gap;
    }
    galley_text_t marked = {0};
    const galley_lang_quotes_t *q = &galley_lang_words(t->lang)->quotes;
    if (!st && qs->marks && !has_quote_mark(&b->text))
        st = galley_text_wrap(q->open, 0, &b->text, q->close, &marked);
    const galley_text_t *text = marked.text ? &marked : &b->text;
    const galley_style_t *was = c->override[GALLEY_STYLE_QUOTE];
    c->override[GALLEY_STYLE_QUOTE] = &inner;
    if (!st)
        st = galley_composer_flow_text(c, text, GALLEY_STYLE_QUOTE, t->lang, 0, b->field, 0);
    c->override[GALLEY_STYLE_QUOTE] = was;
    galley_text_fini(&marked);
    if (!st && !galley_text_is_empty(&b->attribution) && flow->n &&
        flow->items[flow->n - 1].keep < 1)
        flow->items[flow->n - 1].keep = 1; /* the quote keeps its attribution */
    if (!st)
        st = galley_composer_flow_text(c, &b->attribution, GALLEY_STYLE_BYLINE, t->lang, 0,
                                       b->field, 0);
    if (!st && qs->rule > 0) {
        if (flow->n && flow->items[flow->n - 1].keep < 1)
            flow->items[flow->n - 1].keep = 1; /* the last line keeps the rule below */
        c->pending = gap;
        st = galley_composer_flow_rule(c, b->field, qs->rule, 0);
        if (!st) {
            /* One block: the rule above keeps with every line and the rule
             * below, which binds nothing after it. */
            flow->items[top].keep = (int)(flow->n - 1 - top);
            flow->items[flow->n - 1].keep = 0;
        }
        c->pending = fmax(0, qs->space_after - gap - qs->rule);
    }
    if (!st && top < flow->n)
        galley_composer_flow_float(c, top); /* a pull quote: the text may flow past it */
    return st;
}

/* A list block: each item a body paragraph hung after its marker, a bullet
 * or its number ("9.", "10.", right-aligned in a hang as wide as the list's
 * widest), so every item's text starts on one line. Items run on in the
 * body's grid with no space between them; each keeps its own first and last
 * two lines together as a paragraph does. */
static galley_status_t flow_list(galley_composer_t *c, const galley_article_text_t *t,
                                 const galley_block_t *b)
{
    char widest[16] = "\u2022", marker[16] = "\u2022";
    if (b->ordered)
        snprintf(widest, sizeof widest, "%zu.", (size_t)b->start + b->n_items - 1);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && i < b->n_items; i++) {
        if (b->ordered)
            snprintf(marker, sizeof marker, "%zu.", (size_t)b->start + i);
        c->marker = marker;
        c->hang_for = widest;
        st = galley_composer_flow_text(c, &b->items[i].text, GALLEY_STYLE_BODY, t->lang, 0,
                                       b->items[i].field, 0);
        c->marker = c->hang_for = NULL;
    }
    return st;
}

/* Appends the text of body block I of T: see galley_composer_flow_block. */
static galley_status_t flow_block_text(galley_composer_t *c, const galley_article_text_t *t,
                                       size_t i)
{
    const galley_block_t *b = &t->body[i];
    switch (b->kind) {
    case GALLEY_BLOCK_SUBHEAD:
        return galley_composer_flow_text(c, &b->text, GALLEY_STYLE_SUBHEAD, t->lang, 0, b->field,
                                         2);
    case GALLEY_BLOCK_QUOTE:
        return flow_quote(c, t, b);
    case GALLEY_BLOCK_LIST:
        return flow_list(c, t, b);
    default: {
        if (i == 0 && galley_composer_dateline_runs_in(t))
            return flow_run_in(c, t);
        /* Indented after a paragraph, also across a pull quote (a float, not
         * a break in the text: where it moves on, the paragraphs meet). */
        size_t k = i;
        while (k > 0 && t->body[k - 1].kind == GALLEY_BLOCK_QUOTE)
            k--;
        int after_paragraph = k > 0 && t->body[k - 1].kind == GALLEY_BLOCK_PARAGRAPH;
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

/* The writer's e-mail as the story's tagline, a mailto link, in the note
 * style: the one-line byline leaves it here, after the last paragraph. */
static galley_status_t flow_email(galley_composer_t *c, const galley_article_text_t *t)
{
    if (!t->byline.email || !*t->byline.email || galley_text_is_empty(&t->byline.name))
        return GALLEY_STATUS_SUCCESS;
    const char *el = galley_document_strdup(c->doc, "%sbyline", t->field_prefix);
    c->url = galley_document_strdup(c->doc, "mailto:%s", t->byline.email);
    if (!el || !c->url)
        return GALLEY_STATUS_NO_MEMORY;
    galley_text_t email = galley_plain_text(t->byline.email);
    galley_style_t tag = *galley_composer_style(c, GALLEY_STYLE_NOTE);
    tag.space_before = 0; /* it closes the last paragraph, a line under it */
    const galley_style_t *was = c->override[GALLEY_STYLE_NOTE];
    c->override[GALLEY_STYLE_NOTE] = &tag;
    galley_status_t st = galley_composer_flow_text(c, &email, GALLEY_STYLE_NOTE, t->lang, 0, el, 0);
    c->override[GALLEY_STYLE_NOTE] = was;
    c->url = NULL;
    return st;
}

/* The related-article box between two rules: its label, then each headline
 * as an item of its own, after the related style's marker ("\u2022 ") and
 * under a hairline from the item before. */
static galley_status_t flow_related(galley_composer_t *c, const galley_article_text_t *t)
{
    const char *el = galley_document_strdup(c->doc, "%srelated", t->field_prefix);
    if (!el)
        return GALLEY_STATUS_NO_MEMORY;
    galley_status_t st = galley_composer_flow_rule(c, el, 1.0, c->l->grid);
    galley_text_t label = galley_plain_text(galley_lang_words(t->lang)->related);
    if (!st)
        st = galley_composer_flow_text(c, &label, GALLEY_STYLE_KICKER, t->lang, 0, el, 1);
    const char *marker = galley_composer_style(c, GALLEY_STYLE_RELATED)->marker;
    for (size_t i = 0; !st && i < t->n_related; i++) {
        const galley_related_t *r = &t->related[i];
        if (i > 0) {
            c->pending = c->l->grid * 0.25;
            st = galley_composer_flow_rule(c, r->field, 0.3, 0);
            c->pending = c->l->grid * 0.25;
        }
        galley_text_t item = {0};
        if (!st)
            st = galley_text_wrap(marker, 1, &r->headline, NULL, &item);
        c->url = r->url;
        if (!st)
            st = galley_composer_flow_text(c, &item, GALLEY_STYLE_RELATED, t->lang, 0, r->field, 0);
        c->url = NULL;
        galley_text_fini(&item);
    }
    if (!st)
        st = galley_composer_flow_rule(c, el, 0.5, c->l->grid * 0.25);
    return st;
}

/* The e-mail, end notes, then the related-article box. */
galley_status_t galley_composer_flow_tail(galley_composer_t *c, const galley_article_text_t *t)
{
    galley_status_t st = flow_email(c, t);
    const char *pre = t->field_prefix;
    for (size_t i = 0; !st && i < t->n_notes; i++) {
        const char *el = galley_document_strdup(c->doc, "%snotes[%zu]", pre, i);
        st = el ? galley_composer_flow_text(c, &t->notes[i], GALLEY_STYLE_NOTE, t->lang, 0, el, 0)
                : GALLEY_STATUS_NO_MEMORY;
    }
    return st || t->n_related == 0 ? st : flow_related(c, t);
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
