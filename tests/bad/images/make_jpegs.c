/* make_jpegs.c: writes the JPEGs of the bad-input catalogue that are made
 * here rather than copied (see SOURCES.md), with Debian's libjpeg-turbo:
 *
 *     cc -o /tmp/make_jpegs tests/bad/images/make_jpegs.c -ljpeg
 *     /tmp/make_jpegs tests/bad/images
 *
 * one-pixel.jpg: a 1 x 1 grey baseline JPEG.
 * progressive.jpg: a 1024 x 1024 grey progressive JPEG of three scans, DC,
 * then AC 1-5, then AC 6-63, by spectral selection alone (no successive
 * approximation): its last scan, written again, is a scan libjpeg decodes
 * again without a warning. tests/bad/run.py's generators repeat it.
 */
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

/* Writes a WIDTH x HEIGHT grey JPEG of a diagonal gradient to PATH; with
 * SCANS (N of them) progressive. */
static void write_jpeg(const char *path, int width, int height, const jpeg_scan_info *scans, int n)
{
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, f);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.in_color_space = JCS_GRAYSCALE;
    cinfo.input_components = 1;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, 90, TRUE);
    if (scans) {
        cinfo.scan_info = scans;
        cinfo.num_scans = n;
    }
    jpeg_start_compress(&cinfo, TRUE);
    JSAMPLE *row = malloc((size_t)width);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++)
            row[x] = (JSAMPLE)((x + y) * 255 / (width + height));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    free(row);
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_jpegs FOLDER\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/one-pixel.jpg", argv[1]);
    write_jpeg(path, 1, 1, NULL, 0);
    static const jpeg_scan_info scans[] = {
        {1, {0}, 0, 0, 0, 0},  /* DC */
        {1, {0}, 1, 5, 0, 0},  /* AC 1-5 */
        {1, {0}, 6, 63, 0, 0}, /* AC 6-63 */
    };
    snprintf(path, sizeof path, "%s/progressive.jpg", argv[1]);
    write_jpeg(path, 1024, 1024, scans, 3);
    return 0;
}
