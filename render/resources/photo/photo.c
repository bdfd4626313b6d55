/* photo.c: photos as resources: the entry and the image's life.
 *
 * Owns telling JPEG from PNG by the magic bytes of a file photo_file.c read
 * and handing it to its format's check (photo_jpeg.c, photo_png.c), checking
 * each photo's bytes once (photo_checks.h keeps checks that passed or failed,
 * and their size is checked again against today's limits, photo_size.c),
 * loading a galley_image_t, and making, for the output writer that asks and
 * owns them (output/image_store.c), decoded pixels and the PDF's sources: the
 * JPEG's own bytes, or for a PNG a stand-in the PDF writer swaps for the
 * PNG's own image data. An image is not changed after load. Every failure, from a
 * missing file to a damaged image, is an input error naming the file, and an
 * image over the size limits a limit error; libjpeg and libpng never print
 * or exit.
 */
#include "photo.h"
#include "photo_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the image ---- */

/* Whether FILE starts almost like a PNG: a damaged signature, typically from
 * a transfer that converted line ends, deserves a clearer message. */
static int looks_like_png(const photo_file_t *file)
{
    const unsigned char *d = file->data;
    if (file->len < 8)
        return 0;
    return d[0] == 0x89 || ((d[1] | 0x20) == 'p' && (d[2] | 0x20) == 'n' && (d[3] | 0x20) == 'g');
}

/* Checks FILE by its magic bytes and fills IMAGE. */
static galley_status_t check(const photo_file_t *file, galley_image_t *image, galley_diags_t *diags)
{
    if (file->len >= 3 && file->data[0] == 0xff && file->data[1] == 0xd8 && file->data[2] == 0xff)
        return galley_jpeg_check(file, image, diags);
    if (galley_png_signature_ok(file))
        return galley_png_check(file, image, diags);
    if (looks_like_png(file))
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file->path, 0, 0, file->field,
                                  "photo '%s' is a damaged PNG: its signature is wrong (was it "
                                  "copied as text?)",
                                  file->path);
    return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file->path, 0, 0, file->field,
                              "'%s' is not a JPEG or PNG image", file->path);
}

/* Says again, naming FILE, what a failed check C of the same bytes said. */
static galley_status_t check_failed_again(const photo_file_t *file, const galley_photo_check_t *c,
                                          galley_diags_t *diags)
{
    return galley_diags_error(diags, (galley_status_t)c->status, file->path, 0, 0, file->field,
                              "%.*s%s%s", (int)c->why_at, c->why, file->path, c->why + c->why_at);
}

/* Keeps in CHECKS the failure of FILE's check (KEY) that DIAGS's last record
 * says: damage only (a limit may be raised, memory may come back), and only
 * a message that names the photo's path, which is cut out (another path
 * with the same bytes is named in its place). */
static void check_keep_failure(const photo_file_t *file, const galley_photo_key_t *key,
                               galley_status_t st, galley_photo_checks_t *checks,
                               const galley_diags_t *diags, size_t said)
{
    if (st != GALLEY_STATUS_INPUT_ERROR || !checks || !diags || diags->count != said + 1)
        return;
    const char *message = diags->items[said].message;
    const char *at = message ? strstr(message, file->path) : NULL;
    if (!at)
        return;
    size_t why_at = (size_t)(at - message), path_len = strlen(file->path);
    char *why = malloc(strlen(message) - path_len + 1);
    if (!why)
        return;
    memcpy(why, message, why_at);
    strcpy(why + why_at, at + path_len);
    galley_photo_check_t failed = {0};
    failed.status = st, failed.why = why, failed.why_at = why_at;
    galley_photo_checks_add(checks, key, &failed);
    free(why);
}

/* Checks FILE (its bytes' key KEY) into IMAGE, or takes the check CHECKS has
 * of those bytes. A check that fails is kept like one that passes: a
 * damaged photo named twice, or rendered again in one context, is refused
 * without being decoded again (photo_checks.h). */
static galley_status_t check_once(const photo_file_t *file, const galley_photo_key_t *key,
                                  galley_image_t *image, galley_photo_checks_t *checks,
                                  galley_diags_t *diags)
{
    const galley_photo_check_t *c = galley_photo_checks_find(checks, key);
    if (c && c->status)
        return check_failed_again(file, c, diags);
    if (c && (c->end == 0 || c->end > file->len))
        c = NULL; /* a line of the file that cannot be this photo's: check it again */
    if (c) {      /* the limits may have changed since */
        galley_status_t st =
            galley_photo_check_size(file, (uint32_t)c->width, (uint32_t)c->height, diags);
        if (st)
            return st;
        image->format = c->format, image->orientation = c->orientation;
        image->width = c->width, image->height = c->height;
        image->embeddable = c->embeddable, image->channels = c->channels;
        image->end = c->end;
        return GALLEY_STATUS_SUCCESS;
    }
    size_t said = diags ? diags->count : 0; /* DIAGS may be NULL, as anywhere */
    galley_status_t st = check(file, image, diags);
    if (st) {
        check_keep_failure(file, key, st, checks, diags, said);
    } else if (checks && !image->pixels && diags && diags->count == said) {
        /* a photo decoded at load (image->pixels) is checked by that decoding */
        galley_photo_check_t found = {image->format,
                                      image->width,
                                      image->height,
                                      image->orientation,
                                      image->embeddable,
                                      image->channels,
                                      image->end,
                                      0,
                                      NULL,
                                      0};
        galley_photo_checks_add(checks, key, &found);
    }
    return st;
}

