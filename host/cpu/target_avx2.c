/* target_avx2.c: the slots the avx2 target overrides in its copy of the reference table. */
#include "cpu/cpu.h"
#include "x86_avx2/avx2.h"

void basis_target_avx2_override(basis_kernels *k)
{
    (void)k;
}
