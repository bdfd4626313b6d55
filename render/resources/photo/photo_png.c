/* photo_png.c: PNG photos (see photo.h, photo_priv.h).
 *
 * Owns checking a PNG held in memory: its chunks walked to IEND, each framed
 * against the bytes left and checksummed before anything of it is read
 * (png_chunk_at(), the one walk every use goes through), its header's size
 * against the limits, and, for a PNG the PDF carries as it is, its image data
 * inflated row by row as a decoder would; decoding one through cairo; and
 * the PDF form of one the PDF carries as it is: its stand-in and its image
 * data gathered.
 *
 * The PNG-in-PDF contract with cairo 1.16 (no documented path exists: cairo
 * embeds file data as it is only for JPEG, JPEG 2000, JBIG2 and CCITT mime
 * types, never Flate with PNG predictors; CAIRO_MIME_TYPE_UNIQUE_ID only lets
 * it write an image painted twice once, and appears nowhere in the file).
 * An embeddable PNG's PDF source is a 1x1 surface carrying, as
 * CAIRO_MIME_TYPE_JPEG, the stand-in galley_png_stand_in() makes: SOI, a COM
 * marker "galley-png:" + the image's 40-digit id, a SOF0 frame with the PNG's
 * width, height and channels (1 or 3), EOI. What we rely on, checked with
 * `qpdf --qdf` on cairo 1.16.0's output: cairo parses only the frame header,
 * writes the mime bytes verbatim as one image XObject's stream, once per id,
 * with the dictionary /Type /XObject /Subtype /Image /Width W /Height H
 * /ColorSpace /DeviceGray or /DeviceRGB (from the frame's components)
 * /BitsPerComponent 8 /Interpolate true (CAIRO_FILTER_GOOD) /Filter
 * /DCTDecode, and draws it over the surface's extent whatever the data's
 * size. output/pdf.c then finds each /DCTDecode image stream starting with
 * the marker (galley_image_stand_in_id) and replaces its data with the IDAT
 * bytes (galley_image_png_data), /Filter /FlateDecode and /DecodeParms
 * << /Predictor 15 /Colors C /BitsPerComponent 8 /Columns W >>, which PDF
 * reads as PNG stores it: no decoding, no re-compression. A cairo that
 * re-encoded or dropped the JPEG data, or wrote other keys, is caught by
 * tests/print.py (the PNG's stream must be exactly its IDAT data with those
 * parameters, no stand-in left), by the stand-in unit test in
 * tests/unit/test_photo.c, and by tests/snapshot.py's byte comparison.
 */
#include "photo.h"
#include "photo_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

int galley_png_signature_ok(const photo_file_t *file)
{
    return file->len >= sizeof png_signature &&
           memcmp(file->data, png_signature, sizeof png_signature) == 0;
}

/* A read position in a PNG held in memory, for cairo's stream reader. */
typedef struct {
    const unsigned char *data;
    size_t len, pos;
} png_reader_t;

/* cairo_read_func_t over a png_reader_t: a short file is a read error. */
static cairo_status_t png_read(void *closure, unsigned char *buffer, unsigned int length)
{
    png_reader_t *reader = closure;
    if (length > reader->len - reader->pos)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(buffer, reader->data + reader->pos, length);
    reader->pos += length;
    return CAIRO_STATUS_SUCCESS;
}

/* Reads a big-endian 32-bit integer. */
static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether a PNG may have BIT_DEPTH with COLOUR_TYPE (PNG spec, table 11.1). */
static int png_depth_ok(unsigned colour_type, unsigned bit_depth)
{
    switch (colour_type) {
    case 0:
        return bit_depth == 1 || bit_depth == 2 || bit_depth == 4 || bit_depth == 8 ||
               bit_depth == 16;
    case 3:
        return bit_depth == 1 || bit_depth == 2 || bit_depth == 4 || bit_depth == 8;
    case 2:
    case 4:
    case 6:
        return bit_depth == 8 || bit_depth == 16;
    default:
        return 0;
    }
}

