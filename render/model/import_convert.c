/* import_convert.c: an article in any format written as Galley's JSON.
 *
 * Owns: what `galley convert IN -o OUT.json` writes: the article mapped to
 * Galley's JSON (import.c) or, for a Galley file, its own JSON, indented
 * the same way; photo paths made to work from OUT's folder; and the check
 * that the result loads as an article (so nothing is written for an
 * article that would not render). The caller owns the text.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "import_private.h"
#include "input.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The real path of PATH's folder (newly allocated), or NULL. */
static char *real_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    return real;
}

/* When OUT's folder is not IN's, makes ARTICLE's relative photo paths
 * absolute (IN's folder joined), so OUT finds the same files. */
static void rebase_photos(json_t *article, const char *in, const char *out)
{
    char *from = real_folder(in), *to = real_folder(out);
    json_t *photos = json_object_get(article, "photos"), *p;
    size_t i;
    if (from && to && strcmp(from, to))
        json_array_foreach(photos, i, p)
        {
            const char *src = json_string_value(json_object_get(p, "src"));
            if (!src || src[0] == '/' || strstr(src, "://"))
                continue;
            size_t n = strlen(from) + strlen(src) + 2;
            char *abs = malloc(n);
            if (abs) {
                snprintf(abs, n, "%s/%s", from, src);
                json_object_set_new(p, "src", json_string(abs));
            }
            free(abs);
        }
    free(from);
    free(to);
}

/* Converts IN; see import.h. */
galley_status_t galley_import_convert(const char *in, const char *out,
                                      const galley_load_options_t *opt, char **text,
                                      galley_diags_t *diags)
{
    *text = NULL;
    char *buf = NULL;
    size_t len = 0;
    double mb =
        opt->limits.max_input_mb > 0 ? opt->limits.max_input_mb : GALLEY_DEFAULT_MAX_INPUT_MB;
    galley_status_t st = galley_input_read(in, NULL, mb, &buf, &len, diags);
    json_t *article = NULL;
    if (!st)
        st = galley_import(in, buf, len, opt->from, opt, &article, NULL, diags);
    if (!st && !article) { /* Galley's own JSON: checked by the loader, then indented */
        galley_json_doc_t doc;
        galley_json_limits_t limits = {opt->limits.max_input_mb, opt->limits.max_depth};
        st = galley_json_doc_load_buffer(&doc, in, buf, len, &limits, diags);
        if (!st)
            article = json_incref(doc.root);
        galley_json_doc_fini(&doc);
    }
    free(buf);
    if (!st)
        rebase_photos(article, in, out);
    char *s = st ? NULL : galley_import_dump(article);
    json_decref(article);
    if (!st && !s)
        st = galley_diags_error(diags, GALLEY_STATUS_NO_MEMORY, in, 0, 0, NULL, "out of memory");
    galley_article_t *a = NULL;
    galley_load_options_t lo = *opt;
    lo.from = GALLEY_FROM_GALLEY;
    if (!st) /* it must load as it will be read: photos found from OUT's folder */
        st = galley_article_load_buffer(out, s, strlen(s), &lo, &a, diags);
    galley_article_destroy(a);
    if (st)
        free(s);
    else
        *text = s;
    return st;
}
