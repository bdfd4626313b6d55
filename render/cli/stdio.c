/* stdio.c: galley render's standard input and output, named "-".
 *
 * Owns `galley render - -o OUT` (the article read from standard input, its
 * photos found from the current folder) and `galley render ARTICLE -o -`
 * (the PDF written to standard output): the article is read into memory,
 * within the --max-input-mb limit, and set with galley_render_buffer_file
 * (a file, PDF or PNG, written as any render writes one) or
 * galley_render_buffer, whose write callback gets the whole PDF once the
 * render has succeeded: a failed render writes nothing either way.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Where the PDF goes: standard output. */
typedef struct {
    FILE *fp;
    int failed;
} sink_t;

/* galley_write_func_t: the PDF's bytes to the sink. */
static int sink_write(void *closure, const unsigned char *data, size_t length)
{
    sink_t *s = closure;
    s->failed |= fwrite(data, 1, length, s->fp) != length;
    return s->failed ? -1 : 0;
}

/* The whole of FP (named NAME in messages) in *DATA (malloc'ed, *LEN bytes),
 * at most MAX bytes; else an exit code, said on standard error. */
static int read_all(FILE *fp, const char *name, size_t max, char **data, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (n > max) {
            free(buf);
            fprintf(stderr,
                    "galley: %s: error: the article is over the input limit of %zu MB "
                    "(--max-input-mb raises it)\n",
                    name, max >> 20);
            return EXIT_INPUT;
        }
        if (got == 0 || n < cap) {
            if (ferror(fp)) {
                fprintf(stderr, "galley: %s: error: cannot read it: %s\n", name, strerror(errno));
                free(buf);
                return EXIT_INPUT;
            }
            if (feof(fp))
                break;
        }
        if (n == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b)
                break;
            buf = b, cap *= 2;
        }
    }
    if (!buf) {
        fputs("galley: error: out of memory\n", stderr);
        return EXIT_RESOURCE;
    }
    *data = buf, *len = n;
    return EXIT_OK;
}

/* Reads A's article (a file, or standard input for "-") into *DATA. */
static int article_read(const cli_args_t *a, char **data, size_t *len)
{
    double mb =
        a->opt.limits.max_input_mb > 0 ? a->opt.limits.max_input_mb : GALLEY_DEFAULT_MAX_INPUT_MB;
    size_t max = (size_t)(mb * 1048576.0);
    const char *path = a->files[0];
    if (!strcmp(path, "-"))
        return read_all(stdin, "<stdin>", max, data, len);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "galley: %s: error: cannot read the article: %s\n", path, strerror(errno));
        return EXIT_INPUT;
    }
    int rc = read_all(fp, path, max, data, len);
    fclose(fp);
    return rc;
}

int cli_render_stdio(galley_context_t *ctx, const cli_args_t *a, galley_status_t *st)
{
    char *data = NULL;
    size_t len = 0;
    int rc = article_read(a, &data, &len);
    const char *name = strcmp(a->files[0], "-") ? a->files[0] : "<stdin>";
    if (!rc && strcmp(a->output, "-")) /* a file, as any render writes one */
        *st = galley_render_buffer_file(ctx, name, data, len, a->output, &a->opt);
    else if (!rc) {
        sink_t sink = {stdout, 0};
        *st = galley_render_buffer(ctx, name, data, len, sink_write, &sink, &a->opt);
        if (fflush(stdout) != 0 || sink.failed)
            *st = *st ? *st : GALLEY_STATUS_OUTPUT_ERROR;
    }
    free(data);
    return rc;
}
