/* neon.h: declarations of the NEON kernels (signatures and contracts are in ukernel.h). */
#ifndef BASIS_KERNELS_NEON_H
#define BASIS_KERNELS_NEON_H

#include "ukernel.h"

#endif /* BASIS_KERNELS_NEON_H */
