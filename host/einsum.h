/* einsum.h: the parsed subscripts and the strided views shared by the einsum parser, planner and the s/d evaluators. */
#ifndef BASIS_HOST_EINSUM_H
#define BASIS_HOST_EINSUM_H

#include "internal.h"

#define BASIS_EINSUM_LETTERS 52

/* Labels are the distinct letters, numbered in order of first appearance. */
typedef struct basis_einsum_spec {
    int64_t nops;
    int nlabels;
    char letter[BASIS_EINSUM_LETTERS];   /* label -> its letter */
    int64_t dim[BASIS_EINSUM_LETTERS];   /* label -> its size */
    int64_t op_ndim[BASIS_EINSUM_MAX_OPS];
    signed char op_label[BASIS_EINSUM_MAX_OPS][BASIS_EINSUM_MAX_DIMS]; /* operand, axis -> label */
    int out_ndim;
    signed char out_label[BASIS_EINSUM_LETTERS];
} basis_einsum_spec;

/* Parses subscripts for nops operands of the given ranks and shapes into spec, failing with
 * BASIS_ERR_ARGUMENT and a sentence that names fn and the 0-based position in the string. */
basis_status basis_einsum_parse(const char *fn, const char *subscripts, int64_t nops,
                                const int64_t *ndims, const int64_t *const *shapes,
                                basis_einsum_spec *spec);

/* A strided tensor whose axes carry labels (an operand may repeat one: its diagonal). data
 * is a float * or double * by the evaluator's precision. */
typedef struct basis_einsum_view {
    int nd;
    signed char label[BASIS_EINSUM_MAX_DIMS];
    int64_t dim[BASIS_EINSUM_MAX_DIMS];
    int64_t stride[BASIS_EINSUM_MAX_DIMS];
    void *data;
} basis_einsum_view;

/* Whether view v has an axis labelled l. */
int basis_einsum_has(const basis_einsum_view *v, int l);
/* A contiguous row-major view over `labels` (nl distinct labels, sizes from spec) at data;
 * returns its element count. */
int64_t basis_einsum_contiguous(const basis_einsum_spec *spec, const signed char *labels, int nl,
                                void *data, basis_einsum_view *v);
/* The labels of the n views other than skip1/skip2 and of out, as a membership mask. */
void basis_einsum_needed(const basis_einsum_view *views, int n, int skip1, int skip2,
                         const basis_einsum_view *out, int *needed);
/* The pair of the n >= 3 views to contract next: the one whose result (the labels of both
 * that are still needed) is smallest, ties to the cheaper contraction. Writes the pair
 * and the result's labels. */
void basis_einsum_pick_pair(const basis_einsum_spec *spec, const basis_einsum_view *views, int n,
                            const basis_einsum_view *out, int *pi, int *pj, signed char *labels,
                            int *nl);
/* Whether the axes of v labelled labels[0..nl) (each present once), in that order, walk
 * memory as one strided run: then *len is their combined size and *stride its step (0 when
 * len <= 1, where any step will do). */
int basis_einsum_collapse(const basis_einsum_view *v, const signed char *labels, int nl,
                          int64_t *len, int64_t *stride);

/* The (rows x cols) matrix of v over label groups rl and cl, as a row-major GEMM operand:
 * its transpose flag and leading dimension, or 0 when its strides do not allow one. */
int basis_einsum_as_matrix(const basis_einsum_view *v, const signed char *rl, int nr,
                           const signed char *cl, int nc, basis_trans *trans, int64_t *ld);
/* The label groups of C(batch, m, n) = A(batch, m, k) B(batch, k, n) for views a and b
 * (distinct labels each) into out, with *m, *n, k their sizes: batch and n in out's order;
 * m in out's or a's order and k in a's or b's, whichever leaves the fewest values to pack;
 * when some copy remains, one row or column label may move to the batch loop (then *m or
 * *n shrinks) if that leaves none. */
void basis_einsum_gemm_groups(const basis_einsum_view *a, const basis_einsum_view *b,
                              const basis_einsum_view *out, double *m, double *n, double k,
                              signed char *bl, int *nb, signed char *ml, int *nm,
                              signed char *nl, int *nn, signed char *kl, int *nk);

#endif /* BASIS_HOST_EINSUM_H */
