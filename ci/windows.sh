#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Windows jobs, on real Winsock: msvc (the windows-msvc preset, from a
# bash with the MSVC environment found by CMake) or mingw (windows-mingw,
# inside MSYS2's MINGW64 shell).
set -euo pipefail
cd "$(dirname "$0")/.."
toolchain=${1:?usage: ci/windows.sh msvc|mingw}
python -m pip install --quiet -r ci/requirements.txt
case "$toolchain" in
  msvc) preset=windows-msvc ;;
  mingw) preset=windows-mingw ;;
  *) echo "ci: unknown toolchain $toolchain" >&2; exit 2 ;;
esac
status=0
cmake --workflow --preset "$preset" || status=$?
ci/collect-results.sh || status=1
ci/php-ran.sh || status=1
exit "$status"
