/* draw.c: one page's boxes onto a cairo context, with the structure tags of
 * a tagged PDF; a placeholder for a missing photo. */
#include "draw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The PDF structure type of each role (NULL: not tagged, e.g. the folio). */
static const struct {
    const char *role, *tag;
} ROLE_TAGS[] = {
    {"headline", "H1"},     {"subhead", "H2"},     {"kicker", "P"},  {"deck", "P"},
    {"byline", "P"},        {"dateline", "P"},     {"body", "P"},    {"quote", "BlockQuote"},
    {"caption", "Caption"}, {"credit", "Caption"}, {"related", "P"}, {"note", "Note"},
    {"photo", "Figure"},
};

static const char *role_tag(const char *role)
{
    for (size_t i = 0; i < sizeof ROLE_TAGS / sizeof ROLE_TAGS[0]; i++)
        if (!strcmp(ROLE_TAGS[i].role, role))
            return ROLE_TAGS[i].tag;
    return NULL;
}

/* Begins a link tag around a run, quoting the URL as cairo's attributes want. */
static void link_begin(cairo_t *cr, const char *url)
{
    size_t n = strlen(url);
    char *attr = malloc(n * 2 + 16);
    if (!attr)
        return;
    char *o = attr + sprintf(attr, "uri='");
    for (const char *c = url; *c; c++) {
        if (*c == '\\' || *c == '\'')
            *o++ = '\\';
        *o++ = *c;
    }
    strcpy(o, "'");
    cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
    free(attr);
}

/* Draws a set line: each glyph run at the box's origin and baseline. */
static galley_status_t draw_line(cairo_t *cr, const galley_box_t *b, int tagged)
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
        const char *url = run->url ? run->url : b->url;
        if (tagged && url)
            link_begin(cr, url);
        cairo_show_text_glyphs(cr, run->utf8, run->utf8_len, g, run->n_glyphs, run->clusters,
                               run->n_clusters, 0);
        if (tagged && url)
            cairo_tag_end(cr, CAIRO_TAG_LINK);
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

/* Draws a placeholder where a photo is missing: a grey box, crossed, marked
 * FPO ("for position only") so nobody sends it to print by mistake. */
static void draw_placeholder(cairo_t *cr, const galley_box_t *b)
{
    galley_rect_t r = b->rect;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_rectangle(cr, r.x, r.y, r.width, r.height);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.8, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, r.x, r.y);
    cairo_line_to(cr, r.x + r.width, r.y + r.height);
    cairo_move_to(cr, r.x + r.width, r.y);
    cairo_line_to(cr, r.x, r.y + r.height);
    cairo_stroke(cr);
    cairo_select_font_face(cr, "Galley Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, fmin(r.height / 4, 48));
    cairo_text_extents_t e;
    cairo_text_extents(cr, "FPO", &e);
    cairo_move_to(cr, r.x + (r.width - e.width) / 2 - e.x_bearing,
                  r.y + (r.height - e.height) / 2 - e.y_bearing);
    cairo_show_text(cr, "FPO");
    cairo_restore(cr);
}

/* The rectangle a box is drawn in: its own, run out into the bleed on every
 * side where it touches the trim edge. */
static galley_rect_t bled(const galley_page_t *page, galley_rect_t r)
{
    double e = 0.01, x1 = r.x + r.width, y1 = r.y + r.height;
    if (r.x <= e)
        r.x -= page->bleed;
    if (r.y <= e)
        r.y -= page->bleed;
    if (x1 >= page->width - e)
        x1 += page->bleed;
    if (y1 >= page->height - e)
        y1 += page->bleed;
    r.width = x1 - r.x;
    r.height = y1 - r.y;
    return r;
}

/* Draws a photo scaled to cover its box, cropped around its focus point:
 * from the file's own data on a PDF surface, else from its pixels. */
