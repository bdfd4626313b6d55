/* fuzz_article.c: libFuzzer harness for article loading (render/article.c,
 * json.c, text.c, photo.c).
 *
 * Each input is an article's bytes, loaded from memory as if it were the file
 * tests/bad/images/fuzz.json, under --root tests/bad/images: photos named in
 * it resolve to the damaged, truncated, oversized and good images there, and
 * nothing outside that folder is read. Inputs of odd length load with
 * --placeholder. A successful load is walked (every text, span and photo) so
 * a bad pointer in the model shows up here, not later. Never crashes, leaks
 * or hangs on any input; `make fuzz` runs it.
 */
#include "article.h"

#include <stdint.h>
#include <string.h>

#ifndef GALLEY_DATADIR
#define GALLEY_DATADIR "."
#endif

/* Reads every byte of T through its spans, as the typesetter would. */
static size_t touch_text(const galley_text_t *t)
{
    size_t sum = 0;
    for (size_t i = 0; t->text && i < t->len; i++)
        sum += (unsigned char)t->text[i];
    for (size_t i = 0; i < t->n_spans; i++) {
        const galley_span_t *s = &t->spans[i];
        if (s->start >= s->end || s->end > t->len)
            __builtin_trap(); /* the model's contract: start < end <= len */
        sum += s->url ? strlen(s->url) : 0;
    }
    return sum;
}

/* Walks one language's text fields. */
static size_t touch_article_text(const galley_article_text_t *t, size_t n_photos)
{
    size_t sum = touch_text(&t->section) + touch_text(&t->kicker) + touch_text(&t->headline) +
                 touch_text(&t->deck) + touch_text(&t->dateline) + touch_text(&t->byline.name);
    for (size_t i = 0; t->captions && i < n_photos; i++)
        sum += touch_text(&t->captions[i]) + touch_text(&t->credits[i]);
    for (size_t i = 0; i < t->n_body; i++)
        sum += touch_text(&t->body[i].text) + touch_text(&t->body[i].attribution) +
               strlen(t->body[i].field);
    for (size_t i = 0; i < t->n_related; i++)
        sum += touch_text(&t->related[i].headline);
    for (size_t i = 0; i < t->n_notes; i++)
        sum += touch_text(&t->notes[i]);
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    galley_load_options_t opt = {0};
    opt.root = GALLEY_DATADIR "/tests/bad/images";
    opt.placeholder = (int)(size & 1);
    galley_diags_t diags;
    galley_diags_init(&diags);
    galley_article_t *a = NULL;
    galley_status_t st = galley_article_load_buffer(GALLEY_DATADIR "/tests/bad/images/fuzz.json",
                                                    (const char *)data, size, &opt, &a, &diags);
    if ((st == GALLEY_STATUS_SUCCESS) != (a != NULL) || (st && !diags.count))
        __builtin_trap(); /* every failure is reported; only success returns an article */
    volatile size_t sum = 0;
    if (a) {
        sum += touch_article_text(&a->main, a->n_photos);
        for (size_t i = 0; i < a->n_translations; i++)
            sum += touch_article_text(&a->translations[i], a->n_photos);
        for (size_t i = 0; i < a->n_photos; i++)
            if (a->photos[i].image)
                sum += (size_t)a->photos[i].image->width * a->photos[i].image->height;
    }
    for (size_t i = 0; i < diags.count; i++)
        sum += strlen(diags.items[i].formatted);
    (void)sum;
    galley_article_destroy(a);
    galley_diags_fini(&diags);
    return 0;
}