/* Reports damage found by png_check_chunks(). */
static galley_status_t png_damaged(const photo_file_t *file, galley_diags_t *diags, const char *fmt,
                                   ...) __attribute__((format(printf, 3, 4)));
static galley_status_t png_damaged(const photo_file_t *file, galley_diags_t *diags, const char *fmt,
                                   ...)
{
    char why[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file->path, 0, 0, file->field,
                              "photo '%s' is a damaged PNG: %s", file->path, why);
}

/* One chunk of a PNG held in memory, as png_chunk_at() found it. */
typedef struct {
    const unsigned char *type; /* its 4-letter name */
    const unsigned char *data; /* LEN bytes, inside the file */
    uint32_t len;
} png_chunk_t;

/* What is wrong with a chunk, if anything. */
typedef enum {
    PNG_CHUNK_OK,
    PNG_CHUNK_CUT,  /* fewer than 12 bytes left: no room for its length, name and CRC */
    PNG_CHUNK_NAME, /* its name is not 4 letters */
    PNG_CHUNK_LONG, /* its length runs past the end of the file */
    PNG_CHUNK_CRC   /* its CRC is wrong */
} png_fault_t;

/* Reads the chunk at byte AT of D (LEN bytes) into *C. Every PNG chunk walk
 * goes through here: before anything of the chunk is read, the 12 bytes of
 * its frame must be left, then its length must fit in what is left (so no
 * length, up to 0xFFFFFFFF, can make a sum overflow or point outside the
 * file), and its CRC must match. C's name is set from PNG_CHUNK_NAME on. */
static png_fault_t png_chunk_at(const unsigned char *d, size_t len, size_t at, png_chunk_t *c)
{
    if (at > len || len - at < 12)
        return PNG_CHUNK_CUT;
    c->len = be32(d + at);
    c->type = d + at + 4;
    c->data = d + at + 8;
    for (int k = 0; k < 4; k++)
        if (!((c->type[k] >= 'A' && c->type[k] <= 'Z') || (c->type[k] >= 'a' && c->type[k] <= 'z')))
            return PNG_CHUNK_NAME;
    if (c->len > 0x7FFFFFFFu || c->len > len - at - 12)
        return PNG_CHUNK_LONG;
    if (crc32(crc32(0, NULL, 0), c->type, (uInt)c->len + 4) != be32(c->data + c->len))
        return PNG_CHUNK_CRC;
    return PNG_CHUNK_OK;
}

/* Whether chunk C is named NAME. */
static int png_chunk_is(const png_chunk_t *c, const char *name)
{
    return memcmp(c->type, name, 4) == 0;
}

/* Walks the chunks after the signature up to IEND, so damage gets a message
 * saying what it is (libpng's reasons do not come through cairo): the IHDR's
 * bit depth and colour type, each chunk's length and checksum (an ancillary
 * chunk's too: libpng would drop it, and what follows it is then suspect),
 * image data present, and the file not cut short. Bytes after IEND are not
 * part of the image: no walk reads them. *END gets the offset just past IEND. */
static galley_status_t png_check_chunks(const photo_file_t *file, size_t *end,
                                        galley_diags_t *diags)
{
    const unsigned char *d = file->data;
    unsigned depth = d[24], colour = d[25];
    if (colour != 0 && colour != 2 && colour != 3 && colour != 4 && colour != 6)
        return png_damaged(file, diags, "colour type %u is not a PNG colour type", colour);
    if (!png_depth_ok(colour, depth))
        return png_damaged(file, diags, "bit depth %u is not allowed with colour type %u", depth,
                           colour);
    int idat = 0;
    png_chunk_t c;
    for (size_t at = 8; at < file->len; at += (size_t)c.len + 12) {
        switch (png_chunk_at(d, file->len, at, &c)) {
        case PNG_CHUNK_CUT:
            return png_damaged(file, diags,
                               "it ends in the middle of a chunk at byte %zu (the file is cut "
                               "short)",
                               at);
        case PNG_CHUNK_NAME:
            return png_damaged(file, diags, "the chunk at byte %zu has no valid name", at);
        case PNG_CHUNK_LONG:
            return png_damaged(file, diags,
                               "its %.4s chunk at byte %zu runs past the end of the file (the "
                               "file is cut short)",
                               c.type, at);
        case PNG_CHUNK_CRC:
            return png_damaged(file, diags, "its %.4s chunk at byte %zu fails its checksum", c.type,
                               at);
        case PNG_CHUNK_OK:
            break;
        }
        idat |= png_chunk_is(&c, "IDAT");
        if (png_chunk_is(&c, "IEND")) {
            *end = at + 12 + c.len;
            return idat ? GALLEY_STATUS_SUCCESS
                        : png_damaged(file, diags, "it has no image data (no IDAT chunk)");
        }
    }
    return png_damaged(file, diags, "it ends before its IEND chunk (the file is cut short)");
}

