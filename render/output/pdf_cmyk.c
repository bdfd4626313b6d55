/* pdf_cmyk.c: the press colour pass's walk over the PDF (issue 19;
 * pdf_colour.h is the interface).
 *
 * Owns: finding, with libqpdf's C API inside pdf.c's one read and one write
 * of the PDF, what the pass converts, each object once: every page's
 * content (its streams read decoded as one, rewritten by pdf_colour.cc's
 * token filter, deflated here at zlib's fastest level and put back in the
 * page's own stream, or in a new one when the page had several), every form
 * XObject reached from a page's resources, however deep (its content
 * rewritten likewise, starting in the colour space it inherits, its /Group
 * blending in CMYK), and every image XObject (an RGB one tagged ICCBased
 * with the RGB profile, shared by all; an /Indexed one on DeviceRGB given
 * that base). A page's /Group blends in /DeviceCMYK instead of /DeviceRGB.
 * The glyph procedures of Type 3 fonts (cairo's box for a glyph no font has)
 * are content too, rewritten likewise. Where content sets the registration
 * colour, the [/Separation /All /DeviceCMYK] space it names
 * (GALLEY_PDF_ALL_NAME, one object shared by all) is put in the /ColorSpace
 * of the resources it is drawn with. Refused with an error naming it: a
 * soft mask in a page's or form's resources, an annotation with an appearance stream, an image in
 * a colour space the pass does not convert;
 * and what the token filter refuses in a content stream.
 *
 * The converter (ink.c) is made once for the pass; the colours it converted
 * are kept in its cache file after the pass (galley_ink_save).
 */
#include "pdf_colour.h"
#include "ink.h"
#include "pdf_x.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Deepest nesting of form XObjects followed. */
#define CMYK_MAX_DEPTH 32

/* One run of the pass. */
typedef struct {
    qpdf_data q;
    const galley_pdf_colour_t *opt;
    galley_ink_t *ink;
    int *done; /* object numbers of the streams handled */
    size_t n_done, cap_done;
    qpdf_oh icc; /* [/ICCBased <the RGB profile>], 0 until an image needs it */
    qpdf_oh all; /* [/Separation /All /DeviceCMYK ...], 0 until content needs it */
    char *err;
    size_t err_n;
} cmyk_t;

