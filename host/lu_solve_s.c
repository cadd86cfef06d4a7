/* lu_solve_s.c: single-precision solves with getrf's factors: getrs through the TRSM, and getri in place (inv(U), then inv(A) L = inv(U) by column blocks) with a workspace of one column block. */
#include "lu_blocked.h"

/* getri's column block (basis_getri_work in lu_solve_d.c sizes its workspace n x GETRI_NB)
 * and the order below which inv(U) is computed by the unblocked recurrence. */
enum { GETRI_NB = 64, TRTRI_LEAF = 16 };

void basis_sgetrs_blocked(const basis_call *call, int trans, int64_t n, int64_t nrhs,
                          const float *lu, int64_t rs, int64_t cs, const int64_t *ipiv,
                          float *b, int64_t rsb, int64_t csb)
{
    /* P A = L U, so A X = B is L U X = P B, and A^T X = B is U^T L^T (P X) = B. */
    if (!trans) {
        basis_slaswp(nrhs, b, rsb, csb, 0, n, ipiv, 0, call->threads);
        basis_strsm_left(call, 1, 1, n, nrhs, 1.0f, lu, rs, cs, b, rsb, csb);
        basis_strsm_left(call, 0, 0, n, nrhs, 1.0f, lu, rs, cs, b, rsb, csb);
    } else {
        basis_strsm_left(call, 1, 0, n, nrhs, 1.0f, lu, cs, rs, b, rsb, csb);
        basis_strsm_left(call, 0, 1, n, nrhs, 1.0f, lu, cs, rs, b, rsb, csb);
        basis_slaswp(nrhs, b, rsb, csb, 0, n, ipiv, 1, call->threads);
    }
}

/* inv(U) of a small upper triangle, column by column as LAPACK's strti2: column j of the
 * inverse is -inv(U)(0:j, 0:j) U(0:j, j) / U(j,j), formed top down in place. */
static void trti2_upper(int64_t n, float *a, int64_t rs, int64_t cs)
{
    for (int64_t j = 0; j < n; j++) {
        float *ajj = a + j * (rs + cs);
        *ajj = 1.0f / *ajj;
        const float neg = -*ajj;
        for (int64_t i = 0; i < j; i++) {
            float s = 0.0f;
            for (int64_t k = i; k < j; k++)
                s += a[i * rs + k * cs] * a[k * rs + j * cs];
            a[i * rs + j * cs] = s * neg;
        }
    }
}

static int64_t split(int64_t n)
{
    int64_t h = n / 2, r = (h + 7) / 8 * 8;
    return r < n ? r : h;
}

/* inv([U11 U12; 0 U22]) = [inv(U11), -inv(U11) U12 inv(U22); 0, inv(U22)]: two TRSMs with
 * the original diagonal blocks, then the blocks themselves, all in place. */
static void trtri_upper(const basis_call *call, int64_t n, float *a, int64_t rs, int64_t cs)
{
    if (n <= TRTRI_LEAF) {
        trti2_upper(n, a, rs, cs);
        return;
    }
    int64_t n1 = split(n), n2 = n - n1;
    float *a12 = a + n1 * cs, *a22 = a + n1 * (rs + cs);
    /* A12 := A12 inv(U22), as U22^T A12^T = A12^T: transposes are swapped strides */
    basis_strsm_left(call, 1, 0, n2, n1, 1.0f, a22, cs, rs, a12, cs, rs);
    basis_strsm_left(call, 0, 0, n1, n2, -1.0f, a, rs, cs, a12, rs, cs);
    trtri_upper(call, n1, a, rs, cs);
    trtri_upper(call, n2, a22, rs, cs);
}

void basis_sgetri_blocked(const basis_call *call, int64_t n, float *a, int64_t rs, int64_t cs,
                          const int64_t *ipiv, float *work)
{
    if (n <= 0)
        return;
    trtri_upper(call, n, a, rs, cs);
    /* inv(A) P^T L = inv(U), last column block first: block j's columns of L move to the
     * workspace (column major, ld n) and are cleared in A, the columns right of the block,
     * already final, are subtracted through the GEMM, and the unit lower diagonal block of
     * L is divided out from the right. */
    const int64_t nb = n < GETRI_NB ? n : GETRI_NB;
    for (int64_t j = (n - 1) / nb * nb; j >= 0; j -= nb) {
        int64_t jb = n - j < nb ? n - j : nb;
        for (int64_t jj = j; jj < j + jb; jj++)
            for (int64_t i = jj + 1; i < n; i++) {
                work[i + (jj - j) * n] = a[i * rs + jj * cs];
                a[i * rs + jj * cs] = 0.0f;
            }
        float *aj = a + j * cs;
        if (j + jb < n)
            basis_sgemm_sure(call, n, jb, n - j - jb, -1.0f, a + (j + jb) * cs, rs, cs,
                             work + j + jb, 1, n, 1.0f, aj, rs, cs);
        /* X Lj = Aj as Lj^T X^T = Aj^T: Lj^T is upper unit with strides (n, 1) */
        basis_strsm_left(call, 0, 1, jb, n, 1.0f, work + j, n, 1, aj, cs, rs);
    }
    /* inv(A) = (inv(A) P^T) P: the column interchanges in reverse order */
    for (int64_t j = n - 2; j >= 0; j--) {
        int64_t p = ipiv[j];
        if (p == j)
            continue;
        for (int64_t i = 0; i < n; i++) {
            float t = a[i * rs + j * cs];
            a[i * rs + j * cs] = a[i * rs + p * cs];
            a[i * rs + p * cs] = t;
        }
    }
}
