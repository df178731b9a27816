#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The macOS job: the harness's Python packages (pinned), then the
# macos-clang preset, which requires the conformance suite to run (psock,
# native and, with the setup-php step, PHP).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet -r ci/requirements.txt
# The runner's default soft limit (256 descriptors) is below what the load
# test holds open at once.
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)"
status=0
cmake --workflow --preset macos-clang || status=$?
ci/collect-results.sh || status=1
ci/php-ran.sh || status=1
exit "$status"
