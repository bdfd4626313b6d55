/* fuzz_photo.c: libFuzzer harness for photo files (render/photo.c,
 * photo_file.c, photo_checks.c).
 *
 * Each input is a photo file's bytes, written to a temporary file (the
 * loader reads files: tempfile.h) and loaded as a render would: opened and
 * checked (the PNG chunk walk, libjpeg with its scan limit), then its PDF
 * source made (the JPEG's bytes to EOI, or the PNG's stand-in) and drawn
 * into a cairo PDF that is thrown away, a PNG's image data gathered for the
 * PDF as pdf.c does, and its pixels decoded at a quarter size as a preview
 * would. The pixel limit is 4 million, so one input stays quick. One set of
 * checks serves every input, as a context's would: each input is loaded a
 * second time, from the check kept of it (passed or failed), and must give
 * the same answer. Checked: a failure has a message and returns no image;
 * a success has its size within the limits, its image's end inside the file,
 * and a PNG's data no longer than the file. Never crashes, leaks or hangs.
 */
#include "image_store.h"
#include "photo.h"
#include "tempfile.h"

#include <cairo-pdf.h>
#include <stdint.h>
#include <string.h>

#define FIELD "photos[0].src"
#define MPIXELS 4.0

static galley_photo_checks_t *checks;

/* Frees the kept checks at exit. */
static void free_checks(void)
{
    galley_photo_checks_destroy(checks);
    checks = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    checks = galley_photo_checks_create(NULL);
    if (!checks)
        abort();
    atexit(free_checks);
    return 0;
}

/* cairo_write_func_t that drops the PDF. */
static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure, (void)data, (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/* Draws IMAGE's PDF source into a PDF cairo writes and drops: cairo reads
 * the JPEG bytes (or the stand-in) it embeds. */
static void draw_pdf(galley_image_t *image, galley_image_store_t *images)
{
    cairo_surface_t *source = NULL;
    if (galley_image_store_source(images, image, 1, 0, &source, NULL) != GALLEY_STATUS_SUCCESS)
        return;
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(discard, NULL, 100, 100);
    cairo_t *cr = cairo_create(pdf);
    cairo_scale(cr, 100.0 / image->width, 100.0 / image->height);
    cairo_set_source_surface(cr, source, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    cairo_surface_destroy(pdf);
}

/* Checks what a successful load gave, and uses it as a render would. */
static void use(galley_image_t *image)
{
    if (image->width <= 0 || image->height <= 0 ||
        (double)image->width * image->height > MPIXELS * 1e6 || image->end == 0 ||
        image->end > image->len)
        __builtin_trap(); /* within the limits, and the image inside the file */
    galley_image_store_t *images = galley_image_store_create(); /* a writer's */
    if (!images)
        return;
    draw_pdf(image, images);
    unsigned char *data = NULL;
    size_t len = 0;
    int channels = 0, columns = 0;
    if (galley_image_png_data(image, &data, &len, &channels, &columns) == 0) {
        if (len > image->end || columns != image->width || (channels != 1 && channels != 3))
            __builtin_trap(); /* the IDAT bytes come from inside the image */
        free(data);
    }
    cairo_surface_t *pixels = NULL;
    if (galley_image_store_source(images, image, 0, 0.25, &pixels, NULL) == GALLEY_STATUS_SUCCESS &&
        cairo_surface_status(pixels) != CAIRO_STATUS_SUCCESS)
        __builtin_trap(); /* a decoded photo is a usable surface */
    galley_image_store_destroy(images);
}

/* Loads PATH through the kept checks; a failure must say why. */
static galley_status_t load(const char *path, galley_image_t **image)
{
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_image_rules_t rules = {FIELD, MPIXELS, 0, NULL, NULL};
    int outside = 0;
    galley_status_t st = galley_image_load(path, &rules, checks, image, &outside, &diags);
    if ((st == GALLEY_STATUS_SUCCESS) != (*image != NULL) || (st && !diags.count) || outside)
        __builtin_trap(); /* only success returns an image; every failure is reported */
    galley_diags_fini(&diags);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!checks)
        LLVMFuzzerInitialize(NULL, NULL);
    const char *path = fuzz_temp_write("photo", data, size);
    galley_image_t *first = NULL, *again = NULL;
    galley_status_t st = load(path, &first);
    if (first)
        use(first);
    if (load(path, &again) != st)
        __builtin_trap(); /* a kept check gives the same answer */
    if (first && (again->width != first->width || again->height != first->height ||
                  again->embeddable != first->embeddable || again->end != first->end))
        __builtin_trap();
    if (again)
        use(again);
    galley_image_destroy(first);
    galley_image_destroy(again);
    return 0;
}
