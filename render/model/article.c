/* article.c: the article model and its validation.
 *
 * Owns: reading an article file (docs/article.md) into galley_article_t: every
 * field checked and defaulted, markup parsed where the format allows it, the
 * photos found next to the article (inside --root when given) and decoded,
 * and the translations. Errors name the file, line:column and field path;
 * loading goes on after an error so one run reports every problem, but an
 * article with errors is never returned. Unknown fields are warnings. A
 * missing or damaged photo is an error, or with --placeholder a warning and
 * no image.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "article.h"
#include "json.h"
#include "input.h"
#include "layout.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const ARTICLE_FIELDS[] = {
    "lang",   "section", "kicker",  "headline", "deck",         "byline", "dateline", "date",
    "photos", "body",    "related", "notes",    "translations", "layout", NULL};
static const char *const TRANSLATION_FIELDS[] = {"section", "kicker",   "headline", "deck",
                                                 "byline",  "dateline", "photos",   "body",
                                                 "related", "notes",    NULL};
static const char *const PHOTO_FIELDS[] = {"src", "caption", "credit", "alt", "focus", NULL};
static const char *const PHOTO_TEXT_FIELDS[] = {"caption", "credit", NULL};
static const char *const FOCUS_FIELDS[] = {"x", "y", NULL};
static const char *const BYLINE_FIELDS[] = {"name", "title", "email", NULL};
static const char *const BLOCK_FIELDS[] = {"type", "text", "attribution", NULL};
static const char *const RELATED_FIELDS[] = {"headline", "url", NULL};

/* Keeps the first error of a sequence of steps that all run. */
static galley_status_t keep(galley_status_t acc, galley_status_t st)
{
    return acc != GALLEY_STATUS_SUCCESS ? acc : st;
}

/* Reports an allocation failure at NODE. */
static galley_status_t no_memory(const galley_json_node_t *node)
{
    return galley_json_error(node, GALLEY_STATUS_NO_MEMORY, "out of memory");
}

/* calloc that tolerates a zero count by returning NULL without failing. */
static void *alloc_array(size_t n, size_t size, galley_status_t *st, const galley_json_node_t *node)
{
    if (n == 0)
        return NULL;
    void *p = calloc(n, size);
    if (!p)
        *st = keep(*st, no_memory(node));
    return p;
}

/* ---- text fields --------------------------------------------------------- */

/* An optional text field; an empty one is stored as absent. */
static galley_status_t load_text(const galley_json_node_t *node, int markup, galley_text_t *out)
{
    galley_status_t st = galley_json_text(node, 0, markup, out);
    if (st == GALLEY_STATUS_SUCCESS && galley_text_is_empty(out))
        galley_text_fini(out);
    return st;
}

/* A required text field that must hold something printable. */
static galley_status_t load_required_text(const galley_json_node_t *node, int markup,
                                          galley_text_t *out, const char *empty_msg)
{
    galley_status_t st = galley_json_text(node, 1, markup, out);
    if (st == GALLEY_STATUS_SUCCESS && galley_text_is_empty(out)) {
        galley_text_fini(out);
        st = galley_json_error(node, GALLEY_STATUS_INPUT_ERROR, "%s", empty_msg);
    }
    return st;
}

/* An optional plain string (white space collapsed, no markup); NULL when empty. */
static galley_status_t load_plain(const galley_json_node_t *node, char **out)
{
    galley_text_t t;
    galley_status_t st = load_text(node, 0, &t);
    *out = t.text;
    return st;
}

/* ---- language and date --------------------------------------------------- */

/* True for a BCP 47 tag in the shape Galley needs: subtags of 1-8 letters or
 * digits joined by '-', the first 2-3 letters ("en", "ko", "en-GB", "zh-Hant"). */
static int valid_lang(const char *s)
{
    size_t first = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    if (first < 2 || first > 3 || (s[first] != '\0' && s[first] != '-'))
        return 0;
    for (const char *p = s + first; *p;) {
        p++; /* the '-' */
        size_t n = 0;
        while (isalnum((unsigned char)p[n]))
            n++;
        if (n < 1 || n > 8 || (p[n] != '\0' && p[n] != '-'))
            return 0;
        p += n;
    }
    return 1;
}