/* Reads the size from the IHDR chunk, which must come first, and refuses
 * an image over the limits before anything is allocated for it. */
static galley_status_t png_check_header(const photo_file_t *file, size_t *end,
                                        galley_diags_t *diags)
{
    const unsigned char *d = file->data;
    if (file->len >= 16 && memcmp(d + 12, "CgBI", 4) == 0)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file->path, 0, 0, file->field,
                                  "photo '%s' is an Apple CgBI PNG (made for iOS app bundles), "
                                  "which standard PNG decoders cannot read",
                                  file->path);
    if (file->len < 33 || be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0 ||
        be32(d + 16) == 0 || be32(d + 20) == 0)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file->path, 0, 0, file->field,
                                  "photo '%s' is not a readable PNG: no valid IHDR header",
                                  file->path);
    galley_status_t st = galley_photo_check_size(file, be32(d + 16), be32(d + 20), diags);
    return st != GALLEY_STATUS_SUCCESS ? st : png_check_chunks(file, end, diags);
}

/* Explains why cairo could not decode a PNG. cairo 1.16 reports every libpng
 * error (bad CRC, bad colour type, missing IDAT) as CAIRO_STATUS_NO_MEMORY,
 * so that status means damage here: the size was checked beforehand. */
static const char *png_failure(cairo_status_t status)
{
    switch (status) {
    case CAIRO_STATUS_NO_MEMORY:
    case CAIRO_STATUS_PNG_ERROR:
        return "libpng rejected it as damaged";
    case CAIRO_STATUS_READ_ERROR:
        return "the file ends too early";
    default:
        return cairo_status_to_string(status);
    }
}

/* Decodes a PNG held in memory (DATA, LEN) into *OUT with cairo (which gives
 * an error surface for a damaged file: reported here, never drawn). */
galley_status_t galley_png_decode(const photo_file_t *file, cairo_surface_t **out,
                                  galley_diags_t *diags)
{
    png_reader_t reader = {file->data, file->len, 0};
    cairo_surface_t *surface = cairo_image_surface_create_from_png_stream(png_read, &reader);
    cairo_status_t cstatus = cairo_surface_status(surface);
    if (cstatus != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, file->path, 0, 0, file->field,
                                  "photo '%s' is not a readable PNG: %s", file->path,
                                  png_failure(cstatus));
    }
    *out = surface;
    return GALLEY_STATUS_SUCCESS;
}

/* Calls EACH on every chunk of a PNG, in order, up to and including IEND,
 * with the chunk; stops early when EACH returns non-zero and returns that.
 * A chunk png_chunk_at() finds at fault ends the walk before EACH sees it
 * (png_check_chunks() has refused such a file; this holds all the same). */
static int png_chunks(const unsigned char *d, size_t len,
                      int (*each)(const png_chunk_t *chunk, void *closure), void *closure)
{
    png_chunk_t c;
    for (size_t at = 8; png_chunk_at(d, len, at, &c) == PNG_CHUNK_OK; at += (size_t)c.len + 12) {
        int r = each(&c, closure);
        if (r || png_chunk_is(&c, "IEND"))
            return r;
    }
    return 0;
}

/* png_chunks() callback: 1 at a tRNS chunk (the PNG has transparency). */
static int png_find_trns(const png_chunk_t *chunk, void *closure)
{
    (void)closure;
    return png_chunk_is(chunk, "tRNS");
}

