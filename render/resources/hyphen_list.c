/* hyphen_list.c: hyphenation word lists (exceptions and house lists).
 *
 * Owns the words of one list, kept in a hash table from the word in
 * lowercase to its breaks (one byte a letter, 1 where a break follows it),
 * and the reading of the list format hyphen_list.h describes, with every
 * bad entry reported at its line and column.
 */
#include "hyphen_list.h"
#include "input.h"
#include "utf8.h"

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct galley_hyphen_list {
    GHashTable *words; /* lowercase word (owned) -> its breaks, one byte a letter (owned) */
};

galley_status_t galley_hyphen_list_create(galley_hyphen_list_t **out)
{
    galley_hyphen_list_t *list = calloc(1, sizeof *list);
    if (list)
        list->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (!list || !list->words) {
        free(list);
        *out = NULL;
        return GALLEY_STATUS_NO_MEMORY;
    }
    *out = list;
    return GALLEY_STATUS_SUCCESS;
}

void galley_hyphen_list_destroy(galley_hyphen_list_t *list)
{
    if (!list)
        return;
    g_hash_table_destroy(list->words);
    free(list);
}

/* Records why ENTRY is refused and where; returns INPUT_ERROR. */
static galley_status_t entry_refuse(char *why, size_t why_n, size_t *at, size_t off,
                                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static galley_status_t entry_refuse(char *why, size_t why_n, size_t *at, size_t off,
                                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, why_n, fmt, ap);
    va_end(ap);
    *at = off;
    return GALLEY_STATUS_INPUT_ERROR;
}

/* Reads ENTRY (N bytes) into WORD (lowercase letters, *LEN of them) and
 * POINTS; a refusal says why and where. */
static galley_status_t entry_read(const char *entry, size_t n, char *word, char *points,
                                  size_t *len, char *why, size_t why_n, size_t *at)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)entry[i];
        if (c == '-') {
            if (k == 0 || i + 1 == n)
                return entry_refuse(why, why_n, at, i,
                                    "'%.*s': a hyphen must stand between two letters", (int)n,
                                    entry);
            if (entry[i - 1] == '-')
                return entry_refuse(why, why_n, at, i, "'%.*s': two hyphens in a row", (int)n,
                                    entry);
            points[k - 1] = 1;
            continue;
        }
        if (!g_ascii_isalpha(c)) {
            const char *end = g_utf8_find_next_char(entry + i, entry + n);
            int w = (int)((end ? end : entry + n) - (entry + i));
            return entry_refuse(why, why_n, at, i,
                                "'%.*s': '%.*s' is not a letter a to z or a hyphen (Galley "
                                "hyphenates words of the letters a to z)",
                                (int)n, entry, w, entry + i);
        }
        if (k == GALLEY_HYPHEN_MAX_WORD)
            return entry_refuse(why, why_n, at, 0,
                                "'%.*s': longer than %d letters (such words are never "
                                "hyphenated)",
                                (int)n, entry, GALLEY_HYPHEN_MAX_WORD);
        points[k] = 0;
        word[k++] = (char)g_ascii_tolower(c);
    }
    if (k == 0)
        return entry_refuse(why, why_n, at, 0, "an empty word");
    word[k] = '\0';
    *len = k;
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_hyphen_list_add(galley_hyphen_list_t *list, const char *entry, size_t n,
                                       char *why, size_t why_n, size_t *at)
{
    char word[GALLEY_HYPHEN_MAX_WORD + 1], points[GALLEY_HYPHEN_MAX_WORD];
    size_t len = 0;
    galley_status_t st = entry_read(entry, n, word, points, &len, why, why_n, at);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    char *key = g_strdup(word), *value = g_memdup2(points, len);
    g_hash_table_replace(list->words, key, value);
    return GALLEY_STATUS_SUCCESS;
}

/* The column (in characters, from 1) of byte OFF of the line starting at LINE. */
static int column_of(const char *line, const char *at)
{
    return (int)g_utf8_strlen(line, at - line) + 1;
}

/* Where the reader is in TeX's wrapper "\hyphenation{ ... }". */
enum { TEX_OUTSIDE, TEX_BRACE, TEX_INSIDE };

/* Skips TeX's wrapper in the token [*S, *E): "\hyphenation" (with or without
 * a space before its "{") and "{" before it, "}" after it when a wrapper is
 * open (*TEX says where the reader is). Returns 0 for another TeX command. */
static int token_unwrap(const char **s, const char **e, int *tex)
{
    static const char cmd[] = "\\hyphenation";
    size_t n = sizeof cmd - 1;
    if ((size_t)(*e - *s) >= n && !strncmp(*s, cmd, n)) {
        *s += n;
        *tex = TEX_BRACE;
    } else if (**s == '\\') {
        return 0;
    }
    if (*tex == TEX_BRACE && *s < *e && **s == '{') {
        (*s)++;
        *tex = TEX_INSIDE;
    }
    if (*tex == TEX_INSIDE && *s < *e && (*e)[-1] == '}') {
        (*e)--;
        *tex = TEX_OUTSIDE;
    }
    return 1;
}

