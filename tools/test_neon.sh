#!/usr/bin/env bash
# test_neon.sh: cross-builds basis for aarch64 into build-aarch64/ and runs the tests under qemu-user (neon and ref must pass).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-g++ qemu-aarch64; do
  if ! command -v "$tool" >/dev/null; then
    echo "test_neon: $tool not found (Debian: apt-get install gcc-aarch64-linux-gnu g++-aarch64-linux-gnu qemu-user)" >&2
    exit 1
  fi
done

# hwloc, OpenCL and zlib are not installed for arm64, and the benchmarks need Google
# Benchmark; the cross gcc ships arm64 libgomp, so OpenMP stays on.
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/aarch64-linux-gnu.cmake" \
      -DCMAKE_BUILD_TYPE=Release -DBASIS_WERROR="${BASIS_WERROR:-$werror}" \
      -DBASIS_WITH_HWLOC=OFF -DBASIS_WITH_OPENCL=OFF -DBASIS_WITH_ZLIB=OFF \
      -DBASIS_BUILD_BENCH=OFF >/dev/null
cmake --build build-aarch64 -j"$(nproc)"

# install_consumer builds outside programs with the host's cc and runs them: not a cross test.
ctest --test-dir build-aarch64 --output-on-failure -j"$(nproc)" -E '^install_consumer$' "$@"
