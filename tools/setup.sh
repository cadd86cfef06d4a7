#!/usr/bin/env bash
# setup.sh: installs what is missing (Debian 12, as root), then configures and builds basis in build/.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config libhwloc-dev ocl-icd-opencl-dev opencl-headers
          pocl-opencl-icd clinfo libclblast-dev libbenchmark-dev zlib1g-dev python3 libopenblas-dev libblis-dev
          libpng-dev python3-numpy)
# Drop-in clients (tests/client_*.sh): numpy (python3-numpy above), a Fortran program, and
# the reference BLAS/LAPACK that libbasis_blas forwards to; numpy's linalg tests need pytest.
packages+=(gfortran libblas3 liblapack3 python3-pytest python3-hypothesis)
# basis compare draws its plots with Debian's matplotlib (docs/benchmarks.md says why).
packages+=(python3-matplotlib)
# Sanitizer and fuzzing runs (tools/test_sanitize.sh, tools/fuzz.sh): libFuzzer comes with clang.
packages+=(clang libclang-rt-14-dev)
# The PageRank peers of tools/bench_pagerank.py: igraph (PRPACK), GraphBLAS, scipy.
packages+=(libigraph-dev libgraphblas-dev python3-scipy)
# Off aarch64, the NEON target is cross-built and tested under qemu-user (tools/test_neon.sh).
if [ "$(uname -m)" != aarch64 ]; then
  packages+=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: need root to install packages (run as root or with sudo)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# CI builds with -Werror; a user's build only warns.
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBASIS_WERROR="${BASIS_WERROR:-$werror}" >/dev/null
cmake --build build -j"$(nproc)"
