/* render_memory.c: a program that embeds Galley, as a newsroom service would.
 *
 * Built by tests/install.py against an installed Galley with nothing but
 * `pkg-config --cflags --libs galley` (and once with --static): it checks
 * the version macros against the library, reads an article into memory,
 * renders it with galley_render_buffer into a memory buffer (photos found
 * beside the article's name), and writes the buffer to OUT so the test can
 * compare it byte for byte with the galley command's PDF of the same
 * article. It prints each diagnostic in parts. The data folder is the
 * library's own unless GALLEY_DATADIR names another: the host program
 * chooses (the library reads no environment), here to reach a tree staged
 * with DESTDIR. Usage:
 *
 *     render_memory ARTICLE OUT.pdf
 *
 * Exit 0 on success; 1 with a message otherwise.
 */
#include <galley.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing memory buffer: the write callback's closure. */
typedef struct {
    unsigned char *data;
    size_t len, cap;
} buffer_t;

/* galley_write_func_t: appends LENGTH bytes at DATA to the buffer. */
static int buffer_write(void *closure, const unsigned char *data, size_t length)
{
    buffer_t *b = closure;
    if (b->len + length > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + length)
            cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d, b->cap = cap;
    }
    memcpy(b->data + b->len, data, length);
    b->len += length;
    return 0;
}

/* The whole file PATH, malloc'ed, its size in *LEN; NULL when unreadable. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
        data = malloc((size_t)n + 1);
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    if (f)
        fclose(f);
    *len = data ? (size_t)n : 0;
    return data;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: render_memory ARTICLE OUT.pdf\n");
        return 1;
    }
    if (!GALLEY_CHECK_VERSION(0, 2, 0) || galley_version() < GALLEY_VERSION_NUMBER ||
        strcmp(galley_version_string(), GALLEY_VERSION) != 0) {
        fprintf(stderr, "render_memory: header %s, library %s\n", GALLEY_VERSION,
                galley_version_string());
        return 1;
    }
    size_t len;
    char *article = read_file(argv[1], &len);
    if (!article) {
        fprintf(stderr, "render_memory: cannot read %s\n", argv[1]);
        return 1;
    }
    galley_context_options_t copt;
    galley_context_options_init(&copt);
    copt.datadir = getenv("GALLEY_DATADIR");
    galley_context_t *ctx = NULL;
    galley_status_t st = galley_context_create_with_options(&copt, &ctx);
    buffer_t out = {0};
    if (!st) {
        galley_render_options_t opt;
        galley_render_options_init(&opt);
        st = galley_render_buffer(ctx, argv[1], article, len, buffer_write, &out, &opt);
    }
    for (size_t i = 0; ctx && i < galley_context_diag_count(ctx); i++) {
        galley_diagnostic_t d;
        galley_diagnostic_init(&d);
        if (galley_context_diag_get(ctx, i, &d) == GALLEY_STATUS_SUCCESS)
            fprintf(stderr, "%s [%s line %d col %d field %s]\n", d.formatted,
                    d.severity == GALLEY_SEVERITY_ERROR ? "error" : "warning", d.line, d.column,
                    d.field ? d.field : "-");
    }
    galley_context_destroy(ctx);
    free(article);
    FILE *f = st ? NULL : fopen(argv[2], "wb");
    int ok = f && out.len > 4 && !memcmp(out.data, "%PDF", 4) &&
             fwrite(out.data, 1, out.len, f) == out.len;
    if (f)
        ok &= fclose(f) == 0;
    free(out.data);
    if (!ok) {
        fprintf(stderr, "render_memory: %s\n",
                st ? galley_status_to_string(st) : "no PDF came back");
        return 1;
    }
    printf("%zu bytes of PDF from memory\n", out.len);
    return 0;
}
