#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Release packages with CPack, each set with its SHA256SUMS, into OUT
# (dist/): what the release jobs of .github/workflows/ci.yml attach to the
# run on a version tag, and what the release.linux_packages test builds
# and installs (ci/check-release.sh).
#
#   ci/release.sh linux   [OUT]   psock-V.tar.gz (source), psock-V-Linux.tar.gz,
#                                 psock_V_ARCH.deb
#   ci/release.sh macos   [OUT]   psock-V-macos-universal.tar.gz (arm64+x86_64)
#   ci/release.sh windows [OUT]   psock-V-windows-x64-msvc.zip (MSVC)
set -euo pipefail
cd "$(dirname "$0")/.."
os=${1:?usage: ci/release.sh linux|macos|windows [OUT]}
out=${2:-dist}
case "$out" in /*|[A-Za-z]:*) ;; *) out="$(pwd)/$out" ;; esac
version=$(sed -n 's/^project(psock VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
# A tag names the version it releases.
if [ "${GITHUB_REF_TYPE:-}" = tag ] && [ "${GITHUB_REF_NAME:-}" != "v$version" ]; then
  echo "ci: tag ${GITHUB_REF_NAME:-} does not name project(psock VERSION $version)" >&2
  exit 1
fi
build="build/release-$os"
# CMake's cpack, beside cmake: on Windows runners Chocolatey's cpack.exe (a
# NuGet packager) comes first on PATH.
cpack="$(dirname "$(command -v cmake)")/cpack"
rm -rf "$build" "$out"
mkdir -p "$out"
case "$os" in
  linux)
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
    cmake --build "$build" -j 2
    (cd "$build" && "$cpack" -G "TGZ;DEB" -B "$out" &&
       "$cpack" --config CPackSourceConfig.cmake -B "$out")
    ;;
  macos)
    # One universal static and dynamic library: both architectures in each.
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
      "-DCMAKE_OSX_ARCHITECTURES=arm64;x86_64"
    cmake --build "$build" -j 3
    for lib in "$build"/shim/libpsock.a "$build"/shim/libpsock.dylib; do
      archs=$(lipo -archs "$lib")
      case " $archs " in *" arm64 "*" x86_64 "*|*" x86_64 "*" arm64 "*) ;;
        *) echo "ci: $lib holds only: $archs" >&2; exit 1 ;; esac
      echo "ci: $lib: $archs"
    done
    (cd "$build" && "$cpack" -G TGZ -B "$out" -D CPACK_PACKAGE_FILE_NAME="psock-$version-macos-universal")
    ;;
  windows)
    # Visual Studio's generator, MSVC, x64; multi-config: Release named.
    cmake -S . -B "$build" -A x64 -DBUILD_TESTING=OFF
    cmake --build "$build" --config Release
    (cd "$build" && "$cpack" -G ZIP -C Release -B "$out" \
       -D CPACK_PACKAGE_FILE_NAME="psock-$version-windows-x64-msvc")
    ;;
  *) echo "ci: unknown release target $os (linux, macos, windows)" >&2; exit 2 ;;
esac
rm -rf "$out/_CPack_Packages"
cd "$out"
if command -v sha256sum >/dev/null 2>&1; then sum="sha256sum"; else sum="shasum -a 256"; fi
# shellcheck disable=SC2035
$sum -- *.tar.gz *.deb *.zip 2>/dev/null > SHA256SUMS || true
[ -s SHA256SUMS ] || { echo "ci: no packages in $out" >&2; exit 1; }
echo "ci: release packages in $out:"
cat SHA256SUMS
