#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The job summary's list of unexpected verdicts: every case of the result
files under DIR (what the harness wrote: conformance/results/*.jsonl,
collected by ci/collect-results.sh) whose status is neither PASS, a
status that is no verdict (the harness's html_report.NO_VERDICT: the
platform lacks it, the implementation does not claim the extension, ...)
nor the status its expectation records. Markdown on stdout;
the job's pass or fail is ctest's, not this list's.

  python3 ci/unexpected.py DIR
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "conformance" / "harness"))
from html_report import NO_VERDICT  # noqa: E402  (the harness's one list)

OK = ("PASS",) + NO_VERDICT


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "ci-results")
    files = sorted(root.rglob("*.jsonl")) if root.is_dir() else []
    print("## Unexpected verdicts (%s)\n" % root)
    if not files:
        print("No result files: the conformance suite wrote none (see the job's log).")
        return 0
    rows = []
    for path in files:
        platform = impl = "?"
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                rows.append((path.name, "-", "a line that is not JSON", "", ""))
                continue
            if r.get("type") == "header":
                impl, platform = r.get("implementation", "?"), r.get("platform", "?")
            elif r.get("type") == "start_failed":  # no verdict at all
                rows.append((path.name, "%s on %s" % (r.get("implementation", "?"),
                                                      r.get("platform", "?")),
                             "-", "the driver did not start",
                             str(r.get("message", ""))[:120].replace("|", "\\|")))
            elif r.get("type") == "case":
                status, expected = r.get("status"), r.get("expected")
                if status not in OK and status != expected:
                    rows.append((path.name, "%s on %s" % (impl, platform), r.get("id", "?"),
                                 "%s (expected %s)" % (status, expected),
                                 str(r.get("message", ""))[:120].replace("|", "\\|")))
    print("%d result files read.\n" % len(files))
    if not rows:
        print("None: every case passed, was unsupported, or diverged as expected.")
        return 0
    print("| file | implementation | case | verdict | message |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| %s |" % " | ".join(row))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
