/* opencl_fault.c: every device op with a device error injected at each of its enqueues in turn (cl_fault_shim.c, preloaded): the status is BASIS_ERR_DEVICE, the caller's outputs are untouched, the next call on the device works and gives the clean run's result, and no call, failed or not, leaves an OpenCL buffer, event or kernel behind or grows the program cache. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "opencl/opencl.h"
#include "opencl_fault/cl_fault_shim.h"
#include "testutil.h"

/* The ops as the test drives them: inputs are rebuilt before every call (ops like getrf
 * work in place), outputs compared byte for byte with their state before the call. */
enum {
    OP_GEMM,
    OP_GETRF,
    OP_GETRF_LOOKAHEAD,
    OP_GESV,
    OP_GESV_CHECKED,
    OP_GETRI,
    OP_POWER,
    OP_SHIFT,
    OP_PAGERANK,
    OP_COUNT
};
static const char *const op_names[OP_COUNT] = {"sgemm",  "sgetrf", "sgetrf_lookahead",
                                              "sgesv", "sgesv_checked", "sgetri", "spower",
                                              "seigen_shift", "spagerank_graph"};

/* W: LU past two full panels with either block size (64 on a CPU device, 128 on a GPU),
 * so an update fails while the next panel's read is queued (lu_cl.c's look-ahead, whose
 * error path releases that read's event); N's LU has one panel and a 3-column rest. */
enum { N = 67, NRHS = 3, GN = 300, W = 300 };

typedef struct bufs {
    float a[N * N], b[N * NRHS], c[N * N], v[N], ranks[GN], w[W * W];
    float eig, rcond;
    int64_t ipiv[N], wpiv[W];
} bufs;

static cl_fault_arm_fn arm;
static cl_fault_fired_fn fired;
static cl_fault_arm_late_fn arm_late; /* NULL: an older shim, the late faults skipped */
static cl_fault_late_fired_fn late_fired;
static cl_fault_live_fn live_get; /* NULL: a shim that counts nothing, leak checks skipped */
static basis_graph *graph;
static float a0[N * N], b0[N * NRHS], c0[N * N], w0[W * W];
static int64_t piv0[N]; /* pivots of a0's CPU factorization, for getri */
static float lu0[N * N];

/* Inputs set, outputs to a sentinel (0x5A bytes). */
static void reset(bufs *x, int op)
{
    memset(x, 0x5A, sizeof *x);
    if (op == OP_GETRI) {
        memcpy(x->a, lu0, sizeof x->a);
        memcpy(x->ipiv, piv0, sizeof x->ipiv);
    } else {
        memcpy(x->a, a0, sizeof x->a);
    }
    memcpy(x->b, b0, sizeof x->b);
    memcpy(x->c, c0, sizeof x->c);
    memcpy(x->w, w0, sizeof x->w);
    for (int i = 0; i < N; i++)
        x->v[i] = 1.0f;
}

static basis_status call(basis_ctx *ctx, int op, bufs *x)
{
    basis_pagerank_opts o = {0.85, 1e-6, 100, NULL};
    basis_iter_info info;
    switch (op) {
    case OP_GEMM:
        return basis_sgemm(ctx, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_TRANS, N, N, N, 1.5f,
                           x->a, N, x->b, N, 0.5f, x->c, N);
    case OP_GETRF:
        return basis_sgetrf(ctx, BASIS_ROW_MAJOR, N, N, x->a, N, x->ipiv);
    case OP_GETRF_LOOKAHEAD:
        return basis_sgetrf(ctx, BASIS_COL_MAJOR, W, W, x->w, W, x->wpiv);
    case OP_GESV:
        return basis_sgesv(ctx, BASIS_COL_MAJOR, N, NRHS, x->a, N, x->ipiv, x->b, N);
    case OP_GESV_CHECKED:
        return basis_sgesv_checked(ctx, BASIS_ROW_MAJOR, N, NRHS, x->a, N, x->ipiv, x->b, NRHS,
                                   &x->rcond);
    case OP_GETRI:
        return basis_sgetri(ctx, BASIS_COL_MAJOR, N, x->a, N, x->ipiv);
    case OP_POWER:
        return basis_spower(ctx, BASIS_COL_MAJOR, N, x->a, N, 1e-4f, 500, x->v, &x->eig, &info);
    case OP_SHIFT: /* the dominant eigenvalue is about 1.75 N (117): the one nearest 115 */
        return basis_seigen_shift(ctx, BASIS_COL_MAJOR, N, x->a, N, 115.0f, 1e-4f, 500, x->v,
                                  &x->eig, &info);
    default:
        return basis_spagerank_graph(ctx, graph, &o, x->ranks, &info);
    }
}

