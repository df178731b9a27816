# SPDX-License-Identifier: MIT
# repo.macos_headers: a proxy, on Linux, for the macOS build's headers.
# 1. Every POSIX target -- library, unit and load tests, drivers, bench --
#    gets exactly the feature macros the macOS build passes
#    (PSOCK_POSIX_DEFINITIONS with PSOCK_LINT_AS_MACOS: _POSIX_C_SOURCE and
#    _DARWIN_C_SOURCE); a target without _DARWIN_C_SOURCE has BSD names
#    hidden on macOS (u_int for <sys/sysctl.h>, mkdtemp, SOCK_RDM).
# 2. The drivers, tests and bench compile with those macros on musl, which
#    (unlike glibc) shows nothing beyond what the macros ask for, with
#    Linux's own branches off (-U__linux__: _GNU_SOURCE is defined only
#    there, as macOS ignores it): a non-POSIX name used outside a
#    platform's branch is an error here. 0 errors, 0 warnings.
# What it cannot see: the __APPLE__ branches and Apple's own headers.
#   cmake -DROOT=... -DWORK=... -DCC=musl-gcc -P ci/macos-headers.cmake
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${ROOT} -B ${WORK}
    -DCMAKE_C_COMPILER=${CC} -DPSOCK_LINT_AS_MACOS=ON -DPSOCK_WERROR=ON
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
    "-DCMAKE_C_FLAGS=-U__linux__ -U__linux -Ulinux -U__gnu_linux__"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "macos-headers: configure failed:\n${out}\n${err}")
endif()

set(targets psock psock_shared psock_tests psock_load psock_driver_psock
    psock_driver_native psock_bench)
set(missing "")
file(GLOB_RECURSE all_flags ${WORK}/flags.make)
foreach(t ${targets})
  set(flags "")
  foreach(f ${all_flags})
    if(f MATCHES "/CMakeFiles/${t}\\.dir/flags\\.make$")
      set(flags ${f})
    endif()
  endforeach()
  if(NOT flags)
    list(APPEND missing "${t} (not configured)")
    continue()
  endif()
  file(READ ${flags} text)
  foreach(macro -D_POSIX_C_SOURCE=200809L -D_DARWIN_C_SOURCE)
    string(FIND "${text}" "${macro}" at)
    if(at EQUAL -1)
      list(APPEND missing "${t} lacks ${macro}")
    endif()
  endforeach()
endforeach()
if(missing)
  message(FATAL_ERROR "macos-headers: not compiled with macOS's feature macros: ${missing}")
endif()
list(LENGTH targets n)
message(STATUS "macos-headers: ${n} targets compiled with _POSIX_C_SOURCE=200809L _DARWIN_C_SOURCE")

execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK} -j 2 --target ${targets}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCHALL "Building C object [^\n]*" units "${out}")
list(LENGTH units unit_count)
string(REGEX MATCHALL "(error|warning): [^\n]*" problems "${out}${err}")
list(LENGTH problems problem_count)
if(NOT rc EQUAL 0 OR problem_count GREATER 0)
  message(FATAL_ERROR "macos-headers: ${problem_count} errors and warnings:\n${out}\n${err}")
endif()
message(STATUS "macos-headers: ${unit_count} translation units on musl, strict: 0 errors")
