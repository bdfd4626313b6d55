/* serve_assets.c: the files of galley serve's page, and the layouts it offers.
 *
 * Owns: the fixed table of the page's files (URL path, file in the data
 * folder's serve/, media type): the only files the server sends, read once
 * when it starts, so no path from a request ever reaches the file system;
 * and the names of the layouts shipped in the data folder's layouts/, the
 * only ones the page may switch to.
 */
#define _XOPEN_SOURCE 700 /* strdup, dirent */

#include "serve.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The page's files. */
static const struct {
    const char *url, *file, *type;
} ASSETS[] = {
    {"/", "index.html", "text/html; charset=utf-8"},
    {"/app.js", "app.js", "text/javascript; charset=utf-8"},
    {"/style.css", "style.css", "text/css; charset=utf-8"},
    {"/favicon.svg", "favicon.svg", "image/svg+xml"},
};
#define N_ASSETS (sizeof ASSETS / sizeof ASSETS[0])
/* The largest file of the page. */
#define ASSET_MAX_BYTES (1 << 20)
/* The most layouts offered. */
#define MAX_LAYOUTS 64

/* Reads PATH whole into *DATA (NUL-terminated) and *LEN. */
static galley_status_t asset_read(const char *path, char **data, size_t *len, galley_diags_t *diags)
{
    FILE *fp = fopen(path, "rb");
    char *buf = fp ? malloc(ASSET_MAX_BYTES + 1) : NULL;
    size_t n = buf ? fread(buf, 1, ASSET_MAX_BYTES + 1, fp) : 0;
    int bad = !fp || !buf || ferror(fp) || n > ASSET_MAX_BYTES;
    int saved = errno;
    if (fp)
        fclose(fp);
    if (bad) {
        free(buf);
        return galley_diags_error(diags, GALLEY_STATUS_RESOURCE_ERROR, path, 0, 0, NULL,
                                  "cannot read galley serve's page: %s",
                                  !fp ? strerror(saved) : "too large or unreadable");
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return GALLEY_STATUS_SUCCESS;
}

/* Orders layout names for qsort. */
static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists DATADIR/layouts/NAME.json into STATE's names, sorted. A folder that
 * cannot be read leaves the list empty (the switcher is then empty). */
static galley_status_t layouts_list(galley_serve_state_t *state, const char *datadir)
{
    size_t n = strlen(datadir) + sizeof "/layouts";
    char *dir = malloc(n);
    if (!dir)
        return GALLEY_STATUS_NO_MEMORY;
    snprintf(dir, n, "%s/layouts", datadir);
    DIR *d = opendir(dir);
    free(dir);
    state->layouts = calloc(MAX_LAYOUTS, sizeof *state->layouts);
    if (!state->layouts) {
        if (d)
            closedir(d);
        return GALLEY_STATUS_NO_MEMORY;
    }
    struct dirent *e;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    while (d && !st && state->n_layouts < MAX_LAYOUTS && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".json"))
            continue;
        char *name = strndup(e->d_name, len - 5);
        if (!name)
            st = GALLEY_STATUS_NO_MEMORY;
        else
            state->layouts[state->n_layouts++] = name;
    }
    if (d)
        closedir(d);
    qsort(state->layouts, state->n_layouts, sizeof *state->layouts, name_cmp);
    return st;
}

galley_status_t galley_serve_assets_load(galley_serve_state_t *state, const char *datadir,
                                         galley_diags_t *diags)
{
    state->assets = calloc(N_ASSETS, sizeof *state->assets);
    if (!state->assets)
        return GALLEY_STATUS_NO_MEMORY;
    galley_status_t st = GALLEY_STATUS_SUCCESS;
    for (size_t i = 0; !st && i < N_ASSETS; i++) {
        size_t n = strlen(datadir) + strlen(ASSETS[i].file) + sizeof "/serve/";
        char *path = malloc(n);
        if (!path)
            return GALLEY_STATUS_NO_MEMORY;
        snprintf(path, n, "%s/serve/%s", datadir, ASSETS[i].file);
        galley_asset_t *a = &state->assets[state->n_assets];
        *a = (galley_asset_t){ASSETS[i].url, ASSETS[i].file, ASSETS[i].type, NULL, 0};
        st = asset_read(path, &a->data, &a->len, diags);
        state->n_assets += !st;
        free(path);
    }
    return st ? st : layouts_list(state, datadir);
}

void galley_serve_assets_free(galley_serve_state_t *state)
{
    for (size_t i = 0; i < state->n_assets; i++)
        free(state->assets[i].data);
    free(state->assets);
    for (size_t i = 0; i < state->n_layouts; i++)
        free(state->layouts[i]);
    free(state->layouts);
    state->assets = NULL;
    state->layouts = NULL;
    state->n_assets = state->n_layouts = 0;
}
