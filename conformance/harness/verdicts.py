# SPDX-License-Identifier: MIT
"""The verdicts of one results file, as a user gating their own CI reads
them: conformance per tier, driver coverage per tier and per op, counts by
status, the failures grouped by page and op, and an exit code.

  python3 conformance/harness/verdicts.py RESULTS.jsonl [--min-coverage PERCENT]

Only PASS is passed. The closing line is `N passed, N failed`: failed counts
the FAIL, ERROR, CRASH, TIMEOUT, LEAK, XPASS and STALE verdicts that the
expectations the run was given (--expectations DIR of ./psock run,
conformance/expectations/<impl>/ otherwise) do not record. Expected
failures, cases with no verdict (UNSUPPORTED, UNIMPLEMENTED, UNCLAIMED,
INAPPLICABLE) and a first run's unexpected verdicts are counted apart, on
the line after it.

Exit codes (EXIT below, the one list; ./psock run passes them on):
  0  no unexpected failure (and coverage at least --min-coverage)
  1  an unexpected failure
  2  no verdict at all: the driver did not start, or no case got PASS/FAIL
  3  driver coverage below --min-coverage (checked only when given)
A first run (no expectations file for the platform yet) fails nothing: its
unexpected verdicts are recorded and listed, as pytest's xfail, and exit 0
(PROTOCOL.md, "First run")."""
import collections
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cases import TIERS, load_cases, load_fixtures  # noqa: E402
from html_report import NO_VERDICT  # noqa: E402  (the one list of no-verdict statuses)

BAD = ("FAIL", "ERROR", "CRASH", "TIMEOUT", "LEAK", "XPASS", "STALE")
# A verdict on the implementation: what coverage counts (XPASS and STALE
# are verdicts on the expectation; their observed status is PASS or FAIL).
JUDGED = ("PASS", "FAIL", "LEAK")
# Not the implementation's to answer: left out of coverage's denominator.
NOT_APPLICABLE = ("UNCLAIMED", "INAPPLICABLE")
EXIT = {"ok": 0, "failed": 1, "no_verdict": 2, "coverage": 3}
# Pages whose cases check a constant: listed after the behaviour.
CONSTANT_PAGES = ("constants", "manual_constants")
SHOWN = 30  # failing cases printed; the rest are in the results file


def observed(r):
    return r.get("observed", {}).get("status", r["status"])


def step_label(case, text):
    """A message's leading "step N (op)" in the case's own terms: a step a
    fixture added is "fixture NAME step K", the case's own "case step K"
    (the driver and the results number every step, fixture first)."""
    import re
    use = (case or {}).get("fixture")
    m = re.match(r"step (\d+) \(", text or "")
    if not use or not m:
        return text
    name = use if isinstance(use, str) else use["name"]
    n = len(load_fixtures()[name]["steps"])
    i = int(m.group(1))
    where = ("fixture %s step %d" % (name, i) if i <= n else "case step %d" % (i - n))
    return where + " (" + text[m.end():]


def subject_op(case, r):
    """The op a case is counted under: the step a no-verdict status names
    (the op the driver lacks or could not run), else the last step that
    states an expectation (the call the case is about)."""
    import re
    m = re.match(r"step \d+ \(([a-z_]+)\)", r.get("message") or "")
    if r["status"] in ("UNSUPPORTED", "UNIMPLEMENTED") and m:
        return m.group(1)
    if case is None:
        return "?"
    judged = [s["op"] for s in case["steps"] if "expect" in s]
    return (judged or [case["steps"][-1]["op"]])[-1]


def coverage_lines(cases, by_id):
    """Driver coverage, per tier and per op: of the cases that apply (not
    UNCLAIMED, not INAPPLICABLE), how many got a verdict (judged), how many
    the implementation or platform lacks (unsupported) and how many ops the
    driver does not implement (not in the driver). Returns (lines, percent
    or None when nothing applies)."""
    rows = collections.defaultdict(collections.Counter)
    for r in cases:
        s = observed(r)
        if s in NOT_APPLICABLE:
            continue
        kind = ("judged" if s in JUDGED else "unsupported" if s == "UNSUPPORTED"
                else "not in the driver" if s == "UNIMPLEMENTED" else "other")
        case = by_id.get(r["id"])
        for key in ("tier " + (r.get("tier") or "spec"), "op " + subject_op(case, r), "all"):
            rows[key][kind] += 1
            rows[key]["applicable"] += 1

    def line(key):
        c = rows[key]
        return "%s: %.1f%% (%d judged, %d unsupported, %d not in the driver%s of %d)" % (
            key, 100.0 * c["judged"] / c["applicable"], c["judged"], c["unsupported"],
            c["not in the driver"],
            ", %d no verdict (error, crash, timeout)" % c["other"] if c["other"] else "",
            c["applicable"])
    if not rows["all"]["applicable"]:
        return ["driver coverage: no case applies"], None
    total = rows["all"]
    lines = ["driver coverage: " + line("all").split(": ", 1)[1]]
    lines += ["  " + line("tier " + t) for t in TIERS if ("tier " + t) in rows]
    ops = sorted(k for k in rows if k.startswith("op "))
    lines += ["  " + line(k) for k in ops]
    return lines, 100.0 * total["judged"] / total["applicable"]


