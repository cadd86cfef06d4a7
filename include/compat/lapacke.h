/* lapacke.h: the standard LAPACKE header name, installed as include/basis/lapacke.h, so programs written against lapacke.h build against basis unchanged; the declarations are basis_cblas.h's. */
#ifndef BASIS_COMPAT_LAPACKE_H
#define BASIS_COMPAT_LAPACKE_H

#include "basis_cblas.h"

#endif /* BASIS_COMPAT_LAPACKE_H */
