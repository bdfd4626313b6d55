/* fuzz_import.c: libFuzzer harness for the newsroom-format importers
 * (render/model/import*.c: ninjs, NITF, NewsML-G2, HTML bodies, through
 * libxml2 and jansson) and the loader they feed.
 *
 * Each input is a foreign article's bytes, imported as if it were the file
 * tests/bad/images/fuzz.xml under --root tests/bad/images (photos named in it
 * resolve to the damaged and good images there, nothing outside is read).
 * The format is recognised by content, as `galley render` does, except that
 * an input whose size is a multiple of 5 is forced to one of the --from
 * formats (size / 5 % 5), so a JSON article can be read as NITF and the
 * other way round. A successful import is dumped as `galley convert` would
 * and the dump loaded again: it must load, as the mapping promises. Never
 * crashes, leaks or hangs on any input; `make fuzz` runs it.
 */
#include "article.h"
#include "import.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef GALLEY_DATADIR
#define GALLEY_DATADIR "."
#endif

#define FUZZ_NAME GALLEY_DATADIR "/tests/bad/images/fuzz.xml"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    galley_import_init();
    return 0;
}

/* Loads the Galley JSON TEXT that a successful import dumped: it must load
 * or report why (a photo the fuzzer named may be missing or damaged), never
 * fail silently. */
static void load_dump(const char *text, const galley_load_options_t *opt)
{
    galley_load_options_t lo = *opt;
    lo.from = GALLEY_FROM_GALLEY;
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_article_t *a = NULL;
    galley_status_t st = galley_article_load_buffer(FUZZ_NAME, text, strlen(text), &lo, &a, &diags);
    if ((st == GALLEY_STATUS_SUCCESS) != (a != NULL) || (st && !diags.count))
        __builtin_trap();
    galley_article_destroy(a);
    galley_diags_fini(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    galley_load_options_t opt = {0};
    opt.root = GALLEY_DATADIR "/tests/bad/images";
    opt.placeholder = (int)(size & 1);
    opt.from = size % 5 == 0 ? (int)(size / 5 % 5) : GALLEY_FROM_AUTO;
    galley_diags_t diags;
    galley_diags_init(&diags);
    json_t *mapped = NULL, *where = NULL;
    galley_status_t st =
        galley_import(FUZZ_NAME, (const char *)data, size, opt.from, &opt, &mapped, &where, &diags);
    if (st && (!diags.count || mapped || where))
        __builtin_trap(); /* every failure is reported, and returns nothing */
    if (mapped && !json_is_array(json_object_get(where, "")))
        __builtin_trap(); /* a mapped article has its places, the file's own at least */
    json_decref(where);
    if (mapped) {
        char *text = galley_import_dump(mapped);
        if (text)
            load_dump(text, &opt);
        free(text);
        json_decref(mapped);
    }
    /* the whole path a render takes: recognise, map, load */
    galley_article_t *a = NULL;
    galley_diags_t d2;
    galley_diags_init(&d2);
    st = galley_article_load_buffer(FUZZ_NAME, (const char *)data, size, &opt, &a, &d2);
    if ((st == GALLEY_STATUS_SUCCESS) != (a != NULL) || (st && !d2.count))
        __builtin_trap();
    galley_article_destroy(a);
    galley_diags_fini(&d2);
    galley_diags_fini(&diags);
    return 0;
}
