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
#include "article_private.h"
#include "import.h"
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
    "lang",   "section", "kicker",  "headline", "deck",         "byline", "dateline",    "date",
    "photos", "body",    "related", "notes",    "translations", "layout", "hyphenation", NULL};
static const char *const TRANSLATION_FIELDS[] = {"section", "kicker",   "headline", "deck",
                                                 "byline",  "dateline", "photos",   "body",
                                                 "related", "notes",    NULL};

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

/* Reads and checks a "lang" member; see article.h. */
galley_status_t galley_article_load_lang(const galley_json_node_t *root, char **out)
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
    return *out ? st : galley_article_no_memory(&n);
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
    return a->date ? st : galley_article_no_memory(&n);
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
    galley_status_t st = galley_article_text(&section, 0, &t->section);
    st = galley_article_keep(st, galley_article_text(&kicker, 0, &t->kicker));
    if (is_main)
        st = galley_article_keep(
            st, galley_article_required_text(&headline, 0, &t->headline, "the headline is empty"));
    else
        st = galley_article_keep(st, galley_article_text(&headline, 0, &t->headline));
    st = galley_article_keep(st, galley_article_text(&deck, 1, &t->deck));
    st = galley_article_keep(st, galley_article_text(&dateline, 0, &t->dateline));
    st = galley_article_keep(st, galley_article_load_byline(node, &t->byline));
    st = galley_article_keep(st, galley_article_load_body(node, is_main, t));
    st = galley_article_keep(st, galley_article_load_related(node, t));
    return galley_article_keep(st, galley_article_load_notes(node, t));
}

/* Sets a translation's language and field prefix ("translations.ko."). */
static galley_status_t name_translation(const galley_json_node_t *node, const char *lang,
                                        galley_article_text_t *t)
{
    size_t n = strlen(lang) + sizeof "translations..";
    t->lang = normalize_lang(lang);
    t->field_prefix = malloc(n);
    if (!t->lang || !t->field_prefix)
        return galley_article_no_memory(node);
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
    st = galley_article_load_photo_texts(node, a->n_photos, t);
    return galley_article_keep(st, load_article_text(node, 0, t));
}

/* "translations": {"ko": {...}, ...}, in the order written. */
static galley_status_t load_translations(const galley_json_node_t *root, galley_article_t *a)
{
    galley_json_node_t n = galley_json_member(root, "translations");
    galley_status_t st = galley_json_object(&n, 0);
    if (st != GALLEY_STATUS_SUCCESS || !galley_json_present(&n))
        return st;
    size_t count = json_object_size(n.value);
    a->translations = galley_article_alloc(count, sizeof *a->translations, &st, &n);
    if (!a->translations)
        return st;
    a->n_translations = count;
    size_t i = 0;
    const char *key;
    json_t *value;
    json_object_foreach(n.value, key, value)
    {
        galley_json_node_t item = {n.doc, &n, key, 0, value};
        st = galley_article_keep(st, load_translation(&item, a, &a->translations[i++]));
    }
    return st;
}

/* Reads "layout": the layout the article is set in unless the command names
 * one: a name from layouts/, or a file relative to the article's folder;
 * with --root, the photos' rules: relative and without "..". (galley.c
 * then loads it confined to the root: its real location must be inside.) */
static galley_status_t load_layout_name(const galley_json_node_t *root,
                                        const galley_article_loader_t *ld, galley_article_t *a)
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
    return a->layout ? st : galley_article_no_memory(&n);
}

/* ---- positions ----------------------------------------------------------- */

/* Records where field PRE + NAME (+ "[I]" when I is not (size_t)-1) sits. */
static galley_status_t record(galley_json_positions_t **p, const galley_json_doc_t *doc,
                              const char *pre, const char *name, size_t i)
{
    size_t n = strlen(pre) + strlen(name) + 32;
    char *field = malloc(n);
    if (!field)
        return GALLEY_STATUS_NO_MEMORY;
    if (i == (size_t)-1)
        snprintf(field, n, "%s%s", pre, name);
    else
        snprintf(field, n, "%s%s[%zu]", pre, name, i);
    galley_status_t st = galley_json_positions_add(p, doc, field);
    free(field);
    return st;
}

