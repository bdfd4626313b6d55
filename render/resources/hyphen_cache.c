/* hyphen_cache.c: libhyphen dictionaries kept parsed between runs.
 *
 * Owns the cache files: one per dictionary file, named for its path, size
 * and modification time, holding the automaton libhyphen built from it (its
 * public HyphenDict, HyphenState and HyphenTrans structures, level by level).
 * A CRC-32 over the file catches damage; every value read back is still
 * checked (lengths, state numbers, the totals) before use. A dictionary read
 * back lives in one block sized by the totals the file starts with (levels,
 * then states, transitions, string bytes), its pointers aimed into the block,
 * so loading it takes one malloc instead of libhyphen's one per state and
 * string, and freeing it one free() (galley_hyphen_cache_free(), never
 * hnj_hyphen_free()). Files are written under a temporary name and renamed,
 * so a reader never sees half of one.
 */
#define _DEFAULT_SOURCE /* mkstemp */
#include "hyphen_cache.h"
#include "cache.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Format version; bump on any change of the layout below. */
#define CACHE_MAGIC "GLYHYPH2"

/* ---- writing ---- */

typedef struct {
    unsigned char *data;
    size_t len, cap;
    int failed;
} out_t;

static void put(out_t *o, const void *p, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 65536;
        while (cap < o->len + n)
            cap *= 2;
        unsigned char *d = realloc(o->data, cap);
        if (!d) {
            o->failed = 1;
            return;
        }
        o->data = d;
        o->cap = cap;
    }
    memcpy(o->data + o->len, p, n);
    o->len += n;
}

static void put_i32(out_t *o, int32_t v)
{
    put(o, &v, sizeof v);
}

/* A byte string of N bytes, or NULL (length -1). */
static void put_bytes(out_t *o, const char *s, size_t n)
{
    put_i32(o, s ? (int32_t)n : -1);
    if (s)
        put(o, s, n);
}

/* The length of the nohyphen buffer: NOHYPHENL + 1 strings (libhyphen counts
 * the commas it replaced by '\0'), each ending in '\0'. */
static size_t nohyphen_len(const HyphenDict *d)
{
    size_t n = 0;
    for (int i = 0; d->nohyphen && i <= d->nohyphenl; i++)
        n += strlen(d->nohyphen + n) + 1;
    return n;
}

/* Adds the states, transitions and string bytes ('\0' included) of level D
 * to TOTALS[1..3], the sizes of the block a reader builds. */
static void count_level(const HyphenDict *d, int32_t totals[4])
{
    totals[1] += d->num_states;
    if (d->nohyphen)
        totals[3] += (int32_t)nohyphen_len(d) + 1;
    for (int i = 0; i < d->num_states; i++) {
        const HyphenState *s = &d->states[i];
        totals[2] += s->num_trans;
        totals[3] += s->match ? (int32_t)strlen(s->match) + 1 : 0;
        totals[3] += s->repl ? (int32_t)strlen(s->repl) + 1 : 0;
    }
}

/* Appends dictionary level D. */
static void put_level(out_t *o, const HyphenDict *d)
{
    char minima[4] = {d->lhmin, d->rhmin, d->clhmin, d->crhmin};
    put(o, minima, sizeof minima);
    put_i32(o, d->nohyphenl);
    put_bytes(o, d->nohyphen, nohyphen_len(d));
    put(o, d->cset, sizeof d->cset);
    put_i32(o, d->utf8);
    put_i32(o, d->num_states);
    for (int i = 0; i < d->num_states; i++) {
        const HyphenState *s = &d->states[i];
        put_bytes(o, s->match, s->match ? strlen(s->match) : 0);
        put_bytes(o, s->repl, s->repl ? strlen(s->repl) : 0);
        /* libhyphen leaves these unset when there is no replacement */
        signed char rep[2] = {s->repl ? s->replindex : 0, s->repl ? s->replcut : 0};
        put(o, rep, sizeof rep);
        put_i32(o, s->fallback_state);
        put_i32(o, s->num_trans);
        for (int k = 0; k < s->num_trans; k++) {
            put(o, &s->trans[k].ch, 1);
            put_i32(o, s->trans[k].new_state);
        }
    }
}

