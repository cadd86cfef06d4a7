/* cblas.h: the standard CBLAS header name, installed as include/basis/cblas.h, so programs written against cblas.h build against basis unchanged; the declarations are basis_cblas.h's. */
#ifndef BASIS_COMPAT_CBLAS_H
#define BASIS_COMPAT_CBLAS_H

#include "basis_cblas.h"

#endif /* BASIS_COMPAT_CBLAS_H */
