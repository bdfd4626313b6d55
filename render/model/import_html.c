/* import_html.c: HTML, XHTML and NITF body content as Galley body blocks.
 *
 * Owns: the walk over a body's elements (a libxml2 tree: HTML parsed with
 * the HTML parser, XHTML and NITF body.content with the XML parser) that
 * makes paragraphs, subheads, pull quotes and photos in the flow, and the
 * inline walk that makes Galley markup (import_inline.c). Block and inline
 * elements are looked up in tables (data, not code paths); lists become list
 * blocks, tables paragraphs with a warning, unknown elements keep their text with a
 * warning naming them (once per name), script, style and comments are left
 * out. Nothing is dropped without a message. The walk's depth is limited
 * (GALLEY_IMPORT_MAX_DEPTH).
 */
#include "import_private.h"

#include <libxml/HTMLparser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What an element is to the walk. */
typedef enum {
    EL_UNKNOWN,   /* text kept, with a warning */
    EL_SKIP,      /* left out with everything in it (script, style) */
    EL_CONTAINER, /* its children are walked (div, section, NITF block) */
    EL_PARAGRAPH, /* a paragraph of its inline content */
    EL_SUBHEAD,   /* a subhead */
    EL_QUOTE,     /* a pull quote; a cite, footer or NITF credit inside: its attribution */
    EL_LIST,      /* ul, ol: a list block */
    EL_TABLE,     /* a row a paragraph, with a warning */
    EL_FIGURE,    /* figure, NITF media: a photo with its caption */
    EL_IMAGE,     /* img: a photo */
    EL_RULE,      /* hr: ends the paragraph */
    EL_INLINE,    /* text-level: its text goes on the paragraph */
    EL_EMPHASIS,  /* em, i: *...* */
    EL_STRONG,    /* strong, b: **...** */
    EL_LINK,      /* a: [...](href) */
    EL_BREAK,     /* br: a space */
    EL_QUOTED     /* q: "..." */
} element_t;

static const struct {
    const char *name;
    element_t kind;
} ELEMENTS[] = {
    {"script", EL_SKIP},
    {"style", EL_SKIP},
    {"head", EL_SKIP},
    {"title", EL_SKIP},
    {"meta", EL_SKIP},
    {"link", EL_SKIP},
    {"template", EL_SKIP},
    {"noscript", EL_SKIP},
    {"html", EL_CONTAINER},
    {"body", EL_CONTAINER},
    {"body.content", EL_CONTAINER},
    {"div", EL_CONTAINER},
    {"section", EL_CONTAINER},
    {"article", EL_CONTAINER},
    {"main", EL_CONTAINER},
    {"header", EL_CONTAINER},
    {"footer", EL_CONTAINER},
    {"aside", EL_CONTAINER},
    {"nav", EL_CONTAINER},
    {"center", EL_CONTAINER},
    {"block", EL_CONTAINER},
    {"p", EL_PARAGRAPH},
    {"pre", EL_PARAGRAPH},
    {"address", EL_PARAGRAPH},
    {"dt", EL_PARAGRAPH},
    {"dd", EL_PARAGRAPH},
    {"dl", EL_CONTAINER},
    {"figcaption", EL_PARAGRAPH},
    {"h1", EL_SUBHEAD},
    {"h2", EL_SUBHEAD},
    {"h3", EL_SUBHEAD},
    {"h4", EL_SUBHEAD},
    {"h5", EL_SUBHEAD},
    {"h6", EL_SUBHEAD},
    {"hl2", EL_SUBHEAD},
    {"blockquote", EL_QUOTE},
    {"bq", EL_QUOTE},
    {"ul", EL_LIST},
    {"ol", EL_LIST},
    {"table", EL_TABLE},
    {"figure", EL_FIGURE},
    {"media", EL_FIGURE},
    {"img", EL_IMAGE},
    {"hr", EL_RULE},
    {"em", EL_EMPHASIS},
    {"i", EL_EMPHASIS},
    {"strong", EL_STRONG},
    {"b", EL_STRONG},
    {"a", EL_LINK},
    {"br", EL_BREAK},
    {"q", EL_QUOTED},
    /* HTML text-level elements that print as plain text */
    {"span", EL_INLINE},
    {"u", EL_INLINE},
    {"s", EL_INLINE},
    {"small", EL_INLINE},
    {"big", EL_INLINE},
    {"sup", EL_INLINE},
    {"sub", EL_INLINE},
    {"abbr", EL_INLINE},
    {"acronym", EL_INLINE},
    {"cite", EL_INLINE},
    {"code", EL_INLINE},
    {"kbd", EL_INLINE},
    {"samp", EL_INLINE},
    {"var", EL_INLINE},
    {"dfn", EL_INLINE},
    {"time", EL_INLINE},
    {"mark", EL_INLINE},
    {"ins", EL_INLINE},
    {"del", EL_INLINE},
    {"font", EL_INLINE},
    {"bdi", EL_INLINE},
    {"bdo", EL_INLINE},
    {"wbr", EL_INLINE},
    {"data", EL_INLINE},
    /* NITF's inline elements (entities, dates, money...) print as their text */
    {"person", EL_INLINE},
    {"org", EL_INLINE},
    {"location", EL_INLINE},
    {"classifier", EL_INLINE},
    {"chron", EL_INLINE},
    {"money", EL_INLINE},
    {"num", EL_INLINE},
    {"object.title", EL_INLINE},
    {"event", EL_INLINE},
    {"function", EL_INLINE},
    {"virtloc", EL_INLINE},
    {"alt-code", EL_INLINE},
    {"copyrite", EL_INLINE},
    {"copyrite.year", EL_INLINE},
    {"copyrite.holder", EL_INLINE},
    {"lang", EL_INLINE},
    {"pronounce", EL_INLINE},
    {"postaddr", EL_INLINE},
    {"sublocation", EL_INLINE},
    {"city", EL_INLINE},
    {"state", EL_INLINE},
    {"region", EL_INLINE},
    {"country", EL_INLINE},
    {"credit", EL_INLINE},
    {"dateline", EL_PARAGRAPH},
};

