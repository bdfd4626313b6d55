/* utf8.c: UTF-8 that cairo and Pango accept; see utf8.h. */
#include "utf8.h"

#include "text.h"

#include <glib.h>
#include <string.h>

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
