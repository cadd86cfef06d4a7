#!/usr/bin/env bash
# test.sh: runs every test; each op test once per backend (ref, avx2, avx512, neon, opencl forced in turn).
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
# CI also runs the suite under AddressSanitizer + UBSan, the threaded tests under
# ThreadSanitizer, and each fuzz target for 20 s (docs/robustness.md); locally:
# bash tools/test_sanitize.sh, bash tools/test_tsan.sh, bash tools/fuzz.sh.
if [ "${CI:-}" = "true" ]; then
  bash tools/test_sanitize.sh
  bash tools/test_tsan.sh
  bash tools/fuzz.sh
fi
# Elsewhere than on aarch64, the NEON target too: cross-built and run under qemu-user.
if [ "$(uname -m)" != aarch64 ]; then
  if [ "${CI:-}" = "true" ] || command -v aarch64-linux-gnu-gcc >/dev/null; then
    bash tools/test_neon.sh "$@"
  else
    echo "test: NEON under qemu skipped: no aarch64-linux-gnu-gcc (tools/setup.sh installs it)"
  fi
fi
