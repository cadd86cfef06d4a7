/* check_gemm_pack.c: every GEMM packing kernel (pack_a, pack_b) this CPU can run, reached through its target's microkernel slot, against the definition in ukernel.h: exact values, nothing written outside the sliver, nothing read outside the source. */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "testutil.h"

/* One packing kernel as the test sees it: pack_a packs a W x k source (W = MR), pack_b a
 * k x W one (W = NR); either precision behind one interface. */
typedef struct packer {
    char name[64];
    int single, is_a, width;
    basis_spack_fn *sfn;
    basis_dpack_fn *dfn;
} packer;

static size_t elem(const packer *P)
{
    return P->single ? sizeof(float) : sizeof(double);
}

static double get(const packer *P, const void *p, int64_t i)
{
    return P->single ? (double)((const float *)p)[i] : ((const double *)p)[i];
}

static void put(const packer *P, void *p, int64_t i, double v)
{
    if (P->single)
        ((float *)p)[i] = (float)v;
    else
        ((double *)p)[i] = v;
}

/* The source lives in pages fenced by inaccessible ones, its extent flush against one
 * fence: a kernel that reads even one element outside it (a whole-vector load over the
 * k tail, a row past the sliver) crashes the test. */
typedef struct fenced {
    char *map;
    size_t map_bytes, page;
    char *lo, *hi; /* the accessible bytes [lo, hi) */
} fenced;

static fenced make_fenced(size_t bytes)
{
    fenced f;
    f.page = (size_t)sysconf(_SC_PAGESIZE);
    size_t body = (bytes + f.page - 1) / f.page * f.page;
    f.map_bytes = body + 2 * f.page;
    f.map = mmap(NULL, f.map_bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (f.map == MAP_FAILED || mprotect(f.map + f.page, body, PROT_READ | PROT_WRITE) != 0) {
        fprintf(stderr, "check_gemm_pack: cannot map fenced memory\n");
        exit(1);
    }
    f.lo = f.map + f.page;
    f.hi = f.lo + body;
    return f;
}

/* The case being run, and the line to print if a read past a fence ends it. */
static char current[256], fault_line[320];

static void on_fault(int sig)
{
    ssize_t w = write(2, fault_line, strlen(fault_line)); /* the test fails either way */
    (void)w;
    (void)sig;
    _exit(1);
}

/* Destination: 64-byte aligned (as the contract promises) or one element past it (the
 * driver's B slivers start at s*NR*kc, not aligned for every kc); GUARD NaN elements on
 * either side and NaN inside, so an element not written stays NaN and one written outside
 * shows. */
enum { GUARD = 64 };

static void check_case(const packer *P, int64_t k, int64_t rs, int64_t cs, const char *kind,
                       int shift)
{
    const int64_t rows = P->is_a ? P->width : k, cols = P->is_a ? k : P->width;
    const size_t es = elem(P);
    /* Offsets of the extreme elements, for any signs of the strides. */
    int64_t omin = 0, omax = 0;
    if (rows > 0 && cols > 0) {
        omin = (rs < 0 ? (rows - 1) * rs : 0) + (cs < 0 ? (cols - 1) * cs : 0);
        omax = (rs > 0 ? (rows - 1) * rs : 0) + (cs > 0 ? (cols - 1) * cs : 0);
    }
    int64_t span = omax - omin + 1;
    fenced f = make_fenced((size_t)span * es);

    int64_t n = k * P->width;
    int64_t dlen = n + 2 * GUARD + shift;
    char *dbuf = aligned_alloc(64, ((size_t)dlen * es + 63) / 64 * 64);
    if (!dbuf) {
        fprintf(stderr, "check_gemm_pack: out of memory\n");
        exit(1);
    }
    void *dst = dbuf + (GUARD + shift) * es;

    for (int flush = 0; flush < 2; flush++) {
        /* flush 0: the lowest element at the lower fence; 1: the highest at the upper one */
        char *first = flush ? f.hi - (size_t)span * es : f.lo;
        void *src = first - omin * (int64_t)es;
        for (int64_t o = 0; o < span; o++)
            put(P, first, o, bt_uniform());
        for (int64_t i = 0; i < dlen; i++)
            put(P, dbuf, i, NAN);

        snprintf(current, sizeof current, "%s k=%lld %s (rs %lld, cs %lld), source at the %s "
                 "fence, destination %s", P->name, (long long)k, kind, (long long)rs,
                 (long long)cs, flush ? "upper" : "lower", shift ? "unaligned" : "aligned");
        snprintf(fault_line, sizeof fault_line,
                 "check_gemm_pack: FAIL: memory fault (a read past a fence?) in %s\n", current);
        if (P->single)
            P->sfn(k, src, rs, cs, dst);
        else
            P->dfn(k, src, rs, cs, dst);

        int64_t wrong = 0, outside = 0, first_bad = -1;
        for (int64_t p = 0; p < k; p++)
            for (int64_t s = 0; s < P->width; s++) {
                /* pack_a: dst[p*MR + i] = A(i, p); pack_b: dst[p*NR + j] = B(p, j) */
                int64_t off = P->is_a ? s * rs + p * cs : p * rs + s * cs;
                double want = get(P, src, off), got = get(P, dst, p * P->width + s);
                if (!(got == want)) {
                    if (first_bad < 0)
                        first_bad = p * P->width + s;
                    wrong++;
                }
            }
        for (int64_t i = 0; i < GUARD + shift; i++)
            outside += !isnan(get(P, dbuf, i));
        for (int64_t i = GUARD + shift + n; i < dlen; i++)
            outside += !isnan(get(P, dbuf, i));
        BT_CHECK(wrong == 0 && outside == 0,
                 "%s: %lld of %lld packed elements wrong (first at %lld), %lld guard elements "
                 "written",
                 current, (long long)wrong, (long long)n, (long long)first_bad,
                 (long long)outside);
    }
    free(dbuf);
    munmap(f.map, f.map_bytes);
}

static void check_packer(const packer *P)
{
    static const int64_t ks[] = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 64, 385};
    printf("check_gemm_pack: %s (%d %s)\n", P->name, P->width, P->is_a ? "rows" : "columns");
    for (size_t ik = 0; ik < sizeof ks / sizeof ks[0]; ik++) {
        int64_t k = ks[ik];
        int64_t rows = P->is_a ? P->width : k, cols = P->is_a ? k : P->width;
        /* leading dimensions a little past the extent, so that no row or column is
         * adjacent to the next */
        int64_t ldc = rows + 3, ldr = cols + 3;
        for (int shift = 0; shift < 2; shift++) {
            check_case(P, k, 1, ldc, "column major", shift);
            check_case(P, k, ldr, 1, "row major", shift);
            check_case(P, k, 2, 2 * rows + 1, "both strides non-unit", shift);
            check_case(P, k, 1, -ldc, "column major, negative column stride", shift);
            check_case(P, k, -ldr, 1, "row major, negative row stride", shift);
            check_case(P, k, -3, 3 * rows + 2, "both strides non-unit, one negative", shift);
        }
    }
}

