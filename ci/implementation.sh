#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A light job: one implementation that is not built here -- PHP's
# ext/sockets of one version (setup-php's php on PATH), CPython (the
# harness's own Python) or Perl's core Socket module (the runner's perl) --
# through the conformance suite, once per OS and
# architecture. The OS's preset is configured for that implementation
# alone and nothing is compiled: the suite drives php or python, no C
# program. The implementation must run the whole suite: a PHP that cannot
# start makes its ctest "not run" (a skip), which must not leave the job
# green.
#
#   ci/implementation.sh php VERSION | python | perl
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: ci/implementation.sh php VERSION | python | perl"
# The OS's preset (on Linux, where ci/linux.sh runs every implementation
# already, the same light run can be tried by hand).
case "$(uname -s)" in
  Darwin) preset=macos-clang; py=python3 ;;
  MINGW*|MSYS*|CYGWIN*) preset=windows-msvc; py=python ;;
  Linux) preset=linux-gcc; py=/usr/bin/python3 ;;
  *) echo "ci: no preset for $(uname -s)" >&2; exit 2 ;;
esac
# One interpreter: the one the caller names (PSOCK_PYTHON, as ./psock reads
# it), else the OS's usual one above (Debian's has the harness's packages).
py=${PSOCK_PYTHON:-$py}
case "${1:-}" in
  php)
    version=${2:?$usage}
    # Only this version is listed (platforms/php_versions.py reads it).
    export PSOCK_PHP=$version
    php=ON; python=OFF; perl=OFF; test="conformance.php-$version"; results="php-$version-*.jsonl" ;;
  python)
    php=OFF; python=ON; perl=OFF; test=conformance.python; results="python-*.jsonl" ;;
  perl)
    php=OFF; python=OFF; perl=ON; test=conformance.perl; results="perl-*.jsonl" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
# The pinned harness packages, where this Python lacks them (CI's
# setup-python; Debian has them as packages).
"$py" -c "import pytest, jsonschema" 2>/dev/null ||
  "$py" -m pip install --quiet -r ci/requirements.txt
# A build folder of its own: the preset's stays as a full build left it.
# ctest -C: the configuration of a multi-config generator (MSVC's).
build="build/light-$1"
rm -rf "$build/conformance/results"
status=0
{ cmake --preset "$preset" -B "$build" -DPSOCK_CONFORMANCE_PHP=$php -DPSOCK_CONFORMANCE_PYTHON=$python \
    -DPSOCK_CONFORMANCE_PERL=$perl &&
  ctest --test-dir "$build" -C RelWithDebInfo --output-on-failure --no-tests=error \
    -R "^${test//./\\.}\$"; } || status=$?
complete=""
for f in "$build"/conformance/results/$results; do
  if [ -f "$f" ] && tail -n 1 "$f" | grep -q '"complete": true'; then complete=$f; fi
done
if [ -n "$complete" ]; then
  echo "ci: $test ran the whole suite ($complete)"
else
  echo "ci: $test did not run the whole suite (see its ctest output above)" >&2
  status=1
fi
ci/collect-results.sh || status=1
exit "$status"