/* The shim's counts; all 0 without them. */
static cl_fault_live live_now(void)
{
    cl_fault_live n = {0, 0, 0, 0, 0};
    if (live_get)
        live_get(&n);
    return n;
}

/* Buffers, kernels and events belong to one call: basis_cl_job_end releases them, error
 * paths included, so a call leaves as many as it found. Programs are kept per device for
 * reuse (program.c, until basis_cl_release_all): an op's first call may add some, and a
 * later call with the same options must find them, not build more. */
static void check_released(const char *op, const char *when, const cl_fault_live *before,
                           long programs)
{
    if (!live_get)
        return;
    cl_fault_live now = live_now();
    BT_CHECK(now.mem == before->mem && now.event == before->event &&
                 now.kernel == before->kernel,
             "%s, %s: the call left %+ld buffers, %+ld events, %+ld kernels live (a leak, or "
             "a release of an object the shim does not count)", op, when,
             now.mem - before->mem, now.event - before->event, now.kernel - before->kernel);
    BT_CHECK(now.program == programs, "%s, %s: %ld programs live, %ld after the op's first "
             "call: the program cache grew", op, when, now.program, programs);
}

/* Everything the ops made, cached programs included, is gone once the runtime is
 * released. */
static void check_all_released(void)
{
    if (!live_get)
        return;
    long programs = live_now().program;
    basis_cl_release_all();
    cl_fault_live now = live_now();
    BT_CHECK(now.mem == 0 && now.event == 0 && now.kernel == 0 && now.program == 0,
             "after basis_cl_release_all: %ld buffers, %ld events, %ld kernels, %ld programs "
             "live", now.mem, now.event, now.kernel, now.program);
    printf("opencl_fault: %ld programs cached by the ops before basis_cl_release_all\n",
           programs);
}

/* The best CPU target's answer for op: what AUTO's fallbacks must give bit for bit. */
static void cpu_answer(basis_ctx *cpu, int op, bufs *want)
{
    reset(want, op);
    basis_status s = call(cpu, op, want);
    BT_CHECK(s == BASIS_OK, "%s on the CPU: %s", op_names[op], basis_last_error());
}

/* Under AUTO, with the test policy sending every op that has an AUTO device path there:
 * an enqueue failing before the op writes the caller's outputs is logged and the CPU runs
 * the op (the best CPU target's answer, bit for bit); one failing in the final reads is
 * the call's BASIS_ERR_DEVICE, the outputs as they were. */
static void check_auto_fallback(void)
{
    static const int ops[] = {OP_GEMM, OP_GETRF, OP_GETRF_LOOKAHEAD, OP_GESV, OP_POWER,
                              OP_PAGERANK};
    basis_ctx *ctx = NULL, *cpu = NULL;
    basis_ctx_create(&ctx); /* AUTO */
    basis_ctx_create(&cpu);
    basis_ctx_set_backend(cpu, basis_backend_best_cpu());
    unsetenv("BASIS_BACKEND");
    basis_cl_test_auto(1.0);
    static bufs want, x, before;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        int op = ops[i];
        cpu_answer(cpu, op, &want);
        basis_status s;
        int fallbacks = 0, errors = 0;
        for (long at = 1; at < 100000; at++) {
            reset(&x, op);
            before = x;
            arm(at);
            s = call(ctx, op, &x);
            long hit = fired();
            arm(0);
            if (!hit)
                break;
            basis_stats st;
            basis_ctx_get_stats(ctx, &st);
            if (s == BASIS_OK) {
                fallbacks++;
                BT_CHECK(st.backend != BASIS_BACKEND_OPENCL && !memcmp(&x, &want, sizeof x),
                         "AUTO %s, enqueue %ld failed: ran on %s, %s", op_names[op], at,
                         basis_backend_name(st.backend),
                         memcmp(&x, &want, sizeof x) ? "not the CPU's answer" : "right");
            } else {
                errors++;
                BT_CHECK(s == BASIS_ERR_DEVICE && !memcmp(&x, &before, sizeof x),
                         "AUTO %s, enqueue %ld failed: %s (%s), the caller's data %s",
                         op_names[op], at, basis_status_name(s), basis_last_error(),
                         memcmp(&x, &before, sizeof x) ? "changed" : "as it was");
            }
        }
        printf("opencl_fault: AUTO %s: %d failures fell back to the CPU, %d were the call's "
               "error\n", op_names[op], fallbacks, errors);
        BT_CHECK(fallbacks > 0, "AUTO %s: no failure fell back to the CPU", op_names[op]);
    }
    basis_cl_test_auto(0.0);
    basis_ctx_destroy(cpu);
    basis_ctx_destroy(ctx);
}