/* Keeps the first fault in c->err; returns -1. */
static int cmyk_fail(cmyk_t *c, const char *fmt, ...)
{
    if (!c->err[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err, c->err_n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* 1 the first time the indirect object OH is seen (a direct one: always),
 * 0 after; -1 when memory runs out. */
static int cmyk_first(cmyk_t *c, qpdf_oh oh)
{
    int id = qpdf_oh_get_object_id(c->q, oh);
    if (id <= 0)
        return 1;
    for (size_t i = 0; i < c->n_done; i++)
        if (c->done[i] == id)
            return 0;
    if (c->n_done == c->cap_done) {
        size_t cap = c->cap_done ? 2 * c->cap_done : 32;
        int *d = realloc(c->done, cap * sizeof *d);
        if (!d)
            return cmyk_fail(c, "out of memory");
        c->done = d;
        c->cap_done = cap;
    }
    c->done[c->n_done++] = id;
    return 1;
}

/* The keys of the dictionary DICT (malloc'ed, each and the array; *N of
 * them), or NULL: collected first, for libqpdf has one key iterator. */
static char **cmyk_keys(qpdf_data q, qpdf_oh dict, size_t *n)
{
    size_t cap = 0;
    char **keys = NULL;
    *n = 0;
    qpdf_oh_begin_dict_key_iter(q, dict);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *k = qpdf_oh_dict_next_key(q);
        if (*n == cap) {
            char **v = realloc(keys, (cap = cap ? 2 * cap : 16) * sizeof *v);
            if (!v)
                break;
            keys = v;
        }
        if (!(keys[*n] = strdup(k)))
            break;
        (*n)++;
    }
    return keys;
}

/* Frees the N keys KEYS. */
static void cmyk_keys_free(char **keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

/* Whether KEY of the dictionary DICT is the name NAME. */
static int cmyk_name_is(qpdf_data q, qpdf_oh dict, const char *key, const char *name)
{
    return qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, key), name);
}

static int cmyk_content(cmyk_t *c, qpdf_oh x, qpdf_oh owner, int page, galley_colour_state_t start,
                        const char *where);

/* Converts the glyph procedures of the Type 3 font FONT (named NAME, in
 * WHERE), each once, as content of their own: cairo draws a glyph no font
 * has (the box of U+1F9DE) as one, "d1" glyphs painted in the text's colour,
 * so they hold no colour of their own; a coloured ("d0") glyph's colours
 * are converted like a form's. */
static int cmyk_type3(cmyk_t *c, qpdf_oh font, const char *name, const char *where)
{
    qpdf_data q = c->q;
    qpdf_oh procs = qpdf_oh_get_key(q, font, "/CharProcs");
    if (!qpdf_oh_is_dictionary(q, procs))
        return 0;
    size_t n;
    char **keys = cmyk_keys(q, procs, &n);
    int r = 0;
    for (size_t i = 0; keys && !r && i < n; i++) {
        qpdf_oh proc = qpdf_oh_get_key(q, procs, keys[i]);
        int first = qpdf_oh_is_stream(q, proc) ? cmyk_first(c, proc) : 0;
        if (first != 1) {
            r = first;
            continue;
        }
        char glyph[160];
        snprintf(glyph, sizeof glyph, "%s: the glyph %s of the Type 3 font %s", where, keys[i],
                 name);
        galley_colour_state_t inherited = {GALLEY_SPACE_INHERITED, GALLEY_SPACE_INHERITED};
        r = cmyk_content(c, proc, font, 0, inherited, glyph);
    }
    if (keys)
        cmyk_keys_free(keys, n);
    return r;
}

/* Converts the Type 3 fonts of the resources RES (of WHERE) and refuses
 * what the pass cannot convert: soft masks. */
static int cmyk_resources(cmyk_t *c, qpdf_oh res, const char *where)
{
    qpdf_data q = c->q;
    if (!qpdf_oh_is_dictionary(q, res))
        return 0;
    int r = 0;
    size_t n;
    qpdf_oh fonts = qpdf_oh_get_key(q, res, "/Font");
    char **keys = qpdf_oh_is_dictionary(q, fonts) ? cmyk_keys(q, fonts, &n) : NULL;
    for (size_t i = 0; keys && !r && i < n; i++) {
        qpdf_oh font = qpdf_oh_get_key(q, fonts, keys[i]);
        if (cmyk_name_is(q, font, "/Subtype", "/Type3"))
            r = cmyk_type3(c, font, keys[i], where);
    }
    if (keys)
        cmyk_keys_free(keys, n);
    qpdf_oh gs = qpdf_oh_get_key(q, res, "/ExtGState");
    keys = !r && qpdf_oh_is_dictionary(q, gs) ? cmyk_keys(q, gs, &n) : NULL;
    for (size_t i = 0; keys && !r && i < n; i++)
        if (qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, gs, keys[i]), "/SMask")))
            r = cmyk_fail(c, "%s: the soft mask of %s, which the colour pass does not convert",
                          where, keys[i]);
    if (keys)
        cmyk_keys_free(keys, n);
    return r;
}

/* A transparency group of DICT blending in DeviceRGB blends in DeviceCMYK. */
static void cmyk_group(qpdf_data q, qpdf_oh dict)
{
    qpdf_oh g = qpdf_oh_get_key(q, dict, "/Group");
    if (qpdf_oh_is_dictionary(q, g) && cmyk_name_is(q, g, "/CS", "/DeviceRGB"))
        qpdf_oh_replace_key(q, g, "/CS", qpdf_oh_new_name(q, "/DeviceCMYK"));
}

/* Sets the data of STREAM to the LEN bytes DATA, deflated at zlib's fastest
 * level. */
static int cmyk_set_data(cmyk_t *c, qpdf_oh stream, const unsigned char *data, size_t len)
{
    uLongf dlen = compressBound((uLong)len);
    unsigned char *z = malloc(dlen);
    if (!z || compress2(z, &dlen, data, (uLong)len, Z_BEST_SPEED) != Z_OK) {
        free(z);
        return cmyk_fail(c, "out of memory");
    }
    qpdf_oh_replace_stream_data(c->q, stream, z, dlen, qpdf_oh_new_name(c->q, "/FlateDecode"),
                                qpdf_oh_new_null(c->q));
    free(z);
    return 0;
}

