/* image_map.c: `basis image-map`: a 2x2 linear map applied to a PNG by inverse mapping with bilinear sampling, exact for pixel permutations; --reflect built from a Gram-Schmidt basis. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basis.h"
#include "png_io.h"
#include "tools.h"

static const char usage_line[] =
    "usage: basis image-map IN.png OUT.png (--matrix a,b,c,d | --rotate DEG | --reflect X,Y | "
    "--shear K) [--origin center|corner]";

static int usage_error(const char *what, const char *arg)
{
    return basis_tool_usage_error("image-map", usage_line, what, arg);
}

/* Parses exactly n comma-separated finite numbers. */
static int parse_numbers(const char *s, int n, double *out)
{
    for (int i = 0; i < n; i++) {
        char *end;
        errno = 0;
        out[i] = strtod(s, &end);
        if (end == s || errno || !isfinite(out[i]))
            return -1;
        if (i + 1 < n) {
            if (*end != ',')
                return -1;
            s = end + 1;
        } else if (*end != '\0') {
            return -1;
        }
    }
    return 0;
}

/* Rounding leaves cos(90 deg) at 6e-17 and (1/sqrt 2)^2 * 2 one ulp off 1: entries that
 * close to an integer are that integer, so the maps that permute pixels stay exact. "That
 * close" is 1e-12, relative to the largest entry when that is below 1, so that a map of
 * tiny entries (1e-200 I) is not rounded to zero. */
static void snap(double *m)
{
    double scale = fmax(fmax(fabs(m[0]), fabs(m[1])), fmax(fabs(m[2]), fabs(m[3])));
    double close = 1e-12 * fmin(1.0, scale);
    for (int i = 0; i < 4; i++) {
        double r = nearbyint(m[i]);
        if (fabs(m[i] - r) <= close)
            m[i] = r == 0.0 ? 0.0 : r;
    }
}

/* The reflection in the line along (x, y), the course's way: an orthonormal basis (u, w)
 * with u along the line, by Gram-Schmidt of the direction and the axis least aligned
 * with it; in that basis the reflection is diag(1, -1); back in the standard basis it is
 * Q diag(1, -1) Q^T (einsum "ij,jk,lk->il"). m is row major [a b; c d]. */
static int reflection(double x, double y, double *m)
{
    /* columns (x, y) and the axis: column major 2 x 2 */
    double a[4] = {x, y, fabs(x) <= fabs(y) ? 1.0 : 0.0, fabs(x) <= fabs(y) ? 0.0 : 1.0};
    double q[4], r[4] = {1, 0, 0, -1};
    int64_t rank = 0;
    int dep[2];
    basis_status s = basis_dgram_schmidt(NULL, BASIS_COL_MAJOR, 2, 2, a, 2, -1.0, q, 2, &rank,
                                         dep);
    if (s != BASIS_OK)
        return basis_tool_runtime_error("image-map", basis_last_error());
    if (dep[0])
        return usage_error("the line's direction is the zero vector", NULL);
    /* q is column major: as a row-major tensor it is Q^T, so index it "ji" */
    static const int64_t sh[2] = {2, 2};
    basis_dtensor ops[3] = {{2, sh, NULL, q}, {2, sh, NULL, r}, {2, sh, NULL, q}};
    basis_dtensor out = {2, sh, NULL, m};
    s = basis_deinsum(NULL, "ji,jk,kl->il", 3, ops, &out);
    if (s != BASIS_OK)
        return basis_tool_runtime_error("image-map", basis_last_error());
    return BASIS_EXIT_OK;
}

typedef struct frame {
    double cx, cy; /* the origin in pixel coordinates (x right, y down) */
} frame;

/* Centre: the middle of the image; corner: the centre of the bottom-left pixel. Maps
 * work in (u, v) = (x - cx, cy - y): v points up, as in the course's pictures. */
static frame frame_of(int corner, int64_t w, int64_t h)
{
    frame f;
    f.cx = corner ? 0.0 : (double)(w - 1) / 2.0;
    f.cy = corner ? (double)(h - 1) : (double)(h - 1) / 2.0;
    return f;
}

/* Bilinear sample of img at (x, y) in premultiplied alpha (so transparent neighbours add
 * no colour fringe); outside the image is transparent. */
