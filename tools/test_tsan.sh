#!/usr/bin/env bash
# test_tsan.sh: builds basis with ThreadSanitizer and OpenMP off in build-tsan and runs the tests that start threads of their own (concurrency, fault injection, PageRank's thread sharing).
# Usage: tools/test_tsan.sh [ctest args...]; BASIS_TSAN_DIR overrides the build folder.
# OpenMP is off because libgomp is not built with TSan: its barriers and thread pool are
# invisible to it, so every GEMM team would be reported. With OpenMP off the library's own
# shared state (call_once first-use detection, the per-thread workspaces and errors, the
# contexts, the fault hook's atomics) is what TSan checks, from many pthreads at once.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BASIS_TSAN_DIR:-build-tsan}"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBASIS_SANITIZE=thread \
  -DBASIS_WITH_OPENMP=OFF -DBASIS_BUILD_BENCH=OFF -DBASIS_WERROR=OFF >/dev/null
cmake --build "$dir" -j"$(nproc)" --target test_concurrency test_fault_alloc check_pagerank_sched
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
ctest --test-dir "$dir" --output-on-failure -R "^(test_concurrency/|test_fault_alloc/|check_pagerank_sched$)" "$@"