/* The header both sides check: format, structure sizes, and the dictionary
 * file's path, size and time, so an entry never outlives what it copies. */
static void put_header(out_t *o, const char *path, const struct stat *st)
{
    put(o, CACHE_MAGIC, 8);
    int32_t sizes[3] = {(int32_t)sizeof(HyphenDict), (int32_t)sizeof(HyphenState),
                        (int32_t)sizeof(HyphenTrans)};
    put(o, sizes, sizeof sizes);
    int64_t stamp[3] = {(int64_t)st->st_size, (int64_t)st->st_mtim.tv_sec,
                        (int64_t)st->st_mtim.tv_nsec};
    put(o, stamp, sizeof stamp);
    put_bytes(o, path, strlen(path));
}

/* ---- reading ---- */

typedef struct {
    const unsigned char *p, *end;
    int bad;
} in_t;

static void get(in_t *in, void *dst, size_t n)
{
    if (in->bad || (size_t)(in->end - in->p) < n) {
        in->bad = 1;
        memset(dst, 0, n);
        return;
    }
    memcpy(dst, in->p, n);
    in->p += n;
}

static int32_t get_i32(in_t *in)
{
    int32_t v;
    get(in, &v, sizeof v);
    return v;
}

/* The one block a cached dictionary lives in, handed out front to back: the
 * file's totals size it, and every take is checked against what is left. */
typedef struct {
    HyphenState *states, *states_end;
    HyphenTrans *trans, *trans_end;
    char *chars, *chars_end;
} block_t;

/* A byte string as put_bytes() wrote it, copied '\0'-terminated into B's
 * characters (*OUT is NULL for a NULL string); returns its length. */
static size_t get_bytes(in_t *in, block_t *b, char **out)
{
    int32_t n = get_i32(in);
    *out = NULL;
    if (in->bad || n == -1)
        return 0;
    /* a negative N other than -1 is as huge as a size_t */
    if ((size_t)(in->end - in->p) < (size_t)n ||
        (size_t)(b->chars_end - b->chars) < (size_t)n + 1) {
        in->bad = 1;
        return 0;
    }
    *out = b->chars;
    memcpy(b->chars, in->p, (size_t)n);
    b->chars[n] = '\0';
    b->chars += (size_t)n + 1;
    in->p += n;
    return (size_t)n;
}

/* Reads one state of a level of NUM_STATES states into S, its transitions
 * into B. */
static void get_state(in_t *in, block_t *b, HyphenState *s, int num_states)
{
    get_bytes(in, b, &s->match);
    get_bytes(in, b, &s->repl);
    signed char rep[2];
    get(in, rep, sizeof rep);
    s->replindex = rep[0];
    s->replcut = rep[1];
    s->fallback_state = get_i32(in);
    s->num_trans = get_i32(in);
    s->trans = NULL;
    /* a negative num_trans is as huge as a size_t */
    if (in->bad || s->fallback_state < -1 || s->fallback_state >= num_states ||
        (size_t)s->num_trans > (size_t)(in->end - in->p) / 5 ||
        s->num_trans > b->trans_end - b->trans) {
        s->num_trans = 0;
        in->bad = 1;
        return;
    }
    if (s->num_trans)
        s->trans = b->trans;
    b->trans += s->num_trans;
    /* the 5 * num_trans bytes are there (checked above) */
    const unsigned char *p = in->p;
    for (int k = 0; k < s->num_trans; k++, p += 5) {
        int32_t to;
        memcpy(&to, p + 1, sizeof to);
        s->trans[k].ch = (char)p[0];
        s->trans[k].new_state = to;
        if (to < 0 || to >= num_states)
            in->bad = 1;
    }
    in->p = p;
}

/* Whether the nohyphen buffer of D (LEN bytes as put_level() wrote them)
 * is exactly the nohyphenl + 1 '\0'-ended strings libhyphen walks (not
 * counting the '\0' get_bytes() adds, which would make one more, empty,
 * string that keeps every word whole). */
