/* photo_file.c: reading a photo file (see photo_file.h).
 *
 * The old way checked the path (realpath, stat) and opened it afterwards: a
 * symbolic link swapped in between led outside --root, and a FIFO swapped in
 * blocked the render. Here the path is opened once, without blocking, by
 * input.c, the one opener of every input: every check is of the descriptor
 * (its kind and size, and for the root, the real path of the name compared
 * with the descriptor by device and inode), and the bytes are read from it.
 * O_NOFOLLOW is not used: links inside the root are allowed, and where a link
 * leads is what the root check sees. This file phrases the photo's messages
 * and applies the photo's own rules (not empty, the photo file limit).
 */
#include "photo_file.h"
#include "input.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One photo file being opened. */
typedef struct {
    const char *path;
    const galley_image_rules_t *rules;
    galley_diags_t *diags;
    galley_input_file_t in; /* the descriptor and what was found of it */
} opening_t;

/* Records an error about the file being opened. */
static galley_status_t file_error(const opening_t *o, galley_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static galley_status_t file_error(const opening_t *o, galley_status_t status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    galley_diags_verror(o->diags, status, o->path, 0, 0, o->rules->field, fmt, ap);
    va_end(ap);
    return status;
}

/* The error for a photo that could not be opened, or a special file, or
 * (with a root) one that is outside it or was replaced; *OUTSIDE is set for
 * the last two. Folders and sizes are file_check()'s. */
static galley_status_t file_open_error(const opening_t *o, galley_input_problem_t p, int *outside)
{
    const char *name = o->rules->root_name ? o->rules->root_name : o->rules->root;
    int e = o->in.error;
    switch (p) {
    case GALLEY_INPUT_CANNOT_OPEN:
    case GALLEY_INPUT_NO_REAL:
        if (e == ENOENT || e == ENOTDIR || e == ELOOP || e == ENAMETOOLONG ||
            p == GALLEY_INPUT_NO_REAL)
            return file_error(o, GALLEY_STATUS_INPUT_ERROR, "cannot find the photo \"%s\": %s",
                              o->path, strerror(e));
        return file_error(o, GALLEY_STATUS_INPUT_ERROR, "cannot read photo '%s': %s", o->path,
                          strerror(e));
    case GALLEY_INPUT_REPLACED:
        *outside = 1;
        return file_error(o, GALLEY_STATUS_INPUT_ERROR,
                          "the photo \"%s\" was replaced while it was opened (it now leads to "
                          "%s); with --root %s it is not read",
                          o->path, o->in.real, name);
    case GALLEY_INPUT_OUTSIDE:
        *outside = 1;
        return file_error(o, GALLEY_STATUS_INPUT_ERROR,
                          "the photo \"%s\" is outside --root %s (it leads to %s); photos must "
                          "lie inside that folder",
                          o->path, name, o->in.real);
    default:
        return GALLEY_STATUS_SUCCESS;
    }
}

/* The descriptor must be a regular file, not empty, within the size limit. */
static galley_status_t file_check(const opening_t *o)
{
    if (S_ISDIR(o->in.sb.st_mode))
        return file_error(o, GALLEY_STATUS_INPUT_ERROR, "the photo \"%s\" is a folder, not a file",
                          o->path);
    if (!S_ISREG(o->in.sb.st_mode))
        return file_error(o, GALLEY_STATUS_INPUT_ERROR,
                          "the photo \"%s\" is %s, not a regular file", o->path,
                          galley_input_kind(o->in.sb.st_mode));
    if (o->in.sb.st_size == 0)
        return file_error(o, GALLEY_STATUS_INPUT_ERROR, "photo '%s' is an empty file", o->path);
    double max_mb = o->rules->max_mb > 0 ? o->rules->max_mb : GALLEY_DEFAULT_MAX_PHOTO_MB;
    double mb = (double)o->in.sb.st_size / 1048576.0;
    if (mb > max_mb || (uintmax_t)o->in.sb.st_size > SIZE_MAX / 2)
        return file_error(o, GALLEY_STATUS_LIMIT_ERROR,
                          "photo '%s' is %.*f %s, over the photo file limit of %g MB "
                          "(--max-photo-mb raises it)",
                          o->path, mb < 1 ? 0 : 1, mb < 1 ? mb * 1024 : mb, mb < 1 ? "KB" : "MB",
                          max_mb);
    return GALLEY_STATUS_SUCCESS;
}

/* Reads the file's bytes from the descriptor into OUT: at most its size at
 * fstat() time (a file grown since is read as it was; one shrunk, as it is). */
static galley_status_t file_slurp(const opening_t *o, galley_photo_file_t *out)
{
    size_t size = (size_t)o->in.sb.st_size, got = 0;
    unsigned char *data = malloc(size);
    if (!data)
        return file_error(o, GALLEY_STATUS_NO_MEMORY, "out of memory reading photo '%s'", o->path);
    while (got < size) {
        ssize_t n = read(o->in.fd, data + got, size - got > (1u << 30) ? (1u << 30) : size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(data);
            return file_error(o, GALLEY_STATUS_INPUT_ERROR, "cannot read photo '%s': %s", o->path,
                              strerror(errno));
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    if (got == 0) {
        free(data);
        return file_error(o, GALLEY_STATUS_INPUT_ERROR, "photo '%s' is an empty file", o->path);
    }
    out->data = data;
    out->len = got;
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_photo_file_read(const char *path, const galley_image_rules_t *rules,
                                       galley_photo_file_t *out, int *outside,
                                       galley_diags_t *diags)
{
    int ignored = 0;
    opening_t o = {path, rules, diags, {-1, {0}, 0, NULL}};
    *out = (galley_photo_file_t){NULL, 0, NULL};
    galley_input_problem_t p = galley_input_file_open(path, rules->root, &o.in);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (p != GALLEY_INPUT_OK && p != GALLEY_INPUT_FOLDER && p != GALLEY_INPUT_SPECIAL)
        st = file_open_error(&o, p, outside ? outside : &ignored);
    else
        st = file_check(&o);
    if (!st)
        st = file_slurp(&o, out);
    if (!st && rules->root) {
        out->real = o.in.real; /* the caller's now */
        o.in.real = NULL;
    }
    galley_input_file_fini(&o.in);
    return st;
}