static galley_status_t draw_image(cairo_t *cr, const galley_page_t *page, const galley_box_t *b,
                                  galley_diags_t *diags)
{
    galley_image_t *im = b->image;
    if (!im) {
        draw_placeholder(cr, b);
        return GALLEY_STATUS_SUCCESS;
    }
    int pdf = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
    galley_rect_t r = bled(page, b->rect);
    double iw = im->width, ih = im->height;
    double s = fmax(r.width / iw, r.height / ih);
    double dx = s, dy = 0; /* device pixels an image pixel covers */
    cairo_user_to_device_distance(cr, &dx, &dy);
    cairo_surface_t *source = NULL;
    galley_status_t st = galley_image_source(im, pdf, hypot(dx, dy), &source, diags);
    if (st)
        return st;
    double ox = crop_offset(r.width, iw * s, b->focus_x);
    double oy = crop_offset(r.height, ih * s, b->focus_y);
    cairo_save(cr);
    cairo_rectangle(cr, r.x, r.y, r.width, r.height);
    cairo_clip(cr);
    cairo_translate(cr, r.x + ox, r.y + oy);
    /* the source may be smaller than the image (the PDF's stands in for it) */
    cairo_scale(cr, s * iw / cairo_image_surface_get_width(source),
                s * ih / cairo_image_surface_get_height(source));
    cairo_set_source_surface(cr, source, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
    return GALLEY_STATUS_SUCCESS;
}

/* Draws a rule as a filled rectangle (a band touching the trim runs into
 * the bleed). */
static void draw_rule(cairo_t *cr, const galley_page_t *page, const galley_box_t *b)
{
    galley_rect_t r = bled(page, b->rect);
    cairo_set_source_rgb(cr, b->color[0], b->color[1], b->color[2]);
    cairo_rectangle(cr, r.x, r.y, r.width, r.height);
    cairo_fill(cr);
}

/* Draws one box. */
static galley_status_t draw_box(cairo_t *cr, const galley_page_t *page, const galley_box_t *b,
                                int tagged, galley_diags_t *diags)
{
    if (b->kind == GALLEY_BOX_LINE)
        return draw_line(cr, b, tagged);
    if (b->kind == GALLEY_BOX_IMAGE)
        return draw_image(cr, page, b, diags);
    else
        draw_rule(cr, page, b);
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_draw_page(cairo_t *cr, const galley_page_t *page, int tagged,
                                 galley_diags_t *diags)
{
    const char *open_tag = NULL, *open_element = NULL;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && i < page->n_boxes; i++) {
        const galley_box_t *b = &page->boxes[i];
        /* One structure element for the consecutive boxes of one element. */
        const char *tag = tagged && b->kind != GALLEY_BOX_RULE ? role_tag(b->role) : NULL;
        int same = open_tag && tag && !strcmp(open_tag, tag) && b->element && open_element &&
                   !strcmp(b->element, open_element);
        if (open_tag && !same) {
            cairo_tag_end(cr, open_tag);
            open_tag = NULL;
        }
        if (tag && !same) {
            cairo_tag_begin(cr, tag, NULL);
            open_tag = tag;
            open_element = b->element;
        }
        st = draw_box(cr, page, b, tagged, diags);
    }
    if (open_tag)
        cairo_tag_end(cr, open_tag);
    if (!st && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        st = cairo_status(cr) == CAIRO_STATUS_NO_MEMORY ? GALLEY_STATUS_NO_MEMORY
                                                        : GALLEY_STATUS_OUTPUT_ERROR;
    return st;
}

/* Outlines R as a guide. */
static void guide_rect(cairo_t *cr, galley_rect_t r)
{
    cairo_rectangle(cr, r.x, r.y, r.width, r.height);
}

/* True when R was outlined already (frames repeat on every box in them). */
static int frame_seen(const galley_page_t *page, size_t upto, galley_rect_t r)
{
    for (size_t i = 0; i < upto; i++) {
        galley_rect_t f = page->boxes[i].frame;
        if (f.x == r.x && f.y == r.y && f.width == r.width && f.height == r.height)
            return 1;
    }
    return 0;
}

void galley_draw_guides(cairo_t *cr, const galley_page_t *page, double px)
{
    cairo_save(cr);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_source_rgb(cr, ((GALLEY_GUIDE_RGB >> 16) & 255) / 255.0,
                         ((GALLEY_GUIDE_RGB >> 8) & 255) / 255.0, (GALLEY_GUIDE_RGB & 255) / 255.0);
    cairo_set_line_width(cr, px);
    double b = page->bleed;
    guide_rect(cr, (galley_rect_t){0, 0, page->width, page->height});
    guide_rect(cr, (galley_rect_t){-b, -b, page->width + 2 * b, page->height + 2 * b});
    if (page->n_columns > 0) {
        galley_rect_t first = page->columns[0], last = page->columns[page->n_columns - 1];
        for (int i = 0; i < page->n_columns; i++)
            guide_rect(cr, page->columns[i]);
        double top = first.y, bottom = first.y + first.height;
        for (double y = page->grid_origin; page->grid_pitch > 0 && y <= bottom + 1e-6;
             y += page->grid_pitch)
            if (y >= top - 1e-6) {
                cairo_move_to(cr, first.x, y);
                cairo_line_to(cr, last.x + last.width, y);
            }
    }
    for (size_t i = 0; i < page->n_boxes; i++)
        if (!frame_seen(page, i, page->boxes[i].frame))
            guide_rect(cr, page->boxes[i].frame);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* A crop mark pair at trim corner (X, Y): lines along both edges, starting
 * OFF outside the trim and LEN long; SX, SY point away from the page. */
static void crop_mark(cairo_t *cr, double x, double y, double sx, double sy, double off, double len)
{
    cairo_move_to(cr, x + sx * off, y);
    cairo_line_to(cr, x + sx * (off + len), y);
    cairo_move_to(cr, x, y + sy * off);
    cairo_line_to(cr, x, y + sy * (off + len));
}

/* A registration target centred at (X, Y): a circle and a cross. */
static void registration_mark(cairo_t *cr, double x, double y, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, r * 0.6, 0, 6.283185307179586);
    cairo_move_to(cr, x - r, y);
    cairo_line_to(cr, x + r, y);
    cairo_move_to(cr, x, y - r);
    cairo_line_to(cr, x, y + r);
}

void galley_draw_marks(cairo_t *cr, const galley_page_t *page, const galley_document_t *doc,
                       size_t n_pages, double m, const char *date)
{
    double w = page->width, h = page->height, off = doc->bleed + 2, len = m - off - 2;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0); /* registration black */
    cairo_set_line_width(cr, 0.25);
    crop_mark(cr, m, m, -1, -1, off, len);
    crop_mark(cr, m + w, m, 1, -1, off, len);
    crop_mark(cr, m, m + h, -1, 1, off, len);
    crop_mark(cr, m + w, m + h, 1, 1, off, len);
    double mid = m - doc->bleed - len / 2 - 1, r = fmin(len / 2, 8);
    registration_mark(cr, m + w / 2, mid, r);
    registration_mark(cr, m + w / 2, m + h + m - mid, r);
    registration_mark(cr, mid, m + h / 2, r);
    registration_mark(cr, m + w + m - mid, m + h / 2, r);
    cairo_stroke(cr);
    char slug[512];
    snprintf(slug, sizeof slug, "%s   page %d of %zu   %s   %s   Galley %s",
             doc->article_path ? doc->article_path : "", page->number, n_pages, date,
             doc->layout_name ? doc->layout_name : "", GALLEY_VERSION);
    cairo_select_font_face(cr, "Galley Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 6);
    cairo_move_to(cr, m + w * 0.1, m + h + doc->bleed + len * 0.75 + 2);
    cairo_show_text(cr, slug);
    cairo_restore(cr);
}
