#!/usr/bin/env bash
# check_shim_exports.sh: libbasis_blas.so exports every name of shim/names_*.txt (basis's own or a forwarder), each once.
set -euo pipefail
lib=$1
names=$2
nm=${3:-nm}
command -v "$nm" >/dev/null || { echo "check_shim_exports: skipped, no $nm (Debian: binutils)"; exit 77; }
exported=$("$nm" -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | LC_ALL=C sort)
want=$(cat "$names"/names_blas.txt "$names"/names_cblas.txt "$names"/names_lapack.txt \
         "$names"/names_basis.txt | grep -E '^[a-z0-9_]+$' | LC_ALL=C sort -u)
missing=$(LC_ALL=C comm -23 <(echo "$want") <(echo "$exported") | head -20)
dups=$(echo "$exported" | uniq -d | head -5)
if [ -n "$missing" ] || [ -n "$dups" ]; then
  echo "check_shim_exports: FAIL: not exported: ${missing:-none}; exported twice: ${dups:-none}"
  exit 1
fi
echo "check_shim_exports: $(echo "$want" | wc -l) names exported, passed"
