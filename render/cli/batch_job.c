/* batch_job.c: one line of a batch manifest made into a render (batch.h).
 *
 * Owns the manifest's line format: a JSON object naming "article" and
 * "output" (relative to the manifest's folder), optionally "layout" and the
 * render options "placeholder", "root", "pdf_standard", "dpi", "from",
 * "hyphenation", "font_dir", "marks" and "guides"; any other key is a
 * warning for that line. And the line's messages: its own and the render's
 * diagnostics, formatted, as the results report them.
 */
#include "batch.h"
#include "import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends the message FMT (printf's) to the array LIST. */
static void job_message(json_t *list, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void job_message(json_t *list, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    json_array_append_new(list, json_string(buf));
}

char *batch_job_path(const char *dir, const char *path)
{
    if (path[0] == '/' || !dir[0])
        return strdup(path);
    size_t n = strlen(dir) + strlen(path) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, path);
    return p;
}

/* A layout value is a file when it names one (a '/' or a .json ending), else
 * a layout of Galley's own, by name. */
static int job_layout_is_file(const char *v)
{
    size_t n = strlen(v);
    return strchr(v, '/') || (n > 5 && !strcmp(v + n - 5, ".json"));
}

/* The string KEY of OBJ resolved against DIR into *OUT (NULL when absent);
 * -1 with an error when it is not a string. */
static int job_string_path(batch_job_t *job, const char *key, const char *dir, char **out)
{
    json_t *v = json_object_get(job->given, key);
    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_string(v) || !json_string_length(v)) {
        job_message(job->errors, "line %zu: \"%s\" must be a file name", job->line, key);
        return -1;
    }
    const char *s = json_string_value(v);
    *out = !strcmp(key, "layout") && !job_layout_is_file(s) ? strdup(s) : batch_job_path(dir, s);
    return *out ? 0 : -1;
}

/* The true or false KEY of the line into *OUT; -1 with an error when it is
 * another kind. */
static int job_flag(batch_job_t *job, const char *key, int *out)
{
    json_t *v = json_object_get(job->given, key);
    if (v && !json_is_boolean(v)) {
        job_message(job->errors, "line %zu: \"%s\" must be true or false", job->line, key);
        return -1;
    }
    *out = v && json_is_true(v);
    return 0;
}

/* "dpi", "from" and "pdf_standard" into JOB's options; -1 with an error
 * when one is not what it may be. */
static int job_values(batch_job_t *job)
{
    json_t *dpi = json_object_get(job->given, "dpi");
    json_t *from = json_object_get(job->given, "from");
    json_t *std = json_object_get(job->given, "pdf_standard");
    int bad = 0;
    if (dpi &&
        (!json_is_number(dpi) || !(json_number_value(dpi) >= 1) || json_number_value(dpi) > 2400)) {
        job_message(job->errors, "line %zu: \"dpi\" must be a number from 1 to 2400", job->line);
        bad = -1;
    } else if (dpi)
        job->opt.dpi = json_number_value(dpi);
    int f = from && json_is_string(from) ? galley_import_format(json_string_value(from)) : 0;
    if (from && (!json_is_string(from) || f < 0)) {
        job_message(job->errors, "line %zu: \"from\" must be galley, ninjs, nitf or newsml",
                    job->line);
        bad = -1;
    } else
        job->opt.from = f;
    const char *s = std ? json_string_value(std) : NULL;
    if (s && !strcmp(s, "none"))
        job->opt.pdf_standard = GALLEY_PDF_STANDARD_NONE;
    else if (s && (!strcmp(s, "x4") || !strcmp(s, "PDF/X-4")))
        job->opt.pdf_standard = GALLEY_PDF_STANDARD_X4;
    else if (std) {
        job_message(job->errors, "line %zu: \"pdf_standard\" must be none or x4", job->line);
        bad = -1;
    }
    return bad;
}

