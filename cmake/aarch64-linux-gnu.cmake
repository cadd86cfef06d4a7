# aarch64-linux-gnu.cmake: toolchain file for cross-building basis for 64-bit Arm Linux with
# Debian's gcc-aarch64-linux-gnu, tests run under qemu-user (tools/test_neon.sh).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# GCC 12.2 for aarch64 (Debian 12) stops with an internal compiler error in
# vect_transform_reduction when it vectorizes an fmax/fmin reduction over widened values,
# e.g. `double m; m = fmax(m, fabs((double)float_array[i]));` at -O3. As plain calls those
# loops are not vectorized and compile; every other loop is vectorized as usual.
set(CMAKE_C_FLAGS_INIT "-fno-builtin-fmax -fno-builtin-fmin")

# Look for libraries and headers only in the target's tree, programs only on the host.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest (and try_run) start the aarch64 programs through qemu-user, with the target's
# loader and libraries from the cross sysroot.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;/usr/aarch64-linux-gnu)
