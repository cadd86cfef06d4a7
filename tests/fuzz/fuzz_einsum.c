/* fuzz_einsum.c: libFuzzer target for the einsum subscript parser (basis_einsum_shape) and, on tiny shapes, the evaluation it plans. */
#include "fuzz_util.h"
#include "basis.h"

/* Input: one byte for the operand count, then per operand a rank byte and a size byte per
 * axis, then the subscript string (the rest). Ranks stay small enough for tensors of a
 * few hundred entries, so that a parse the library accepts can also be evaluated. */
enum { MAXOPS = 4, MAXRANK = 6, MAXELEMS = 729 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = {data, size};
    int64_t nops = fuzz_u8(&in) % (MAXOPS + 1);
    int64_t ndims[MAXOPS], shape_store[MAXOPS][MAXRANK];
    const int64_t *shapes[MAXOPS];
    for (int64_t t = 0; t < nops; t++) {
        ndims[t] = fuzz_u8(&in) % (MAXRANK + 1);
        for (int64_t d = 0; d < ndims[t]; d++)
            shape_store[t][d] = fuzz_u8(&in) % 4;
        shapes[t] = shape_store[t];
    }
    char sub[512];
    size_t len = in.left < sizeof sub - 1 ? in.left : sizeof sub - 1;
    memcpy(sub, in.p, len);
    sub[len] = '\0';

    int64_t out_ndim = -3, out_shape[52];
    basis_status s = basis_einsum_shape(sub, nops, ndims, shapes, &out_ndim, out_shape);
    FUZZ_ASSERT(s == BASIS_OK || s == BASIS_ERR_ARGUMENT, "shape: status %s",
                basis_status_name(s));
    if (s != BASIS_OK) {
        FUZZ_ASSERT(out_ndim == -3, "shape: out_ndim written on failure");
        return 0;
    }
    FUZZ_ASSERT(out_ndim >= 0 && out_ndim <= 52, "shape: out_ndim %lld", (long long)out_ndim);
    int64_t out_elems = 1;
    for (int64_t d = 0; d < out_ndim; d++) {
        FUZZ_ASSERT(out_shape[d] >= 0 && out_shape[d] <= 3, "shape: size %lld",
                    (long long)out_shape[d]);
        out_elems *= out_shape[d];
        if (out_elems > MAXELEMS)
            return 0;
    }
    /* Evaluate: exact-size operands and output, so a stray index is an ASan report. */
    basis_dtensor ops[MAXOPS], out;
    double *bufs[MAXOPS] = {0};
    for (int64_t t = 0; t < nops; t++) {
        int64_t e = 1;
        for (int64_t d = 0; d < ndims[t]; d++)
            e *= shapes[t][d];
        bufs[t] = malloc((size_t)(e ? e : 1) * sizeof(double));
        for (int64_t i = 0; i < e; i++)
            bufs[t][i] = (double)(i % 5) - 2.0;
        ops[t] = (basis_dtensor){ndims[t], shapes[t], NULL, bufs[t]};
    }
    double *o = malloc((size_t)(out_elems ? out_elems : 1) * sizeof(double));
    out = (basis_dtensor){out_ndim, out_shape, NULL, o};
    s = basis_deinsum(NULL, sub, nops, ops, &out);
    FUZZ_ASSERT(s == BASIS_OK || s == BASIS_ERR_NO_MEMORY, "einsum: status %s after its shape "
                "was accepted: %s", basis_status_name(s), basis_last_error());
    free(o);
    for (int64_t t = 0; t < nops; t++)
        free(bufs[t]);
    return 0;
}
