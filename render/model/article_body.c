/* article_body.c: an article's text fields and body.
 *
 * Owns: the text fields every language of an article has (optional,
 * required, plain), the byline, the body blocks (paragraphs, subheads,
 * quotes with their attribution, lists with their items) with their field
 * paths, the related
 * articles and the end notes. article.c calls it for the article and for
 * each translation. And the body's word count (the headline ladder's measure).
 */
#include "article_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const BYLINE_FIELDS[] = {"name", "title", "email", NULL};
static const char *const BLOCK_FIELDS[] = {"type",    "text",  "attribution", "items",
                                           "ordered", "start", NULL};
static const char *const RELATED_FIELDS[] = {"headline", "url", NULL};

/* Keeps the first error of a sequence of steps that all run. */
galley_status_t galley_article_keep(galley_status_t acc, galley_status_t st)
{
    return acc != GALLEY_STATUS_SUCCESS ? acc : st;
}

/* Reports an allocation failure at NODE. */
galley_status_t galley_article_no_memory(const galley_json_node_t *node)
{
    return galley_json_error(node, GALLEY_STATUS_NO_MEMORY, "out of memory");
}

/* calloc that tolerates a zero count by returning NULL without failing. */
void *galley_article_alloc(size_t n, size_t size, galley_status_t *st,
                           const galley_json_node_t *node)
{
    if (n == 0)
        return NULL;
    void *p = calloc(n, size);
    if (!p)
        *st = galley_article_keep(*st, galley_article_no_memory(node));
    return p;
}

/* ---- text fields --------------------------------------------------------- */

/* The parse flags of an article's text field: typographic quotes in every
 * one, the inline syntax where MARKUP. */
static int text_flags(int markup)
{
    return GALLEY_TEXT_QUOTES | (markup ? GALLEY_TEXT_MARKUP : 0);
}

/* Warns when NODE's text looks like HTML ("<p>", "<br>", "</em>"): Galley's
 * text has no HTML, so the tags would print; an HTML article is read by
 * mapping it (docs/formats.md). */
static void warn_html(const galley_json_node_t *node)
{
    const char *s = json_string_value(node->value);
    for (const char *p = s ? strchr(s, '<') : NULL; p; p = strchr(p + 1, '<')) {
        int closing = p[1] == '/' && isalpha((unsigned char)p[2]);
        int tag = (p[1] == 'p' || p[1] == 'P') && (p[2] == '>' || p[2] == ' ');
        tag |= !strncasecmp(p + 1, "br", 2) && strchr(">/ ", p[3] ? p[3] : 'x');
        if (closing || tag) {
            galley_json_warn(node,
                             "the text looks like HTML (\"%.12s\"): Galley prints "
                             "tags as text; convert HTML with galley convert "
                             "(docs/formats.md)",
                             p);
            return;
        }
    }
}

/* An optional field parsed with FLAGS; an empty one is stored as absent. */
static galley_status_t article_text_flags(const galley_json_node_t *node, int flags,
                                          galley_text_t *out)
{
    galley_status_t st = galley_json_text(node, 0, flags, out);
    if (st == GALLEY_STATUS_SUCCESS && galley_text_is_empty(out))
        galley_text_fini(out);
    if (st == GALLEY_STATUS_SUCCESS)
        warn_html(node);
    return st;
}

/* An optional text field; an empty one is stored as absent. */
galley_status_t galley_article_text(const galley_json_node_t *node, int markup, galley_text_t *out)
{
    return article_text_flags(node, text_flags(markup), out);
}

/* A required text field that must hold something printable. */
galley_status_t galley_article_required_text(const galley_json_node_t *node, int markup,
                                             galley_text_t *out, const char *empty_msg)
{
    galley_status_t st = galley_json_text(node, 1, text_flags(markup), out);
    if (st == GALLEY_STATUS_SUCCESS)
        warn_html(node);
    if (st == GALLEY_STATUS_SUCCESS && galley_text_is_empty(out)) {
        galley_text_fini(out);
        st = galley_json_error(node, GALLEY_STATUS_INPUT_ERROR, "%s", empty_msg);
    }
    return st;
}

/* An optional plain string (white space collapsed, no markup; typographic
 * quotes when QUOTES: a title that prints, not an address); NULL when empty. */
