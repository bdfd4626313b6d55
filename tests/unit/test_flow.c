/* Unit tests for flow.c and frame.c: made-up flows (items of given heights,
 * fake set lines, no fonts) placed into made-up frames, with the exact
 * positions expected, as WeasyPrint's tests/layout/test_column.py does:
 * stacking, grid snapping, space dropped at a frame's top, keeps and their
 * relaxing, a hyphenated line never ending a frame, balancing, the step a
 * placement returns, a story resumed on a later page (a jump), and a photo
 * block (a photo kept with its caption) drawn as an image box, a Korean
 * paragraph's lines off the grid but at a frame's top. Also the
 * page geometry of frame.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compose_fixture.h"

/* Appends a line item of HEIGHT (baseline ABOVE its top) to FLOW. */
static void add_item(galley_flow_t *flow, double height, double above, double space_before,
                     int on_grid, int keep, int hyphenated)
{
    fixture_add(flow, height, above, space_before, on_grid, keep, hyphenated, "body[0]");
}

/* Appends N plain lines of HEIGHT. */
static void add_lines(galley_flow_t *flow, int n, double height)
{
    for (int i = 0; i < n; i++)
        add_item(flow, height, height * 0.8, 0, 0, 0, 0);
}

static galley_page_t new_page(int number)
{
    galley_page_t p;
    memset(&p, 0, sizeof p);
    p.number = number;
    return p;
}

/* Frees what the page's boxes took. */
static void page_fini(galley_page_t *p)
{
    free(p->boxes);
    memset(p, 0, sizeof *p);
}

/* The box I of PAGE is the line of flow item ITEM, at (X, Y) in FRAME_X's frame. */
static void assert_box(const galley_page_t *page, size_t i, const galley_flow_t *flow, size_t item,
                       double x, double y)
{
    assert_true(i < page->n_boxes);
    const galley_box_t *b = &page->boxes[i];
    assert_ptr_equal(b->line, flow->items[item].line);
    assert_int_equal(b->kind, GALLEY_BOX_LINE);
    assert_near(b->rect.x, x + 2); /* the line's own x within the frame */
    assert_near(b->rect.y, y);
    assert_near(b->rect.height, flow->items[item].height);
    assert_near(b->baseline, y + flow->items[item].above);
}

static void reset(galley_flow_t *flow)
{
    memset(flow, 0, sizeof *flow);
    fixture_n_lines = 0;
}

/* A Korean paragraph at a leading of 16 on a 12 pt grid (toolbox.c's
 * line_item): its first line snaps to the grid, each next line lies the
 * Korean leading under the one before (its 4 pt of space before), off the
 * grid, except the first line of the next frame (GALLEY_GRID_AT_TOP), which
 * snaps to that frame's first grid line and drops its space before. */
static void test_grid_at_top(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_item(&flow, 12, 9.6, 0, GALLEY_GRID_ON, 0, 0);
    for (int i = 0; i < 3; i++)
        add_item(&flow, 12, 9.6, 4, GALLEY_GRID_AT_TOP, 0, 0);
    galley_rect_t fr[2] = {{10, 5, 100, 40}, {120, 5, 100, 40}};
    galley_frames_t frames = {fr, 2, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step), 0);
    assert_int_equal(step.cursor, 4);
    assert_int_equal(page.n_boxes, 4);
    assert_box(&page, 0, &flow, 0, 10, 14.4);  /* baseline 24: the grid */
    assert_box(&page, 1, &flow, 1, 10, 30.4);  /* baseline 40: 16 under, off the grid */
    assert_box(&page, 2, &flow, 2, 120, 14.4); /* the next frame's first grid line */
    assert_box(&page, 3, &flow, 3, 120, 30.4); /* 16 under it again */
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* Lines stack down a frame; what does not fit is left, and the step says so. */
static void test_stack_and_left(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_lines(&flow, 6, 10);
    galley_rect_t fr[1] = {{10, 20, 100, 50}};
    galley_frames_t frames = {fr, 1, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step), 0);
    assert_int_equal(step.cursor, 5);
    assert_int_equal(step.placed, 5);
    assert_true(step.left);
    assert_int_equal(step.frame, 0);
    assert_near(step.bottom, 70);
    assert_int_equal(page.n_boxes, 5);
    for (size_t i = 0; i < 5; i++)
        assert_box(&page, i, &flow, i, 10, 20 + 10.0 * (double)i);
    assert_near(page.boxes[0].frame.y, 20);
    /* Measuring (no page) finds the same cursor and end. */
    galley_flow_step_t measured;
    galley_flow_place(&flow, 0, &frames, INFINITY, NULL, &measured);
    assert_int_equal(measured.cursor, 5);
    assert_near(measured.bottom, 70);
    /* A limit above the frame's foot holds fewer. */
    galley_flow_place(&flow, 0, &frames, 45, NULL, &measured);
    assert_int_equal(measured.cursor, 2);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* Lines whose heights add up to the frame's height, but for rounding, fill
 * it: 3 x 9.3 pt sums to 27.900000000000002 in a 27.9 pt frame. */
