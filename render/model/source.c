/* source.c: where a field sits in an input file; see source.h. */
#include "source.h"

#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most steps of a field path ("translations", "ko", "body", 3: four). */
enum { MAX_STEPS = 16 };

/* Reads PATH whole, NUL-terminated; NULL on any failure. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 65536 + 1 > cap) {
            cap = (n + 65536 + 1) * 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, 65536, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Splits FIELD ("a.b[3].c") into the chain of nodes NODES[0] (the root) to
 * NODES[*N - 1], copying its keys into KEYS (strlen(FIELD) + MAX_STEPS + 1
 * bytes); returns 0, or -1 when it is not a path. PRESENT marks every node
 * as there (json.h finds positions from the text; no tree is needed). */
static int path_nodes(galley_json_doc_t *doc, const char *field, char *keys, json_t *present,
                      galley_json_node_t nodes[MAX_STEPS + 1], int *n)
{
    nodes[0] = (galley_json_node_t){doc, NULL, NULL, 0, present};
    *n = 1;
    for (const char *p = field; *p; (*n)++) {
        if (*n > MAX_STEPS)
            return -1;
        galley_json_node_t *node = &nodes[*n];
        *node = (galley_json_node_t){doc, &nodes[*n - 1], NULL, 0, present};
        if (*p == '[') {
            char *end;
            node->index = strtoul(p + 1, &end, 10);
            if (end == p + 1 || *end != ']')
                return -1;
            p = end + 1;
        } else {
            size_t len = strcspn(p, ".[");
            if (len == 0 || memchr(p, ' ', len)) /* "running head": no field of the file */
                return -1;
            memcpy(keys, p, len);
            keys[len] = '\0';
            node->key = keys;
            keys += len + 1;
            p += len;
        }
        if (*p == '.')
            p++;
    }
    return 0;
}

void galley_source_locate(const char *path, const char *field, int *lookups, int *line, int *column)
{
    *line = *column = 0;
    if (!path || !field || !*field || (lookups && (*lookups)++ >= GALLEY_SOURCE_MAX_LOOKUPS))
        return;
    galley_json_doc_t doc = {0};
    char *buf = read_all(path, &doc.len);
    char *keys = malloc(strlen(field) + MAX_STEPS + 1);
    if (buf && keys) {
        doc.buf = buf;
        doc.text = buf;
        if (doc.len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
            doc.text += 3;
            doc.len -= 3;
        }
        galley_json_node_t nodes[MAX_STEPS + 1];
        int n;
        json_t *present = json_true();
        if (path_nodes(&doc, field, keys, present, nodes, &n) == 0)
            galley_json_position(&nodes[n - 1], line, column);
    }
    free(keys);
    free(buf);
}

int galley_source_gives(const char *path, const char *field, int *line, int *column)
{
    galley_source_locate(path, field, NULL, line, column);
    const char *dot = strrchr(field, '.');
    if (!*line || !dot)
        return *line != 0;
    char *parent = strndup(field, (size_t)(dot - field));
    int pl = 0, pc = 0;
    if (parent)
        galley_source_locate(path, parent, NULL, &pl, &pc);
    free(parent);
    return pl != *line || pc != *column;
}
