# SPDX-License-Identifier: MIT
"""Write expectations/<impl>/<platform>.json from a results file, giving each
divergence the reason written for it in expectations/<impl>/reasons.json:
the first rule whose `match` (a regular expression of case ids, from ^)
and `when` (one of the observed message: the outcome the reason explains)
both apply.
A divergence with no reason stops the tool: a person has to explain it.
Each entry keeps the observed message, so the harness can tell a stale
expectation (the case now fails otherwise, STALE) from a known one.

  python3 conformance/harness/expectations.py RESULTS.jsonl

(python3: any Python 3 with pytest, jsonschema and Jinja2 -- Debian's
packages or ci/requirements.txt; ./psock finds one, PSOCK_PYTHON overrides.)
"""
import fnmatch
import json
import pathlib
import re
import sys

import versions
from html_report import NO_VERDICT  # the one list of no-verdict statuses

ROOT = pathlib.Path(__file__).resolve().parent.parent / "expectations"


def applies_to(rule, platform):
    """A rule's platforms: "*", or names and patterns ("windows*": real
    Windows and Wine alike, where the reason is Winsock's, not Wine's)."""
    return rule["platforms"] == "*" or any(
        fnmatch.fnmatchcase(platform, p) for p in rule["platforms"])


def main(path):
    records = [json.loads(l) for l in pathlib.Path(path).read_text().splitlines()]
    header = records[0]
    impl, platform = header["implementation"], header["platform"]
    reasons = json.loads((ROOT / impl / "reasons.json").read_text())
    vague = [r["match"] for r in reasons if not r.get("when") or not r["match"].startswith("^")]
    if vague:
        sys.exit("every rule names its cases (match from ^) and the outcome it explains "
                 "(when): %s" % ", ".join(vague))
    out, missing = {}, []
    for r in records[1:]:
        if r["type"] != "case":
            continue
        # What the implementation did, before the old expectations judged it
        # (an XPASS is a PASS, a STALE is a changed divergence).
        r = dict(r, **r.get("observed", {}))
        if r["status"] in ("PASS",) + NO_VERDICT:
            continue
        for rule in reasons:
            if not applies_to(rule, platform):
                continue
            if not re.search(rule["match"], r["id"]):
                continue
            if not versions.rule_applies(rule, header):
                continue
            if not re.search(rule["when"], r["message"]):
                continue
            # The observed outcome too: one that changes is a stale
            # expectation (STALE), not a silent pass.
            out[r["id"]] = {"status": r["status"], "reason": rule["reason"],
                            "observed": r["message"]}
            if rule.get("observed_varies"):
                # What differs from run to run (bytes PHP never set): the
                # rule's `when` stands for the observed message.
                out[r["id"]] = dict(out[r["id"]], observed_pattern=rule["when"])
                del out[r["id"]]["observed"]
            break
        else:
            missing.append("%s %s: %s" % (r["status"], r["id"], r["message"]))
    if missing:
        sys.exit("no reason written for:\n  " + "\n  ".join(missing))
    target = versions.expectations_target(ROOT, impl, platform, header)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print("%s: %d expected divergences" % (target, len(out)))


if __name__ == "__main__":
    main(sys.argv[1])
