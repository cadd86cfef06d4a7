/* program.c: OpenCL programs from the embedded kernels/opencl sources: built with -D options, kept per device, cached on disk as validated binaries. */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opencl/opencl.h"
#include "opencl/runtime_internal.h"

#define CACHE_MAGIC "BASISCL1"
#define MAX_BINARY ((uint64_t)1 << 30)

static _Atomic(const char *) test_source;

void basis_cl_test_source(const char *src)
{
    atomic_store(&test_source, src);
}

const char *basis_cl_test_source_get(void)
{
    return atomic_load(&test_source);
}

static uint64_t fnv1a(const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}
#define FNV_SEED 0xcbf29ce484222325ull

static const char *find_source(const char *name)
{
    const char *t = atomic_load(&test_source);
    if (t)
        return t;
    for (int i = 0; i < basis_cl_source_count; i++)
        if (!strcmp(basis_cl_sources[i].name, name))
            return basis_cl_sources[i].text;
    return NULL;
}

/* Everything a binary depends on: a change in any of these makes a different entry. */
static void cache_key(const basis_cl_device *d, const char *name, uint64_t src_hash,
                      const char *options, char *buf, size_t size)
{
    const basis_cl_device_info *i = d->info;
    snprintf(buf, size, "basis %s|%s|%s|%s|%s|%s|%s|%s src %016llx|%s", BASIS_VERSION_STRING,
             i->platform_name, i->platform_version, i->name, i->vendor, i->version, i->driver,
             name, (unsigned long long)src_hash, options);
}

static void entry_path(const char *dir, const char *name, const char *key, char *buf,
                       size_t size)
{
    unsigned long long h = (unsigned long long)fnv1a(key, strlen(key), FNV_SEED);
    snprintf(buf, size, "%s/%s-%016llx.bin", dir, name, h);
}

void basis_cl_cache_path(basis_cl_device *d, const char *name, const char *options, char *buf,
                         size_t size)
{
    char dir[1024], key[2048];
    const char *src = find_source(name);
    buf[0] = '\0';
    if (!src || !basis_cache_dir("opencl", dir, sizeof dir))
        return;
    cache_key(d, name, fnv1a(src, strlen(src), FNV_SEED), options, key, sizeof key);
    entry_path(dir, name, key, buf, size);
}

/* ---- the cache file: magic, key length + key, binary length, binary hash, binary ------- */

static int read_u64(FILE *f, uint64_t *v)
{
    return fread(v, sizeof *v, 1, f) == 1;
}

/* The binary stored under key, or NULL (missing, or found invalid: *why says how). */
static unsigned char *cache_read(const char *path, const char *key, size_t *len,
                                 const char **why)
{
    *why = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char magic[8];
    uint64_t klen = 0, blen = 0, bhash = 0;
    unsigned char *bin = NULL;
    char *k = NULL;
    *why = "truncated or not a basis cache file";
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, CACHE_MAGIC, 8) || !read_u64(f, &klen) ||
        klen > 65536)
        goto bad;
    k = malloc(klen + 1);
    if (!k || fread(k, 1, klen, f) != klen)
        goto bad;
    k[klen] = '\0';
    if (strcmp(k, key)) {
        *why = "made for another device, driver, source or options";
        goto bad;
    }
    if (!read_u64(f, &blen) || !read_u64(f, &bhash) || blen == 0 || blen > MAX_BINARY)
        goto bad;
    bin = malloc(blen);
    if (!bin || fread(bin, 1, blen, f) != blen || fgetc(f) != EOF)
        goto bad;
    if (fnv1a(bin, blen, FNV_SEED) != bhash) {
        *why = "its checksum does not match (corrupt)";
        goto bad;
    }
    free(k);
    fclose(f);
    *len = blen;
    *why = NULL;
    return bin;
bad:
    free(k);
    free(bin);
    fclose(f);
    return NULL;
}

/* Written to a temporary file and renamed, so a reader never sees half an entry. */
static void cache_write(const char *dir, const char *path, const char *key,
                        const unsigned char *bin, size_t len)
{
    char tmp[1200];
    if (!basis_make_dirs(dir)) {
        basis_log("opencl: cache directory %s cannot be created; not cached", dir);
        return;
    }
    /* pid and a per-process counter: two threads storing the same entry (two identical
     * devices) never write one temporary file */
    static _Atomic unsigned long serial;
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld.%lu", path, (long)getpid(),
             (unsigned long)atomic_fetch_add(&serial, 1));
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        basis_log("opencl: cannot write %s; not cached", tmp);
        return;
    }
    uint64_t klen = strlen(key), blen = len, bhash = fnv1a(bin, len, FNV_SEED);
    int ok = fwrite(CACHE_MAGIC, 1, 8, f) == 8 && fwrite(&klen, 8, 1, f) == 1 &&
             fwrite(key, 1, klen, f) == klen && fwrite(&blen, 8, 1, f) == 1 &&
             fwrite(&bhash, 8, 1, f) == 1 && fwrite(bin, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        basis_log("opencl: writing the cache entry %s failed; not cached", path);
        return;
    }
    basis_cl_count(BASIS_CL_CACHE_WRITE);
}

/* The device binary of a built program, or NULL. */
static unsigned char *program_binary(cl_program p, size_t *len)
{
    size_t size = 0;
    if (clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof size, &size, NULL) != CL_SUCCESS ||
        size == 0)
        return NULL;
    unsigned char *bin = malloc(size);
    if (!bin)
        return NULL;
    unsigned char *bins[1] = {bin};
    if (clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof bins, bins, NULL) != CL_SUCCESS) {
        free(bin);
        return NULL;
    }
    *len = size;
    return bin;
}

