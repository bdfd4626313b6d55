/* photo_file.h: reading a photo file.
 *
 * Owns opening a photo file once and checking what was opened rather than
 * the path (which may change in between): a regular file (a FIFO or a device
 * is refused without blocking on it), not empty, within the photo file size
 * limit before a byte is read, and with a root, the very file opened lies
 * inside it; then reading it whole from that same descriptor. Every failure
 * is an error naming the file.
 */
#ifndef GALLEY_PHOTO_FILE_H
#define GALLEY_PHOTO_FILE_H

#include "diag.h"
#include <stddef.h>

/* What a photo load may read; zeros and NULLs take the defaults. */
typedef struct {
    const char *field;     /* the article field in messages ("photos[0].src"), or NULL */
    double max_mpixels;    /* pixels, in millions; 0: GALLEY_DEFAULT_MAX_IMAGE_MPIXELS */
    double max_mb;         /* the file's size, in MB; 0: GALLEY_DEFAULT_MAX_PHOTO_MB */
    const char *root;      /* the real path of a folder the photo must lie in; NULL: anywhere */
    const char *root_name; /* that folder as given (--root), for messages */
} galley_image_rules_t;

/* A photo file read whole. */
typedef struct {
    unsigned char *data; /* malloc'ed */
    size_t len;
    char *real; /* with a root, the real path of the file read (malloc'ed); else NULL */
} galley_photo_file_t;

/* Opens PATH once, checks what was opened and reads it into *OUT (whose
 * members the caller frees). A file over RULES->max_mb is
 * GALLEY_STATUS_LIMIT_ERROR; a missing, unreadable, empty or special file, or
 * one outside the root, GALLEY_STATUS_INPUT_ERROR, and the last also sets
 * *OUTSIDE (may be NULL). */
galley_status_t galley_photo_file_read(const char *path, const galley_image_rules_t *rules,
                                       galley_photo_file_t *out, int *outside,
                                       galley_diags_t *diags);

#endif
