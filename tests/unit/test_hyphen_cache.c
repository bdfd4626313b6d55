/* test_hyphen_cache.c: unit tests of render/hyphen_cache.c.
 *
 * Owns the checks that a dictionary read back from Galley's cache hyphenates
 * every word exactly as libhyphen's own parse does, that the cache file is
 * written on the first load and used on the next, and that a cache file that
 * is cut short, damaged or foreign is ignored (and rewritten) rather than
 * trusted: hyphenation stays the same and nothing crashes (the tests run
 * under AddressSanitizer). Run from the repository root.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "hyphen_cache.h"

#define DIC "/usr/share/hyphen/hyph_en_US.dic"

/* Words to hyphenate: every word of a sample article, lowercased, letters only. */
static char **words;
static size_t n_words;

static void words_load(void)
{
    FILE *fp = fopen("samples/deep-field/article.json", "rb");
    assert_non_null(fp);
    char w[64];
    size_t n = 0;
    words = calloc(20000, sizeof *words);
    for (int c = fgetc(fp);; c = fgetc(fp)) {
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (c >= 'a' && c <= 'z' && n + 1 < sizeof w) {
            w[n++] = (char)c;
            continue;
        }
        if (n >= 2 && n_words < 20000) {
            w[n] = '\0';
            words[n_words++] = strdup(w);
        }
        n = 0;
        if (c == EOF)
            break;
    }
    fclose(fp);
    /* Words with the characters libhyphen's default NOHYPHEN list keeps whole. */
    static const char *const marked[] = {"counter-revolutionary",
                                         "mother-in-law",
                                         "o'clock",
                                         "shoigu's",
                                         "country\u2019s",
                                         "twenty\u2013first",
                                         "intercontinental-ballistic"};
    for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++)
        words[n_words++] = strdup(marked[i]);
    assert_true(n_words > 1000);
}

/* Asserts that A and B hyphenate every word alike. */
static void assert_same_hyphenation(HyphenDict *a, HyphenDict *b)
{
    for (size_t i = 0; i < n_words; i++) {
        const char *w = words[i];
        int n = (int)strlen(w);
        char ha[80], hb[80];
        char **rep = NULL;
        int *pos = NULL, *cut = NULL;
        memset(ha, 0, sizeof ha);
        memset(hb, 0, sizeof hb);
        assert_int_equal(hnj_hyphen_hyphenate2(a, w, n, ha, NULL, &rep, &pos, &cut), 0);
        assert_null(rep);
        assert_int_equal(hnj_hyphen_hyphenate2(b, w, n, hb, NULL, &rep, &pos, &cut), 0);
        assert_null(rep);
        if (memcmp(ha, hb, (size_t)n) != 0)
            fail_msg("'%s' hyphenates as %.*s from libhyphen, %.*s from the cache", w, n, ha, n,
                     hb);
    }
}

/* The length of a nohyphen buffer: nohyphenl + 1 strings. */
static size_t nohyphen_bytes(const HyphenDict *d)
{
    size_t n = 0;
    for (int i = 0; d->nohyphen && i <= d->nohyphenl; i++)
        n += strlen(d->nohyphen + n) + 1;
    return n;
}

/* Asserts that A and B are the same automaton, level by level: every field
 * libhyphen reads (a replacement's index and cut only where there is one). */
static void assert_same_dict(const HyphenDict *a, const HyphenDict *b)
{
    for (; a || b; a = a->nextlevel, b = b->nextlevel) {
        assert_non_null(a);
        assert_non_null(b);
        assert_memory_equal(&a->lhmin, &b->lhmin, 4);
        assert_int_equal(a->nohyphenl, b->nohyphenl);
        assert_int_equal(nohyphen_bytes(a), nohyphen_bytes(b));
        if (a->nohyphen)
            assert_memory_equal(a->nohyphen, b->nohyphen, nohyphen_bytes(a));
        assert_string_equal(a->cset, b->cset);
        assert_int_equal(a->utf8, b->utf8);
        assert_int_equal(a->num_states, b->num_states);
        for (int i = 0; i < a->num_states; i++) {
            const HyphenState *x = &a->states[i], *y = &b->states[i];
            assert_true(!x->match == !y->match && !x->repl == !y->repl);
            if (x->match)
                assert_string_equal(x->match, y->match);
            if (x->repl) {
                assert_string_equal(x->repl, y->repl);
                assert_int_equal(x->replindex, y->replindex);
                assert_int_equal(x->replcut, y->replcut);
            }
            assert_int_equal(x->fallback_state, y->fallback_state);
            assert_int_equal(x->num_trans, y->num_trans);
            for (int k = 0; k < x->num_trans; k++) {
                assert_int_equal(x->trans[k].ch, y->trans[k].ch);
                assert_int_equal(x->trans[k].new_state, y->trans[k].new_state);
            }
        }
    }
}

static char cache_dir[256];

/* The one cache file of the dictionary, in BUF; 0 when there is none. */
static int cache_path(char *buf, size_t n)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%.200s/galley/hyphen", cache_dir);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int found = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (!strncmp(e->d_name, "hyph_en_US.dic-", 15) && !strchr(e->d_name + 15, 'X')) {
            snprintf(buf, n, "%.300s/%.200s", dir, e->d_name);
            found = 1;
        }
    closedir(d);
    return found;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int setup(void **state)
{
    (void)state;
    snprintf(cache_dir, sizeof cache_dir, "%s/galley-hyphen-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(cache_dir))
        return -1;
    setenv("XDG_CACHE_HOME", cache_dir, 1);
    if (!words)
        words_load();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cache_dir);
    return system(cmd);
}

