/* flow.h: blocks flowing through frames.
 *
 * Owns: the flow (the article's set lines and rules in reading order, with
 * their spacing, grid and keep rules) and placing it into a page's chain of
 * frames from a resume cursor. Breaking across columns and pages, balancing
 * the last page's columns, and what is left over all come from this one
 * mechanism: place from a cursor, get the boxes and the next cursor. A story
 * (a flow and its cursor) is the resume state every composer keeps.
 */
#ifndef GALLEY_FLOW_H
#define GALLEY_FLOW_H

#include "article.h"
#include "box.h"

/* A photo in the flow (not the lead photo, which composers place at the
 * top): the column's width, the item's height, cropped around its focus;
 * its credit and caption follow as lines it keeps with. */
typedef enum { GALLEY_FLOW_LINE, GALLEY_FLOW_RULE, GALLEY_FLOW_PHOTO } galley_flow_kind_t;

/* Where a line's baseline goes (on_grid): free, after the item before it;
 * on the baseline grid, its next line down; or on the grid only as the first
 * item of a frame (a Korean paragraph's lines after its first, at the Korean
 * leading off the grid, article_flow.c: a column break inside the paragraph
 * starts the next column on its first grid line). */
enum { GALLEY_GRID_FREE = 0, GALLEY_GRID_ON = 1, GALLEY_GRID_AT_TOP = 2 };

typedef struct {
    galley_flow_kind_t kind;
    const galley_line_t *line; /* lines */
    const char *role;          /* style name, "rule" or "photo" */
    const char *element;
    const char *lang;
    double height;               /* a line's leading, a rule's thickness, a photo's height */
    double above;                /* lines: leading * ascent / (ascent + descent) */
    double space_before;         /* dropped at the top of a frame */
    int on_grid;                 /* lines: GALLEY_GRID_FREE, _ON or _AT_TOP */
    int keep;                    /* keep with the next KEEP items in the same frame */
    double color[3];             /* rules */
    const char *url;             /* lines that are a link as a whole (a related article) */
    const galley_photo_t *photo; /* photos: the article's photo (image NULL: a placeholder) */
    int floats; /* starts a float (a pull quote, a photo block: it and what it keeps with):
                   where it does not fit under the text before it, the text after it fills
                   the column and it goes to the top of the next one, whole */
    /* The first item of a translation's head (its rule, label, headline and
     * deck lines, HEAD_ITEMS items set at the column width): the translation
     * whose head a composer sets as a band over its text instead
     * (galley_composer_story_place). NULL on every other item. */
    const galley_article_text_t *head;
    size_t head_items;
    double space_after; /* a float's first item: the space under the float, above the item
                           placed next after it (wherever the float goes); the text after a
                           float carries none of it, so where the float moves on that text
                           follows the text before it as if the float were not there */
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

/* 1 when IT is a line that ends in an inserted hyphen or inside a cut word:
 * no frame ends after it, so a keep that reaches it reaches the line after
 * it too (and a head's first lines run on past it). */
int galley_flow_item_ends_broken(const galley_flow_item_t *it);

/* The page's frames, in reading order, and its baseline grid. */
typedef struct {
    const galley_rect_t *frames;
    int n_frames;
    double grid_origin, grid_pitch;
    /* The first frame starts below its column's top (a bilingual pair starts
     * where the pair before it ended): its first item keeps with what follows
     * it like any other, and moves on with them when they do not fit there,
     * instead of going in regardless as a frame's first item does. */
    int mid_column;
} galley_frames_t;

/* What placing a flow from a cursor did, and where it leaves the flow. */
typedef struct {
    size_t cursor;   /* the next item to place: the flow's n once all of it is placed */
    size_t placed;   /* items placed from the cursor on (with a page: the boxes added) */
    int left;        /* items are left to place (cursor < n) */
    int frame;       /* the frame (index in the frames) the last item went into; -1: none */
    double bottom;   /* page y below the last item placed */
    int short_lines; /* fill mode: whole grid lines left empty under the lowest item, above
                        the frames' foot (0 when filled to it; else not enough gaps) */
} galley_flow_step_t;

/* Places items from CURSOR into FRAMES, none lower than LIMIT (page y), and
 * adds their boxes to PAGE (NULL: only measure), in the flow's order. A float
 * that does not fit under the text before it moves, whole, to the top of the
 * next frame while the text after it fills this one; a frame the flow goes on
 * from that still ends 2 or more grid lines short (a subhead kept with its
 * lines moved on) has the lines added as whole grid lines of space before its
 * display items and paragraphs, so its last line sits on the foot's line. *STEP gets the new
 * cursor, what was placed and where it ended. Returns GALLEY_STATUS_NO_MEMORY when a box cannot be
 * added. */
galley_status_t galley_flow_place(const galley_flow_t *flow, size_t cursor,
                                  const galley_frames_t *frames, double limit, galley_page_t *page,
                                  galley_flow_step_t *step);

/* Like galley_flow_place, but when everything left fits, the columns are
 * balanced: the lowest limit that still takes it all is used. */
galley_status_t galley_flow_place_balanced(const galley_flow_t *flow, size_t cursor,
                                           const galley_frames_t *frames, galley_page_t *page,
                                           galley_flow_step_t *step);

/* Fill mode, a slot's copyfit (vertical justification to the foot, or
 * feathering): like galley_flow_place_balanced, but when everything left
 * fits, it is set deeper than balanced, down to the frames' foot: whole grid
 * lines of space go between paragraphs and around display items (at most one
 * a gap, display items first, spread over the columns), so that every column
 * ends within 1 grid line of the same depth, the last no further above it
 * than balancing left it. The deepest depth that fills so wins; where no
 * depth below the balanced one does (too few gaps), the balanced setting
 * stands. STEP->short_lines says how many grid lines stay empty at the foot.
 * Every baseline stays on the grid. */
galley_status_t galley_flow_place_filled(const galley_flow_t *flow, size_t cursor,
                                         const galley_frames_t *frames, galley_page_t *page,
                                         galley_flow_step_t *step);

/* How a story's last frames are set: run to the limit, balanced, or filled
 * to the frames' foot (galley_flow_place_filled). */
enum { GALLEY_FLOW_RUN = 0, GALLEY_FLOW_BALANCE = 1, GALLEY_FLOW_FILL = 2 };

/* The one resume state: a flow and the next item of it to place. Every
 * composer flows text through one: an article from its first page to its
 * last (compose_article.c) and across a jump to its continuation slot
 * (edition_article.c), each side of a bilingual pair block by block
 * (compose_parallel.c). A story is placed from its cursor, which then moves
 * past what was placed; what is left after the last frame is overset. */
typedef struct {
    galley_flow_t flow; /* owned */
    size_t cursor;      /* the next item to place: flow.n once all of it is placed */
} galley_story_t;

/* Places S from its cursor into FRAMES (balanced when BALANCE and all that is
 * left fits, filled to the frames' foot when BALANCE is GALLEY_FLOW_FILL),
 * none lower than LIMIT, adding boxes to PAGE; moves the cursor
 * past what was placed. STEP (may be NULL) gets what was placed. */
galley_status_t galley_story_place(galley_story_t *s, const galley_frames_t *frames, double limit,
                                   int balance, galley_page_t *page, galley_flow_step_t *step);

/* True when S has items left to place. */
int galley_story_left(const galley_story_t *s);

/* Frees S's flow. */
void galley_story_fini(galley_story_t *s);

#endif
