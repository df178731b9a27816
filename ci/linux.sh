#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Linux job: ./psock test on every platform a Linux host runs (it
# installs what is missing as root), each one required: a platform that
# cannot run fails the job instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export PSOCK_REQUIRE="linux-gcc linux-clang linux-musl windows-wine linux-memcheck linux-asan linux-tsan"
status=0
./psock test || status=$?
ci/collect-results.sh || status=1
exit "$status"
