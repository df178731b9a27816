# SPDX-License-Identifier: MIT
# Linux, glibc, GCC.
set(CMAKE_C_COMPILER gcc)