galley_status_t galley_image_load(const char *path, const galley_image_rules_t *rules,
                                  galley_photo_checks_t *checks, galley_image_t **out, int *outside,
                                  galley_diags_t *diags)
{
    *out = NULL;
    galley_photo_file_t read;
    galley_status_t status = galley_photo_file_read(path, rules, &read, outside, diags);
    if (status != GALLEY_STATUS_SUCCESS)
        return status;
    const char *field = rules->field;
    galley_image_t *image = calloc(1, sizeof *image);
    if (image) /* with a root, the real path of the file read */
        image->path = read.real ? read.real : strdup(path);
    else
        free(read.real);
    if (!image || !image->path) {
        free(read.data);
        galley_image_destroy(image);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, field,
                                  "out of memory loading photo '%s'", path);
    }
    path = image->path;
    double max_pixels = rules->max_mpixels > 0 ? rules->max_mpixels * 1e6 : GALLEY_IMAGE_MAX_PIXELS;
    photo_file_t file = {path, field, max_pixels, read.data, read.len};
    image->data = file.data;
    image->len = file.len;
    /* One hash of the bytes: the key of the photo's check, and its id (the
     * same bytes, read twice or from two paths, are embedded once). */
    galley_photo_key_t key;
    if (galley_photo_key(file.data, file.len, &key) != 0) {
        galley_image_destroy(image);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, field,
                                  "cannot hash photo '%s'", path);
    }
    memcpy(image->id, key.hex, sizeof image->id - 1);
    image->id[sizeof image->id - 1] = '\0';
    status = check_once(&file, &key, image, checks, diags);
    if (status != GALLEY_STATUS_SUCCESS) {
        galley_image_destroy(image);
        return status;
    }
    *out = image;
    return GALLEY_STATUS_SUCCESS;
}

/* ---- sources for drawing ---- */

/* Sets mime data TYPE on S to a copy of DATA (LEN bytes). */
static int attach_copy(cairo_surface_t *s, const char *type, const void *data, size_t len)
{
    unsigned char *copy = malloc(len ? len : 1);
    if (!copy)
        return -1;
    memcpy(copy, data, len);
    if (cairo_surface_set_mime_data(s, type, copy, len, free, copy) != CAIRO_STATUS_SUCCESS) {
        free(copy);
        return -1;
    }
    return 0;
}

/* photo.h. One pixel carrying the JPEG bytes or the PNG stand-in: cairo's
 * PDF embeds the mime data at the data's own size and draws it over the
 * surface's extent, so the pixel is all it needs; and it is all cairo copies
 * when the surface goes before cairo's snapshot of it (cairo 1.16 keeps a
 * snapshot of every painted source to the end). */
galley_status_t galley_image_pdf_source(const galley_image_t *image, cairo_surface_t **out,
                                        galley_diags_t *diags)
{
    *out = NULL;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    int failed = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    if (!failed && image->format == PHOTO_JPEG) {
        /* The file's bytes to its EOI, not a copy: IMAGE outlives the PDF
         * surface S is painted on (photo.h). Bytes after EOI are no part of the image (a file
         * padded to the photo file limit must not put that much into the PDF). */
        size_t n = image->end > 0 && image->end <= image->len ? image->end : image->len;
        failed = cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, image->data, n, NULL, NULL) !=
                 CAIRO_STATUS_SUCCESS;
    } else if (!failed) {
        unsigned char stand_in[128];
        failed =
            attach_copy(s, CAIRO_MIME_TYPE_JPEG, stand_in, galley_png_stand_in(image, stand_in));
    }
    if (!failed)
        failed = attach_copy(s, CAIRO_MIME_TYPE_UNIQUE_ID, image->id, strlen(image->id));
    if (failed) {
        cairo_surface_destroy(s);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, image->path, 0, 0, NULL,
                                  "out of memory drawing photo '%s'", image->path);
    }
    *out = s;
    return GALLEY_STATUS_SUCCESS;
}

/* photo.h */
galley_status_t galley_image_decode(const galley_image_t *image, int denom, cairo_surface_t **out,
                                    galley_diags_t *diags)
{
    *out = NULL;
    if (image->pixels) { /* decoded at load, at full size */
        *out = cairo_surface_reference(image->pixels);
        return GALLEY_STATUS_SUCCESS;
    }
    cairo_surface_t *s = NULL;
    photo_file_t file = {image->path, NULL, 1e300, image->data, image->len};
    galley_status_t st = image->format == PHOTO_JPEG ? galley_jpeg_pixels(image, denom, &s, diags)
                                                     : galley_png_decode(&file, &s, diags);
    if (st)
        return st;
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
        attach_copy(s, CAIRO_MIME_TYPE_UNIQUE_ID, image->id, strlen(image->id))) {
        cairo_surface_destroy(s);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, image->path, 0, 0, NULL,
                                  "out of memory drawing photo '%s'", image->path);
    }
    *out = s;
    return GALLEY_STATUS_SUCCESS;
}

/* photo.h. The largest of libjpeg's reductions (8, 4, 2, else 1) that still
 * leaves an image pixel for every device pixel; a PNG is decoded whole. */
int galley_image_pixels_denom(const galley_image_t *image, int for_pdf, double device_scale)
{
    if (image->format != PHOTO_JPEG)
        return 1;
    int denom = 8;
    while (denom > 1 && (for_pdf || !(device_scale > 0) || denom * device_scale > 1))
        denom /= 2;
    return denom;
}

void galley_image_destroy(galley_image_t *image)
{
    if (!image)
        return;
    cairo_surface_destroy(image->pixels);
    free(image->data);
    free(image->path);
    free(image);
}