/* Records the fields of one language that compose and typeset name in
 * their messages: its text fields, body blocks, notes, related articles and
 * photo captions and credits, each in file order. */
static galley_status_t record_text(galley_json_positions_t **p, const galley_json_doc_t *doc,
                                   const galley_article_t *a, const galley_article_text_t *t)
{
    static const char *const NAMES[] = {"section", "kicker",   "headline", "deck",
                                        "byline",  "dateline", "related",  NULL};
    const char *pre = t->field_prefix;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && NAMES[i]; i++)
        st = record(p, doc, pre, NAMES[i], (size_t)-1);
    for (size_t i = 0; !st && i < t->n_body; i++) {
        st = galley_json_positions_add(p, doc, t->body[i].field);
        for (size_t k = 0; !st && k < t->body[i].n_items; k++)
            st = galley_json_positions_add(p, doc, t->body[i].items[k].field);
    }
    for (size_t i = 0; !st && i < t->n_notes; i++)
        st = record(p, doc, pre, "notes", i);
    for (size_t i = 0; !st && i < t->n_related; i++)
        st = galley_json_positions_add(p, doc, t->related[i].field);
    for (size_t i = 0; !st && i < a->n_photos; i++) {
        char name[64];
        snprintf(name, sizeof name, "photos[%zu].caption", i);
        st = record(p, doc, pre, name, (size_t)-1);
        snprintf(name, sizeof name, "photos[%zu].credit", i);
        if (!st)
            st = record(p, doc, pre, name, (size_t)-1);
    }
    return st;
}

/* Records where the fields later stages may name sit in DOC (see
 * galley_article_field_position). */
static galley_status_t record_positions(const galley_json_doc_t *doc, galley_article_t *a)
{
    galley_status_t st = galley_json_positions_add(&a->positions, doc, "");
    for (size_t i = 0; !st && i < a->n_photos; i++)
        st = galley_json_positions_add(&a->positions, doc, a->photos[i].field);
    if (!st)
        st = record_text(&a->positions, doc, a, &a->main);
    for (size_t i = 0; !st && i < a->n_translations; i++)
        st = record_text(&a->positions, doc, a, &a->translations[i]);
    return st ? st : galley_json_positions_finish(a->positions, doc);
}

/* Where FIELD sits in the article's file; see article.h. */
void galley_article_field_position(const galley_article_t *article, const char *field, int *lookups,
                                   int *line, int *column)
{
    *line = *column = 0;
    if (!article || !field || !*field || (lookups && (*lookups)++ >= GALLEY_ARTICLE_MAX_LOOKUPS))
        return;
    galley_json_positions_find(article->positions, field, line, column);
}

/* ---- the article --------------------------------------------------------- */

/* Loads every part of the article from the root object. */
static galley_status_t load_root(const galley_json_node_t *root, const galley_article_loader_t *ld,
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
        return galley_article_no_memory(root);
    galley_status_t st = galley_article_load_lang(root, &a->main.lang);
    st = galley_article_keep(st, load_date(root, a));
    st = galley_article_keep(st, load_layout_name(root, ld, a));
    st = galley_article_keep(st, galley_article_load_photos(root, ld, a));
    st = galley_article_keep(st, load_article_text(root, 1, &a->main));
    st = galley_article_keep(st, galley_article_load_hyphenation(root, a));
    if (st == GALLEY_STATUS_SUCCESS) /* anchors name body blocks: checked once both are in */
        st = galley_article_check_anchors(root, a);
    if (a->main.lang)
        st = galley_article_keep(st, load_translations(root, a));
    return st;
}

/* Sets up the loader: the options, and the root folder's real path. */
static galley_status_t loader_init(galley_article_loader_t *ld,
                                   const galley_load_options_t *options, galley_diags_t *diags)
{
    static const galley_load_options_t none = {0};
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
                                const galley_article_loader_t *ld, galley_article_t **out)
{
    if (st != GALLEY_STATUS_SUCCESS) {
        galley_json_doc_fini(doc);
        return st;
    }
    galley_json_node_t root = galley_json_root(doc);
    galley_article_t *a = calloc(1, sizeof *a);
    if (!a || !(a->path = strdup(path)))
        st = galley_article_no_memory(&root);
    else
        st = load_root(&root, ld, a);
    if (st == GALLEY_STATUS_SUCCESS && record_positions(doc, a) != GALLEY_STATUS_SUCCESS)
        st = galley_article_no_memory(&root);
    galley_json_doc_fini(doc);
    if (st != GALLEY_STATUS_SUCCESS) {
        galley_article_destroy(a);
        return st;
    }
    *out = a;
    return st;
}