static void sample(const basis_rgba_image *img, double x, double y, unsigned char *px)
{
    double x0 = floor(x), y0 = floor(y), fx = x - x0, fy = y - y0, acc[4] = {0, 0, 0, 0};
    /* far outside (a steep map sends most pixels past any int64): transparent, before any
     * conversion to an integer */
    if (!(x0 >= -1.0 && y0 >= -1.0 && x0 < (double)img->width && y0 < (double)img->height)) {
        memset(px, 0, 4);
        return;
    }
    for (int dy = 0; dy < 2; dy++)
        for (int dx = 0; dx < 2; dx++) {
            double wgt = (dx ? fx : 1.0 - fx) * (dy ? fy : 1.0 - fy);
            int64_t xi = (int64_t)x0 + dx, yi = (int64_t)y0 + dy;
            if (wgt == 0.0 || xi < 0 || yi < 0 || xi >= img->width || yi >= img->height)
                continue;
            const unsigned char *p = img->pixels + 4 * (yi * img->width + xi);
            double alpha = p[3] / 255.0;
            for (int c = 0; c < 3; c++)
                acc[c] += wgt * alpha * p[c];
            acc[3] += wgt * p[3];
        }
    double alpha = acc[3] / 255.0;
    for (int c = 0; c < 3; c++)
        px[c] = alpha > 0.0 ? (unsigned char)fmin(255.0, nearbyint(acc[c] / alpha)) : 0;
    px[3] = (unsigned char)fmin(255.0, nearbyint(acc[3]));
}

/* out(X, Y) = in(M^-1 (X, Y)) in each frame's coordinates. A signed permutation M maps
 * pixel centres onto pixel centres exactly (every value here is a multiple of 1/2), so it
 * copies pixels; any other M samples. */
static int is_signed_permutation(const double *m)
{
    int ok = 1;
    for (int i = 0; i < 4; i++)
        ok &= m[i] == 0.0 || m[i] == 1.0 || m[i] == -1.0;
    return ok && fabs(m[0] * m[3] - m[1] * m[2]) == 1.0;
}

/* inv = M^-1, from M scaled by its largest entry so that neither the determinant nor
 * the inverse overflows or underflows on the way (shear 1e7, entries 1e200). 0 when M is
 * singular to working precision: its determinant no larger than the rounding of its two
 * products, or an inverse beyond double range. */
static int inverse_of(const double *m, double *inv)
{
    double scale = fmax(fmax(fabs(m[0]), fabs(m[1])), fmax(fabs(m[2]), fabs(m[3])));
    if (!(scale > 0.0) || !isfinite(scale))
        return 0;
    double a = m[0] / scale, b = m[1] / scale, c = m[2] / scale, d = m[3] / scale;
    double det = a * d - b * c;
    if (!(fabs(det) > 4.0 * DBL_EPSILON * (fabs(a * d) + fabs(b * c))))
        return 0;
    inv[0] = d / det / scale;
    inv[1] = -b / det / scale;
    inv[2] = -c / det / scale;
    inv[3] = a / det / scale;
    return isfinite(inv[0]) && isfinite(inv[1]) && isfinite(inv[2]) && isfinite(inv[3]);
}

static void apply(const basis_rgba_image *in, const double *m, int corner, basis_rgba_image *out)
{
    double inv[4];
    inverse_of(m, inv); /* checked invertible before */
    int exact = is_signed_permutation(m);
    if (exact)
        for (int i = 0; i < 4; i++)
            inv[i] = nearbyint(inv[i]) + 0.0;
    frame fi = frame_of(corner, in->width, in->height);
    frame fo = frame_of(corner, out->width, out->height);
    for (int64_t y = 0; y < out->height; y++)
        for (int64_t x = 0; x < out->width; x++) {
            double u = (double)x - fo.cx, v = fo.cy - (double)y;
            double su = inv[0] * u + inv[1] * v, sv = inv[2] * u + inv[3] * v;
            double sx = su + fi.cx, sy = fi.cy - sv;
            unsigned char *px = out->pixels + 4 * (y * out->width + x);
            if (exact) {
                double rx = nearbyint(sx), ry = nearbyint(sy);
                if (rx >= 0 && ry >= 0 && rx < (double)in->width && ry < (double)in->height)
                    memcpy(px, in->pixels + 4 * ((int64_t)ry * in->width + (int64_t)rx), 4);
                else
                    memset(px, 0, 4);
            } else {
                sample(in, sx, sy, px);
            }
        }
}

