/* batch.h: `galley batch`, many renders in one process (internal to the command).
 *
 * Owns what the parts of the batch share: a manifest's lines read within its
 * limits (batch_manifest.c), one line made into a job (batch_job.c: the
 * article, the output and the render options a JSON line names, relative to
 * the manifest's folder), the key beside each output that
 * lets an unchanged line be skipped (batch_key.c: Galley's version, the
 * line's options, every input's size and modification time, the output's
 * SHA-256), the lines whose output an earlier line names (batch_outputs.c),
 * and the command itself (batch.c: the shard, the worker threads, one
 * context each, the results and the exit code).
 */
#ifndef GALLEY_BATCH_H
#define GALLEY_BATCH_H

#include "cli.h"

#include <jansson.h>

/* One manifest line as a render: what batch_job_parse made of it. */
typedef struct {
    size_t line;               /* 1-based line number in the manifest */
    json_t *given;             /* the line's object (owned), the key's "options" */
    const char *article_given; /* its "article" and "output" as written (into GIVEN) */
    const char *output_given;
    char *article, *output; /* resolved against the manifest's folder (owned) */
    char *layout, *root, *hyphenation, *font_dir; /* resolved paths (owned), or NULL */
    galley_render_options_t opt;                  /* pointing into the strings above */
    json_t *warnings, *errors; /* arrays of strings (owned): the line's messages */
    size_t n_line_warnings;    /* the first warnings, the line's own (unknown keys) */
} batch_job_t;

/* Makes the manifest line TEXT (line number LINE) into *JOB, its relative
 * paths resolved against the folder DIR ("" for the current one). Returns 0,
 * or -1 when the line cannot be rendered (not JSON, not an object, no
 * "article" or "output", a value of the wrong kind): JOB->errors says why.
 * Unknown keys are warnings. The caller frees JOB with batch_job_fini. */
int batch_job_parse(const char *text, size_t line, const char *dir, batch_job_t *job);

/* Frees what JOB owns. */
void batch_job_fini(batch_job_t *job);

/* PATH as a line's job resolves it against the manifest's folder DIR: as it
 * is when absolute or DIR is empty (""), else DIR/PATH. Newly allocated
 * (NULL when out of memory). */
char *batch_job_path(const char *dir, const char *path);

/* Appends the formatted diagnostics of CTX's last call to JOB's warnings
 * and errors. */
void batch_job_diags(const galley_context_t *ctx, batch_job_t *job);

/* The outcome of one output's key. */
typedef struct {
    int pages;
    char sha256[65]; /* hex, of the output's bytes (a PNG render's pages in order) */
} batch_output_t;

/* True when JOB's output is up to date: its key file OUTPUT.galley-key
 * records this Galley, the same options, inputs of the same size and
 * modification time, and the output files are there with the recorded
 * SHA-256. *OUT gets the recorded pages and hash; the key's warnings are
 * appended to JOB's. */
int batch_key_fresh(batch_job_t *job, batch_output_t *out);

/* After CTX rendered JOB: hashes the output (OUT gets it and the pages) and
 * writes the key (atomically: a temporary renamed). Returns 0, or -1 with
 * an error appended to JOB. */
int batch_key_write(const galley_context_t *ctx, batch_job_t *job, batch_output_t *out);

/* Removes JOB's key (its render failed: the next run renders it again). */
void batch_key_remove(const batch_job_t *job);

/* The most bytes a manifest line holds (its line break not counted): a line
 * names a few paths and options. */
#define BATCH_LINE_MAX 65536
/* The most lines a manifest holds: split a larger one into files. */
#define BATCH_MAX_LINES 10000000

/* Reads the next line of the manifest F into *BUF (grown to BATCH_LINE_MAX
 * + 1 bytes; *CAP its size), its line break taken off; returns its length,
 * or -1 at the end or when memory runs out. A line longer than
 * BATCH_LINE_MAX is read that far, the rest of it skipped, and *TOO_LONG
 * set (else 0). The caller holds F alone (getc_unlocked). */
ssize_t batch_manifest_line(FILE *f, char **buf, size_t *cap, int *too_long);

/* Makes *JOB a line that is no render: line LINE, failed for WHY (its one
 * error). The caller frees JOB with batch_job_fini. */
void batch_job_refuse(batch_job_t *job, size_t line, const char *why);

/* The lines of a manifest that name an output an earlier line names. */
typedef struct batch_outputs batch_outputs_t;

/* Scans the whole MANIFEST (read from its start, left anywhere: the caller
 * seeks), its lines' outputs relative to the folder DIR ("" for the current
 * one), for lines naming the output of an earlier line: paths made absolute
 * and cleaned of ".", ".." and repeated slashes are compared. Returns the
 * findings (batch_outputs_free), or NULL when memory runs out or the file
 * cannot be read again. */
batch_outputs_t *batch_outputs_scan(FILE *manifest, const char *dir);

/* The earliest line (1-based) naming the output line LINE names, when that
 * is another line; else 0 (LINE is the first, or O is NULL). */
size_t batch_outputs_earlier(const batch_outputs_t *o, size_t line);

/* Frees O (NULL: nothing). */
void batch_outputs_free(batch_outputs_t *o);

#endif
