#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Result sets that the combined report would merge into one: report.py
keys a run by (implementation, platform, compiler), so two jobs whose runs
share that key (macos-15 arm64 and macos-15-intel both say "macos"; PHP
8.2 and 8.3 both "php") keep only the last one read. Said in the report
job's log and summary, not hidden; the job's pass or fail stays the
report's. Markdown on stdout.

  python3 ci/same-key.py DIR...
"""
import collections
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "conformance" / "harness"))
from report import compiler_of, load  # noqa: E402  (the report's own key)


def main():
    seen = collections.defaultdict(list)
    for d in sys.argv[1:]:
        for path in sorted(pathlib.Path(d).glob("*.jsonl")):
            header, _, _ = load(path)
            if header is None:
                continue
            arch = (header.get("driver") or {}).get("platform", {}).get("arch", "?")
            key = (header["implementation"], header["platform"], compiler_of(header))
            seen[key].append("%s (%s)" % (path, arch))
    clashes = {k: v for k, v in seen.items() if len(v) > 1}
    print("## Result sets the combined report merges\n")
    if not clashes:
        print("None: every result set has its own implementation, platform and compiler.")
        return 0
    print("The report keeps one run per implementation, platform and compiler: of these, only "
          "the last is in it. A platform label per architecture or PHP version would keep both.\n")
    for (impl, platform, compiler), paths in sorted(clashes.items()):
        print("- %s on %s (%s): %s" % (impl, platform, compiler, "; ".join(paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
