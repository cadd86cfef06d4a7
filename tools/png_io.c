/* png_io.c: PNG files to and from 8-bit RGBA through libpng's simplified API. */
#include "png_io.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/out_file.h"

/* 2^28 pixels (1 GiB of RGBA): far beyond any picture this tool is for, and refusing it
 * beats an allocation that swaps the machine. */
#define MAX_PIXELS ((int64_t)1 << 28)

int basis_png_read(const char *path, basis_rgba_image *img, char *err, size_t errlen)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, path)) {
        snprintf(err, errlen, "cannot read '%s' as PNG: %s", path, im.message);
        return -1;
    }
    if ((int64_t)im.width * (int64_t)im.height > MAX_PIXELS) {
        snprintf(err, errlen, "'%s' is %ux%u, above the %lld-pixel limit", path, im.width,
                 im.height, (long long)MAX_PIXELS);
        png_image_free(&im);
        return -1;
    }
    im.format = PNG_FORMAT_RGBA;
    size_t bytes = PNG_IMAGE_SIZE(im);
    unsigned char *px = malloc(bytes ? bytes : 1);
    if (px == NULL) {
        snprintf(err, errlen, "no memory for the %ux%u image '%s'", im.width, im.height, path);
        png_image_free(&im);
        return -1;
    }
    if (!png_image_finish_read(&im, NULL, px, 0, NULL)) {
        snprintf(err, errlen, "cannot decode '%s': %s", path, im.message);
        free(px);
        return -1;
    }
    img->width = im.width;
    img->height = im.height;
    img->pixels = px;
    return 0;
}

int basis_png_write(const char *path, const basis_rgba_image *img, char *err, size_t errlen)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    im.width = (png_uint_32)img->width;
    im.height = (png_uint_32)img->height;
    im.format = PNG_FORMAT_RGBA;
    /* through our own file: libpng's write_to_file removes the path on failure, whatever
     * it was (a device node, as root); ours leaves what was there */
    basis_out_file o;
    if (!basis_out_open(&o, path)) {
        snprintf(err, errlen, "cannot create '%s': %s", path, strerror(errno));
        return -1;
    }
    int ok = png_image_write_to_stdio(&im, o.f, 0, img->pixels, 0, NULL) != 0;
    char why[256];
    snprintf(why, sizeof why, "%s", ok ? "" : im.message);
    if (!basis_out_close(&o, ok)) {
        snprintf(err, errlen, "cannot write '%s': %s", path, ok ? strerror(errno) : why);
        return -1;
    }
    return 0;
}
