/* frame.c: page geometry: content area, columns, folio band, baseline grid. */
#include "frame.h"

#include <math.h>

galley_rect_t galley_frame_content(const galley_layout_t *l, int number)
{
    double left = (number % 2) ? l->margin_inside : l->margin_outside;
    double right = (number % 2) ? l->margin_outside : l->margin_inside;
    return (galley_rect_t){left, l->margin_top, l->page_width - left - right,
                           l->page_height - l->margin_top - l->margin_bottom};
}

galley_rect_t galley_frame_columns(const galley_layout_t *l, galley_rect_t content, int first,
                                   int span, double top, double bottom)
{
    double cw = (content.width - (l->columns - 1) * l->gutter) / l->columns;
    double x = content.x + first * (cw + l->gutter);
    return (galley_rect_t){x, top, span * cw + (span - 1) * l->gutter, fmax(0, bottom - top)};
}

galley_rect_t galley_frame_folio(const galley_layout_t *l, galley_rect_t content)
{
    double h = l->styles[GALLEY_STYLE_FOLIO].leading;
    double top = content.y + content.height + fmax(0, (l->margin_bottom - h) * 0.45);
    return (galley_rect_t){content.x, top, content.width, h};
}

double galley_grid_snap(double origin, double pitch, double y)
{
    double k = ceil((y - origin) / pitch - 1e-6);
    return origin + k * pitch;
}
