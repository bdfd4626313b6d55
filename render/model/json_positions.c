/* json_positions.c: the line:column of named fields, kept after loading.
 *
 * Owns: galley_json_positions_t, a table of field paths ("body[3]",
 * "photos[0].caption", "styles.body.family") and where each sits in its
 * input file, resolved on the kept source text while the document is loaded
 * (json_scan.c's walk, so every position is the one a load error would
 * give) and looked up by later stages after the text is gone: their late
 * messages (text that does not fit, a font that is missing) point at the
 * field as load errors do. One entry per recorded field and its enclosing
 * fields; no copy of the text is kept.
 */
#include "json_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most steps of a field path ("translations", "ko", "body", 3: four). */
enum { MAX_STEPS = 16 };

/* One field: where its value starts, or the nearest enclosing value's. */
typedef struct {
    char *field;
    size_t off; /* byte offset in the text (while recording) */
    int line, column;
    int given; /* the file gives the field itself */
} entry_t;

struct galley_json_positions {
    entry_t *items;
    size_t n, cap;
    size_t *slots; /* hash of items by field: index + 1, 0 empty */
    size_t n_slots;
};

/* FNV-1a of S. */
static size_t hash_of(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Index + 1 of FIELD's entry, or 0. */
static size_t lookup(const galley_json_positions_t *p, const char *field)
{
    if (!p || !p->n_slots)
        return 0;
    for (size_t i = hash_of(field) & (p->n_slots - 1);; i = (i + 1) & (p->n_slots - 1)) {
        size_t k = p->slots[i];
        if (!k || !strcmp(p->items[k - 1].field, field))
            return k;
    }
}

/* Puts item K (index + 1) into the hash. */
static void slot_put(galley_json_positions_t *p, size_t k)
{
    size_t i = hash_of(p->items[k - 1].field) & (p->n_slots - 1);
    while (p->slots[i])
        i = (i + 1) & (p->n_slots - 1);
    p->slots[i] = k;
}

/* Appends FIELD at OFF; returns its index + 1, or 0 when out of memory. */
static size_t add(galley_json_positions_t *p, const char *field, size_t len, size_t off, int given)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        entry_t *items = realloc(p->items, cap * sizeof *items);
        if (!items)
            return 0;
        p->items = items;
        p->cap = cap;
    }
    if ((p->n + 1) * 2 > p->n_slots) {
        size_t n_slots = p->n_slots ? p->n_slots * 2 : 64;
        size_t *slots = calloc(n_slots, sizeof *slots);
        if (!slots)
            return 0;
        free(p->slots);
        p->slots = slots;
        p->n_slots = n_slots;
        for (size_t k = 1; k <= p->n; k++)
            slot_put(p, k);
    }
    char *copy = strndup(field, len);
    if (!copy)
        return 0;
    p->items[p->n] = (entry_t){copy, off, 0, 0, given};
    slot_put(p, ++p->n);
    return p->n;
}

/* True when FIELD is a path of at most MAX_STEPS member names (no space, not
 * empty) and [indexes]: anything else ("running head") is no field of a file. */
static int is_path(const char *field)
{
    int steps = 0;
    for (const char *p = field; *p; steps++) {
        if (steps >= MAX_STEPS)
            return 0;
        if (*p == '[') {
            char *end;
            strtoul(p + 1, &end, 10);
            if (end == p + 1 || *end != ']')
                return 0;
            p = end + 1;
        } else {
            size_t len = strcspn(p, ".[");
            if (len == 0 || memchr(p, ' ', len))
                return 0;
            p += len;
        }
        if (*p == '.')
            p++;
    }
    return 1;
}

/* Where the value of the LEN first bytes of FIELD starts in DOC's text, found
 * from its enclosing value's entry (and, for an item, from the item before
 * it when that is recorded, so a whole array costs one walk). Returns the
 * entry's index + 1, or 0 when out of memory. */
/* Moves *OFF from the array there to the item KEY[PLEN..] ("[3]") names,
 * starting from the item before it when that is recorded. */
static int item_offset(const galley_json_positions_t *p, const galley_json_doc_t *doc,
                       const char *key, size_t plen, size_t *off)
{
    if (doc->text[*off] != '[')
        return 0;
    size_t index = strtoul(key + plen + 1, NULL, 10);
    char *prev = index ? malloc(plen + 32) : NULL;
    size_t before = 0;
    if (prev) {
        memcpy(prev, key, plen);
        snprintf(prev + plen, 32, "[%zu]", index - 1);
        before = lookup(p, prev);
        free(prev);
    }
    if (!before || !p->items[before - 1].given)
        return galley_json_find_item(doc, *off, index, off);
    size_t q = galley_json_skip_ws(doc, galley_json_skip_value(doc, p->items[before - 1].off));
    if (q >= doc->len || doc->text[q] != ',')
        return 0;
    *off = galley_json_skip_ws(doc, q + 1);
    return 1;
}

