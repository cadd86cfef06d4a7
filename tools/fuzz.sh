#!/usr/bin/env bash
# fuzz.sh: builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz and runs each for a fixed time; an input that fails is saved in tests/fuzz/regress/<target>/, which the fuzz_replay tests then replay.
# Usage: tools/fuzz.sh [target...]; BASIS_FUZZ_SECONDS (default 20) per target, BASIS_FUZZ_DIR the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${BASIS_FUZZ_SECONDS:-20}"
dir="${BASIS_FUZZ_DIR:-build-fuzz}"
if ! command -v clang >/dev/null; then
  echo "fuzz: clang not found (tools/setup.sh installs clang and libclang-rt-14-dev)" >&2
  exit 1
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
fi
# OpenMP off: Debian's clang has no libomp unless libomp-dev is installed, and a single
# thread keeps each run reproducible from its input alone.
CC=clang CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBASIS_FUZZ=ON \
  -DBASIS_WITH_OPENMP=OFF -DBASIS_BUILD_BENCH=OFF -DBASIS_WERROR=OFF >/dev/null
cmake --build "$dir" -j"$(nproc)" --target "${targets[@]}"

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=()
for t in "${targets[@]}"; do
  name="${t#fuzz_}"
  # The run's own corpus grows in the build folder; the seeds in the tree stay as committed.
  work="$dir/fuzz-corpus/$name"
  regress="tests/fuzz/regress/$name"
  mkdir -p "$work" "$regress"
  echo "fuzz: $t for ${seconds}s"
  # -max_len: inputs past 4 KiB add nothing the parsers have not seen; -timeout: a single
  # input taking 10 s is a finding (a hang), as is one using 2 GiB (-rss_limit_mb).
  if ! "$dir/tests/fuzz/$t" "$work" "tests/fuzz/corpus/$name" -max_total_time="$seconds" \
       -max_len=4096 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$regress/" \
       -print_final_stats=1 > "$dir/$t.log" 2>&1; then
    failed+=("$t")
    tail -40 "$dir/$t.log" >&2
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$dir/$t.log" | tr '\n' ' '
    echo
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}; the inputs are in tests/fuzz/regress/ (replayed by ctest -R fuzz_replay)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no finding"