/* The walk's state: the paragraph being gathered from loose inline content. */
typedef struct {
    galley_import_t *im;
    galley_inline_t para;
    const xmlNode **pending; /* images met inside the paragraph: placed after it */
    size_t n_pending, cap_pending;
    json_t *warned; /* element names already warned about */
    int depth;
} walk_t;

/* The element's kind by its local name (case-insensitive: HTML). */
static element_t kind_of(const xmlNode *n)
{
    for (size_t i = 0; i < sizeof ELEMENTS / sizeof ELEMENTS[0]; i++)
        if (!strcasecmp((const char *)n->name, ELEMENTS[i].name))
            return ELEMENTS[i].kind;
    return EL_UNKNOWN;
}

/* True for an element named NAME. */
static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

/* The attribute NAME of N (newly allocated by libxml2: xmlFree), or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* Warns once per element name, at the element: WHAT says what became of it. */
static void warn_element(walk_t *w, const xmlNode *n, const char *what)
{
    if (json_object_get(w->warned, (const char *)n->name))
        return;
    json_object_set_new(w->warned, (const char *)n->name, json_true());
    int line, col;
    galley_import_node_position(w->im, n, &line, &col);
    galley_import_warn(w->im, line, col, NULL, "<%s>: %s", (const char *)n->name, what);
}

/* True when the walk may go one level deeper (else an error, once). */
static int deeper(walk_t *w, const xmlNode *n)
{
    if (w->depth < GALLEY_IMPORT_MAX_DEPTH)
        return 1;
    if (!w->im->st) {
        int line, col;
        galley_import_node_position(w->im, n, &line, &col);
        galley_import_error(w->im, line, col, NULL,
                            "<%s> is nested more than %d elements deep (a fixed limit)",
                            (const char *)n->name, GALLEY_IMPORT_MAX_DEPTH);
    }
    return 0;
}

static void inline_children(walk_t *w, galley_inline_t *b, const xmlNode *n);

/* Adds an image met inline to the photos placed after the paragraph. */
static void pend_image(walk_t *w, const xmlNode *n)
{
    if (w->n_pending == w->cap_pending) {
        size_t cap = w->cap_pending ? w->cap_pending * 2 : 4;
        const xmlNode **p = realloc(w->pending, cap * sizeof *p);
        if (!p)
            return;
        w->pending = p, w->cap_pending = cap;
    }
    w->pending[w->n_pending++] = n;
}