static int nohyphen_whole(const HyphenDict *d, size_t len)
{
    size_t strings = 0;
    for (size_t i = 0; i < len; i++)
        strings += d->nohyphen[i] == '\0';
    /* a negative nohyphenl makes 0 strings, and there is at least one */
    return len > 0 && d->nohyphen[len - 1] == '\0' && strings == (size_t)d->nohyphenl + 1;
}

/* Reads one level into D, its states and strings into B; sets in->bad when
 * the data is bad. */
static void get_level(in_t *in, block_t *b, HyphenDict *d)
{
    char minima[4];
    get(in, minima, sizeof minima);
    d->lhmin = minima[0], d->rhmin = minima[1], d->clhmin = minima[2], d->crhmin = minima[3];
    d->nohyphenl = get_i32(in);
    size_t nohyphen_len = get_bytes(in, b, &d->nohyphen);
    /* libhyphen's nohyphenl is 0 when there is no nohyphen */
    if (!in->bad && !(d->nohyphen ? nohyphen_whole(d, nohyphen_len) : d->nohyphenl == 0))
        in->bad = 1;
    get(in, d->cset, sizeof d->cset);
    d->cset[sizeof d->cset - 1] = '\0';
    d->utf8 = get_i32(in);
    int32_t n = get_i32(in);
    d->num_states = 0;
    d->states = b->states;
    d->nextlevel = NULL;
    if (in->bad || n <= 0 || n > b->states_end - b->states) {
        in->bad = 1;
        return;
    }
    b->states += n;
    d->num_states = n;
    for (int i = 0; !in->bad && i < n; i++)
        get_state(in, b, &d->states[i], n);
}

/* Parses a cache file's DATA (LEN bytes) written for PATH as ST describes
 * it into one new block (free it with free()); NULL unless it is whole and
 * matches. */
static HyphenDict *cache_parse(const unsigned char *data, size_t len, const char *path,
                               const struct stat *st)
{
    out_t want = {0};
    put_header(&want, path, st);
    uint32_t crc = 0;
    if (len >= 4) {
        len -= 4;
        memcpy(&crc, data + len, 4);
    }
    int matches = !want.failed && len >= want.len && !memcmp(data, want.data, want.len) &&
                  crc == (uint32_t)crc32(crc32(0, NULL, 0), data, (uInt)len);
    in_t in = {data + want.len, data + len, 0};
    free(want.data);
    if (!matches)
        return NULL;
    /* The totals, each bounded by what the rest of the file can hold: a
     * state takes 18 bytes at the least, a transition 5, a string of N
     * bytes N + 4 (N + 1 in the block); a negative total is as huge as a
     * size_t. */
    int32_t totals[4];
    get(&in, totals, sizeof totals);
    int32_t levels = totals[0], states = totals[1], trans = totals[2], chars = totals[3];
    size_t left = (size_t)(in.end - in.p);
    if (in.bad || levels < 1 || levels > 8 || (size_t)states > left / 18 ||
        (size_t)trans > left / 5 || (size_t)chars > left)
        return NULL;
    /* Strongest alignment first, so every part is aligned. */
    size_t size = (size_t)levels * sizeof(HyphenDict) + (size_t)states * sizeof(HyphenState) +
                  (size_t)trans * sizeof(HyphenTrans) + (size_t)chars;
    HyphenDict *dicts = malloc(size);
    if (!dicts)
        return NULL;
    block_t b;
    b.states = (HyphenState *)(dicts + levels);
    b.states_end = b.states + states;
    b.trans = (HyphenTrans *)b.states_end;
    b.trans_end = b.trans + trans;
    b.chars = (char *)b.trans_end;
    b.chars_end = b.chars + chars;
    for (int32_t i = 0; i < levels && !in.bad; i++) {
        get_level(&in, &b, &dicts[i]);
        if (i > 0)
            dicts[i - 1].nextlevel = &dicts[i];
    }
    /* Every byte read and every part of the block used, exactly. */
    if (in.bad || in.p != in.end || b.states != b.states_end || b.trans != b.trans_end ||
        b.chars != b.chars_end) {
        free(dicts);
        return NULL;
    }
    return dicts;
}

/* ---- the cache folder ---- */

