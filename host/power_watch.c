/* power_watch.c: the judge of a power iteration, the same for every backend: keeps the best pair and, when max_iter ends a run, tells "no dominant eigenvalue" from "max_iter reached". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "power_watch.h"

/* Power iteration converges when one eigenvalue l1 has the largest modulus: the residual
 * falls like |l2 / l1|^k. When two or more share it (+-lambda, a complex pair such as a
 * rotation, or more) it never converges. Two tests recognise that, so that the status at
 * max_iter can say which case it was. Both judge over windows of iterations between
 * counts that are powers of two, (c/2, c]: a window is always half the run so far, so a
 * slow but steady fall shows in it however late.
 *
 * The run is never stopped early on their word, only named at max_iter: a dominant
 * eigenvalue whose component in the start is small (1e-3 of a smaller pair's, say, in
 * diag(1, 0.99, -0.99)) leaves the iterates near the pair's plane for hundreds of
 * iterations, and both tests hold there, then it emerges and the run converges. (An
 * early stop was tried and stopped such runs at iteration 32 or 128.) So the message at
 * max_iter says what the iterates showed, not a proof.
 *
 * 1. The plane test: two eigenvalues of equal largest modulus (from c = PAIR_FIRST). Once
 *    the other components have died out, the iterates of such a pair stay in the plane
 *    of its two eigenvectors, so v, A v and A^2 v are linearly dependent. For the plane
 *    span(v, A v) of the previous iterate v, the 2 x 2 Rayleigh-Ritz matrix H (basis v
 *    and q2 = (A v - lambda v) / ||A v - lambda v||) comes from scalars the iteration has,
 *    plus one dot x_prev . w (= v . A^2 v / ||A v||). With tr and det those of H,
 *    A Q - Q H = [0, z / ||A v - lambda v||] exactly, z = (A^2 - tr A + det I) v, so the
 *    Ritz values mu1, mu2 (the roots of mu^2 - tr mu + det) are eigenvalues of A + E with
 *    ||E|| / ||A v|| = rho2 = ||z|| / (||A v - lambda v|| ||A v||) (one more vector norm a
 *    step). How far that moves them from A's eigenvalues depends on A's eigenvector
 *    conditioning, which the iteration cannot see; s = kappa (rho2 + z's rounding), with
 *    kappa the eigenvalue condition number of H, stands in for it. Rounding in tr and det
 *    shows in rho2 itself. The test holds when the Ritz values are distinct,
 *    |mu1 - mu2| > 4 s, their moduli equal, ||mu1| - |mu2|| <= 2 s, and
 *    s <= PAIR_SLACK |mu1| (equal to that precision). Distinctness keeps out a double or
 *    defective eigenvalue, which converges (slowly) after all. The test must hold at every
 *    iteration of the window, with rho2 not grown over it (a hidden dominant component
 *    makes rho2 grow as it emerges, though too slowly to show early).
 * 2. The flat test: any number of eigenvalues of equal modulus (from c = FLAT_FIRST).
 *    Over the window the residual's least and largest values stay within 1 -+ FLAT_BAND
 *    of those over the window before; it stays at or above max(100 tol, sqrt(eps)) (a
 *    flat residual below that is rounding: tol is out of reach); and the last plane
 *    analysis did not identify a real dominant eigenvalue (distinct real Ritz values
 *    whose moduli differ by more than 2 s), which vetoes.
 *
 * At max_iter the message names the plane test's case when it held over the last window
 * (and the one before, when max_iter cut the last short), else the flat test's when it
 * held at the last judgement and still does, else "max_iter reached"; never a "no dominant
 * eigenvalue" while the residual is still falling (verdict_at_max_iter).
 *
 * Why a slowly converging real dominant eigenvalue is not called "no dominant": with a
 * ratio q = |l2/l1| the residual falls by about q^(c/2) per window, more than FLAT_BAND
 * at c = 128 for any q < 0.999998. The one shape that stays flat for a while is the
 * crossover of the weights of the two eigenvectors in v (the default start of a diagonal
 * A begins there): the residual peaks as they pass equal, within FLAT_BAND of the peak
 * for about 0.028 / (1 - q) iterations, which covers the two windows (c/4, c] at
 * c >= 128 only for q > 0.9997. There the plane test decides: its s is about eps / r^2
 * relative (r = ||A v - lambda v|| / ||A v||, which is about (1 - q) / 2 at the peak),
 * so in double it identifies q = 0.9999 as dominant (s ~ 1e-7) and vetoes; in float it
 * cannot below r ~ 0.05, and a max_iter that ends there may be named "no dominant
 * eigenvalue". */