/* One node of inline content into B. */
static void inline_node(walk_t *w, galley_inline_t *b, const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *s = (const char *)n->content;
        galley_inline_text(b, s ? s : "", s ? strlen(s) : 0);
        return;
    }
    if (n->type != XML_ELEMENT_NODE)
        return; /* comments, processing instructions */
    size_t at = b->len;
    element_t k = kind_of(n);
    switch (k) {
    case EL_SKIP:
        return;
    case EL_BREAK:
    case EL_RULE:
        galley_inline_raw(b, " ", 1);
        return;
    case EL_IMAGE:
    case EL_FIGURE:
        pend_image(w, n);
        return;
    case EL_EMPHASIS:
    case EL_STRONG:
        inline_children(w, b, n);
        galley_inline_wrap(b, at, k == EL_EMPHASIS ? "*" : "**");
        return;
    case EL_LINK: {
        inline_children(w, b, n);
        char *href = attr(n, "href");
        galley_inline_link(b, at, href);
        xmlFree(href);
        return;
    }
    case EL_QUOTED:
        galley_inline_raw(b, "\"", 1);
        inline_children(w, b, n);
        galley_inline_raw(b, "\"", 1);
        return;
    case EL_INLINE:
        inline_children(w, b, n);
        return;
    case EL_UNKNOWN:
        warn_element(w, n, "not a Galley element: its text is kept");
        inline_children(w, b, n);
        return;
    case EL_LIST:
        warn_element(w, n,
                     "a list inside a list item or a paragraph runs into its text "
                     "(Galley's lists have one level)");
        /* fall through */
    default: /* a block inside inline content: its text, set apart by spaces */
        galley_inline_raw(b, " ", 1);
        inline_children(w, b, n);
        galley_inline_raw(b, " ", 1);
    }
}

/* The children of N as inline content into B. */
static void inline_children(walk_t *w, galley_inline_t *b, const xmlNode *n)
{
    if (!deeper(w, n))
        return;
    w->depth++;
    for (const xmlNode *c = n->children; c; c = c->next)
        inline_node(w, b, c);
    w->depth--;
}

/* The inline content of N, skipping children named SKIP (may be NULL), as markup. */
static char *inline_of(walk_t *w, const xmlNode *n, const char *const *skip)
{
    galley_inline_t b;
    galley_inline_init(&b);
    if (!deeper(w, n))
        return NULL;
    w->depth++;
    for (const xmlNode *c = n->children; c; c = c->next) {
        int skipped = 0;
        for (int i = 0; skip && skip[i]; i++)
            skipped |= is(c, skip[i]);
        if (!skipped)
            inline_node(w, &b, c);
    }
    w->depth--;
    return galley_inline_take(&b);
}

/* The first descendant of N named NAME, or NULL. */
static const xmlNode *find(const xmlNode *n, const char *name, int depth)
{
    for (const xmlNode *c = n->children; c && depth < GALLEY_IMPORT_MAX_DEPTH; c = c->next) {
        if (is(c, name))
            return c;
        const xmlNode *d = find(c, name, depth + 1);
        if (d)
            return d;
    }
    return NULL;
}

/* A photo of a figure, img or NITF media element. */
static void add_photo(walk_t *w, const xmlNode *n)
{
    int line, col;
    const xmlNode *img = is(n, "img") ? n : find(n, "img", 0);
    const xmlNode *ref = is(n, "media") ? find(n, "media-reference", 0) : img;
    char *type = is(n, "media") ? attr(n, "media-type") : NULL;
    galley_import_node_position(w->im, ref ? ref : n, &line, &col);
    if (type && strcasecmp(type, "image") && strcasecmp(type, "photo") &&
        strcasecmp(type, "graphic")) {
        warn_element(w, n, "not a photo (media-type is not \"image\"): left out");
    } else if (!ref) {
        warn_element(w, n, "holds no image: left out");
    } else {
        char *src = attr(ref, "src");
        if (!src)
            src = attr(ref, "source");
        char *alt = attr(ref, "alt");
        if (!alt)
            alt = attr(ref, "alternate-text");
        const xmlNode *cap = find(n, is(n, "media") ? "media-caption" : "figcaption", 0);
        const xmlNode *prod = is(n, "media") ? find(n, "media-producer", 0) : NULL;
        char *credit = prod ? (char *)xmlNodeGetContent(prod) : NULL;
        galley_import_photo(w->im, src, line, col, cap ? inline_of(w, cap, NULL) : NULL, credit,
                            alt, 1);
        xmlFree(src);
        xmlFree(alt);
        xmlFree(credit);
    }
    xmlFree(type);
}