/* The slot's pack function (NULL when none is registered) as a packer. */
static int make_packer(packer *P, const basis_target *T, const basis_kernels *tab, int single,
                       int is_a)
{
    memset(P, 0, sizeof *P);
    P->single = single;
    P->is_a = is_a;
    if (single) {
        P->width = is_a ? tab->sgemm_ukr.mr : tab->sgemm_ukr.nr;
        P->sfn = is_a ? tab->sgemm_ukr.pack_a : tab->sgemm_ukr.pack_b;
    } else {
        P->width = is_a ? tab->dgemm_ukr.mr : tab->dgemm_ukr.nr;
        P->dfn = is_a ? tab->dgemm_ukr.pack_a : tab->dgemm_ukr.pack_b;
    }
    snprintf(P->name, sizeof P->name, "%s %cgemm_ukr.pack_%c", T->name, single ? 's' : 'd',
             is_a ? 'a' : 'b');
    return P->sfn || P->dfn;
}

int main(void)
{
    int count, ran = 0;
    const basis_target *targets = basis_targets(&count);
    const basis_cpu_features *f = basis_cpu_features_get();
    bt_seed(20240917);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fault;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    for (int t = 0; t < count; t++) {
        const basis_target *T = &targets[t];
        /* The x86 SIMD targets must provide all four packing kernels (their absence costs
         * several percent of GEMM time); others may leave the slots to the driver. */
        int required = T->backend == BASIS_BACKEND_AVX2 || T->backend == BASIS_BACKEND_AVX512;
        if (T->backend == BASIS_BACKEND_REF)
            continue;
        const basis_kernels *tab = basis_target_kernels(T->backend);
        if (!T->supported(f)) {
            printf("check_gemm_pack: %s skipped: this CPU lacks %s\n", T->name, T->requires);
            continue;
        }
        BT_CHECK(tab != NULL, "%s: supported here but basis_target_kernels gives NULL", T->name);
        if (!tab)
            continue;
        for (int single = 0; single < 2; single++)
            for (int is_a = 1; is_a >= 0; is_a--) {
                packer P;
                int fn = (single ? tab->sgemm_ukr.fn != NULL : tab->dgemm_ukr.fn != NULL);
                if (!make_packer(&P, T, tab, single, is_a)) {
                    if (required)
                        BT_CHECK(0, "%s: no packing kernel registered", P.name);
                    else
                        printf("check_gemm_pack: %s: none registered (the driver packs)\n",
                               P.name);
                    continue;
                }
                BT_CHECK(fn, "%s: registered without a microkernel", P.name);
                BT_CHECK(P.width > 0 && P.width <= 256, "%s: registered with width %d", P.name,
                         P.width);
                if (P.width <= 0 || P.width > 256)
                    continue;
                check_packer(&P);
                ran++;
            }
    }
    if (!ran) {
        printf("check_gemm_pack: skipped, no packing kernel this CPU can run is compiled in\n");
        bt_end();
        return 77;
    }
    return bt_end();
}
