#!/usr/bin/env bash
# install_consumer.sh: installs the build into a scratch prefix and builds outside programs against it.
set -euo pipefail
build=$1
src=$(cd "$(dirname "$0")" && pwd)/consumer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
libdir=$(ls -d "$work"/prefix/lib*/pkgconfig | head -1)
export PKG_CONFIG_PATH=$libdir
# 1. pkg-config, shared library.
cc -std=c11 -o "$work/pc" "$src/main.c" $(pkg-config --cflags --libs basis) -lm \
   -Wl,-rpath,"$(pkg-config --variable=libdir basis)"
"$work/pc"
# 2. pkg-config --static: the archive (-l:libbasis.a) and its private dependencies.
static_libs=$(pkg-config --static --libs basis)
cc -std=c11 -o "$work/pc_static" "$src/main.c" $(pkg-config --cflags basis) \
   ${static_libs/-lbasis/-l:libbasis.a}
"$work/pc_static"
# 3. CMake find_package(basis).
cmake -S "$src" -B "$work/cm" -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_RPATH="$work/prefix/lib" >/dev/null
cmake --build "$work/cm" >/dev/null
"$work/cm/consumer"
# 4. The installed program runs.
"$work/prefix/bin/basis" info >/dev/null
echo "install_consumer: 4 passed, 0 failed"
