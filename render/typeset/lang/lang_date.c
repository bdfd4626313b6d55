/* lang_date.c: a date, written out in a language.
 *
 * Owns the day of the week of a date and the writing of a date by a module's
 * pattern (galley_lang_date_t: strftime's %Y %B %A, %-m %-d), with the
 * module's month and weekday names and its first of the month ("1er"). compose/ prints what this
 * writes in folios, nameplates and running heads; the pattern and names are the module's data
 * (english.c, korean.c, european.c).
 */
#include "lang.h"

#include <stdio.h>
#include <string.h>

/* Day of the week, 0 = Sunday (Sakamoto's method). */
static int weekday(int y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y -= 1;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* Appends the LEN bytes of S to BUF (N bytes) at *AT, cut at N - 1. */
static void put(char *buf, size_t n, size_t *at, const char *s, size_t len)
{
    size_t room = n - 1 - *at;
    if (len > room)
        len = room;
    memcpy(buf + *at, s, len);
    *at += len;
    buf[*at] = '\0';
}

/* Appends the number V to BUF, as put does. */
static void put_number(char *buf, size_t n, size_t *at, int v)
{
    char num[16];
    int len = snprintf(num, sizeof num, "%d", v);
    put(buf, n, at, num, (size_t)len);
}

/* The conversion at P (after its '%') into BUF; returns the bytes of the
 * pattern it read. An unknown conversion prints its '%' as it stands. */
static size_t convert(const galley_lang_date_t *dt, const char *p, int year, int month, int day,
                      char *buf, size_t n, size_t *at)
{
    const char *name = NULL;
    size_t used = 1;
    if (*p == 'Y')
        put_number(buf, n, at, year);
    else if (*p == 'B')
        name = dt->months[month - 1];
    else if (*p == 'A')
        name = dt->weekdays[weekday(year, month, day)];
    else if (*p == '%')
        put(buf, n, at, "%", 1);
    else if (p[0] == '-' && p[1] == 'd' && day == 1 && dt->first_day) {
        name = dt->first_day; /* "1er" */
        used = 2;
    } else if (p[0] == '-' && (p[1] == 'm' || p[1] == 'd')) {
        put_number(buf, n, at, p[1] == 'm' ? month : day);
        used = 2;
    } else {
        put(buf, n, at, "%", 1);
        used = 0;
    }
    if (name)
        put(buf, n, at, name, strlen(name));
    return used;
}

void galley_lang_format_date(const galley_lang_t *l, int year, int month, int day, char *buf,
                             size_t n)
{
    buf[0] = '\0';
    if (!year || month < 1 || month > 12 || day < 1)
        return;
    size_t at = 0;
    for (const char *p = l->date.pattern; *p;) {
        size_t lit = strcspn(p, "%");
        put(buf, n, &at, p, lit);
        p += lit;
        if (*p == '%')
            p += 1 + convert(&l->date, p + 1, year, month, day, buf, n, &at);
    }
}
