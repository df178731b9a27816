# SPDX-License-Identifier: MIT
"""coverage_check.py -- every line and branch of shim/src that the coverage
run (./psock coverage) did not reach is either listed, with the reason no
test can reach it here, in shim/coverage-exclusions.txt, or reported.

  coverage_check.py COVERAGE.json EXCLUSIONS.txt

COVERAGE.json is gcovr's --json output. An exclusion is one line
"PATH | SNIPPET | REASON": it covers the lines of PATH whose source text
is SNIPPET, stripped (so it survives edits that move lines). An exclusion that
matches nothing uncovered any more is stale, and reported too (except a
"race: ..." one, which a run may happen to reach). Exit 1 if
anything is reported.
"""
import json
import os
import sys


def main():
    coverage_path, exclusions_path = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(exclusions_path)))
    with open(coverage_path, encoding="utf-8") as f:
        data = json.load(f)
    exclusions = []
    with open(exclusions_path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split(" | ")]
            if len(parts) != 3 or not all(parts):
                print("%s:%d: not PATH | SNIPPET | REASON" % (exclusions_path, number))
                return 1
            exclusions.append({"path": parts[0], "snippet": parts[1],
                               "reason": parts[2], "used": 0})
    unlisted, listed = [], 0
    # Totals without the lines listed as other platforms' code: this
    # platform's share, reported beside gcovr's own.
    totals = {"lines": 0, "lines_hit": 0, "branches": 0, "branches_hit": 0}
    for entry in data["files"]:
        path = entry["file"]
        with open(os.path.join(root, path), encoding="utf-8") as f:
            source = f.read().split("\n")
        for line in entry["lines"]:
            if line.get("gcovr/noncode"):
                continue
            missed_line = line["count"] == 0
            missed_branches = sum(1 for b in line["branches"] if b["count"] == 0)
            text_here = source[line["line_number"] - 1].strip()
            other = any(e["path"] == path and e["snippet"] == text_here and
                        e["reason"].startswith("other platforms only")
                        for e in exclusions)
            if not other:
                totals["lines"] += 1
                totals["lines_hit"] += 0 if missed_line else 1
                totals["branches"] += len(line["branches"])
                totals["branches_hit"] += len(line["branches"]) - missed_branches
            if not missed_line and not missed_branches:
                continue
            text = source[line["line_number"] - 1].strip()
            what = "line" if missed_line else "%d branch(es)" % missed_branches
            found = [e for e in exclusions
                     if e["path"] == path and e["snippet"] == text]
            if found:
                listed += 1
                for e in found:
                    e["used"] += 1
            else:
                unlisted.append("%s:%d: %s not reached: %s" %
                                (path, line["line_number"], what, text))
    # A race's line is reached when the threads tests happen to meet it:
    # not stale then.
    stale = [e for e in exclusions
             if not e["used"] and not e["reason"].startswith("race")]
    for u in unlisted:
        print("coverage: " + u)
    for e in stale:
        print("coverage: stale exclusion (reached now, or gone): %s | %s" %
              (e["path"], e["snippet"]))
    print("coverage without the lines listed as other platforms' code: "
          "lines %.1f%% (%d of %d), branches %.1f%% (%d of %d)" %
          (100.0 * totals["lines_hit"] / max(totals["lines"], 1),
           totals["lines_hit"], totals["lines"],
           100.0 * totals["branches_hit"] / max(totals["branches"], 1),
           totals["branches_hit"], totals["branches"]))
    print("coverage: %d lines not (fully) reached: %d listed with a reason "
          "(shim/coverage-exclusions.txt), %d not listed; %d stale exclusions" %
          (listed + len(unlisted), listed, len(unlisted), len(stale)))
    return 1 if unlisted or stale else 0


if __name__ == "__main__":
    sys.exit(main())
