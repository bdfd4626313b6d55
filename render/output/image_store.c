/* image_store.c: the decoded photos of one output writer (image_store.h).
 *
 * A list of the images drawn, each with the sources made for it: few photos
 * go on a document, so a look-up walks the list. The store owns every
 * surface in it and frees them when the writer is done.
 */
#include "image_store.h"

#include <stdlib.h>

/* What one image is drawn from. */
typedef struct {
    const galley_image_t *image; /* the key; borrowed from the model */
    cairo_surface_t *pdf;        /* the PDF's source, made on first need */
    cairo_surface_t *pixels;     /* decoded, upright, made on first need */
    int denom;                   /* pixels holds 1/this of the photo's width */
} store_entry_t;

struct galley_image_store {
    store_entry_t *entries;
    size_t n, cap;
};

galley_image_store_t *galley_image_store_create(void)
{
    return calloc(1, sizeof(galley_image_store_t));
}

/* IMAGE's entry in STORE, added empty if it has none; NULL when out of memory. */
static store_entry_t *store_entry(galley_image_store_t *store, const galley_image_t *image)
{
    for (size_t i = 0; i < store->n; i++)
        if (store->entries[i].image == image)
            return &store->entries[i];
    if (store->n == store->cap) {
        size_t cap = store->cap ? 2 * store->cap : 8;
        store_entry_t *v = realloc(store->entries, cap * sizeof *v);
        if (!v)
            return NULL;
        store->entries = v;
        store->cap = cap;
    }
    store_entry_t *e = &store->entries[store->n++];
    *e = (store_entry_t){image, NULL, NULL, 0};
    return e;
}

galley_status_t galley_image_store_source(galley_image_store_t *store, const galley_image_t *image,
                                          int for_pdf, double device_scale, cairo_surface_t **out,
                                          galley_diags_t *diags)
{
    *out = NULL;
    store_entry_t *e = store_entry(store, image);
    if (!e)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, image->path, 0, 0, NULL,
                                  "out of memory drawing photo '%s'", image->path);
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    if (for_pdf && image->embeddable) {
        if (!e->pdf)
            st = galley_image_pdf_source(image, &e->pdf, diags);
        *out = e->pdf;
        return st;
    }
    int denom = galley_image_pixels_denom(image, for_pdf, device_scale);
    if (!e->pixels || e->denom > denom) { /* none yet, or too coarse */
        cairo_surface_t *s = NULL;
        st = galley_image_decode(image, denom, &s, diags);
        if (!st) {
            cairo_surface_destroy(e->pixels);
            e->pixels = s;
            e->denom = denom;
        }
    }
    *out = e->pixels;
    return st;
}

void galley_image_store_destroy(galley_image_store_t *store)
{
    if (!store)
        return;
    for (size_t i = 0; i < store->n; i++) {
        cairo_surface_destroy(store->entries[i].pdf);
        cairo_surface_destroy(store->entries[i].pixels);
    }
    free(store->entries);
    free(store);
}
