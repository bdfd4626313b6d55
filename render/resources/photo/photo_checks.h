/* photo_checks.h: photos already checked, kept by their contents.
 *
 * Owns: what checking a photo file found (its format and size, EXIF
 * orientation, whether the PDF embeds it as it is), keyed by the SHA-256 of
 * the file's bytes, in memory for a context and in the cache folder across
 * runs (cache.h: photo-checks, one line a photo); a check that failed, in
 * memory only. Checking a photo decodes it
 * whole (a JPEG at 1/8 scale): some 60 ms for a 24-megapixel camera file,
 * where hashing it takes 3 ms. So an edition rebuilt when a late story
 * lands, or a preview rendered again as the editor types, checks only the
 * photos it has not seen, and a damaged photo named twice is decoded once.
 * The file is
 * appended to a line at a time and, grown past PHOTO_CHECKS_MAX lines, written
 * again with the newest half; a line that does not read back whole is
 * ignored, so a damaged or foreign file costs only checks made again. Its
 * lines are looked up as they are, newest first: a run reads the file once
 * and parses only the lines it needs.
 */
#ifndef GALLEY_PHOTO_CHECKS_H
#define GALLEY_PHOTO_CHECKS_H

#include <stddef.h>

/* What a check found. A failed one is kept in memory only: what it said,
 * with the photo's path cut out, so the same bytes under another path or
 * field are refused again, naming them, without being decoded again. */
typedef struct {
    int format; /* PHOTO_JPEG or PHOTO_PNG (photo_priv.h) */
    int width;  /* pixels, upright */
    int height;
    int orientation; /* EXIF, 1-8 */
    int embeddable;  /* the PDF embeds the file's image data */
    int channels;    /* a PNG the PDF carries as it is: 1 or 3; else 0 */
    size_t end;      /* the image's bytes end here: past a JPEG's EOI or a PNG's IEND */
    int status;      /* 0: passed; else the galley_status_t it failed with */
    const char *why; /* a failure's message without the photo's path (owned by the set) */
    size_t why_at;   /* where in WHY the path stood */
} galley_photo_check_t;

/* The key of a photo: the SHA-256 of its bytes, in hex. */
typedef struct {
    char hex[65];
} galley_photo_key_t;

typedef struct galley_photo_checks galley_photo_checks_t;

#define PHOTO_CHECKS_MAX 8192

/* A set of checks, reading and keeping them in FILE (NULL: in memory only;
 * a missing or unreadable file is an empty start). NULL when out of memory.
 * Destroying it writes the file again when it has grown past the limit. */
galley_photo_checks_t *galley_photo_checks_create(const char *file);

void galley_photo_checks_destroy(galley_photo_checks_t *checks);

/* The key of the LEN bytes at DATA in *KEY; 0, or -1 when it cannot be made. */
int galley_photo_key(const unsigned char *data, size_t len, galley_photo_key_t *key);

/* The check kept for KEY, or NULL. CHECKS may be NULL. The file is read on
 * the first look, and searched from its newest line. */
const galley_photo_check_t *galley_photo_checks_find(galley_photo_checks_t *checks,
                                                     const galley_photo_key_t *key);

/* Keeps CHECK for KEY, in memory and, when it passed, in the file (a
 * failure's WHY is copied); failing to is not an error (the photo is
 * checked again next time). CHECKS may be NULL. */
void galley_photo_checks_add(galley_photo_checks_t *checks, const galley_photo_key_t *key,
                             const galley_photo_check_t *check);

#endif
