/* batch_outputs.c: the manifest lines whose output an earlier line names.
 *
 * Owns finding, before a batch starts, every line of a manifest that names
 * the same output file as an earlier line (batch.h): two lines rendering to
 * one file would each report "rendered" while the later overwrote the first
 * one's article, and their keys would make every re-run render both again.
 * The whole manifest is scanned, whatever the shard, so every shard fails
 * the same lines. Outputs are compared as paths made absolute and cleaned
 * of "." and ".." and repeated slashes (glib's g_canonicalize_filename), not
 * through symbolic links. Memory
 * stays small for a long manifest: a hash and a line number a line;
 * the paths themselves are read again, in a second pass, only for lines
 * whose hashes collide, and compared exactly.
 */
#include "batch.h"

#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* One line's output: the hash of its clean path, and the line (1-based). */
typedef struct {
    guint hash; /* glib's string hash: collisions are settled by the paths */
    size_t line;
} outputs_entry_t;

/* A line whose output an earlier line names: LINE and that EARLIER one. */
typedef struct {
    size_t line, earlier;
} outputs_dup_t;

struct batch_outputs {
    outputs_dup_t *dups; /* sorted by line */
    size_t n_dups;
};

/* The manifest being scanned: its file, getline's buffer, the folder its
 * outputs are relative to and the current folder. */
typedef struct {
    FILE *f;
    char *buf;
    size_t cap;
    const char *dir;
} outputs_scan_t;

/* The clean absolute path of the output line TEXT names, resolved as the
 * line's job resolves it (batch_job_path) and canonicalised by glib (".",
 * ".." and repeated slashes, against the current folder); NULL when it names
 * none (the line then fails on its own). Free it with g_free. */
static char *outputs_path(const outputs_scan_t *s, const char *text)
{
    json_t *v = json_loads(text, 0, NULL);
    const char *given = json_string_value(json_object_get(v, "output"));
    char *joined = given && given[0] ? batch_job_path(s->dir, given) : NULL;
    char *path = joined ? g_canonicalize_filename(joined, NULL) : NULL;
    free(joined);
    json_decref(v);
    return path;
}

/* Reads the next line of S's manifest into S->buf (batch_manifest_line); -1
 * at the end. A line over the limit names no output: it fails on its own. */
static ssize_t outputs_getline(outputs_scan_t *s)
{
    int too_long;
    ssize_t n = batch_manifest_line(s->f, &s->buf, &s->cap, &too_long);
    if (n >= 0 && too_long)
        s->buf[0] = '\0';
    return n;
}

/* Orders entries by hash, then line. */
static int outputs_entry_cmp(const void *a, const void *b)
{
    const outputs_entry_t *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Orders line numbers. */
static int outputs_line_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Orders duplicates by line. */
static int outputs_dup_cmp(const void *a, const void *b)
{
    return outputs_line_cmp(&((const outputs_dup_t *)a)->line, &((const outputs_dup_t *)b)->line);
}

/* The first pass: every line's output hash into *ENTRIES (*N of them,
 * sorted). Returns 0, or -1 when memory runs out. */
static int outputs_hash_lines(outputs_scan_t *s, outputs_entry_t **entries, size_t *n)
{
    size_t cap = 0;
    *entries = NULL;
    *n = 0;
    for (size_t line = 1; outputs_getline(s) >= 0; line++) {
        char *path = outputs_path(s, s->buf);
        if (!path)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            outputs_entry_t *e = realloc(*entries, cap * sizeof *e);
            if (!e) {
                g_free(path);
                return -1;
            }
            *entries = e;
        }
        (*entries)[(*n)++] = (outputs_entry_t){g_str_hash(path), line};
        g_free(path);
    }
    if (*n) /* qsort and bsearch take no NULL array, even of none */
        qsort(*entries, *n, sizeof **entries, outputs_entry_cmp);
    return 0;
}

/* The second pass: the clean paths of the CANDIDATES (N line numbers,
 * sorted) into PATHS, in their order. Returns 0, or -1 when memory runs
 * out. */
static int outputs_read_paths(outputs_scan_t *s, const size_t *candidates, size_t n, char **paths)
{
    size_t k = 0;
    for (size_t line = 1; k < n && outputs_getline(s) >= 0; line++)
        if (line == candidates[k] && !(paths[k++] = outputs_path(s, s->buf)))
            return -1;
    return 0;
}

