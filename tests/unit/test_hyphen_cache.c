/* test_hyphen_cache.c: unit tests of render/hyphen_cache.c.
 *
 * Owns the checks that a dictionary read back from Galley's cache hyphenates
 * every word exactly as libhyphen's own parse does, that the cache file is
 * written on the first load and used on the next, and that a cache file that
 * is cut short, damaged or foreign is ignored (and rewritten) rather than
 * trusted: hyphenation stays the same and nothing crashes (the tests run
 * under AddressSanitizer). Files whose checksum is made right again after a
 * change show that every length, state number and total is still checked.
 * Run from the repository root.
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
#include <zlib.h>

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
static char galley_dir[300]; /* the cache folder handed to the loader: cache_dir/galley */

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
    snprintf(galley_dir, sizeof galley_dir, "%s/galley", cache_dir);
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

/* The whole of the file at PATH (under 64 MB), with 8 spare bytes after it;
 * its length in *SIZE. */
static unsigned char *file_read(const char *path, long *size)
{
    long found = file_size(path);
    assert_true(found > 0 && found < (1L << 26));
    *size = found > 0 && found < (1L << 26) ? found : 1; /* for the compiler */
    unsigned char *data = malloc(((size_t)*size & 0x3ffffff) + 8);
    assert_non_null(data);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(data, 1, (size_t)*size, fp), (size_t)*size);
    fclose(fp);
    return data;
}

/* Asserts the file at PATH holds exactly the SIZE bytes of DATA. */
static void assert_file_is(const char *path, const unsigned char *data, long size)
{
    long found;
    unsigned char *now = file_read(path, &found);
    assert_int_equal(found, size);
    assert_memory_equal(now, data, (size_t)size);
    free(now);
}

/* Makes sure the cache file of DIC is written, and reads it: its path into
 * PATH (N bytes), its bytes returned as file_read gives them. */
static unsigned char *cache_read(char *path, size_t n, long *size)
{
    galley_hyphen_origin_t origin;
    HyphenDict *d = galley_hyphen_cache_load(galley_dir, DIC, &origin);
    galley_hyphen_cache_free(d, origin);
    assert_true(cache_path(path, n));
    return file_read(path, size);
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
    galley_hyphen_origin_t first_origin, cached_origin;
    HyphenDict *first = galley_hyphen_cache_load(galley_dir, DIC, &first_origin);
    assert_non_null(first);
    assert_int_equal(first_origin, GALLEY_HYPHEN_PARSED);
    assert_true(cache_path(path, sizeof path));
    long size = file_size(path);
    assert_true(size > 100000);
    /* Mark the file: if the next load rewrote it, the mark would be gone. */
    struct stat before;
    assert_int_equal(stat(path, &before), 0);
    HyphenDict *cached = galley_hyphen_cache_load(galley_dir, DIC, &cached_origin);
    assert_non_null(cached);
    assert_int_equal(cached_origin, GALLEY_HYPHEN_CACHED);
    struct stat after;
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino); /* read, not rewritten */
    assert_same_dict(plain, cached);
    assert_same_hyphenation(plain, first);
    assert_same_hyphenation(plain, cached);
    hnj_hyphen_free(plain);
    galley_hyphen_cache_free(first, first_origin);
    galley_hyphen_cache_free(cached, cached_origin);
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
    HyphenDict *plain = hnj_hyphen_load(DIC), *d;
    galley_hyphen_origin_t origin;
    long size;
    unsigned char *good = cache_read(path, sizeof path, &size);
    for (long cut = 0; cut < size; cut += size / 23 + 1) {
        overwrite(path, good, (size_t)cut);
        d = galley_hyphen_cache_load(galley_dir, DIC, &origin);
        assert_non_null(d);
        assert_int_equal(origin, GALLEY_HYPHEN_PARSED);
        assert_int_equal(file_size(path), size); /* rewritten whole */
        galley_hyphen_cache_free(d, origin);
    }
    /* Bytes changed anywhere (state numbers, lengths, letters): caught by the
     * checksum, so hyphenation never changes. */
    unsigned char *bad = malloc((size_t)size & 0x3ffffff);
    for (long at = 80; at + 4 < size; at += size / 17) {
        memcpy(bad, good, (size_t)size);
        memset(bad + at, 0xfe, 4);
        overwrite(path, bad, (size_t)size);
        d = galley_hyphen_cache_load(galley_dir, DIC, &origin);
        assert_non_null(d);
        assert_int_equal(origin, GALLEY_HYPHEN_PARSED);
        assert_same_hyphenation(plain, d);
        galley_hyphen_cache_free(d, origin);
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
    d = galley_hyphen_cache_load(galley_dir, DIC, &origin);
    assert_non_null(d);
    assert_int_equal(origin, GALLEY_HYPHEN_PARSED);
    galley_hyphen_cache_free(d, origin);
    assert_file_is(path, good, size);
    /* Another program's file under the cache's name. */
    memset(bad, 'x', (size_t)size);
    overwrite(path, bad, (size_t)size);
    d = galley_hyphen_cache_load(galley_dir, DIC, &origin);
    assert_non_null(d);
    assert_int_equal(origin, GALLEY_HYPHEN_PARSED);
    assert_same_hyphenation(plain, d);
    galley_hyphen_cache_free(d, origin);
    free(bad);
    free(good);
    hnj_hyphen_free(plain);
}

