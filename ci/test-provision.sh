#!/bin/sh
# SPDX-License-Identifier: MIT
# provision's package choice, from states made up on purpose (CTest
# repo.provision): PATH holds only the shell tools the choice itself uses
# and PSOCK_PROVISION_ROOT an empty file tree -- a machine with nothing
# installed -- then clang alone, then clang with its runtimes. Each time the
# list must be exactly the one apt-get is to install.
#
#   sh ci/test-provision.sh
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/root"
for tool in sed head ls tr awk cat; do
  ln -s "$(command -v "$tool")" "$work/bin/$tool"
done
failures=0

choice() {
  # A fresh shell each time: provision.sh as ./psock sources it.
  env -i PATH="$work/bin" PSOCK_PROVISION_ROOT="$work/root" TOP="$top" \
    "$(command -v sh)" -c '. "$TOP/platforms/provision.sh"; missing_packages "$@"' sh "$@"
}

expect() {
  what=$1 want=$2
  shift 2
  got=$(choice "$@")
  if [ "$got" = "$want" ]; then
    echo "ok: $what: $* ->$got"
  else
    echo "FAIL: $what: $*"
    echo "  want:$want"
    echo "  got: $got"
    failures=$((failures + 1))
  fi
}

base=" cmake gcc libc6-dev"
tail=" iproute2 pkg-config python3-pytest python3-jsonschema python3-jinja2 locales libc-l10n"

# Nothing installed.
expect "nothing installed" "$base clang libclang-rt-dev$tail" linux-asan
expect "nothing installed" "$base clang libclang-rt-dev$tail" linux-tsan
expect "nothing installed" "$base clang$tail" linux-clang
expect "nothing installed, each package once" "$base clang libclang-rt-dev$tail" linux-clang linux-asan
expect "nothing installed, every platform" \
  "$base nodejs npm python3-jinja2 chromium clang-format python3-yaml clang mingw-w64 musl-tools php-cli perl wine wine64 valgrind libclang-rt-dev iproute2 pkg-config python3-pytest python3-jsonschema locales libc-l10n" \
  linux-gcc linux-clang linux-musl windows-wine linux-memcheck linux-asan linux-tsan

# clang 14 installed (as `apt-get install --no-install-recommends clang`
# leaves it): its own version's runtime.
cat >"$work/bin/clang" <<'STUB'
#!/bin/sh
echo "Debian clang version 14.0.6"
STUB
chmod +x "$work/bin/clang"
expect "clang 14 without its runtime" "$base libclang-rt-14-dev$tail" linux-asan

# clang 14 and its runtimes installed: nothing for the sanitizers.
rt="$work/root/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux"
mkdir -p "$rt"
: >"$rt/libclang_rt.fuzzer-x86_64.a"
: >"$rt/libclang_rt.tsan-x86_64.a"
expect "clang 14 with its runtime" "$base$tail" linux-asan linux-tsan

echo "provision: $failures failures"
[ "$failures" = 0 ]
