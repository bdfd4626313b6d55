/* tempfile.h: the temporary file a loading harness hands its input in.
 *
 * The loaders read files, so each input is written to one file per process
 * (in /dev/shm when there is one), removed at exit. Header-only: each
 * harness is its own program.
 */
#ifndef GALLEY_FUZZ_TEMPFILE_H
#define GALLEY_FUZZ_TEMPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_path[64];

/* Removes the temporary file at exit. */
static void fuzz_remove_temp(void)
{
    if (fuzz_path[0])
        unlink(fuzz_path);
}

/* Names the temporary file after NAME and the process. */
static void fuzz_temp_init(const char *name)
{
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fuzz_path, sizeof fuzz_path, "%s/galley-fuzz-%s-%ld.json", dir, name, (long)getpid());
    atexit(fuzz_remove_temp);
}

/* Writes the input to the temporary file and returns its path. */
static const char *fuzz_temp_write(const char *name, const uint8_t *data, size_t size)
{
    if (!fuzz_path[0])
        fuzz_temp_init(name);
    FILE *f = fopen(fuzz_path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort(); /* the harness's own failure, not Galley's */
    return fuzz_path;
}

#endif