/* Without a cache folder (NULL) the dictionary still loads; a missing
 * dictionary is NULL. */
static void test_no_cache_folder(void **state)
{
    (void)state;
    galley_hyphen_origin_t origin;
    HyphenDict *d = galley_hyphen_cache_load(NULL, DIC, &origin);
    assert_non_null(d);
    assert_int_equal(origin, GALLEY_HYPHEN_PARSED);
    galley_hyphen_cache_free(d, origin);
    assert_null(galley_hyphen_cache_load(NULL, "/nonexistent/hyph_xx.dic", &origin));
}

/* Where the fields of a good cache file are (byte offsets), found by walking
 * the format hyphen_cache.c writes: the header, the totals (levels, states,
 * transitions, string bytes), then each level. */
typedef struct {
    long totals;     /* int32 levels, states, transitions, string bytes */
    long nohyphenl;  /* level 0's nohyphenl */
    long nohyphen;   /* level 0's nohyphen length (-1: none) */
    int32_t strings; /* nohyphenl of level 0 */
    long num_states; /* the last level's number of states */
    int32_t states;  /* its value */
    long match;      /* a state's match length (> 0) in the last level */
    long fallback;   /* a state's fallback_state in the last level */
    long num_trans;  /* a state's number of transitions (> 0) in the last level */
    long new_state;  /* the first of that state's transitions' new_state */
    long end;        /* where the CRC starts */
} layout_t;

static int32_t i32_at(const unsigned char *data, long at)
{
    int32_t v;
    memcpy(&v, data + at, sizeof v);
    return v;
}

static void set_i32(unsigned char *data, long at, int32_t v)
{
    memcpy(data + at, &v, sizeof v);
}

/* Walks DATA (SIZE bytes, a good cache file) into L. */
static void layout_find(const unsigned char *data, long size, layout_t *l)
{
    memset(l, 0, sizeof *l);
    assert_memory_equal(data, "GLYHYPH2", 8);
    long at = 8 + 12 + 24;
    at += 4 + i32_at(data, at); /* the dictionary's path */
    l->totals = at;
    int32_t levels = i32_at(data, at);
    at += 16;
    for (int32_t v = 0; v < levels; v++) {
        at += 4;
        if (v == 0) {
            l->nohyphenl = at;
            l->strings = i32_at(data, at);
            l->nohyphen = at + 4;
        }
        at += 4;
        int32_t len = i32_at(data, at);
        at += 4 + (len > 0 ? len : 0) + 20 + 4;
        l->num_states = at;
        l->states = i32_at(data, at);
        at += 4;
        l->match = l->fallback = l->num_trans = 0;
        for (int32_t i = 0; i < l->states; i++) {
            for (int k = 0; k < 2; k++) {
                len = i32_at(data, at);
                if (k == 0 && len > 0 && !l->match)
                    l->match = at;
                at += 4 + (len > 0 ? len : 0);
            }
            /* no replacement: its index and cut are written as 0 */
            if (i32_at(data, at - 4) == -1)
                assert_true(data[at] == 0 && data[at + 1] == 0);
            at += 2;
            if (!l->fallback && i32_at(data, at) > 0)
                l->fallback = at;
            at += 4;
            int32_t n = i32_at(data, at);
            if (n > 0 && !l->num_trans) {
                l->num_trans = at;
                l->new_state = at + 4 + 1;
            }
            at += 4 + 5L * n;
        }
    }
    l->end = at;
    assert_int_equal(l->end + 4, size);
    assert_true(l->nohyphen && l->strings > 0 && l->match && l->fallback && l->num_trans);
}

