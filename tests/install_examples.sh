#!/usr/bin/env bash
# install_examples.sh: installs the build into a scratch prefix and builds examples/ against it as an outside user would: the cblas.h/lapacke.h program with pkg-config (make), the CMake consumer with find_package(basis).
# usage: tests/install_examples.sh BUILD_DIR
set -euo pipefail
build=$1
examples=$(cd "$(dirname "$0")/../examples" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
export PKG_CONFIG_PATH=$(ls -d "$work"/prefix/lib*/pkgconfig | head -1)
# 1. The standard-header program, its Makefile unchanged, in a copy of the folder.
cp -r "$examples/cblas_lapacke" "$work/fit"
make -s -C "$work/fit" fit
"$work/fit/fit"
# 2. The CMake consumer.
cmake -S "$examples/cmake_consumer" -B "$work/cm" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cm" >/dev/null
"$work/cm/lu_solve"
echo "install_examples: 2 passed, 0 failed"
