#!/usr/bin/env bash
# test.sh: runs every test; each op test once per backend (ref, avx2, avx512, neon, opencl forced in turn).
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