int basis_tool_image_map(int argc, char **argv)
{
    const char *inpath = NULL, *outpath = NULL, *origin = "center", *how = NULL;
    double m[4] = {1, 0, 0, 1};
    int corner = 0, rc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("%s\n", usage_line);
            return BASIS_EXIT_OK;
        }
        int takes = !strcmp(a, "--matrix") || !strcmp(a, "--rotate") || !strcmp(a, "--reflect") ||
                    !strcmp(a, "--shear") || !strcmp(a, "--origin");
        if (takes && i + 1 >= argc)
            return usage_error("missing value after", a);
        if (!strcmp(a, "--origin")) {
            origin = argv[++i];
            if (strcmp(origin, "center") && strcmp(origin, "corner"))
                return usage_error("--origin must be center or corner, not", origin);
            corner = !strcmp(origin, "corner");
        } else if (takes) {
            if (how)
                return usage_error("give one map only; a second one is", a);
            how = a;
            const char *val = argv[++i];
            double p[4];
            if (!strcmp(a, "--matrix")) {
                if (parse_numbers(val, 4, p))
                    return usage_error("--matrix needs four numbers a,b,c,d, not", val);
                memcpy(m, p, sizeof m);
            } else if (!strcmp(a, "--rotate")) {
                if (parse_numbers(val, 1, p))
                    return usage_error("--rotate needs an angle in degrees, not", val);
                /* quarter turns exactly; others by cos and sin (counter-clockwise) */
                double t = fmod(p[0], 360.0), q = t / 90.0;
                if (q == nearbyint(q)) {
                    static const double c4[4] = {1, 0, -1, 0}, s4[4] = {0, 1, 0, -1};
                    int k = ((int)q % 4 + 4) % 4;
                    m[0] = c4[k], m[1] = -s4[k], m[2] = s4[k], m[3] = c4[k];
                } else {
                    double r = t * 3.14159265358979323846 / 180.0;
                    m[0] = cos(r), m[1] = -sin(r), m[2] = sin(r), m[3] = cos(r);
                }
            } else if (!strcmp(a, "--reflect")) {
                if (parse_numbers(val, 2, p))
                    return usage_error("--reflect needs a direction X,Y, not", val);
                if (p[0] == 0.0 && p[1] == 0.0)
                    return usage_error("--reflect needs a non-zero direction, not", val);
                if ((rc = reflection(p[0], p[1], m)) != BASIS_EXIT_OK)
                    return rc;
            } else {
                if (parse_numbers(val, 1, p))
                    return usage_error("--shear needs a number K, not", val);
                m[1] = p[0];
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option", a);
        } else if (!inpath) {
            inpath = a;
        } else if (!outpath) {
            outpath = a;
        } else {
            return usage_error("unexpected argument", a);
        }
    }
    if (!inpath || !outpath)
        return usage_error("needs IN.png and OUT.png", NULL);
    if (!how)
        return usage_error("needs a map: --matrix, --rotate, --reflect or --shear", NULL);
    snap(m);
    double inv[4];
    if (!inverse_of(m, inv)) {
        char what[256];
        snprintf(what, sizeof what,
                 "the matrix [%g %g; %g %g] is singular (its determinant is 0 to working "
                 "precision): it flattens the plane onto a line or a point, so no inverse map "
                 "exists and the image cannot be mapped",
                 m[0], m[1], m[2], m[3]);
        return usage_error(what, NULL);
    }

    char err[512];
    basis_rgba_image in = {0, 0, NULL}, out = {0, 0, NULL};
    if (basis_png_read(inpath, &in, err, sizeof err))
        return basis_tool_runtime_error("image-map", err);
    /* The output keeps the input's size, turned when the map swaps the axes exactly (a
     * quarter turn, a reflection in a diagonal) so that nothing is cut off. */
    int swap = m[0] == 0.0 && m[3] == 0.0;
    out.width = swap ? in.height : in.width;
    out.height = swap ? in.width : in.height;
    out.pixels = malloc((size_t)(out.width * out.height * 4) + 1);
    if (out.pixels == NULL) {
        free(in.pixels);
        return basis_tool_runtime_error("image-map", "no memory for the output image");
    }
    apply(&in, m, corner, &out);
    rc = BASIS_EXIT_OK;
    if (basis_png_write(outpath, &out, err, sizeof err))
        rc = basis_tool_runtime_error("image-map", err);
    else
        printf("image-map: %s -> %s, %lldx%lld, matrix [%g %g; %g %g] about the %s%s\n", inpath,
               outpath, (long long)out.width, (long long)out.height, m[0], m[1], m[2], m[3],
               origin, is_signed_permutation(m) ? " (exact pixel permutation)" : "");
    free(in.pixels);
    free(out.pixels);
    return rc;
}
