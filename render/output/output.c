/* output.c: atomic writing of every output file, and PNG pages.
 *
 * Owns the temporaries (and their removal on SIGTERM, SIGINT and SIGHUP), the
 * check that no output overwrites an input or another output, the commit,
 * the pixel limit of images, and PNG pages (with the removal of numbered
 * pages a shorter render no longer writes).
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "output.h"
#include "proof.h"
#include "draw.h"
#include "font_lock.h"
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <png.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

/* cairo's image surfaces end at 32,767 pixels a side. */
#define PNG_MAX_SIDE 30000

/* The temporaries of every render in progress, for a signal handler: a fixed
 * table (no allocation, no lock), slots taken and given back atomically. A
 * render with more temporaries open than slots (more pages than that) leaves
 * the rest unregistered. */
#define TEMP_SLOTS 4096
static _Atomic(char *) temp_slots[TEMP_SLOTS];

/* Registers TMP (kept until temps_forget). */
static void temps_register(char *tmp)
{
    for (size_t i = 0; i < TEMP_SLOTS; i++) {
        char *none = NULL;
        if (atomic_compare_exchange_strong(&temp_slots[i], &none, tmp))
            return;
    }
}

/* Gives back TMP's slot (before TMP is freed). */
static void temps_forget(char *tmp)
{
    for (size_t i = 0; i < TEMP_SLOTS; i++) {
        char *mine = tmp;
        if (atomic_compare_exchange_strong(&temp_slots[i], &mine, NULL))
            return;
    }
}

void galley_outputs_remove_on_signal(void)
{
    for (size_t i = 0; i < TEMP_SLOTS; i++) {
        char *p = atomic_load(&temp_slots[i]);
        if (p)
            unlink(p);
    }
}

/* SIGINT, SIGTERM, SIGHUP: removes the temporaries, then dies of SIG (the
 * signal is blocked in here: raised again, it acts once this returns). */
