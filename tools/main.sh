#!/usr/bin/env bash
# main.sh: the main job: what basis finds here, every op verified on every usable backend, then `basis compare`: every op on every backend, device and peer, a table and plots.
set -euo pipefail
cd "$(dirname "$0")/.."
build/tools/basis info
echo
build/tools/basis smoke
echo
# The comparison (about a minute; BASIS_COMPARE=full for the full sweep, about ten): every
# result verified, side by side with OpenBLAS and BLIS, one child process per setting.
out=build/compare
mkdir -p "$out"
mode=(--quick)
[ "${BASIS_COMPARE:-quick}" = full ] && mode=()
build/tools/basis compare "${mode[@]}" --out "$out" | tee "$out/table.md"
echo
echo "main: the table is in $out/table.md, the plots are $out/*.png, the data $out/report.json and $out/report.csv"
