/* import_ninjs.c: an IPTC ninjs item (1.x, 2.x, 3.x) as a Galley article.
 *
 * Owns: the ninjs fields Galley maps (docs/formats.md, "ninjs"): headline
 * and headlines[], descriptions as the deck, the body (body_html,
 * body_xhtml, bodies[] or body text) through the HTML mapper, bylines,
 * located as the dateline, the date, the language, and associated pictures
 * with the largest usable local rendition. Field names are matched without
 * case (1.x and 2.x write "versioncreated", 3.x "versionCreated"). Errors
 * point at the ninjs file's own line:col (json.h positions).
 */
#include "import_private.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The member KEY of the object NODE, its name matched without case. */
static galley_json_node_t get(const galley_json_node_t *node, const char *key)
{
    galley_json_node_t m = {node->doc, node, NULL, 0, NULL};
    const char *k;
    json_t *v;
    if (json_is_object(node->value))
        json_object_foreach(node->value, k, v) if (!strcasecmp(k, key))
        {
            m.key = k, m.value = v;
            break;
        }
    return m;
}

/* Item I of the array NODE. */
static galley_json_node_t item(const galley_json_node_t *node, size_t i)
{
    galley_json_node_t m = {node->doc, node, NULL, i, json_array_get(node->value, i)};
    return m;
}

/* The string value of NODE, or NULL. */
static const char *str(const galley_json_node_t *node)
{
    return json_string_value(node->value);
}

/* The string member KEY of NODE, or NULL. */
static const char *get_str(const galley_json_node_t *node, const char *key)
{
    galley_json_node_t m = get(node, key);
    return str(&m);
}

/* True when the item NODE's ROLE member is one of ROLES ("" for none given). */
static int has_role(const galley_json_node_t *node, const char *const *roles)
{
    const char *role = get_str(node, "role");
    for (int i = 0; roles[i]; i++)
        if (!strcasecmp(role ? role : "", roles[i]))
            return 1;
    return 0;
}

/* The "value" of the first item of the array KEY of NODE with one of ROLES
 * (NULL ROLES: the first item), or NULL. */
static const char *value_by_role(const galley_json_node_t *node, const char *key,
                                 const char *const *roles)
{
    galley_json_node_t a = get(node, key);
    for (size_t i = 0; i < json_array_size(a.value); i++) {
        galley_json_node_t it = item(&a, i);
        if (!roles || has_role(&it, roles))
            return get_str(&it, "value");
    }
    return NULL;
}

/* The headline: "headline" (1.x), headlines[] role main (or the first), else
 * the title or slugline. */
static const char *headline(const galley_json_node_t *root)
{
    static const char *const MAIN[] = {"main", "", NULL};
    const char *h = get_str(root, "headline");
    h = h ? h : value_by_role(root, "headlines", MAIN);
    h = h ? h : value_by_role(root, "headlines", NULL);
    h = h ? h : get_str(root, "title");
    return h ? h : get_str(root, "slugline");
}

/* The HTML string HTML's text as inline markup (a description). */
static char *html_inline(galley_import_t *im, const char *html)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    char *s = root ? galley_import_html_inline(im, root) : NULL;
    xmlFreeDoc(doc);
    return s;
}

/* The deck: description_text or _html (1.x), headlines[] role sub, else a
 * description with role summary, abstract, teaser or none. */
static char *deck(galley_import_t *im, const galley_json_node_t *root)
{
    static const char *const SUB[] = {"sub", "subheadline", NULL};
    static const char *const SUMMARY[] = {"summary", "abstract", "teaser", "", NULL};
    const char *d = get_str(root, "description_text");
    if (d)
        return galley_inline_escape(d);
    d = get_str(root, "description_html");
    if (d)
        return html_inline(im, d);
    d = value_by_role(root, "headlines", SUB);
    d = d ? d : value_by_role(root, "descriptions", SUMMARY);
    return d ? galley_inline_escape(d) : NULL;
}

/* The byline: "byline" (1.x), "by", or bylines[] joined with " and ". */
static char *byline(const galley_json_node_t *root)
{
    const char *b = get_str(root, "byline");
    b = b ? b : get_str(root, "by");
    if (b)
        return strdup(b);
    galley_json_node_t a = get(root, "bylines");
    galley_inline_t out;
    galley_inline_init(&out);
    for (size_t i = 0; i < json_array_size(a.value); i++) {
        galley_json_node_t it = item(&a, i);
        const char *name = str(&it) ? str(&it) : get_str(&it, "byline");
        name = name ? name : get_str(&it, "name");
        if (name && out.len)
            galley_inline_raw(&out, " and ", 5);
        if (name)
            galley_inline_raw(&out, name, strlen(name));
    }
    return galley_inline_take(&out);
}

/* Sets the body's place for messages about its HTML. */
static void body_at(galley_import_t *im, const galley_json_node_t *node)
{
    galley_json_position(node, &im->body_line, &im->body_col);
    if (!im->body_line)
        im->body_line = 1, im->body_col = 1;
}

