# SPDX-License-Identifier: MIT
"""Write expectations/<impl>/<platform>.json from a results file, giving each
divergence the reason written for it in expectations/<impl>/reasons.json.
A divergence with no reason stops the tool: a person has to explain it.
Each entry keeps the observed message, so the harness can tell a stale
expectation (the case now fails otherwise, STALE) from a known one.

  /usr/bin/python3 conformance/harness/expectations.py RESULTS.jsonl
"""
import json
import pathlib
import re
import sys

import versions

ROOT = pathlib.Path(__file__).resolve().parent.parent / "expectations"


def main(path):
    records = [json.loads(l) for l in pathlib.Path(path).read_text().splitlines()]
    header = records[0]
    impl, platform = header["implementation"], header["platform"]
    reasons = json.loads((ROOT / impl / "reasons.json").read_text())
    out, missing = {}, []
    for r in records[1:]:
        if r["type"] != "case":
            continue
        # What the implementation did, before the old expectations judged it
        # (an XPASS is a PASS, a STALE is a changed divergence).
        r = dict(r, **r.get("observed", {}))
        if r["status"] in ("PASS", "UNSUPPORTED", "UNCLAIMED", "UNIMPLEMENTED", "INAPPLICABLE"):
            continue
        for rule in reasons:
            if rule["platforms"] != "*" and platform not in rule["platforms"]:
                continue
            if not re.search(rule["match"], r["id"]):
                continue
            if not versions.rule_applies(rule, header):
                continue
            if "when" in rule and not re.search(rule["when"], r["message"]):
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