/* The cache file for the dictionary at PATH (ST) in BUF, named for the
 * format too, so that Galleys of different formats sharing a cache folder
 * each keep their own file instead of rewriting each other's at every run;
 * 0 when there is no cache folder to use (no $XDG_CACHE_HOME and no $HOME).
 * MAKE: create the folders. */
static int cache_file(const char *cache_dir, const char *path, const struct stat *st, int make,
                      char *buf, size_t n)
{
    char dir[4096];
    if (!galley_cache_path(cache_dir, "hyphen", make, dir, sizeof dir) ||
        (make && mkdir(dir, 0755) != 0 && errno != EEXIST))
        return 0;
    const char *base = strrchr(path, '/');
    int len =
        snprintf(buf, n, "%s/%s-%lld-%lld.%09ld-" CACHE_MAGIC, dir, base ? base + 1 : path,
                 (long long)st->st_size, (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec);
    return len > 0 && (size_t)len < n;
}

/* Reads the whole file at FILE into new memory; NULL if it cannot. */
static unsigned char *read_all(const char *file, size_t *len)
{
    FILE *fp = fopen(file, "rb");
    if (!fp)
        return NULL;
    unsigned char *data = NULL;
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && st.st_size > 0 && st.st_size < (64 << 20) &&
        (data = malloc((size_t)st.st_size)) != NULL &&
        fread(data, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
        free(data);
        data = NULL;
    }
    *len = data ? (size_t)st.st_size : 0;
    fclose(fp);
    return data;
}

/* Writes DICT's cache entry for PATH (ST). Failing to is not an error: the
 * next run parses the dictionary again. */
static void cache_store(const char *cache_dir, const HyphenDict *dict, const char *path,
                        const struct stat *st)
{
    char file[4200], tmp[4300];
    if (!cache_file(cache_dir, path, st, 1, file, sizeof file))
        return;
    out_t o = {0};
    put_header(&o, path, st);
    int32_t totals[4] = {0}; /* levels, states, transitions, string bytes */
    for (const HyphenDict *d = dict; d; d = d->nextlevel) {
        totals[0]++;
        count_level(d, totals);
    }
    put(&o, totals, sizeof totals);
    for (const HyphenDict *d = dict; d; d = d->nextlevel)
        put_level(&o, d);
    uint32_t crc = o.failed ? 0 : (uint32_t)crc32(crc32(0, NULL, 0), o.data, (uInt)o.len);
    put(&o, &crc, sizeof crc);
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", file);
    int fd = o.failed ? -1 : mkstemp(tmp);
    if (fd >= 0) {
        int ok = write(fd, o.data, o.len) == (ssize_t)o.len;
        ok = close(fd) == 0 && ok;
        if (!ok || rename(tmp, file) != 0)
            unlink(tmp);
    }
    free(o.data);
}

/* Loads the dictionary at PATH, from the cache when it can (one block,
 * *ORIGIN GALLEY_HYPHEN_CACHED), else parsed by libhyphen and then cached
 * (*ORIGIN GALLEY_HYPHEN_PARSED): how it must be freed depends on which. */
HyphenDict *galley_hyphen_cache_load(const char *cache_dir, const char *path,
                                     galley_hyphen_origin_t *origin)
{
    *origin = GALLEY_HYPHEN_PARSED;
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    char file[4200];
    size_t len = 0;
    unsigned char *data =
        cache_file(cache_dir, path, &st, 0, file, sizeof file) ? read_all(file, &len) : NULL;
    HyphenDict *dict = data ? cache_parse(data, len, path, &st) : NULL;
    free(data);
    if (dict) {
        *origin = GALLEY_HYPHEN_CACHED;
        return dict;
    }
    dict = hnj_hyphen_load(path);
    if (dict)
        cache_store(cache_dir, dict, path, &st);
    return dict;
}

/* Frees DICT as ORIGIN says it was made: a cached dictionary is one block,
 * which hnj_hyphen_free() would free piece by piece (and fail on); a
 * parsed one is libhyphen's own. */
void galley_hyphen_cache_free(HyphenDict *dict, galley_hyphen_origin_t origin)
{
    if (!dict)
        return;
    if (origin == GALLEY_HYPHEN_CACHED)
        free(dict);
    else
        hnj_hyphen_free(dict);
}