/* A copy of a valid tag in BCP 47's usual case: "en", "zh-Hant", "en-GB". */
static char *normalize_lang(const char *tag)
{
    char *s = strdup(tag);
    for (char *p = s, *sub = s; p && *p; p++) {
        if (*p == '-') {
            sub = p + 1;
            continue;
        }
        size_t n = strcspn(sub, "-");
        int first = sub == s, at_start = p == sub;
        if (!first && n == 4 && at_start)
            *p = (char)toupper((unsigned char)*p);
        else if (!first && n == 2 && isalpha((unsigned char)sub[0]))
            *p = (char)toupper((unsigned char)*p);
        else
            *p = (char)tolower((unsigned char)*p);
    }
    return s;
}

/* Reads and checks the article's "lang" (default "en"). */
static galley_status_t load_lang(const galley_json_node_t *root, char **out)
{
    galley_json_node_t n = galley_json_member(root, "lang");
    const char *lang = "en";
    galley_status_t st = galley_json_string(&n, 0, &lang);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    if (!valid_lang(lang))
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\" is not a language tag such as \"en\" or \"ko\"", lang);
    *out = normalize_lang(lang);
    return *out ? st : no_memory(&n);
}

/* Reads N decimal digits at S; -1 when they are not all digits. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Days in MONTH of YEAR (Gregorian). */
static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* True for an ISO 8601 time after the date: "T09:30", " 09:30:00", "T09:30:00.5+09:00", "...Z". */
static int valid_time(const char *s)
{
    if (*s == '\0')
        return 1;
    if ((*s != 'T' && *s != ' ') || digits(s + 1, 2) < 0 || digits(s + 1, 2) > 23 || s[3] != ':' ||
        digits(s + 4, 2) < 0 || digits(s + 4, 2) > 59)
        return 0;
    s += 6;
    if (*s == ':') {
        if (digits(s + 1, 2) < 0 || digits(s + 1, 2) > 60)
            return 0;
        s += 3;
        if (*s == '.' && isdigit((unsigned char)s[1]))
            for (s++; isdigit((unsigned char)*s); s++)
                ;
    }
    if (*s == 'Z')
        return s[1] == '\0';
    if (*s != '+' && *s != '-')
        return *s == '\0';
    if (digits(s + 1, 2) < 0 || digits(s + 1, 2) > 14)
        return 0;
    s += 3;
    s += *s == ':';
    return *s == '\0' || (digits(s, 2) >= 0 && digits(s, 2) < 60 && s[2] == '\0');
}

/* Reads "date": YYYY-MM-DD, optionally followed by a time. */
static galley_status_t load_date(const galley_json_node_t *root, galley_article_t *a)
{
    galley_json_node_t n = galley_json_member(root, "date");
    const char *s = NULL;
    galley_status_t st = galley_json_string(&n, 0, &s);
    if (st != GALLEY_STATUS_SUCCESS || !s || !s[0])
        return st;
    int y = digits(s, 4), m = -1, d = -1;
    if (y >= 0 && s[4] == '-')
        m = digits(s + 5, 2);
    if (m >= 0 && s[7] == '-')
        d = digits(s + 8, 2);
    if (d < 0 || !valid_time(s + 10))
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "expected an ISO 8601 date like \"2025-06-11\" (or "
                                 "\"2025-06-11T09:30:00+09:00\"), found \"%s\"",
                                 s);
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%.10s\" is not a calendar date (year-month-day)", s);
    a->date = strdup(s);
    a->year = y, a->month = m, a->day = d;
    return a->date ? st : no_memory(&n);
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
static galley_status_t load_byline(const galley_json_node_t *parent, galley_byline_t *b)
{
    galley_json_node_t n = galley_json_member(parent, "byline");
    if (!galley_json_present(&n) || json_is_string(n.value))
        return load_text(&n, 0, &b->name);
    if (!json_is_object(n.value))
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "expected a name as a string or {\"name\", \"title\", "
                                 "\"email\"}, found %s",
                                 galley_json_kind(n.value));
    galley_json_check_fields(&n, BYLINE_FIELDS);
    galley_json_node_t name = galley_json_member(&n, "name");
    galley_json_node_t title = galley_json_member(&n, "title");
    galley_json_node_t email = galley_json_member(&n, "email");
    galley_status_t st = load_required_text(&name, 0, &b->name, "the byline's name is empty");
    st = keep(st, load_plain(&title, &b->title));
    st = keep(st, load_plain(&email, &b->email));
    if (b->email && strlen(b->email) > EMAIL_MAX_BYTES)
        st = keep(st, galley_json_error(&email, GALLEY_STATUS_INPUT_ERROR,
                                        "the e-mail address is %zu bytes long; an address has at "
                                        "most %d (RFC 5321)",
                                        strlen(b->email), EMAIL_MAX_BYTES));
    else if (b->email && !valid_email(b->email))
        st = keep(st, galley_json_error(&email, GALLEY_STATUS_INPUT_ERROR,
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
    else
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "expected \"paragraph\", \"subhead\" or \"quote\", found \"%s\"",
                                 type);
    return st;
}

