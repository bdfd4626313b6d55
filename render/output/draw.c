/* draw.c: one page's boxes onto a cairo context, with the structure tags of
 * a tagged PDF; a placeholder for a missing photo. */
#include "draw.h"
#include "ink.h"

#include "utf8.h"

#include <glib.h>
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

/* Appends the device-space rectangle of RUN of line box B to ATTR, as
 * "x y w h ": its glyphs' advance across, the line's ascent and descent up
 * and down. cairo 1.16 takes a link's "rect" in device space (the page's,
 * with --marks' offset), not through the current transformation. */
static void run_rect(cairo_t *cr, const galley_box_t *b, const galley_glyph_run_t *run,
                     GString *attr)
{
    const galley_line_t *line = b->line;
    const cairo_glyph_t *first = &run->glyphs[0], *last = &run->glyphs[run->n_glyphs - 1];
    cairo_glyph_t g = {last->index, 0, 0};
    cairo_text_extents_t e;
    cairo_scaled_font_glyph_extents(run->font, &g, 1, &e);
    double x0 = b->origin_x + fmin(first->x, last->x), y0 = b->baseline - line->ascent;
    double x1 = b->origin_x + fmax(first->x, last->x + e.x_advance * line->hscale);
    double y1 = b->baseline + line->descent;
    cairo_user_to_device(cr, &x0, &y0);
    cairo_user_to_device(cr, &x1, &y1);
    double v[4] = {fmin(x0, x1), fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0)};
    for (int i = 0; i < 4; i++) {
        char num[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append(attr, g_ascii_formatd(num, sizeof num, "%.3f", v[i]));
        g_string_append_c(attr, ' ');
    }
}

/* The link a run of box B is part of, or NULL. */
static const char *run_link(const galley_box_t *b, const galley_glyph_run_t *run)
{
    return run->url ? run->url : b->url;
}

/* True for the hyphen Galley inserted at the end of a hyphenated line: it
 * belongs to the word it splits, so it leaves the open link as it is. */
static int inserted_hyphen(const galley_line_t *line, size_t r)
{
    return line->hyphenated && r + 1 == line->n_runs;
}

/* True when box I of PAGE belongs to the structure element of box I - 1, so
 * an open element (and link) goes on across it. TAGGED as for drawing. */
static int same_element(const galley_page_t *page, size_t i, int tagged)
{
    if (i == 0 || !tagged)
        return 0;
    const galley_box_t *a = &page->boxes[i - 1], *b = &page->boxes[i];
    const char *ta = a->kind != GALLEY_BOX_RULE ? role_tag(a->role) : NULL;
    const char *tb = b->kind != GALLEY_BOX_RULE ? role_tag(b->role) : NULL;
    return ta && tb && !strcmp(ta, tb) && a->element && b->element &&
           !strcmp(a->element, b->element);
}

/* Begins the link URL at run R of box I: one tag for every run it covers
 * from there on this page, each run one rectangle of its "rect" (a PDF
 * annotation's QuadPoints), and its address written once. The runs are those
 * galley_draw_page() draws before it ends the tag: line boxes of one
 * structure element, each run of them part of URL. */
static void link_begin(cairo_t *cr, const galley_page_t *page, size_t i, size_t r, const char *url)
{
    GString *attr = g_string_new("rect=[");
    for (; i < page->n_boxes; i++, r = 0) {
        const galley_box_t *b = &page->boxes[i];
        if (b->kind != GALLEY_BOX_LINE || (r == 0 && attr->len > 6 && !same_element(page, i, 1)))
            break;
        size_t k = r;
        for (; k < b->line->n_runs; k++) {
            const galley_glyph_run_t *run = &b->line->runs[k];
            const char *u = run->n_glyphs && !inserted_hyphen(b->line, k) ? run_link(b, run) : url;
            if (!u || (u != url && strcmp(u, url)))
                break;
            if (run->n_glyphs)
                run_rect(cr, b, run, attr);
        }
        if (k < b->line->n_runs)
            break;
    }
    g_string_append(attr, "] uri='");
    for (const char *c = url; *c; c++) {
        if (*c == '\\' || *c == '\'')
            g_string_append_c(attr, '\\');
        g_string_append_c(attr, *c);
    }
    g_string_append_c(attr, '\'');
    cairo_tag_begin(cr, CAIRO_TAG_LINK, attr->str);
    g_string_free(attr, TRUE);
}

