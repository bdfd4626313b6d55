/* import.h: newsroom formats mapped to Galley's article JSON.
 *
 * Owns: recognising a foreign article (ninjs 1.x-3.x JSON, NITF 3.x XML,
 * NewsML-G2 newsItem XML) by its content or by --from, and mapping it to a
 * jansson object in Galley's own article format (docs/article.md), which the
 * article loader then validates exactly as a Galley file: one loader for
 * every format. docs/formats.md gives the mapping field by field. The
 * source's own errors (XML syntax, a web-address photo, nothing to set) name
 * the source file and line:col; the mapped article's are the loader's.
 */
#ifndef GALLEY_IMPORT_H
#define GALLEY_IMPORT_H

#include "article.h"
#include "galley.h"
#include <jansson.h>

/* Sets up libxml2 once, before any thread parses: galley_context_create calls it. */
void galley_import_init(void);

/* GALLEY_FROM_* for a --from name ("ninjs", "nitf", "newsml", "galley"); -1 for another. */
int galley_import_format(const char *name);

/* Maps the LEN bytes at DATA, the file NAME (for messages, and the folder its
 * photos are found in), to Galley's article JSON. FROM is a GALLEY_FROM_*:
 * GALLEY_FROM_AUTO recognises the format by content. *OUT gets a new object
 * the caller owns (json_decref), or NULL when the data is Galley's own JSON
 * (then nothing is reported: the loader reads it). With WHERE (may be NULL),
 * *WHERE gets with *OUT a new object the caller owns: Galley field paths
 * ("date", "body[3]", "photos[1]", "" for the rest) to [line, column] in the
 * source, where the loader's messages about them point. Errors go to DIAGS;
 * OPT gives --placeholder (a web-address photo becomes an FPO box). */
galley_status_t galley_import(const char *name, const char *data, size_t len, int from,
                              const galley_load_options_t *opt, json_t **out, json_t **where,
                              galley_diags_t *diags);

/* ARTICLE as the text `galley convert` writes and the loader reads: JSON
 * indented by 2, fields in order, UTF-8, a final line break. Newly
 * allocated (free()); NULL when out of memory. */
char *galley_import_dump(const json_t *article);

/* `galley convert`: the article IN (any format, OPT->from as for a render)
 * as the Galley JSON text to write to OUT (*TEXT, newly allocated: free()):
 * relative photo paths made absolute when OUT's folder is not IN's. The
 * text is loaded as an article first: an error there (reported as OUT's,
 * without places) means nothing to write. */
galley_status_t galley_import_convert(const char *in, const char *out,
                                      const galley_load_options_t *opt, char **text,
                                      galley_diags_t *diags);

#endif