/* The JSON limits of the options. */
static galley_json_limits_t json_limits(const galley_article_loader_t *ld)
{
    return (galley_json_limits_t){ld->opt->limits.max_input_mb, ld->opt->limits.max_depth};
}

/* Reads the article NAME (or the LEN bytes at DATA) into DOC: Galley's own
 * JSON as it is, another format mapped to it first (import.h), the mapped
 * JSON then read like a file but without places of its own. */
static galley_status_t read_article(galley_json_doc_t *doc, const char *name, const char *data,
                                    size_t len, int confine, const galley_article_loader_t *ld,
                                    galley_diags_t *diags)
{
    char *buf = NULL;
    galley_json_limits_t limits = json_limits(ld);
    double max_mb = limits.max_input_mb > 0 ? limits.max_input_mb : GALLEY_DEFAULT_MAX_INPUT_MB;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    memset(doc, 0, sizeof *doc);
    if (!data) {
        st = galley_input_read(name, confine ? ld->root : NULL, max_mb, &buf, &len, diags);
        data = buf;
    }
    json_t *mapped = NULL, *where = NULL;
    if (!st)
        st = galley_import(name, data, len, ld->opt->from, ld->opt, &mapped, &where, diags);
    if (!st && mapped) {
        char *text = galley_import_dump(mapped);
        st = text ? galley_json_doc_load_buffer(doc, name, text, strlen(text), &limits, diags)
                  : galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, name, 0, 0, NULL,
                                       "out of memory");
        doc->mapped = 1;
        doc->where = where;
        where = NULL;
        free(text);
    } else if (!st) {
        st = galley_json_doc_load_buffer(doc, name, data, len, &limits, diags);
    }
    json_decref(mapped);
    json_decref(where);
    free(buf);
    return st;
}

/* Loads and validates the article file NAME, or with DATA the LEN bytes
 * there, named NAME in messages; with CONFINE the file must lie inside the
 * options' root. */
static galley_status_t article_load(const char *name, const char *data, size_t len, int confine,
                                    const galley_load_options_t *options,
                                    galley_photo_checks_t *checks, galley_article_t **out,
                                    galley_diags_t *diags)
{
    *out = NULL;
    galley_article_loader_t ld;
    galley_status_t st = loader_init(&ld, options, diags);
    ld.checks = checks;
    if (st == GALLEY_STATUS_SUCCESS) {
        galley_json_doc_t doc;
        st = read_article(&doc, name, data, len, confine, &ld, diags);
        st = load_doc(&doc, st, name, &ld, out);
    }
    free(ld.root);
    return st;
}

/* Loads and validates PATH; see article.h. */
galley_status_t galley_article_load(const char *path, const galley_load_options_t *options,
                                    galley_photo_checks_t *checks, galley_article_t **out,
                                    galley_diags_t *diags)
{
    return article_load(path, NULL, 0, 0, options, checks, out, diags);
}

/* Loads and validates PATH, which must lie inside the root; see article.h. */
galley_status_t galley_article_load_inside(const char *path, const galley_load_options_t *options,
                                           galley_photo_checks_t *checks, galley_article_t **out,
                                           galley_diags_t *diags)
{
    return article_load(path, NULL, 0, 1, options, checks, out, diags);
}

/* Loads and validates a buffer; see article.h. */
galley_status_t galley_article_load_buffer(const char *name, const char *data, size_t len,
                                           const galley_load_options_t *options,
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
        for (size_t k = 0; k < t->body[i].n_items; k++) {
            galley_text_fini(&t->body[i].items[k].text);
            free(t->body[i].items[k].field);
        }
        free(t->body[i].items);
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
    galley_hyphen_list_destroy(article->hyphenation);
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
    galley_json_positions_destroy(article->positions);
    free(article->path);
    free(article->date);
    free(article->layout);
    free(article);
}