static void on_fatal_signal(int sig)
{
    galley_outputs_remove_on_signal();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* The signals that remove the temporaries. */
static const int FATAL_SIGNALS[] = {SIGINT, SIGTERM, SIGHUP};

/* Blocks FATAL_SIGNALS in this thread, the mask before into *OLD: between
 * making a temporary and registering it, a signal would leave it behind. */
static void temps_block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof FATAL_SIGNALS / sizeof FATAL_SIGNALS[0]; i++)
        sigaddset(&set, FATAL_SIGNALS[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

void galley_signals_remove_temporaries(void)
{
    const int *sigs = FATAL_SIGNALS;
    for (size_t i = 0; i < sizeof FATAL_SIGNALS / sizeof FATAL_SIGNALS[0]; i++) {
        struct sigaction old, sa;
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue; /* nohup's SIGHUP stays ignored */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

/* Creates the temporary TMP, whose name ends in six X, replaced by random
 * letters until a name is free: open(O_EXCL) with mode 0666, so the system
 * applies the process's umask (mkstemp's 0600 would need umask() read and
 * set, which changes process-wide state). Returns the descriptor, or -1
 * with errno. */
static int temp_open(char *tmp)
{
    static const char LETTERS[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static _Atomic unsigned long counter;
    size_t n = strlen(tmp);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long x = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 20) ^
                      (unsigned long)(uintptr_t)tmp ^ (++counter * 0x9E3779B97F4A7C15UL);
    for (int attempt = 0; attempt < 100; attempt++) {
        for (size_t i = n - 6; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
            tmp[i] = LETTERS[x % (sizeof LETTERS - 1)];
        }
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

/* Opens the stream output of OUTS in memory (see galley_outputs_t). */
static galley_status_t outputs_open_stream(galley_outputs_t *outs, FILE **fp, galley_diags_t *diags)
{
    *fp = outs->stream_data ? NULL : open_memstream(&outs->stream_data, &outs->stream_len);
    if (!*fp)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, outs->stream_path, 0, 0, NULL,
                                  "cannot open the output stream");
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_outputs_open(galley_outputs_t *outs, const char *path, FILE **fp,
                                    galley_diags_t *diags)
{
    *fp = NULL;
    if (outs->write && path == outs->stream_path)
        return outputs_open_stream(outs, fp, diags);
    if (outs->n == outs->cap) {
        size_t cap = outs->cap ? outs->cap * 2 : 8;
        char **t = realloc(outs->tmp, cap * sizeof *t);
        if (t)
            outs->tmp = t;
        char **f = realloc(outs->final, cap * sizeof *f);
        if (f)
            outs->final = f;
        if (!t || !f)
            return GALLEY_STATUS_NO_MEMORY;
        outs->cap = cap;
    }
    size_t n = strlen(path);
    char *tmp = malloc(n + 16), *final = strdup(path);
    if (!tmp || !final) {
        free(tmp);
        free(final);
        return GALLEY_STATUS_NO_MEMORY;
    }
    snprintf(tmp, n + 16, "%s.tmp-XXXXXX", path);
    sigset_t mask_before;
    temps_block(&mask_before); /* until the temporary is registered */
    int fd = temp_open(tmp);
    if (fd >= 0)
        temps_register(tmp);
    pthread_sigmask(SIG_SETMASK, &mask_before, NULL);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        free(final);
        return galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, path, 0, 0, NULL,
                                  "cannot write the output: %s", strerror(err));
    }
    *fp = fdopen(fd, "wb");
    if (!*fp) {
        close(fd);
        unlink(tmp);
        temps_forget(tmp);
        free(tmp);
        free(final);
        return GALLEY_STATUS_NO_MEMORY;
    }
    outs->tmp[outs->n] = tmp;
    outs->final[outs->n++] = final;
    return GALLEY_STATUS_SUCCESS;
}

const char *galley_outputs_temp_path(const galley_outputs_t *outs, const char *path)
{
    if ((outs->write && path == outs->stream_path) || outs->n == 0)
        return NULL;
    return outs->tmp[outs->n - 1];
}

/* Keeps a hard link to the file at PATH under *BACKUP (NULL when there is no
 * file), so a commit that fails half-way can put it back. */
static int backup_existing(const char *path, char **backup)
{
    *backup = NULL;
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    size_t n = strlen(path) + 16;
    char *b = malloc(n);
    if (!b)
        return -1;
    for (int k = 0; k < 100; k++) {
        snprintf(b, n, "%s.bak-%d", path, k);
        if (link(path, b) == 0) {
            *backup = b;
            return 0;
        }
        if (errno != EEXIST)
            break;
    }
    free(b);
    return -1;
}

/* Undoes the first N renames of a failed commit: each target gets its old
 * file back, or goes when it had none. */
static void commit_roll_back(galley_outputs_t *outs, char **backups, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (backups[i])
            rename(backups[i], outs->final[i]);
        else
            unlink(outs->final[i]);
    }
}

/* PATH's real folder and its name, "/real/folder/name"; NULL when the
 * folder cannot be resolved. Newly allocated. */
static char *real_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    const char *name = slash ? slash + 1 : path;
    char *out = real ? malloc(strlen(real) + strlen(name) + 2) : NULL;
    if (out)
        sprintf(out, "%s/%s", strcmp(real, "/") ? real : "", name);
    free(dir);
    free(real);
    return out;
}

int galley_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb)
        return 0;
    char *ra = real_name(a), *rb = real_name(b);
    int same = ra && rb ? !strcmp(ra, rb) : !strcmp(a, b);
    free(ra);
    free(rb);
    return same;
}

/* Refuses a commit whose target is an input of the render, or is written
 * twice: renaming would destroy the input (an article replaced by --boxes)
 * or leave the one written last under both names. */