galley_status_t galley_article_plain(const galley_json_node_t *node, int quotes, char **out)
{
    galley_text_t t;
    galley_status_t st = article_text_flags(node, quotes ? GALLEY_TEXT_QUOTES : 0, &t);
    *out = t.text;
    return st;
}

/* ---- byline, body, related, notes ---------------------------------------- */

/* The longest e-mail address (RFC 5321: 256 bytes for the path, less its
 * angle brackets): the byline prints it and links it ("mailto:"). */
#define EMAIL_MAX_BYTES 254

/* True for something shaped like an e-mail address: one '@', no spaces. */
static int valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at > s && at[1] && !strchr(at + 1, '@') && !strchr(s, ' ');
}

/* "byline": a name as a string, or {name, title, email}. */
galley_status_t galley_article_load_byline(const galley_json_node_t *parent, galley_byline_t *b)
{
    galley_json_node_t n = galley_json_member(parent, "byline");
    if (!galley_json_present(&n) || json_is_string(n.value))
        return galley_article_text(&n, 0, &b->name);
    if (!json_is_object(n.value))
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "expected a name as a string or {\"name\", \"title\", "
                                 "\"email\"}, found %s",
                                 galley_json_kind(n.value));
    galley_json_check_fields(&n, BYLINE_FIELDS);
    galley_json_node_t name = galley_json_member(&n, "name");
    galley_json_node_t title = galley_json_member(&n, "title");
    galley_json_node_t email = galley_json_member(&n, "email");
    galley_status_t st =
        galley_article_required_text(&name, 0, &b->name, "the byline's name is empty");
    st = galley_article_keep(st, galley_article_plain(&title, 1, &b->title));
    st = galley_article_keep(st, galley_article_plain(&email, 0, &b->email));
    if (b->email && strlen(b->email) > EMAIL_MAX_BYTES)
        st = galley_article_keep(
            st, galley_json_error(&email, GALLEY_STATUS_INPUT_ERROR,
                                  "the e-mail address is %zu bytes long; an address has at "
                                  "most %d (RFC 5321)",
                                  strlen(b->email), EMAIL_MAX_BYTES));
    else if (b->email && !valid_email(b->email))
        st =
            galley_article_keep(st, galley_json_error(&email, GALLEY_STATUS_INPUT_ERROR,
                                                      "\"%s\" is not an e-mail address", b->email));
    return st;
}

/* The kind named by a block's "type". */
static galley_status_t block_kind(const galley_json_node_t *item, galley_block_kind_t *kind)
{
    galley_json_node_t n = galley_json_member(item, "type");
    const char *type = "paragraph";
    galley_status_t st = galley_json_string(&n, 0, &type);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    if (!strcmp(type, "paragraph"))
        *kind = GALLEY_BLOCK_PARAGRAPH;
    else if (!strcmp(type, "subhead"))
        *kind = GALLEY_BLOCK_SUBHEAD;
    else if (!strcmp(type, "quote"))
        *kind = GALLEY_BLOCK_QUOTE;
    else if (!strcmp(type, "list"))
        *kind = GALLEY_BLOCK_LIST;
    else
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "expected \"paragraph\", \"subhead\", \"quote\" or \"list\", "
                                 "found \"%s\"",
                                 type);
    return st;
}

/* "ordered" and "start" of a list block: numbered from start (default 1,
 * 0 to GALLEY_MAX_LIST_START), or bulleted; "start" on a bulleted list is a
 * warning. */
static galley_status_t load_list_numbers(const galley_json_node_t *item, galley_block_t *b)
{
    galley_json_node_t ordered = galley_json_member(item, "ordered");
    galley_json_node_t start = galley_json_member(item, "start");
    b->start = 1;
    galley_status_t st = galley_json_bool(&ordered, 0, &b->ordered);
    if (!galley_json_present(&start))
        return st;
    if (!b->ordered) {
        galley_json_warn(&start, "only an ordered list has a first number (ignored)");
        return st;
    }
    galley_status_t ist = galley_json_int(&start, 0, &b->start);
    if (!ist && (b->start < 0 || b->start > GALLEY_MAX_LIST_START))
        ist = galley_json_error(&start, GALLEY_STATUS_INPUT_ERROR,
                                "%d is outside 0 to %d, the numbers a list may start at", b->start,
                                GALLEY_MAX_LIST_START);
    return galley_article_keep(st, ist);
}

