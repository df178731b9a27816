#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A macOS job of the C matrix (one per architecture): the harness's Python
# packages (pinned), then the macos-clang preset -- psock built, its unit
# tests, the psock and native suites, required to run. PHP, CPython and Perl run
# once per OS and architecture in their own light jobs
# (ci/implementation.sh), not again in every C job.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet -r ci/requirements.txt
# The runner's default soft limit (256 descriptors) is below what the load
# test holds open at once.
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)"
preset=macos-clang
status=0
{ cmake --preset "$preset" -DPSOCK_CONFORMANCE_PHP=OFF -DPSOCK_CONFORMANCE_PYTHON=OFF \
    -DPSOCK_CONFORMANCE_PERL=OFF &&
  cmake --build --preset "$preset" &&
  ctest --preset "$preset"; } || status=$?
ci/collect-results.sh || status=1
exit "$status"
