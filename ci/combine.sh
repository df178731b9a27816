#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The report job: every job's result files in one report. Runs nothing
# itself: --combine with no platform named.
#
#   ci/combine.sh [--list] [DIR]     DIR: where download-artifact put them
#                                    (ci-results); --list: only print the
#                                    folders of result files found
#
# download-artifact (v4 and later) puts each matching artifact in its own
# folder (DIR/results-linux/...), except when a single artifact matches:
# then its files are directly in DIR. Every folder under DIR holding result
# files is a result set, whichever layout came. ci/check-workflow.py tries
# both layouts on a scratch tree. Two result sets for one column of the
# report (implementation, platform-architecture, compiler: two jobs that
# both ran CPython on one OS, say) fail the report and so this step:
# report.py names them and writes nothing.
set -euo pipefail
list=0
if [ "${1:-}" = --list ]; then list=1; shift; fi
dir=${1:-ci-results}
case "$dir" in /*) ;; *) dir="$(pwd)/$dir" ;; esac
cd "$(dirname "$0")/.."
dirs=()
if [ -d "$dir" ]; then
  while IFS= read -r d; do dirs+=("$d"); done < <(
    find "$dir" -type f -name '*.jsonl' -exec dirname {} \; | sort -u)
fi
[ "${#dirs[@]}" -gt 0 ] || { echo "ci: no result files (*.jsonl) under $dir" >&2; exit 1; }
if [ "$list" = 1 ]; then printf '%s\n' "${dirs[@]}"; exit 0; fi
echo "ci: combining ${#dirs[@]} result folders: ${dirs[*]}"
exec ./psock report --combine "${dirs[@]}"
