/* abi.c: the versioned parts of the public API (its ABI).
 *
 * Owns: the library's version, taking a caller's options structs (each
 * carries its size, so a program built against an older, shorter struct
 * keeps working: the fields it does not know take their defaults), and
 * diagnostics handed out in parts (galley_diagnostic_t).
 */
#include "context.h"

#include <stddef.h>
#include <string.h>

int galley_version(void)
{
    return GALLEY_VERSION_NUMBER;
}

const char *galley_version_string(void)
{
    return GALLEY_VERSION;
}

/* Copies the SIZE-byte struct IN (its own size field first, at least
 * MIN_SIZE bytes: the fields of the first version) into OUT (FULL bytes,
 * zeroed first: the fields IN lacks keep their defaults); NULL IN gives the
 * defaults. An IN not initialised (a size below MIN_SIZE or past 64 KB) is
 * an error naming WHAT. */
static galley_status_t options_copy(galley_context_t *ctx, const void *in, size_t full,
                                    size_t min_size, const char *what, void *out)
{
    memset(out, 0, full);
    *(size_t *)out = full;
    if (!in)
        return GALLEY_STATUS_SUCCESS;
    size_t size = *(const size_t *)in;
    if (size < min_size || size > 65536)
        return galley_diags_error(&ctx->diags, GALLEY_STATUS_INPUT_ERROR, NULL, 0, 0, NULL,
                                  "the %s were not initialised (call %s_init first)", what,
                                  what[0] == 'r' ? "galley_render_options"
                                                 : "galley_edition_options");
    memcpy(out, in, size < full ? size : full);
    *(size_t *)out = full;
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_options_take(galley_context_t *ctx, const galley_render_options_t *in,
                                    galley_render_options_t *out)
{
    return options_copy(ctx, in, sizeof *out, offsetof(galley_render_options_t, from) + sizeof(int),
                        "render options", out);
}

galley_status_t galley_edition_options_take(galley_context_t *ctx,
                                            const galley_edition_options_t *in,
                                            galley_edition_options_t *out)
{
    return options_copy(ctx, in, sizeof *out,
                        offsetof(galley_edition_options_t, jobs) + sizeof(int), "edition options",
                        out);
}

galley_status_t galley_context_diag_get(const galley_context_t *ctx, size_t i,
                                        galley_diagnostic_t *out)
{
    if (!out || i >= ctx->diags.count ||
        out->size < offsetof(galley_diagnostic_t, formatted) + sizeof(const char *))
        return GALLEY_STATUS_INPUT_ERROR;
    const galley_diag_t *d = &ctx->diags.items[i];
    galley_diagnostic_t v = {out->size, d->severity, d->file,    d->line,
                             d->column, d->field,    d->message, d->formatted};
    memcpy(out, &v, out->size < sizeof v ? out->size : sizeof v);
    out->size = v.size;
    return GALLEY_STATUS_SUCCESS;
}