/* A body block given as an object: {type, text, attribution}. */
static galley_status_t load_block_object(const galley_json_node_t *item, galley_block_t *b)
{
    galley_json_check_fields(item, BLOCK_FIELDS);
    galley_status_t st = block_kind(item, &b->kind);
    galley_json_node_t text = galley_json_member(item, "text");
    galley_json_node_t attr = galley_json_member(item, "attribution");
    st = keep(st, load_required_text(&text, 1, &b->text, "the text is empty"));
    if (b->kind == GALLEY_BLOCK_QUOTE)
        st = keep(st, load_text(&attr, 1, &b->attribution));
    else if (galley_json_present(&attr))
        galley_json_warn(&attr, "only quotes have an attribution (ignored)");
    return st;
}

/* One body block: a paragraph as a string, or an object. */
static galley_status_t load_block(const galley_json_node_t *item, galley_block_t *b)
{
    b->field = galley_json_path(item);
    if (!b->field)
        return no_memory(item);
    if (json_is_string(item->value))
        return load_required_text(item, 1, &b->text, "the paragraph is empty");
    if (json_is_object(item->value))
        return load_block_object(item, b);
    return galley_json_error(item, GALLEY_STATUS_INPUT_ERROR,
                             "expected a paragraph as a string or {\"type\", \"text\"}, found %s",
                             galley_json_kind(item->value));
}

/* "body": required and non-empty in the article, optional in a translation. */
static galley_status_t load_body(const galley_json_node_t *parent, int required,
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
    t->body = alloc_array(count, sizeof *t->body, &st, &n);
    if (!t->body)
        return st;
    t->n_body = count;
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        st = keep(st, load_block(&item, &t->body[i]));
    }
    return st;
}

/* One related article: a headline string, or {headline, url}. */
static galley_status_t load_related_item(const galley_json_node_t *item, galley_related_t *r)
{
    r->field = galley_json_path(item);
    if (!r->field)
        return no_memory(item);
    if (json_is_string(item->value))
        return load_required_text(item, 0, &r->headline, "the headline is empty");
    galley_status_t st = galley_json_object(item, 1);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    galley_json_check_fields(item, RELATED_FIELDS);
    galley_json_node_t headline = galley_json_member(item, "headline");
    galley_json_node_t url = galley_json_member(item, "url");
    st = load_required_text(&headline, 0, &r->headline, "the headline is empty");
    st = keep(st, load_plain(&url, &r->url));
    char why[200];
    if (r->url && strchr(r->url, ' ')) {
        st = keep(st, galley_json_error(&url, GALLEY_STATUS_INPUT_ERROR,
                                        "a web address cannot contain spaces"));
    } else if (r->url && galley_link_refusal(r->url, why, sizeof why)) {
        galley_json_warn(&url, "%s", why); /* the headline prints without the link */
        free(r->url);
        r->url = NULL;
    }
    return st;
}

/* "related": a list of related articles. */
static galley_status_t load_related(const galley_json_node_t *parent, galley_article_text_t *t)
{
    galley_json_node_t n = galley_json_member(parent, "related");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    t->related = alloc_array(count, sizeof *t->related, &st, &n);
    if (!t->related)
        return st;
    t->n_related = count;
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        st = keep(st, load_related_item(&item, &t->related[i]));
    }
    return st;
}

/* "notes": a list of strings with markup. */
static galley_status_t load_notes(const galley_json_node_t *parent, galley_article_text_t *t)
{
    galley_json_node_t n = galley_json_member(parent, "notes");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    t->notes = alloc_array(count, sizeof *t->notes, &st, &n);
    if (!t->notes)
        return st;
    t->n_notes = count;
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        st = keep(st, load_required_text(&item, 1, &t->notes[i], "the note is empty"));
    }
    return st;
}

/* ---- photos -------------------------------------------------------------- */

