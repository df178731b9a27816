# SPDX-License-Identifier: MIT
# repo.windows_msvc_lint: what MSVC /W4 /WX stops on, seen from Linux. First
# the lint itself is shown able to fail (a probe calling getenv, strncpy and
# inet_addr and narrowing a size_t warns 4 times without MSVC's definitions,
# once with them); then every Windows translation unit of the project -- the
# library (static and DLL), the unit tests, the load test, the drivers, a
# mutant driver -- is compiled as CMake builds it for Windows, by clang for
# x86_64-w64-mingw32 (platforms/windows-msvc-lint.cmake). Any warning fails.
#   cmake -DROOT=... -DWORK=... -DMSVC_DEFINITIONS=a;b -P ci/windows-lint.cmake
include(${ROOT}/platforms/windows-msvc-lint.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(count_warnings text out)
  string(REGEX MATCHALL "warning: [^\n]*" found "${text}")
  list(LENGTH found n)
  set(${out} ${n} PARENT_SCOPE)
endfunction()

# The lint can fail: each thing MSVC would stop on, in a probe.
file(WRITE ${WORK}/probe.c [=[
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
int probe(char *dst, const char *src, size_t n) {
  int narrow = n; /* C4267 */
  strncpy(dst, src, 4); /* C4996 unless _CRT_SECURE_NO_WARNINGS */
  return narrow + (getenv("X") != NULL) + (int)inet_addr(src); /* C4996 */
}
]=])
set(defs "")
foreach(d ${MSVC_DEFINITIONS})
  list(APPEND defs -D${d})
endforeach()
foreach(variant "bare;4" "msvc;1")
  list(GET variant 0 name)
  list(GET variant 1 want)
  set(extra "")
  if(name STREQUAL "msvc")
    set(extra ${defs})
  endif()
  execute_process(COMMAND ${CMAKE_C_COMPILER} --target=${CMAKE_C_COMPILER_TARGET}
      -fsyntax-only ${PSOCK_LINT_FLAGS} ${extra} ${WORK}/probe.c
    RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
  count_warnings("${err}${out}" n)
  if(NOT rc EQUAL 0 OR NOT n EQUAL want)
    message(FATAL_ERROR "windows-msvc-lint: the probe (${name}) gave ${n} warnings, "
      "not ${want} (rc ${rc}):\n${err}${out}")
  endif()
  message(STATUS "windows-msvc-lint: probe (${name} definitions): ${n} warnings, as MSVC")
endforeach()

# Every Windows translation unit, as CMake builds them for Windows. One
# mutant driver stands for all (they differ by PSOCK_MUTANT only).
file(READ ${ROOT}/conformance/mutants.json mutants)
string(JSON mutant GET "${mutants}" 0 id)
execute_process(COMMAND ${CMAKE_COMMAND} -S ${ROOT} -B ${WORK}/build
    -DCMAKE_TOOLCHAIN_FILE=${ROOT}/platforms/windows-msvc-lint.cmake
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPSOCK_WERROR=OFF -DPSOCK_MUTANTS=ON
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "windows-msvc-lint: configure failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build -j 2 --target
    psock psock_shared psock_tests psock_load psock_driver_psock psock_driver_native
    psock_driver_mutant_${mutant}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCHALL "Building C object [^\n]*" units "${out}")
list(LENGTH units unit_count)
count_warnings("${out}${err}" n)
if(NOT rc EQUAL 0 OR n GREATER 0)
  message(FATAL_ERROR "windows-msvc-lint: ${n} warnings (build rc ${rc}):\n${out}\n${err}")
endif()
message(STATUS "windows-msvc-lint: ${unit_count} Windows translation units, ${n} warnings")
