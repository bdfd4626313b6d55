/* fuzz_edition.c: libFuzzer harness for edition loading (render/edition.c
 * and json.c).
 *
 * Each input is written to a temporary file (in /dev/shm when there is one)
 * and loaded as an edition; an edition that loads must hold slots inside its
 * grid and jumps to later pages. Never crashes, leaks or hangs.
 */
#include "edition.h"
#include "tempfile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_temp_init("edition");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_temp_write("edition", data, size);
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_edition_t *e = NULL;
    galley_status_t st = galley_edition_load(path, NULL, &e, &diags);
    if ((st == GALLEY_STATUS_SUCCESS) != (e != NULL) || (st && !diags.count))
        __builtin_trap();
    for (size_t p = 0; e && p < e->n_pages; p++)
        for (size_t i = 0; i < e->pages[p].n_articles; i++) {
            const galley_placement_t *a = &e->pages[p].articles[i];
            if (!a->article || (!e->pages[p].fill && a->slot.row + a->slot.rows > e->rows) ||
                (a->jump && (size_t)a->jump <= p + 1))
                __builtin_trap();
        }
    galley_edition_destroy(e);
    galley_diags_fini(&diags);
    return 0;
}
