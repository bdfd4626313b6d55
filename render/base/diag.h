/* diag.h: diagnostics.
 *
 * Owns: error and warning records (file, line:column, field path, message),
 * kept in order with the first error's status. galley_diags_error() is the one
 * function where every error is made: a single place to set a breakpoint.
 */
#ifndef GALLEY_DIAG_H
#define GALLEY_DIAG_H

#include "galley.h"
#include <stdarg.h>

typedef struct {
    galley_severity_t severity;
    char *file;      /* may be NULL */
    int line;        /* 1-based; 0 when unknown */
    int column;      /* 1-based; 0 when unknown */
    char *field;     /* field path such as "body[3].text"; may be NULL */
    char *message;   /* the text alone */
    char *formatted; /* "FILE:LINE:COL: error: FIELD: message" */
} galley_diag_t;

typedef struct {
    galley_diag_t *items;
    size_t count, capacity;
    galley_status_t status; /* the first error's status, or SUCCESS */
} galley_diags_t;

void galley_diags_init(galley_diags_t *diags);
void galley_diags_fini(galley_diags_t *diags);
/* Drops every record and resets the status. */
void galley_diags_clear(galley_diags_t *diags);

/* Records an error; returns STATUS so callers can `return galley_diags_error(...)`.
 * The first error's status is kept in diags->status. */
galley_status_t galley_diags_error(galley_diags_t *diags, galley_status_t status, const char *file,
                                   int line, int column, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Records a warning. */
void galley_diags_warn(galley_diags_t *diags, const char *file, int line, int column,
                       const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The same with the arguments as a va_list (for callers that add the file or
 * field themselves): the message is formatted whole, never into a fixed
 * buffer that could cut it inside a character. */
galley_status_t galley_diags_verror(galley_diags_t *diags, galley_status_t status, const char *file,
                                    int line, int column, const char *field, const char *fmt,
                                    va_list ap) __attribute__((format(printf, 7, 0)));
void galley_diags_vwarn(galley_diags_t *diags, const char *file, int line, int column,
                        const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* Records every record of FROM in TO, in order (another thread's, say). */
void galley_diags_append(galley_diags_t *to, const galley_diags_t *from);

/* Counts the records of one severity. */
size_t galley_diags_count(const galley_diags_t *diags, galley_severity_t severity);

#endif
