/* fuzz_layout.c: libFuzzer harness for layout loading (render/layout.c and
 * json.c).
 *
 * Each input is written to a temporary file (in /dev/shm when there is one)
 * and loaded as a layout path; a layout that loads must satisfy the
 * geometry the composer relies on (positive page, columns at least 10 mm,
 * every style's line inside the type area). Never crashes, leaks or hangs.
 */
#include "layout.h"
#include "tempfile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GALLEY_DATADIR
#define GALLEY_DATADIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_temp_init("layout");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_temp_write("layout", data, size);
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_layout_t *l = NULL;
    galley_status_t st = galley_layout_load(path, GALLEY_DATADIR, &l, &diags);
    if ((st == GALLEY_STATUS_SUCCESS) != (l != NULL) || (st && !diags.count))
        __builtin_trap();
    if (l) {
        double area = l->page_height - l->margin_top - l->margin_bottom;
        double column = galley_layout_column_width(l);
        if (!(l->page_width > 0 && area > 0 && column >= 10 * 72 / 25.4 - 1e-6 && l->grid > 0 &&
              l->grid <= area && l->columns >= 1 && l->photo_columns >= 1 &&
              l->photo_columns <= l->columns && l->deck_columns >= 1 &&
              l->deck_columns <= l->columns))
            __builtin_trap();
        for (int i = 0; i < GALLEY_STYLE_COUNT; i++) {
            const galley_style_t *s = &l->styles[i];
            if (!s->family || !(s->size >= 1 && s->size <= 400) || !(s->leading > 0) ||
                s->indent >= column)
                __builtin_trap();
        }
    }
    galley_layout_destroy(l);
    galley_diags_fini(&diags);
    return 0;
}