static galley_status_t outputs_check(const galley_outputs_t *outs, galley_diags_t *diags)
{
    for (size_t i = 0; i < outs->n; i++) {
        for (size_t k = 0; k < outs->n_inputs; k++)
            if (galley_same_file(outs->final[i], outs->inputs[k]))
                return galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, outs->final[i], 0, 0,
                                          NULL,
                                          "the output is also an input of this render (%s); "
                                          "nothing was written",
                                          outs->input_kinds ? outs->input_kinds[k] : "an input");
        for (size_t j = 0; j < i; j++)
            if (galley_same_file(outs->final[i], outs->final[j]))
                return galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, outs->final[i], 0, 0,
                                          NULL,
                                          "the same file is written twice (-o and --boxes? "
                                          "--report?); nothing was written");
    }
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_outputs_commit(galley_outputs_t *outs, galley_diags_t *diags)
{
    galley_status_t st = outputs_check(outs, diags);
    if (!st && outs->write && outs->stream_data &&
        outs->write(outs->closure, (const unsigned char *)outs->stream_data, outs->stream_len))
        st = galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, outs->stream_path, 0, 0, NULL,
                                "the write callback failed: nothing more is written");
    if (st) {
        galley_outputs_abort(outs);
        return st;
    }
    char **backups = calloc(outs->n + 1, sizeof *backups);
    st = backups ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
    size_t done = 0;
    for (; !st && done < outs->n; done++) {
        int err = 0;
        if (backup_existing(outs->final[done], &backups[done]) != 0)
            err = errno ? errno : EIO;
        else if (rename(outs->tmp[done], outs->final[done]) != 0)
            err = errno;
        if (err) {
            st = galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, outs->final[done], 0, 0,
                                    NULL, "cannot write the output: %s", strerror(err));
            if (backups[done]) { /* not replaced: keep the file, drop the link */
                unlink(backups[done]);
                free(backups[done]);
                backups[done] = NULL;
            }
            break;
        }
        temps_forget(outs->tmp[done]);
        free(outs->tmp[done]);
        outs->tmp[done] = NULL;
    }
    if (st && backups)
        commit_roll_back(outs, backups, done);
    for (size_t i = 0; backups && i < outs->n; i++) {
        if (backups[i] && !st)
            unlink(backups[i]);
        free(backups[i]);
    }
    free(backups);
    galley_outputs_abort(outs);
    return st;
}

void galley_outputs_abort(galley_outputs_t *outs)
{
    for (size_t i = 0; i < outs->n; i++) {
        if (outs->tmp[i]) {
            unlink(outs->tmp[i]);
            temps_forget(outs->tmp[i]);
            free(outs->tmp[i]);
        }
        free(outs->final[i]);
    }
    free(outs->tmp);
    free(outs->final);
    free(outs->stream_data);
    memset(outs, 0, sizeof *outs);
}

/* cairo's write callback onto a stdio stream. */
/* Closes FP, turning a failed write or close into an output error. */
galley_status_t galley_output_close_stream(FILE *fp, cairo_status_t cs, const char *path,
                                           galley_diags_t *diags)
{
    int bad = fflush(fp) != 0 || ferror(fp);
    bad |= fclose(fp) != 0;
    if (cs == CAIRO_STATUS_NO_MEMORY)
        return galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, path, 0, 0, NULL,
                                  "out of memory while drawing");
    if (bad || cs != CAIRO_STATUS_SUCCESS)
        return galley_diags_error(diags, GALLEY_STATUS_OUTPUT_ERROR, path, 0, 0, NULL,
                                  "cannot write the output: %s",
                                  cs ? cairo_status_to_string(cs) : strerror(errno));
    return GALLEY_STATUS_SUCCESS;
}

/* libpng's error callback: back to galley_output_png_write(). */
static void png_fail(png_structp png, png_const_charp message)
{
    (void)message;
    png_longjmp(png, 1);
}

/* libpng's write callback: to the FILE. */
static void png_put(png_structp png, png_bytep data, size_t len)
{
    FILE *fp = png_get_io_ptr(png);
    if (fwrite(data, 1, len, fp) != len)
        png_error(png, "write");
}

/* Rows unfiltered and zlib level 3, where cairo's writer has libpng try all
 * five filters on every row and deflates at level 6: the sample page at 100
 * dpi (1103 x 1693) takes 403M instructions instead of 1,185M and comes out
 * the same size, 645 KB (pages are mostly flat white and text, which filters
 * do not help; the left-neighbour filter alone made 458M and 647 KB). */
