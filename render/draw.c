/* draw.c: one page's boxes onto a cairo context. */
#include "draw.h"

#include <math.h>
#include <stdlib.h>

/* Draws a set line: each glyph run at the box's origin and baseline. */
static galley_status_t draw_line(cairo_t *cr, const galley_box_t *b)
{
    const galley_line_t *line = b->line;
    for (size_t r = 0; r < line->n_runs; r++) {
        const galley_glyph_run_t *run = &line->runs[r];
        if (run->n_glyphs == 0)
            continue;
        cairo_glyph_t *g = malloc((size_t)run->n_glyphs * sizeof *g);
        if (!g)
            return GALLEY_STATUS_NO_MEMORY;
        for (int i = 0; i < run->n_glyphs; i++)
            g[i] = (cairo_glyph_t){run->glyphs[i].index, run->glyphs[i].x + b->origin_x,
                                   run->glyphs[i].y + b->baseline};
        cairo_set_source_rgb(cr, run->color[0], run->color[1], run->color[2]);
        cairo_set_scaled_font(cr, run->font);
        if (line->hscale != 1) { /* glyphs set wider or narrower to fill the line */
            cairo_matrix_t m;
            cairo_scaled_font_get_font_matrix(run->font, &m);
            m.xx *= line->hscale;
            m.xy *= line->hscale;
            cairo_set_font_matrix(cr, &m);
        }
        cairo_show_text_glyphs(cr, run->utf8, run->utf8_len, g, run->n_glyphs, run->clusters,
                               run->n_clusters, 0);
        free(g);
    }
    return GALLEY_STATUS_SUCCESS;
}

/* Offset that keeps the focus point F (0..1) of a SCALED-long side centred in
 * a window of length WIN, without showing past the image's edges. */
static double crop_offset(double win, double scaled, double f)
{
    double o = win / 2 - f * scaled;
    return fmin(0, fmax(win - scaled, o));
}

/* Draws a photo scaled to cover its box, cropped around its focus point. */
static void draw_image(cairo_t *cr, const galley_box_t *b)
{
    const galley_image_t *im = b->image;
    double iw = im->width, ih = im->height;
    double s = fmax(b->rect.width / iw, b->rect.height / ih);
    double ox = crop_offset(b->rect.width, iw * s, b->focus_x);
    double oy = crop_offset(b->rect.height, ih * s, b->focus_y);
    cairo_save(cr);
    cairo_rectangle(cr, b->rect.x, b->rect.y, b->rect.width, b->rect.height);
    cairo_clip(cr);
    cairo_translate(cr, b->rect.x + ox, b->rect.y + oy);
    cairo_scale(cr, s, s);
    cairo_set_source_surface(cr, im->surface, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
}

/* Draws a rule as a filled rectangle. */
static void draw_rule(cairo_t *cr, const galley_box_t *b)
{
    cairo_set_source_rgb(cr, b->color[0], b->color[1], b->color[2]);
    cairo_rectangle(cr, b->rect.x, b->rect.y, b->rect.width, b->rect.height);
    cairo_fill(cr);
}

galley_status_t galley_draw_page(cairo_t *cr, const galley_page_t *page)
{
    for (size_t i = 0; i < page->n_boxes; i++) {
        const galley_box_t *b = &page->boxes[i];
        if (b->kind == GALLEY_BOX_LINE) {
            galley_status_t st = draw_line(cr, b);
            if (st)
                return st;
        } else if (b->kind == GALLEY_BOX_IMAGE) {
            draw_image(cr, b);
        } else {
            draw_rule(cr, b);
        }
    }
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? GALLEY_STATUS_SUCCESS
                                                    : GALLEY_STATUS_OUTPUT_ERROR;
}