/* Ends the paragraph being gathered: a block, then the images met in it. */
static void flush(walk_t *w)
{
    galley_import_block(w->im, "paragraph", galley_inline_take(&w->para), NULL);
    galley_inline_init(&w->para);
    for (size_t i = 0; i < w->n_pending; i++)
        add_photo(w, w->pending[i]);
    w->n_pending = 0;
}

/* A pull quote: its text, and its cite, footer or NITF credit as attribution. */
static void add_quote(walk_t *w, const xmlNode *n)
{
    static const char *const ATTRIBUTIONS[] = {"footer", "cite", "credit", NULL};
    const xmlNode *by = NULL;
    for (const xmlNode *c = n->children; c && !by; c = c->next)
        for (int i = 0; ATTRIBUTIONS[i] && !by; i++)
            by = is(c, ATTRIBUTIONS[i]) ? c : NULL;
    char *text = inline_of(w, n, ATTRIBUTIONS);
    char *attribution = by ? inline_of(w, by, NULL) : NULL;
    if (attribution) { /* "— Name" in the source: the dash is Galley's to print */
        size_t skip = strspn(attribution, " -\xE2\x80\x94\x93");
        while (skip && ((unsigned char)attribution[skip] & 0xC0) == 0x80)
            skip--;
        memmove(attribution, attribution + skip, strlen(attribution + skip) + 1);
    }
    galley_import_block(w->im, "quote", text, attribution);
}

/* A list (ul, ol): a list block, each element child an item of its inline
 * content; an ol's start is kept (0 to GALLEY_MAX_LIST_START), its other
 * numbering (letters, roman, reversed) is set in figures with a warning. */
static void add_list(walk_t *w, const xmlNode *n)
{
    int ordered = is(n, "ol"), start = 1;
    char *first = ordered ? attr(n, "start") : NULL;
    char *type = ordered ? attr(n, "type") : NULL;
    char *reversed = ordered ? attr(n, "reversed") : NULL;
    if (first) {
        char *end;
        long v = strtol(first, &end, 10);
        if (end != first && v >= 0 && v <= GALLEY_MAX_LIST_START)
            start = (int)v;
        else
            warn_element(w, n, "its start is not a number from 0 to 99999: it counts from 1");
    }
    if ((type && strcmp(type, "1")) || reversed)
        warn_element(w, n, "numbered 1, 2, 3... upward (Galley numbers lists in figures)");
    xmlFree(first);
    xmlFree(type);
    xmlFree(reversed);
    json_t *items = json_array();
    for (const xmlNode *c = n->children; c && items; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || kind_of(c) == EL_SKIP)
            continue;
        char *item = inline_of(w, c, NULL);
        if (item && strspn(item, " \t\r\n") < strlen(item))
            json_array_append_new(items, json_string(item));
        free(item);
    }
    galley_import_list(w->im, items, ordered, start);
}

/* A table's rows, each a paragraph of its cells joined by " | ". */
static void table_rows(walk_t *w, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is(c, "thead") || is(c, "tbody") || is(c, "tfoot")) {
            table_rows(w, c);
        } else if (is(c, "caption")) {
            galley_import_block(w->im, "paragraph", inline_of(w, c, NULL), NULL);
        } else if (is(c, "tr")) {
            galley_inline_t row;
            galley_inline_init(&row);
            for (const xmlNode *cell = c->children; cell; cell = cell->next) {
                char *t = cell->type == XML_ELEMENT_NODE ? inline_of(w, cell, NULL) : NULL;
                if (t && row.len)
                    galley_inline_raw(&row, " | ", 3);
                if (t)
                    galley_inline_raw(&row, t, strlen(t));
                free(t);
            }
            galley_import_block(w->im, "paragraph", galley_inline_take(&row), NULL);
        }
    }
}

static void blocks(walk_t *w, const xmlNode *n);

