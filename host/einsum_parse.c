/* einsum_parse.c: numpy's einsum subscript language parsed and checked against the operands' shapes; every error names its position in the string. */
#include <stdio.h>
#include <string.h>

#include "einsum.h"

static basis_status bad(const char *fn, const char *sub, size_t pos, const char *what)
{
    return basis_fail(BASIS_ERR_ARGUMENT, "%s: subscripts \"%.96s\": position %zu: %s", fn, sub,
                      pos, what);
}

static int letter_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A term ends (at a ',', the '->' or the string's end, position pos): it must name every
 * axis of its operand. */
static basis_status term_done(const char *fn, const char *sub, size_t pos, int64_t t,
                              int64_t named, const int64_t *ndims)
{
    char what[160];
    if (named != ndims[t]) {
        snprintf(what, sizeof what,
                 "operand %lld has %lld dimensions but its subscripts name %lld", (long long)t,
                 (long long)ndims[t], (long long)named);
        return bad(fn, sub, pos, what);
    }
    return BASIS_OK;
}

basis_status basis_einsum_parse(const char *fn, const char *sub, int64_t nops,
                                const int64_t *ndims, const int64_t *const *shapes,
                                basis_einsum_spec *spec)
{
    char what[200];
    int label_of[128];
    size_t first_pos[BASIS_EINSUM_LETTERS];
    int64_t first_op[BASIS_EINSUM_LETTERS];
    int count[BASIS_EINSUM_LETTERS] = {0}, in_out[BASIS_EINSUM_LETTERS] = {0};
    basis_status s;
    if (sub == NULL)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: subscripts is NULL", fn);
    for (int c = 0; c < 128; c++)
        label_of[c] = -1;
    memset(spec, 0, sizeof *spec);
    spec->nops = nops;
    int64_t t = 0, named = 0;
    int output = 0;
    size_t len = strlen(sub), i;
    for (i = 0; i < len; i++) {
        char c = sub[i];
        if (c == ' ')
            continue;
        if (letter_ok(c)) {
            int l = label_of[(int)c];
            if (output) {
                if (l < 0) {
                    snprintf(what, sizeof what, "'%c' is in the output but in no operand", c);
                    return bad(fn, sub, i, what);
                }
                if (in_out[l]) {
                    snprintf(what, sizeof what, "'%c' appears twice in the output", c);
                    return bad(fn, sub, i, what);
                }
                in_out[l] = 1;
                spec->out_label[spec->out_ndim++] = (signed char)l;
                continue;
            }
            if (named >= ndims[t]) {
                snprintf(what, sizeof what, "operand %lld has %lld dimensions but its "
                         "subscripts name more", (long long)t, (long long)ndims[t]);
                return bad(fn, sub, i, what);
            }
            int64_t size = shapes[t][named];
            if (l < 0) {
                l = spec->nlabels++;
                label_of[(int)c] = l;
                spec->letter[l] = c;
                spec->dim[l] = size;
                first_pos[l] = i;
                first_op[l] = t;
            } else if (spec->dim[l] != size) {
                snprintf(what, sizeof what,
                         "'%c' is size %lld in operand %lld but size %lld in operand %lld "
                         "(position %zu)",
                         c, (long long)size, (long long)t, (long long)spec->dim[l],
                         (long long)first_op[l], first_pos[l]);
                return bad(fn, sub, i, what);
            }
            count[l]++;
            spec->op_label[t][named++] = (signed char)l;
        } else if (c == ',') {
            if (output)
                return bad(fn, sub, i, "',' after '->' (the output is a single term)");
            if ((s = term_done(fn, sub, i, t, named, ndims)))
                return s;
            if (t + 1 >= nops) {
                snprintf(what, sizeof what, "a term beyond the %lld operand%s given",
                         (long long)nops, nops == 1 ? "" : "s");
                return bad(fn, sub, i, what);
            }
            spec->op_ndim[t] = named;
            t++;
            named = 0;
        } else if (c == '-') {
            if (sub[i + 1] != '>')
                return bad(fn, sub, i, "'-' not followed by '>'");
            if (output)
                return bad(fn, sub, i, "a second '->'");
            if ((s = term_done(fn, sub, i, t, named, ndims)))
                return s;
            if (t + 1 != nops) {
                snprintf(what, sizeof what, "%lld term%s before '->' but %lld operands",
                         (long long)(t + 1), t ? "s" : "", (long long)nops);
                return bad(fn, sub, i, what);
            }
            spec->op_ndim[t] = named;
            output = 1;
            i++;
        } else if (c == '.') {
            return bad(fn, sub, i, "'...' (ellipsis) is not supported: name every axis with a "
                                   "letter");
        } else {
            if ((unsigned char)c >= 32 && (unsigned char)c < 127)
                snprintf(what, sizeof what, "'%c' is not a subscript (letters a-z, A-Z)", c);
            else
                snprintf(what, sizeof what, "byte 0x%02x is not a subscript (letters a-z, A-Z)",
                         (unsigned)(unsigned char)c);
            return bad(fn, sub, i, what);
        }
    }
    if (!output) {
        if ((s = term_done(fn, sub, len, t, named, ndims)))
            return s;
        if (t + 1 != nops) {
            snprintf(what, sizeof what, "the string ends after %lld term%s but there are %lld "
                     "operands", (long long)(t + 1), t ? "s" : "", (long long)nops);
            return bad(fn, sub, len, what);
        }
        spec->op_ndim[t] = named;
        /* numpy's implicit output: the letters seen exactly once, in ASCII order */
        for (int c = 'A'; c <= 'z'; c++) {
            int l = label_of[c];
            if (l >= 0 && count[l] == 1)
                spec->out_label[spec->out_ndim++] = (signed char)l;
        }
    }
    return BASIS_OK;
}

basis_status basis_einsum_shape(const char *subscripts, int64_t nops, const int64_t *ndims,
                                const int64_t *const *shapes, int64_t *out_ndim,
                                int64_t *out_shape)
{
    static const char fn[] = "basis_einsum_shape";
    basis_status s;
    if (nops < 1 || nops > BASIS_EINSUM_MAX_OPS)
        return basis_fail(BASIS_ERR_ARGUMENT, "%s: nops = %lld is outside [1, %d]", fn,
                          (long long)nops, BASIS_EINSUM_MAX_OPS);
    if ((s = basis_check_ptr(fn, "ndims", ndims, nops)) ||
        (s = basis_check_ptr(fn, "shapes", shapes, nops)) ||
        (s = basis_check_ptr(fn, "out_ndim", out_ndim, 1)) ||
        (s = basis_check_ptr(fn, "out_shape", out_shape, 1)))
        return s;
    for (int64_t t = 0; t < nops; t++) {
        if (ndims[t] < 0 || ndims[t] > BASIS_EINSUM_MAX_DIMS)
            return basis_fail(BASIS_ERR_ARGUMENT, "%s: ndims[%lld] = %lld is outside [0, %d]",
                              fn, (long long)t, (long long)ndims[t], BASIS_EINSUM_MAX_DIMS);
        if (ndims[t] > 0 && shapes[t] == NULL)
            return basis_fail(BASIS_ERR_ARGUMENT, "%s: shapes[%lld] is NULL", fn, (long long)t);
        for (int64_t q = 0; q < ndims[t]; q++) /* as einsum itself refuses them */
            if (shapes[t][q] < 0)
                return basis_fail(BASIS_ERR_ARGUMENT, "%s: shapes[%lld][%lld] = %lld is negative",
                                  fn, (long long)t, (long long)q, (long long)shapes[t][q]);
    }
    basis_einsum_spec *spec = basis_alloc(sizeof *spec);
    if (spec == NULL)
        return basis_fail(BASIS_ERR_NO_MEMORY, "%s: no memory to parse the subscripts", fn);
    if (!(s = basis_einsum_parse(fn, subscripts, nops, ndims, shapes, spec))) {
        *out_ndim = spec->out_ndim;
        for (int a = 0; a < spec->out_ndim; a++)
            out_shape[a] = spec->dim[spec->out_label[a]];
    }
    basis_free(spec);
    return s;
}
