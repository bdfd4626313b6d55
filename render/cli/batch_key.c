/* batch_key.c: the key beside a batch output that says it is up to date.
 *
 * Owns OUTPUT.galley-key, JSON: its format (KEY_FORMAT), Galley's version, the manifest line's
 * options as written, the fonts' configuration from the environment
 * (GALLEY_DATADIR, GALLEY_FONTS_CONF), every
 * file and folder the render read (galley_context_input_count/path: the
 * article, the layout, the photos, the hyphenation lists, the house fonts of
 * the layout and of "font_dir" and their folders) with its size and modification
 * time in nanoseconds, and the output: its pages, SHA-256 (GnuTLS) and
 * its files' sizes and times. A line whose key still matches all of it is
 * skipped (the output's bytes are hashed again only when its files' sizes or
 * times changed: a re-run reads no output); a key is
 * written atomically (a temporary renamed) after a render succeeds, and
 * removed when one fails.
 */
#define _GNU_SOURCE 1 /* strcasecmp; realpath */
#include "batch.h"

#include <gnutls/crypto.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a key records, numbered: a key of another format is stale, so a
 * Galley that records more renders again what an earlier one keyed (2: the
 * house font files and folders among the inputs; 3: font_dir's files there too,
 * not listed again under "fonts"). */
#define KEY_FORMAT 3

/* The key file's name: OUTPUT.galley-key, newly allocated. */
static char *key_path(const char *output)
{
    size_t n = strlen(output) + sizeof ".galley-key";
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s.galley-key", output);
    return p;
}

/* Page N's file of a PNG render to OUTPUT (OUT.png: OUT-N.png, the
 * extension as given), or OUTPUT itself for a PDF (N 0). Newly allocated. */
static char *key_output_file(const char *output, int n)
{
    size_t len = strlen(output), cut = len >= 4 ? len - 4 : len;
    char *p = malloc(len + 16);
    if (!p)
        return NULL;
    if (!n)
        memcpy(p, output, len + 1);
    else
        snprintf(p, len + 16, "%.*s-%d%s", (int)cut, output, n, output + cut);
    return p;
}

/* Whether OUTPUT names PNG pages (.png in any case). */
static int key_is_png(const char *output)
{
    size_t n = strlen(output);
    return n > 4 && !strcasecmp(output + n - 4, ".png");
}

/* The SHA-256 of OUTPUT's files (a PNG render's PAGES pages in order) in
 * HEX; -1 when one cannot be read. */
static int key_hash_output(const char *output, int pages, char hex[65])
{
    gnutls_hash_hd_t h;
    if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) < 0)
        return -1;
    int png = key_is_png(output), bad = 0;
    for (int i = png ? 1 : 0; !bad && i <= (png ? pages : 0); i++) {
        char *path = key_output_file(output, i);
        FILE *f = path ? fopen(path, "rb") : NULL;
        bad = !f;
        char buf[65536];
        size_t n;
        while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
            bad |= gnutls_hash(h, buf, n) < 0;
        bad |= f && ferror(f);
        if (f)
            fclose(f);
        free(path);
    }
    unsigned char digest[32];
    gnutls_hash_deinit(h, digest);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return bad ? -1 : 0;
}

/* PATH's size and modification time in nanoseconds, as a JSON object
 * {"path", "size", "mtime_ns"}; NULL when it cannot be read. */