/* Warns of each key of the line that is none of the format's. */
static void job_unknown_keys(batch_job_t *job)
{
    static const char *const KNOWN[] = {"article",     "output",       "layout", "placeholder",
                                        "root",        "pdf_standard", "dpi",    "from",
                                        "hyphenation", "font_dir",     "marks",  "guides"};
    const char *key;
    json_t *v;
    json_object_foreach(job->given, key, v)
    {
        size_t i = 0;
        while (i < sizeof KNOWN / sizeof KNOWN[0] && strcmp(key, KNOWN[i]))
            i++;
        if (i == sizeof KNOWN / sizeof KNOWN[0])
            job_message(job->warnings, "line %zu: unknown key \"%s\", ignored", job->line, key);
    }
}

/* The "article" and "output" the line must name, as written and resolved. */
static int job_files(batch_job_t *job, const char *dir)
{
    json_t *art = json_object_get(job->given, "article");
    json_t *out = json_object_get(job->given, "output");
    job->article_given = json_is_string(art) ? json_string_value(art) : NULL;
    job->output_given = json_is_string(out) ? json_string_value(out) : NULL;
    if (!job->article_given || !*job->article_given || !job->output_given || !*job->output_given) {
        job_message(job->errors, "line %zu: needs \"article\" and \"output\", file names",
                    job->line);
        return -1;
    }
    job->article = batch_job_path(dir, job->article_given);
    job->output = batch_job_path(dir, job->output_given);
    return job->article && job->output ? 0 : -1;
}

int batch_job_parse(const char *text, size_t line, const char *dir, batch_job_t *job)
{
    memset(job, 0, sizeof *job);
    job->line = line;
    galley_render_options_init(&job->opt);
    job->warnings = json_array();
    job->errors = json_array();
    json_error_t err;
    job->given = json_loads(text, JSON_REJECT_DUPLICATES, &err);
    if (!job->given || !json_is_object(job->given)) {
        job_message(job->errors, "line %zu: not a JSON object%s%s", line, job->given ? "" : ": ",
                    job->given ? "" : err.text);
        return -1;
    }
    int bad = job_files(job, dir);
    bad |= job_string_path(job, "layout", dir, &job->layout);
    bad |= job_string_path(job, "root", dir, &job->root);
    bad |= job_string_path(job, "hyphenation", dir, &job->hyphenation);
    bad |= job_string_path(job, "font_dir", dir, &job->font_dir);
    bad |= job_flag(job, "placeholder", &job->opt.placeholder);
    bad |= job_flag(job, "marks", &job->opt.marks);
    bad |= job_flag(job, "guides", &job->opt.guides);
    bad |= job_values(job);
    job_unknown_keys(job);
    job->n_line_warnings = json_array_size(job->warnings);
    job->opt.layout = job->layout;
    job->opt.root = job->root;
    job->opt.hyphenation = job->hyphenation;
    job->opt.font_dir = job->font_dir;
    return bad ? -1 : 0;
}

void batch_job_fini(batch_job_t *job)
{
    json_decref(job->given);
    json_decref(job->warnings);
    json_decref(job->errors);
    free(job->article);
    free(job->output);
    free(job->layout);
    free(job->root);
    free(job->hyphenation);
    free(job->font_dir);
    memset(job, 0, sizeof *job);
}

void batch_job_refuse(batch_job_t *job, size_t line, const char *why)
{
    memset(job, 0, sizeof *job);
    job->line = line;
    galley_render_options_init(&job->opt);
    job->warnings = json_array();
    job->errors = json_array();
    job_message(job->errors, "line %zu: %s", line, why);
}

void batch_job_diags(const galley_context_t *ctx, batch_job_t *job)
{
    for (size_t i = 0; i < galley_context_diag_count(ctx); i++) {
        galley_diagnostic_t d;
        galley_diagnostic_init(&d);
        if (galley_context_diag_get(ctx, i, &d))
            continue;
        json_array_append_new(d.severity == GALLEY_SEVERITY_WARNING ? job->warnings : job->errors,
                              json_string(d.formatted ? d.formatted : d.message));
    }
}