/* The resources of PAGE, its own or inherited from the page tree. */
static qpdf_oh cmyk_page_resources(qpdf_data q, qpdf_oh page)
{
    qpdf_oh node = page, res = qpdf_oh_get_key(q, page, "/Resources");
    for (int i = 0; i < CMYK_MAX_DEPTH && !qpdf_oh_is_dictionary(q, res); i++) {
        node = qpdf_oh_get_key(q, node, "/Parent");
        if (!qpdf_oh_is_dictionary(q, node))
            break;
        res = qpdf_oh_get_key(q, node, "/Resources");
    }
    return res;
}

/* The registration colour's space, [/Separation /All /DeviceCMYK <a
 * function giving all four inks at the tint>], made once and shared: every
 * plate, spot plates too, which 1 1 1 1 k would miss. */
static qpdf_oh cmyk_all(cmyk_t *c)
{
    qpdf_data q = c->q;
    if (c->all)
        return c->all;
    qpdf_oh fn = qpdf_oh_parse(q, "<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] "
                                  "/C1 [1 1 1 1] /N 1 >>");
    qpdf_oh space = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, space, qpdf_oh_new_name(q, "/Separation"));
    qpdf_oh_append_item(q, space, qpdf_oh_new_name(q, "/All"));
    qpdf_oh_append_item(q, space, qpdf_oh_new_name(q, "/DeviceCMYK"));
    qpdf_oh_append_item(q, space, fn);
    return c->all = qpdf_make_indirect_object(q, space);
}

/* Puts the registration colour's space in the resources OWNER (a page, whose
 * resources may be its tree's; a form's or a Type 3 font's dictionary) draws
 * with, making the resources or their /ColorSpace where there are none. */
static void cmyk_all_resource(cmyk_t *c, qpdf_oh owner, int page)
{
    qpdf_data q = c->q;
    qpdf_oh res = page ? cmyk_page_resources(q, owner) : qpdf_oh_get_key(q, owner, "/Resources");
    if (!qpdf_oh_is_dictionary(q, res)) {
        res = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, owner, "/Resources", res);
        res = qpdf_oh_get_key(q, owner, "/Resources");
    }
    qpdf_oh spaces = qpdf_oh_get_key(q, res, "/ColorSpace");
    if (!qpdf_oh_is_dictionary(q, spaces)) {
        qpdf_oh_replace_key(q, res, "/ColorSpace", qpdf_oh_new_dictionary(q));
        spaces = qpdf_oh_get_key(q, res, "/ColorSpace");
    }
    qpdf_oh_replace_key(q, spaces, GALLEY_PDF_ALL_NAME, cmyk_all(c));
}

/* Rewrites the content of the page or form X (WHERE): a page's streams
 * (PAGE set) are read as one, a form's is its own; START is the colour
 * spaces it begins in; OWNER is the dictionary whose resources it draws with
 * (the page; a form's own dictionary; a Type 3 glyph's font). */
static int cmyk_content(cmyk_t *c, qpdf_oh x, qpdf_oh owner, int page, galley_colour_state_t start,
                        const char *where)
{
    qpdf_data q = c->q;
    unsigned char *in = NULL, *out = NULL;
    size_t len = 0, out_len = 0;
    QPDF_ERROR_CODE e = page ? qpdf_oh_get_page_content_data(q, x, &in, &len)
                             : qpdf_oh_get_stream_data(q, x, qpdf_dl_generalized, NULL, &in, &len);
    if (e & QPDF_ERRORS) {
        free(in);
        return cmyk_fail(c, "%s: its content cannot be decoded", where);
    }
    char err[512];
    int all = 0;
    int r = galley_pdf_colour_content(c->ink, in, len, start, where, &out, &out_len, &all, err,
                                      sizeof err);
    free(in);
    if (r)
        return cmyk_fail(c, "%s", err);
    if (all)
        cmyk_all_resource(c, owner, page);
    qpdf_oh stream = x;
    if (page) {
        stream = qpdf_oh_get_key(q, x, "/Contents");
        if (!qpdf_oh_is_stream(q, stream) || cmyk_first(c, stream) != 1) {
            stream = qpdf_oh_new_stream(q);
            qpdf_oh_replace_key(q, x, "/Contents", stream);
        }
    }
    r = cmyk_set_data(c, stream, out, out_len);
    free(out);
    return r;
}