/* A list block's "items": at least one, each text with markup, not empty. */
static galley_status_t load_list(const galley_json_node_t *item, galley_block_t *b)
{
    galley_json_node_t items = galley_json_member(item, "items");
    galley_json_node_t text = galley_json_member(item, "text");
    if (galley_json_present(&text))
        galley_json_warn(&text, "a list has items, not text (ignored)");
    size_t count = 0;
    galley_status_t st = load_list_numbers(item, b);
    galley_status_t ist = galley_json_array(&items, 1, &count);
    if (ist)
        return galley_article_keep(st, ist);
    if (count == 0)
        return galley_article_keep(
            st, galley_json_error(&items, GALLEY_STATUS_INPUT_ERROR,
                                  "the list has no items (a list needs at least one)"));
    b->items = galley_article_alloc(count, sizeof *b->items, &st, &items);
    if (!b->items)
        return st;
    b->n_items = count;
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t it = galley_json_item(&items, i);
        b->items[i].field = galley_json_path(&it);
        if (!b->items[i].field)
            st = galley_article_keep(st, galley_article_no_memory(&it));
        else
            st = galley_article_keep(
                st, galley_article_required_text(&it, 1, &b->items[i].text, "the item is empty"));
    }
    return st;
}

/* A body block given as an object: {type, text, attribution}. */
static galley_status_t load_block_object(const galley_json_node_t *item, galley_block_t *b)
{
    galley_json_check_fields(item, BLOCK_FIELDS);
    galley_status_t st = block_kind(item, &b->kind);
    if (b->kind == GALLEY_BLOCK_LIST)
        return galley_article_keep(st, load_list(item, b));
    static const char *const LIST_ONLY[] = {"items", "ordered", "start"};
    for (size_t i = 0; i < sizeof LIST_ONLY / sizeof LIST_ONLY[0]; i++) {
        galley_json_node_t n = galley_json_member(item, LIST_ONLY[i]);
        if (galley_json_present(&n))
            galley_json_warn(&n, "only lists have '%s' (ignored)", LIST_ONLY[i]);
    }
    galley_json_node_t text = galley_json_member(item, "text");
    galley_json_node_t attr = galley_json_member(item, "attribution");
    st = galley_article_keep(st,
                             galley_article_required_text(&text, 1, &b->text, "the text is empty"));
    if (b->kind == GALLEY_BLOCK_QUOTE)
        st = galley_article_keep(st, galley_article_text(&attr, 1, &b->attribution));
    else if (galley_json_present(&attr))
        galley_json_warn(&attr, "only quotes have an attribution (ignored)");
    return st;
}

/* One body block: a paragraph as a string, or an object. */
static galley_status_t load_block(const galley_json_node_t *item, galley_block_t *b)
{
    b->field = galley_json_path(item);
    if (!b->field)
        return galley_article_no_memory(item);
    if (json_is_string(item->value))
        return galley_article_required_text(item, 1, &b->text, "the paragraph is empty");
    if (json_is_object(item->value))
        return load_block_object(item, b);
    return galley_json_error(item, GALLEY_STATUS_INPUT_ERROR,
                             "expected a paragraph as a string or {\"type\", \"text\"}, found %s",
                             galley_json_kind(item->value));
}

/* "body": required and non-empty in the article, optional in a translation. */
galley_status_t galley_article_load_body(const galley_json_node_t *parent, int required,
                                         galley_article_text_t *t)
{
    galley_json_node_t n = galley_json_member(parent, "body");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, required, &count);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    if (required && count == 0)
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "the body is empty (an article needs at least one paragraph)");
    t->body = galley_article_alloc(count, sizeof *t->body, &st, &n);
    if (!t->body)
        return st;
    t->n_body = count;
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        st = galley_article_keep(st, load_block(&item, &t->body[i]));
    }
    return st;
}

