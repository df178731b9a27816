#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The report job: every job's result files (ci-results/results-*/) in one
# report. Runs nothing itself: --combine with no platform named.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=()
for d in ci-results/*/; do dirs+=("$d"); done
[ "${#dirs[@]}" -gt 0 ] || { echo "ci: no results to combine" >&2; exit 1; }
./psock report --combine "${dirs[@]}"
