/* import_nitf.c: NITF 3.x and NewsML-G2 news items as Galley articles.
 *
 * Owns: the NITF fields Galley maps (docs/formats.md, "NITF"): head/title,
 * hedline/hl1 and hl2, byline with byttl, dateline, abstract, docdata's
 * date.issue, pubdata's section, xml:lang, body.content through the body
 * mapper (import_html.c), and body.end's tagline as a note; and a NewsML-G2
 * newsItem's contentMeta (headline, slugline, by, dateline, located,
 * language, description, dates) with its contentSet: NITF or XHTML in
 * inlineXML (mapped as above), or plain text in inlineData. Elements are
 * matched by local name, so any namespace prefix will do.
 */
#include "import_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* True for an element named NAME (local name). */
static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The first child element of N named NAME, or NULL. */
static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* The first element named NAME at or under N, at most DEPTH levels down. */
static const xmlNode *find(const xmlNode *n, const char *name, int depth)
{
    if (!n || depth > GALLEY_IMPORT_MAX_DEPTH)
        return NULL;
    if (is(n, name))
        return n;
    for (const xmlNode *c = n->children; c; c = c->next) {
        const xmlNode *d = find(c, name, depth + 1);
        if (d)
            return d;
    }
    return NULL;
}

/* The text of N, white space collapsed (newly allocated, free()), or NULL. */
static char *text_of(const xmlNode *n)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    if (!t)
        return NULL;
    char *s = malloc(strlen((const char *)t) + 1), *o = s;
    int space = 1;
    for (const char *p = (const char *)t; s && *p; p++) {
        int ws = strchr(" \t\r\n", *p) != NULL;
        if (!(ws && space))
            *o++ = ws ? ' ' : *p;
        space = ws;
    }
    if (s) {
        while (o > s && o[-1] == ' ')
            o--;
        *o = '\0';
    }
    xmlFree(t);
    return s;
}

/* Sets KEY to the text of N. */
static void set_text(galley_import_t *im, const char *key, const xmlNode *n)
{
    if (n)
        galley_import_at_node(im, n);
    char *s = text_of(n);
    galley_import_set(im, key, s);
    free(s);
}

/* Sets KEY to the inline markup of N (a field with markup). */
static void set_markup(galley_import_t *im, const char *key, const xmlNode *n)
{
    if (n)
        galley_import_at_node(im, n);
    char *s = n ? galley_import_html_inline(im, n) : NULL;
    galley_import_set(im, key, s);
    free(s);
}

/* Sets "date" from an ISO 8601 date or NITF's "20250611T093000+0900". */
static void set_date(galley_import_t *im, const char *s)
{
    char day[11];
    if (!s)
        return;
    if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
        memcpy(day, s, 10);
    } else if (strlen(s) >= 8 && strspn(s, "0123456789") >= 8) {
        memcpy(day, s, 4), day[4] = '-', memcpy(day + 5, s + 4, 2), day[7] = '-';
        memcpy(day + 8, s + 6, 2);
    } else {
        return;
    }
    day[10] = '\0';
    galley_import_set(im, "date", day);
}

/* The byline: its text less byttl and a leading "By ", with byttl as title. */
static void set_byline(galley_import_t *im, const xmlNode *by)
{
    if (!by)
        return;
    galley_import_at_node(im, by);
    galley_inline_t name;
    galley_inline_init(&name);
    for (const xmlNode *c = by->children; c; c = c->next) {
        if (is(c, "byttl"))
            continue;
        char *t = c->type == XML_TEXT_NODE ? (char *)xmlNodeGetContent(c) : text_of(c);
        if (t)
            galley_inline_raw(&name, t, strlen(t));
        if (c->type == XML_TEXT_NODE)
            xmlFree(t);
        else
            free(t);
    }
    char *n = galley_inline_take(&name), *title = text_of(child(by, "byttl"));
    const char *p = n;
    if (p && !strncasecmp(p, "by ", 3))
        p += 3;
    size_t len = p ? strlen(p) : 0;
    while (len && strchr(" ,;", p[len - 1]))
        len--;
    if (len) {
        json_t *b = json_object();
        json_object_set_new(b, "name", json_stringn(p, len));
        if (title && title[0])
            json_object_set_new(b, "title", json_string(title));
        galley_import_set_value(im, "byline", b);
    } else {
        galley_import_set(im, "byline", title); /* only a byttl: "Sports Network" */
    }
    free(n);
    free(title);
}

/* An NITF document's fields and body. */
static void nitf(galley_import_t *im, const xmlNode *root)
{
    const xmlNode *head = child(root, "head"), *body = child(root, "body");
    const xmlNode *bhead = child(body, "body.head"), *hed = child(bhead, "hedline");
    xmlChar *lang = xmlNodeGetLang(root);
    galley_import_at_node(im, root);
    galley_import_set(im, "lang", (const char *)lang);
    xmlFree(lang);
    const xmlNode *pub = child(head, "pubdata");
    xmlChar *section = pub ? xmlGetProp(pub, (const xmlChar *)"position.section") : NULL;
    if (pub)
        galley_import_at_node(im, pub);
    galley_import_set(im, "section", (const char *)section);
    xmlFree(section);
    set_text(im, "headline", child(hed, "hl1"));
    set_text(im, "headline", child(head, "title"));
    set_markup(im, "deck", child(hed, "hl2"));
    set_markup(im, "deck", child(bhead, "abstract"));
    set_byline(im, child(bhead, "byline"));
    const xmlNode *dl = child(bhead, "dateline");
    set_text(im, "dateline", child(dl, "location"));
    set_text(im, "dateline", dl);
    const xmlNode *issue = child(child(head, "docdata"), "date.issue");
    xmlChar *norm = issue ? xmlGetProp(issue, (const xmlChar *)"norm") : NULL;
    if (issue)
        galley_import_at_node(im, issue);
    set_date(im, (const char *)norm);
    xmlFree(norm);
    galley_import_html_blocks(im, child(body, "body.content"));
    const xmlNode *tag = find(child(body, "body.end"), "tagline", 0);
    if (tag)
        galley_import_at_node(im, tag);
    char *note = tag ? galley_import_html_inline(im, tag) : NULL;
    if (note)
        galley_import_set_value(im, "notes", json_pack("[s]", note));
    free(note);
}