/* One related article: a headline string, or {headline, url}. */
static galley_status_t load_related_item(const galley_json_node_t *item, galley_related_t *r)
{
    r->field = galley_json_path(item);
    if (!r->field)
        return galley_article_no_memory(item);
    if (json_is_string(item->value))
        return galley_article_required_text(item, 0, &r->headline, "the headline is empty");
    galley_status_t st = galley_json_object(item, 1);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    galley_json_check_fields(item, RELATED_FIELDS);
    galley_json_node_t headline = galley_json_member(item, "headline");
    galley_json_node_t url = galley_json_member(item, "url");
    st = galley_article_required_text(&headline, 0, &r->headline, "the headline is empty");
    st = galley_article_keep(st, galley_article_plain(&url, 0, &r->url));
    char why[200];
    if (r->url && strchr(r->url, ' ')) {
        st = galley_article_keep(st, galley_json_error(&url, GALLEY_STATUS_INPUT_ERROR,
                                                       "a web address cannot contain spaces"));
    } else if (r->url && galley_link_refusal(r->url, why, sizeof why)) {
        galley_json_warn(&url, "%s", why); /* the headline prints without the link */
        free(r->url);
        r->url = NULL;
    }
    return st;
}

/* "related": a list of related articles. */
galley_status_t galley_article_load_related(const galley_json_node_t *parent,
                                            galley_article_text_t *t)
{
    galley_json_node_t n = galley_json_member(parent, "related");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    t->related = galley_article_alloc(count, sizeof *t->related, &st, &n);
    if (!t->related)
        return st;
    t->n_related = count;
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        st = galley_article_keep(st, load_related_item(&item, &t->related[i]));
    }
    return st;
}

/* "hyphenation": the article's own house list, strings such as "Pyong-yang"
 * (breaks where the hyphens are) and "JoongAng" (never broken); a bad entry
 * is an error at its string. At most GALLEY_MAX_ARTICLE_HYPHENATION. */
galley_status_t galley_article_load_hyphenation(const galley_json_node_t *root, galley_article_t *a)
{
    galley_json_node_t n = galley_json_member(root, "hyphenation");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    if (st != GALLEY_STATUS_SUCCESS || count == 0)
        return st;
    if (count > GALLEY_MAX_ARTICLE_HYPHENATION)
        return galley_json_error(&n, GALLEY_STATUS_LIMIT_ERROR,
                                 "%zu words, over the limit of %d for an article's own list "
                                 "(a longer list belongs in a file: --hyphenation FILE or the "
                                 "layout's \"hyphenation\")",
                                 count, GALLEY_MAX_ARTICLE_HYPHENATION);
    if (galley_hyphen_list_create(&a->hyphenation) != GALLEY_STATUS_SUCCESS)
        return galley_article_no_memory(&n);
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        const char *word = NULL;
        galley_status_t ist = galley_json_string(&item, 1, &word);
        char why[300];
        size_t at = 0; /* the message quotes the entry: the string's place is enough */
        if (ist == GALLEY_STATUS_SUCCESS &&
            galley_hyphen_list_add(a->hyphenation, word, strlen(word), why, sizeof why, &at))
            ist = galley_json_error(&item, GALLEY_STATUS_INPUT_ERROR, "%s", why);
        st = galley_article_keep(st, ist);
    }
    return st;
}

/* "notes": a list of strings with markup. */
galley_status_t galley_article_load_notes(const galley_json_node_t *parent,
                                          galley_article_text_t *t)
{
    galley_json_node_t n = galley_json_member(parent, "notes");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    t->notes = galley_article_alloc(count, sizeof *t->notes, &st, &n);
    if (!t->notes)
        return st;
    t->n_notes = count;
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        st = galley_article_keep(
            st, galley_article_required_text(&item, 1, &t->notes[i], "the note is empty"));
    }
    return st;
}

/* The words of TEXT: runs of bytes that are not ASCII white space (a no-break
 * space is inside a word, as it ties two words). */
static size_t text_words(const galley_text_t *text)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = 0; i < text->len; i++) {
        int space = strchr(" \t\n\r", text->text[i]) != NULL && text->text[i] != '\0';
        n += !space && !in;
        in = !space;
    }
    return n;
}

size_t galley_article_words(const galley_article_text_t *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_body; i++) {
        n += text_words(&t->body[i].text);
        for (size_t k = 0; k < t->body[i].n_items; k++)
            n += text_words(&t->body[i].items[k].text);
    }
    return n;
}
