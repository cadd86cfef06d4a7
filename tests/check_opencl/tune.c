/* tune.c (check_opencl): the tuner: one candidate, stored, found again; old tuned lines still read; the parameters' own rules. */
#include "check_opencl/check_opencl.h"

/* ---- the tuner: one candidate (a budget that ends at once), stored, found again -------- */

void check_tune(basis_ctx *ctx)
{
    basis_cl_tune_result r;
    basis_status s = basis_cl_tune_gemm(4, 64, 1e-6, NULL, NULL, &r);
    BT_CHECK(s == BASIS_OK && r.tried == 1 && r.best_gflops > 0.0, "tune: %s, %d tried: %s",
             basis_status_name(s), r.tried, basis_last_error());
    char where[1200] = "";
    s = basis_cl_gemm_params_store(&r.device, 4, &r.best, where, sizeof where);
    BT_CHECK(s == BASIS_OK && access(where, R_OK) == 0, "tune store: %s: %s",
             basis_status_name(s), basis_last_error());
    basis_cl_gemm_params p;
    basis_cl_gemm_params_get(&r.device, 4, &p);
    BT_CHECK(contains(p.source, "tuned") && p.mwg == r.best.mwg && p.nwg == r.best.nwg,
             "the stored entry is not used: %s", p.source);
    /* and GEMM runs with it */
    gemm_case(ctx, 0, BASIS_ROW_MAJOR, BASIS_TRANS, BASIS_NO_TRANS, 70, 90, 80, 1.0, 0.0);

    /* a line of the 14 numbers written before VWN and DB is still read (as 1 and 0), and
     * the next store rewrites it in the 16-number form */
    char key[400], line[600];
    basis_cl_device_key(&r.device, key, sizeof key);
    FILE *f = fopen(where, "w");
    if (f) {
        fprintf(f, "4 40 32 8 8 8 1 1 1 1 1 8 8 262144\t%s\n", key);
        fclose(f);
    }
    s = basis_cl_gemm_params_store(&r.device, 8, &r.best, where, sizeof where); /* reloads */
    basis_cl_gemm_params_get(&r.device, 4, &p);
    BT_CHECK(s == BASIS_OK && contains(p.source, "tuned") && p.mwg == 40 && p.nwg == 32 &&
                 p.kwg == 8 && p.vw == 1 && p.vwn == 1 && p.sa == 1 && p.sb == 1 && p.db == 0 &&
                 p.dndim == 8,
             "an old tuned line: %s, mwg %d vwn %d db %d", p.source, p.mwg, p.vwn, p.db);
    static const char rewritten[] = "4 40 32 8 8 8 1 1 1 1 0 1 1 8 8 262144\t";
    int old_kept = 0;
    f = fopen(where, "r");
    while (f && fgets(line, sizeof line, f))
        old_kept += !strncmp(line, rewritten, strlen(rewritten));
    if (f)
        fclose(f);
    BT_CHECK(old_kept == 1, "the old line was not rewritten with VWN and DB");
    gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_TRANS, 50, 45, 30, 1.0, 0.5);

    /* an entry with B in runs of 4 and double buffering comes back field for field */
    static const basis_cl_gemm_params vwn_db = {64, 64, 16, 8, 8, 4, 4, 1, 1, 1, 2, 2, 16, 16,
                                                2.0 * 64 * 64 * 64, ""};
    BT_CHECK(basis_cl_gemm_params_valid(&r.device, 4, &vwn_db), "the VWN 4, DB entry is not "
             "valid on this device");
    s = basis_cl_gemm_params_store(&r.device, 4, &vwn_db, where, sizeof where);
    basis_cl_gemm_params_get(&r.device, 4, &p);
    BT_CHECK(s == BASIS_OK && contains(p.source, "tuned") &&
                 !memcmp(&p, &vwn_db, offsetof(basis_cl_gemm_params, source)),
             "the stored VWN 4, DB entry came back as vw %d vwn %d sa %d sb %d db %d (%s)", p.vw,
             p.vwn, p.sa, p.sb, p.db, p.source);
    gemm_case(ctx, 1, BASIS_COL_MAJOR, BASIS_TRANS, BASIS_TRANS, 70, 65, 40, 1.0, 0.0);

    /* a full file (32 lines: here 32 older drivers of this device) drops its oldest line
     * for a new key, never another entry just stored: both precisions of this driver stay */
    basis_cl_device_info older = r.device;
    for (int i = 0; i < 32; i++) {
        snprintf(older.driver, sizeof older.driver, "old-%d", i);
        basis_cl_gemm_params_store(&older, 4, &r.best, where, sizeof where);
    }
    basis_status s8 = basis_cl_gemm_params_store(&r.device, 8, &r.best, where, sizeof where);
    s = basis_cl_gemm_params_store(&r.device, 4, &vwn_db, where, sizeof where);
    basis_cl_gemm_params p8;
    basis_cl_gemm_params_get(&r.device, 4, &p);
    basis_cl_gemm_params_get(&r.device, 8, &p8);
    int lines = 0, oldest = 0, newest = 0;
    f = fopen(where, "r");
    while (f && fgets(line, sizeof line, f)) {
        lines++;
        oldest += contains(line, "|old-0\n");
        newest += contains(line, "|old-31\n");
    }
    if (f)
        fclose(f);
    BT_CHECK(s == BASIS_OK && s8 == BASIS_OK && contains(p.source, "tuned") &&
                 !memcmp(&p, &vwn_db, offsetof(basis_cl_gemm_params, source)) &&
                 (!fp64() || contains(p8.source, "tuned")) && lines == 32 && !oldest &&
                 newest == 1,
             "a full tuned file: float %s, double %s, %d lines, oldest kept %d, newest %d",
             p.source, p8.source, lines, oldest, newest);

    /* the parameters' own rules */
    basis_cl_gemm_params bad = r.best;
    bad.db = 1;
    bad.sa = 0;
    BT_CHECK(!basis_cl_gemm_params_valid(&r.device, 4, &bad), "DB without SA accepted");
    bad = r.best;
    bad.vwn = 3;
    BT_CHECK(!basis_cl_gemm_params_valid(&r.device, 4, &bad), "VWN 3 accepted");
    bad = r.best;
    bad.vwn = 4;
    bad.nwg = 4 * bad.ndimc + bad.ndimc; /* a multiple of NDIMC, not of NDIMC * 4 */
    BT_CHECK(!basis_cl_gemm_params_valid(&r.device, 4, &bad), "NWG %% (NDIMC*VWN) accepted");
}
