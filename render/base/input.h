/* input.h: opening an input file safely.
 *
 * Owns: the one way Galley opens what it reads (articles, editions, layouts,
 * contact inputs, photos): open once without blocking (a FIFO named as an
 * input must not hang the render), look at what was opened (fstat of that
 * descriptor, not of the name), refuse what is not a regular file, and with a
 * root folder refuse a file whose real location is outside it or that is not
 * the file the name leads to, all before a byte is read. The bytes are then
 * read from that same descriptor. Also the rules of names: inside a root, no
 * "..", a name beside the file that names it, an extension in any case.
 */
#ifndef GALLEY_INPUT_H
#define GALLEY_INPUT_H

#include "diag.h"

#include <sys/stat.h>

/* What galley_input_file_open() found; the caller phrases the message. */
typedef enum {
    GALLEY_INPUT_OK = 0,
    GALLEY_INPUT_CANNOT_OPEN, /* open() or fstat() failed: the errno is in ->error */
    GALLEY_INPUT_FOLDER,      /* a folder */
    GALLEY_INPUT_SPECIAL,     /* a FIFO, socket or device: galley_input_kind() names it */
    GALLEY_INPUT_NO_REAL,     /* with a root: the name has no real path now (->error) */
    GALLEY_INPUT_REPLACED,    /* with a root: the name now leads to another file (->real) */
    GALLEY_INPUT_OUTSIDE      /* with a root: the file lies outside it (->real) */
} galley_input_problem_t;

/* A file opened by galley_input_file_open(). */
typedef struct {
    int fd;         /* open for reading (blocking) when OK; else -1 */
    struct stat sb; /* the descriptor's status */
    int error;      /* the errno of CANNOT_OPEN and NO_REAL */
    char *real;     /* with a root, the real path of the name (malloc'ed); else NULL */
} galley_input_file_t;

/* Opens PATH for reading into *F and checks what was opened: a regular file,
 * and with ROOT (a real folder path, as realpath() gives it) one that the
 * name's real path leads to (same device and inode: a link swapped between
 * the open and the check is caught) and that lies inside ROOT. On a problem
 * F->fd is -1 and nothing of the file has been read. The caller owns F and
 * frees it with galley_input_file_fini() whatever the answer. */
galley_input_problem_t galley_input_file_open(const char *path, const char *root,
                                              galley_input_file_t *f);

/* Closes F's descriptor and frees its real path. */
void galley_input_file_fini(galley_input_file_t *f);

/* What a file of MODE is, when it is not a regular file or a folder ("a FIFO
 * (named pipe)", "a socket", "a device"). A static string. */
const char *galley_input_kind(mode_t mode);

/* Opens PATH for reading with galley_input_file_open() and records any
 * problem as an input error naming PATH (WHAT, "the layout", names the file
 * in the --root message). *SB gets the file's status. Returns the
 * descriptor, which the caller closes, or -1. */
int galley_input_open(const char *path, const char *root, const char *what, struct stat *sb,
                      galley_diags_t *diags);

/* The size limit MAX_MB (--max-input-mb) in bytes. */
size_t galley_input_max_bytes(double max_mb);

/* Reports PATH over the input size limit MAX_MB: "the file is 17.0 MB, over
 * the input size limit of 16 MB (--max-input-mb raises it)". SIZE is 0 when
 * unknown (a file that grew while read). Returns GALLEY_STATUS_LIMIT_ERROR. */
galley_status_t galley_input_too_large(const char *path, double max_mb, size_t size,
                                       galley_diags_t *diags);

/* Reads the whole file PATH (opened with galley_input_open(), ROOT as
 * there), at most MAX_MB megabytes, into *OUT (NUL-terminated, *OUT_LEN
 * bytes without the NUL; the caller frees it). Errors name PATH. */
galley_status_t galley_input_read(const char *path, const char *root, double max_mb, char **out,
                                  size_t *out_len, galley_diags_t *diags);

/* True when the real path REAL lies inside the real folder ROOT. */
int galley_path_inside(const char *real, const char *root);

/* True when PATH has a ".." part (with --root, names in inputs may not). */
int galley_path_has_dot_dot(const char *path);

/* True when the name PATH ends in EXT (".png"), in any case: "OUT.PNG" and
 * "out.Png" are PNG outputs too. The length of EXT when it does, else 0. */
size_t galley_path_extension_is(const char *path, const char *ext);

/* REL resolved against the folder of FILE (an input file that names it):
 * "samples/x/article.json" + "photo.jpg" is "samples/x/photo.jpg"; an absolute
 * REL stays as it is. Newly allocated; NULL on OOM. */
char *galley_path_beside(const char *file, const char *rel);

#endif