/* Adds the words of one line [LINE, END) (its comment cut off). */
static galley_status_t parse_line(galley_hyphen_list_t *list, const char *line, const char *end,
                                  const char *file, int lineno, int *tex, galley_diags_t *diags)
{
    galley_status_t first = GALLEY_STATUS_SUCCESS;
    const char *p = line;
    while (p < end) {
        while (p < end && g_ascii_isspace(*p))
            p++;
        const char *s = p, *e = p;
        while (e < end && !g_ascii_isspace(*e))
            e++;
        p = e;
        if (s == e)
            break;
        char why[300];
        size_t at = 0;
        galley_status_t st = GALLEY_STATUS_SUCCESS;
        if (!token_unwrap(&s, &e, tex))
            st = galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file, lineno,
                                    column_of(line, s), "hyphenation",
                                    "'%.*s': a TeX command; a list holds words and "
                                    "\\hyphenation{...} only",
                                    (int)(e - s), s);
        else if (s < e && galley_hyphen_list_add(list, s, (size_t)(e - s), why, sizeof why, &at))
            st = galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file, lineno,
                                    column_of(line, s + at), "hyphenation", "%s", why);
        if (first == GALLEY_STATUS_SUCCESS)
            first = st;
    }
    return first;
}

galley_status_t galley_hyphen_list_parse(galley_hyphen_list_t *list, const char *text, size_t len,
                                         const char *file, galley_diags_t *diags)
{
    size_t bad = galley_utf8_check(text, len);
    if (bad < len) {
        const char *line = text + bad;
        while (line > text && line[-1] != '\n')
            line--;
        int lineno = 1;
        for (const char *q = text; q < line; q++)
            lineno += *q == '\n';
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file, lineno,
                                  column_of(line, text + bad), "hyphenation",
                                  "the file is not valid UTF-8 text (byte 0x%02X here); save it "
                                  "with UTF-8 encoding",
                                  (unsigned char)text[bad]);
    }
    galley_status_t first = GALLEY_STATUS_SUCCESS;
    const char *p = text, *end = text + len;
    int tex = TEX_OUTSIDE;
    for (int lineno = 1; p < end; lineno++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *cut = line_end;
        for (const char *q = p; q < line_end; q++)
            if (*q == '%' || *q == '#') {
                cut = q;
                break;
            }
        galley_status_t st = parse_line(list, p, cut, file, lineno, &tex, diags);
        if (first == GALLEY_STATUS_SUCCESS)
            first = st;
        p = nl ? nl + 1 : end;
    }
    return first;
}

galley_status_t galley_hyphen_list_load(const char *path, const char *root, size_t max_bytes,
                                        galley_hyphen_list_t **out, galley_diags_t *diags)
{
    *out = NULL;
    if (access(path, R_OK) != 0)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                                  "the hyphenation list cannot be read: %s", strerror(errno));
    char *text = NULL;
    size_t len = 0;
    galley_status_t st =
        galley_input_read(path, root, (double)max_bytes / 1048576.0, &text, &len, diags);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    galley_hyphen_list_t *list = NULL;
    st = galley_hyphen_list_create(&list);
    if (st == GALLEY_STATUS_SUCCESS)
        st = galley_hyphen_list_parse(list, text, len, path, diags);
    else
        st = galley_diags_error(diags, st, path, 0, 0, NULL, "out of memory");
    free(text);
    if (st != GALLEY_STATUS_SUCCESS) {
        galley_hyphen_list_destroy(list);
        return st;
    }
    *out = list;
    return GALLEY_STATUS_SUCCESS;
}

int galley_hyphen_list_find(const galley_hyphen_list_t *list, const char *word, size_t n,
                            char *points)
{
    if (!list || n == 0 || n > GALLEY_HYPHEN_MAX_WORD)
        return -1;
    char key[GALLEY_HYPHEN_MAX_WORD + 1];
    for (size_t i = 0; i < n; i++)
        key[i] = (char)g_ascii_tolower((unsigned char)word[i]);
    key[n] = '\0';
    const char *breaks = g_hash_table_lookup(list->words, key);
    if (!breaks)
        return -1;
    int count = 0;
    for (size_t i = 0; i < n; i++)
        count += (points[i] = breaks[i]) != 0;
    return count;
}

size_t galley_hyphen_list_count(const galley_hyphen_list_t *list)
{
    return list ? g_hash_table_size(list->words) : 0;
}
