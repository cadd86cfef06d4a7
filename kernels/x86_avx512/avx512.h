/* avx512.h: declarations of the AVX512 kernels (signatures and contracts are in ukernel.h). */
#ifndef BASIS_KERNELS_AVX512_H
#define BASIS_KERNELS_AVX512_H

#include "ukernel.h"

#endif /* BASIS_KERNELS_AVX512_H */
