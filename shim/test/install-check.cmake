# SPDX-License-Identifier: MIT
# Install the build into a scratch prefix, then build and run the consumer
# project against it through find_package(psock) (static and shared) and
# through pkg-config's psock.pc.
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DC_COMPILER=...
#         [-DCONFIG=...] [-DMSVC=ON] [-DTOOLCHAIN=...] [-DEMULATOR=...]
#         -P install-check.cmake
# CONFIG is the build's configuration: a multi-config generator (MSVC's
# Visual Studio) installs nothing without it. A consumer finds the shared
# library through an rpath (dyld ignores LD_LIBRARY_PATH for programs
# started this way on macOS), or on Windows beside it.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

string(REPLACE "|" ";" EMULATOR "${EMULATOR}")
set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
set(config_args "")
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} ${config_args})
foreach(f include/psock.h include/psock_version.h include/psock_constants.h)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB_RECURSE pcs ${prefix}/*/psock.pc)
file(GLOB_RECURSE configs ${prefix}/*/psockConfig.cmake)
if(NOT pcs OR NOT configs)
  message(FATAL_ERROR "psock.pc or psockConfig.cmake not installed")
endif()

# CMAKE_PREFIX_PATH, as a user would pass it; psock_DIR as well, because a
# cross toolchain re-roots package searches into its sysroot.
get_filename_component(config_dir ${configs} DIRECTORY)
set(args -S ${SOURCE_DIR}/shim/test/consumer -B ${WORK_DIR}/consumer
         -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER})
if(CONFIG)
  list(APPEND args -DCMAKE_BUILD_TYPE=${CONFIG})
endif()
if(TOOLCHAIN)
  list(APPEND args -Dpsock_DIR=${config_dir})
endif()
if(TOOLCHAIN)
  list(APPEND args -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN})
endif()
run(${CMAKE_COMMAND} ${args})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer ${config_args})
# Windows (native, or under an emulator) finds a DLL beside the program.
file(GLOB dlls ${prefix}/bin/*.dll)
foreach(exe consumer_static consumer_shared)
  # Multi-config generators put programs in a folder per configuration.
  file(GLOB_RECURSE exe_path ${WORK_DIR}/consumer/${exe} ${WORK_DIR}/consumer/${exe}.exe)
  if(NOT exe_path)
    message(FATAL_ERROR "${exe} not built in ${WORK_DIR}/consumer")
  endif()
  list(GET exe_path 0 exe_path)
  if(exe STREQUAL "consumer_shared" AND dlls)
    get_filename_component(exe_dir ${exe_path} DIRECTORY)
    file(COPY ${dlls} DESTINATION ${exe_dir})
  endif()
  run(${EMULATOR} ${exe_path})
  if(NOT last_output MATCHES "installed")
    message(FATAL_ERROR "${exe} printed: ${last_output}")
  endif()
  message(STATUS "${exe}: ${last_output}")
endforeach()

# pkg-config, where there is one, the build is native and the compiler
# takes Unix options (not MSVC's cl; Windows runners have Strawberry Perl's
# pkg-config on PATH).
find_program(PKG_CONFIG pkg-config)
if(PKG_CONFIG AND NOT EMULATOR AND MSVC)
  message(STATUS "pkg-config consumer: not with MSVC's cl (psock.pc is installed)")
elseif(PKG_CONFIG AND NOT EMULATOR)
  get_filename_component(pcdir ${pcs} DIRECTORY)
  get_filename_component(libdir ${pcdir} DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} ${pcdir})
  run(${PKG_CONFIG} --cflags --libs --static psock)
  string(STRIP "${last_output}" flags)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  # -lpsock finds the shared library first; it lives outside the loader's
  # search path, as it would for a user of a private prefix: an rpath
  # (Linux, macOS), or the DLL beside the program (Windows).
  if(CMAKE_HOST_WIN32)
    set(rpath "")
    if(dlls)
      file(COPY ${dlls} DESTINATION ${WORK_DIR})
    endif()
  else()
    set(rpath -Wl,-rpath,${libdir})
  endif()
  run(${C_COMPILER} -std=c11 ${SOURCE_DIR}/shim/test/consumer/main.c ${flags}
      ${rpath} -o ${WORK_DIR}/consumer_pc)
  run(${WORK_DIR}/consumer_pc)
  message(STATUS "pkg-config consumer: ${last_output}")
endif()

# A multiarch library directory (Debian's lib/x86_64-linux-gnu): a second,
# library-only build installed there, used through pkg-config and
# find_package. The .pc file must find its prefix three levels up.
# CMake searches lib/<arch>/ only for a compiler that reports a library
# architecture (Debian's gcc and clang do; musl-gcc does not).
if(PKG_CONFIG AND NOT EMULATOR AND NOT MSVC AND NOT LIBRARY_ARCH)
  message(STATUS "multiarch: this compiler reports no library architecture; not checked here")
endif()
if(PKG_CONFIG AND NOT EMULATOR AND NOT MSVC AND LIBRARY_ARCH)
  set(multi ${WORK_DIR}/multiarch)
  set(libdir_multi lib/${LIBRARY_ARCH})
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${multi}/build -DBUILD_TESTING=OFF
      -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_INSTALL_LIBDIR=${libdir_multi})
  run(${CMAKE_COMMAND} --build ${multi}/build)
  run(${CMAKE_COMMAND} --install ${multi}/build --prefix ${multi}/prefix)
  if(NOT EXISTS ${multi}/prefix/${libdir_multi}/pkgconfig/psock.pc)
    message(FATAL_ERROR "psock.pc not in ${libdir_multi}/pkgconfig")
  endif()
  set(ENV{PKG_CONFIG_PATH} ${multi}/prefix/${libdir_multi}/pkgconfig)
  run(${PKG_CONFIG} --variable=includedir psock)
  string(STRIP "${last_output}" inc)
  get_filename_component(inc "${inc}" REALPATH)
  if(NOT inc STREQUAL "${multi}/prefix/include")
    message(FATAL_ERROR "multiarch psock.pc: includedir is ${inc}")
  endif()
  run(${PKG_CONFIG} --cflags --libs --static psock)
  string(STRIP "${last_output}" flags)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  run(${C_COMPILER} -std=c11 ${SOURCE_DIR}/shim/test/consumer/main.c ${flags}
      -Wl,-rpath,${multi}/prefix/${libdir_multi} -o ${multi}/consumer_pc)
  run(${multi}/consumer_pc)
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/shim/test/consumer -B ${multi}/consumer
      -DCMAKE_PREFIX_PATH=${multi}/prefix -DCMAKE_C_COMPILER=${C_COMPILER})
  run(${CMAKE_COMMAND} --build ${multi}/consumer)
  run(${multi}/consumer/consumer_static)
  message(STATUS "multiarch (${libdir_multi}): pkg-config and find_package consumers ran")
endif()