static basis_status build_failed(const char *fn, basis_cl_device *d, cl_program p,
                                 const char *name, cl_int err, const char *options)
{
    char log[700] = "";
    size_t got = 0;
    if (p && clGetProgramBuildInfo(p, d->id, CL_PROGRAM_BUILD_LOG, sizeof log - 1, log, &got) !=
                 CL_SUCCESS) {
        /* a log longer than the buffer: fetch it whole and keep the start */
        size_t full = 0;
        clGetProgramBuildInfo(p, d->id, CL_PROGRAM_BUILD_LOG, 0, NULL, &full);
        char *all = full ? malloc(full + 1) : NULL;
        if (all && clGetProgramBuildInfo(p, d->id, CL_PROGRAM_BUILD_LOG, full, all, NULL) ==
                       CL_SUCCESS) {
            all[full] = '\0';
            snprintf(log, sizeof log, "%s", all);
        }
        free(all);
    }
    log[sizeof log - 1] = '\0';
    for (char *c = log; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    return basis_fail(BASIS_ERR_DEVICE, "%s: the OpenCL program %s did not build on %s (%s, "
                      "options %s); build log: %s", fn, name, d->info->name,
                      basis_cl_error_name(err), options, log[0] ? log : "(empty)");
}

static basis_status build_source(const char *fn, basis_cl_device *d, const char *name,
                                 const char *src, const char *options, cl_program *out)
{
    cl_int err;
    double t0 = basis_now();
    cl_program p = clCreateProgramWithSource(d->context, 1, &src, NULL, &err);
    if (!p || err != CL_SUCCESS)
        return basis_fail(BASIS_ERR_DEVICE, "%s: clCreateProgramWithSource(%s) failed: %s", fn,
                          name, basis_cl_error_name(err));
    err = clBuildProgram(p, 1, &d->id, options, NULL, NULL);
    if (err != CL_SUCCESS) {
        basis_status s = build_failed(fn, d, p, name, err, options);
        clReleaseProgram(p);
        return s;
    }
    basis_cl_count(BASIS_CL_SOURCE_BUILD);
    basis_log("opencl: built %s from source for %s in %.2f s (%s)", name, d->info->name,
              basis_now() - t0, options);
    *out = p;
    return BASIS_OK;
}

/* A program from a validated cache entry; 0 when the binary is refused (stale). */
static int build_binary(basis_cl_device *d, const unsigned char *bin, size_t len,
                        const char *options, cl_program *out)
{
    cl_int err, status = CL_SUCCESS;
    cl_program p = clCreateProgramWithBinary(d->context, 1, &d->id, &len, &bin, &status, &err);
    if (!p || err != CL_SUCCESS || status != CL_SUCCESS) {
        if (p)
            clReleaseProgram(p);
        return 0;
    }
    if (clBuildProgram(p, 1, &d->id, options, NULL, NULL) != CL_SUCCESS) {
        clReleaseProgram(p);
        return 0;
    }
    *out = p;
    return 1;
}

basis_status basis_cl_program(const char *fn, basis_cl_device *d, const char *name,
                              const char *options, cl_program *out)
{
    const char *src = find_source(name);
    if (!src)
        return basis_fail(BASIS_ERR_DEVICE, "%s: no embedded OpenCL source named %s", fn,
                          name);
    uint64_t hash = fnv1a(src, strlen(src), FNV_SEED);
    for (basis_cl_program_entry *e = d->programs; e; e = e->next)
        if (e->source_hash == hash && !strcmp(e->name, name) && !strcmp(e->options, options)) {
            *out = e->program;
            return BASIS_OK;
        }

    basis_cl_program_entry *e = calloc(1, sizeof *e);
    if (e) {
        e->name = strdup(name);
        e->options = strdup(options);
    }
    if (!e || !e->name || !e->options) {
        if (e) {
            free(e->name);
            free(e->options);
        }
        free(e);
        return basis_fail(BASIS_ERR_NO_MEMORY, "%s: out of memory for an OpenCL program", fn);
    }
    char dir[1024], key[2048], path[1200] = "";
    cache_key(d, name, hash, options, key, sizeof key);
    int cached = basis_cache_dir("opencl", dir, sizeof dir);
    if (cached)
        entry_path(dir, name, key, path, sizeof path);

    cl_program p = NULL;
    if (cached) {
        size_t len = 0;
        const char *why = NULL;
        unsigned char *bin = cache_read(path, key, &len, &why);
        if (bin && build_binary(d, bin, len, options, &p)) {
            basis_cl_count(BASIS_CL_CACHE_HIT);
            basis_log("opencl: %s loaded from the cache %s", name, path);
        } else if (bin || why) {
            basis_cl_count(BASIS_CL_CACHE_REJECT);
            basis_log("opencl: cache entry %s rejected (%s); rebuilding", path,
                      why ? why : "the driver refused the binary");
        }
        free(bin);
    }
    if (!p) {
        basis_status s = build_source(fn, d, name, src, options, &p);
        if (s != BASIS_OK) {
            free(e->name);
            free(e->options);
            free(e);
            return s;
        }
        if (cached) {
            size_t len = 0;
            unsigned char *bin = program_binary(p, &len);
            if (bin)
                cache_write(dir, path, key, bin, len);
            free(bin);
        }
    }
    e->source_hash = hash;
    e->program = p;
    e->next = d->programs;
    d->programs = e;
    *out = p;
    return BASIS_OK;
}

void basis_cl_programs_free(basis_cl_device *d)
{
    basis_cl_program_entry *e = d->programs;
    while (e) {
        basis_cl_program_entry *next = e->next;
        clReleaseProgram(e->program);
        free(e->name);
        free(e->options);
        free(e);
        e = next;
    }
    d->programs = NULL;
}