/* True for an h1 whose text is the article's headline (an HTML page's title
 * over its body): printed once, as the headline. */
static int repeats_headline(walk_t *w, const xmlNode *n)
{
    const char *headline = json_string_value(json_object_get(w->im->fields, "headline"));
    if (!is(n, "h1") || !headline)
        return 0;
    xmlChar *t = xmlNodeGetContent(n);
    const char *a = (const char *)t, *b = headline;
    int same = a != NULL;
    while (same && (*a || *b)) { /* equal but for white space */
        while (*a && strchr(" \t\r\n", *a))
            a++;
        while (*b && strchr(" \t\r\n", *b))
            b++;
        same = *a == *b;
        if (*a && same)
            a++, b++;
    }
    xmlFree(t);
    return same;
}

/* One child of a block container. */
static void block_node(walk_t *w, const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE) {
        inline_node(w, &w->para, n);
        return;
    }
    element_t k = kind_of(n);
    if (k != EL_SKIP && k != EL_CONTAINER && k != EL_UNKNOWN && k < EL_INLINE) {
        flush(w); /* loose text before it keeps the place it had */
        galley_import_at_node(w->im, n);
    }
    switch (k) {
    case EL_SKIP:
        return;
    case EL_CONTAINER:
        flush(w);
        blocks(w, n);
        flush(w);
        return;
    case EL_UNKNOWN:
        warn_element(w, n, "not a Galley element: its text is kept");
        blocks(w, n);
        return;
    case EL_SUBHEAD:
        if (repeats_headline(w, n)) {
            warn_element(w, n, "repeats the headline: left out");
            return;
        }
        /* fall through */
    case EL_PARAGRAPH:
        flush(w);
        galley_import_block(w->im, k == EL_SUBHEAD ? "subhead" : "paragraph", inline_of(w, n, NULL),
                            NULL);
        return;
    case EL_QUOTE:
        flush(w);
        add_quote(w, n);
        return;
    case EL_LIST:
        flush(w);
        add_list(w, n);
        return;
    case EL_TABLE:
        flush(w);
        warn_element(w, n,
                     "a table is set as paragraphs, a row each, its cells joined by "
                     "\" | \" (Galley has no tables)");
        table_rows(w, n);
        return;
    case EL_FIGURE:
    case EL_IMAGE:
        flush(w);
        add_photo(w, n);
        return;
    case EL_RULE:
        flush(w);
        return;
    default:
        inline_node(w, &w->para, n);
    }
}

/* The children of N as blocks. */
static void blocks(walk_t *w, const xmlNode *n)
{
    if (!deeper(w, n))
        return;
    w->depth++;
    for (const xmlNode *c = n->children; c && !w->im->st; c = c->next)
        block_node(w, c);
    w->depth--;
}

/* Maps the children of ROOT; see import_private.h. */
void galley_import_html_blocks(galley_import_t *im, const xmlNode *root)
{
    walk_t w = {im, {0}, NULL, 0, 0, json_object(), 0};
    galley_inline_init(&w.para);
    if (root)
        blocks(&w, root);
    flush(&w);
    galley_inline_fini(&w.para);
    free(w.pending);
    json_decref(w.warned);
}

/* Inline markup of NODE; see import_private.h. */
char *galley_import_html_inline(galley_import_t *im, const xmlNode *node)
{
    walk_t w = {im, {0}, NULL, 0, 0, json_object(), 0};
    char *s = inline_of(&w, node, NULL);
    for (size_t i = 0; i < w.n_pending; i++)
        add_photo(&w, w.pending[i]);
    free(w.pending);
    json_decref(w.warned);
    return s;
}

/* Parses an HTML string and maps its body; see import_private.h. */
void galley_import_html_string(galley_import_t *im, const char *html)
{
    size_t len = strlen(html);
    if (len > (size_t)INT32_MAX / 2)
        len = (size_t)INT32_MAX / 2; /* the input limit is far below */
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (!doc) {
        galley_import_error(im, im->body_line, im->body_col, NULL,
                            "the HTML body could not be read");
        return;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *body = is(root, "body") ? root : root ? find(root, "body", 0) : NULL;
    galley_import_html_blocks(im, body ? body : root);
    xmlFreeDoc(doc);
}
