#!/usr/bin/env bash
# client_numpy.sh: numpy (Debian python3-numpy) under LD_PRELOAD of libbasis.so and of libbasis_blas.so: `a @ b` and np.linalg.solve run on basis (BASIS_VERBOSE=1 shows it) and equal numpy's own results within rounding.
# usage: tests/client_numpy.sh LIBBASIS.so [LIBBASIS_BLAS.so]
set -uo pipefail
libs=("$1")
[ -n "${2:-}" ] && libs+=("$2")
here=$(cd "$(dirname "$0")" && pwd)
py=""
for p in ${BASIS_PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c "import numpy" 2>/dev/null; then py=$p; break; fi
done
if [ -z "$py" ]; then
  echo "client_numpy: skipped, no python3 with numpy (Debian: apt-get install python3-numpy)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# numpy's own run, on whatever BLAS the system gives it.
env -u LD_PRELOAD BASIS_VERBOSE=1 "$py" "$here/client_numpy.py" save "$work/own.npz" 2>"$work/own.err" ||
  { cat "$work/own.err"; exit 1; }
if grep -q "basis_" "$work/own.err"; then
  echo "client_numpy: FAIL: basis ran without LD_PRELOAD"; exit 1
fi
fail=0
for lib in "${libs[@]}"; do
  name=$(basename "$lib")
  if ! LD_PRELOAD="$lib" BASIS_VERBOSE=1 "$py" "$here/client_numpy.py" compare "$work/own.npz" \
       2>"$work/err" >"$work/out"; then
    echo "client_numpy: FAIL under LD_PRELOAD=$name:"; cat "$work/out" "$work/err" | tail -20; fail=1
    continue
  fi
  cat "$work/out"
  # a @ b -> cblas_dgemm / cblas_sgemm; solve -> dgesv_ (numpy's umath_linalg solves
  # float32 systems in double too).
  for op in basis_dgemm basis_sgemm basis_dgesv; do
    count=$(grep -c "$op:" "$work/err")
    if [ "$count" -eq 0 ]; then
      echo "client_numpy: FAIL: LD_PRELOAD=$name: no $op in the BASIS_VERBOSE log"; fail=1
    else
      echo "client_numpy: LD_PRELOAD=$name: $count calls of $op ($(grep -m1 "$op:" "$work/err"))"
    fi
  done
done
[ $fail -eq 0 ] && echo "client_numpy: passed"
exit $fail
