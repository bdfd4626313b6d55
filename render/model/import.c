/* import.c: recognising a foreign article and building its Galley JSON.
 *
 * Owns: the format's detection by content (a JSON object with ninjs keys
 * and neither "headline" nor "body"; an XML root <nitf>, <newsItem> or
 * <newsMessage>) or by --from; parsing XML with libxml2 (no network, no
 * entity expansion, its own nesting limits) with its errors at the source's
 * line:col; and the dispatch to the format's mapper (import_ninjs.c,
 * import_nitf.c), which fills the mapping state (import_build.c). The caller
 * owns the JSON it returns.
 */
#include "import_private.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Sets up libxml2 once; see import.h. */
void galley_import_init(void)
{
    xmlInitParser();
}

/* The GALLEY_FROM_* of a --from name; see import.h. */
int galley_import_format(const char *name)
{
    static const struct {
        const char *name;
        int from;
    } NAMES[] = {{"galley", GALLEY_FROM_GALLEY},
                 {"ninjs", GALLEY_FROM_NINJS},
                 {"nitf", GALLEY_FROM_NITF},
                 {"newsml", GALLEY_FROM_NEWSML}};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (!strcmp(name, NAMES[i].name))
            return NAMES[i].from;
    return -1;
}

/* ---- detection ----------------------------------------------------------- */

/* The data after a UTF-8 byte order mark and white space. */
static const char *content_start(const char *data, size_t len, size_t *rest)
{
    size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < len && strchr(" \t\r\n", data[i]) && data[i])
        i++;
    *rest = len - i;
    return data + i;
}

/* True when ROOT, a JSON object, is a ninjs item rather than a Galley article:
 * no "body" and one of ninjs's own keys. */
static int looks_like_ninjs(json_t *root)
{
    static const char *const KEYS[] = {
        "uri",  "headlines",      "body_html",      "body_xhtml", "body_text", "bodies",
        "type", "versioncreated", "versionCreated", "standard",   "$standard", NULL};
    if (!json_is_object(root) || json_object_get(root, "body"))
        return 0; /* Galley's own (ninjs 1.x has "headline" too, but never "body") */
    for (int i = 0; KEYS[i]; i++)
        if (json_object_get(root, KEYS[i]))
            return 1;
    return 0;
}

/* Maps a ninjs file: parsed as JSON (with Galley's JSON messages), then mapped. */
static galley_status_t import_ninjs(galley_import_t *im, const char *data, size_t len, json_t **out)
{
    galley_json_doc_t doc;
    galley_json_limits_t limits = {im->opt->limits.max_input_mb, im->opt->limits.max_depth};
    galley_status_t st = galley_json_doc_load_buffer(&doc, im->file, data, len, &limits, im->diags);
    if (!st) {
        *out = galley_import_ninjs(im, &doc);
        st = im->st;
    }
    galley_json_doc_fini(&doc);
    return st;
}

/* Maps an XML file: parsed with libxml2, its errors at their line:col. */
static galley_status_t import_xml(galley_import_t *im, const char *data, size_t len, int from,
                                  json_t **out)
{
    if (len > (size_t)INT32_MAX)
        len = (size_t)INT32_MAX; /* the input limit is far below */
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return galley_diags_error(im->diags, GALLEY_STATUS_NO_MEMORY, im->file, 0, 0, NULL,
                                  "out of memory");
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, im->file, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    if (!doc || (e && e->level >= XML_ERR_ERROR)) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "not well-formed XML");
        msg[strcspn(msg, "\n")] = '\0';
        galley_import_error(im, e ? e->line : 0, e ? e->int2 : 0, NULL, "XML: %s", msg);
    } else {
        *out = galley_import_xml(im, doc, from);
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return im->st;
}

/* Maps a foreign article; see import.h. */
galley_status_t galley_import(const char *name, const char *data, size_t len, int from,
                              const galley_load_options_t *opt, json_t **out, json_t **where,
                              galley_diags_t *diags)
{
    *out = NULL;
    if (where)
        *where = NULL;
    size_t rest;
    const char *start = content_start(data, len, &rest);
    if (from == GALLEY_FROM_AUTO && !(rest && start[0] == '<')) { /* XML: its root says */
        if (rest && start[0] == '{') {
            json_t *root = json_loadb(start, rest, JSON_DECODE_ANY, NULL);
            from = looks_like_ninjs(root) ? GALLEY_FROM_NINJS : GALLEY_FROM_GALLEY;
            json_decref(root);
        } else {
            from = GALLEY_FROM_GALLEY;
        }
    }
    if (from == GALLEY_FROM_GALLEY)
        return GALLEY_STATUS_SUCCESS;
    galley_import_t im;
    galley_import_begin(&im, name, data, len, opt, diags);
    galley_status_t st = im.st;
    if (!st && from == GALLEY_FROM_NINJS)
        st = import_ninjs(&im, data, len, out);
    else if (!st)
        st = import_xml(&im, data, len, from, out);
    if (!st && where) {
        json_object_set_new(im.where, "", json_pack("[i,i]", 1, 1)); /* the rest: the file */
        *where = json_incref(im.where);
    }
    galley_import_end(&im);
    if (st) {
        json_decref(*out);
        *out = NULL;
    }
    if (!*out && where) { /* Galley's own, or an error: no places */
        json_decref(*where);
        *where = NULL;
    }
    return st;
}
