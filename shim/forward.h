/* forward.h: the forwarders' shared state: the name table (generated from names_*.txt), one slot per name, and the resolver the assembly entry points call on first use. */
#ifndef BASIS_SHIM_FORWARD_H
#define BASIS_SHIM_FORWARD_H

#include <stdint.h>

/* Which system library a name is looked up in first. */
enum { BASIS_FORWARD_BLAS = 0, BASIS_FORWARD_LAPACK = 1 };

extern const uint32_t basis_forward_count;
extern const char *const basis_forward_names[];
extern const unsigned char basis_forward_home[];
/* The resolved address of each forwarded routine, NULL until its first call. The entry
 * points (forward_<arch>.S) read these without a lock: a slot goes from NULL to its final
 * value once, by an atomic release store. */
extern void *basis_forward_slots[];

/* Called by an entry point whose slot is NULL, with every argument register saved: finds
 * routine index in the system libraries, fills its slot and returns it; if it cannot be
 * found, reports through xerbla_ and basis_last_error() and returns basis_forward_missing. */
void *basis_forward_resolve(uint32_t index);
/* Returns zero in the integer and floating-point return registers, reads nothing. */
void basis_forward_missing(void);

#endif /* BASIS_SHIM_FORWARD_H */