/* Writes DATA (LEN bytes before its CRC) with its CRC made right over PATH. */
static void overwrite_crc(const char *path, unsigned char *data, long len)
{
    uint32_t crc = (uint32_t)crc32(crc32(0, NULL, 0), data, (uInt)len);
    memcpy(data + len, &crc, sizeof crc);
    overwrite(path, data, (size_t)len + 4);
}

/* Files that pass the checksum but hold a value out of bounds: each is
 * rejected by its own check and rewritten, and hyphenation is unchanged. A
 * change that stays in bounds is read back, so the rejections are not the
 * checksum's doing. */
static void test_checked_values(void **state)
{
    (void)state;
    char path[600];
    HyphenDict *plain = hnj_hyphen_load(DIC), *d;
    galley_hyphen_origin_t origin;
    long size;
    unsigned char *good = cache_read(path, sizeof path, &size);
    unsigned char *bad = malloc(((size_t)size & 0x3ffffff) + 8);
    layout_t l;
    layout_find(good, size, &l);
    int32_t levels = i32_at(good, l.totals), big = 0x7fffff00;
    int32_t num_trans = i32_at(good, l.num_trans);

    /* In bounds: a match string's digit changed, checksum made right. */
    memcpy(bad, good, (size_t)size);
    bad[l.match + 4]++;
    overwrite_crc(path, bad, l.end);
    d = galley_hyphen_cache_load(galley_dir, DIC, &origin);
    assert_int_equal(origin, GALLEY_HYPHEN_CACHED);
    galley_hyphen_cache_free(d, origin);

    const struct {
        const char *what;
        long at;
        int32_t value;
    } cases[] = {
        {"no levels", l.totals, 0},
        {"too many levels", l.totals, 9},
        {"a level too many", l.totals, levels + 1},
        {"a state too few", l.totals + 4, i32_at(good, l.totals + 4) - 1},
        {"a state too many", l.totals + 4, i32_at(good, l.totals + 4) + 1},
        {"states beyond the file", l.totals + 4, big},
        {"a transition too few", l.totals + 8, i32_at(good, l.totals + 8) - 1},
        {"a transition too many", l.totals + 8, i32_at(good, l.totals + 8) + 1},
        {"transitions beyond the file", l.totals + 8, big},
        {"negative transitions", l.totals + 8, -1},
        {"a string byte too few", l.totals + 12, i32_at(good, l.totals + 12) - 1},
        {"a string byte too many", l.totals + 12, i32_at(good, l.totals + 12) + 1},
        {"string bytes beyond the file", l.totals + 12, big},
        {"nohyphen strings missing", l.nohyphenl, l.strings + 1},
        {"nohyphen strings left over", l.nohyphenl, l.strings - 1},
        {"negative nohyphenl", l.nohyphenl, -1},
        {"nohyphen beyond the file", l.nohyphen, big},
        {"nohyphen of negative length", l.nohyphen, -2},
        {"no states", l.num_states, 0},
        {"more states than the total", l.num_states, i32_at(good, l.num_states) + 1},
        {"match beyond the file", l.match, big},
        {"match of negative length", l.match, -2},
        {"fallback past the last state", l.fallback, i32_at(good, l.num_states)},
        {"fallback below -1", l.fallback, -2},
        {"negative transitions of a state", l.num_trans, -1},
        {"transitions of a state beyond the file", l.num_trans, big},
        {"transitions of a state past the total", l.num_trans, num_trans + 1},
        {"new state past the last", l.new_state, i32_at(good, l.num_states)},
        {"negative new state", l.new_state, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(bad, good, (size_t)size);
        set_i32(bad, cases[i].at, cases[i].value);
        overwrite_crc(path, bad, l.end);
        d = galley_hyphen_cache_load(galley_dir, DIC, &origin);
        assert_non_null(d);
        if (origin != GALLEY_HYPHEN_PARSED)
            fail_msg("a cache file with %s was used", cases[i].what);
        assert_same_hyphenation(plain, d);
        galley_hyphen_cache_free(d, origin);
        assert_file_is(path, good, size); /* rewritten */
    }
    /* Bytes left over after the last level. */
    memcpy(bad, good, (size_t)size);
    memset(bad + l.end, 0, 4);
    overwrite_crc(path, bad, l.end + 4);
    d = galley_hyphen_cache_load(galley_dir, DIC, &origin);
    assert_int_equal(origin, GALLEY_HYPHEN_PARSED);
    galley_hyphen_cache_free(d, origin);
    assert_int_equal(file_size(path), size);
    free(bad);
    free(good);
    hnj_hyphen_free(plain);
}

/* A cache file made by hand: the header of a good file, then what a test
 * writes. */
typedef struct {
    unsigned char d[8192];
    long n;
} synth_t;

static void s_put(synth_t *b, const void *p, size_t n)
{
    assert_true(b->n + (long)n <= (long)sizeof b->d);
    memcpy(b->d + b->n, p, n);
    b->n += (long)n;
}

static void s_i32(synth_t *b, int32_t v)
{
    s_put(b, &v, sizeof v);
}

/* A string as the cache writes it: its length (-1 for NULL), its bytes. */
static void s_str(synth_t *b, const char *s, int32_t len)
{
    s_i32(b, s ? len : -1);
    if (s)
        s_put(b, s, (size_t)len);
}

/* A level's fields before its states: no nohyphen unless NOHYPHEN. */
static void s_level(synth_t *b, int32_t nohyphenl, const char *nohyphen, int32_t len,
                    const char *cset, int32_t num_states)
{
    char cs[20] = {0};
    memcpy(cs, cset, strlen(cset) < 20 ? strlen(cset) : 20);
    s_put(b, "\2\3\2\3", 4);
    s_i32(b, nohyphenl);
    s_str(b, nohyphen, len);
    s_put(b, cs, sizeof cs);
    s_i32(b, 0);
    s_i32(b, num_states);
}

/* A state with no strings and NUM_TRANS transitions all to state TO. */
static void s_state(synth_t *b, int32_t fallback, int32_t num_trans, int32_t to)
{
    s_str(b, NULL, 0);
    s_str(b, NULL, 0);
    s_put(b, "\0\0", 2);
    s_i32(b, fallback);
    s_i32(b, num_trans);
    for (int32_t k = 0; k < num_trans; k++) {
        s_put(b, "a", 1);
        s_i32(b, to);
    }
}

/* Starts B with the header of the good cache file GOOD (its totals at
 * TOTALS) and the totals given. */
static void s_start(synth_t *b, const unsigned char *good, long totals, int32_t levels,
                    int32_t states, int32_t trans, int32_t chars)
{
    b->n = 0;
    s_put(b, good, (size_t)totals);
    int32_t t[4] = {levels, states, trans, chars};
    s_put(b, t, sizeof t);
}

/* Loads B as the cache file at PATH (its checksum made right); returns the
 * dictionary's origin, and the dictionary in *OUT if OUT, else frees it. */
static galley_hyphen_origin_t s_load(synth_t *b, const char *path, HyphenDict **out)
{
    assert_true(b->n + 4 <= (long)sizeof b->d);
    overwrite_crc(path, b->d, b->n);
    galley_hyphen_origin_t origin;
    HyphenDict *d = galley_hyphen_cache_load(galley_dir, DIC, &origin);
    assert_non_null(d);
    if (out)
        *out = d;
    else
        galley_hyphen_cache_free(d, origin);
    return origin;
}

/* Hand-made files: a well-formed one is read back field for field (a
 * replacement, a 20-byte cset cut to 19); each of the others breaks one
 * bound that no other check stands in for, and is refused (without the
 * check AddressSanitizer would see the block or the file overrun). */
static void test_made_files(void **state)
{
    (void)state;
    char path[600];
    galley_hyphen_origin_t origin;
    HyphenDict *d;
    long size;
    unsigned char *good = cache_read(path, sizeof path, &size);
    layout_t l;
    layout_find(good, size, &l);
    static synth_t b;

    /* Well-formed: two states, a replacement, nohyphen "-" and "'". */
    s_start(&b, good, l.totals, 1, 2, 1, 5 + 4 + 2);
    s_level(&b, 1, "-\0'\0", 4, "xxxxxxxxxxxxxxxxxxxx", 2);
    s_state(&b, -1, 1, 1);
    s_str(&b, "012", 3);
    s_str(&b, "x", 1);
    s_put(&b, "\1\2", 2);
    s_i32(&b, 0);
    s_i32(&b, 0);
    origin = s_load(&b, path, &d);
    assert_int_equal(origin, GALLEY_HYPHEN_CACHED);
    assert_null(d->nextlevel);
    assert_int_equal(d->lhmin, 2);
    assert_int_equal(d->crhmin, 3);
    assert_int_equal(d->nohyphenl, 1);
    assert_memory_equal(d->nohyphen, "-\0'\0", 4);
    assert_int_equal(strlen(d->cset), 19);
    assert_int_equal(d->num_states, 2);
    assert_null(d->states[0].match);
    assert_null(d->states[0].repl);
    assert_int_equal(d->states[0].fallback_state, -1);
    assert_int_equal(d->states[0].num_trans, 1);
    assert_int_equal(d->states[0].trans[0].ch, 'a');
    assert_int_equal(d->states[0].trans[0].new_state, 1);
    assert_string_equal(d->states[1].match, "012");
    assert_string_equal(d->states[1].repl, "x");
    assert_int_equal(d->states[1].replindex, 1);
    assert_int_equal(d->states[1].replcut, 2);
    assert_int_equal(d->states[1].fallback_state, 0);
    assert_int_equal(d->states[1].num_trans, 0);
    galley_hyphen_cache_free(d, origin);

    /* No levels at all. */
    s_start(&b, good, l.totals, 0, 0, 0, 0);
    assert_int_equal(s_load(&b, path, NULL), GALLEY_HYPHEN_PARSED);

    /* Eight one-state levels are read; nine are more than libhyphen makes. */
    for (int32_t levels = 8; levels <= 9; levels++) {
        s_start(&b, good, l.totals, levels, levels, 0, 0);
        for (int32_t v = 0; v < levels; v++) {
            s_level(&b, 0, NULL, 0, "UTF-8", 1);
            s_state(&b, -1, 0, 0);
        }
        assert_int_equal(s_load(&b, path, NULL),
                         levels == 8 ? GALLEY_HYPHEN_CACHED : GALLEY_HYPHEN_PARSED);
    }

    /* A level without states (libhyphen reads state 0 of every level). */
    s_start(&b, good, l.totals, 2, 1, 0, 0);
    s_level(&b, 0, NULL, 0, "UTF-8", 1);
    s_state(&b, -1, 0, 0);
    s_level(&b, 0, NULL, 0, "UTF-8", 0);
    assert_int_equal(s_load(&b, path, NULL), GALLEY_HYPHEN_PARSED);

    /* A level of 64 states where the totals make room for one. */
    s_start(&b, good, l.totals, 1, 1, 0, 0);
    s_level(&b, 0, NULL, 0, "UTF-8", 64);
    for (int i = 0; i < 64; i++)
        s_state(&b, -1, 0, 0);
    assert_int_equal(s_load(&b, path, NULL), GALLEY_HYPHEN_PARSED);

    /* A state's transitions where the totals make room for none. */
    s_start(&b, good, l.totals, 1, 2, 0, 0);
    s_level(&b, 0, NULL, 0, "UTF-8", 2);
    s_state(&b, -1, 1, 1);
    s_state(&b, 0, 0, 0);
    assert_int_equal(s_load(&b, path, NULL), GALLEY_HYPHEN_PARSED);

    /* A last state with 100 transitions that the totals allow but the file
     * ends after one. */
    s_start(&b, good, l.totals, 1, 41, 100, 0);
    s_level(&b, 0, NULL, 0, "UTF-8", 41);
    for (int i = 0; i < 40; i++)
        s_state(&b, -1, 0, 0);
    s_str(&b, NULL, 0);
    s_str(&b, NULL, 0);
    s_put(&b, "\0\0", 2);
    s_i32(&b, 0);
    s_i32(&b, 100);
    s_put(&b, "a\0\0\0\0", 5);
    assert_int_equal(s_load(&b, path, NULL), GALLEY_HYPHEN_PARSED);

    /* A string longer than the rest of the file, within the string total. */
    s_start(&b, good, l.totals, 1, 1, 0, 60);
    s_put(&b, "\2\3\2\3", 4);
    s_i32(&b, 1);
    s_i32(&b, 59);
    s_put(&b,
          "-\0'\0-\0'\0-\0'\0-\0'\0-\0'\0-\0'\0-\0'\0-\0'\0-\0'\0-\0'\0-\0'"
          "\0-\0'",
          47);
    s_i32(&b, 0);
    assert_int_equal(s_load(&b, path, NULL), GALLEY_HYPHEN_PARSED);

    /* A nohyphenl with no nohyphen strings. */
    s_start(&b, good, l.totals, 1, 1, 0, 0);
    s_level(&b, 2, NULL, 0, "UTF-8", 1);
    s_state(&b, -1, 0, 0);
    assert_int_equal(s_load(&b, path, NULL), GALLEY_HYPHEN_PARSED);
    free(good);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cache_written_and_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_cache_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checked_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_made_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_cache_folder, setup, teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    for (size_t i = 0; i < n_words; i++)
        free(words[i]);
    free(words);
    return failed;
}
