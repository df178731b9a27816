#!/bin/sh
# SPDX-License-Identifier: MIT
# ./psock's Python (CTest repo.psock_python): PSOCK_PYTHON is the one used
# when set; a python3 first on PATH without the harness's modules (a bare
# Homebrew or pyenv python) is passed over; none found is said, and fails.
# Each run is `./psock run` of one page of the suite against psock's driver
# (which Python runs it is what is checked, the same for any selection).
#
#   sh ci/test-psock-python.sh DRIVER
set -uf  # (no globbing: --cases takes a pattern)
top=$(cd "$(dirname "$0")/.." && pwd)
driver=${1:?usage: sh ci/test-psock-python.sh DRIVER}
work=$(mktemp -d)
trap 'rm -rf "$work" "$top/build/run-pychoice"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A python3 that has no modules at all, first on PATH.
mkdir -p "$work/bare"
printf '#!/bin/sh\necho "bare python3 used" >>"%s/bare.log"\nexit 1\n' "$work" >"$work/bare/python3"
chmod +x "$work/bare/python3"
# A good Python behind a wrapper that notes its use (a venv's, say).
good=""
for py in /usr/bin/python3 $(command -v python3); do
  "$py" -c 'import pytest, jsonschema, jinja2' >/dev/null 2>&1 && { good=$py; break; }
done
[ -n "$good" ] || { echo "no Python with pytest, jsonschema and jinja2 here to test with"; exit 1; }
printf '#!/bin/sh\necho used >>"%s/wrapper.log"\nexec "%s" "$@"\n' "$work" "$good" >"$work/venv-python"
chmod +x "$work/venv-python"

# psock's own expected divergences on this platform: ./psock run exits 1 on
# any failure they do not record.
known="--platform linux-glibc --expectations $top/conformance/expectations/psock --cases socket_create/*"
PSOCK_NO_INSTALL=1 PSOCK_PYTHON="$work/venv-python" "$top/psock" run --driver "$driver" \
  --name pychoice $known >"$work/out1" 2>&1 || fail "PSOCK_PYTHON=venv-python: ./psock run failed: $(tail -n 5 "$work/out1")"
[ -s "$work/wrapper.log" ] || fail "PSOCK_PYTHON was set, and not used"
[ -f "$top/build/run-pychoice/conformance.md" ] || fail "no report from ./psock run"

PATH="$work/bare:$PATH" PSOCK_NO_INSTALL=1 "$top/psock" run --driver "$driver" \
  --name pychoice $known >"$work/out2" 2>&1 || fail "a bare python3 first on PATH: ./psock run failed: $(tail -n 5 "$work/out2")"
grep -q "passed" "$work/out2" || fail "a bare python3 first on PATH: no pytest summary"

PSOCK_PYTHON=/nonexistent/python PSOCK_NO_INSTALL=1 "$top/psock" run --driver "$driver" \
  --name pychoice >"$work/out3" 2>&1 && fail "PSOCK_PYTHON=/nonexistent/python: ./psock run passed"
grep -q "no Python with pytest, jsonschema and jinja2 (PSOCK_PYTHON=/nonexistent/python)" "$work/out3" ||
  fail "PSOCK_PYTHON=/nonexistent/python: not said: $(cat "$work/out3")"

echo "psock python: $failures failures"
[ "$failures" = 0 ]
