#!/usr/bin/env bash
# test_sanitize.sh: builds basis with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan and runs the ctest suite under it.
# Usage: tools/test_sanitize.sh [ctest args...]; BASIS_ASAN_DIR overrides the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BASIS_ASAN_DIR:-build-asan}"

werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
# RelWithDebInfo: the optimized code paths users run, with line numbers in reports.
# The benchmarks are left out (timing, not correctness); every test is built.
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBASIS_SANITIZE=address,undefined \
  -DBASIS_BUILD_BENCH=OFF -DBASIS_WERROR="${BASIS_WERROR:-$werror}" >/dev/null
cmake --build "$dir" -j"$(nproc)"

supp="$PWD/tests/sanitize"
# LeakSanitizer runs at the exit of every test and any leak fails it. It stops the process's
# threads with ptrace; where that is forbidden (a container without CAP_SYS_PTRACE, a
# seccomp profile, yama ptrace_scope 3) it dies with "LeakSanitizer has encountered a fatal
# error" instead. Probe once: without it, the run goes on with leaks off and says so
# (tests/test_fault_alloc.c still counts the library's own blocks). docs/robustness.md.
leaks=1
probe=$(ASAN_OPTIONS=detect_leaks=1 "$dir/tests/fuzz/replay_env" 2>&1 || true)
if grep -q "LeakSanitizer has encountered a fatal error\|does not work under ptrace" <<<"$probe"; then
  echo "test_sanitize: LeakSanitizer cannot run here (no ptrace); leak detection OFF" >&2
  leaks=0
fi
# use_sigaltstack=0: PoCL compiles OpenCL kernels with LLVM, which installs a malloc'd
# alternate signal stack on the calling thread; ASan's thread teardown then tries to munmap
# it as its own and dies with "failed to deallocate ... unable to unmap" (google/sanitizers
# #1152, fixed upstream in compiler-rt only in 2026). Third-party, so the runtime's own
# alternate stack is turned off rather than anything suppressed in basis.
export ASAN_OPTIONS="use_sigaltstack=0:detect_leaks=$leaks:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:suppressions=$supp/asan.supp"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
# Left out: check_peak measures the machine's peak FLOP rate (a timing loop, no memory logic
# worth the instrumented minutes); install_consumer, install_examples and client/* build or
# start outside programs (cc, gfortran, python) without sanitizers, which cannot load an
# instrumented libbasis (the ASan runtime must be the first library of the process).
skip='check_peak|install_consumer|install_examples|client/.*'
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)" -E "^($skip|.*opencl.*)$" "$@"
# The OpenCL tests run with leak detection off: LeakSanitizer's tracer, stopping PoCL's
# worker threads at exit, crashed once in CI ("Tracer caught signal 11 ... LeakSanitizer has
# encountered a fatal error") after the test had passed. That is the third-party runtime
# against LSan's ptrace tracer, not a leak. ASan and UBSan stay on for those tests, and the
# CPU tests above keep leak detection on for the code they share.
ASAN_OPTIONS="${ASAN_OPTIONS/detect_leaks=1/detect_leaks=0}" \
  ctest --test-dir "$dir" --output-on-failure -j"$(nproc)" -R '.*opencl.*' -E "^($skip)$" "$@"