/* "focus": {x, y}, both in 0..1. */
static galley_status_t load_focus(const galley_json_node_t *item, galley_photo_t *p)
{
    galley_json_node_t n = galley_json_member(item, "focus");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    galley_json_check_fields(&n, FOCUS_FIELDS);
    galley_json_node_t x = galley_json_member(&n, "x"), y = galley_json_member(&n, "y");
    st = keep(galley_json_number(&x, 1, &p->focus_x), galley_json_number(&y, 1, &p->focus_y));
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    const galley_json_node_t *bad = p->focus_x < 0 || p->focus_x > 1   ? &x
                                    : p->focus_y < 0 || p->focus_y > 1 ? &y
                                                                       : NULL;
    if (bad)
        return galley_json_error(bad, GALLEY_STATUS_INPUT_ERROR,
                                 "must be between 0 and 1 (a fraction of the photo), found %g",
                                 json_number_value(bad->value));
    p->has_focus = 1;
    return st;
}

/* What the loader needs besides the JSON: the options and the root's real path. */
typedef struct {
    const galley_render_options_t *opt; /* never NULL */
    char *root;                         /* realpath of opt->root, or NULL */
    galley_photo_checks_t *checks;      /* photos checked before, or NULL */
} loader_t;

/* The article's folder with a trailing '/', or "" when the path has none. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    return strndup(path, n);
}

/* Checks "src" itself: a file name, not a web address, and with a root,
 * relative and without "..". Errors go to the article's diagnostics. */
static galley_status_t check_src(const galley_json_node_t *src_node, const loader_t *ld,
                                 const char **out)
{
    const char *src = NULL;
    galley_status_t st = galley_json_string(src_node, 1, &src);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    if (!src[0])
        return galley_json_error(src_node, GALLEY_STATUS_INPUT_ERROR, "the photo file is empty");
    if (strstr(src, "://"))
        return galley_json_error(src_node, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\" is a web address; give the photo's file path", src);
    if (ld->root && src[0] == '/')
        return galley_json_error(src_node, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\" is an absolute path: with --root %s a photo is named "
                                 "relative to the article and must lie inside that folder",
                                 src, ld->opt->root);
    if (ld->root && galley_path_has_dot_dot(src))
        return galley_json_error(src_node, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\" has a '..' part: with --root %s a photo may not leave "
                                 "that folder",
                                 src, ld->opt->root);
    *out = src;
    return st;
}

/* Records an error about the photo at SRC_NODE into D (not the article's own
 * diagnostics: with --placeholder they may become warnings); forward_diags()
 * places it. */
