/* photo_checks.c: photos already checked, kept by their contents (see
 * photo_checks.h). */
#include "photo_checks.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A line of the file: its version, the key, then the check's seven numbers.
 * v1 lines (six numbers: no image end) are passed over: checked again once. */
#define LINE_TAG "v2"
#define LINE_MAX_LEN 160
#define FILE_MAX_BYTES (PHOTO_CHECKS_MAX * 2 * LINE_MAX_LEN)

typedef struct {
    galley_photo_key_t key;
    galley_photo_check_t check;
    int added; /* made this run (else found in the file) */
} entry_t;

struct galley_photo_checks {
    entry_t *v; /* checks made or found in the file this run */
    size_t n, cap;
    char *file;     /* NULL: in memory only */
    char *raw;      /* the file as read on the first look (NUL-ended), or NULL */
    size_t raw_len; /* its length */
    int raw_read;   /* the file has been read (or found missing) */
};

/* Appends KEY and CHECK to the entries in memory; -1 when out of memory. */
static int entries_push(galley_photo_checks_t *checks, const galley_photo_key_t *key,
                        const galley_photo_check_t *check, int added)
{
    if (checks->n == checks->cap) {
        size_t cap = checks->cap ? checks->cap * 2 : 16;
        entry_t *v = realloc(checks->v, cap * sizeof *v);
        if (!v)
            return -1;
        checks->v = v;
        checks->cap = cap;
    }
    entry_t e = {*key, *check, added};
    if (check->status && !(e.check.why = strdup(check->why ? check->why : "")))
        return -1;
    checks->v[checks->n++] = e;
    return 0;
}

/* Writes E as one line of the file into BUF; returns its length. */
static int line_format(const entry_t *e, char *buf, size_t n)
{
    const galley_photo_check_t *c = &e->check;
    return snprintf(buf, n, LINE_TAG " %s %d %d %d %d %d %d %zu\n", e->key.hex, c->format, c->width,
                    c->height, c->orientation, c->embeddable, c->channels, c->end);
}

/* Reads the LEN bytes of LINE (no newline) into *E; 0 when it is a whole,
 * sane line. */
static int line_parse(const char *line, size_t len, entry_t *e)
{
    char buf[LINE_MAX_LEN + 1];
    if (len > LINE_MAX_LEN)
        return -1;
    memset(e, 0, sizeof *e);
    memcpy(buf, line, len);
    buf[len] = '\0';
    galley_photo_check_t *c = &e->check;
    int used = -1;
    if (sscanf(buf, LINE_TAG " %64[0-9a-f] %d %d %d %d %d %d %zu%n", e->key.hex, &c->format,
               &c->width, &c->height, &c->orientation, &c->embeddable, &c->channels, &c->end,
               &used) != 8 ||
        used != (int)len || strlen(e->key.hex) != 64)
        return -1;
    int sane = (c->format == 1 || c->format == 2) && c->width > 0 && c->height > 0 &&
               c->width <= 30000 && c->height <= 30000 && c->orientation >= 1 &&
               c->orientation <= 8 && (c->embeddable == 0 || c->embeddable == 1) &&
               (c->channels == 0 || c->channels == 1 || c->channels == 3) && c->end > 0;
    return sane ? 0 : -1;
}

