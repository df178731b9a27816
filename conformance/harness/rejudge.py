# SPDX-License-Identifier: MIT
"""Re-derive every committed verdict from the committed records.

  python3 conformance/harness/rejudge.py [reports/results/*.jsonl]

For each case line of each results file: the case as the suite has it now,
the committed outcomes restored (records.restore), checked against
outcomes.json and judged again with the driver's recorded start reply, then set against the implementation's
expectations as the harness does. The status and message must be the ones
recorded. What no judge decides is taken as recorded and said: a TIMEOUT,
CRASH or protocol ERROR (the driver's behaviour, not its outcomes) and a
LEAK (the open count is not committed). A file made by another suite
revision cannot be re-derived by this one: that is a difference too.

Exit 0 when every verdict is re-derived, 1 otherwise (each difference on
its own line), 2 on unreadable input."""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import records  # noqa: E402
from cases import load_cases  # noqa: E402
from conftest import load_expected, not_sent, settle, suite_revision  # noqa: E402
from judge import judge  # noqa: E402
import outcomes  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parents[2] / "reports" / "results"
# Verdicts on how the driver behaved, not on what it reported.
NOT_JUDGED = ("TIMEOUT", "CRASH", "LEAK")


def rederive(case, record, info, network=None):
    """(status, message) before expectations, or None when no judge decides."""
    unsent = not_sent(case, info, network)
    if unsent is not None:
        return unsent
    seen = record.get("observed", {}).get("status", record["status"])
    if seen in NOT_JUDGED or (seen == "ERROR" and record.get(
            "observed", record)["message"].startswith("driver protocol")):
        return None
    reply = {"steps": records.restore(record.get("steps", []))}
    broken = outcomes.reply_problem(reply["steps"])  # as the harness does
    return ("ERROR", broken) if broken else judge(case, reply, info)


def check(path, cases, revision):
    """The differences in one results file, each a line."""
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    header = lines[0]
    if header.get("suite") != revision:
        return ["%s: made by suite %s, this suite is %s: run ./psock report" % (
            path.name, header.get("suite"), revision)], 0
    info = header.get("driver") or {}
    expected = load_expected(header["implementation"], header["platform"])
    differences, taken = [], 0
    for record in lines[1:]:
        if record.get("type") != "case":
            continue
        case = cases.get(record["id"])
        if case is None:
            differences.append("%s: %s is no case of this suite" % (path.name, record["id"]))
            continue
        raw = rederive(case, record, info, header.get("network"))
        if raw is None:
            taken += 1
            continue
        status, message, _, _ = settle(expected.get(case["id"]), *raw)
        if (status, message) != (record["status"], record["message"]):
            differences.append("%s: %s: recorded %s %r, re-derived %s %r" % (
                path.name, record["id"], record["status"], record["message"],
                status, message))
    return differences, taken


def main(argv):
    paths = [pathlib.Path(p) for p in argv] or sorted(RESULTS.glob("*.jsonl"))
    if not paths:
        print("rejudge: no results files")
        return 2
    cases = {c["id"]: c for c in load_cases()}
    revision = suite_revision()
    differences, verdicts, taken, wrong = [], 0, 0, 0
    for path in paths:
        try:
            found = check(path, cases, revision)
        except (OSError, ValueError, KeyError, IndexError) as e:
            print("rejudge: %s: unreadable (%s)" % (path, e))
            return 2
        diffs, took = found
        differences += diffs
        taken += took
        if not (len(diffs) == 1 and " made by suite " in diffs[0]):
            wrong += len(diffs)
            verdicts += sum(1 for line in path.read_text().splitlines()
                            if '"type": "case"' in line)
    for line in differences:
        print(line)
    print("rejudge: %d verdicts in %d files, %d re-derived, %d taken as recorded "
          "(timeouts, crashes, protocol errors, leaks), %d differences" % (
              verdicts, len(paths), verdicts - taken - wrong, taken,
              len(differences)))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
