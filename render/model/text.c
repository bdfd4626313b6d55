/* text.c: styled text and Galley's inline markup.
 *
 * Owns: turning a field's source text into plain text plus spans. Runs of
 * white space (space, tab, line feed, carriage return, and the Unicode line
 * breaks U+0085, U+2028 and U+2029, which Pango would obey) become one space
 * and the ends are trimmed, in every field. With markup on:
 *   *emphasis*  **strong**  [link text](url)  and the escapes \* \[ \] \( \) \\
 * A run of '*' opens when the next character is not white space and closes
 * when the previous one is not, so "5 * 3" is plain text while "5*3" opens
 * emphasis that is never closed (an error: write 5\*3). '[' starts a link only
 * when "](" follows its first ']'; "[NEWS1]" stays text. Once "](" is seen the
 * link must be complete. Anything else, '<' and '&' included, is text.
 *
 * With quotes on (every text field of an article) the typewriter quotes ' and
 * " become typographic ones by their context (quotes.c says how); \' and \"
 * keep a straight one, in every text field.
 */
#include "text.h"
#include "quotes.h"
#include "utf8.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NESTING 16

/* An opened marker waiting for its close. */
typedef struct {
    galley_span_kind_t kind;
    size_t src_off;   /* the marker in the source */
    size_t out_start; /* where the span starts in the output */
    size_t close_off; /* links: the ']' in the source */
    size_t after_off; /* links: just past the ')' */
    char *url;        /* links: the unescaped address */
} marker_t;

typedef struct {
    const char *src;
    size_t len, pos;
    int markup, quotes;       /* GALLEY_TEXT_MARKUP, GALLEY_TEXT_QUOTES */
    galley_quoting_t quoting; /* the typographic quotes open */
    char *out;
    size_t out_len;
    int pending_space;
    galley_span_t *spans;
    size_t n_spans, cap_spans;
    marker_t stack[MAX_NESTING];
    size_t depth;
    galley_text_error_t *err;
} parser_t;

/* White space that collapses to one space. */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Bytes of the white space character at S (LEFT bytes remain), or 0: ASCII
 * white space, U+0085 NEXT LINE, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH
 * SEPARATOR. */
static size_t space_len(const char *s, size_t left)
{
    const unsigned char *u = (const unsigned char *)s;
    if (is_space(s[0]))
        return 1;
    if (left >= 2 && u[0] == 0xC2 && u[1] == 0x85)
        return 2;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
        return 3;
    return 0;
}

