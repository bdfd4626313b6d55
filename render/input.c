/* input.c: opening an input file safely (input.h). */
#define _XOPEN_SOURCE 700 /* realpath */

#include "input.h"

#include <errno.h>
#include <fcntl.h>
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

/* What kind of file SB is, for the message refusing it. */
static const char *file_kind(const struct stat *sb)
{
    if (S_ISFIFO(sb->st_mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(sb->st_mode))
        return "a socket";
    if (S_ISCHR(sb->st_mode) || S_ISBLK(sb->st_mode))
        return "a device";
    return "not a regular file";
}

/* Checks that the file opened as PATH (status SB) really lies inside ROOT:
 * the real path of the name must be inside, and be the very file that was
 * opened (a name swapped between the open and the check is refused too). */
static int check_inside(const char *path, const char *root, const char *what, const struct stat *sb,
                        galley_diags_t *diags)
{
    char *real = realpath(path, NULL);
    struct stat rs;
    int same = real && stat(real, &rs) == 0 && rs.st_dev == sb->st_dev && rs.st_ino == sb->st_ino;
    if (same && galley_path_inside(real, root)) {
        free(real);
        return 0;
    }
    galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                       "%s \"%s\" is outside --root (it leads to %s); with --root it must lie "
                       "inside that folder",
                       what, path, real ? real : "a file that changed while it was opened");
    free(real);
    return -1;
}

int galley_input_open(const char *path, const char *root, const char *what, struct stat *sb,
                      galley_diags_t *diags)
{
    /* O_NONBLOCK: opening a FIFO with no writer returns at once instead of
     * waiting for one; the fstat below then refuses it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                           "cannot open the file: %s", strerror(errno));
        return -1;
    }
    const char *refuse = NULL;
    if (fstat(fd, sb) != 0)
        refuse = strerror(errno);
    else if (S_ISDIR(sb->st_mode))
        refuse = "it is a folder";
    else if (!S_ISREG(sb->st_mode))
        refuse = file_kind(sb);
    if (refuse) {
        galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                           "cannot read the file: %s%s", refuse,
                           S_ISDIR(sb->st_mode) ? "" : "; give a regular file");
        close(fd);
        return -1;
    }
    if (root && check_inside(path, root, what, sb, diags) != 0) {
        close(fd);
        return -1;
    }
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                           "cannot read the file: %s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}