cairo_status_t galley_output_png_write(cairo_surface_t *s, FILE *fp)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    cairo_surface_flush(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    if (!data || cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24)
        return CAIRO_STATUS_INVALID_FORMAT;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return CAIRO_STATUS_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return CAIRO_STATUS_WRITE_ERROR;
    }
    png_set_write_fn(png, fp, png_put, NULL);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, 3);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    /* RGB24 is a native-endian 32-bit 0x00RRGGBB per pixel */
    const uint32_t one = 1;
    int little = *(const unsigned char *)&one == 1;
    png_set_filler(png, 0, little ? PNG_FILLER_AFTER : PNG_FILLER_BEFORE);
    if (little)
        png_set_bgr(png);
    for (int y = 0; y < h; y++)
        png_write_row(png, (png_const_bytep)(data + (size_t)y * (size_t)stride));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return CAIRO_STATUS_SUCCESS;
}

/* The extension a PNG output's numbered pages keep: PATH's own ".png" in
 * the case it was given ("OUT.PNG" pages are "OUT-1.PNG"), else ".png". */
static const char *png_extension(const char *path)
{
    size_t e = galley_path_extension_is(path, ".png");
    return e ? path + strlen(path) - e : ".png";
}

/* PATH without its ".png", numbered: "out/x.png" page 2 -> "out/x-2.png". */
static char *png_page_path(const char *path, int number)
{
    size_t n = strlen(path) - galley_path_extension_is(path, ".png");
    char *p = malloc(n + 24);
    if (p)
        snprintf(p, n + 24, "%.*s-%d%s", (int)n, path, number, png_extension(path));
    return p;
}

galley_status_t galley_output_check_pixels(double w, double h, double max_mpixels, const char *what,
                                           const char *path, galley_diags_t *diags)
{
    double max = max_mpixels > 0 ? max_mpixels : GALLEY_DEFAULT_MAX_OUTPUT_MPIXELS;
    if (w * h > max * 1e6)
        return galley_diags_error(diags, GALLEY_STATUS_LIMIT_ERROR, path, 0, 0, NULL,
                                  "%s is %.0f x %.0f pixels (%.1f million), over the output "
                                  "limit of %g million pixels (--max-output-mpixels raises it, "
                                  "or lower --dpi)",
                                  what, w, h, w * h / 1e6, max);
    if (w < 1 || h < 1 || w > PNG_MAX_SIDE || h > PNG_MAX_SIDE)
        return galley_diags_error(diags, GALLEY_STATUS_LIMIT_ERROR, path, 0, 0, NULL,
                                  "%s is %.0f x %.0f pixels, over the PNG limit of %d pixels "
                                  "a side; lower --dpi",
                                  what, w, h, PNG_MAX_SIDE);
    return GALLEY_STATUS_SUCCESS;
}

void galley_output_png_page_size(const galley_page_t *page, const galley_png_options_t *po,
                                 double *w, double *h)
{
    double k = po->dpi / 72.0, b = po->bleed ? page->bleed : 0;
    *w = ceil((page->width + 2 * b) * k);
    *h = ceil((page->height + 2 * b) * k);
}

galley_status_t galley_output_png_page_draw(const galley_page_t *page,
                                            const galley_png_options_t *po,
                                            galley_image_store_t *images, cairo_surface_t **out,
                                            galley_diags_t *diags)
{
    double k = po->dpi / 72.0, b = po->bleed ? page->bleed : 0, w, h;
    galley_output_png_page_size(page, po, &w, &h);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    galley_font_lock(); /* the glyphs are drawn with cairo's FreeType fonts */
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, k, k);
    cairo_translate(cr, b, b);
    galley_status_t st = galley_draw_page(cr, page, 0, images, diags);
    if (po->guides)
        galley_draw_guides(cr, page, 1 / k);
    cairo_destroy(cr);
    galley_font_unlock();
    if (!st && cairo_surface_status(s))
        st = galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, NULL, 0, 0, NULL,
                                "cannot draw page %d: %s", page->number,
                                cairo_status_to_string(cairo_surface_status(s)));
    if (st) {
        cairo_surface_destroy(s);
        s = NULL;
    }
    *out = s;
    return st;
}

