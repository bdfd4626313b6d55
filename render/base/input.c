/* input.c: opening an input file safely, and the path rules of inputs
 * (inside --root, no "..", a name resolved beside the file naming it) and of
 * names (an extension matched in any case); input.h. */
#define _XOPEN_SOURCE 700 /* realpath */

#include "input.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int galley_path_inside(const char *real, const char *root)
{
    size_t rn = strlen(root);
    return strncmp(real, root, rn) == 0 && (real[rn] == '/' || (rn == 1 && root[0] == '/'));
}

int galley_path_has_dot_dot(const char *path)
{
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        p += n;
        p += *p == '/';
    }
    return 0;
}

size_t galley_path_extension_is(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n >= e && !strcasecmp(path + n - e, ext) ? e : 0;
}

const char *galley_input_kind(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "not a regular file";
}

/* With a root: the name's real path must lead to the very file opened as F
 * and lie inside ROOT. F->real gets that path. */
static galley_input_problem_t input_file_in_root(const char *path, const char *root,
                                                 galley_input_file_t *f)
{
    struct stat rs;
    f->real = realpath(path, NULL);
    if (!f->real) {
        f->error = errno;
        return GALLEY_INPUT_NO_REAL;
    }
    if (stat(f->real, &rs) != 0 || rs.st_dev != f->sb.st_dev || rs.st_ino != f->sb.st_ino)
        return GALLEY_INPUT_REPLACED;
    return galley_path_inside(f->real, root) ? GALLEY_INPUT_OK : GALLEY_INPUT_OUTSIDE;
}

/* Opens PATH and checks what was opened; see galley_input_file_open(). */
static galley_input_problem_t input_file_check(const char *path, const char *root,
                                               galley_input_file_t *f)
{
    /* O_NONBLOCK: opening a FIFO with no writer returns at once instead of
     * waiting for one; the fstat below then refuses it. */
    f->fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (f->fd < 0 || fstat(f->fd, &f->sb) != 0) {
        f->error = errno;
        return GALLEY_INPUT_CANNOT_OPEN;
    }
    if (S_ISDIR(f->sb.st_mode))
        return GALLEY_INPUT_FOLDER;
    if (!S_ISREG(f->sb.st_mode))
        return GALLEY_INPUT_SPECIAL;
    galley_input_problem_t p = root ? input_file_in_root(path, root, f) : GALLEY_INPUT_OK;
    if (!p && fcntl(f->fd, F_SETFL, fcntl(f->fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        f->error = errno;
        return GALLEY_INPUT_CANNOT_OPEN;
    }
    return p;
}

galley_input_problem_t galley_input_file_open(const char *path, const char *root,
                                              galley_input_file_t *f)
{
    *f = (galley_input_file_t){-1, {0}, 0, NULL};
    galley_input_problem_t p = input_file_check(path, root, f);
    if (p && f->fd >= 0) {
        close(f->fd);
        f->fd = -1;
    }
    return p;
}

void galley_input_file_fini(galley_input_file_t *f)
{
    if (f->fd >= 0)
        close(f->fd);
    free(f->real);
    f->fd = -1;
    f->real = NULL;
}

/* Records the input error for PROBLEM of the file PATH opened as F. */
static void input_error(const char *path, const char *what, galley_input_problem_t problem,
                        const galley_input_file_t *f, galley_diags_t *diags)
{
    const char *e = strerror(f->error);
    if (problem == GALLEY_INPUT_CANNOT_OPEN)
        galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                           "cannot open the file: %s", e);
    else if (problem == GALLEY_INPUT_FOLDER)
        galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                           "cannot read the file: it is a folder");
    else if (problem == GALLEY_INPUT_SPECIAL)
        galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                           "cannot read the file: %s; give a regular file",
                           galley_input_kind(f->sb.st_mode));
    else
        galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                           "%s \"%s\" is outside --root (it leads to %s); with --root it must lie "
                           "inside that folder",
                           what, path,
                           problem == GALLEY_INPUT_OUTSIDE ? f->real
                                                           : "a file that changed while it was "
                                                             "opened");
}

int galley_input_open(const char *path, const char *root, const char *what, struct stat *sb,
                      galley_diags_t *diags)
{
    galley_input_file_t f;
    galley_input_problem_t p = galley_input_file_open(path, root, &f);
    if (p)
        input_error(path, what, p, &f, diags);
    int fd = f.fd;
    *sb = f.sb;
    f.fd = -1; /* the caller's now */
    galley_input_file_fini(&f);
    return fd;
}

/* REL beside FILE; see input.h. */
char *galley_path_beside(const char *file, const char *rel)
{
    const char *slash = strrchr(file, '/');
    size_t dir = rel[0] == '/' || !slash ? 0 : (size_t)(slash - file) + 1;
    size_t n = dir + strlen(rel) + 1;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%.*s%s", (int)dir, file, rel);
    return out;
}

/* See input.h. */
size_t galley_input_max_bytes(double max_mb)
{
    double b = max_mb * 1048576.0;
    return b >= (double)(SIZE_MAX / 2) ? SIZE_MAX / 2 : (size_t)b;
}

/* See input.h. */
galley_status_t galley_input_too_large(const char *path, double max_mb, size_t size,
                                       galley_diags_t *diags)
{
    if (size)
        return galley_diags_error(diags, GALLEY_STATUS_LIMIT_ERROR, path, 0, 0, NULL,
                                  "the file is %.*f %s, over the input size limit of %g MB "
                                  "(--max-input-mb raises it)",
                                  size < 1048576 ? 0 : 1,
                                  size < 1048576 ? size / 1024.0 : size / 1048576.0,
                                  size < 1048576 ? "KB" : "MB", max_mb);
    return galley_diags_error(diags, GALLEY_STATUS_LIMIT_ERROR, path, 0, 0, NULL,
                              "the file is over the input size limit of %g MB "
                              "(--max-input-mb raises it)",
                              max_mb);
}

/* See input.h. The file is opened safely (galley_input_open: a regular file,
 * inside the root when there is one) and its size checked before a byte is
 * read; one byte more than its size is asked for, to see a file that grew. */
galley_status_t galley_input_read(const char *path, const char *root, double max_mb, char **out,
                                  size_t *out_len, galley_diags_t *diags)
{
    *out = NULL;
    *out_len = 0;
    size_t max = galley_input_max_bytes(max_mb);
    struct stat sb;
    int fd = galley_input_open(path, root, "the file", &sb, diags);
    if (fd < 0)
        return GALLEY_STATUS_INPUT_ERROR;
    if ((uintmax_t)sb.st_size > (uintmax_t)max) {
        close(fd);
        return galley_input_too_large(path, max_mb, (size_t)sb.st_size, diags);
    }
    size_t cap = (size_t)sb.st_size + 1, len = 0;
    char *buf = malloc(cap + 1);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    while (buf && st == GALLEY_STATUS_SUCCESS) {
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            st = galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                                    "cannot read the file: %s", strerror(errno));
        else if ((len += (size_t)got) > max)
            st = galley_input_too_large(path, max_mb, 0, diags);
        else if (got == 0)
            break;
        else if (len == cap) {
            size_t bigger_cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *bigger = realloc(buf, bigger_cap + 1);
            if (!bigger)
                free(buf);
            buf = bigger;
            cap = bigger_cap;
        }
    }
    close(fd);
    if (!buf)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, NULL,
                                  "out of memory");
    if (st != GALLEY_STATUS_SUCCESS) {
        free(buf);
        return st;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return GALLEY_STATUS_SUCCESS;
}
