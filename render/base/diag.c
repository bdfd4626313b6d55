/* diag.c: diagnostics.
 *
 * Owns: the list of error and warning records and their formatted text
 * ("FILE:LINE:COL: error: FIELD: message"). galley_diags_error() is the one
 * function where errors are made: set a breakpoint there to catch them all.
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Starts an empty list. */
void galley_diags_init(galley_diags_t *diags)
{
    memset(diags, 0, sizeof *diags);
    diags->status = GALLEY_STATUS_SUCCESS;
}

/* Frees one record's strings. */
static void diag_free(galley_diag_t *d)
{
    free(d->file);
    free(d->field);
    free(d->message);
    free(d->formatted);
}

/* Frees every record and the list itself. */
void galley_diags_fini(galley_diags_t *diags)
{
    if (!diags)
        return;
    galley_diags_clear(diags);
    free(diags->items);
    diags->items = NULL;
    diags->capacity = 0;
}

/* Drops every record and resets the status, keeping the list's memory. */
void galley_diags_clear(galley_diags_t *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->count; i++)
        diag_free(&diags->items[i]);
    diags->count = 0;
    diags->status = GALLEY_STATUS_SUCCESS;
}

/* strdup that accepts NULL, so optional parts stay optional. */
static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Formats a message into a new string; NULL when out of memory. */
static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* Builds "FILE:LINE:COL: error: FIELD: message", leaving out unknown parts. */
static char *format_record(const galley_diag_t *d)
{
    char where[64] = "";
    if (d->line > 0 && d->column > 0)
        snprintf(where, sizeof where, ":%d:%d", d->line, d->column);
    else if (d->line > 0)
        snprintf(where, sizeof where, ":%d", d->line);
    const char *kind = d->severity == GALLEY_SEVERITY_ERROR ? "error" : "warning";
    const char *file = d->file ? d->file : "";
    const char *loc = d->file ? where : (where[0] ? where + 1 : "");
    const char *loc_sep = (d->file || where[0]) ? ": " : "";
    const char *field = d->field && d->field[0] ? d->field : "";
    const char *field_sep = field[0] ? ": " : "";
    size_t n = strlen(file) + strlen(loc) + strlen(kind) + strlen(field) + strlen(d->message) + 16;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s%s: %s%s%s", file, loc, loc_sep, kind, field, field_sep, d->message);
    return s;
}

/* Appends a record; returns 0 when out of memory (the record is then lost). */
static int diags_push(galley_diags_t *diags, galley_severity_t severity, const char *file, int line,
                      int column, const char *field, const char *fmt, va_list ap)
{
    if (diags->count == diags->capacity) {
        size_t cap = diags->capacity ? diags->capacity * 2 : 8;
        galley_diag_t *items = realloc(diags->items, cap * sizeof *items);
        if (!items)
            return 0;
        diags->items = items;
        diags->capacity = cap;
    }
    galley_diag_t d = {severity,
                       dup_or_null(file),
                       line > 0 ? line : 0,
                       column > 0 ? column : 0,
                       dup_or_null(field),
                       vformat(fmt, ap),
                       NULL};
    if (d.message)
        d.formatted = format_record(&d);
    if (!d.message || !d.formatted || (file && !d.file) || (field && !d.field)) {
        diag_free(&d);
        return 0;
    }
    diags->items[diags->count++] = d;
    return 1;
}

/* Records an error and keeps the first error's status. Every error of Galley
 * passes through here. */
galley_status_t galley_diags_verror(galley_diags_t *diags, galley_status_t status, const char *file,
                                    int line, int column, const char *field, const char *fmt,
                                    va_list ap)
{
    if (!diags)
        return status;
    if (diags->status == GALLEY_STATUS_SUCCESS)
        diags->status = status;
    diags_push(diags, GALLEY_SEVERITY_ERROR, file, line, column, field, fmt, ap);
    return status;
}

galley_status_t galley_diags_error(galley_diags_t *diags, galley_status_t status, const char *file,
                                   int line, int column, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    galley_diags_verror(diags, status, file, line, column, field, fmt, ap);
    va_end(ap);
    return status;
}

/* Records a warning; a warning never changes the status. */
void galley_diags_vwarn(galley_diags_t *diags, const char *file, int line, int column,
                        const char *field, const char *fmt, va_list ap)
{
    if (diags)
        diags_push(diags, GALLEY_SEVERITY_WARNING, file, line, column, field, fmt, ap);
}

void galley_diags_warn(galley_diags_t *diags, const char *file, int line, int column,
                       const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    galley_diags_vwarn(diags, file, line, column, field, fmt, ap);
    va_end(ap);
}

/* Counts the records of one severity. */
size_t galley_diags_count(const galley_diags_t *diags, galley_severity_t severity)
{
    size_t n = 0;
    for (size_t i = 0; diags && i < diags->count; i++)
        n += diags->items[i].severity == severity;
    return n;
}

void galley_diags_append(galley_diags_t *to, const galley_diags_t *from)
{
    for (size_t i = 0; i < from->count; i++) {
        const galley_diag_t *d = &from->items[i];
        if (d->severity == GALLEY_SEVERITY_ERROR)
            galley_diags_error(to, from->status ? from->status : GALLEY_STATUS_OUTPUT_ERROR,
                               d->file, d->line, d->column, d->field, "%s", d->message);
        else
            galley_diags_warn(to, d->file, d->line, d->column, d->field, "%s", d->message);
    }
}

/* The status as a few words, for messages (declared in galley.h: the one
 * table of status names, here so every stage can name a status). */
const char *galley_status_to_string(galley_status_t status)
{
    switch (status) {
    case GALLEY_STATUS_SUCCESS:
        return "success";
    case GALLEY_STATUS_NO_MEMORY:
        return "out of memory";
    case GALLEY_STATUS_INPUT_ERROR:
        return "input error";
    case GALLEY_STATUS_OUTPUT_ERROR:
        return "output error";
    case GALLEY_STATUS_RESOURCE_ERROR:
        return "resource error";
    case GALLEY_STATUS_LIMIT_ERROR:
        return "limit exceeded";
    case GALLEY_STATUS_OVERSET:
        return "overset";
    }
    return "unknown status";
}