/* Plain text (inlineData): a paragraph a line. */
static void plain(galley_import_t *im, const xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    galley_import_at_node(im, n);
    for (const char *p = (const char *)t; p && *p;) {
        size_t len = strcspn(p, "\n");
        char *line = strndup(p, len);
        galley_import_block(im, "paragraph", line ? galley_inline_escape(line) : NULL, NULL);
        free(line);
        p += len + (p[len] == '\n');
    }
    xmlFree(t);
}

/* The text of a contentSet: NITF or XHTML inline, else plain inline data. */
static void content_set(galley_import_t *im, const xmlNode *set)
{
    for (const xmlNode *c = set ? set->children : NULL; c; c = c->next) {
        if (is(c, "inlineXML")) {
            for (const xmlNode *x = c->children; x; x = x->next) {
                if (is(x, "nitf"))
                    nitf(im, x);
                else if (x->type == XML_ELEMENT_NODE)
                    galley_import_html_blocks(im, x);
            }
        } else if (is(c, "inlineData")) {
            plain(im, c);
        }
        if (json_array_size(im->body))
            return; /* the first content with text */
    }
}

/* A NewsML-G2 newsItem: its contentMeta, then its content. */
static void news_item(galley_import_t *im, const xmlNode *item)
{
    const xmlNode *meta = child(item, "contentMeta");
    xmlChar *lang = NULL;
    const xmlNode *language = child(meta, "language");
    lang = language ? xmlGetProp(language, (const xmlChar *)"tag") : xmlNodeGetLang(item);
    galley_import_at_node(im, language ? language : item);
    galley_import_set(im, "lang", (const char *)lang);
    xmlFree(lang);
    for (const xmlNode *s = meta ? meta->children : NULL; s; s = s->next)
        if (is(s, "subject") && child(s, "name")) { /* the first named subject */
            set_text(im, "section", child(s, "name"));
            break;
        }
    set_text(im, "headline", child(meta, "headline"));
    set_text(im, "kicker", child(meta, "slugline"));
    set_text(im, "byline", child(meta, "by"));
    set_text(im, "dateline", child(meta, "dateline"));
    set_text(im, "dateline", child(child(meta, "located"), "name"));
    for (const xmlNode *d = meta ? meta->children : NULL; d; d = d->next) {
        xmlChar *role = is(d, "description") ? xmlGetProp(d, (const xmlChar *)"role") : NULL;
        if (is(d, "description") && (!role || strstr((const char *)role, "summary")))
            set_markup(im, "deck", d);
        xmlFree(role);
    }
    const xmlNode *dates[] = {child(meta, "contentCreated"),
                              child(child(item, "itemMeta"), "versionCreated")};
    for (size_t i = 0; i < 2; i++) {
        if (dates[i])
            galley_import_at_node(im, dates[i]);
        char *s = text_of(dates[i]);
        set_date(im, s);
        free(s);
    }
    content_set(im, child(item, "contentSet"));
}

/* Maps an NITF or NewsML-G2 document; see import_private.h. */
json_t *galley_import_xml(galley_import_t *im, xmlDoc *doc, int from)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    int is_nitf = is(root, "nitf");
    int is_newsml = is(root, "newsItem") || is(root, "newsMessage") || is(root, "contentSet");
    if ((from == GALLEY_FROM_NITF && !is_nitf) || (from == GALLEY_FROM_NEWSML && !is_newsml) ||
        (!is_nitf && !is_newsml)) {
        int line, col;
        galley_import_node_position(im, root, &line, &col);
        galley_import_error(im, line, col, NULL, "the XML root is <%s>: %s",
                            root ? (const char *)root->name : "",
                            from == GALLEY_FROM_NITF     ? "an NITF article's is <nitf>"
                            : from == GALLEY_FROM_NEWSML ? "a NewsML-G2 item's is <newsItem> "
                                                           "or <newsMessage>"
                                                         : "Galley reads <nitf> (NITF) and "
                                                           "<newsItem>, <newsMessage> or "
                                                           "<contentSet> (NewsML-G2)");
        return NULL;
    }
    if (is_nitf) {
        nitf(im, root);
        return galley_import_finish(im, "this NITF document");
    }
    if (is(root, "contentSet")) { /* a NewsML-G2 item's content, on its own */
        content_set(im, root);
        return galley_import_finish(im, "this NewsML-G2 contentSet");
    }
    const xmlNode *item = find(root, "newsItem", 0);
    for (const xmlNode *n = item; n && !json_array_size(im->body); n = n->next)
        if (is(n, "newsItem")) /* a message: its first item with text */
            news_item(im, n);
    return galley_import_finish(im, item ? "this NewsML-G2 item" : "this NewsML-G2 message");
}