static galley_status_t photo_error(const galley_json_node_t *src_node, galley_diags_t *d,
                                   galley_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static galley_status_t photo_error(const galley_json_node_t *src_node, galley_diags_t *d,
                                   galley_status_t status, const char *fmt, ...)
{
    char *field = galley_json_path(src_node);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    galley_status_t st = galley_diags_error(d, status, NULL, 0, 0, field, "%s", msg);
    free(field);
    return st;
}

/* The path of the photo file SRC, next to the article, in p->path. */
static galley_status_t find_photo(const galley_json_node_t *src_node, const char *src,
                                  const char *folder, galley_photo_t *p, galley_diags_t *d)
{
    size_t n = strlen(folder) + strlen(src) + 1;
    p->path = malloc(n);
    if (!p->path)
        return photo_error(src_node, d, GALLEY_STATUS_NO_MEMORY, "out of memory");
    snprintf(p->path, n, "%s%s", src[0] == '/' ? "" : folder, src);
    return GALLEY_STATUS_SUCCESS;
}

/* Reads and checks the photo through photo.c, which opens it once and
 * checks what it opened (photo_file.h: its kind, size, and with a root, that
 * it lies inside; p->path then becomes its real path) and reports into D. A
 * photo outside the root sets *ESCAPED. */
static galley_status_t decode_photo(const galley_json_node_t *src_node, const loader_t *ld,
                                    galley_photo_t *p, galley_diags_t *d, int *escaped)
{
    char *field = galley_json_path(src_node);
    if (!field)
        return photo_error(src_node, d, GALLEY_STATUS_NO_MEMORY, "out of memory");
    const galley_limits_t *lim = &ld->opt->limits;
    galley_image_rules_t rules = {field, lim->max_image_mpixels, lim->max_photo_mb, ld->root,
                                  ld->opt->root};
    galley_status_t st = galley_image_load(p->path, &rules, ld->checks, &p->image, escaped, d);
    free(field);
    char *real = p->image ? strdup(p->image->path) : NULL;
    if (real) {
        free(p->path);
        p->path = real;
    }
    return st;
}

/* Moves the records of FROM into the article's diagnostics, placed at
 * SRC_NODE (photo.c names the photo file, and the message keeps its path);
 * with DOWNGRADE the errors become warnings saying a placeholder stands in. */
static void forward_diags(const galley_diags_t *from, const galley_json_node_t *src_node,
                          int downgrade)
{
    galley_diags_t *to = src_node->doc->diags;
    int line = 0, col = 0, placed = 0;
    const char *file = src_node->doc->file;
    for (size_t i = 0; i < from->count; i++) {
        const galley_diag_t *r = &from->items[i];
        int warn = r->severity == GALLEY_SEVERITY_WARNING || downgrade;
        if (!galley_json_may_report(src_node->doc,
                                    warn ? GALLEY_SEVERITY_WARNING : GALLEY_SEVERITY_ERROR,
                                    from->status))
            continue;
        if (!placed++)
            galley_json_position(src_node, &line, &col);
        if (r->severity == GALLEY_SEVERITY_WARNING)
            galley_diags_warn(to, file, line, col, r->field, "%s", r->message);
        else if (downgrade)
            galley_diags_warn(to, file, line, col, r->field,
                              "%s; a placeholder box is drawn instead (--placeholder)", r->message);
        else
            galley_diags_error(to, from->status, file, line, col, r->field, "%s", r->message);
    }
}

/* Finds and decodes the photo of SRC_NODE. A missing or damaged photo is an
 * error, or with --placeholder a warning that leaves p->image NULL. */
static galley_status_t load_photo_file(const galley_json_node_t *src_node, const char *folder,
                                       const loader_t *ld, galley_photo_t *p)
{
    const char *src = NULL;
    galley_status_t st = check_src(src_node, ld, &src);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    p->src = strdup(src);
    if (!p->src)
        return no_memory(src_node);
    galley_diags_t d;
    galley_diags_init(&d);
    int escaped = 0;
    st = find_photo(src_node, src, folder, p, &d);
    if (st == GALLEY_STATUS_SUCCESS)
        st = decode_photo(src_node, ld, p, &d, &escaped);
    int downgrade = st == GALLEY_STATUS_INPUT_ERROR && ld->opt->placeholder && !escaped;
    forward_diags(&d, src_node, downgrade);
    galley_diags_fini(&d);
    return downgrade ? GALLEY_STATUS_SUCCESS : st;
}

/* One entry of "photos": the file, its alt text and focus, and the article's
 * caption and credit for it. */
static galley_status_t load_photo(const galley_json_node_t *item, const char *folder,
                                  const loader_t *ld, galley_article_t *a, size_t i)
{
    galley_photo_t *p = &a->photos[i];
    p->field = galley_json_path(item);
    if (!p->field)
        return no_memory(item);
    galley_status_t st = galley_json_object(item, 1);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    galley_json_check_fields(item, PHOTO_FIELDS);
    galley_json_node_t src = galley_json_member(item, "src");
    galley_json_node_t alt = galley_json_member(item, "alt");
    galley_json_node_t caption = galley_json_member(item, "caption");
    galley_json_node_t credit = galley_json_member(item, "credit");
    st = load_plain(&alt, &p->alt);
    st = keep(st, load_focus(item, p));
    st = keep(st, load_text(&caption, 1, &a->main.captions[i]));
    st = keep(st, load_text(&credit, 0, &a->main.credits[i]));
    return keep(st, load_photo_file(&src, folder, ld, p));
}

/* "photos": a list of photos; captions and credits go to the main text. */
static galley_status_t load_photos(const galley_json_node_t *root, const loader_t *ld,
                                   galley_article_t *a)
{
    galley_json_node_t n = galley_json_member(root, "photos");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    if (st != GALLEY_STATUS_SUCCESS || count == 0)
        return st;
    if (count > GALLEY_MAX_PHOTOS)
        return galley_json_error(&n, GALLEY_STATUS_LIMIT_ERROR,
                                 "the article has %zu photos, over the limit of %d (a fixed "
                                 "limit: every photo is decoded whole)",
                                 count, GALLEY_MAX_PHOTOS);
    a->photos = alloc_array(count, sizeof *a->photos, &st, &n);
    a->main.captions = alloc_array(count, sizeof(galley_text_t), &st, &n);
    a->main.credits = alloc_array(count, sizeof(galley_text_t), &st, &n);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    a->n_photos = count;
    char *folder = folder_of(a->path);
    if (!folder)
        return no_memory(&n);
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        st = keep(st, load_photo(&item, folder, ld, a, i));
    }
    free(folder);
    return st;
}