/* The late fault: each enqueue of each op in turn runs, but its command reports a failure
 * on the device (its event's status), as a kernel fault or a lost device would. Forced
 * opencl: the call's BASIS_ERR_DEVICE, never BASIS_OK with what the failed command left,
 * nothing leaked; where the failure came before the op's final reads, the caller's data as
 * it was. Under AUTO (test policy): a failure before the final reads falls back to the
 * CPU's exact answer; one after is the call's error. */
static void check_late_failures(basis_ctx *forced)
{
    if (!arm_late || !late_fired) {
        printf("opencl_fault: the preloaded shim has no late fault; those checks skipped\n");
        return;
    }
    static const int ops[] = {OP_GEMM, OP_GETRF, OP_GETRF_LOOKAHEAD, OP_GESV, OP_GETRI,
                              OP_POWER, OP_PAGERANK};
    basis_ctx *ctx = NULL, *cpu = NULL;
    basis_ctx_create(&ctx); /* AUTO */
    basis_ctx_create(&cpu);
    basis_ctx_set_backend(cpu, basis_backend_best_cpu());
    static bufs want, x, before;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        int op = ops[i];
        cpu_answer(cpu, op, &want);
        basis_status s;
        for (int automatic = 0; automatic < 2; automatic++) {
            if (automatic && op == OP_GETRI)
                continue; /* getri has no AUTO device path */
            if (automatic)
                basis_cl_test_auto(1.0);
            int untouched = 0, written = 0, fallbacks = 0;
            long at;
            for (at = 1; at < 100000; at++) {
                reset(&x, op);
                before = x;
                cl_fault_live pre = live_now();
                arm_late(at);
                s = call(automatic ? ctx : forced, op, &x);
                long hit = late_fired();
                arm_late(0);
                if (!hit)
                    break;
                char when[64];
                snprintf(when, sizeof when, "command %ld failed on the device", at);
                check_released(op_names[op], when, &pre, live_now().program);
                int same = !memcmp(&x, &before, sizeof x);
                if (automatic && s == BASIS_OK) {
                    fallbacks++;
                    BT_CHECK(!memcmp(&x, &want, sizeof x), "AUTO %s, %s: BASIS_OK without "
                             "the CPU's answer", op_names[op], when);
                    continue;
                }
                BT_CHECK(s == BASIS_ERR_DEVICE && strstr(basis_last_error(), "while it ran"),
                         "%s%s, %s: %s (%s), expected BASIS_ERR_DEVICE", automatic ? "AUTO " : "",
                         op_names[op], when, basis_status_name(s), basis_last_error());
                untouched += same;
                written += !same;
            }
            basis_cl_test_auto(0.0);
            printf("opencl_fault: %s%s, late faults: %ld commands; %d errors with the data as "
                   "it was, %d after the final reads, %d fell back to the CPU\n",
                   automatic ? "AUTO " : "", op_names[op], at - 1, untouched, written, fallbacks);
            BT_CHECK(at > 1, "%s: no command was marked failed", op_names[op]);
            /* the ops whose outputs are written only at the end keep them for failures
             * before that: forced, errors with the data as it was; AUTO, fallbacks */
            BT_CHECK(automatic ? fallbacks > 0 : untouched > 0,
                     "%s%s: no late fault before the final reads was caught in time",
                     automatic ? "AUTO " : "", op_names[op]);
        }
    }
    basis_ctx_destroy(cpu);
    basis_ctx_destroy(ctx);
}