/* Draws one page (galley_output_png_page_draw) and writes it as PNG to PATH
 * in OUTS, through the proof when asked. The size was checked
 * (galley_output_png). */
static galley_status_t png_page(const galley_page_t *page, const char *path,
                                const galley_png_options_t *po, galley_proof_t *proof,
                                galley_image_store_t *images, galley_outputs_t *outs,
                                galley_diags_t *diags)
{
    cairo_surface_t *s = NULL;
    galley_status_t st = galley_output_png_page_draw(page, po, images, &s, diags);
    if (!st && proof)
        galley_proof_apply(proof, s);
    FILE *fp = NULL;
    if (!st)
        st = galley_outputs_open(outs, path, &fp, diags);
    if (!st) {
        cairo_status_t cs = galley_output_png_write(s, fp);
        st = galley_output_close_stream(fp, cs, path, diags);
    }
    if (s)
        cairo_surface_destroy(s);
    return st;
}

galley_status_t galley_output_png(const galley_document_t *doc, const char *path,
                                  const galley_png_options_t *po, galley_outputs_t *outs,
                                  galley_diags_t *diags)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && i < doc->n_pages; i++) { /* before any surface is made */
        double w, h;
        galley_output_png_page_size(&doc->pages[i], po, &w, &h);
        char what[64];
        snprintf(what, sizeof what, "page %d", doc->pages[i].number);
        st = galley_output_check_pixels(w, h, po->max_mpixels, what, path, diags);
    }
    galley_image_store_t *images = st ? NULL : galley_image_store_create();
    if (!st && !images)
        st = GALLEY_STATUS_NO_MEMORY;
    galley_proof_t *proof = NULL;
    if (!st && po->proof && !(proof = galley_proof_create(doc->press ? &doc->press->icc : NULL)))
        st = galley_diags_error(diags, GALLEY_STATUS_RESOURCE_ERROR, path, 0, 0, NULL,
                                "--proof: the press's ICC profile cannot be used for a proof");
    for (size_t i = 0; !st && i < doc->n_pages; i++) {
        char *p = png_page_path(path, doc->pages[i].number);
        if (!p)
            st = GALLEY_STATUS_NO_MEMORY;
        else
            st = png_page(&doc->pages[i], p, po, proof, images, outs, diags);
        free(p);
    }
    galley_proof_destroy(proof);
    galley_image_store_destroy(images);
    return st;
}

/* The page number N when NAME is exactly STEM-N followed by EXT (N decimal,
 * no leading zero); 0 otherwise. */
static size_t numbered_page(const char *name, const char *stem, size_t stem_len, const char *ext)
{
    if (strncmp(name, stem, stem_len) || name[stem_len] != '-')
        return 0;
    const char *num = name + stem_len + 1;
    size_t digits = strspn(num, "0123456789");
    if (!digits || digits > 9 || num[0] == '0' || strcmp(num + digits, ext))
        return 0;
    return (size_t)strtoul(num, NULL, 10);
}

void galley_output_png_prune(const char *path, size_t n_pages, char *const *keep, size_t n_keep)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    const char *base = slash ? slash + 1 : path;
    size_t stem_len = strlen(base) - galley_path_extension_is(base, ".png");
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (numbered_page(e->d_name, base, stem_len, png_extension(path)) <= n_pages)
            continue;
        char *victim = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (!victim)
            break;
        sprintf(victim, "%s/%s", dir, e->d_name);
        int kept = 0;
        for (size_t k = 0; k < n_keep && !kept; k++)
            kept = galley_same_file(victim, keep[k]);
        struct stat sb;
        if (!kept && lstat(victim, &sb) == 0 && S_ISREG(sb.st_mode))
            unlink(victim);
        free(victim);
    }
    if (d)
        closedir(d);
    free(dir);
}
