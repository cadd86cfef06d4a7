/* image_map_exact.c: basis image-map on generated PNGs: reflecting twice and rotating 90 then 270 give back the original exactly, quarter turns and axis reflections move pixels where they should, a singular matrix is refused. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "testutil.h"

static char prefix[64];

static int write_png(const char *path, int w, int h, const unsigned char *px)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    im.width = (png_uint_32)w;
    im.height = (png_uint_32)h;
    im.format = PNG_FORMAT_RGBA;
    return png_image_write_to_file(&im, path, 0, px, 0, NULL) ? 0 : -1;
}

static unsigned char *read_png(const char *path, int *w, int *h)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, path))
        return NULL;
    im.format = PNG_FORMAT_RGBA;
    unsigned char *px = malloc(PNG_IMAGE_SIZE(im));
    if (!png_image_finish_read(&im, NULL, px, 0, NULL)) {
        free(px);
        return NULL;
    }
    *w = (int)im.width;
    *h = (int)im.height;
    return px;
}

/* Runs `basis image-map IN OUT ARGS`, output to a log; returns the exit status. */
static int map(const char *in, const char *out, const char *args)
{
    const char *prog = getenv("BASIS_PROGRAM"), *runner = getenv("BASIS_PROGRAM_RUNNER");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s %s image-map %s%s %s%s %s > %simage_map.log 2>&1",
             runner ? runner : "", prog, prefix, in, prefix, out, args, prefix);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int same(const char *a, const char *b)
{
    char pa[128], pb[128];
    int wa, ha, wb, hb;
    snprintf(pa, sizeof pa, "%s%s", prefix, a);
    snprintf(pb, sizeof pb, "%s%s", prefix, b);
    unsigned char *x = read_png(pa, &wa, &ha), *y = read_png(pb, &wb, &hb);
    int ok = x && y && wa == wb && ha == hb && !memcmp(x, y, (size_t)(wa * ha * 4));
    free(x);
    free(y);
    return ok;
}

static void round_trip(const char *first, const char *second, const char *what)
{
    int r1 = map("orig.png", "once.png", first), r2 = map("once.png", "twice.png", second);
    BT_CHECK(r1 == 0 && r2 == 0 && same("orig.png", "twice.png"), "%s: exit %d %d, %s", what,
             r1, r2, same("orig.png", "twice.png") ? "same" : "differs");
}