/* A translation's "photos": captions and credits parallel to the article's photos. */
static galley_status_t load_photo_texts(const galley_json_node_t *parent, size_t n_photos,
                                        galley_article_text_t *t)
{
    galley_json_node_t n = galley_json_member(parent, "photos");
    size_t count = 0;
    galley_status_t st = galley_json_array(&n, 0, &count);
    t->captions = alloc_array(n_photos, sizeof *t->captions, &st, &n);
    t->credits = alloc_array(n_photos, sizeof *t->credits, &st, &n);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    if (count > n_photos)
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "has %zu entr%s but the article has %zu photo%s", count,
                                 count == 1 ? "y" : "ies", n_photos, n_photos == 1 ? "" : "s");
    for (size_t i = 0; i < count; i++) {
        galley_json_node_t item = galley_json_item(&n, i);
        galley_status_t ok = galley_json_object(&item, 0);
        st = keep(st, ok);
        if (ok != GALLEY_STATUS_SUCCESS || !galley_json_present(&item))
            continue;
        galley_json_check_fields(&item, PHOTO_TEXT_FIELDS);
        galley_json_node_t caption = galley_json_member(&item, "caption");
        galley_json_node_t credit = galley_json_member(&item, "credit");
        st = keep(st, load_text(&caption, 1, &t->captions[i]));
        st = keep(st, load_text(&credit, 0, &t->credits[i]));
    }
    return st;
}

/* ---- languages ----------------------------------------------------------- */

/* The text fields shared by the article and its translations. */
static galley_status_t load_article_text(const galley_json_node_t *node, int is_main,
                                         galley_article_text_t *t)
{
    galley_json_node_t section = galley_json_member(node, "section");
    galley_json_node_t kicker = galley_json_member(node, "kicker");
    galley_json_node_t headline = galley_json_member(node, "headline");
    galley_json_node_t deck = galley_json_member(node, "deck");
    galley_json_node_t dateline = galley_json_member(node, "dateline");
    galley_status_t st = load_text(&section, 0, &t->section);
    st = keep(st, load_text(&kicker, 0, &t->kicker));
    if (is_main)
        st = keep(st, load_required_text(&headline, 0, &t->headline, "the headline is empty"));
    else
        st = keep(st, load_text(&headline, 0, &t->headline));
    st = keep(st, load_text(&deck, 1, &t->deck));
    st = keep(st, load_text(&dateline, 0, &t->dateline));
    st = keep(st, load_byline(node, &t->byline));
    st = keep(st, load_body(node, is_main, t));
    st = keep(st, load_related(node, t));
    return keep(st, load_notes(node, t));
}

/* Sets a translation's language and field prefix ("translations.ko."). */
static galley_status_t name_translation(const galley_json_node_t *node, const char *lang,
                                        galley_article_text_t *t)
{
    size_t n = strlen(lang) + sizeof "translations..";
    t->lang = normalize_lang(lang);
    t->field_prefix = malloc(n);
    if (!t->lang || !t->field_prefix)
        return no_memory(node);
    snprintf(t->field_prefix, n, "translations.%s.", lang);
    return GALLEY_STATUS_SUCCESS;
}

/* One translation: checks its language tag, then its fields. */
static galley_status_t load_translation(const galley_json_node_t *node, const galley_article_t *a,
                                        galley_article_text_t *t)
{
    if (!valid_lang(node->key))
        return galley_json_error(node, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\" is not a language tag such as \"en\" or \"ko\"",
                                 node->key);
    if (!strcasecmp(node->key, a->main.lang))
        return galley_json_error(node, GALLEY_STATUS_INPUT_ERROR,
                                 "the article itself is in \"%s\" (see \"lang\")", a->main.lang);
    galley_status_t st = galley_json_object(node, 1);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    st = name_translation(node, node->key, t);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    galley_json_check_fields(node, TRANSLATION_FIELDS);
    st = load_photo_texts(node, a->n_photos, t);
    return keep(st, load_article_text(node, 0, t));
}

