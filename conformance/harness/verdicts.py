# SPDX-License-Identifier: MIT
"""The verdicts of one results file, as a user gating their own CI reads
them: conformance per tier, counts by status, the first failing statements,
and an exit code.

  python3 conformance/harness/verdicts.py RESULTS.jsonl

Exit 1 when any case is FAIL, ERROR, CRASH, TIMEOUT, LEAK, XPASS or STALE
and the expectations the run was given (--expectations DIR of ./psock run,
conformance/expectations/<impl>/ otherwise) do not record it: "no
regressions" for an implementation that records its known divergences."""
import collections
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cases import TIERS, load_cases  # noqa: E402
from html_report import NO_VERDICT  # noqa: E402  (the one list of no-verdict statuses)

BAD = ("FAIL", "ERROR", "CRASH", "TIMEOUT", "LEAK", "XPASS", "STALE")


def summarize(records):
    """(lines to print, number of unexpected verdicts)."""
    cases = [r for r in records if r.get("type") == "case"]
    statements = {c["id"]: c["statements"] for c in load_cases()}
    lines = []
    by_tier = collections.defaultdict(collections.Counter)
    for r in cases:
        # XPASS and STALE are verdicts on the expectation; PASS/FAIL as observed.
        observed = r.get("observed", {}).get("status", r["status"])
        by_tier[r.get("tier", "spec")][observed] += 1
    for tier in TIERS:
        counts = by_tier.get(tier)
        if not counts:
            continue
        judged = sum(n for s, n in counts.items() if s not in NO_VERDICT)
        passed = counts.get("PASS", 0)
        pct = "%.1f%%" % (100.0 * passed / judged) if judged else "n/a"
        verdict = ("%d of %d notes true" % (passed, judged) if tier == "note"
                   else "%s conformance" % pct)
        lines.append("%s: %s (%d of %d judged cases pass; %s)" % (
            tier, verdict, passed, judged,
            ", ".join("%d %s" % (n, s) for s, n in sorted(counts.items()))))
    status = collections.Counter(r["status"] for r in cases)
    lines.append("statuses: " + ", ".join("%d %s" % (n, s) for s, n in sorted(status.items())))
    unexpected = [r for r in cases if r["status"] in BAD and r["status"] != r.get("expected")]
    failing = collections.OrderedDict()
    for r in unexpected:
        for sid in statements.get(r["id"], []):
            failing.setdefault(sid, r)
    for sid, r in list(failing.items())[:10]:
        lines.append("failing statement %s: %s %s: %s" % (sid, r["id"], r["status"],
                                                           r["message"][:160]))
    lines.append("%d passed, %d failed" % (
        sum(1 for r in cases if r["status"] not in BAD or r["status"] == r.get("expected")),
        len(unexpected)))
    return lines, len(unexpected)


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[3].strip())
        return 2
    try:
        records = [json.loads(line) for line in pathlib.Path(argv[0]).read_text().splitlines()]
    except (OSError, ValueError) as e:
        print("verdicts: cannot read %s: %s" % (argv[0], e))
        return 2
    lines, unexpected = summarize(records)
    print("\n".join(lines))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