int main(void)
{
    const char *be = getenv("BASIS_BACKEND");
    bt_begin("image_map_exact");
    if (!getenv("BASIS_PROGRAM")) {
        printf("image_map_exact: skipped, BASIS_PROGRAM not set\n");
        return 77;
    }
    snprintf(prefix, sizeof prefix, "image_map_%s_", be ? be : "auto");
    bt_seed(3);
    /* odd width, even height: centres at whole and half pixels both */
    int w = 37, h = 24;
    unsigned char *px = malloc((size_t)(w * h * 4));
    for (int i = 0; i < w * h * 4; i++)
        px[i] = (unsigned char)((bt_uniform() + 1.0) * 127.9);
    char path[128];
    snprintf(path, sizeof path, "%sorig.png", prefix);
    BT_CHECK(write_png(path, w, h, px) == 0, "cannot write %s", path);

    round_trip("--reflect 1,0", "--reflect 1,0", "reflect in the x axis twice");
    round_trip("--reflect 0,3", "--reflect 0,-1", "reflect in the y axis twice");
    round_trip("--reflect 1,1", "--reflect 2,2", "reflect in the diagonal twice");
    /* about the corner only the diagonal keeps the picture on the (turned) canvas */
    round_trip("--reflect 1,1 --origin corner", "--reflect 3,3 --origin corner",
               "reflect in the diagonal twice about the corner");
    round_trip("--rotate 90", "--rotate 270", "rotate 90 then 270");
    round_trip("--rotate -90", "--rotate 450", "rotate -90 then 450");
    round_trip("--rotate 180", "--rotate 180", "rotate 180 twice");
    round_trip("--matrix 0,-1,1,0", "--matrix 0,1,-1,0", "quarter turn matrices");
    round_trip("--shear 0", "--rotate 360", "identities");

    /* where pixels go: reflecting in the x axis (the horizontal line) flips rows; a
     * counter-clockwise quarter turn takes the top-left pixel to the bottom-left */
    int w2, h2;
    unsigned char *o;
    map("orig.png", "flip.png", "--reflect 1,0");
    snprintf(path, sizeof path, "%sflip.png", prefix);
    o = read_png(path, &w2, &h2);
    int ok = o && w2 == w && h2 == h;
    for (int y = 0; ok && y < h; y++)
        ok = !memcmp(o + 4 * y * w, px + 4 * (h - 1 - y) * w, (size_t)(4 * w));
    BT_CHECK(ok, "--reflect 1,0 is not a vertical flip");
    free(o);
    map("orig.png", "quarter.png", "--rotate 90");
    snprintf(path, sizeof path, "%squarter.png", prefix);
    o = read_png(path, &w2, &h2);
    ok = o && w2 == h && h2 == w;
    for (int y = 0; ok && y < h; y++)
        for (int x = 0; ok && x < w; x++)
            /* (x, y) -> (y, w - 1 - x) in the turned image (width h) */
            ok = !memcmp(o + 4 * ((w - 1 - x) * h + y), px + 4 * (y * w + x), 4);
    BT_CHECK(ok, "--rotate 90 is not a counter-clockwise quarter turn");
    free(o);
    /* a general rotation keeps the centre pixel (odd x odd image: the centre is a pixel) */
    {
        int w3 = 9, h3 = 7;
        unsigned char small[9 * 7 * 4];
        for (int i = 0; i < w3 * h3 * 4; i++)
            small[i] = (unsigned char)(i * 37 % 251);
        for (int i = 3; i < w3 * h3 * 4; i += 4)
            small[i] = 255;
        snprintf(path, sizeof path, "%sodd.png", prefix);
        write_png(path, w3, h3, small);
        int rc = map("odd.png", "odd30.png", "--rotate 30");
        snprintf(path, sizeof path, "%sodd30.png", prefix);
        o = read_png(path, &w2, &h2);
        int c = 4 * (3 * w3 + 4);
        BT_CHECK(rc == 0 && o && w2 == w3 && h2 == h3 && !memcmp(o + c, small + c, 4),
                 "--rotate 30 moved the centre pixel");
        free(o);
    }
    /* refused: singular matrix, zero direction, two maps, a missing file */
    BT_CHECK(map("orig.png", "bad.png", "--matrix 1,2,2,4") == 2, "singular matrix accepted");
    snprintf(path, sizeof path, "%simage_map.log", prefix);
    FILE *f = fopen(path, "r");
    char line[512] = "";
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = 0;
        fclose(f);
    }
    BT_CHECK(strstr(line, "singular") != NULL, "no clear message for a singular matrix: %s", line);
    BT_CHECK(map("orig.png", "bad.png", "--matrix 0.1,0.2,0.3,0.6") == 2,
             "a matrix singular to rounding accepted");
    /* invertible however large or lopsided: a steep shear, entries near the top of double */
    BT_CHECK(map("orig.png", "steep.png", "--shear 1e7") == 0, "--shear 1e7 refused");
    BT_CHECK(map("orig.png", "huge.png", "--matrix 1e200,0,0,1e200") == 0,
             "--matrix 1e200,0,0,1e200 refused");
    BT_CHECK(map("orig.png", "huge.png", "--matrix 1e-200,0,0,1e-200") == 0,
             "--matrix 1e-200,0,0,1e-200 refused");
    /* an output that cannot be written: a runtime error, and a device there stays */
    struct stat st;
    if (stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode)) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "%s %s image-map %sorig.png /dev/full --rotate 90 >/dev/null 2>&1",
                 getenv("BASIS_PROGRAM_RUNNER") ? getenv("BASIS_PROGRAM_RUNNER") : "",
                 getenv("BASIS_PROGRAM"), prefix);
        int rc = system(cmd);
        BT_CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 1 && stat("/dev/full", &st) == 0 &&
                     S_ISCHR(st.st_mode),
                 "image-map to /dev/full: exit %d, /dev/full %s",
                 WIFEXITED(rc) ? WEXITSTATUS(rc) : -1,
                 stat("/dev/full", &st) == 0 ? "still there" : "removed");
    }
    BT_CHECK(map("orig.png", "bad.png", "--reflect 0,0") == 2, "zero direction accepted");
    BT_CHECK(map("orig.png", "bad.png", "--rotate 10 --shear 1") == 2, "two maps accepted");
    BT_CHECK(map("missing.png", "bad.png", "--rotate 10") == 1, "missing input: not a runtime error");
    free(px);
    return bt_end();
}
