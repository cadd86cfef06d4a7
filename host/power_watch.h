/* power_watch.h: what power iteration (host/power.c and its device loop, host/opencl/power_cl.c) hands over each step, and what the watch concludes from it: the best pair so far, whether the run has ended (converged, or max_iter), and the words of a no-convergence status. */
#ifndef BASIS_HOST_POWER_WATCH_H
#define BASIS_HOST_POWER_WATCH_H

#include <stdint.h>

#include "basis.h"

/* The analysis of the plane span(v, A v) of one iterate v (power_watch.c says why and how).
 * Ritz values in the units of the iterated matrix (the caller's A times 2^-scale). */
typedef struct basis_power_plane {
    int valid;           /* analysed at all */
    int pair;            /* two distinct Ritz values of equal modulus (no dominant one) */
    int dominant;        /* two distinct real Ritz values, the larger clearly dominant */
    double mu1, mu2, im; /* the Ritz values: mu1 +- i im when im > 0, else mu1 and mu2
                          * with |mu1| >= |mu2| */
    double rho2, noise;  /* how far the plane is from invariant, and that measure's
                          * rounding, both relative to ||A v|| */
} basis_power_plane;

/* The iterations since the last power-of-two count (the watch judges at those counts). */
typedef struct basis_power_window {
    int64_t first, last;         /* last < first: none yet */
    double rmin, rmax;           /* the residual's range over them */
    int pair_all;                /* the pair test held at every one of them */
    double rho2_first, rho2_last; /* the plane measure at the first and the last */
    double noise_last;
} basis_power_window;

typedef enum basis_power_verdict {
    BASIS_POWER_RUNNING,
    BASIS_POWER_CONVERGED,
    BASIS_POWER_NO_DOMINANT_PAIR, /* the plane test: +-lambda or a complex pair */
    BASIS_POWER_NO_DOMINANT_FLAT, /* the residual neither fell nor rose for a long time */
    BASIS_POWER_MAX_ITER
} basis_power_verdict;

typedef struct basis_power_watch {
    int64_t n, max_iter;
    double tol, eps; /* eps: the unit roundoff of the vectors' type */
    int scale;       /* the caller's A is the iterated one times 2^scale (for messages) */
    int64_t it;      /* iterations measured */
    /* iteration it's measurement: x.w, ||w||, ||w - lambda x|| and the residual */
    double lambda, wn, rn, residual;
    /* the pair with the lowest residual so far (on convergence: the converged one) */
    int64_t best_it;
    double best_lambda, best_residual;
    /* set by basis_power_watch_coeffs for the next step: the previous iterate's plane,
     * as H / ||A v|| (h11 = lambda, h21 = rn, both over ||A v||) */
    int have_coeffs;
    double h12, h22, tr, det;
    basis_power_plane plane; /* the last analysis */
    basis_power_window cur, prev;
    basis_power_verdict verdict;
    int64_t flat_at; /* the count at which the flat test last held, 0: never */
    basis_power_window flat_cur, flat_prev;
} basis_power_watch;

/* Before the first iteration: n, tol and max_iter as checked by the caller; eps the unit
 * roundoff of the type the vectors are held in; scale as above. */
void basis_power_watch_init(basis_power_watch *w, int64_t n, double tol, int64_t max_iter,
                            double eps, int scale);
/* Once per iteration after w = A x: from lambda = x.w and e = x_prev.w (x_prev the
 * previous iterate), the coefficients of z = w - tr x + beta x_prev, whose norm the
 * caller passes to basis_power_watch_step. Returns 0 when there is no previous iterate
 * (the first iteration) or the coefficients are not finite: no z is needed then. */
int basis_power_watch_coeffs(basis_power_watch *w, double lambda, double e, double *tr,
                             double *beta);
/* The iteration's measurement: lambda = x.w, wn = ||w||, rn = ||w - lambda x||, zn = ||z||
 * (NaN when basis_power_watch_coeffs returned 0), and whether the caller's test in its
 * own type found rn <= tol |lambda| (A x = 0: lambda = wn = rn = 0, converged). Returns
 * 1 when the iteration must stop. Afterwards best_it == it says that x is the new best
 * pair, whose vector the caller keeps. */
int basis_power_watch_step(basis_power_watch *w, double lambda, double wn, double rn,
                           double zn, int converged);
/* After the last step: BASIS_OK when converged, else BASIS_ERR_NO_CONVERGENCE with the
 * message (basis_last_error) saying which case ended the run. */
basis_status basis_power_watch_status(const basis_power_watch *w, const char *fn);

#endif /* BASIS_HOST_POWER_WATCH_H */
