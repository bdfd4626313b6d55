/* source.h: where a field sits in an input file, for messages raised late.
 *
 * Owns: finding the line and column of a field path ("body[3]",
 * "photos[0].caption", "translations.ko.deck", "paper") in a JSON input file
 * after loading, when the parsed tree is gone: typesetting and composing
 * (text that cannot be drawn or does not fit) report at the element's
 * position, like the loader does. The file is read again and walked as text
 * (json.h's positions), only when there is something to report.
 */
#ifndef GALLEY_SOURCE_H
#define GALLEY_SOURCE_H

/* Most lookups one document makes: each reads and walks the file, so a
 * million late messages must not make a million lookups (later ones have no
 * position). */
#define GALLEY_SOURCE_MAX_LOOKUPS 50

/* Sets *LINE and *COLUMN (1-based) to where FIELD's value starts in the JSON
 * file PATH, or both to 0 when the file cannot be read or has no such field.
 * *LOOKUPS counts the calls that read the file; past GALLEY_SOURCE_MAX_LOOKUPS
 * none is read. */
void galley_source_locate(const char *path, const char *field, int *lookups, int *line,
                          int *column);

/* Like galley_source_locate, for a key (no lookup bound: a layout's styles
 * are few); returns 1 when the file itself gives FIELD ("styles.body.family"),
 * 0 when it does not (then *LINE and *COLUMN are the nearest enclosing
 * value's, or 0). */
int galley_source_gives(const char *path, const char *field, int *line, int *column);

#endif
