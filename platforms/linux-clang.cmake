# SPDX-License-Identifier: MIT
# Linux, glibc, Clang.
set(CMAKE_C_COMPILER clang)
