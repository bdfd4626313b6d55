/* photo_file.c: reading a photo file (see photo_file.h).
 *
 * The old way checked the path (realpath, stat) and opened it afterwards: a
 * symbolic link swapped in between led outside --root, and a FIFO swapped in
 * blocked the render. Here the path is opened once, without blocking, and
 * every check is of the descriptor: fstat() for its kind and size, and for
 * the root, the real path of the name compared with the descriptor by device
 * and inode (a name that no longer leads to the file opened is refused). The
 * bytes are read from that descriptor. O_NOFOLLOW is not used: links inside
 * the root are allowed, and where a link leads is what the root check sees.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "photo_file.h"

#include <errno.h>
#include <fcntl.h>
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
    int fd;
    struct stat st; /* of the descriptor */
} opening_t;

/* Records an error about the file being opened. */
static galley_status_t file_error(const opening_t *o, galley_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static galley_status_t file_error(const opening_t *o, galley_status_t status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return galley_diags_error(o->diags, status, o->path, 0, 0, o->rules->field, "%s", msg);
}

/* Opens the path without blocking (a FIFO with no writer, a device) and
 * without making a terminal ours, and takes the descriptor's status. */
static galley_status_t file_open(opening_t *o)
{
    o->fd = open(o->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (o->fd < 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR || e == ELOOP || e == ENAMETOOLONG)
            return file_error(o, GALLEY_STATUS_INPUT_ERROR, "cannot find the photo \"%s\": %s",
                              o->path, strerror(e));
        return file_error(o, GALLEY_STATUS_INPUT_ERROR, "cannot read photo '%s': %s", o->path,
                          strerror(e));
    }
    if (fstat(o->fd, &o->st) != 0)
        return file_error(o, GALLEY_STATUS_INPUT_ERROR, "cannot read photo '%s': %s", o->path,
                          strerror(errno));
    return GALLEY_STATUS_SUCCESS;
}

/* With a root: the real path of the name (links followed) must still lead
 * to the file opened (same device and inode: a link swapped meanwhile is
 * caught) and lie inside the root. *REAL gets that path. */
static galley_status_t file_in_root(const opening_t *o, char **real, int *outside)
{
    const char *root = o->rules->root, *name = o->rules->root_name ? o->rules->root_name : root;
    char *r = realpath(o->path, NULL);
    if (!r)
        return file_error(o, GALLEY_STATUS_INPUT_ERROR, "cannot find the photo \"%s\": %s", o->path,
                          strerror(errno));
    struct stat rs;
    size_t rn = strlen(root);
    int same = stat(r, &rs) == 0 && rs.st_dev == o->st.st_dev && rs.st_ino == o->st.st_ino;
    int inside = strncmp(r, root, rn) == 0 && (r[rn] == '/' || (rn == 1 && root[0] == '/'));
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (!same)
        st = file_error(o, GALLEY_STATUS_INPUT_ERROR,
                        "the photo \"%s\" was replaced while it was opened (it now leads to %s); "
                        "with --root %s it is not read",
                        o->path, r, name);
    else if (!inside)
        st = file_error(o, GALLEY_STATUS_INPUT_ERROR,
                        "the photo \"%s\" is outside --root %s (it leads to %s); photos must lie "
                        "inside that folder",
                        o->path, name, r);
    if (st) {
        *outside = 1;
        free(r);
        return st;
    }
    *real = r;
    return GALLEY_STATUS_SUCCESS;
}

/* What the descriptor is, when it is not a regular file. */
static const char *file_kind(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO (a named pipe)";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "not a regular file";
}

/* The descriptor must be a regular file, not empty, within the size limit. */
static galley_status_t file_check(const opening_t *o)
{
    if (S_ISDIR(o->st.st_mode))
        return file_error(o, GALLEY_STATUS_INPUT_ERROR, "the photo \"%s\" is a folder, not a file",
                          o->path);
    if (!S_ISREG(o->st.st_mode))
        return file_error(o, GALLEY_STATUS_INPUT_ERROR,
                          "the photo \"%s\" is %s, not a regular file", o->path,
                          file_kind(o->st.st_mode));
    if (o->st.st_size == 0)
        return file_error(o, GALLEY_STATUS_INPUT_ERROR, "photo '%s' is an empty file", o->path);
    double max_mb = o->rules->max_mb > 0 ? o->rules->max_mb : GALLEY_DEFAULT_MAX_PHOTO_MB;
    double mb = (double)o->st.st_size / 1048576.0;
    if (mb > max_mb || (uintmax_t)o->st.st_size > SIZE_MAX / 2)
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
    size_t size = (size_t)o->st.st_size, got = 0;
    unsigned char *data = malloc(size);
    if (!data)
        return file_error(o, GALLEY_STATUS_NO_MEMORY, "out of memory reading photo '%s'", o->path);
    while (got < size) {
        ssize_t n = read(o->fd, data + got, size - got > (1u << 30) ? (1u << 30) : size - got);
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
    opening_t o = {path, rules, diags, -1, {0}};
    *out = (galley_photo_file_t){NULL, 0, NULL};
    galley_status_t st = file_open(&o);
    if (!st && rules->root)
        st = file_in_root(&o, &out->real, outside ? outside : &ignored);
    if (!st)
        st = file_check(&o);
    if (!st)
        st = file_slurp(&o, out);
    if (o.fd >= 0)
        close(o.fd);
    if (st) {
        free(out->real);
        out->real = NULL;
    }
    return st;
}