/* Makes URL (NULL: none) the open link before run R of box I is drawn. A
 * link stays open across the runs, lines and boxes it covers, so cairo writes
 * one annotation for it on the page, its address once: a tag a run wrote the
 * address again on every line, and three related items with 60,000-byte
 * addresses made a 435 MB PDF (issue 15, item 6). */
static void link_switch(cairo_t *cr, const char **open, const char *url, const galley_page_t *page,
                        size_t i, size_t r)
{
    if (*open && url && (url == *open || !strcmp(url, *open)))
        return;
    if (*open)
        cairo_tag_end(cr, CAIRO_TAG_LINK);
    *open = url;
    if (url)
        link_begin(cr, page, i, r, url);
}

/* Draws line box I of PAGE: each glyph run at the box's origin and
 * baseline; a run of a link opens it (*LINK is the open one, when TAGGED). */
static galley_status_t draw_line(cairo_t *cr, const galley_page_t *page, size_t i, int tagged,
                                 const char **link)
{
    const galley_box_t *b = &page->boxes[i];
    const galley_line_t *line = b->line;
    for (size_t r = 0; r < line->n_runs; r++) {
        const galley_glyph_run_t *run = &line->runs[r];
        if (run->n_glyphs == 0)
            continue;
        cairo_glyph_t *g = malloc((size_t)run->n_glyphs * sizeof *g);
        if (!g)
            return GALLEY_STATUS_NO_MEMORY;
        for (int k = 0; k < run->n_glyphs; k++)
            g[k] = (cairo_glyph_t){run->glyphs[k].index, run->glyphs[k].x + b->origin_x,
                                   run->glyphs[k].y + b->baseline};
        cairo_set_source_rgb(cr, run->color[0], run->color[1], run->color[2]);
        cairo_set_scaled_font(cr, run->font);
        if (line->hscale != 1) { /* glyphs set wider or narrower to fill the line */
            cairo_matrix_t m;
            cairo_scaled_font_get_font_matrix(run->font, &m);
            m.xx *= line->hscale;
            m.xy *= line->hscale;
            cairo_set_font_matrix(cr, &m);
        }
        if ((tagged & GALLEY_DRAW_LINKS) && !inserted_hyphen(line, r))
            link_switch(cr, link, run_link(b, run), page, i, r);
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

/* Draws a placeholder where a photo is missing: a grey box, crossed, marked
 * FPO ("for position only") so nobody sends it to print by mistake. */
static void draw_placeholder(cairo_t *cr, const galley_page_t *page, const galley_box_t *b)
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
    if (page->mark_faces[1]) { /* none in a document made without fonts (tests) */
        cairo_set_font_face(cr, page->mark_faces[1]);
        cairo_set_font_size(cr, fmin(r.height / 4, 48));
        cairo_text_extents_t e;
        cairo_text_extents(cr, "FPO", &e);
        cairo_move_to(cr, r.x + (r.width - e.width) / 2 - e.x_bearing,
                      r.y + (r.height - e.height) / 2 - e.y_bearing);
        cairo_show_text(cr, "FPO");
    }
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
                                  galley_image_store_t *images, galley_diags_t *diags)
{
    const galley_image_t *im = b->image;
    if (!im) {
        draw_placeholder(cr, page, b);
        return GALLEY_STATUS_SUCCESS;
    }
    int pdf = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
    galley_rect_t r = bled(page, b->rect);
    double iw = im->width, ih = im->height;
    double s = fmax(r.width / iw, r.height / ih);
    double dx = s, dy = 0; /* device pixels an image pixel covers */
    cairo_user_to_device_distance(cr, &dx, &dy);
    cairo_surface_t *source = NULL;
    galley_status_t st = galley_image_store_source(images, im, pdf, hypot(dx, dy), &source, diags);
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

/* Draws box I of PAGE; a box that is not a line ends the open link. */
static galley_status_t draw_box(cairo_t *cr, const galley_page_t *page, size_t i, int tagged,
                                const char **link, galley_image_store_t *images,
                                galley_diags_t *diags)
{
    const galley_box_t *b = &page->boxes[i];
    if (b->kind == GALLEY_BOX_LINE)
        return draw_line(cr, page, i, tagged, link);
    link_switch(cr, link, NULL, page, i, 0);
    if (b->kind == GALLEY_BOX_IMAGE)
        return draw_image(cr, page, b, images, diags);
    else
        draw_rule(cr, page, b);
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_draw_page(cairo_t *cr, const galley_page_t *page, int tagged,
                                 galley_image_store_t *images, galley_diags_t *diags)
{
    const char *open_tag = NULL, *link = NULL;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && i < page->n_boxes; i++) {
        const galley_box_t *b = &page->boxes[i];
        /* One structure element for the consecutive boxes of one element. */
        const char *tag = tagged && b->kind != GALLEY_BOX_RULE ? role_tag(b->role) : NULL;
        int same = open_tag && same_element(page, i, tagged);
        if (!same) /* tags nest: a link ends inside its element */
            link_switch(cr, &link, NULL, page, i, 0);
        if (open_tag && !same) {
            cairo_tag_end(cr, open_tag);
            open_tag = NULL;
        }
        if (tag && !same) {
            cairo_tag_begin(cr, tag, NULL);
            open_tag = tag;
        }
        st = draw_box(cr, page, i, tagged, &link, images, diags);
    }
    link_switch(cr, &link, NULL, page, page->n_boxes, 0);
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

/* The slug line with the file's name cut to KEEP characters from its end
 * behind a "…" (all of it when KEEP is its length). FILE is printable. */
static char *slug_with(const char *file, glong file_chars, glong keep, int number, size_t n_pages,
                       const char *date, const char *layout)
{
    const char *tail = g_utf8_offset_to_pointer(file, file_chars - keep);
    return g_strdup_printf("%s%s   page %d of %zu   %s   %s   Galley %s",
                           keep < file_chars ? "\u2026" : "", tail, number, n_pages, date, layout,
                           GALLEY_VERSION);
}

/* The slug line (file, page of N_PAGES, date, layout, version) as cairo can
 * show it (a file name that is not UTF-8 gets U+FFFD for its bad bytes), in
 * the current font; newly allocated (g_free). Nothing is cut by bytes: when it
 * is wider than WIDTH the file's name loses characters at its start, behind a
 * visible "…", keeping the end that names the file. */
static char *slug_text(cairo_t *cr, const galley_page_t *page, const galley_document_t *doc,
                       size_t n_pages, const char *date, double width)
{
    char *file = galley_utf8_printable(doc->article_path ? doc->article_path : "");
    char *layout = galley_utf8_printable(doc->layout_name ? doc->layout_name : "");
    char *when = galley_utf8_printable(date);
    glong chars = g_utf8_strlen(file, -1), lo = 0, hi = chars;
    char *slug = slug_with(file, chars, chars, page->number, n_pages, when, layout);
    cairo_text_extents_t e;
    cairo_text_extents(cr, slug, &e);
    if (e.x_advance > width) {
        while (hi - lo > 1) { /* keeping LO characters fits (or nothing does), HI does not */
            glong mid = (lo + hi) / 2;
            g_free(slug);
            slug = slug_with(file, chars, mid, page->number, n_pages, when, layout);
            cairo_text_extents(cr, slug, &e);
            *(e.x_advance > width ? &hi : &lo) = mid;
        }
        g_free(slug);
        slug = slug_with(file, chars, lo, page->number, n_pages, when, layout);
    }
    g_free(file);
    g_free(layout);
    g_free(when);
    return slug;
}

void galley_draw_marks(cairo_t *cr, const galley_page_t *page, const galley_document_t *doc,
                       size_t n_pages, double m, const char *date)
{
    double w = page->width, h = page->height, off = doc->bleed + 2, len = m - off - 2;
    cairo_save(cr);
    if (doc->press && doc->press->standard == GALLEY_PDF_X4) /* on every plate */
        cairo_set_source_rgb(cr, GALLEY_INK_REGISTRATION_R, GALLEY_INK_REGISTRATION_G,
                             GALLEY_INK_REGISTRATION_B);
    else
        cairo_set_source_rgb(cr, 0, 0, 0);
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
    if (page->mark_faces[0])
        cairo_set_font_face(cr, page->mark_faces[0]);
    cairo_set_font_size(cr, 6);
    char *slug = slug_text(cr, page, doc, n_pages, date, w * 0.9 + m - 2);
    cairo_move_to(cr, m + w * 0.1, m + h + doc->bleed + len * 0.75 + 2);
    cairo_show_text(cr, slug);
    g_free(slug);
    cairo_restore(cr);
}