/* Records a markup error at source offset OFF; always returns INPUT_ERROR. */
static galley_status_t fail(parser_t *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static galley_status_t fail(parser_t *p, size_t off, const char *fmt, ...)
{
    if (p->err) {
        va_list ap;
        va_start(ap, fmt);
        p->err->offset = off;
        vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
        va_end(ap);
    }
    return GALLEY_STATUS_INPUT_ERROR;
}

/* Writes a pending collapsed space, unless the output is still empty (trim)
 * or already ends in one (white space around a link's '[' collapses too). */
static void flush_space(parser_t *p)
{
    if (p->pending_space && p->out_len > 0 && p->out[p->out_len - 1] != ' ')
        p->out[p->out_len++] = ' ';
    p->pending_space = 0;
}

/* Appends one byte of text. */
static void emit(parser_t *p, char c)
{
    flush_space(p);
    p->out[p->out_len++] = c;
}

/* Appends the character U (UTF-8). */
static void emit_char(parser_t *p, gunichar u)
{
    flush_space(p);
    p->out_len += (size_t)g_unichar_to_utf8(u, p->out + p->out_len);
}

/* The marker as the user typed it, for messages. */
static const char *marker_text(galley_span_kind_t kind)
{
    return kind == GALLEY_SPAN_STRONG ? "**" : kind == GALLEY_SPAN_EMPHASIS ? "*" : "[";
}

/* Adds a finished span; empty spans are dropped (the contract wants start < end). */
static galley_status_t add_span(parser_t *p, const marker_t *m)
{
    if (m->out_start >= p->out_len) {
        free(m->url);
        return GALLEY_STATUS_SUCCESS;
    }
    if (p->n_spans == p->cap_spans) {
        size_t cap = p->cap_spans ? p->cap_spans * 2 : 4;
        galley_span_t *spans = realloc(p->spans, cap * sizeof *spans);
        if (!spans) {
            free(m->url);
            return GALLEY_STATUS_NO_MEMORY;
        }
        p->spans = spans;
        p->cap_spans = cap;
    }
    p->spans[p->n_spans++] = (galley_span_t){m->kind, m->out_start, p->out_len, m->url, m->src_off};
    return GALLEY_STATUS_SUCCESS;
}

/* Opens a marker at the current output position. */
static galley_status_t push(parser_t *p, marker_t m)
{
    if (p->depth == MAX_NESTING) {
        free(m.url);
        return fail(p, m.src_off, "markup nested more than %d deep at byte %zu", MAX_NESTING,
                    m.src_off);
    }
    flush_space(p);
    m.out_start = p->out_len;
    p->stack[p->depth++] = m;
    return GALLEY_STATUS_SUCCESS;
}

/* The kind of the innermost open marker, or -1 when none is open. */
static int top_kind(const parser_t *p)
{
    return p->depth ? (int)p->stack[p->depth - 1].kind : -1;
}

/* Reports a closing '*' run that matches nothing open. */
static galley_status_t unmatched_close(parser_t *p, size_t off, size_t n)
{
    const char *mark = n >= 2 ? "**" : "*";
    if (p->depth == 0)
        return fail(p, off,
                    "'%s' at byte %zu closes %s that was never opened (write \\* for "
                    "an asterisk)",
                    mark, off, n >= 2 ? "strong text" : "emphasis");
    const marker_t *top = &p->stack[p->depth - 1];
    return fail(p, off, "'%s' at byte %zu does not match the '%s' at byte %zu that is still open",
                mark, off, marker_text(top->kind), top->src_off);
}

/* Handles a run of '*' at p->pos: opens or closes emphasis and strong. */
static galley_status_t star_run(parser_t *p)
{
    size_t start = p->pos, n = 0;
    while (p->pos < p->len && p->src[p->pos] == '*')
        p->pos++, n++;
    int can_close = start > 0 && !is_space(p->src[start - 1]);
    int can_open = p->pos < p->len && !is_space(p->src[p->pos]);
    if (!can_open && !can_close) {
        while (n--)
            emit(p, '*');
        return GALLEY_STATUS_SUCCESS;
    }
    while (n > 0) {
        size_t off = p->pos - n;
        galley_status_t st = GALLEY_STATUS_SUCCESS;
        if (can_close && top_kind(p) == GALLEY_SPAN_STRONG && n >= 2) {
            st = add_span(p, &p->stack[--p->depth]);
            n -= 2;
        } else if (can_close && top_kind(p) == GALLEY_SPAN_EMPHASIS) {
            st = add_span(p, &p->stack[--p->depth]);
            n -= 1;
        } else if (can_open) {
            galley_span_kind_t kind = n >= 2 ? GALLEY_SPAN_STRONG : GALLEY_SPAN_EMPHASIS;
            st = push(p, (marker_t){kind, off, 0, 0, 0, NULL});
            n -= kind == GALLEY_SPAN_STRONG ? 2 : 1;
        } else {
            return unmatched_close(p, off, n);
        }
        if (st != GALLEY_STATUS_SUCCESS)
            return st;
    }
    return GALLEY_STATUS_SUCCESS;
}

/* True for the characters a backslash escapes: markup's * [ ] ( ) \ with
 * markup on, the quotes ' and " with quotes on. */
static int escapable(const parser_t *p, char c)
{
    if (c == '\0')
        return 0;
    return (p->markup && strchr("*[]()\\", c)) || (p->quotes && strchr("'\"", c));
}

/* ---- typographic quotes -------------------------------------------------- */

/* The character written last, or 0 at the start or after white space. */
static gunichar quote_prev(const parser_t *p)
{
    if (p->pending_space || p->out_len == 0 || p->out[p->out_len - 1] == ' ')
        return 0;
    const char *end = p->out + p->out_len;
    return g_utf8_get_char(g_utf8_find_prev_char(p->out, end));
}

/* The source character after the quote at p->pos, markup's '*' skipped
 * (so *"word"* sees the word), or 0 at the end or before white space. */
static gunichar quote_next(const parser_t *p)
{
    size_t i = p->pos + 1;
    while (p->markup && i < p->len && p->src[i] == '*')
        i++;
    if (i >= p->len || space_len(p->src + i, p->len - i))
        return 0;
    return g_utf8_get_char(p->src + i);
}

/* Handles a ' or " at p->pos with quotes on: a backslash before it was
 * handled by the caller, so this one is typographic. */
static void quote_emit(parser_t *p)
{
    gunichar prev = quote_prev(p), next = quote_next(p);
    char c = p->src[p->pos++];
    emit_char(p, galley_quote_typographic(&p->quoting, c, prev, next));
}

/* The number of ' and " in SRC (N bytes): each may grow to three bytes. */
static size_t quote_count(const char *src, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += src[i] == '\'' || src[i] == '"';
    return k;
}

/* Finds the ']' that ends link text opened at OPEN; returns 0 when the
 * brackets are plain text (no ']', a nested '[', or no '(' after the ']'). */
static int find_link_close(const parser_t *p, size_t open, size_t *close)
{
    for (size_t i = open + 1; i < p->len; i++) {
        char c = p->src[i];
        if (c == '\\' && i + 1 < p->len && escapable(p, p->src[i + 1]))
            i++;
        else if (c == '[')
            return 0;
        else if (c == ']') {
            *close = i;
            return i + 1 < p->len && p->src[i + 1] == '(';
        }
    }
    return 0;
}

/* Reads the address of a link from the '(' at PAREN: balanced parentheses and
 * escapes allowed, white space not. Sets *AFTER past the ')'. */
static galley_status_t read_url(parser_t *p, size_t paren, char **url, size_t *after)
{
    size_t depth = 0, n = 0;
    char *buf = malloc(p->len - paren + 1);
    if (!buf)
        return GALLEY_STATUS_NO_MEMORY;
    for (size_t i = paren + 1; i < p->len; i++) {
        char c = p->src[i];
        if (c == '\\' && i + 1 < p->len && escapable(p, p->src[i + 1])) {
            buf[n++] = p->src[++i];
        } else if (c == ')' && depth == 0) {
            buf[n] = '\0';
            *url = buf;
            *after = i + 1;
            if (n == 0) {
                free(buf);
                return fail(p, paren, "the link at byte %zu has no address between '(' and ')'",
                            paren);
            }
            return GALLEY_STATUS_SUCCESS;
        } else if (is_space(c)) {
            free(buf);
            return fail(p, i, "the link address at byte %zu contains a space (write %%20)", i);
        } else {
            depth += c == '(';
            depth -= c == ')';
            buf[n++] = c;
        }
    }
    free(buf);
    return fail(p, paren, "the link address starting at byte %zu has no closing ')'", paren);
}

/* Handles '[' at p->pos: opens a link, or emits the bracket as text. */
static galley_status_t open_bracket(parser_t *p)
{
    size_t open = p->pos, close;
    p->pos++;
    int in_link = 0;
    for (size_t i = 0; i < p->depth; i++)
        in_link |= p->stack[i].kind == GALLEY_SPAN_LINK;
    if (in_link || !find_link_close(p, open, &close)) {
        emit(p, '[');
        return GALLEY_STATUS_SUCCESS;
    }
    marker_t m = {GALLEY_SPAN_LINK, open, 0, close, 0, NULL};
    galley_status_t st = read_url(p, close + 1, &m.url, &m.after_off);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    return push(p, m);
}

/* Handles the ']' that ends the open link's text: closes the span. */
static galley_status_t close_link(parser_t *p, const marker_t *link)
{
    const marker_t *top = &p->stack[p->depth - 1];
    if (top != link)
        return fail(p, top->src_off,
                    "'%s' at byte %zu is not closed before the link text ends "
                    "at byte %zu",
                    marker_text(top->kind), top->src_off, link->close_off);
    if (link->out_start == p->out_len)
        return fail(p, link->src_off, "the link at byte %zu has no text between '[' and ']'",
                    link->src_off);
    p->depth--;
    p->pos = link->after_off;
    return add_span(p, link);
}

/* The open link whose ']' is at p->pos, or NULL. */
static const marker_t *link_closing_here(const parser_t *p)
{
    for (size_t i = 0; i < p->depth; i++)
        if (p->stack[i].kind == GALLEY_SPAN_LINK && p->stack[i].close_off == p->pos)
            return &p->stack[i];
    return NULL;
}

/* Handles one source position with markup on. */
static galley_status_t markup_step(parser_t *p)
{
    char c = p->src[p->pos];
    if (c == '\\' && p->pos + 1 < p->len && escapable(p, p->src[p->pos + 1])) {
        emit(p, p->src[p->pos + 1]);
        p->pos += 2;
        return GALLEY_STATUS_SUCCESS;
    }
    if (c == '*')
        return star_run(p);
    if (c == '[')
        return open_bracket(p);
    const marker_t *link = c == ']' ? link_closing_here(p) : NULL;
    if (link)
        return close_link(p, link);
    if (p->quotes && (c == '\'' || c == '"')) {
        quote_emit(p);
        return GALLEY_STATUS_SUCCESS;
    }
    emit(p, c);
    p->pos++;
    return GALLEY_STATUS_SUCCESS;
}

/* Orders spans by start, outer before inner, so consumers can walk them once. */
static int span_cmp(const void *a, const void *b)
{
    const galley_span_t *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

/* Frees what the parser holds after an error. */
static void parser_abort(parser_t *p)
{
    for (size_t i = 0; i < p->depth; i++)
        free(p->stack[i].url);
    for (size_t i = 0; i < p->n_spans; i++)
        free(p->spans[i].url);
    free(p->spans);
    free(p->out);
}

/* Handles one source position with markup off: text as it is, but for the
 * quotes (and their escapes) when quotes are on. */
static void plain_step(parser_t *p)
{
    char c = p->src[p->pos];
    if (p->quotes && c == '\\' && p->pos + 1 < p->len && escapable(p, p->src[p->pos + 1])) {
        emit(p, p->src[p->pos + 1]);
        p->pos += 2;
    } else if (p->quotes && (c == '\'' || c == '"')) {
        quote_emit(p);
    } else {
        emit(p, c);
        p->pos++;
    }
}

/* Runs the parser over the whole source. */
static galley_status_t parse_all(parser_t *p)
{
    while (p->pos < p->len) {
        size_t space = space_len(p->src + p->pos, p->len - p->pos);
        if (space) {
            p->pending_space = 1;
            p->pos += space;
            continue;
        }
        if (!p->markup) {
            plain_step(p);
            continue;
        }
        galley_status_t st = markup_step(p);
        if (st != GALLEY_STATUS_SUCCESS)
            return st;
    }
    if (p->depth > 0) {
        const marker_t *m = &p->stack[0];
        return fail(p, m->src_off, "'%s' at byte %zu is never closed%s", marker_text(m->kind),
                    m->src_off, m->kind == GALLEY_SPAN_LINK ? "" : " (write \\* for an asterisk)");
    }
    return GALLEY_STATUS_SUCCESS;
}

/* Parses SRC into OUT without reporting; see text.h. */
galley_status_t galley_text_parse_raw(const char *src, int flags, galley_text_t *out,
                                      galley_text_error_t *err)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(src);
    size_t bad = galley_utf8_check(src, len);
    parser_t p = {.src = src,
                  .len = len,
                  .markup = (flags & GALLEY_TEXT_MARKUP) != 0,
                  .quotes = (flags & GALLEY_TEXT_QUOTES) != 0,
                  .err = err};
    if (bad < len)
        return fail(&p, bad, "invalid UTF-8 at byte %zu", bad);
    p.out = malloc(len + (p.quotes ? 2 * quote_count(src, len) : 0) + 1);
    if (!p.out)
        return GALLEY_STATUS_NO_MEMORY;
    galley_status_t st = parse_all(&p);
    if (st != GALLEY_STATUS_SUCCESS) {
        parser_abort(&p);
        return st;
    }
    p.out[p.out_len] = '\0';
    if (p.n_spans > 1)
        qsort(p.spans, p.n_spans, sizeof *p.spans, span_cmp);
    *out = (galley_text_t){p.out, p.out_len, p.spans, p.n_spans};
    return GALLEY_STATUS_SUCCESS;
}

/* Parses SRC and reports a markup error at FILE:LINE:COLUMN, FIELD. */
galley_status_t galley_text_parse(const char *src, int flags, galley_text_t *out,
                                  galley_diags_t *diags, const char *file, int line, int column,
                                  const char *field)
{
    galley_text_error_t err = {0};
    galley_status_t st = galley_text_parse_raw(src, flags, out, &err);
    if (st == GALLEY_STATUS_INPUT_ERROR)
        return galley_diags_error(diags, st, file, line, column, field, "%s", err.message);
    if (st != GALLEY_STATUS_SUCCESS)
        return galley_diags_error(diags, st, file, line, column, field, "out of memory");
    return st;
}

/* Frees the text and its spans' addresses. */
void galley_text_fini(galley_text_t *text)
{
    if (!text)
        return;
    for (size_t i = 0; i < text->n_spans; i++)
        free(text->spans[i].url);
    free(text->spans);
    free(text->text);
    memset(text, 0, sizeof *text);
}

/* True when there is nothing to print. */
int galley_text_is_empty(const galley_text_t *text)
{
    if (!text || !text->text)
        return 1;
    for (size_t i = 0; i < text->len; i++)
        if (!is_space(text->text[i]))
            return 0;
    return 1;
}

/* The scheme of URL ("https" of "https://..."), its length in *N; NULL when
 * URL has none (RFC 3986: a letter, then letters, digits, '+', '-' or '.',
 * then ':'), as in a relative address. */
static const char *url_scheme(const char *url, size_t *n)
{
    size_t i = 0;
    if (!g_ascii_isalpha(url[0]))
        return NULL;
    while (g_ascii_isalnum(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')
        i++;
    if (url[i] != ':')
        return NULL;
    *n = i;
    return url;
}

/* Checks a link's address; see text.h. */
const char *galley_link_refusal(const char *url, char *why, size_t n)
{
    static const char *const ALLOWED[] = {"http", "https", "mailto", "tel"};
    size_t len = strlen(url), k = 0;
    if (len > GALLEY_LINK_MAX_BYTES) {
        snprintf(why, n,
                 "the link address is %zu bytes long, over the limit of %d bytes for a link; "
                 "the text prints without its link",
                 len, GALLEY_LINK_MAX_BYTES);
        return why;
    }
    const char *scheme = url_scheme(url, &k);
    for (size_t i = 0; scheme && i < sizeof ALLOWED / sizeof *ALLOWED; i++)
        if (k == strlen(ALLOWED[i]) && !g_ascii_strncasecmp(scheme, ALLOWED[i], k))
            return NULL;
    if (!scheme)
        snprintf(why, n,
                 "the link address has no scheme (write https://...): a relative address means "
                 "nothing on paper; the text prints without its link");
    else
        snprintf(why, n,
                 "a link to a '%.*s:' address is not allowed (only http, https, mailto and tel); "
                 "the text prints without its link",
                 (int)(k > 40 ? 40 : k), scheme);
    return why;
}

/* Drops span K, keeping the others in order. */
void galley_text_unlink(galley_text_t *text, size_t k)
{
    free(text->spans[k].url);
    memmove(&text->spans[k], &text->spans[k + 1], (text->n_spans - k - 1) * sizeof *text->spans);
    text->n_spans--;
}

/* Ascending, for the span boundaries. */
static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Every span boundary of IN, sorted, 0 and IN->len included: the stretches
 * that are uppercased one by one. Newly allocated; *N gets the count. */
static size_t *span_cuts(const galley_text_t *in, size_t *n)
{
    size_t *cuts = malloc((2 * in->n_spans + 2) * sizeof *cuts);
    if (!cuts)
        return NULL;
    size_t k = 0;
    cuts[k++] = 0;
    cuts[k++] = in->len;
    for (size_t i = 0; i < in->n_spans; i++) {
        cuts[k++] = in->spans[i].start;
        cuts[k++] = in->spans[i].end;
    }
    qsort(cuts, k, sizeof *cuts, size_cmp);
    *n = k;
    return cuts;
}

/* Where byte OFF of the original lands in the capitals: CUTS[i] maps to
 * MOVED[i], and every span boundary is a cut. */
static size_t moved_offset(const size_t *cuts, const size_t *moved, size_t n, size_t off)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cuts[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return moved[lo];
}

/* Copies IN's spans into OUT at their moved offsets. */
static galley_status_t upper_spans(const galley_text_t *in, galley_text_t *out, const size_t *cuts,
                                   const size_t *moved, size_t n)
{
    if (in->n_spans == 0)
        return GALLEY_STATUS_SUCCESS;
    out->spans = calloc(in->n_spans, sizeof *out->spans);
    if (!out->spans)
        return GALLEY_STATUS_NO_MEMORY;
    for (size_t i = 0; i < in->n_spans; i++) {
        galley_span_t sp = in->spans[i];
        sp.start = moved_offset(cuts, moved, n, sp.start);
        sp.end = moved_offset(cuts, moved, n, sp.end);
        if (sp.url && !(sp.url = strdup(sp.url)))
            return GALLEY_STATUS_NO_MEMORY;
        out->spans[out->n_spans++] = sp;
    }
    return GALLEY_STATUS_SUCCESS;
}

/* Uppercases stretch by stretch; see text.h. */
galley_status_t galley_text_upper(const galley_text_t *in, galley_text_t *out)
{
    memset(out, 0, sizeof *out);
    size_t n = 0;
    size_t *cuts = span_cuts(in, &n), *moved = cuts ? calloc(n, sizeof *moved) : NULL;
    GString *up = moved ? g_string_sized_new(in->len + 1) : NULL;
    galley_status_t st = up ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
    for (size_t i = 0; up && i < n; i++) {
        if (i > 0 && cuts[i] > cuts[i - 1]) {
            char *part = g_utf8_strup(in->text + cuts[i - 1], (gssize)(cuts[i] - cuts[i - 1]));
            g_string_append(up, part);
            g_free(part);
        }
        moved[i] = up->len;
    }
    if (!st) {
        out->len = up->len;
        out->text = malloc(up->len + 1);
        st = out->text ? upper_spans(in, out, cuts, moved, n) : GALLEY_STATUS_NO_MEMORY;
        if (out->text)
            memcpy(out->text, up->str, up->len + 1);
    }
    if (up)
        g_string_free(up, TRUE);
    free(cuts);
    free(moved);
    if (st)
        galley_text_fini(out);
    return st;
}

/* Sets OUT to BEFORE + IN + AFTER (BEFORE and AFTER plain strings, either may
 * be NULL), IN's spans moved along with its text and BEFORE marked strong
 * when STRONG: a dateline run into the first paragraph ("SEOUL — The ..."),
 * a pull quote given its quotation marks. OUT owns its copy
 * (galley_text_fini). */
galley_status_t galley_text_wrap(const char *before, int strong, const galley_text_t *in,
                                 const char *after, galley_text_t *out)
{
    memset(out, 0, sizeof *out);
    size_t nb = before ? strlen(before) : 0, na = after ? strlen(after) : 0;
    size_t n = nb + in->len + na, ns = in->n_spans + (strong && nb ? 1 : 0);
    out->text = malloc(n + 1);
    out->spans = ns ? calloc(ns, sizeof *out->spans) : NULL;
    if (!out->text || (ns && !out->spans)) {
        galley_text_fini(out);
        return GALLEY_STATUS_NO_MEMORY;
    }
    if (nb)
        memcpy(out->text, before, nb);
    if (in->len)
        memcpy(out->text + nb, in->text, in->len);
    if (na)
        memcpy(out->text + nb + in->len, after, na);
    out->text[n] = '\0';
    out->len = n;
    if (strong && nb)
        out->spans[out->n_spans++] = (galley_span_t){GALLEY_SPAN_STRONG, 0, nb, NULL, 0};
    for (size_t i = 0; i < in->n_spans; i++) {
        galley_span_t s = in->spans[i];
        s.start += nb;
        s.end += nb;
        if (s.url && !(s.url = strdup(s.url))) {
            galley_text_fini(out);
            return GALLEY_STATUS_NO_MEMORY;
        }
        out->spans[out->n_spans++] = s;
    }
    return GALLEY_STATUS_SUCCESS;
}
