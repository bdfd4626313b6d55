/* set_memo.c: settings kept across the tries of one composition (set_memo.h).
 *
 * A short array searched in order: one article's tries set a few dozen
 * distinct texts and measures (its headline, deck, caption and credit at
 * each photo span), and the search is nothing beside a setting.
 */
#include "set_memo.h"

#include <stdlib.h>
#include <string.h>

/* The most settings one memo keeps. */
#define GALLEY_SET_MEMO_MAX 256

/* A kept setting: copies of its key's text, style and strings, and its
 * lines. */
typedef struct {
    char *text;
    size_t len;
    galley_style_t style;
    char *lang, *marker, *hang_for;
    double measure, indent;
    galley_lines_t lines;
} memo_entry_t;

struct galley_set_memo {
    memo_entry_t *entries;
    size_t n, cap;
};

/* Frees what entry E owns. */
static void memo_entry_fini(memo_entry_t *e)
{
    galley_lines_fini(&e->lines);
    free(e->text);
    free(e->lang);
    free(e->marker);
    free(e->hang_for);
}

galley_set_memo_t *galley_set_memo_create(void)
{
    return calloc(1, sizeof(galley_set_memo_t));
}

void galley_set_memo_destroy(galley_set_memo_t *memo)
{
    if (!memo)
        return;
    for (size_t i = 0; i < memo->n; i++)
        memo_entry_fini(&memo->entries[i]);
    free(memo->entries);
    free(memo);
}

/* True when the strings A and B are both NULL or equal. */
static int memo_same_string(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* True when KEY decides the setting entry E keeps. */
static int memo_same_key(const memo_entry_t *e, const galley_set_key_t *key)
{
    return e->len == key->text->len && !memcmp(e->text, key->text->text, e->len) &&
           e->measure == key->measure && e->indent == key->indent &&
           !memcmp(&e->style, key->style, sizeof e->style) &&
           memo_same_string(e->lang, key->lang) && memo_same_string(e->marker, key->marker) &&
           memo_same_string(e->hang_for, key->hang_for);
}

/* A copy of the string S (NULL stays NULL); *BAD set when allocation fails. */
static char *memo_strdup(const char *s, int *bad)
{
    char *t = s ? strdup(s) : NULL;
    *bad |= s && !t;
    return t;
}

int galley_set_memo_get(const galley_set_memo_t *memo, const galley_set_key_t *key,
                        galley_lines_t *out)
{
    memset(out, 0, sizeof *out);
    if (key->text->n_spans || !key->text->text)
        return 0;
    for (size_t i = 0; i < memo->n; i++)
        if (memo_same_key(&memo->entries[i], key))
            return galley_lines_copy(&memo->entries[i].lines, out) ? -1 : 1;
    return 0;
}

void galley_set_memo_put(galley_set_memo_t *memo, const galley_set_key_t *key,
                         const galley_lines_t *lines)
{
    if (memo->n == GALLEY_SET_MEMO_MAX || key->text->n_spans || !key->text->text)
        return;
    if (memo->n == memo->cap) {
        size_t cap = memo->cap ? 2 * memo->cap : 16;
        memo_entry_t *e = realloc(memo->entries, cap * sizeof *e);
        if (!e)
            return;
        memo->entries = e;
        memo->cap = cap;
    }
    memo_entry_t *e = &memo->entries[memo->n];
    memset(e, 0, sizeof *e);
    int bad = !(e->text = malloc(key->text->len + 1));
    if (!bad)
        memcpy(e->text, key->text->text, key->text->len), e->text[key->text->len] = 0;
    e->len = key->text->len;
    e->style = *key->style;
    e->lang = memo_strdup(key->lang, &bad);
    e->marker = memo_strdup(key->marker, &bad);
    e->hang_for = memo_strdup(key->hang_for, &bad);
    e->measure = key->measure;
    e->indent = key->indent;
    if (bad || galley_lines_copy(lines, &e->lines)) {
        memo_entry_fini(e);
        return;
    }
    memo->n++;
}
