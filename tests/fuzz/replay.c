/* replay.c: runs a libFuzzer harness over files, without libFuzzer.
 *
 * Linked with one harness (fuzz_*.c) in the sanitizer build, so `make test`
 * replays tests/fuzz/regressions/ with gcc alone: each file given is passed
 * to LLVMFuzzerTestOneInput once. A crash, a sanitizer report or a leak
 * fails the run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        size_t cap = 1 << 16, len = 0, n;
        uint8_t *buf = malloc(cap);
        while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
            len += n;
            if (len == cap) {
                uint8_t *bigger = realloc(buf, cap *= 2);
                if (!bigger)
                    free(buf);
                buf = bigger;
            }
        }
        fclose(f);
        if (!buf)
            return 2;
        uint8_t *exact = malloc(len ? len : 1); /* so reads past the input are caught */
        if (!exact)
            return 2;
        for (size_t k = 0; k < len; k++)
            exact[k] = buf[k];
        free(buf);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
        printf("replayed %s\n", argv[i]);
    }
    return 0;
}
