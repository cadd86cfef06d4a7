/* einsum_errors.c: bad einsum subscripts and shapes are argument errors that name the position in the string, and leave the output untouched; einsum_shape agrees. */
#include <string.h>

#include "testutil.h"

static double a[64], b[64], c[64];
static const int64_t s34[] = {3, 4}, s45[] = {4, 5}, s35[] = {3, 5}, s33[] = {3, 3};

/* Expects BASIS_ERR_ARGUMENT from "sub" on two operands (3x4, 4x5) into a 3x5 output, with
 * "position P" in the message, and the output untouched. */
static void bad2(const char *sub, int pos, const char *also)
{
    basis_dtensor ops[2] = {{2, s34, NULL, a}, {2, s45, NULL, b}};
    basis_dtensor out = {2, s35, NULL, c};
    for (int i = 0; i < 64; i++)
        c[i] = -7.0;
    basis_status s = basis_deinsum(NULL, sub, 2, ops, &out);
    char want[32];
    snprintf(want, sizeof want, "position %d:", pos);
    BT_CHECK(s == BASIS_ERR_ARGUMENT, "\"%s\": %s", sub, basis_status_name(s));
    BT_CHECK(strstr(basis_last_error(), want) != NULL, "\"%s\": message lacks '%s': %s", sub,
             want, basis_last_error());
    BT_CHECK(also == NULL || strstr(basis_last_error(), also) != NULL,
             "\"%s\": message lacks '%s': %s", sub, also, basis_last_error());
    int untouched = 1;
    for (int i = 0; i < 64; i++)
        untouched &= c[i] == -7.0;
    BT_CHECK(untouched, "\"%s\": output written on error", sub);
    float fa[64] = {0}, fb[64] = {0}, fc[64] = {0};
    basis_stensor sops[2] = {{2, s34, NULL, fa}, {2, s45, NULL, fb}};
    basis_stensor sout = {2, s35, NULL, fc};
    s = basis_seinsum(NULL, sub, 2, sops, &sout);
    BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), want),
             "s \"%s\": %s %s", sub, basis_status_name(s), basis_last_error());
}

int main(void)
{
    bt_begin("einsum_errors");
    bad2("ij,jk->ik,", 9, "','");
    bad2("ij,jk->iz", 8, "'z'");
    bad2("ij,jk->ii", 8, "twice");
    bad2("ij,j1->ik", 4, "'1'");
    bad2("ij,jk-ik", 5, "'-'");
    bad2("ij,jk->ik->", 9, "second");
    bad2("ij,jk,kl->il", 5, "beyond");
    bad2("ij->ij", 2, "1 term");
    bad2("ij", 2, "ends");
    bad2("ijk,jk->ik", 2, "more");
    bad2("i,jk->ik", 1, "operand 0 has 2 dimensions");
    bad2("ij,ik->jk", 3, "size 4"); /* 'i' is 3 in operand 0, 4 in operand 1 */
    bad2("...,jk->ik", 0, "ellipsis");

    /* a valid string with a wrong output shape: not a subscript error, names out.shape */
    {
        basis_dtensor ops[2] = {{2, s34, NULL, a}, {2, s45, NULL, b}};
        basis_dtensor out = {2, s33, NULL, c};
        basis_status s = basis_deinsum(NULL, "ij,jk->ik", 2, ops, &out);
        BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "out.shape[1]"),
                 "wrong out shape: %s %s", basis_status_name(s), basis_last_error());
        int64_t zero[2] = {3, 3}, st[2] = {0, 1};
        basis_dtensor sq = {2, s33, NULL, a}, o2 = {2, zero, st, c};
        s = basis_deinsum(NULL, "ij->ij", 1, &sq, &o2);
        BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "out.strides[0]"),
                 "zero out stride: %s %s", basis_status_name(s), basis_last_error());
        s = basis_deinsum(NULL, NULL, 1, &sq, &o2);
        BT_CHECK(s == BASIS_ERR_ARGUMENT, "NULL subscripts: %s", basis_status_name(s));
        s = basis_deinsum(NULL, "ij", 0, &sq, &o2);
        BT_CHECK(s == BASIS_ERR_ARGUMENT, "nops 0: %s", basis_status_name(s));
    }
    /* einsum_shape: implicit output in ASCII order (upper case first), trace, batch */
    {
        int64_t nd[2] = {2, 2}, shp[52], ond = -1;
        int64_t sA[2] = {3, 4}, sB[2] = {4, 5};
        const int64_t *shapes[2] = {sA, sB};
        basis_status s = basis_einsum_shape("bj,jA", 2, nd, shapes, &ond, shp);
        BT_CHECK(s == BASIS_OK && ond == 2 && shp[0] == 5 && shp[1] == 3,
                 "implicit 'bj,jA' (A before b): %s ndim %lld", basis_status_name(s), (long long)ond);
        int64_t t[2] = {3, 3};
        const int64_t *tt[1] = {t};
        s = basis_einsum_shape("ii", 1, nd, tt, &ond, shp);
        BT_CHECK(s == BASIS_OK && ond == 0, "implicit trace 'ii': %s ndim %lld",
                 basis_status_name(s), (long long)ond);
        s = basis_einsum_shape("i j,j k - > i k", 2, nd, shapes, &ond, shp);
        BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "position 8"),
                 "'- >': %s %s", basis_status_name(s), basis_last_error());
        s = basis_einsum_shape(" i j , j k -> i k ", 2, nd, shapes, &ond, shp);
        BT_CHECK(s == BASIS_OK && ond == 2 && shp[0] == 3 && shp[1] == 5, "spaces: %s %s",
                 basis_status_name(s), basis_last_error());
        /* a negative size is refused, as einsum refuses it */
        int64_t neg[1] = {-5}, nd1[1] = {1};
        const int64_t *negs[1] = {neg};
        s = basis_einsum_shape("i->i", 1, nd1, negs, &ond, shp);
        BT_CHECK(s == BASIS_ERR_ARGUMENT && strstr(basis_last_error(), "negative"),
                 "a negative size: %s %s", basis_status_name(s), basis_last_error());
    }
    return bt_end();
}
