#!/usr/bin/env bash
# client_fortran.sh: builds tests/client_fortran.f90 with gfortran against libbasis.so (and libbasis_blas.so), runs it, and checks with BASIS_VERBOSE=1 that DGEMM and DGESV ran on basis.
# usage: tests/client_fortran.sh LIBBASIS.so [LIBBASIS_BLAS.so]
set -uo pipefail
libs=("$1")
[ -n "${2:-}" ] && libs+=("$2")
here=$(cd "$(dirname "$0")" && pwd)
fc=${FC:-gfortran}
if ! command -v "$fc" >/dev/null; then
  echo "client_fortran: skipped, no Fortran compiler (Debian: apt-get install gfortran)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for lib in "${libs[@]}"; do
  name=$(basename "$lib")
  dir=$(cd "$(dirname "$lib")" && pwd)
  # Linked against basis alone (no -lblas): every BLAS/LAPACK name the program uses must
  # come from it.
  if ! "$fc" -O1 -o "$work/client" "$here/client_fortran.f90" "$lib" -Wl,-rpath,"$dir" \
       2>"$work/build.err"; then
    echo "client_fortran: FAIL: could not link against $name:"; cat "$work/build.err"; fail=1
    continue
  fi
  if ! BASIS_VERBOSE=1 "$work/client" >"$work/out" 2>"$work/err"; then
    echo "client_fortran: FAIL against $name:"; cat "$work/out" "$work/err" | tail -20; fail=1
    continue
  fi
  echo "client_fortran ($name): $(cat "$work/out")"
  for op in basis_dgemm basis_sgemm basis_dgesv; do
    if ! grep -q "$op:" "$work/err"; then
      echo "client_fortran: FAIL: against $name, no $op in the BASIS_VERBOSE log"; fail=1
    fi
  done
  if ! grep -q "DGESV  parameter number 4\|DGESV parameter number 4" "$work/err"; then
    echo "client_fortran: FAIL: against $name, the illegal LDA was not reported:"; tail -3 "$work/err"; fail=1
  fi
done
[ $fail -eq 0 ] && echo "client_fortran: passed"
exit $fail