def failure_lines(unexpected, by_id):
    """The failing cases grouped by page (case file) and op, behaviour
    before constants."""
    groups = collections.OrderedDict()
    for r in unexpected:
        case = by_id.get(r["id"])
        page = case["file"][:-5] if case else "?"
        groups.setdefault((page in CONSTANT_PAGES, page, subject_op(case, r)), []).append(r)
    lines, shown = [], 0
    for (_, page, op), rs in sorted(groups.items()):
        lines.append("failed: page %s, op %s: %d" % (page, op, len(rs)))
        for r in rs:
            if shown >= SHOWN:
                break
            shown += 1
            lines.append("  %s %s: %s" % (r["id"], r["status"],
                                          step_label(by_id.get(r["id"]), r["message"])[:160]))
    if shown < len(unexpected):
        lines.append("  ... %d more failing cases in the results file" % (len(unexpected) - shown))
    return lines


def summarize(records, min_coverage=None):
    """(lines to print, exit code: one of EXIT's)."""
    started = next((r for r in records if r.get("type") == "start_failed"), None)
    if started is not None:
        return [started["message"], "0 passed, 0 failed"], EXIT["no_verdict"]
    header = next((r for r in records if r.get("type") == "header"), None)
    if header is None:
        return ["no verdict: the results have no header (the harness did not run)",
                "0 passed, 0 failed"], EXIT["no_verdict"]
    first_run = bool(header.get("first_run"))
    cases = [r for r in records if r.get("type") == "case"]
    by_id = {c["id"]: c for c in load_cases()}
    lines = []
    if header.get("selection"):
        lines.append("part of the suite: --cases %s (%d cases)" % (
            header["selection"], len(cases)))
    by_tier = collections.defaultdict(collections.Counter)
    for r in cases:
        by_tier[r.get("tier", "spec")][observed(r)] += 1
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
    cover, percent = coverage_lines(cases, by_id)
    lines += cover
    status = collections.Counter(r["status"] for r in cases)
    lines.append("statuses: " + ", ".join("%d %s" % (n, s) for s, n in sorted(status.items())))
    expected_bad = [r for r in cases if r["status"] in BAD and r["status"] == r.get("expected")]
    unexpected = [r for r in cases if r["status"] in BAD and r["status"] != r.get("expected")]
    lines += failure_lines(unexpected, by_id)
    recorded = unexpected if first_run else []
    failed = [] if first_run else unexpected
    apart = ["%d expected %s (recorded with a reason)" % (n, s) for s, n in
             sorted(collections.Counter(r["status"] for r in expected_bad).items())]
    if recorded:
        apart.append("%d unexpected on a first run (recorded, not failed: no expectations "
                     "file for %s yet)" % (len(recorded), header.get("platform")))
    apart += ["%d %s" % (status[s], s) for s in NO_VERDICT if status.get(s)]
    lines.append("%d passed, %d failed" % (status.get("PASS", 0), len(failed)))
    if apart:
        lines.append("not passed, not failed: " + ", ".join(apart))
    if not any(observed(r) in JUDGED for r in cases):
        lines.append("no verdict: no case got PASS or FAIL (%s)" % (
            "no case ran" if not cases else "every case: " + ", ".join(sorted(status))))
        return lines, EXIT["no_verdict"]
    if failed:
        return lines, EXIT["failed"]
    if min_coverage is not None and (percent or 0.0) < min_coverage:
        lines.append("driver coverage %.1f%% is below --min-coverage %g%%" % (
            percent or 0.0, min_coverage))
        return lines, EXIT["coverage"]
    return lines, EXIT["ok"]


def main(argv):
    args, min_coverage = list(argv), None
    if "--min-coverage" in args:
        i = args.index("--min-coverage")
        try:
            min_coverage = float(args[i + 1])
        except (IndexError, ValueError):
            print("verdicts: --min-coverage takes a percentage (0 to 100)")
            return EXIT["no_verdict"]
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[3].strip())
        return EXIT["no_verdict"]
    try:
        records = [json.loads(line) for line in pathlib.Path(args[0]).read_text().splitlines()]
    except (OSError, ValueError) as e:
        print("verdicts: cannot read %s: %s" % (args[0], e))
        return EXIT["no_verdict"]
    lines, code = summarize(records, min_coverage)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
