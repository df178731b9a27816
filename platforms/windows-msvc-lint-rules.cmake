# SPDX-License-Identifier: MIT
# windows-msvc-lint: link nothing (platforms/windows-msvc-lint.cmake).
set(CMAKE_C_LINK_EXECUTABLE "<CMAKE_COMMAND> -E touch <TARGET>")
set(CMAKE_C_CREATE_SHARED_LIBRARY "<CMAKE_COMMAND> -E touch <TARGET>")