/* "translations": {"ko": {...}, ...}, in the order written. */
static galley_status_t load_translations(const galley_json_node_t *root, galley_article_t *a)
{
    galley_json_node_t n = galley_json_member(root, "translations");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    size_t count = json_object_size(n.value);
    a->translations = alloc_array(count, sizeof *a->translations, &st, &n);
    if (!a->translations)
        return st;
    a->n_translations = count;
    size_t i = 0;
    const char *key;
    json_t *value;
    json_object_foreach(n.value, key, value)
    {
        galley_json_node_t item = {n.doc, &n, key, 0, value};
        st = keep(st, load_translation(&item, a, &a->translations[i++]));
    }
    return st;
}

/* Reads "layout": the layout the article is set in unless the command names
 * one: a name from layouts/, or a file relative to the article's folder;
 * with --root, the photos' rules: relative and without "..". (galley.c
 * then loads it confined to the root: its real location must be inside.) */
static galley_status_t load_layout_name(const galley_json_node_t *root, const loader_t *ld,
                                        galley_article_t *a)
{
    galley_json_node_t n = galley_json_member(root, "layout");
    const char *s = NULL;
    galley_status_t st = galley_json_string(&n, 0, &s);
    if (st != GALLEY_STATUS_SUCCESS || !s || !s[0])
        return st;
    if (ld->root && galley_layout_is_path(s) && (s[0] == '/' || galley_path_has_dot_dot(s)))
        return galley_json_error(&n, GALLEY_STATUS_INPUT_ERROR,
                                 "\"%s\" %s: with --root %s a layout is a name from layouts/ or "
                                 "a file inside that folder, named relative to the article",
                                 s, s[0] == '/' ? "is an absolute path" : "has a '..' part",
                                 ld->opt->root);
    a->layout = galley_layout_reference(a->path, s);
    return a->layout ? st : no_memory(&n);
}

/* ---- the article --------------------------------------------------------- */

/* Loads every part of the article from the root object. */
static galley_status_t load_root(const galley_json_node_t *root, const loader_t *ld,
                                 galley_article_t *a)
{
    if (!json_is_object(root->value))
        return galley_json_error(root, GALLEY_STATUS_INPUT_ERROR,
                                 "an article is a JSON object { \"headline\": ..., \"body\": "
                                 "[...] }, found %s",
                                 galley_json_kind(root->value));
    galley_json_check_fields(root, ARTICLE_FIELDS);
    a->main.field_prefix = strdup("");
    if (!a->main.field_prefix)
        return no_memory(root);
    galley_status_t st = load_lang(root, &a->main.lang);
    st = keep(st, load_date(root, a));
    st = keep(st, load_layout_name(root, ld, a));
    st = keep(st, load_photos(root, ld, a));
    st = keep(st, load_article_text(root, 1, &a->main));
    if (a->main.lang)
        st = keep(st, load_translations(root, a));
    return st;
}

/* Sets up the loader: the options, and the root folder's real path. */
static galley_status_t loader_init(loader_t *ld, const galley_render_options_t *options,
                                   galley_diags_t *diags)
{
    static const galley_render_options_t none = {0};
    ld->opt = options ? options : &none;
    ld->root = NULL;
    if (!ld->opt->root)
        return GALLEY_STATUS_SUCCESS;
    struct stat sb;
    if (!ld->opt->root[0] || stat(ld->opt->root, &sb) != 0)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "--root \"%s\": %s", ld->opt->root,
                                  ld->opt->root[0] ? strerror(errno) : "the folder is empty");
    if (!S_ISDIR(sb.st_mode))
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "--root \"%s\" is not a folder", ld->opt->root);
    ld->root = realpath(ld->opt->root, NULL);
    if (!ld->root)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "--root \"%s\": %s", ld->opt->root, strerror(errno));
    return GALLEY_STATUS_SUCCESS;
}

/* Validates the parsed DOC (or reports ST, the reading's failure). */
static galley_status_t load_doc(galley_json_doc_t *doc, galley_status_t st, const char *path,
                                const loader_t *ld, galley_article_t **out)
{
    if (st != GALLEY_STATUS_SUCCESS) {
        galley_json_doc_fini(doc);
        return st;
    }
    galley_json_node_t root = galley_json_root(doc);
    galley_article_t *a = calloc(1, sizeof *a);
    if (!a || !(a->path = strdup(path)))
        st = no_memory(&root);
    else
        st = load_root(&root, ld, a);
    galley_json_doc_fini(doc);
    if (st != GALLEY_STATUS_SUCCESS) {
        galley_article_destroy(a);
        return st;
    }
    *out = a;
    return st;
}

