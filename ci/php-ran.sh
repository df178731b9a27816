#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The PHP version a CI job was set up with (PSOCK_CI_PHP, from the matrix)
# must have run the whole suite: a PHP driver that cannot start makes its
# ctest "not run" (a skip), which must not leave a job green without PHP.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${PSOCK_CI_PHP:-}" ] || exit 0
for f in build/*/conformance/results/php-"$PSOCK_CI_PHP"-*.jsonl; do
  if [ -f "$f" ] && tail -n 1 "$f" | grep -q '"complete": true'; then
    echo "ci: PHP $PSOCK_CI_PHP ran the whole suite ($f)"
    exit 0
  fi
done
echo "ci: PHP $PSOCK_CI_PHP did not run the whole suite (see conformance.php-$PSOCK_CI_PHP in the ctest log)" >&2
exit 1
