/* hyphenator.c: the API's hyphenator (`galley hyphenate`).
 *
 * Owns: showing a desk where Galley would break a word, before it prints:
 * the layout's body style (its hyphenation minimums), the house lists (the
 * command's and the layout's) and the language's exceptions and patterns,
 * applied by the same rule the breaker uses (typeset/hyphenate.c).
 */
#include "context.h"
#include "input.h"
#include "lang.h"
#include "typeset.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

struct galley_hyphenator {
    galley_context_t *ctx;       /* borrowed */
    galley_layout_t *layout;     /* owned */
    galley_hyphen_list_t *house; /* the command's list; owned, may be NULL */
    galley_hyphen_house_t lists; /* the command's, then the layout's */
    galley_hyphen_rules_t rules; /* the body style's */
    const char *dict;            /* the language's dictionary; NULL: none */
    int hyphenate;               /* the body style hyphenates at all */
};

galley_status_t galley_hyphenator_create(galley_context_t *ctx, const char *lang,
                                         const galley_render_options_t *options,
                                         galley_hyphenator_t **out)
{
    galley_render_options_t taken;
    const galley_render_options_t *opt = &taken;
    *out = NULL;
    galley_diags_clear(&ctx->diags);
    if (galley_options_take(ctx, options, &taken))
        return ctx->diags.status;
    galley_hyphenator_t *h = calloc(1, sizeof *h);
    if (!h)
        return galley_diags_error(&ctx->diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                  "out of memory");
    h->ctx = ctx;
    galley_status_t st = galley_layout_load_limited(
        opt->layout ? opt->layout : "tabloid", ctx->datadir, &opt->limits, &h->layout, &ctx->diags);
    if (!st && opt->hyphenation) {
        double mb =
            opt->limits.max_input_mb > 0 ? opt->limits.max_input_mb : GALLEY_DEFAULT_MAX_INPUT_MB;
        st = galley_hyphen_list_load(opt->hyphenation, NULL, galley_input_max_bytes(mb), &h->house,
                                     &ctx->diags);
    }
    if (st) {
        galley_hyphenator_destroy(h);
        return st;
    }
    const galley_style_t *body = &h->layout->styles[GALLEY_STYLE_BODY];
    const galley_linebreak_t *lb = &body->linebreak;
    h->rules = (galley_hyphen_rules_t){(int)lb->hyphen_left, (int)lb->hyphen_right,
                                       (int)lb->hyphen_min_word, lb->hyphen_capitalized != 0};
    h->lists = (galley_hyphen_house_t){{h->house, h->layout->hyphenation, NULL}};
    const galley_lang_t *module = galley_lang_find(lang ? lang : "en");
    h->dict = module ? module->hyphen_dict : NULL;
    h->hyphenate = body->hyphenate;
    *out = h;
    return GALLEY_STATUS_SUCCESS;
}

/* The byte offsets where hyphens go, gathered by galley_hyphenate_text. */
typedef struct {
    size_t *at;
    size_t n, cap;
} points_t;

/* Records a hyphen after byte BYTE. */
static int points_add(size_t byte, void *data)
{
    points_t *pts = data;
    if (pts->n == pts->cap) {
        size_t cap = pts->cap ? pts->cap * 2 : 16;
        size_t *at = realloc(pts->at, cap * sizeof *at);
        if (!at)
            return -1;
        pts->at = at;
        pts->cap = cap;
    }
    pts->at[pts->n++] = byte;
    return 0;
}

char *galley_hyphenator_word(galley_hyphenator_t *h, const char *text)
{
    size_t len = strlen(text);
    if (galley_utf8_check(text, len) < len)
        return NULL;
    points_t pts = {0};
    if (h->hyphenate && galley_hyphenate_text(h->ctx->hyphen, h->dict, &h->lists, &h->rules, text,
                                              len, points_add, &pts) != 0) {
        free(pts.at);
        return NULL;
    }
    char *out = malloc(len + pts.n + 1);
    if (out) {
        size_t o = 0, k = 0;
        for (size_t i = 0; i < len; i++) {
            if (k < pts.n && pts.at[k] == i)
                out[o++] = '-', k++;
            out[o++] = text[i];
        }
        out[o] = '\0';
    }
    free(pts.at);
    return out;
}

void galley_hyphenator_destroy(galley_hyphenator_t *h)
{
    if (!h)
        return;
    galley_layout_destroy(h->layout);
    galley_hyphen_list_destroy(h->house);
    free(h);
}