/* [/ICCBased <the RGB profile>], made once and shared by every image. */
static qpdf_oh cmyk_icc(cmyk_t *c)
{
    qpdf_data q = c->q;
    if (c->icc)
        return c->icc;
    qpdf_oh profile;
    if (galley_pdf_icc_stream(q, c->opt->rgb_profile, c->opt->rgb_profile_len, 3, c->opt->cache_dir,
                              &profile)) {
        cmyk_fail(c, "out of memory");
        return qpdf_oh_new_null(q);
    }
    qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, profile), "/Alternate",
                        qpdf_oh_new_name(q, "/DeviceRGB"));
    qpdf_oh icc = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, icc, qpdf_oh_new_name(q, "/ICCBased"));
    qpdf_oh_append_item(q, icc, profile);
    return c->icc = qpdf_make_indirect_object(q, icc);
}

/* Tags the RGB image of dictionary DICT (WHERE) with the RGB profile;
 * refuses one it cannot print. */
static int cmyk_image(cmyk_t *c, qpdf_oh dict, const char *where)
{
    qpdf_data q = c->q;
    qpdf_oh cs = qpdf_oh_get_key(q, dict, "/ColorSpace");
    qpdf_oh mask = qpdf_oh_get_key(q, dict, "/ImageMask");
    if (qpdf_oh_is_bool(q, mask) && qpdf_oh_get_bool_value(q, mask))
        return 0;
    if (qpdf_oh_is_name_and_equals(q, cs, "/DeviceRGB")) {
        qpdf_oh_replace_key(q, dict, "/ColorSpace", cmyk_icc(c));
        return 0;
    }
    if (qpdf_oh_is_name_and_equals(q, cs, "/DeviceGray") ||
        qpdf_oh_is_name_and_equals(q, cs, "/DeviceCMYK"))
        return 0;
    if (qpdf_oh_is_array(q, cs) && qpdf_oh_get_array_n_items(q, cs) >= 2) {
        qpdf_oh family = qpdf_oh_get_array_item(q, cs, 0), base = qpdf_oh_get_array_item(q, cs, 1);
        if (qpdf_oh_is_name_and_equals(q, family, "/ICCBased"))
            return 0;
        if (qpdf_oh_is_name_and_equals(q, family, "/Indexed") &&
            qpdf_oh_is_name_and_equals(q, base, "/DeviceRGB")) {
            qpdf_oh_set_array_item(q, cs, 1, cmyk_icc(c));
            return 0;
        }
        if (qpdf_oh_is_name_and_equals(q, family, "/Indexed") &&
            (qpdf_oh_is_name_and_equals(q, base, "/DeviceGray") ||
             qpdf_oh_is_name_and_equals(q, base, "/DeviceCMYK")))
            return 0;
    }
    return cmyk_fail(c, "%s: a colour space the colour pass does not convert (%s)", where,
                     qpdf_oh_unparse(q, cs));
}

/* Converts the form and image XObjects of the resources RES, and those of
 * the forms' own resources, each once; DEPTH: how deep in forms. */
static int cmyk_xobjects(cmyk_t *c, qpdf_oh res, int depth)
{
    qpdf_data q = c->q;
    if (!qpdf_oh_is_dictionary(q, res))
        return 0;
    qpdf_oh xobjects = qpdf_oh_get_key(q, res, "/XObject");
    if (!qpdf_oh_is_dictionary(q, xobjects))
        return 0;
    if (depth > CMYK_MAX_DEPTH)
        return cmyk_fail(c, "form XObjects nested deeper than %d", CMYK_MAX_DEPTH);
    size_t n;
    char **keys = cmyk_keys(q, xobjects, &n);
    int r = 0;
    for (size_t i = 0; keys && !r && i < n; i++) {
        qpdf_oh x = qpdf_oh_get_key(q, xobjects, keys[i]);
        int first = qpdf_oh_is_stream(q, x) ? cmyk_first(c, x) : 0;
        if (first != 1) {
            r = first;
            continue;
        }
        qpdf_oh dict = qpdf_oh_get_dict(q, x);
        char where[96];
        if (cmyk_name_is(q, dict, "/Subtype", "/Form")) {
            snprintf(where, sizeof where, "the form XObject object %d",
                     qpdf_oh_get_object_id(q, x));
            galley_colour_state_t inherited = {GALLEY_SPACE_INHERITED, GALLEY_SPACE_INHERITED};
            qpdf_oh form_res = qpdf_oh_get_key(q, dict, "/Resources");
            cmyk_group(q, dict);
            r = cmyk_resources(c, form_res, where);
            r = r ? r : cmyk_content(c, x, dict, 0, inherited, where);
            r = r ? r : cmyk_xobjects(c, form_res, depth + 1);
        } else if (cmyk_name_is(q, dict, "/Subtype", "/Image")) {
            snprintf(where, sizeof where, "the image XObject object %d",
                     qpdf_oh_get_object_id(q, x));
            r = cmyk_image(c, dict, where);
        }
    }
    if (keys)
        cmyk_keys_free(keys, n);
    return r;
}

