#!/usr/bin/env bash
# main.sh: the main job: what basis finds here, every op verified on every usable backend, GEMM side by side with the peers.
set -euo pipefail
cd "$(dirname "$0")/.."
build/tools/basis info
echo
build/tools/basis smoke
echo
# Side by side with OpenBLAS and BLIS (one child process per peer setting), quick sizes;
# the full run is `python3 tools/bench_gemm.py` (docs/performance.md).
python3 tools/bench_gemm.py --quick --bench build/bench/basis-bench