#define PAIR_FIRST 32  /* the first count at which the plane test may name the case */
#define FLAT_FIRST 128 /* the first count at which the flat test judges */
#define PAIR_SLACK 1e-4 /* the largest uncertainty s, relative to |mu1|, of a pair */
#define FLAT_BAND 1e-4 /* the relative change of the residual's range called none */

static void window_reset(basis_power_window *win)
{
    win->first = 1;
    win->last = 0;
    win->rmin = INFINITY;
    win->rmax = 0.0;
    win->pair_all = 1;
    win->rho2_first = win->rho2_last = win->noise_last = NAN;
}

void basis_power_watch_init(basis_power_watch *w, int64_t n, double tol, int64_t max_iter,
                            double eps, int scale)
{
    memset(w, 0, sizeof *w);
    w->n = n;
    w->tol = tol;
    w->max_iter = max_iter;
    w->eps = eps;
    w->scale = scale;
    w->residual = w->best_residual = INFINITY;
    w->verdict = BASIS_POWER_RUNNING;
    window_reset(&w->cur);
    window_reset(&w->prev);
}

/* Everything in units of a = ||A v|| (v the previous iterate), so that no product of two
 * matrix-sized numbers can overflow: H / a = [[l, h12], [r, h22]] with l = lambda / a,
 * r = ||A v - lambda v|| / a. */
int basis_power_watch_coeffs(basis_power_watch *w, double lambda, double e, double *tr,
                             double *beta)
{
    w->have_coeffs = 0;
    if (w->it == 0 || !(w->rn > 0.0))
        return 0;
    double a = w->wn, l = w->lambda / a, r = w->rn / a;
    /* v . A q2 = (v . A^2 v - lambda^2) / ||A v - lambda v||, v . A^2 v = a e */
    double h12 = (e / a - l * l) / r;
    /* q2 . A q2 = (a^2 (lambda_next - lambda) - lambda ||A v - lambda v|| h12) / its^2 */
    double h22 = ((lambda - w->lambda) / a - l * r * h12) / (r * r);
    double t = l + h22, d = l * h22 - r * h12;
    if (!isfinite(t) || !isfinite(d))
        return 0;
    w->h12 = h12;
    w->h22 = h22;
    w->tr = t;
    w->det = d;
    w->have_coeffs = 1;
    /* (A^2 - tr A + det) v / a = w_next - tr x + (det / a) x_prev, x = A v / a */
    *tr = t * a;
    *beta = d * a;
    return 1;
}

/* The plane test on the previous iterate's plane (the header comment's 1.), from the
 * coefficients basis_power_watch_coeffs kept and zn = ||z||; wn_next = ||A x||. */
static void analyse(basis_power_watch *w, double zn, double wn_next)
{
    basis_power_plane *p = &w->plane;
    memset(p, 0, sizeof *p);
    if (!w->have_coeffs || !isfinite(zn))
        return;
    double a = w->wn, l = w->lambda / a, r = w->rn / a;
    double h12 = w->h12, h22 = w->h22, t = w->tr, d = w->det;
    double half = 0.5 * (l - h22), disc = half * half + h12 * r, root = sqrt(fabs(disc));
    double sep = 2.0 * root, m, gap;
    if (disc < 0.0) {
        p->mu1 = p->mu2 = 0.5 * t * a;
        p->im = root * a;
        m = hypot(0.5 * t, root);
        gap = 0.0;
    } else {
        double mu1 = 0.5 * t + copysign(root, t); /* the larger in modulus, no cancellation */
        p->mu1 = mu1 * a;
        p->mu2 = mu1 != 0.0 ? d / mu1 * a : 0.0;
        m = fabs(mu1);
        gap = fmin(sep, fabs(t)); /* ||mu1| - |mu2||: 2 root for equal signs, |tr| else */
    }
    p->rho2 = zn / w->rn;
    /* z's rounding: eps sqrt(n) times the norms of its three terms, over ||A v - lambda v|| */
    p->noise = 4.0 * sqrt((double)w->n) * w->eps * (wn_next / a + fabs(t) + fabs(d)) / r;
    /* H's eigenvalue condition number: H = Q [[mu1, t12], [0, mu2]] Q^T (Schur), so
     * t12^2 = ||H||_F^2 - |mu1|^2 - |mu2|^2 and kappa = sqrt(1 + (t12 / |mu1 - mu2|)^2) */
    double mu2 = disc < 0.0 ? m : fabs(p->mu2 / a);
    double t12sq = fmax(0.0, l * l + h12 * h12 + r * r + h22 * h22 - m * m - mu2 * mu2);
    double kappa = sqrt(1.0 + t12sq / (sep * sep));
    /* A Q - Q H = [0, z / ||A v - lambda v||] exactly, so the Ritz values are eigenvalues
     * of A + E with ||E|| = rho2 (plus z's rounding), moved by up to kappa times that */
    double s = kappa * (p->rho2 + p->noise);
    int distinct = sep > 4.0 * s;
    p->valid = 1;
    p->pair = distinct && gap <= 2.0 * s && s <= PAIR_SLACK * m;
    p->dominant = distinct && disc >= 0.0 && gap > 2.0 * s;
}