int main(void)
{
    arm = (cl_fault_arm_fn)dlsym(RTLD_DEFAULT, "cl_fault_arm");
    fired = (cl_fault_fired_fn)dlsym(RTLD_DEFAULT, "cl_fault_fired");
    live_get = (cl_fault_live_fn)dlsym(RTLD_DEFAULT, "cl_fault_live_get");
    arm_late = (cl_fault_arm_late_fn)dlsym(RTLD_DEFAULT, "cl_fault_arm_late");
    late_fired = (cl_fault_late_fired_fn)dlsym(RTLD_DEFAULT, "cl_fault_late_fired");
    if (!arm || !fired) {
        printf("opencl_fault: skipped, cl_fault_shim is not preloaded\n");
        return 77;
    }
    if (!live_get)
        printf("opencl_fault: the preloaded shim has no cl_fault_live_get; the leak checks "
               "are skipped\n");
    basis_ctx *ctx = NULL;
    if (basis_ctx_create(&ctx) != BASIS_OK ||
        basis_ctx_set_backend(ctx, BASIS_BACKEND_OPENCL) != BASIS_OK ||
        basis_backend_available(BASIS_BACKEND_OPENCL) != BASIS_OK) {
        printf("opencl_fault: skipped, no OpenCL device: %s\n", basis_last_error());
        basis_ctx_destroy(ctx);
        return 77;
    }
    bt_seed(99);
    /* positive entries and a heavy diagonal: a well separated dominant eigenvalue (power
     * iteration converges in a few dozen steps) and a well conditioned LU */
    for (int i = 0; i < N * N; i++)
        a0[i] = (float)(bt_uniform() * 0.5 + 0.5);
    for (int i = 0; i < N; i++)
        a0[i * N + i] += (float)N;
    for (int i = 0; i < W * W; i++)
        w0[i] = (float)bt_uniform() + (i % (W + 1) == 0 ? (float)W : 0.0f);
    for (int i = 0; i < N * NRHS; i++)
        b0[i] = (float)bt_uniform();
    for (int i = 0; i < N * N; i++)
        c0[i] = (float)bt_uniform();
    memcpy(lu0, a0, sizeof lu0);
    BT_CHECK(basis_sgetrf(NULL, BASIS_COL_MAJOR, N, N, lu0, N, piv0) == BASIS_OK,
             "CPU factorization: %s", basis_last_error());
    int64_t src[4 * GN], dst[4 * GN];
    for (int e = 0; e < 4 * GN; e++) {
        src[e] = e % GN;
        dst[e] = (e * 7 + e / GN) % GN;
    }
    BT_CHECK(basis_graph_from_edges(GN, src, dst, 4 * GN, 0, &graph) == BASIS_OK, "graph: %s",
             basis_last_error());

    static bufs clean, x, before;
    for (int op = 0; op < OP_COUNT; op++) {
        cl_fault_live start = live_now();
        reset(&clean, op);
        arm(0);
        basis_status s = call(ctx, op, &clean);
        BT_CHECK(s == BASIS_OK, "%s, no fault: %s", op_names[op], basis_last_error());
        cl_fault_live after = live_now();
        BT_CHECK(!live_get || after.made > start.made, "%s: the shim saw no OpenCL object "
                 "made, so its counts cannot show a leak", op_names[op]);
        long programs = after.program;
        check_released(op_names[op], "no fault", &start, programs);
        /* fail the 1st, 2nd, ... enqueue until the op runs out of enqueues to fail */
        int failures = 0;
        for (long at = 1; at < 100000; at++) {
            reset(&x, op);
            before = x;
            cl_fault_live pre = live_now();
            arm(at);
            s = call(ctx, op, &x);
            long hit = fired();
            arm(0);
            char when[64];
            if (hit)
                snprintf(when, sizeof when, "enqueue %ld failed", at);
            else
                snprintf(when, sizeof when, "the clean call after %ld failures", at - 1);
            check_released(op_names[op], when, &pre, programs);
            if (!hit) {
                BT_CHECK(s == BASIS_OK && memcmp(&x, &clean, sizeof x) == 0,
                         "%s: after %d injected failures the clean call %s", op_names[op],
                         failures, s == BASIS_OK ? "gave other results" : basis_last_error());
                break;
            }
            failures++;
            BT_CHECK(s == BASIS_ERR_DEVICE && strstr(basis_last_error(), "OpenCL"),
                     "%s, enqueue %ld failed: status %d (%s), expected BASIS_ERR_DEVICE",
                     op_names[op], at, (int)s, basis_last_error());
            BT_CHECK(memcmp(&x, &before, sizeof x) == 0,
                     "%s, enqueue %ld failed: the caller's data changed", op_names[op], at);
        }
        printf("opencl_fault: %s: %d enqueues, each failed once\n", op_names[op], failures);
        BT_CHECK(failures > 0, "%s: no enqueue was intercepted", op_names[op]);
    }
    check_auto_fallback();
    check_late_failures(ctx);
    basis_graph_destroy(graph);
    basis_ctx_destroy(ctx);
    check_all_released();
    return bt_end();
}
