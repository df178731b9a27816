#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The release.linux_packages test: build the Linux release packages as the
# release job does (ci/release.sh linux), check their SHA256SUMS, then use
# each as a user would, in a scratch prefix: the .deb unpacked with dpkg -x,
# the binary .tar.gz untarred, the outside project shim/test/consumer built
# against each through find_package (static and shared) and pkg-config and
# run; the source tarball built and installed on its own.
#
#   ci/check-release.sh WORK_DIR [C_COMPILER]
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
work=${1:?usage: ci/check-release.sh WORK_DIR [C_COMPILER]}
cc=${2:-cc}
rm -rf "$work"
mkdir -p "$work"
dist="$work/dist"
ci/release.sh linux "$dist" >"$work/release.log" 2>&1 || {
  tail -n 40 "$work/release.log"; echo "release: ci/release.sh linux failed" >&2; exit 1; }
version=$(sed -n 's/^project(psock VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
(cd "$dist" && sha256sum -c SHA256SUMS)
for f in "psock-$version.tar.gz" "psock-$version-Linux.tar.gz"; do
  [ -f "$dist/$f" ] || { echo "release: $f not built" >&2; exit 1; }
done
deb=$(ls "$dist"/psock_"$version"_*.deb)
info=$(dpkg-deb --field "$deb" Package Version)
[ "$info" = "Package: psock
Version: $version" ] || { echo "release: $deb is not psock $version: $info" >&2; exit 1; }

# Build and run the consumer against an installed prefix: find_package
# (static and shared) and pkg-config (shared, found through an rpath).
consume() {
  name=$1 prefix=$2
  echo "release: $name: consumer against $prefix"
  cmake -S "$top/shim/test/consumer" -B "$work/consumer-$name" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" -DCMAKE_FIND_PACKAGE_NO_SYSTEM_PACKAGE_REGISTRY=ON \
    >"$work/consumer-$name.log" 2>&1 || { cat "$work/consumer-$name.log"; exit 1; }
  grep -q "psock_DIR:PATH=$prefix/" "$work/consumer-$name/CMakeCache.txt" ||
    { echo "release: $name: find_package found another psock" >&2; exit 1; }
  cmake --build "$work/consumer-$name" >>"$work/consumer-$name.log" 2>&1 ||
    { cat "$work/consumer-$name.log"; exit 1; }
  for exe in consumer_static consumer_shared; do
    out=$("$work/consumer-$name/$exe")
    case "$out" in "psock $version installed") echo "release: $name: $exe: $out" ;;
      *) echo "release: $name: $exe printed: $out" >&2; exit 1 ;; esac
  done
  pc=$(find "$prefix" -name psock.pc)
  libdir=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable=libdir psock)
  # shellcheck disable=SC2046
  "$cc" -std=c11 "$top/shim/test/consumer/main.c" \
    $(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs psock) \
    -Wl,-rpath,"$libdir" -o "$work/consumer-$name/consumer_pc"
  out=$("$work/consumer-$name/consumer_pc")
  [ "$out" = "psock $version installed" ] || { echo "release: $name: pkg-config consumer printed: $out" >&2; exit 1; }
  echo "release: $name: pkg-config consumer: $out"
}

mkdir -p "$work/deb" "$work/tgz" "$work/src"
dpkg -x "$deb" "$work/deb"
consume deb "$work/deb/usr"
tar xzf "$dist/psock-$version-Linux.tar.gz" -C "$work/tgz"
consume tgz "$work/tgz/psock-$version-Linux"

# The source tarball builds and installs on its own (no git, no build/).
tar xzf "$dist/psock-$version.tar.gz" -C "$work/src"
src="$work/src/psock-$version"
[ ! -e "$src/build" ] && [ ! -e "$src/.git" ] || { echo "release: the source tarball holds build/ or .git" >&2; exit 1; }
cmake -S "$src" -B "$work/src-build" -DBUILD_TESTING=OFF -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_BUILD_TYPE=Release >"$work/src.log" 2>&1 &&
  cmake --build "$work/src-build" -j 2 >>"$work/src.log" 2>&1 &&
  cmake --install "$work/src-build" --prefix "$work/src-prefix" >>"$work/src.log" 2>&1 ||
  { cat "$work/src.log"; exit 1; }
consume source "$work/src-prefix"
echo "release: 3 packages built, checksummed, installed and used"