static json_t *key_file_stat(const char *path)
{
    struct stat st;
    if (stat(path, &st))
        return NULL;
    return json_pack("{s:s, s:I, s:I}", "path", path, "size", (json_int_t)st.st_size, "mtime_ns",
                     (json_int_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
}

/* What the fonts depend on besides the inputs: the environment's data folder
 * and font configuration. (The line's font_dir, like a layout's "fonts", is
 * among the inputs: each font file and folder the render read.) */
static json_t *key_fonts(void)
{
    const char *datadir = getenv("GALLEY_DATADIR"), *conf = getenv("GALLEY_FONTS_CONF");
    json_t *files = json_array();
    if (conf && *conf)
        json_array_append_new(files, key_file_stat(conf));
    return json_pack("{s:s?, s:s?, s:o}", "datadir", datadir && *datadir ? datadir : NULL,
                     "fonts_conf", conf && *conf ? conf : NULL, "files", files);
}

/* The stats of OUTPUT's files (key_file_stat: a PNG render's PAGES pages in
 * order), as a JSON array; NULL when one cannot be read. */
static json_t *key_output_stats(const char *output, int pages)
{
    json_t *files = json_array();
    int png = key_is_png(output);
    for (int i = png ? 1 : 0; files && i <= (png ? pages : 0); i++) {
        char *path = key_output_file(output, i);
        json_t *f = path ? key_file_stat(path) : NULL;
        free(path);
        if (!f || json_array_append_new(files, f)) {
            json_decref(files);
            files = NULL;
        }
    }
    return files;
}

/* Whether OUTPUT (PAGES pages) is the one the key's OUTPUT_KEY records: its
 * files' sizes and times as recorded (no byte read), or else bytes whose
 * SHA-256 is the recorded SHA (a file touched but not changed). */
static int key_output_same(const char *output, int pages, json_t *output_key, const char *sha)
{
    json_t *now = key_output_stats(output, pages);
    int same = now && json_equal(now, json_object_get(output_key, "files"));
    json_decref(now);
    char hex[65];
    return same || (!key_hash_output(output, pages, hex) && !strcmp(hex, sha));
}

/* Whether every input the key lists still has its recorded size and time. */
static int key_inputs_same(json_t *inputs)
{
    size_t i;
    json_t *in;
    if (!json_is_array(inputs))
        return 0;
    json_array_foreach(inputs, i, in)
    {
        json_t *now = key_file_stat(json_string_value(json_object_get(in, "path")));
        int same = now && json_equal(now, in);
        json_decref(now);
        if (!same)
            return 0;
    }
    return 1;
}

int batch_key_fresh(batch_job_t *job, batch_output_t *out)
{
    char *path = key_path(job->output);
    json_t *key = path ? json_load_file(path, 0, NULL) : NULL;
    free(path);
    json_t *fonts = key_fonts();
    json_t *output = json_object_get(key, "output");
    const char *sha = json_string_value(json_object_get(output, "sha256"));
    int pages = (int)json_integer_value(json_object_get(output, "pages"));
    int fresh =
        key && sha && strlen(sha) == 64 &&
        json_integer_value(json_object_get(key, "key")) == KEY_FORMAT &&
        !strcmp(json_string_value(json_object_get(key, "galley")) ?: "", galley_version_string()) &&
        json_equal(json_object_get(key, "options"), job->given) &&
        json_equal(json_object_get(key, "fonts"), fonts) &&
        key_inputs_same(json_object_get(key, "inputs")) &&
        key_output_same(job->output, pages, output, sha);
    if (fresh) {
        out->pages = pages;
        memcpy(out->sha256, sha, 65);
        json_array_extend(job->warnings, json_object_get(key, "warnings"));
    }
    json_decref(fonts);
    json_decref(key);
    return fresh;
}

/* The key of JOB as CTX rendered it, OUT its output. */
static json_t *key_make(const galley_context_t *ctx, const batch_job_t *job,
                        const batch_output_t *out)
{
    json_t *inputs = json_array(), *warnings = json_array(); /* the render's, not the line's */
    for (size_t i = job->n_line_warnings; i < json_array_size(job->warnings); i++)
        json_array_append(warnings, json_array_get(job->warnings, i));
    for (size_t i = 0; i < galley_context_input_count(ctx); i++) {
        char real[PATH_MAX];
        const char *p = galley_context_input_path(ctx, i);
        json_t *in = realpath(p, real) ? key_file_stat(real) : NULL;
        if (in)
            json_array_append_new(inputs, in);
    }
    json_t *files = key_output_stats(job->output, out->pages);
    return json_pack("{s:i, s:s, s:O, s:o, s:o, s:{s:i, s:s, s:o*}, s:o}", "key", KEY_FORMAT,
                     "galley", galley_version_string(), "options", job->given, "fonts", key_fonts(),
                     "inputs", inputs, "output", "pages", out->pages, "sha256", out->sha256,
                     "files", files, "warnings", warnings);
}

int batch_key_write(const galley_context_t *ctx, batch_job_t *job, batch_output_t *out)
{
    out->pages = galley_context_page_count(ctx);
    if (key_hash_output(job->output, out->pages, out->sha256)) {
        json_array_append_new(job->errors, json_sprintf("%s: cannot read the output back to hash "
                                                        "it",
                                                        job->output_given));
        return -1;
    }
    char *path = key_path(job->output);
    size_t n = path ? strlen(path) + 8 : 0;
    char *tmp = path ? malloc(n) : NULL;
    json_t *key = key_make(ctx, job, out);
    int bad = !tmp || !key;
    if (!bad) {
        snprintf(tmp, n, "%s.tmp", path);
        bad = json_dump_file(key, tmp, JSON_INDENT(1) | JSON_SORT_KEYS) || rename(tmp, path);
        if (bad)
            unlink(tmp);
    }
    if (bad)
        json_array_append_new(
            job->errors, json_sprintf("%s.galley-key: cannot write the key", job->output_given));
    json_decref(key);
    free(tmp);
    free(path);
    return bad ? -1 : 0;
}

void batch_key_remove(const batch_job_t *job)
{
    char *path = key_path(job->output);
    if (path)
        unlink(path);
    free(path);
}