/* Converts page N (0-based) and what it uses. */
static int cmyk_page(cmyk_t *c, int n)
{
    qpdf_data q = c->q;
    qpdf_oh page = qpdf_get_page_n(q, (size_t)n);
    char where[32];
    snprintf(where, sizeof where, "page %d", n + 1);
    qpdf_oh res = cmyk_page_resources(q, page);
    galley_colour_state_t start = {GALLEY_SPACE_GRAY, GALLEY_SPACE_GRAY};
    cmyk_group(q, page);
    int r = cmyk_resources(c, res, where);
    r = r ? r : cmyk_content(c, page, page, 1, start, where);
    qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
    int n_annots = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
    for (int i = 0; !r && i < n_annots; i++)
        if (qpdf_oh_has_key(q, qpdf_oh_get_array_item(q, annots, i), "/AP"))
            r = cmyk_fail(c,
                          "%s: an annotation with an appearance stream, which the colour "
                          "pass does not convert",
                          where);
    return r ? r : cmyk_xobjects(c, res, 0);
}

int galley_pdf_cmyk(qpdf_data q, const galley_pdf_colour_t *opt, char *err, size_t err_n)
{
    err[0] = '\0';
    if (!opt->rgb_profile) {
        snprintf(err, err_n, "the colour pass has no RGB profile");
        return -1;
    }
    cmyk_t c = {.q = q, .opt = opt, .err = err, .err_n = err_n};
    c.ink = galley_ink_create(opt->rgb_profile, opt->rgb_profile_len, opt->profile,
                              opt->profile_len, opt->ink_limit, opt->cache_dir, err, err_n);
    if (!c.ink)
        return -1;
    int r = 0, n = qpdf_get_num_pages(q);
    if (n < 0)
        r = cmyk_fail(&c, "the PDF's pages cannot be read");
    for (int i = 0; !r && i < n; i++)
        r = cmyk_page(&c, i);
    if (!r && qpdf_has_error(q))
        r = cmyk_fail(&c, "%s", qpdf_get_error_full_text(q, qpdf_get_error(q)));
    if (!r)
        galley_ink_save(c.ink);
    galley_ink_destroy(c.ink);
    free(c.done);
    return r;
}

int galley_pdf_colour_cmyk(const unsigned char *in, size_t len, const galley_pdf_colour_t *opt,
                           unsigned char **out, size_t *out_len, char *err, size_t err_n)
{
    *out = NULL;
    *out_len = 0;
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    int r = 0;
    if (qpdf_read_memory(q, "the PDF", (const char *)in, len, NULL) & QPDF_ERRORS) {
        snprintf(err, err_n, "the PDF cannot be read");
        r = -1;
    }
    r = r ? r : galley_pdf_cmyk(q, opt, err, err_n);
    if (!r) {
        qpdf_init_write_memory(q);
        qpdf_set_deterministic_ID(q, QPDF_TRUE);
        qpdf_set_object_stream_mode(q, qpdf_o_disable);
        qpdf_set_decode_level(q, qpdf_dl_none);
        if (qpdf_write(q) & QPDF_ERRORS) {
            snprintf(err, err_n, "the PDF cannot be written");
            r = -1;
        } else if (!(*out = malloc(qpdf_get_buffer_length(q) + 1))) {
            snprintf(err, err_n, "out of memory");
            r = -1;
        } else {
            *out_len = qpdf_get_buffer_length(q);
            memcpy(*out, qpdf_get_buffer(q), *out_len);
        }
    }
    qpdf_cleanup(&q);
    return r;
}