/* Moves *OFF from the object there to its member NAME's value. */
static int member_offset(const galley_json_doc_t *doc, const char *name, size_t *off)
{
    size_t key_off;
    return doc->text[*off] == '{' && galley_json_find_member(doc, *off, name, &key_off, off);
}

static size_t resolve(galley_json_positions_t *p, const galley_json_doc_t *doc, const char *field,
                      size_t len)
{
    char *key = strndup(field, len);
    size_t k = key ? lookup(p, key) : 0;
    if (!key || k) {
        free(key);
        return k;
    }
    if (len == 0) {
        k = add(p, key, 0, galley_json_skip_ws(doc, 0), 1);
        free(key);
        return k;
    }
    size_t plen = galley_json_parent_len(key, len);
    size_t pk = resolve(p, doc, key, plen);
    size_t off = pk ? p->items[pk - 1].off : 0;
    int found = pk && p->items[pk - 1].given && off < doc->len &&
                (key[plen] == '[' ? item_offset(p, doc, key, plen, &off)
                                  : member_offset(doc, key + (plen ? plen + 1 : 0), &off));
    k = pk ? add(p, key, len, off, found) : 0;
    free(key);
    return k;
}

/* Records FIELD; see json.h. */
galley_status_t galley_json_positions_add(galley_json_positions_t **p, const galley_json_doc_t *doc,
                                          const char *field)
{
    if (!doc->text || !is_path(field))
        return GALLEY_STATUS_SUCCESS;
    if (!*p && !(*p = calloc(1, sizeof **p)))
        return GALLEY_STATUS_NO_MEMORY;
    return resolve(*p, doc, field, strlen(field)) ? GALLEY_STATUS_SUCCESS : GALLEY_STATUS_NO_MEMORY;
}

/* Orders entries by offset, for one walk of the text. */
static int by_offset(const void *a, const void *b)
{
    const entry_t *x = *(entry_t *const *)a, *y = *(entry_t *const *)b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Turns the recorded offsets into lines and columns; see json.h. */
galley_status_t galley_json_positions_finish(galley_json_positions_t *p,
                                             const galley_json_doc_t *doc)
{
    if (!p || !p->n)
        return GALLEY_STATUS_SUCCESS;
    if (doc->mapped) { /* places in the source it was mapped from */
        for (size_t i = 0; i < p->n; i++)
            galley_json_mapped_place(doc, p->items[i].field, &p->items[i].line,
                                     &p->items[i].column);
        return GALLEY_STATUS_SUCCESS;
    }
    entry_t **order = malloc(p->n * sizeof *order);
    if (!order)
        return GALLEY_STATUS_NO_MEMORY;
    for (size_t i = 0; i < p->n; i++)
        order[i] = &p->items[i];
    qsort(order, p->n, sizeof *order, by_offset);
    int line = 1, col = 1;
    size_t at = 0;
    for (size_t i = 0; i < p->n; i++) {
        for (; at < order[i]->off && at < doc->len; at++) {
            unsigned char b = (unsigned char)doc->text[at];
            if (b == '\n')
                line++, col = 1;
            else if ((b & 0xC0) != 0x80)
                col++;
        }
        order[i]->line = line;
        order[i]->column = col;
    }
    free(order);
    return GALLEY_STATUS_SUCCESS;
}

/* Where FIELD sits; see json.h. */
int galley_json_positions_find(const galley_json_positions_t *p, const char *field, int *line,
                               int *column)
{
    *line = *column = 0;
    if (!p || !field || !is_path(field))
        return 0;
    size_t len = strlen(field);
    char *key = strdup(field);
    int given = 0;
    for (int exact = 1; key; exact = 0) {
        size_t k = lookup(p, key);
        if (k) {
            *line = p->items[k - 1].line;
            *column = p->items[k - 1].column;
            given = exact && p->items[k - 1].given;
            break;
        }
        if (len == 0)
            break;
        len = galley_json_parent_len(key, len);
        key[len] = '\0';
    }
    free(key);
    return given;
}

/* Adds FIELDS and finishes; see json.h. */
galley_status_t galley_json_positions_record(galley_json_positions_t **p,
                                             const galley_json_doc_t *doc,
                                             const char *const *fields)
{
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && fields[i]; i++)
        st = galley_json_positions_add(p, doc, fields[i]);
    return st ? st : galley_json_positions_finish(*p, doc);
}

/* Frees the table. */
void galley_json_positions_destroy(galley_json_positions_t *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].field);
    free(p->items);
    free(p->slots);
    free(p);
}