/* Whether the PDF can carry a PNG's image data as it is: 8 bits, grey or
 * RGB, not interlaced, no transparency. Others are decoded and re-encoded. */
static int png_passthrough(const photo_file_t *file)
{
    const unsigned char *d = file->data;
    unsigned depth = d[24], colour = d[25], interlace = d[28];
    return depth == 8 && (colour == 0 || colour == 2) && interlace == 0 &&
           !png_chunks(d, file->len, png_find_trns, NULL);
}

/* Inflating a PNG's image data to check it: the rows' filter bytes and the
 * stream's length are checked as a decoder would. */
typedef struct {
    z_stream z;
    size_t row_bytes, rows, at; /* bytes per row with its filter byte, rows, bytes seen */
    int status;                 /* Z_OK, Z_STREAM_END or an error; 2: a bad filter byte */
    unsigned char out[16384];
} png_inflate_t;

/* png_chunks() callback: inflates one IDAT chunk's data; non-zero stops. */
static int png_inflate_idat(const png_chunk_t *chunk, void *closure)
{
    png_inflate_t *inf = closure;
    if (!png_chunk_is(chunk, "IDAT"))
        return 0;
    inf->z.next_in = (unsigned char *)chunk->data;
    inf->z.avail_in = chunk->len;
    while (inf->z.avail_in > 0 && inf->status == Z_OK) {
        inf->z.next_out = inf->out;
        inf->z.avail_out = sizeof inf->out;
        inf->status = inflate(&inf->z, Z_NO_FLUSH);
        if (inf->status == Z_BUF_ERROR)
            inf->status = Z_OK; /* no progress possible yet: needs the next chunk */
        size_t got = sizeof inf->out - inf->z.avail_out, end = inf->at + got;
        /* the filter byte of each row that starts in this piece */
        for (size_t row = (inf->at + inf->row_bytes - 1) / inf->row_bytes;
             row < inf->rows && row * inf->row_bytes < end; row++)
            if (inf->out[row * inf->row_bytes - inf->at] > 4)
                inf->status = 2;
        inf->at = end;
    }
    return inf->status != Z_OK && inf->status != Z_STREAM_END;
}

/* Checks the image data of a PNG that png_passthrough() accepts: one zlib
 * stream, exactly the rows the header promises, valid filter bytes. */
static galley_status_t png_check_data(const photo_file_t *file, galley_diags_t *diags)
{
    const unsigned char *d = file->data;
    size_t channels = d[25] == 2 ? 3 : 1;
    png_inflate_t *inf = calloc(1, sizeof *inf);
    if (!inf || inflateInit(&inf->z) != Z_OK) {
        free(inf);
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, file->path, 0, 0, file->field,
                                  "out of memory loading photo '%s'", file->path);
    }
    inf->row_bytes = 1 + channels * be32(d + 16);
    inf->rows = be32(d + 20);
    png_chunks(d, file->len, png_inflate_idat, inf);
    int status = inf->status;
    size_t at = inf->at, want = inf->row_bytes * inf->rows;
    inflateEnd(&inf->z);
    free(inf);
    if (status == 2)
        return png_damaged(file, diags, "a row of its image data has an invalid filter type");
    if (status != Z_STREAM_END && status != Z_OK)
        return png_damaged(file, diags, "its image data is not a valid zlib stream");
    if (status == Z_OK || at < want)
        return png_damaged(file, diags, "its image data ends early (%zu of %zu bytes)", at, want);
    if (at > want)
        return png_damaged(file, diags, "its image data is longer than its size says");
    return GALLEY_STATUS_SUCCESS;
}

/* Checks a PNG file whole and fills IMAGE; a PNG the PDF cannot carry as
 * it is gets decoded now (which checks it), the others only when pixels are
 * needed. */
