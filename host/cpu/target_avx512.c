/* target_avx512.c: the slots the avx512 target overrides in its copy of the reference table. */
#include "cpu/cpu.h"
#include "x86_avx512/avx512.h"

void basis_target_avx512_override(basis_kernels *k)
{
    (void)k;
}