/* The path PATHS holds for LINE, one of the N sorted CANDIDATES. */
static const char *outputs_path_of(const size_t *candidates, char **paths, size_t n, size_t line)
{
    const size_t *at = bsearch(&line, candidates, n, sizeof *candidates, outputs_line_cmp);
    return at ? paths[at - candidates] : NULL;
}

/* Records into O each line of ENTRIES (N, sorted by hash, then line) whose
 * path, exactly, an earlier line of its hash group has: the earliest such. */
static int outputs_find_dups(batch_outputs_t *o, const outputs_entry_t *entries, size_t n,
                             const size_t *candidates, char **paths, size_t n_candidates)
{
    size_t cap = 0;
    for (size_t i = 0, group = 0; i < n; i++) {
        if (entries[i].hash != entries[group].hash)
            group = i;
        const char *a = outputs_path_of(candidates, paths, n_candidates, entries[i].line);
        size_t j = group;
        while (j < i &&
               strcmp(a, outputs_path_of(candidates, paths, n_candidates, entries[j].line)))
            j++;
        if (j == i)
            continue;
        if (o->n_dups == cap) {
            cap = cap ? 2 * cap : 16;
            outputs_dup_t *d = realloc(o->dups, cap * sizeof *d);
            if (!d)
                return -1;
            o->dups = d;
        }
        o->dups[o->n_dups++] = (outputs_dup_t){entries[i].line, entries[j].line};
    }
    if (o->n_dups)
        qsort(o->dups, o->n_dups, sizeof *o->dups, outputs_dup_cmp);
    return 0;
}

/* The lines of ENTRIES (N, sorted by hash) whose hash another line shares,
 * into *OUT (*N_OUT, sorted by line). Returns 0, or -1 when memory runs out. */
static int outputs_candidates(const outputs_entry_t *entries, size_t n, size_t **out, size_t *n_out)
{
    size_t cap = 0;
    *out = NULL;
    *n_out = 0;
    for (size_t i = 0; i < n; i++) {
        int shared = (i > 0 && entries[i - 1].hash == entries[i].hash) ||
                     (i + 1 < n && entries[i + 1].hash == entries[i].hash);
        if (!shared)
            continue;
        if (*n_out == cap) {
            cap = cap ? 2 * cap : 16;
            size_t *c = realloc(*out, cap * sizeof *c);
            if (!c)
                return -1;
            *out = c;
        }
        (*out)[(*n_out)++] = entries[i].line;
    }
    if (*n_out)
        qsort(*out, *n_out, sizeof **out, outputs_line_cmp);
    return 0;
}

/* The scan of batch_outputs_scan, on S: 0, or -1 when memory runs out. */
static int outputs_scan(outputs_scan_t *s, batch_outputs_t *o)
{
    outputs_entry_t *entries = NULL;
    size_t n = 0, *candidates = NULL, n_candidates = 0;
    char **paths = NULL;
    int r = outputs_hash_lines(s, &entries, &n);
    r = r ? r : outputs_candidates(entries, n, &candidates, &n_candidates);
    if (!r && n_candidates) {
        paths = calloc(n_candidates, sizeof *paths);
        r = paths && fseek(s->f, 0, SEEK_SET) == 0 ? 0 : -1;
        r = r ? r : outputs_read_paths(s, candidates, n_candidates, paths);
        r = r ? r : outputs_find_dups(o, entries, n, candidates, paths, n_candidates);
    }
    for (size_t k = 0; paths && k < n_candidates; k++)
        g_free(paths[k]);
    free(paths);
    free(candidates);
    free(entries);
    return r;
}

batch_outputs_t *batch_outputs_scan(FILE *manifest, const char *dir)
{
    batch_outputs_t *o = calloc(1, sizeof *o);
    outputs_scan_t s = {.f = manifest, .dir = dir};
    if (o && fseek(manifest, 0, SEEK_SET) == 0 && !outputs_scan(&s, o)) {
        free(s.buf);
        return o;
    }
    free(s.buf);
    batch_outputs_free(o);
    return NULL;
}

size_t batch_outputs_earlier(const batch_outputs_t *o, size_t line)
{
    outputs_dup_t key = {line, 0};
    const outputs_dup_t *d =
        o && o->n_dups ? bsearch(&key, o->dups, o->n_dups, sizeof *o->dups, outputs_dup_cmp) : NULL;
    return d ? d->earlier : 0;
}

void batch_outputs_free(batch_outputs_t *o)
{
    if (o)
        free(o->dups);
    free(o);
}