galley_status_t galley_png_check(const photo_file_t *file, galley_image_t *image,
                                 galley_diags_t *diags)
{
    galley_status_t status = png_check_header(file, &image->end, diags);
    if (status != GALLEY_STATUS_SUCCESS)
        return status;
    image->format = PHOTO_PNG;
    image->orientation = 1;
    image->width = (int)be32(file->data + 16);
    image->height = (int)be32(file->data + 20);
    if (png_passthrough(file)) {
        image->embeddable = 1;
        image->channels = file->data[25] == 2 ? 3 : 1;
        return png_check_data(file, diags);
    }
    return galley_png_decode(file, &image->pixels, diags);
}

/* The IDAT chunks' data gathered: LEN of CAP bytes used. */
typedef struct {
    unsigned char *data;
    size_t len, cap;
} png_idat_t;

/* png_chunks() callback: appends an IDAT chunk's data to the buffer; -1
 * (which stops the walk) if it would not fit, which png_chunks() rules out:
 * the chunks lie inside the file, and the buffer is the file's size. */
static int png_copy_idat(const png_chunk_t *chunk, void *closure)
{
    png_idat_t *idat = closure;
    if (!png_chunk_is(chunk, "IDAT"))
        return 0;
    if (chunk->len > idat->cap - idat->len)
        return -1;
    memcpy(idat->data + idat->len, chunk->data, chunk->len);
    idat->len += chunk->len;
    return 0;
}

int galley_image_png_data(const galley_image_t *image, unsigned char **data, size_t *len,
                          int *channels, int *columns)
{
    if (image->format != PHOTO_PNG || !image->embeddable)
        return -1;
    png_idat_t idat = {malloc(image->len), 0, image->len};
    if (!idat.data || png_chunks(image->data, image->len, png_copy_idat, &idat) != 0) {
        free(idat.data);
        return -1;
    }
    *data = idat.data;
    *len = idat.len;
    *channels = image->channels;
    *columns = image->width;
    return 0;
}

/* The stand-in for a PNG's data in cairo's PDF: the smallest JPEG stream
 * cairo accepts (a start, a comment naming the image, a frame header with the
 * PNG's size and channels, an end), in BUF (at least 128 bytes: the frame
 * needs 78); returns its length. cairo writes it as the image's stream; the
 * PDF writer replaces it (the contract: this file's header). */
size_t galley_png_stand_in(const galley_image_t *image, unsigned char *buf)
{
    char tag[64];
    int tag_len = snprintf(tag, sizeof tag, "%s%s", GALLEY_IMAGE_PNG_TAG, image->id);
    size_t n = 0;
    buf[n++] = 0xff, buf[n++] = 0xd8; /* SOI */
    buf[n++] = 0xff, buf[n++] = 0xfe; /* COM */
    buf[n++] = 0, buf[n++] = (unsigned char)(tag_len + 2);
    memcpy(buf + n, tag, (size_t)tag_len);
    n += (size_t)tag_len;
    int nc = image->channels;
    buf[n++] = 0xff, buf[n++] = 0xc0; /* SOF0 */
    buf[n++] = 0, buf[n++] = (unsigned char)(8 + 3 * nc);
    buf[n++] = 8; /* bits */
    buf[n++] = (unsigned char)(image->height >> 8), buf[n++] = (unsigned char)image->height;
    buf[n++] = (unsigned char)(image->width >> 8), buf[n++] = (unsigned char)image->width;
    buf[n++] = (unsigned char)nc;
    for (int c = 0; c < nc; c++)
        buf[n++] = (unsigned char)(c + 1), buf[n++] = 0x11, buf[n++] = 0;
    buf[n++] = 0xff, buf[n++] = 0xd9; /* EOI */
    return n;
}

int galley_image_stand_in_id(const unsigned char *data, size_t n, char id[41])
{
    size_t tag = strlen(GALLEY_IMAGE_PNG_TAG);
    /* SOI, then a COM marker (2 bytes, 2 of length) holding the tag and id */
    if (n < 6 + tag + 40 || data[2] != 0xff || data[3] != 0xfe ||
        memcmp(data + 6, GALLEY_IMAGE_PNG_TAG, tag) != 0)
        return 0;
    memcpy(id, data + 6 + tag, 40);
    id[40] = '\0';
    return 1;
}
