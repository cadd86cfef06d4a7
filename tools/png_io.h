/* png_io.h: 8-bit RGBA images read from and written to PNG files through libpng, for basis image-map. */
#ifndef BASIS_TOOLS_PNG_IO_H
#define BASIS_TOOLS_PNG_IO_H

#include <stddef.h>
#include <stdint.h>

typedef struct basis_rgba_image {
    int64_t width, height;
    unsigned char *pixels; /* width * height * 4 bytes, rows top to bottom, RGBA */
} basis_rgba_image;

/* Any PNG (palette, grey, 16-bit, with or without alpha) as 8-bit RGBA. Returns 0, or -1
 * with a sentence in err. */
int basis_png_read(const char *path, basis_rgba_image *img, char *err, size_t errlen);
/* Writes img as an 8-bit RGBA PNG. Returns 0, or -1 with a sentence in err. */
int basis_png_write(const char *path, const basis_rgba_image *img, char *err, size_t errlen);

#endif /* BASIS_TOOLS_PNG_IO_H */
