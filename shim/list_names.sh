#!/usr/bin/env bash
# list_names.sh: rewrites names_blas.txt, names_cblas.txt and names_lapack.txt, the routines libbasis_blas.so exports, from a reference BLAS and LAPACK (Debian: libblas3, liblapack3).
# usage: shim/list_names.sh [REFERENCE_LIBBLAS.so.3 [REFERENCE_LIBLAPACK.so.3]]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
blas=${1:-/usr/lib/$multiarch/blas/libblas.so.3}
lapack=${2:-/usr/lib/$multiarch/lapack/liblapack.so.3}
for f in "$blas" "$lapack"; do
  [ -r "$f" ] || { echo "list_names.sh: $f not found (Debian: apt-get install libblas3 liblapack3)" >&2; exit 1; }
done
# Defined functions only; the *sub_ names are reference CBLAS's private Fortran helpers and
# __*_MOD_* are Fortran module procedures, neither part of the standard interface.
functions() { nm -D --defined-only "$1" | awk '$2 == "T" { print $3 }' | LC_ALL=C sort -u; }
write() {
  { echo "# $2 (read off $(basename "$3") by shim/list_names.sh; one name per line)"; cat; } > "$here/$1"
}
functions "$blas" | grep -E '^[a-z0-9_]+_$' | grep -v -E 'sub_$' | write names_blas.txt "Fortran BLAS" "$blas"
functions "$blas" | grep -E '^cblas_' | write names_cblas.txt "CBLAS" "$blas"
functions "$lapack" | grep -E '^[a-z0-9_]+_$' | grep -v -E '^(lsame|xerbla|xerbla_array)_$' |
  write names_lapack.txt "Fortran LAPACK" "$lapack"
wc -l "$here"/names_blas.txt "$here"/names_cblas.txt "$here"/names_lapack.txt
