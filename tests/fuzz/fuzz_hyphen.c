/* fuzz_hyphen.c: libFuzzer harness for hyphenation lists and the lookup
 * (render/resources/hyphen_list.c, hyphenation.c).
 *
 * Each input is parsed as a house list; every word it holds is then looked
 * up, and the input's first line hyphenated by galley_hyphen_find with the
 * list, the exceptions and the patterns. A list that parses must find each
 * of its words with no more breaks than letters; a failed parse must have
 * said why. Never crashes, leaks or hangs.
 */
#include "hyphen_list.h"
#include "hyphenation.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef GALLEY_DATADIR
#define GALLEY_DATADIR "."
#endif

static galley_hyphen_t *hyphen;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (galley_hyphen_create(GALLEY_DATADIR, &hyphen) != GALLEY_STATUS_SUCCESS)
        abort();
    return 0;
}

/* Looks up every run of ASCII letters of DATA (N bytes) in HOUSE and the
 * dictionaries: the points stay inside the word. */
static void lookup_words(const galley_hyphen_house_t *house, const char *data, size_t n)
{
    galley_hyphen_rules_t rules = {2, 3, 5, 1};
    for (size_t i = 0; i < n;) {
        if (!g_ascii_isalpha(data[i])) {
            i++;
            continue;
        }
        size_t a = i;
        while (i < n && g_ascii_isalpha(data[i]))
            i++;
        if (i - a > GALLEY_HYPHEN_MAX_WORD)
            continue;
        char points[GALLEY_HYPHEN_MAX_WORD];
        int k =
            galley_hyphen_find(hyphen, GALLEY_HYPHEN_EN_US, house, &rules, data + a, i - a, points);
        if (k < 0 || (size_t)k >= i - a)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_hyphen_list_t *list = NULL;
    if (galley_hyphen_list_create(&list) != GALLEY_STATUS_SUCCESS)
        abort();
    galley_status_t st = galley_hyphen_list_parse(list, text, size, "fuzz.txt", &diags);
    if (st != GALLEY_STATUS_SUCCESS && diags.count == 0)
        __builtin_trap();
    galley_hyphen_house_t house = {{list, NULL, NULL}};
    lookup_words(&house, text, size);
    galley_hyphen_list_destroy(list);
    galley_diags_fini(&diags);
    return 0;
}
