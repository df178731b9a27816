# SPDX-License-Identifier: MIT
"""The expectation files say what they mean: every rule of a reasons.json is
the rule some entry came from (a rule no entry uses is dead or shadowed by
an earlier one), every entry names a case that exists, and every entry
records what was observed."""
import json
import pathlib
import re

from cases import load_cases
from expectations import applies_to
from versions import version_in

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent / "expectations"


def _entries(impl, with_version=False):
    # expectations/php/8.2/linux-glibc.json: one PHP version's (versions.py)
    for path in sorted((ROOT / impl).glob("*.json")) + sorted((ROOT / impl).glob("*/*.json")):
        if path.name != "reasons.json":
            version = path.parent.name if path.parent.name != impl else None
            for cid, entry in json.loads(path.read_text()).items():
                yield (path.stem, cid, entry) + ((version,) if with_version else ())


def _observed_fits(rule, entry):
    if "when" not in rule:
        return True
    if "observed_pattern" in entry:  # an outcome that varies: the rule's own words
        return rule["when"] == entry["observed_pattern"]
    return re.search(rule["when"], entry.get("observed", "")) is not None


def test_every_rule_is_used_and_none_is_shadowed():
    problems = []
    for reasons in sorted(ROOT.glob("*/reasons.json")):
        impl = reasons.parent.name
        rules = json.loads(reasons.read_text())
        used = [0] * len(rules)
        for platform, cid, entry, version in _entries(impl, with_version=True):
            # The first rule that applies to this entry must be the one
            # whose reason it carries (expectations.py takes the first).
            for k, rule in enumerate(rules):
                if applies_to(rule, platform) and \
                        re.search(rule["match"], cid) and _observed_fits(rule, entry) and \
                        ("php_versions" not in rule or
                         (version and version_in(version, rule["php_versions"]))):
                    if rule["reason"] != entry["reason"]:
                        problems.append("%s %s %s: first rule is #%d, but its reason "
                                        "is another's" % (impl, platform, cid, k))
                    used[k] += 1
                    break
            else:
                problems.append("%s %s %s: no rule gives its reason" % (impl, platform, cid))
        problems += ["%s: rule #%d (%s) is never the first to apply: dead or shadowed"
                     % (impl, k, rules[k]["match"]) for k, n in enumerate(used) if n == 0]
    assert not problems, "\n".join(problems)


def test_entries_name_cases_and_say_what_was_observed():
    ids = {c["id"] for c in load_cases()}
    problems = []
    for impl_dir in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        for platform, cid, entry in _entries(impl_dir.name):
            if cid not in ids:
                problems.append("%s/%s: %s is no case" % (impl_dir.name, platform, cid))
            if not entry.get("reason"):
                problems.append("%s/%s: %s has no reason" % (impl_dir.name, platform, cid))
            if "observed" not in entry and "observed_pattern" not in entry:
                problems.append("%s/%s: %s records no observed outcome"
                                % (impl_dir.name, platform, cid))
    assert not problems, "\n".join(problems)


# Outcomes of every shape the judge reports, none of which any reason
# explains: a rule whose `when` matches one excuses what it does not describe.
UNEXPLAINED = [
    "step 3 (socket_read): data: expected b'abc', got b'ab'",
    "step 2 (socket_accept): ok: expected False, got True",
    "step 1 (socket_create): error: expected EINVAL, got EPERM",
    "step 1 (socket_create): error: expected EINVAL, got TypeError",
    "step 4 (socket_select): read: expected ['a'], got []",
    "step 2 (socket_read): elapsed_ms_min 250: it took less",
    "step 5 (socket_last_error): value: expected OK, got EINVAL",
    "step 2 (socket_write): ret: the driver sent no ret",
    "step 3 (socket_recv): ok: expected True, got False (WSAECONNRESET)",
    "step 7 (wait_peer) > peer step 1 (wait_blocked): ok: expected True, got False (PEER_TIMEOUT)",
]


def test_every_reason_names_its_cases_and_the_outcome_it_explains():
    """No catch-all: a rule selects case ids (from ^; more than eight only
    when its `when` names one whole outcome, ^...$) and says which observed
    outcome it explains (when), and its `when` matches none of the outcomes
    above, which no reason explains."""
    from cases import load_cases
    ids = [c["id"] for c in load_cases()]
    problems = []
    for reasons in sorted(ROOT.glob("*/reasons.json")):
        for k, rule in enumerate(json.loads(reasons.read_text())):
            where = "%s #%d (%s)" % (reasons.parent.name, k, rule["match"])
            if not rule["match"].startswith("^"):
                problems.append("%s: match must name case ids from ^" % where)
            selected = [i for i in ids if re.search(rule["match"], i)]
            # A rule for a family of cases (one per constant, say) names the
            # one outcome it explains in full: its `when` from ^ to $.
            family = rule.get("when", "").startswith("^") and rule.get("when", "").endswith("$")
            if not selected or (len(selected) > 8 and not family):
                problems.append("%s: selects %d cases" % (where, len(selected)))
            if not rule.get("when"):
                problems.append("%s: no when (the outcome it explains)" % where)
                continue
            problems += ["%s: when matches an outcome it does not explain: %s" % (where, m)
                         for m in UNEXPLAINED if re.search(rule["when"], m)]
    assert not problems, "\n".join(problems)
