/* detect.c: ISA feature detection, once; built with baseline flags only so nothing here can fault on an old CPU. */
#include <string.h>
#include <threads.h>

#include "cpu/cpu.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#elif defined(__aarch64__)
#include <sys/auxv.h>
#endif

static basis_cpu_features features;
static once_flag features_once = ONCE_FLAG_INIT;

#if defined(__x86_64__) || defined(_M_X64)
/* XGETBV through its encoding so that this file needs no -mxsave. */
static uint64_t read_xcr0(void)
{
    uint32_t lo, hi;
    __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static void trim_model(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
    size_t lead = strspn(s, " ");
    memmove(s, s + lead, n - lead + 1);
}

static void detect_x86(basis_cpu_features *f)
{
    unsigned a, b, c, d;
    f->x86_64 = 1;
    f->sse2 = 1; /* part of x86-64 */
    if (!__get_cpuid(0, &a, &b, &c, &d))
        return;
    unsigned max_leaf = a;
    memcpy(f->vendor, &b, 4);
    memcpy(f->vendor + 4, &d, 4);
    memcpy(f->vendor + 8, &c, 4);
    f->vendor[12] = '\0';

    __get_cpuid(1, &a, &b, &c, &d);
    int osxsave = (c >> 27) & 1;
    int avx = (c >> 28) & 1;
    int fma = (c >> 12) & 1;
    /* A feature is usable only if the OS saves its registers on a context switch. */
    if (osxsave) {
        uint64_t xcr0 = read_xcr0();
        f->os_ymm = (xcr0 & 0x6) == 0x6;
        f->os_zmm = (xcr0 & 0xe6) == 0xe6;
    }
    f->avx = avx && f->os_ymm;
    f->fma = fma && f->os_ymm;
    if (max_leaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        f->avx2 = ((b >> 5) & 1) && f->os_ymm;
        f->avx512f = ((b >> 16) & 1) && f->os_zmm;
        f->avx512dq = ((b >> 17) & 1) && f->os_zmm;
        f->avx512bw = ((b >> 30) & 1) && f->os_zmm;
        f->avx512vl = ((b >> 31) & 1) && f->os_zmm;
    }
    __get_cpuid(0x80000000, &a, &b, &c, &d);
    if (a >= 0x80000004) {
        unsigned regs[12];
        for (unsigned i = 0; i < 3; i++)
            __get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2],
                        &regs[4 * i + 3]);
        _Static_assert(sizeof f->model > sizeof regs, "model holds the 48-byte brand string");
        memcpy(f->model, regs, sizeof regs);
        f->model[sizeof regs] = '\0';
        trim_model(f->model);
    }
}
#endif

#if defined(__aarch64__)
static void detect_arm(basis_cpu_features *f)
{
    unsigned long hw = getauxval(AT_HWCAP);
    f->aarch64 = 1;
    /* HWCAP_ASIMD is bit 1 and HWCAP_ASIMDHP bit 10 in the aarch64 Linux ABI. */
    f->neon = (hw >> 1) & 1;
    f->asimd_fp16 = (hw >> 10) & 1;
    strcpy(f->vendor, "arm");
    strcpy(f->model, "aarch64");
}
#endif

static void detect(void)
{
    memset(&features, 0, sizeof features);
#if defined(__x86_64__) || defined(_M_X64)
    detect_x86(&features);
#elif defined(__aarch64__)
    detect_arm(&features);
#else
    strcpy(features.model, "unknown");
#endif
}

const basis_cpu_features *basis_cpu_features_get(void)
{
    call_once(&features_once, detect);
    return &features;
}
