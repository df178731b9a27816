#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A Windows job of the C matrix, on real Winsock: msvc (the windows-msvc
# preset, from a bash with the MSVC environment found by CMake) or mingw
# (windows-mingw, inside MSYS2's MINGW64 shell) -- psock built, its unit
# tests, the psock and native suites, required to run. PHP and CPython run
# once per OS and architecture in their own light jobs
# (ci/implementation.sh), not again for each toolchain.
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
{ cmake --preset "$preset" -DPSOCK_CONFORMANCE_PHP=OFF -DPSOCK_CONFORMANCE_PYTHON=OFF &&
  cmake --build --preset "$preset" &&
  ctest --preset "$preset"; } || status=$?
ci/collect-results.sh || status=1
exit "$status"