/* The first load writes the cache; the second reads it; both hyphenate as
 * libhyphen does. */
static void test_cache_written_and_used(void **state)
{
    (void)state;
    char path[600];
    HyphenDict *plain = hnj_hyphen_load(DIC);
    assert_non_null(plain);
    assert_false(cache_path(path, sizeof path));
    HyphenDict *first = galley_hyphen_cache_load(DIC);
    assert_non_null(first);
    assert_true(cache_path(path, sizeof path));
    long size = file_size(path);
    assert_true(size > 100000);
    /* Mark the file: if the next load rewrote it, the mark would be gone. */
    struct stat before;
    assert_int_equal(stat(path, &before), 0);
    HyphenDict *cached = galley_hyphen_cache_load(DIC);
    assert_non_null(cached);
    struct stat after;
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino); /* read, not rewritten */
    assert_same_dict(plain, cached);
    assert_same_hyphenation(plain, first);
    assert_same_hyphenation(plain, cached);
    hnj_hyphen_free(plain);
    hnj_hyphen_free(first);
    hnj_hyphen_free(cached);
}

/* Writes LEN bytes of DATA over the cache file at PATH. */
static void overwrite(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
}

/* A cache file cut short at many places, or with bytes changed, is never
 * trusted: the dictionary comes from libhyphen and the file is rewritten. */
static void test_damaged_cache_ignored(void **state)
{
    (void)state;
    char path[600];
    HyphenDict *plain = hnj_hyphen_load(DIC);
    hnj_hyphen_free(galley_hyphen_cache_load(DIC));
    assert_true(cache_path(path, sizeof path));
    long found = file_size(path);
    assert_true(found > 0 && found < (1L << 26));
    long size = found > 0 && found < (1L << 26) ? found : 1; /* for the compiler */
    unsigned char *good = malloc((size_t)size & 0x3ffffff);
    FILE *fp = fopen(path, "rb");
    assert_int_equal(fread(good, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    for (long cut = 0; cut < size; cut += size / 23 + 1) {
        overwrite(path, good, (size_t)cut);
        HyphenDict *d = galley_hyphen_cache_load(DIC);
        assert_non_null(d);
        assert_int_equal(file_size(path), size); /* rewritten whole */
        hnj_hyphen_free(d);
    }
    /* Bytes changed anywhere (state numbers, lengths, letters): caught by the
     * checksum, so hyphenation never changes. */
    unsigned char *bad = malloc((size_t)size & 0x3ffffff);
    HyphenDict *d;
    for (long at = 80; at + 4 < size; at += size / 17) {
        memcpy(bad, good, (size_t)size);
        memset(bad + at, 0xfe, 4);
        overwrite(path, bad, (size_t)size);
        d = galley_hyphen_cache_load(DIC);
        assert_non_null(d);
        assert_same_hyphenation(plain, d);
        hnj_hyphen_free(d);
    }
    /* A digit of a pattern changed: a file that still parses, which only the
     * checksum tells from the real one; it is replaced, not used. */
    memcpy(bad, good, (size_t)size);
    long digit = 0; /* a pattern's match string: a length, then that many digits */
    for (long at = 100; !digit && at + 16 < size; at++) {
        int32_t len;
        memcpy(&len, bad + at, sizeof len);
        int digits = len >= 3 && len <= 10;
        for (int k = 0; digits && k < len; k++)
            digits = bad[at + 4 + k] >= '0' && bad[at + 4 + k] <= '8';
        if (digits)
            digit = at + 4 + len / 2;
    }
    assert_true(digit > 0);
    bad[digit]++;
    overwrite(path, bad, (size_t)size);
    d = galley_hyphen_cache_load(DIC);
    assert_non_null(d);
    hnj_hyphen_free(d);
    fp = fopen(path, "rb");
    assert_int_equal(fread(bad, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    assert_memory_equal(bad, good, (size_t)size);
    /* Another program's file under the cache's name. */
    memset(bad, 'x', (size_t)size);
    overwrite(path, bad, (size_t)size);
    d = galley_hyphen_cache_load(DIC);
    assert_non_null(d);
    assert_same_hyphenation(plain, d);
    hnj_hyphen_free(d);
    free(bad);
    free(good);
    hnj_hyphen_free(plain);
}

/* Without a cache folder (no XDG_CACHE_HOME, no HOME) the dictionary still
 * loads; a missing dictionary is NULL. */
static void test_no_cache_folder(void **state)
{
    (void)state;
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    HyphenDict *d = galley_hyphen_cache_load(DIC);
    assert_non_null(d);
    hnj_hyphen_free(d);
    assert_null(galley_hyphen_cache_load("/nonexistent/hyph_xx.dic"));
    if (home)
        setenv("HOME", home, 1);
    free(home);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cache_written_and_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_cache_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_cache_folder, setup, teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    for (size_t i = 0; i < n_words; i++)
        free(words[i]);
    free(words);
    return failed;
}
