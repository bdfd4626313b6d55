/* flow.h: blocks flowing through frames.
 *
 * Owns: the flow (the article's set lines and rules in reading order, with
 * their spacing, grid and keep rules) and placing it into a page's chain of
 * frames from a resume cursor. Breaking across columns and pages, balancing
 * the last page's columns, and what is left over all come from this one
 * mechanism: place from a cursor, get the boxes and the next cursor.
 */
#ifndef GALLEY_FLOW_H
#define GALLEY_FLOW_H

#include "box.h"

typedef enum { GALLEY_FLOW_LINE, GALLEY_FLOW_RULE } galley_flow_kind_t;

typedef struct {
    galley_flow_kind_t kind;
    const galley_line_t *line; /* lines */
    const char *role;          /* style name, or "rule" */
    const char *element;
    const char *lang;
    double height;       /* a line's leading, or a rule's thickness */
    double above;        /* lines: leading * ascent / (ascent + descent) */
    double space_before; /* dropped at the top of a frame */
    int on_grid;         /* lines whose baselines sit on the baseline grid */
    int keep;            /* keep with the next KEEP items in the same frame */
    double color[3];     /* rules */
    const char *url;     /* lines that are a link as a whole (a related article) */
} galley_flow_item_t;

typedef struct {
    galley_flow_item_t *items;
    size_t n, cap;
    double height;     /* the items' heights (lines' leading, rules' thickness) summed */
    double room;       /* the most height the page limit's columns can hold; 0: no bound */
    size_t room_lines; /* the most items the page limit allows (PAGE_LINES a page) */
    int room_pages;    /* the page limit the room stands for, for messages */
    int room_shared;   /* the room is what an edition's articles have left, together */
} galley_flow_t;

galley_status_t galley_flow_append(galley_flow_t *flow, const galley_flow_item_t *item);
void galley_flow_fini(galley_flow_t *flow);

/* The page's frames, in reading order, and its baseline grid. */
typedef struct {
    const galley_rect_t *frames;
    int n_frames;
    double grid_origin, grid_pitch;
} galley_frames_t;

/* Places items from CURSOR into FRAMES, none lower than LIMIT (page y), and
 * adds their boxes to PAGE (NULL: only measure). Returns the cursor after the
 * last item placed; *STATUS is set when a box cannot be added. */
size_t galley_flow_place(const galley_flow_t *flow, size_t cursor, const galley_frames_t *frames,
                         double limit, galley_page_t *page, galley_status_t *status);

/* Like galley_flow_place, but when everything left fits, the columns are
 * balanced: the lowest limit that still takes it all is used. */
size_t galley_flow_place_balanced(const galley_flow_t *flow, size_t cursor,
                                  const galley_frames_t *frames, galley_page_t *page,
                                  galley_status_t *status);

#endif
