/* fuzz_render.c: libFuzzer harness for a whole render through the public API
 * (galley_render_file): load, typeset, compose, draw, write.
 *
 * An input is an article's JSON, or a layout and an article:
 *     //layout\n{ ...layout... }\n//article\n{ ...article... }
 * The article is written to a temporary folder that holds photo.jpg (a
 * 640x427 JPEG) and photo.png (a 24x16 PNG), and rendered under --root that
 * folder with at most 3 pages, to out.pdf, or (input length divisible by 7)
 * to out.png at 12 dpi; every fifth input also writes --boxes; odd lengths
 * use --placeholder. Checked after each render: a failure has a message and
 * leaves no file behind, a success leaves the PDF or PNGs. One context serves
 * every input, as a service would use it. Never crashes, leaks or hangs.
 */
#include "galley.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GALLEY_DATADIR
#define GALLEY_DATADIR "."
#endif

static galley_context_t *ctx;
static char dir[64];

/* DIR/NAME into OUT. */
static const char *in_dir(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
    return out;
}

/* Writes LEN bytes to PATH; the harness stops if it cannot. */
static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        fprintf(stderr, "fuzz_render: cannot write %s\n", path);
        abort();
    }
}

/* Copies GALLEY_DATADIR/FROM to DIR/TO. */
static void copy_in(const char *from, const char *to)
{
    char src[512], dst[128], buf[65536];
    snprintf(src, sizeof src, "%s/%s", GALLEY_DATADIR, from);
    FILE *f = fopen(src, "rb");
    if (!f) {
        fprintf(stderr, "fuzz_render: cannot read %s\n", src);
        abort();
    }
    size_t n = fread(buf, 1, sizeof buf, f);
    FILE *g = fopen(in_dir(dst, sizeof dst, to), "wb");
    while (g && n > 0) {
        fwrite(buf, 1, n, g);
        n = fread(buf, 1, sizeof buf, f);
    }
    fclose(f);
    if (!g || fclose(g) != 0)
        abort();
}

/* True when NAME is the output OUT, or for "out-N.png" one of its pages. */
static int is_output(const char *name, const char *out)
{
    if (strcmp(out, "out-N.png"))
        return !strcmp(name, out);
    size_t n = strlen(name);
    return n > 8 && !strncmp(name, "out-", 4) && !strcmp(name + n - 4, ".png") &&
           strspn(name + 4, "0123456789") == n - 8;
}

/* Removes the files a render may have left, except the fixed ones; returns
 * how many there were besides the expected OUTPUTS (NULL-ended). */
static int sweep(const char *const *outputs)
{
    static const char *const fixed[] = {"photo.jpg", "photo.png", "article.json", "layout.json",
                                        NULL};
    int stray = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        int keep = 0, expected = 0;
        for (int i = 0; fixed[i]; i++)
            keep |= !strcmp(e->d_name, fixed[i]);
        for (int i = 0; outputs && outputs[i]; i++)
            expected |= is_output(e->d_name, outputs[i]);
        if (keep)
            continue;
        stray += !expected;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    return stray;
}

/* Removes the folder at exit. */
static void cleanup(void)
{
    sweep(NULL);
    char path[128];
    unlink(in_dir(path, sizeof path, "photo.jpg"));
    unlink(in_dir(path, sizeof path, "photo.png"));
    unlink(in_dir(path, sizeof path, "article.json"));
    unlink(in_dir(path, sizeof path, "layout.json"));
    rmdir(dir);
    galley_context_destroy(ctx);
    ctx = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "%s/galley-fuzz-render-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz_render: mkdtemp");
        abort();
    }
    copy_in("tests/data/images/rocket.jpg", "photo.jpg");
    copy_in("tests/data/articles/tiny.png", "photo.png");
    if (galley_context_create(&ctx) != GALLEY_STATUS_SUCCESS) {
        fprintf(stderr, "fuzz_render: no context: %s\n",
                ctx && galley_context_diag_count(ctx) ? galley_context_diag_message(ctx, 0) : "?");
        abort();
    }
    atexit(cleanup);
    return 0;
}

/* Finds NEEDLE (N bytes) in DATA (SIZE bytes). */
static const uint8_t *find(const uint8_t *data, size_t size, const char *needle, size_t n)
{
    for (size_t i = 0; i + n <= size; i++)
        if (!memcmp(data + i, needle, n))
            return data + i;
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx)
        LLVMFuzzerInitialize(NULL, NULL);
    char article[128], layout[128], output[128], boxes[128];
    galley_render_options_t opt;
    galley_render_options_init(&opt);
    static const char head[] = "//layout\n", mid[] = "\n//article\n";
    const uint8_t *split;
    if (size >= sizeof head - 1 && !memcmp(data, head, sizeof head - 1) &&
        (split = find(data, size, mid, sizeof mid - 1))) {
        /* "//layout\n//article\n": the two markers share the newline; the layout is empty */
        const uint8_t *l = data + sizeof head - 1;
        write_file(in_dir(layout, sizeof layout, "layout.json"), l,
                   split > l ? (size_t)(split - l) : 0);
        opt.layout = layout;
        size_t skip = (size_t)(split - data) + sizeof mid - 1;
        write_file(in_dir(article, sizeof article, "article.json"), data + skip, size - skip);
    } else {
        opt.layout = size % 3 ? "a4" : "tabloid";
        write_file(in_dir(article, sizeof article, "article.json"), data, size);
    }
    int png = size % 7 == 0;
    in_dir(output, sizeof output, png ? "out.png" : "out.pdf");
    if (size % 5 == 0)
        opt.boxes_path = in_dir(boxes, sizeof boxes, "out.boxes.json");
    opt.dpi = 12;
    opt.root = dir;
    opt.placeholder = (int)(size & 1);
    opt.limits.max_pages = 3;
    galley_status_t st = galley_render_file(ctx, article, output, &opt);
    if (st != GALLEY_STATUS_SUCCESS && galley_context_diag_count(ctx) == 0)
        __builtin_trap(); /* a failure must say why */
    const char *written[] = {png ? "out-N.png" : "out.pdf", "out.boxes.json", NULL};
    if (st == GALLEY_STATUS_SUCCESS) {
        char first[128];
        in_dir(first, sizeof first, png ? "out-1.png" : "out.pdf");
        if (access(first, F_OK) != 0)
            __builtin_trap(); /* success writes its output */
        if (sweep(written))
            __builtin_trap(); /* and nothing else */
    } else if (sweep(NULL)) {
        __builtin_trap(); /* a failed render leaves no file, not even a temporary one */
    }
    return 0;
}
