# SPDX-License-Identifier: MIT
# Linux, musl libc, through Debian's musl-gcc wrapper (package musl-tools).
# The wrapper points GCC at musl's headers and start files; what it builds
# runs on this same Linux kernel.
set(CMAKE_C_COMPILER musl-gcc)
