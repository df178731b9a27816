#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copy every preset's conformance results into ci-results/, named by preset
# (two presets of one platform write files of the same name).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p ci-results
found=0
for f in build/*/conformance/results/*.jsonl; do
  [ -e "$f" ] || continue
  preset=$(basename "$(dirname "$(dirname "$(dirname "$f")")")")
  # The sanitizer and valgrind builds run psock's suite again on the same
  # platform and compiler: the report would take one of them for that column.
  case "$preset" in linux-asan|linux-tsan|linux-memcheck) continue ;; esac
  cp "$f" "ci-results/$preset-$(basename "$f")"
  found=$((found + 1))
done
echo "ci: $found result files in ci-results/"
[ "$found" -gt 0 ]