static void window_add(basis_power_window *win, int64_t it, double residual,
                       const basis_power_plane *p)
{
    if (win->last < win->first) {
        win->first = it;
        win->rho2_first = p->valid ? p->rho2 : NAN;
    }
    win->last = it;
    win->rmin = fmin(win->rmin, residual);
    win->rmax = fmax(win->rmax, residual);
    win->pair_all = win->pair_all && p->valid && p->pair;
    win->rho2_last = p->valid ? p->rho2 : NAN;
    win->noise_last = p->valid ? p->noise : NAN;
}

/* The plane test held over the whole window, and rho2 did not grow beyond rounding. */
static int pair_window(const basis_power_window *win)
{
    return win->last >= win->first && win->pair_all &&
           win->rho2_last <= 2.0 * fmax(win->rho2_first, win->noise_last);
}

/* The flat test (the header comment's 2.) on the current window against the previous. */
static int flat_window(const basis_power_watch *w)
{
    const basis_power_window *a = &w->prev, *b = &w->cur;
    double floor = fmax(100.0 * w->tol, sqrt(w->eps));
    return a->last >= a->first && b->rmin >= (1.0 - FLAT_BAND) * a->rmin &&
           b->rmax <= (1.0 + FLAT_BAND) * a->rmax && b->rmin >= floor && isfinite(b->rmax) &&
           !(w->plane.valid && w->plane.dominant);
}

/* At a power-of-two count from FLAT_FIRST on: whether the flat test holds now, with the
 * windows it held over (for the message). Never stops the run (the header comment says
 * why). */
static void judge_flat(basis_power_watch *w)
{
    if (w->it < FLAT_FIRST)
        return;
    if (!flat_window(w)) {
        w->flat_at = 0;
        return;
    }
    w->flat_at = w->it;
    w->flat_cur = w->cur;
    w->flat_prev = w->prev;
}

/* The case max_iter ended. Never "no dominant eigenvalue" while the residual still falls
 * (the current window's least below the previous window's by more than FLAT_BAND): a
 * dominant eigenvalue emerging from a small start component does that. The plane test must
 * hold over the current window, and over the whole previous one too when max_iter cut the
 * current short (1025 leaves a window of one iteration); the flat test's last verdict
 * counts only if the residual has not fallen below the range it saw since. */
static basis_power_verdict verdict_at_max_iter(const basis_power_watch *w)
{
    const basis_power_window *a = &w->prev, *b = &w->cur;
    int have_prev = a->last >= a->first;
    int falling = have_prev && b->rmin < (1.0 - FLAT_BAND) * a->rmin;
    int full = b->last - b->first + 1 >= (w->it + 1) / 2;
    if (!falling && w->it >= PAIR_FIRST && pair_window(b) && (full || pair_window(a)))
        return BASIS_POWER_NO_DOMINANT_PAIR;
    if (!falling && w->flat_at > 0 && b->rmin >= (1.0 - FLAT_BAND) * w->flat_cur.rmin)
        return BASIS_POWER_NO_DOMINANT_FLAT;
    return BASIS_POWER_MAX_ITER;
}