/* Reads the file into checks->raw once (at most FILE_MAX_BYTES of it). */
static void checks_read(galley_photo_checks_t *checks)
{
    if (checks->raw_read || !checks->file)
        return;
    checks->raw_read = 1;
    FILE *fp = fopen(checks->file, "rb");
    if (!fp)
        return;
    struct stat st;
    size_t want = fstat(fileno(fp), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
    want = want < FILE_MAX_BYTES ? want : FILE_MAX_BYTES;
    char *raw = want ? malloc(want + 1) : NULL;
    size_t len = raw ? fread(raw, 1, want, fp) : 0;
    fclose(fp);
    if (raw) {
        raw[len] = '\0';
        checks->raw = raw;
        checks->raw_len = len;
    }
}

/* The lines in the file as read. */
static size_t raw_lines(const galley_photo_checks_t *checks)
{
    size_t n = 0;
    for (const char *p = checks->raw;
         p && (p = memchr(p, '\n', checks->raw_len - (size_t)(p - checks->raw))); p++)
        n++;
    return n;
}

/* Writes the file again with its newest PHOTO_CHECKS_MAX / 2 lines, under a
 * temporary name and renamed. */
static void checks_compact(galley_photo_checks_t *checks)
{
    size_t lines = raw_lines(checks), keep = PHOTO_CHECKS_MAX / 2;
    size_t drop = lines > keep ? lines - keep : 0;
    const char *from = checks->raw;
    for (size_t i = 0; i < drop; i++) /* the file may hold NULs: count by length */
        from = (const char *)memchr(from, '\n', checks->raw_len - (size_t)(from - checks->raw)) + 1;
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.%ld", checks->file, (long)getpid()) >= (int)sizeof tmp)
        return;
    FILE *fp = fopen(tmp, "wb");
    if (!fp)
        return;
    size_t len = checks->raw_len - (size_t)(from - checks->raw);
    int ok = fwrite(from, 1, len, fp) == len;
    for (size_t i = 0; ok && i < checks->n; i++) { /* and what this run added */
        if (!checks->v[i].added || checks->v[i].check.status)
            continue;
        char line[LINE_MAX_LEN];
        int n = line_format(&checks->v[i], line, sizeof line);
        ok = fwrite(line, 1, (size_t)n, fp) == (size_t)n;
    }
    ok &= fclose(fp) == 0;
    if (!ok || rename(tmp, checks->file) != 0)
        unlink(tmp);
}

galley_photo_checks_t *galley_photo_checks_create(const char *file)
{
    galley_photo_checks_t *checks = calloc(1, sizeof *checks);
    if (checks && file && !(checks->file = strdup(file))) {
        free(checks);
        return NULL;
    }
    return checks;
}

void galley_photo_checks_destroy(galley_photo_checks_t *checks)
{
    if (!checks)
        return;
    if (checks->raw && raw_lines(checks) + checks->n > PHOTO_CHECKS_MAX)
        checks_compact(checks);
    for (size_t i = 0; i < checks->n; i++)
        free((char *)checks->v[i].check.why);
    free(checks->v);
    free(checks->raw);
    free(checks->file);
    free(checks);
}

int galley_photo_key(const unsigned char *data, size_t len, galley_photo_key_t *key)
{
    unsigned char digest[32];
    if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, digest) != 0)
        return -1;
    for (int i = 0; i < 32; i++)
        snprintf(key->hex + 2 * i, 3, "%02x", digest[i]);
    return 0;
}

/* The newest good line of the file for KEY, kept in memory; NULL if none. */
static const galley_photo_check_t *raw_find(galley_photo_checks_t *checks,
                                            const galley_photo_key_t *key)
{
    checks_read(checks);
    const char *raw = checks->raw, *end = raw ? raw + checks->raw_len : NULL;
    const size_t tag = sizeof LINE_TAG; /* the tag and a space */
    while (raw && end > raw) {          /* from the last line up */
        const char *line_end = end;
        const char *line = line_end;
        while (line > raw && line[-1] != '\n')
            line--;
        end = line > raw ? line - 1 : raw;
        if (line_end == checks->raw + checks->raw_len) /* the last one, unfinished? */
            continue;
        entry_t e;
        if ((size_t)(line_end - line) > tag + 64 && memcmp(line + tag, key->hex, 64) == 0 &&
            line_parse(line, (size_t)(line_end - line), &e) == 0)
            return entries_push(checks, &e.key, &e.check, 0) == 0 ? &checks->v[checks->n - 1].check
                                                                  : NULL;
    }
    return NULL;
}

const galley_photo_check_t *galley_photo_checks_find(galley_photo_checks_t *checks,
                                                     const galley_photo_key_t *key)
{
    for (size_t i = checks ? checks->n : 0; i-- > 0;)
        if (memcmp(checks->v[i].key.hex, key->hex, 64) == 0)
            return &checks->v[i].check;
    return checks ? raw_find(checks, key) : NULL;
}

void galley_photo_checks_add(galley_photo_checks_t *checks, const galley_photo_key_t *key,
                             const galley_photo_check_t *check)
{
    if (!checks || entries_push(checks, key, check, 1) != 0 || !checks->file || check->status)
        return;
    /* One write of one short line to a file opened to append: other Galleys
     * appending at the same time never split it. */
    char line[LINE_MAX_LEN];
    int len = line_format(&checks->v[checks->n - 1], line, sizeof line);
    int fd = open(checks->file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    ssize_t wrote = write(fd, line, (size_t)len); /* cut short: a line the reader skips */
    (void)wrote;
    close(fd);
}
