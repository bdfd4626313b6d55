/* document.c: the document of pages and boxes that compose hands to draw. */
#include "box.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

galley_status_t galley_page_add_box(galley_page_t *page, const galley_box_t *box)
{
    if (page->n_boxes == page->cap_boxes) {
        size_t cap = page->cap_boxes ? page->cap_boxes * 2 : 128;
        galley_box_t *boxes = realloc(page->boxes, cap * sizeof *boxes);
        if (!boxes)
            return GALLEY_STATUS_NO_MEMORY;
        page->boxes = boxes;
        page->cap_boxes = cap;
    }
    page->boxes[page->n_boxes++] = *box;
    return GALLEY_STATUS_SUCCESS;
}

/* Grows a pointer array to hold one more; returns 0 on success. */
static int grow(void ***v, size_t n, size_t *cap)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 32;
    void **nv = realloc(*v, c * sizeof *nv);
    if (!nv)
        return -1;
    *v = nv;
    *cap = c;
    return 0;
}

void galley_document_begin(galley_document_t *doc, const galley_layout_t *layout, const char *path,
                           int year, int month, int day)
{
    memset(doc, 0, sizeof *doc);
    doc->layout_name = layout->name;
    doc->article_path = path;
    doc->year = year;
    doc->month = month;
    doc->day = day;
    doc->bleed = layout->bleed;
    doc->slug = layout->slug;
    doc->press = &layout->pdf;
}

galley_status_t galley_document_keep_lines(galley_document_t *doc, galley_lines_t *lines)
{
    if (grow((void ***)&doc->paras, doc->n_paras, &doc->cap_paras))
        return GALLEY_STATUS_NO_MEMORY;
    doc->paras[doc->n_paras++] = lines;
    return GALLEY_STATUS_SUCCESS;
}

const char *galley_document_strdup(galley_document_t *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    if (!s || grow((void ***)&doc->strings, doc->n_strings, &doc->cap_strings)) {
        free(s);
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    doc->strings[doc->n_strings++] = s;
    return s;
}

void galley_document_fini(galley_document_t *doc)
{
    for (size_t i = 0; i < doc->n_pages; i++) {
        free(doc->pages[i].boxes);
        free(doc->pages[i].columns);
    }
    free(doc->pages);
    for (size_t i = 0; i < doc->n_paras; i++) {
        galley_lines_fini(doc->paras[i]);
        free(doc->paras[i]);
    }
    free(doc->paras);
    for (size_t i = 0; i < doc->n_strings; i++)
        free(doc->strings[i]);
    free(doc->strings);
    memset(doc, 0, sizeof *doc);
}
