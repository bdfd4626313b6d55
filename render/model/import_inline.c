/* import_inline.c: inline text of a foreign article as Galley markup.
 *
 * Owns: the text builder the importers write runs of text into: plain text
 * with Galley's markup characters escaped (\* \[ \] \( \) \\; quotes are
 * left for the loader to make typographic), emphasis and strong wrapped
 * with their white space kept outside the markers (so "*x*" always opens
 * and closes), adjacent runs of one emphasis merged, and links written as
 * [text](address) for the addresses a page can link. The builder owns its
 * bytes until galley_inline_take hands them over.
 */
#include "import_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Starts an empty builder. */
void galley_inline_init(galley_inline_t *b)
{
    memset(b, 0, sizeof *b);
}

/* Frees the builder's bytes. */
void galley_inline_fini(galley_inline_t *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* Makes room for N more bytes and the NUL; 0 when out of memory. */
static int reserve(galley_inline_t *b, size_t n)
{
    if (b->failed)
        return 0;
    if (b->len + n + 1 <= b->cap)
        return 1;
    size_t cap = (b->len + n + 1) * 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->failed = 1;
        return 0;
    }
    b->s = s;
    b->cap = cap;
    return 1;
}

/* Inserts N bytes of S at AT. */
static void insert(galley_inline_t *b, size_t at, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memmove(b->s + at + n, b->s + at, b->len - at);
    memcpy(b->s + at, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* Appends raw bytes; see import_private.h. */
void galley_inline_raw(galley_inline_t *b, const char *s, size_t n)
{
    insert(b, b->len, s, n);
}

/* Appends plain text with markup escaped; see import_private.h. */
void galley_inline_text(galley_inline_t *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strchr("*[]()\\", s[i]) && s[i])
            galley_inline_raw(b, "\\", 1);
        galley_inline_raw(b, s + i, 1);
    }
}

/* True for the white space the loader collapses. */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The bytes since AT without the white space at their ends: [*A, *Z). 0 when empty. */
static int trimmed(const galley_inline_t *b, size_t at, size_t *a, size_t *z)
{
    *a = at, *z = b->len;
    while (*a < *z && is_space(b->s[*a]))
        (*a)++;
    while (*z > *a && is_space(b->s[*z - 1]))
        (*z)--;
    return *z > *a;
}

/* Wraps the text since AT in MARK; see import_private.h. */
void galley_inline_wrap(galley_inline_t *b, size_t at, const char *mark)
{
    size_t a, z, m = strlen(mark);
    if (b->failed || !trimmed(b, at, &a, &z))
        return;
    insert(b, z, mark, m);
    if (b->last_mark && !strcmp(b->last_mark, mark) && b->last_close == a && a >= m) {
        /* <em>a</em><em>b</em>: one run "*ab*", not "*a**b*" */
        memmove(b->s + a - m, b->s + a, b->len - a + 1);
        b->len -= m;
        z -= m;
    } else {
        insert(b, a, mark, m);
        z += m;
    }
    b->last_mark = mark;
    b->last_close = z + m;
}

/* True for an address a printed page links (docs/article.md). */
static int linkable(const char *url)
{
    static const char *const SCHEMES[] = {"http:", "https:", "mailto:", "tel:", NULL};
    for (int i = 0; SCHEMES[i]; i++)
        if (!strncasecmp(url, SCHEMES[i], strlen(SCHEMES[i])))
            return strlen(url) <= 8192;
    return 0;
}

/* Makes the text since AT a link; see import_private.h. */
void galley_inline_link(galley_inline_t *b, size_t at, const char *url)
{
    size_t a, z;
    while (url && is_space(*url))
        url++;
    if (b->failed || !url || !linkable(url) || !trimmed(b, at, &a, &z))
        return;
    for (size_t i = a; i < z; i++)
        if (b->s[i] == '[' && (i == 0 || b->s[i - 1] != '\\'))
            return; /* a link inside a link: the outer stays text */
    galley_inline_t tail;
    galley_inline_init(&tail);
    galley_inline_raw(&tail, "](", 2);
    for (const char *p = url; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == '(' || c == ')' || c == '\\' || c == 0x7F) {
            char hex[4];
            static const char digits[] = "0123456789ABCDEF";
            hex[0] = '%', hex[1] = digits[c >> 4], hex[2] = digits[c & 15];
            galley_inline_raw(&tail, hex, 3);
        } else {
            galley_inline_raw(&tail, p, 1);
        }
    }
    galley_inline_raw(&tail, ")", 1);
    if (!tail.failed) {
        insert(b, z, tail.s, tail.len);
        insert(b, a, "[", 1);
    } else {
        b->failed = 1;
    }
    galley_inline_fini(&tail);
    b->last_mark = NULL;
}

/* Hands the text over; see import_private.h. */
char *galley_inline_take(galley_inline_t *b)
{
    size_t a, z;
    char *s = NULL;
    if (!b->failed && trimmed(b, 0, &a, &z))
        s = strndup(b->s + a, z - a);
    galley_inline_fini(b);
    return s;
}

/* Escapes plain text; see import_private.h. */
char *galley_inline_escape(const char *s)
{
    galley_inline_t b;
    galley_inline_init(&b);
    if (s)
        galley_inline_text(&b, s, strlen(s));
    return galley_inline_take(&b);
}
