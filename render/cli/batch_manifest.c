/* batch_manifest.c: reading a batch manifest's lines, bounded.
 *
 * Owns the manifest's limits (batch.h, docs/limits.md): a line holds at most
 * BATCH_LINE_MAX bytes (a longer one is read no further than that, the rest
 * of it skipped, and fails as a line), and a manifest at most
 * BATCH_MAX_LINES lines (the duplicate outputs' scan keeps 16 bytes a line).
 * So what a batch holds of its manifest at once is one bounded line, however
 * the file was made.
 */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

ssize_t batch_manifest_line(FILE *f, char **buf, size_t *cap, int *too_long)
{
    *too_long = 0;
    if (*cap < BATCH_LINE_MAX + 2) {
        char *b = realloc(*buf, BATCH_LINE_MAX + 2);
        if (!b)
            return -1;
        *buf = b;
        *cap = BATCH_LINE_MAX + 2;
    }
    if (!fgets(*buf, BATCH_LINE_MAX + 2, f))
        return -1;
    size_t n = strlen(*buf);
    if (n == BATCH_LINE_MAX + 1 && (*buf)[n - 1] != '\n') { /* over the limit: skip the rest */
        *too_long = 1;
        for (int c; (c = getc(f)) != EOF && c != '\n';)
            ;
    }
    while (n > 0 && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
        (*buf)[--n] = '\0';
    return (ssize_t)n;
}
