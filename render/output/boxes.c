/* boxes.c: the --boxes JSON, the same page boxes that draw.c reads
 * (docs/boxes.md describes the format), and writing any JSON output. */
#include "output.h"
#include "utf8.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *galley_json_file_name(const char *path)
{
    if (!path)
        return json_null();
    size_t n = strlen(path), bad = galley_utf8_check(path, n);
    if (bad == n)
        return json_stringn(path, n);
    /* Each byte that is not part of a UTF-8 character becomes "\xNN". */
    char *s = malloc(n * 4 + 1), *o = s;
    for (size_t i = 0; s && i < n;) {
        size_t ok = galley_utf8_check(path + i, n - i);
        memcpy(o, path + i, ok);
        o += ok;
        i += ok;
        if (i < n)
            o += sprintf(o, "\\x%02X", (unsigned char)path[i++]);
    }
    json_t *j = s ? json_stringn(s, (size_t)(o - s)) : NULL;
    free(s);
    return j;
}

/* A length rounded to 1/1000 pt, so the file is stable and readable. */
static json_t *len(double v)
{
    return json_real(round(v * 1000) / 1000);
}

static json_t *rect_json(galley_rect_t r)
{
    return json_pack("{s:o,s:o,s:o,s:o}", "x", len(r.x), "y", len(r.y), "width", len(r.width),
                     "height", len(r.height));
}

static const char *kind_name(galley_box_kind_t k)
{
    return k == GALLEY_BOX_LINE ? "line" : k == GALLEY_BOX_IMAGE ? "image" : "rule";
}

/* One box as a JSON object. */
static json_t *box_json(const galley_page_t *page, const galley_box_t *b)
{
    json_t *o = json_pack("{s:i,s:s,s:s,s:s?,s:o,s:o,s:o,s:o,s:o}", "page", page->number, "kind",
                          kind_name(b->kind), "role", b->role, "element", b->element, "x",
                          len(b->rect.x), "y", len(b->rect.y), "width", len(b->rect.width),
                          "height", len(b->rect.height), "frame", rect_json(b->frame));
    if (o && b->article)
        json_object_set_new(o, "article", galley_json_file_name(b->article));
    if (o && b->kind == GALLEY_BOX_LINE) {
        json_object_set_new(o, "baseline", len(b->baseline));
        json_object_set_new(o, "hyphenated", json_boolean(b->line->hyphenated));
        json_object_set_new(o, "cut", json_boolean(b->line->cut));
        double ls = round(b->line->letter_spacing * 1e4) / 1e4;
        if (ls != 0) /* the breaker's last resort: rare, so only then */
            json_object_set_new(o, "letter_spacing", json_real(ls));
        if (b->lang)
            json_object_set_new(o, "lang", json_string(b->lang));
        json_object_set_new(o, "text", json_string(b->line->text ? b->line->text : ""));
    }
    return o;
}

/* One page's geometry: size, grid and columns. */
static json_t *page_json(const galley_page_t *p)
{
    json_t *cols = json_array();
    for (int i = 0; i < p->n_columns; i++)
        json_array_append_new(cols, json_pack("{s:o,s:o}", "x", len(p->columns[i].x), "width",
                                              len(p->columns[i].width)));
    return json_pack("{s:i,s:o,s:o,s:{s:o,s:o},s:o}", "page", p->number, "width", len(p->width),
                     "height", len(p->height), "grid", "origin", len(p->grid_origin), "pitch",
                     len(p->grid_pitch), "columns", cols);
}

galley_status_t galley_output_boxes(const galley_document_t *doc, const char *path,
                                    galley_outputs_t *outs, galley_diags_t *diags)
{
    json_t *pages = json_array(), *boxes = json_array();
    for (size_t i = 0; i < doc->n_pages; i++) {
        const galley_page_t *p = &doc->pages[i];
        json_array_append_new(pages, page_json(p));
        for (size_t j = 0; j < p->n_boxes; j++)
            json_array_append_new(boxes, box_json(p, &p->boxes[j]));
    }
    json_t *root =
        json_pack("{s:s,s:o,s:o,s:o,s:o}", "galley", GALLEY_VERSION, "article",
                  galley_json_file_name(doc->article_path), "layout",
                  galley_json_file_name(doc->layout_name), "pages", pages, "boxes", boxes);
    if (!root)
        return GALLEY_STATUS_NO_MEMORY;
    return galley_output_json(root, path, outs, diags);
}

galley_status_t galley_output_json(json_t *root, const char *path, galley_outputs_t *outs,
                                   galley_diags_t *diags)
{
    FILE *fp;
    galley_status_t st = galley_outputs_open(outs, path, &fp, diags);
    if (!st) {
        int bad = json_dumpf(root, fp,
                             JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) != 0;
        bad |= fclose(fp) != 0;
        if (bad)
            st = galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, path, 0, 0, NULL,
                                    "cannot write the JSON");
    }
    json_decref(root);
    return st;
}