/* Plain text: a paragraph a line. */
static void plain_body(galley_import_t *im, const char *text)
{
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        char *line = strndup(p, n);
        galley_import_block(im, "paragraph", line ? galley_inline_escape(line) : NULL, NULL);
        free(line);
        p += n + (p[n] == '\n');
    }
}

/* True for an HTML content type. */
static int is_html(const char *type)
{
    return type && (!strncasecmp(type, "text/html", 9) || strstr(type, "xhtml"));
}

/* The body: body_html, body_xhtml, bodies[] (HTML first: role main, else any;
 * then plain text), body_text. */
static void body(galley_import_t *im, const galley_json_node_t *root)
{
    static const char *const HTML_KEYS[] = {"body_html", "body_xhtml", NULL};
    for (int i = 0; HTML_KEYS[i]; i++) {
        galley_json_node_t b = get(root, HTML_KEYS[i]);
        if (str(&b)) {
            body_at(im, &b);
            galley_import_html_string(im, str(&b));
            return;
        }
    }
    /* A chosen entry's place is taken while its array item (its node's
     * parent) is in scope: a node copied out of the loop would point at a
     * parent gone. */
    galley_json_node_t bodies = get(root, "bodies");
    const char *best = NULL, *plain = NULL;
    int best_at[2] = {0, 0}, plain_at[2] = {0, 0};
    for (size_t i = 0; i < json_array_size(bodies.value); i++) {
        galley_json_node_t it = item(&bodies, i);
        galley_json_node_t v = get(&it, "value");
        const char *type = get_str(&it, "contenttype");
        int main = get_str(&it, "role") && !strcasecmp(get_str(&it, "role"), "main");
        if (!str(&v))
            continue;
        if (is_html(type) && (!best || main)) {
            best = str(&v);
            galley_json_position(&v, &best_at[0], &best_at[1]);
        } else if (!is_html(type) && (!plain || main)) {
            plain = str(&v);
            galley_json_position(&v, &plain_at[0], &plain_at[1]);
        }
    }
    galley_json_node_t text = get(root, "body_text");
    if (!best && !plain && str(&text)) {
        plain = str(&text);
        galley_json_position(&text, &plain_at[0], &plain_at[1]);
    }
    if (!best && !plain)
        return;
    const int *at = best ? best_at : plain_at;
    im->body_line = at[0] ? at[0] : 1;
    im->body_col = at[0] ? at[1] : 1;
    if (best)
        galley_import_html_string(im, best);
    else
        plain_body(im, plain);
}

/* True when a rendition's type (or its file's extension) is JPEG or PNG. */
static int usable_type(const galley_json_node_t *r, const char *href)
{
    const char *type = get_str(r, "mimetype");
    type = type ? type : get_str(r, "contenttype");
    if (type)
        return !strcasecmp(type, "image/jpeg") || !strcasecmp(type, "image/png");
    const char *dot = strrchr(href, '.');
    return !dot || !strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg") ||
           !strcasecmp(dot, ".png");
}

/* The picture's rendition to print: the href of the largest local JPEG or
 * PNG, else of the largest web one (an error, or an FPO box with
 * --placeholder), with its place in *LINE, *COL; NULL when none. */
static const char *rendition(const galley_json_node_t *pic, int *line, int *col)
{
    galley_json_node_t rs = get(pic, "renditions");
    const char *best = NULL;
    double best_area = -1;
    int best_local = 0;
    galley_json_position(&rs, line, col);
    size_t n = json_is_object(rs.value) ? json_object_size(rs.value) : json_array_size(rs.value);
    void *iter = json_is_object(rs.value) ? json_object_iter(rs.value) : NULL;
    for (size_t i = 0; i < n; i++) {
        galley_json_node_t r = {rs.doc, &rs, NULL, i, NULL};
        if (iter) {
            r.key = json_object_iter_key(iter), r.value = json_object_iter_value(iter);
            iter = json_object_iter_next(rs.value, iter);
        } else {
            r.value = json_array_get(rs.value, i);
        }
        galley_json_node_t href = get(&r, "href");
        if (!str(&href) || !usable_type(&r, str(&href)))
            continue;
        int local = !strstr(str(&href), "://") || !strncasecmp(str(&href), "file:", 5);
        galley_json_node_t w = get(&r, "width"), h = get(&r, "height");
        double area = json_number_value(w.value) * json_number_value(h.value);
        if (!best || local > best_local || (local == best_local && area > best_area)) {
            best = str(&href), best_area = area, best_local = local;
            galley_json_position(&href, line, col);
        }
    }
    return best;
}

/* One associated picture as a photo. */
static void picture(galley_import_t *im, const galley_json_node_t *pic)
{
    static const char *const CAPTION[] = {"caption", "", "summary", NULL};
    const char *type = get_str(pic, "type");
    galley_json_node_t rs = get(pic, "renditions");
    if (!rs.value || (type && strcasecmp(type, "picture") && strcasecmp(type, "graphic")))
        return;
    int line = 0, col = 0;
    const char *href = rendition(pic, &line, &col);
    if (!href) {
        galley_import_warn(im, line, col, NULL, "a picture has no JPEG or PNG rendition: left out");
        return;
    }
    const char *cap = get_str(pic, "description_text");
    cap = cap ? cap : value_by_role(pic, "descriptions", CAPTION);
    cap = cap ? cap : value_by_role(pic, "descriptions", NULL);
    const char *credit = get_str(pic, "by");
    credit = credit ? credit : get_str(pic, "byline");
    credit = credit ? credit : get_str(pic, "copyrightholder");
    credit = credit ? credit : get_str(pic, "copyrightnotice");
    galley_import_photo(im, href, line, col, cap ? galley_inline_escape(cap) : NULL, credit,
                        headline(pic), 0);
}