static void test_exact_fit(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_lines(&flow, 4, 9.3);
    galley_rect_t fr[2] = {{0, 0, 100, 27.9}, {110, 0, 100, 27.9}};
    galley_frames_t frames = {fr, 2, 0, 12, 0};
    galley_flow_step_t step;
    galley_flow_place(&flow, 0, &frames, INFINITY, NULL, &step);
    galley_page_t page = new_page(1);
    galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step);
    assert_int_equal(page.n_boxes, 4);
    assert_box(&page, 2, &flow, 2, 0, 18.6);
    assert_box(&page, 3, &flow, 3, 110, 0);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* The flow runs on from one frame into the next, at the next frame's top. */
static void test_frames_chain(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_lines(&flow, 5, 10);
    galley_rect_t fr[2] = {{0, 0, 100, 30}, {110, 5, 100, 30}};
    galley_frames_t frames = {fr, 2, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step), 0);
    assert_int_equal(step.cursor, 5);
    assert_false(step.left);
    assert_int_equal(step.frame, 1);
    assert_near(step.bottom, 25);
    assert_box(&page, 0, &flow, 0, 0, 0);
    assert_box(&page, 2, &flow, 2, 0, 20);
    assert_box(&page, 3, &flow, 3, 110, 5);
    assert_box(&page, 4, &flow, 4, 110, 15);
    assert_near(page.boxes[3].frame.x, 110);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* Space before an item counts inside a frame and is dropped at its top. */
