/* cache.c (check_opencl): the binary program cache: written on a first run, hit by a fresh runtime, a corrupt, truncated or stale entry refused and rebuilt. */
#include "check_opencl/check_opencl.h"

/* ---- the binary cache ----------------------------------------------------------------- */

static basis_cl_counters counted(void)
{
    basis_cl_counters c;
    basis_cl_counters_get(&c);
    return c;
}

static int small_gemm(basis_ctx *ctx)
{
    return gemm_case(ctx, 0, BASIS_COL_MAJOR, BASIS_NO_TRANS, BASIS_TRANS, 9, 8, 7, 1.0, 0.5);
}

static char cache_file[1200];

static void find_cache_file(void)
{
    basis_cl_device *d = NULL;
    basis_cl_gemm_params p;
    char opts[512];
    cache_file[0] = '\0';
    if (basis_cl_acquire("check_opencl", -1, -1, &d) != BASIS_OK)
        return;
    basis_cl_gemm_params_get(basis_cl_info(d), 4, &p);
    basis_cl_gemm_options(&p, 4, opts, sizeof opts);
    basis_cl_cache_path(d, "gemm", opts, cache_file, sizeof cache_file);
    basis_cl_release(d);
}

/* Rewrites byte `offset` from the end (or truncates when offset < 0) of the cache file. */
static int damage(long from_end, int truncate_it)
{
    FILE *f = fopen(cache_file, "r+b");
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    int ok = size > from_end + 64;
    if (ok && truncate_it) {
        fclose(f);
        return truncate(cache_file, size / 2) == 0;
    }
    if (ok) {
        fseek(f, size - from_end, SEEK_SET);
        int ch = fgetc(f);
        fseek(f, size - from_end, SEEK_SET);
        fputc(ch ^ 0x5a, f);
    }
    fclose(f);
    return ok;
}

void check_cache(basis_ctx *ctx)
{
    basis_cl_release_all();
    basis_cl_counters c0 = counted();
    small_gemm(ctx);
    basis_cl_counters c1 = counted();
    BT_CHECK(c1.source_builds == c0.source_builds + 1 && c1.cache_writes == c0.cache_writes + 1,
             "first run in an empty cache: %lld builds, %lld writes", (long long)(c1.source_builds - c0.source_builds),
             (long long)(c1.cache_writes - c0.cache_writes));
    find_cache_file();
    BT_CHECK(cache_file[0] && access(cache_file, R_OK) == 0, "no cache file at '%s'", cache_file);

    /* a second run (a fresh runtime, as in a new process): from the cache, no compile */
    basis_cl_release_all();
    small_gemm(ctx);
    basis_cl_counters c2 = counted();
    BT_CHECK(c2.cache_hits == c1.cache_hits + 1 && c2.source_builds == c1.source_builds,
             "second run: %lld hits, %lld builds", (long long)(c2.cache_hits - c1.cache_hits),
             (long long)(c2.source_builds - c1.source_builds));

    /* a flipped byte in the binary, a truncated file, a key for something else: each is
     * refused, rebuilt from source, and the result is still right */
    static const struct {
        const char *what;
        long from_end;
        int truncate_it;
    } harm[] = {{"corrupt binary", 100, 0}, {"truncated file", 0, 1}};
    for (int h = 0; h < 2; h++) {
        BT_CHECK(damage(harm[h].from_end, harm[h].truncate_it), "could not damage %s", cache_file);
        basis_cl_release_all();
        basis_cl_counters b = counted();
        int ok = small_gemm(ctx);
        basis_cl_counters a = counted();
        BT_CHECK(ok && a.cache_rejects == b.cache_rejects + 1 &&
                     a.source_builds == b.source_builds + 1 && a.cache_writes == b.cache_writes + 1,
                 "%s: %lld rejects, %lld builds, %lld writes", harm[h].what,
                 (long long)(a.cache_rejects - b.cache_rejects),
                 (long long)(a.source_builds - b.source_builds),
                 (long long)(a.cache_writes - b.cache_writes));
    }
    /* stale: the key inside names another driver (byte 20 is within the key) */
    FILE *f = fopen(cache_file, "r+b");
    if (f) {
        fseek(f, 20, SEEK_SET);
        fputc('#', f);
        fclose(f);
    }
    basis_cl_release_all();
    basis_cl_counters b = counted();
    small_gemm(ctx);
    basis_cl_counters a = counted();
    BT_CHECK(a.cache_rejects == b.cache_rejects + 1 && a.source_builds == b.source_builds + 1,
             "stale key: %lld rejects, %lld builds", (long long)(a.cache_rejects - b.cache_rejects),
             (long long)(a.source_builds - b.source_builds));
}
