/* batch_manifest.c: reading a batch manifest's lines, bounded.
 *
 * Owns the manifest's limits (batch.h, docs/limits.md): a line holds at most
 * BATCH_LINE_MAX bytes (a longer one is read no further than that, the rest
 * of it skipped, and fails as a line), and a manifest at most
 * BATCH_MAX_LINES lines (the duplicate outputs' scan keeps 16 bytes a line).
 * So what a batch holds of its manifest at once is one bounded line, however
 * the file was made. A NUL byte in a line is read as byte 1, which no JSON
 * holds unescaped: the line fails as not JSON, and the bytes after it are not
 * taken for another line.
 */
#include "batch.h"

#include <stdlib.h>

ssize_t batch_manifest_line(FILE *f, char **buf, size_t *cap, int *too_long)
{
    *too_long = 0;
    if (*cap < BATCH_LINE_MAX + 1) {
        char *b = realloc(*buf, BATCH_LINE_MAX + 1);
        if (!b)
            return -1;
        *buf = b;
        *cap = BATCH_LINE_MAX + 1;
    }
    size_t n = 0;
    int c = getc_unlocked(f); /* the caller holds the batch's lock, or is alone */
    if (c == EOF)
        return -1;
    for (; c != EOF && c != '\n'; c = getc_unlocked(f)) {
        if (n == BATCH_LINE_MAX)
            *too_long = 1; /* the rest is skipped */
        else
            (*buf)[n++] = c ? (char)c : '\x01'; /* a NUL byte: no JSON, and no end of text */
    }
    while (n > 0 && (*buf)[n - 1] == '\r')
        n--;
    (*buf)[n] = '\0';
    return (ssize_t)n;
}
