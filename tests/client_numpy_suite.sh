#!/usr/bin/env bash
# client_numpy_suite.sh: numpy's own numpy.linalg test suite (Debian python3-numpy, with python3-pytest and python3-hypothesis) passes with basis preloaded.
# usage: tests/client_numpy_suite.sh LIB.so (libbasis.so or libbasis_blas.so)
set -uo pipefail
lib=$1
py=""
for p in ${BASIS_PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c "import numpy, pytest, hypothesis" 2>/dev/null; then py=$p; break; fi
done
if [ -z "$py" ]; then
  echo "client_numpy_suite: skipped, no python3 with numpy, pytest and hypothesis (Debian: apt-get install python3-numpy python3-pytest python3-hypothesis)"
  exit 77
fi
tests=$("$py" -c "import numpy.linalg, os; print(os.path.join(os.path.dirname(numpy.linalg.__file__), 'tests'))")
if [ ! -d "$tests" ]; then
  echo "client_numpy_suite: skipped, this numpy has no numpy/linalg/tests"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
LD_PRELOAD="$lib" "$py" -m pytest -q -p no:cacheprovider "$tests" 2>&1 | tail -3
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] && echo "client_numpy_suite: numpy.linalg's tests passed under LD_PRELOAD=$(basename "$lib")"
exit "$status"