/* associations: an object of name -> item (1.x, 2.x) or an array (3.x). */
static void associations(galley_import_t *im, const galley_json_node_t *root)
{
    galley_json_node_t a = get(root, "associations");
    if (json_is_array(a.value)) {
        for (size_t i = 0; i < json_array_size(a.value); i++) {
            galley_json_node_t it = item(&a, i);
            picture(im, &it);
        }
    } else if (json_is_object(a.value)) {
        const char *k;
        json_t *v;
        json_object_foreach(a.value, k, v)
        {
            galley_json_node_t it = {a.doc, &a, k, 0, v};
            picture(im, &it);
        }
    }
}

/* Makes the first of KEYS that ROOT has the place of what is set next. */
static void at_key(galley_import_t *im, const galley_json_node_t *root, const char *const *keys)
{
    for (int i = 0; keys[i]; i++) {
        galley_json_node_t m = get(root, keys[i]);
        if (m.value) {
            int line, col;
            galley_json_position(&m, &line, &col);
            galley_import_at(im, line, col);
            return;
        }
    }
    galley_import_at(im, 1, 1);
}

/* The section: the name of the first subject that has one ("subjects" in
 * 3.x, "subject" in 1.x and 2.x; a name may be a string or, in 3.x, a
 * language map, whose first string is taken). */
static void section(galley_import_t *im, const galley_json_node_t *root)
{
    static const char *const KEYS[] = {"subjects", "subject", NULL};
    for (int k = 0; KEYS[k]; k++) {
        galley_json_node_t a = get(root, KEYS[k]);
        for (size_t i = 0; i < json_array_size(a.value); i++) {
            galley_json_node_t it = item(&a, i);
            galley_json_node_t name = get(&it, "name");
            const char *s = str(&name);
            const char *key;
            json_t *v;
            if (!s && json_is_object(name.value))
                json_object_foreach(name.value, key, v) if (json_is_string(v) && !s) s =
                    json_string_value(v);
            if (s && s[0]) {
                int line, col;
                galley_json_position(&it, &line, &col);
                galley_import_at(im, line, col);
                galley_import_set(im, "section", s);
                return;
            }
        }
    }
}

/* Maps a ninjs item; see import_private.h. */
json_t *galley_import_ninjs(galley_import_t *im, galley_json_doc_t *doc)
{
    galley_json_node_t root = galley_json_root(doc);
    if (!json_is_object(root.value)) {
        galley_import_error(im, 1, 1, NULL, "a ninjs item is a JSON object");
        return NULL;
    }
    static const char *const LANG[] = {"language", NULL}, *const HEAD[] = {"headline", "headlines",
                                                                           "title", "slugline",
                                                                           NULL};
    static const char *const DECK[] = {"description_text", "description_html", "headlines",
                                       "descriptions", NULL};
    static const char *const BY[] = {"byline", "by", "bylines", NULL},
                             *const LOC[] = {"located", NULL},
                             *const DATE[] = {"versioncreated", "firstcreated", NULL};
    const char *type = get_str(&root, "type");
    at_key(im, &root, LANG);
    galley_import_set(im, "lang", get_str(&root, "language"));
    section(im, &root);
    at_key(im, &root, HEAD);
    galley_import_set(im, "headline", headline(&root));
    char *d = deck(im, &root), *by = byline(&root);
    at_key(im, &root, DECK);
    galley_import_set(im, "deck", d);
    at_key(im, &root, BY);
    galley_import_set(im, "byline", by);
    free(d);
    free(by);
    at_key(im, &root, LOC);
    galley_import_set(im, "dateline", get_str(&root, "located"));
    at_key(im, &root, DATE);
    const char *date = get_str(&root, "versioncreated");
    date = date ? date : get_str(&root, "firstcreated");
    if (date && strlen(date) >= 10) {
        char day[11];
        memcpy(day, date, 10);
        day[10] = '\0';
        galley_import_set(im, "date", day);
    }
    associations(im, &root);
    int events = type && (!strcasecmp(type, "event") || !strcasecmp(type, "planning"));
    if (!events)
        body(im, &root);
    char what[96];
    if (type)
        snprintf(what, sizeof what, "this ninjs \"%.40s\" item", type);
    else
        snprintf(what, sizeof what, "this ninjs item");
    if (!events && json_array_size(im->body) && !headline(&root))
        galley_import_error(im, 1, 1, "headline",
                            "no headline to set: the item has no headline, headlines, title "
                            "or slugline");
    return galley_import_finish(im, what);
}