static void test_space_before_dropped_at_top(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_item(&flow, 10, 8, 7, 0, 0, 0); /* first in the frame: its space dropped */
    add_item(&flow, 10, 8, 5, 0, 0, 0); /* 10 + 5 */
    add_item(&flow, 10, 8, 5, 0, 0, 0); /* 30 + 10 > 30: starts the next frame */
    galley_rect_t fr[2] = {{0, 0, 100, 30}, {110, 0, 100, 30}};
    galley_frames_t frames = {fr, 2, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step);
    assert_int_equal(page.n_boxes, 3);
    assert_box(&page, 0, &flow, 0, 0, 0);
    assert_box(&page, 1, &flow, 1, 0, 15);
    assert_box(&page, 2, &flow, 2, 110, 0);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* Lines on the grid put their baselines on the next grid line. */
static void test_grid_snap(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_item(&flow, 12, 9, 0, 1, 0, 0); /* baseline 5 + 9 = 14, snapped to 24 */
    add_item(&flow, 12, 9, 0, 1, 0, 0); /* 27 + 9 = 36: on the grid already */
    add_item(&flow, 12, 9, 4, 1, 0, 0); /* 39 + 4 + 9 = 52, snapped to 60 */
    add_item(&flow, 10, 8, 0, 0, 0, 0); /* off the grid: right below */
    galley_rect_t fr[1] = {{0, 5, 100, 200}};
    galley_frames_t frames = {fr, 1, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step);
    assert_int_equal(page.n_boxes, 4);
    assert_near(page.boxes[0].baseline, 24);
    assert_near(page.boxes[1].baseline, 36);
    assert_near(page.boxes[2].baseline, 60);
    assert_box(&page, 3, &flow, 3, 0, 63);
    assert_near(step.bottom, 73);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* An item that keeps with the next goes on to the next frame with it. */
static void test_keep_moves_on(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_lines(&flow, 2, 10);
    add_item(&flow, 10, 8, 0, 0, 1, 0); /* fits at 20..30, but keeps with item 3 */
    add_lines(&flow, 1, 10);
    galley_rect_t fr[2] = {{0, 0, 100, 30}, {110, 0, 100, 30}};
    galley_frames_t frames = {fr, 2, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step);
    assert_int_equal(page.n_boxes, 4);
    assert_box(&page, 1, &flow, 1, 0, 10);
    assert_box(&page, 2, &flow, 2, 110, 0);
    assert_box(&page, 3, &flow, 3, 110, 10);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* A chain of keeps taller than any frame is relaxed: it breaks like a long
 * paragraph, filling each frame, instead of a line a frame. */
static void test_keep_relaxed(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    for (int i = 0; i < 5; i++)
        add_item(&flow, 10, 8, 0, 0, i < 4 ? 1 : 0, 0);
    galley_rect_t fr[2] = {{0, 0, 100, 30}, {110, 0, 100, 30}};
    galley_frames_t frames = {fr, 2, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step);
    assert_int_equal(step.cursor, 5);
    assert_box(&page, 2, &flow, 2, 0, 20);
    assert_box(&page, 3, &flow, 3, 110, 0);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* A line ending in an inserted hyphen never ends a frame; the flow's last
 * line may. */
static void test_hyphen_never_ends_frame(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_lines(&flow, 2, 10);
    add_item(&flow, 10, 8, 0, 0, 0, 1); /* hyphenated, would end frame 0 */
    add_lines(&flow, 2, 10);
    galley_rect_t fr[2] = {{0, 0, 100, 30}, {110, 0, 100, 30}};
    galley_frames_t frames = {fr, 2, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step);
    assert_int_equal(page.n_boxes, 5);
    assert_box(&page, 1, &flow, 1, 0, 10);
    assert_box(&page, 2, &flow, 2, 110, 0);
    page_fini(&page);
    galley_flow_fini(&flow);

    reset(&flow);
    add_lines(&flow, 2, 10);
    add_item(&flow, 10, 8, 0, 0, 0, 1); /* hyphenated, but the flow's last */
    page = new_page(1);
    galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step);
    assert_box(&page, 2, &flow, 2, 0, 20);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* When all that is left fits, the columns are balanced; when not, they fill. */
static void test_balanced(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_lines(&flow, 6, 10);
    galley_rect_t fr[2] = {{0, 0, 100, 100}, {110, 0, 100, 100}};
    galley_frames_t frames = {fr, 2, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place_balanced(&flow, 0, &frames, &page, &step), 0);
    assert_int_equal(step.cursor, 6);
    assert_int_equal(page.n_boxes, 6);
    assert_box(&page, 2, &flow, 2, 0, 20);
    assert_box(&page, 3, &flow, 3, 110, 0);
    assert_box(&page, 5, &flow, 5, 110, 20);
    page_fini(&page);
    galley_flow_fini(&flow);

    reset(&flow);
    add_lines(&flow, 25, 10);
    page = new_page(1);
    galley_flow_place_balanced(&flow, 0, &frames, &page, &step);
    assert_int_equal(step.cursor, 20);
    assert_true(step.left);
    assert_box(&page, 9, &flow, 9, 0, 90);
    assert_box(&page, 10, &flow, 10, 110, 0);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* A story placed on one page resumes on a later one from its cursor, as an
 * article that jumps does: its next item starts the continuation's frame,
 * space before dropped. */
static void test_story_resumes_on_later_page(void **state)
{
    (void)state;
    galley_story_t story = {{0}, 0};
    reset(&story.flow);
    add_lines(&story.flow, 3, 10);
    add_item(&story.flow, 10, 8, 7, 0, 0, 0);
    add_lines(&story.flow, 4, 10);
    galley_rect_t slot[1] = {{40, 100, 100, 30}};
    galley_frames_t first = {slot, 1, 0, 12, 0};
    galley_page_t p1 = new_page(1), p3 = new_page(3);
    galley_flow_step_t step;
    assert_int_equal(galley_story_place(&story, &first, INFINITY, 0, &p1, &step), 0);
    assert_int_equal(story.cursor, 3);
    assert_true(galley_story_left(&story));
    assert_int_equal(p1.n_boxes, 3);
    galley_rect_t cont[2] = {{200, 50, 100, 30}, {310, 50, 100, 30}};
    galley_frames_t later = {cont, 2, 0, 12, 0};
    assert_int_equal(galley_story_place(&story, &later, INFINITY, 0, &p3, &step), 0);
    assert_int_equal(story.cursor, 8);
    assert_false(galley_story_left(&story));
    assert_int_equal(step.placed, 5);
    assert_int_equal(p3.n_boxes, 5);
    assert_box(&p3, 0, &story.flow, 3, 200, 50);
    assert_box(&p3, 2, &story.flow, 5, 200, 70);
    assert_box(&p3, 3, &story.flow, 6, 310, 50);
    assert_int_equal(step.frame, 1);
    assert_near(step.bottom, 70);
    page_fini(&p1);
    page_fini(&p3);
    galley_story_fini(&story);
    assert_int_equal(story.cursor, 0);
}

/* Content areas mirror at the spine; columns, spans and the folio band. */
/* A photo in the flow is an image box across its frame, kept with its
 * caption: when the caption would not fit under it, both go to the next
 * frame, where the photo's space above is dropped. */
static void test_photo_block(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_lines(&flow, 2, 10);
    galley_image_t image;
    memset(&image, 0, sizeof image);
    galley_photo_t photo;
    memset(&photo, 0, sizeof photo);
    photo.image = &image;
    photo.has_focus = 1;
    photo.focus_x = 0.25;
    photo.focus_y = 0.75;
    galley_flow_item_t it;
    memset(&it, 0, sizeof it);
    it.kind = GALLEY_FLOW_PHOTO;
    it.role = "photo";
    it.element = "photos[1]";
    it.height = 30;
    it.space_before = 5;
    it.keep = 1;
    it.photo = &photo;
    assert_int_equal(galley_flow_append(&flow, &it), 0);
    add_item(&flow, 10, 8, 0, 0, 0, 0); /* its caption */
    add_lines(&flow, 1, 10);
    galley_rect_t fr[2] = {{10, 20, 100, 60}, {120, 20, 100, 60}};
    galley_frames_t frames = {fr, 2, 0, 12, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step), 0);
    assert_false(step.left);
    assert_int_equal(page.n_boxes, 5);
    const galley_box_t *b = &page.boxes[2];
    assert_int_equal(b->kind, GALLEY_BOX_IMAGE);
    assert_string_equal(b->role, "photo");
    assert_string_equal(b->element, "photos[1]");
    assert_ptr_equal(b->image, &image);
    assert_near(b->rect.x, 120);
    assert_near(b->rect.y, 20); /* the top of the frame: space above dropped */
    assert_near(b->rect.width, 100);
    assert_near(b->rect.height, 30);
    assert_near(b->focus_x, 0.25);
    assert_near(b->focus_y, 0.75);
    assert_box(&page, 3, &flow, 3, 120, 50);
    assert_box(&page, 4, &flow, 4, 120, 60);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* Appends N lines of element EL, 10 pt each, off the grid; the first keeps
 * with the next KEEP items, and FLOATS says whether it starts a float. */
static void add_block(galley_flow_t *flow, int n, const char *el, double space_before, int keep,
                      int floats)
{
    for (int i = 0; i < n; i++) {
        fixture_add(flow, 10, 8, i == 0 ? space_before : 0, 0, i == 0 ? keep : 0, 0, el);
        if (i == 0)
            flow->items[flow->n - 1].floats = floats;
    }
}

/* A story of 3 lines, a pull quote of 4 (40 pt kept whole, a float), and 5
 * lines after it: items 0-2, 3-6 and 7-11. */
static void quote_story(galley_flow_t *flow)
{
    reset(flow);
    add_block(flow, 3, "body[0]", 0, 0, 0);
    add_block(flow, 4, "body[1]", 0, 3, 1);
    add_block(flow, 5, "body[2]", 0, 0, 0);
}

/* A pull quote that does not fit under the text before it moves, whole, to
 * the top of the next frame; the text after it fills the first frame and
 * goes on under the quote. The boxes come in the flow's order. */
static void test_float_moves_on(void **state)
{
    (void)state;
    galley_flow_t flow;
    quote_story(&flow);
    galley_rect_t fr[2] = {{0, 0, 100, 60}, {110, 0, 100, 60}};
    galley_frames_t frames = {fr, 2, 0, 10, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step), 0);
    assert_int_equal(step.cursor, 12);
    assert_int_equal(step.placed, 12);
    assert_false(step.left);
    assert_int_equal(step.frame, 1);
    assert_near(step.bottom, 60);
    assert_int_equal(page.n_boxes, 12);
    for (size_t i = 0; i < 3; i++)
        assert_box(&page, i, &flow, i, 0, 10.0 * i);
    for (size_t i = 3; i < 7; i++) /* the quote atop the second frame */
        assert_box(&page, i, &flow, i, 110, 10.0 * (i - 3));
    for (size_t i = 7; i < 10; i++) /* the text after it fills the first */
        assert_box(&page, i, &flow, i, 0, 30 + 10.0 * (i - 7));
    for (size_t i = 10; i < 12; i++) /* and goes on under the quote */
        assert_box(&page, i, &flow, i, 110, 40 + 10.0 * (i - 10));
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* A float's space under it (space_after) goes with it: where the quote
 * moves on, the text after it fills the first frame straight under the text
 * before it, and the text that goes on under the quote in the next frame
 * stands the quote's space below it; where the quote stays, that space is
 * under it there. */
static void test_float_space_after(void **state)
{
    (void)state;
    galley_flow_t flow;
    quote_story(&flow);
    flow.items[3].space_after = 10;
    galley_rect_t fr[2] = {{0, 0, 100, 60}, {110, 0, 100, 70}};
    galley_frames_t frames = {fr, 2, 0, 10, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step), 0);
    assert_int_equal(step.cursor, 12);
    for (size_t i = 7; i < 10; i++) /* no space where the quote was */
        assert_box(&page, i, &flow, i, 0, 30 + 10.0 * (i - 7));
    for (size_t i = 10; i < 12; i++) /* the quote's space under it */
        assert_box(&page, i, &flow, i, 110, 50 + 10.0 * (i - 10));
    page_fini(&page);
    /* Room for the quote under the text: it stays, with its space under it. */
    galley_rect_t tall[1] = {{0, 0, 100, 200}};
    galley_frames_t one = {tall, 1, 0, 10, 0};
    page = new_page(1);
    assert_int_equal(galley_flow_place(&flow, 0, &one, INFINITY, &page, &step), 0);
    assert_box(&page, 3, &flow, 3, 0, 30);
    assert_box(&page, 7, &flow, 7, 0, 80);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* A first frame that starts below its column's top (mid_column: a bilingual
 * pair starting where the last ended) does not take a kept block's first
 * item alone at its foot: the block moves on whole, as from any item but a
 * fresh frame's first. */
static void test_mid_column_keeps(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_block(&flow, 4, "body[1]", 0, 3, 1); /* a quote of 4 lines kept whole */
    galley_rect_t fr[2] = {{0, 45, 100, 15}, {110, 0, 100, 60}};
    galley_frames_t fresh = {fr, 2, 0, 10, 0}, mid = {fr, 2, 0, 10, 1};
    galley_flow_step_t step;
    galley_page_t page = new_page(1);
    assert_int_equal(galley_flow_place(&flow, 0, &mid, INFINITY, &page, &step), 0);
    assert_int_equal(step.cursor, 4);
    for (size_t i = 0; i < 4; i++) /* all of it atop the next frame */
        assert_box(&page, i, &flow, i, 110, 10.0 * i);
    page_fini(&page);
    /* A fresh frame's first item goes in regardless (it may be all there is). */
    assert_int_equal(galley_flow_place(&flow, 0, &fresh, INFINITY, NULL, &step), 0);
    assert_int_equal(step.cursor, 4);
    page = new_page(1);
    assert_int_equal(galley_flow_place(&flow, 0, &fresh, INFINITY, &page, &step), 0);
    assert_box(&page, 0, &flow, 0, 0, 45);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* Balancing never takes a limit that leaves the first frame without its
 * first item and what that keeps with: a first frame starting low (under a
 * head set one column wide) keeps its 4 kept lines, and the rest balance. */
static void test_balanced_first_frame_keeps(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_block(&flow, 4, "body[0]", 0, 3, 0); /* a byline kept with 3 lines */
    add_block(&flow, 4, "body[1]", 0, 0, 0);
    /* The first frame starts 20 lines down: more than balancing's search for a
     * cleaner depth (12 grid lines under the lowest) reaches. */
    galley_rect_t fr[2] = {{0, 200, 100, 200}, {110, 0, 100, 400}};
    galley_frames_t frames = {fr, 2, 0, 10, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place_balanced(&flow, 0, &frames, &page, &step), 0);
    assert_int_equal(step.cursor, 8);
    for (size_t i = 0; i < 4; i++) /* the first frame holds the kept block */
        assert_box(&page, i, &flow, i, 0, 200 + 10.0 * i);
    for (size_t i = 4; i < 8; i++)
        assert_box(&page, i, &flow, i, 110, 10.0 * (i - 4));
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* A float moves on only to a frame of the same placing where it fits whole:
 * in the last frame (or when the next is too short) the text stops before
 * it, so the cursor never skips it; it is never placed before its text. */
static void test_float_stays(void **state)
{
    (void)state;
    galley_flow_t flow;
    quote_story(&flow);
    galley_rect_t fr[2] = {{0, 0, 100, 60}, {110, 0, 100, 30}};
    galley_frames_t one = {fr, 1, 0, 10, 0}, short_next = {fr, 2, 0, 10, 0};
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place(&flow, 0, &one, INFINITY, NULL, &step), 0);
    assert_int_equal(step.cursor, 3);
    assert_true(step.left);
    assert_int_equal(galley_flow_place(&flow, 0, &short_next, INFINITY, NULL, &step), 0);
    /* The quote cannot move on whole (the second frame is too short): it
     * starts that frame and breaks there, as any block kept together that a
     * frame cannot hold; the text after it waits. */
    assert_int_equal(step.cursor, 6);
    /* From its own start at the top of a frame it is placed where it is. */
    galley_page_t page = new_page(1);
    assert_int_equal(galley_flow_place(&flow, 3, &one, INFINITY, &page, &step), 0);
    assert_int_equal(step.cursor, 9);
    assert_box(&page, 0, &flow, 3, 0, 0);
    assert_box(&page, 4, &flow, 7, 0, 40);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* A subhead kept with its first two lines does not fit at the foot of a
 * frame the flow goes on from: it moves on, and of the 3 grid lines it
 * leaves, 2 are added as space above the paragraphs of the frame, one each
 * from the foot up, till the frame ends at most a line above its foot. */
static void test_justify_moved_subhead(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_block(&flow, 2, "body[0]", 0, 0, 0);
    add_block(&flow, 2, "body[1]", 0, 0, 0);
    add_block(&flow, 2, "body[2]", 0, 0, 0);
    add_block(&flow, 1, "body[3]", 10, 2, 0); /* the subhead, a line's space above it */
    add_block(&flow, 3, "body[4]", 0, 0, 0);
    galley_rect_t fr[2] = {{0, 0, 100, 90}, {110, 0, 100, 90}};
    galley_frames_t frames = {fr, 2, 0, 10, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place(&flow, 0, &frames, INFINITY, &page, &step), 0);
    assert_int_equal(step.cursor, 10);
    assert_box(&page, 0, &flow, 0, 0, 0);
    assert_box(&page, 1, &flow, 1, 0, 10);
    assert_box(&page, 2, &flow, 2, 0, 30); /* a line above body[1] */
    assert_box(&page, 3, &flow, 3, 0, 40);
    assert_box(&page, 4, &flow, 4, 0, 60); /* and one above body[2] (the first) */
    assert_box(&page, 5, &flow, 5, 0, 70); /* ending 1 line above the foot, 90 */
    assert_box(&page, 6, &flow, 6, 110, 0);
    assert_box(&page, 9, &flow, 9, 110, 30);
    /* The frame where the flow ends is not justified. */
    galley_page_t last = new_page(1);
    assert_int_equal(galley_flow_place(&flow, 6, &frames, INFINITY, &last, &step), 0);
    assert_box(&last, 3, &flow, 9, 0, 30);
    page_fini(&last);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* Balanced columns with a float: the float moves on and the text fills the
 * first column to the balanced line, so no column but the last ends short. */
static void test_balanced_float(void **state)
{
    (void)state;
    galley_flow_t flow;
    quote_story(&flow);
    galley_rect_t fr[2] = {{0, 0, 100, 200}, {110, 0, 100, 200}};
    galley_frames_t frames = {fr, 2, 0, 10, 0};
    galley_page_t page = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place_balanced(&flow, 0, &frames, &page, &step), 0);
    assert_false(step.left);
    /* 12 lines, 60 pt a column (kept whole under the first 3 lines, the
     * quote would need 70 and the second column 90): the quote (items 3-6)
     * heads column two and the text fills column one to the same line. */
    assert_box(&page, 2, &flow, 2, 0, 20);
    assert_box(&page, 3, &flow, 3, 110, 0);
    assert_box(&page, 7, &flow, 7, 0, 30);
    assert_box(&page, 9, &flow, 9, 0, 50);
    assert_box(&page, 10, &flow, 10, 110, 40);
    assert_box(&page, 11, &flow, 11, 110, 50);
    page_fini(&page);
    galley_flow_fini(&flow);
}

/* Appends N_PARAS paragraphs of LINES grid lines each (10 pt on a 10 pt
 * grid, each its own element body[i]) to FLOW. */
static void add_paragraphs(galley_flow_t *flow, int n_paras, int lines)
{
    static const char *const el[] = {"body[0]", "body[1]", "body[2]", "body[3]", "body[4]",
                                     "body[5]", "body[6]", "body[7]", "body[8]", "body[9]"};
    for (int p = 0; p < n_paras; p++)
        for (int i = 0; i < lines; i++)
            fixture_add(flow, 10, 8, 0, 1, 0, 0, el[p % 10]);
}

/* The bottom of the lowest box of PAGE in the frame at X. */
static double column_end(const galley_page_t *page, double x)
{
    double end = -1;
    for (size_t i = 0; i < page->n_boxes; i++)
        if (fabs(page->boxes[i].frame.x - x) < 1e-9)
            end = fmax(end, page->boxes[i].rect.y + page->boxes[i].rect.height);
    return end;
}

/* Fill mode: 6 paragraphs of 4 lines (24 lines) into 3 frames of 9 lines,
 * which balancing sets 8 lines deep, are set down to the foot: a grid line
 * of space above a paragraph's first line in each column (never atop one),
 * every column ending on the foot, every baseline on the grid. */
static void test_fill_to_foot(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_paragraphs(&flow, 6, 4);
    galley_rect_t fr[3] = {{0, 0, 100, 90}, {110, 0, 100, 90}, {220, 0, 100, 90}};
    galley_frames_t frames = {fr, 3, 8, 10, 0}; /* baselines 8 below a line's top */
    galley_page_t page = new_page(1), balanced = new_page(1);
    galley_flow_step_t step;
    assert_int_equal(galley_flow_place_balanced(&flow, 0, &frames, &balanced, &step), 0);
    for (int f = 0; f < 3; f++)
        assert_near(column_end(&balanced, fr[f].x), 80);
    assert_int_equal(galley_flow_place_filled(&flow, 0, &frames, &page, &step), 0);
    assert_false(step.left);
    assert_int_equal(step.placed, flow.n);
    assert_int_equal(step.short_lines, 0);
    int added[3] = {0, 0, 0};
    for (size_t i = 0; i < page.n_boxes; i++) {
        const galley_box_t *b = &page.boxes[i];
        assert_ptr_equal(b->line, flow.items[i].line); /* in the flow's order */
        double lines = (b->baseline - 8) / 10;         /* on the grid */
        assert_near(lines, round(lines));
        /* A grid line of space only above a paragraph's first line. */
        if (i > 0 && b->frame.x == page.boxes[i - 1].frame.x &&
            b->rect.y > page.boxes[i - 1].rect.y + 10 + 1e-9) {
            assert_near(b->rect.y, page.boxes[i - 1].rect.y + 20);
            assert_true(strcmp(b->element, page.boxes[i - 1].element) != 0);
            added[(int)(b->frame.x / 110)]++;
        }
    }
    for (int f = 0; f < 3; f++) {
        assert_near(column_end(&page, fr[f].x), 90);
        assert_int_equal(added[f], 1); /* spread: one a column */
    }
    page_fini(&page);
    page_fini(&balanced);
    galley_flow_fini(&flow);
}

/* Fill mode without enough gaps: one paragraph of 20 lines has no gap to
 * take space, so it stays balanced (7, 7, 6 lines) and the step says 3 grid
 * lines stay empty at the foot; and a display item (a subhead, with space
 * above it) takes the first line before any paragraph does. */
static void test_fill_short(void **state)
{
    (void)state;
    galley_flow_t flow;
    reset(&flow);
    add_paragraphs(&flow, 1, 20);
    galley_rect_t fr[3] = {{0, 0, 100, 100}, {110, 0, 100, 100}, {220, 0, 100, 100}};
    galley_frames_t frames = {fr, 3, 8, 10, 0}; /* baselines 8 below a line's top */
    galley_page_t page = new_page(1), balanced = new_page(1);
    galley_flow_step_t step, bstep;
    assert_int_equal(galley_flow_place_filled(&flow, 0, &frames, &page, &step), 0);
    assert_int_equal(galley_flow_place_balanced(&flow, 0, &frames, &balanced, &bstep), 0);
    assert_false(step.left);
    assert_int_equal(page.n_boxes, balanced.n_boxes);
    for (size_t i = 0; i < page.n_boxes; i++) {
        assert_near(page.boxes[i].rect.x, balanced.boxes[i].rect.x);
        assert_near(page.boxes[i].rect.y, balanced.boxes[i].rect.y);
    }
    assert_near(column_end(&page, 0), 70);
    assert_near(column_end(&page, 220), 60);
    assert_int_equal(step.short_lines, 3);
    page_fini(&page);
    page_fini(&balanced);
    /* 4 paragraphs of 5 lines, a one-line subhead (10 pt of space above it,
     * kept with the next line) after the first: balanced 8, 8 and 6 lines
     * deep into frames of 9. Three gaps: the subhead's takes its line first
     * (items 5), then the paragraphs' that start inside a column (items 11
     * and 16); the one after the subhead is kept with it. */
    galley_flow_fini(&flow);
    reset(&flow);
    add_paragraphs(&flow, 1, 5);
    fixture_add(&flow, 10, 8, 10, 1, 1, 0, "body[1]");
    flow.items[flow.n - 1].role = "subhead";
    add_paragraphs(&flow, 3, 5);
    for (size_t i = 6; i < flow.n; i++) /* paragraphs 2 to 4, their own elements */
        flow.items[i].element = (const char *[]){"body[2]", "body[3]", "body[4]"}[(i - 6) / 5];
    fr[0].height = fr[1].height = fr[2].height = 90;
    page = new_page(1);
    assert_int_equal(galley_flow_place_filled(&flow, 0, &frames, &page, &step), 0);
    assert_false(step.left);
    assert_int_equal(step.short_lines, 0);
    assert_near(page.boxes[4].rect.y, 40);  /* the first paragraph's last line */
    assert_near(page.boxes[5].rect.y, 70);  /* the subhead: 10 pt and a grid line under it */
    assert_near(page.boxes[11].rect.y, 50); /* column 2: a line above the third paragraph */
    assert_near(page.boxes[11].frame.x, 110);
    assert_near(page.boxes[16].rect.y, 20); /* column 3: above the fourth */
    assert_near(page.boxes[16].frame.x, 220);
    assert_near(column_end(&page, 0), 90);
    assert_near(column_end(&page, 110), 90);
    assert_near(column_end(&page, 220), 70); /* the last: as far above as balancing left it */
    page_fini(&page);
    galley_flow_fini(&flow);
}

static void test_frame_geometry(void **state)
{
    (void)state;
    galley_layout_t *l = fixture_layout(12);
    galley_rect_t odd = galley_frame_content(l, 1), even = galley_frame_content(l, 2);
    assert_near(odd.x, 50);
    assert_near(even.x, 30);
    assert_near(odd.y, 40);
    assert_near(odd.width, 520);
    assert_near(odd.height, 700);
    galley_rect_t c = galley_frame_columns(l, odd, 1, 2, 100, 300);
    assert_near(c.x, 182.5);
    assert_near(c.width, 255);
    assert_near(c.y, 100);
    assert_near(c.height, 200);
    assert_near(galley_frame_columns(l, even, 3, 1, 0, 0).x, 427.5);
    assert_near(galley_frame_columns(l, odd, 0, 1, 300, 100).height, 0);
    galley_rect_t folio = galley_frame_folio(l, odd);
    assert_near(folio.y, 762.5);
    assert_near(folio.height, 10);
    assert_near(galley_grid_snap(0, 12, 24), 24);
    assert_near(galley_grid_snap(0, 12, 24.5), 36);
    assert_near(galley_grid_snap(40, 12, 30), 40);
    free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stack_and_left),
        cmocka_unit_test(test_exact_fit),
        cmocka_unit_test(test_frames_chain),
        cmocka_unit_test(test_space_before_dropped_at_top),
        cmocka_unit_test(test_grid_snap),
        cmocka_unit_test(test_keep_moves_on),
        cmocka_unit_test(test_keep_relaxed),
        cmocka_unit_test(test_hyphen_never_ends_frame),
        cmocka_unit_test(test_balanced),
        cmocka_unit_test(test_balanced_first_frame_keeps),
        cmocka_unit_test(test_story_resumes_on_later_page),
        cmocka_unit_test(test_frame_geometry),
        cmocka_unit_test(test_photo_block),
        cmocka_unit_test(test_float_moves_on),
        cmocka_unit_test(test_float_stays),
        cmocka_unit_test(test_float_space_after),
        cmocka_unit_test(test_mid_column_keeps),
        cmocka_unit_test(test_justify_moved_subhead),
        cmocka_unit_test(test_balanced_float),
        cmocka_unit_test(test_grid_at_top),
        cmocka_unit_test(test_fill_to_foot),
        cmocka_unit_test(test_fill_short),
    };
    return cmocka_run_group_tests_name("flow", tests, NULL, NULL);
}
