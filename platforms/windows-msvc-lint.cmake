# SPDX-License-Identifier: MIT
# The windows-msvc-lint build (ci/windows-lint.cmake, CTest
# repo.windows_msvc_lint): every Windows translation unit compiled by clang
# for the mingw-w64 target with mingw-w64's headers, with what MSVC /W4 /WX
# would stop on made visible -- the CRT and Winsock functions MSVC
# deprecates (C4996; ci/msvc-deprecations.h, force-included) and narrowing
# conversions (C4244, C4267: -Wconversion, -Wshorten-64-to-32). Sign
# conversions stay quiet, as in MSVC /W4 (C4365 is off by default there).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET x86_64-w64-mingw32)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Compiling is the point: nothing is linked (no lld or mingw linker needed).
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
# The platform files set the link rules after this file: the override
# file, read after them, replaces them with a touch.
set(CMAKE_USER_MAKE_RULES_OVERRIDE ${CMAKE_CURRENT_LIST_DIR}/windows-msvc-lint-rules.cmake)
get_filename_component(psock_lint_root ${CMAKE_CURRENT_LIST_DIR} DIRECTORY)
set(PSOCK_LINT_FLAGS -include ${psock_lint_root}/ci/msvc-deprecations.h
    -Wconversion -Wshorten-64-to-32 -Wno-sign-conversion)
string(REPLACE ";" " " CMAKE_C_FLAGS_INIT "${PSOCK_LINT_FLAGS}")
# MSVC's definitions (PSOCK_MSVC_DEFINITIONS), as the MSVC build passes them.
set(PSOCK_LINT_AS_MSVC ON CACHE BOOL "")
