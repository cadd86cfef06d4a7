/* avx2.h: declarations of the AVX2 kernels (signatures and contracts are in ukernel.h). */
#ifndef BASIS_KERNELS_AVX2_H
#define BASIS_KERNELS_AVX2_H

#include "ukernel.h"

#endif /* BASIS_KERNELS_AVX2_H */
