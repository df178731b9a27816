#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ASan and TSan of clang 14 (Debian 12) map their shadow memory at fixed
# places that a kernel with vm.mmap_rnd_bits above 28 (ubuntu-24.04's
# runners: 32) may already have used: TSan dies with "unexpected memory
# mapping", ASan loops on DEADLYSIGNAL. The setting is the runner's kernel's,
# shared by the container; the linux job's container is privileged so that
# this script can lower it. When it cannot, it says so and fails: the
# sanitizer presets are required in CI (ci/linux.sh), and would fail later
# less clearly -- they are never skipped. Run them then where the setting
# can be changed (a VM, or a runner step with sudo before the container).
set -euo pipefail
want=28
file=/proc/sys/vm/mmap_rnd_bits
[ -r "$file" ] || { echo "ci: no $file here; nothing to set"; exit 0; }
bits=$(cat "$file")
if [ "$bits" -le "$want" ]; then
  echo "ci: vm.mmap_rnd_bits=$bits (<= $want): ASan and TSan can run"
  exit 0
fi
if { echo "$want" > "$file"; } 2>/dev/null && [ "$(cat "$file")" -le "$want" ]; then
  echo "ci: vm.mmap_rnd_bits was $bits, set to $want for ASan and TSan"
  exit 0
fi
echo "ci: vm.mmap_rnd_bits=$bits and this job cannot lower it (not root, or the" >&2
echo "ci: container is not privileged): ASan and TSan of clang 14 cannot run here." >&2
echo "ci: Run linux-asan and linux-tsan where it can be set (sysctl -w vm.mmap_rnd_bits=$want)." >&2
exit 1
