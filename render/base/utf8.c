/* utf8.c: UTF-8 that cairo and Pango accept; see utf8.h. */
#include "utf8.h"

#include <glib.h>
#include <string.h>

/* Length of the UTF-8 sequence at S (at most LEFT bytes), or 0 when invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t left)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c >= 0x01 && c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, min = 0x10000;
    else
        return 0;
    if (left < n)
        return 0;
    unsigned cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Finds the first invalid UTF-8 sequence; callers trust text only after this. */
size_t galley_utf8_check(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq_len(u + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

/* Noncharacters: 66 code points Unicode keeps for a program's internal use.
 * They are valid UTF-8, but cairo's string check refuses them (a render
 * failed with "output error" and no message). */
int galley_utf8_is_noncharacter(uint32_t cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || ((cp & 0xFFFE) == 0xFFFE && cp <= 0x10FFFF);
}

/* Walks valid UTF-8: the first noncharacter's offset, or LEN. */
size_t galley_utf8_find_noncharacter(const char *s, size_t len, uint32_t *cp)
{
    const char *p = s, *end = s + len;
    while (p < end) {
        gunichar c = g_utf8_get_char(p);
        if (galley_utf8_is_noncharacter(c)) {
            if (cp)
                *cp = c;
            return (size_t)(p - s);
        }
        p = g_utf8_next_char(p);
    }
    return len;
}

/* Invalid UTF-8 first (galley_utf8_check), then noncharacters before it. */
size_t galley_utf8_unprintable(const char *s, size_t len)
{
    size_t bad = galley_utf8_check(s, len);
    size_t non = galley_utf8_find_noncharacter(s, bad, NULL);
    return non < bad ? non : bad;
}

/* Copies S, one valid character or one replaced byte at a time. */
char *galley_utf8_printable(const char *s)
{
    size_t len = strlen(s);
    GString *out = g_string_sized_new(len + 1);
    size_t i = 0;
    while (i < len) {
        size_t ok = galley_utf8_unprintable(s + i, len - i);
        g_string_append_len(out, s + i, (gssize)ok);
        i += ok;
        if (i == len)
            break;
        g_string_append(out, "\xEF\xBF\xBD"); /* U+FFFD */
        /* a noncharacter is one whole (valid) character; a bad byte is one byte */
        size_t valid = galley_utf8_check(s + i, len - i);
        i += valid > 0 ? (size_t)(g_utf8_next_char(s + i) - (s + i)) : 1;
    }
    return g_string_free(out, FALSE);
}

/* Cuts valid UTF-8 at the last character boundary that leaves room for "…". */
char *galley_utf8_shorten(const char *s, size_t max_bytes)
{
    static const char ELLIPSIS[] = "\xE2\x80\xA6";
    size_t len = strlen(s);
    if (len <= max_bytes)
        return g_strdup(s);
    size_t n = max_bytes >= sizeof ELLIPSIS - 1 ? max_bytes - (sizeof ELLIPSIS - 1) : 0;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) /* s[n] starts the first cut */
        n--;
    GString *out = g_string_new_len(s, (gssize)n);
    g_string_append(out, ELLIPSIS);
    return g_string_free(out, FALSE);
}