int basis_power_watch_step(basis_power_watch *w, double lambda, double wn, double rn,
                           double zn, int converged)
{
    /* the plane analysis reads the previous iterate's numbers: before they are replaced */
    analyse(w, zn, wn);
    w->have_coeffs = 0;
    w->it++;
    w->lambda = lambda;
    w->wn = wn;
    w->rn = rn;
    w->residual = rn == 0.0 ? 0.0 : rn / fabs(lambda);
    if (converged || w->it == 1 || w->residual < w->best_residual) {
        w->best_it = w->it;
        w->best_lambda = lambda;
        w->best_residual = w->residual;
    }
    if (converged) {
        w->verdict = BASIS_POWER_CONVERGED;
        return 1;
    }
    window_add(&w->cur, w->it, w->residual, &w->plane);
    int judged = (w->it & (w->it - 1)) == 0;
    if (judged)
        judge_flat(w);
    if (w->it == w->max_iter) {
        w->verdict = verdict_at_max_iter(w);
        return 1;
    }
    if (judged) {
        w->prev = w->cur;
        window_reset(&w->cur);
    }
    return 0;
}

static basis_status fail_pair(const basis_power_watch *w, const char *fn)
{
    const basis_power_plane *p = &w->plane;
    char values[96];
    if (p->im > 0.0)
        snprintf(values, sizeof values, "%.6g +- %.6gi", ldexp(p->mu1, w->scale),
                 ldexp(p->im, w->scale));
    else
        snprintf(values, sizeof values, "%.6g and %.6g", ldexp(p->mu1, w->scale),
                 ldexp(p->mu2, w->scale));
    return basis_fail(BASIS_ERR_NO_CONVERGENCE,
                      "%s: no dominant eigenvalue (max_iter = %lld reached): over iterations "
                      "%lld-%lld the iterates stayed in a plane that A maps into itself, where "
                      "its eigenvalues %s have equal modulus (two eigenvalues of equal largest "
                      "modulus, such as +-lambda or a complex pair, as far as the iterates "
                      "show); v and eigenvalue hold the best estimate (iteration %lld, "
                      "residual %.3g, tol %.3g)",
                      fn, (long long)w->max_iter, (long long)w->cur.first,
                      (long long)w->cur.last, values, (long long)w->best_it, w->best_residual,
                      w->tol);
}

static basis_status fail_flat(const basis_power_watch *w, const char *fn)
{
    const basis_power_window *a = &w->flat_prev, *b = &w->flat_cur;
    return basis_fail(BASIS_ERR_NO_CONVERGENCE,
                      "%s: no dominant eigenvalue (max_iter = %lld reached): the residual has "
                      "stalled between %.3g and %.3g over iterations %lld-%lld, as over "
                      "iterations %lld-%lld (eigenvalues of equal largest modulus, or a ratio "
                      "|l2/l1| too close to 1 to show a fall within %.1g over a window); v and "
                      "eigenvalue hold the best estimate (iteration %lld, residual %.3g, tol "
                      "%.3g)",
                      fn, (long long)w->max_iter, b->rmin, b->rmax, (long long)b->first,
                      (long long)b->last, (long long)a->first, (long long)a->last, FLAT_BAND,
                      (long long)w->best_it, w->best_residual, w->tol);
}

static basis_status fail_max_iter(const basis_power_watch *w, const char *fn)
{
    const basis_power_window *a = &w->prev, *b = &w->cur;
    char trend[200] = "", rate[64] = "";
    if (a->last >= a->first)
        snprintf(trend, sizeof trend, ", %s (best %.3g over iterations %lld-%lld, %.3g over "
                 "%lld-%lld)", b->rmin < (1.0 - FLAT_BAND) * a->rmin ? "still falling"
                 : "not falling", a->rmin, (long long)a->first, (long long)a->last, b->rmin,
                 (long long)b->first, (long long)b->last);
    if (w->plane.valid && w->plane.dominant)
        snprintf(rate, sizeof rate, ", converging with |l2/l1| about %.6g",
                 fabs(w->plane.mu2 / w->plane.mu1));
    return basis_fail(BASIS_ERR_NO_CONVERGENCE,
                      "%s: max_iter = %lld reached before convergence: residual %.3g above "
                      "tol %.3g%s%s; v and eigenvalue hold the best estimate (iteration %lld)",
                      fn, (long long)w->max_iter, w->best_residual, w->tol, trend, rate,
                      (long long)w->best_it);
}

basis_status basis_power_watch_status(const basis_power_watch *w, const char *fn)
{
    switch (w->verdict) {
    case BASIS_POWER_CONVERGED:
        return BASIS_OK;
    case BASIS_POWER_NO_DOMINANT_PAIR:
        return fail_pair(w, fn);
    case BASIS_POWER_NO_DOMINANT_FLAT:
        return fail_flat(w, fn);
    default:
        return fail_max_iter(w, fn);
    }
}