/* The JSON limits of the options. */
static galley_json_limits_t json_limits(const loader_t *ld)
{
    return (galley_json_limits_t){ld->opt->limits.max_input_mb, ld->opt->limits.max_depth};
}

/* Loads and validates the article file NAME, or with DATA the LEN bytes
 * there, named NAME in messages; with CONFINE the file must lie inside the
 * options' root. */
static galley_status_t article_load(const char *name, const char *data, size_t len, int confine,
                                    const galley_render_options_t *options,
                                    galley_photo_checks_t *checks, galley_article_t **out,
                                    galley_diags_t *diags)
{
    *out = NULL;
    loader_t ld;
    galley_status_t st = loader_init(&ld, options, diags);
    ld.checks = checks;
    if (st == GALLEY_STATUS_SUCCESS) {
        galley_json_doc_t doc;
        galley_json_limits_t limits = json_limits(&ld);
        st = data ? galley_json_doc_load_buffer(&doc, name, data, len, &limits, diags)
                  : galley_json_doc_load_confined(&doc, name, &limits, confine ? ld.root : NULL,
                                                  diags);
        st = load_doc(&doc, st, name, &ld, out);
    }
    free(ld.root);
    return st;
}

/* Loads and validates PATH; see article.h. */
galley_status_t galley_article_load(const char *path, const galley_render_options_t *options,
                                    galley_photo_checks_t *checks, galley_article_t **out,
                                    galley_diags_t *diags)
{
    return article_load(path, NULL, 0, 0, options, checks, out, diags);
}

/* Loads and validates PATH, which must lie inside the root; see article.h. */
galley_status_t galley_article_load_inside(const char *path, const galley_render_options_t *options,
                                           galley_photo_checks_t *checks, galley_article_t **out,
                                           galley_diags_t *diags)
{
    return article_load(path, NULL, 0, 1, options, checks, out, diags);
}

/* Loads and validates a buffer; see article.h. */
galley_status_t galley_article_load_buffer(const char *name, const char *data, size_t len,
                                           const galley_render_options_t *options,
                                           galley_article_t **out, galley_diags_t *diags)
{
    return article_load(name, data ? data : "", len, 0, options, NULL, out, diags);
}

/* ---- freeing ------------------------------------------------------------- */

/* Frees an array of N texts. */
static void free_texts(galley_text_t *texts, size_t n)
{
    for (size_t i = 0; texts && i < n; i++)
        galley_text_fini(&texts[i]);
    free(texts);
}

/* Frees what one language's text owns. */
static void article_text_fini(galley_article_text_t *t, size_t n_photos)
{
    free(t->lang);
    free(t->field_prefix);
    galley_text_fini(&t->section);
    galley_text_fini(&t->kicker);
    galley_text_fini(&t->headline);
    galley_text_fini(&t->deck);
    galley_text_fini(&t->dateline);
    galley_text_fini(&t->byline.name);
    free(t->byline.title);
    free(t->byline.email);
    free_texts(t->captions, n_photos);
    free_texts(t->credits, n_photos);
    for (size_t i = 0; t->body && i < t->n_body; i++) {
        galley_text_fini(&t->body[i].text);
        galley_text_fini(&t->body[i].attribution);
        free(t->body[i].field);
    }
    free(t->body);
    for (size_t i = 0; t->related && i < t->n_related; i++) {
        galley_text_fini(&t->related[i].headline);
        free(t->related[i].url);
        free(t->related[i].field);
    }
    free(t->related);
    free_texts(t->notes, t->n_notes);
}

/* Frees the article and everything it owns, photos included. */
void galley_article_destroy(galley_article_t *article)
{
    if (!article)
        return;
    for (size_t i = 0; article->photos && i < article->n_photos; i++) {
        galley_photo_t *p = &article->photos[i];
        free(p->src);
        free(p->path);
        free(p->alt);
        free(p->field);
        if (p->image)
            galley_image_destroy(p->image);
    }
    free(article->photos);
    article_text_fini(&article->main, article->n_photos);
    for (size_t i = 0; article->translations && i < article->n_translations; i++)
        article_text_fini(&article->translations[i], article->n_photos);
    free(article->translations);
    free(article->path);
    free(article->date);
    free(article->layout);
    free(article);
}
