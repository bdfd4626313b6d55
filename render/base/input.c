/* input.c: opening an input file safely, and the path rules of inputs
 * (inside --root, no "..", a name resolved beside the file naming it); input.h. */
#define _XOPEN_SOURCE 700 /* realpath */

#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
