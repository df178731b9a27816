# SPDX-License-Identifier: MIT
"""The report's PHP versions: one column per PHP version ("php 7.4
linux-glibc"), the versions that could not run and why, and the section
"Where PHP versions disagree": every case whose verdict or observed outcome
differs between the PHP versions run on one platform, with the first
version that shows each new behaviour and the recorded reason.

html_report.py calls column_label, not_run and disagreements; the section
is written into REPORT.md (markdown) and index.html (templates/versions.html.j2).
"""
import json
import pathlib
import re

from versions import parse_version

# The statuses the harness gives, as a verdict class per case.
_VERDICT = {"PASS": "pass", "UNSUPPORTED": "no verdict (unsupported)",
            "UNIMPLEMENTED": "no verdict (not in the driver)",
            "UNCLAIMED": "no verdict (not claimed)", "INAPPLICABLE": "not applicable"}
_GOT = re.compile(r"^([a-z_ ]+?)(?: [a-z_]+ \d+)?: expected .*?, got (.*)$", re.S)
_STEP = re.compile(r"^(?:step \d+ \([a-z_]+\)(?: > peer step \d+ \([a-z_]+\))*: )")


def is_php(key):
    return key[0] == "php" and parse_version(key[2]) is not None


def column_label(key):
    """"php 8.2 linux-glibc" for a PHP version's column, else "impl platform
    (compiler)" as before."""
    if is_php(key):
        return "php %s %s" % (key[2], key[1])
    return "%s %s (%s)" % key


def _verdict(record):
    if record is None:
        return "no result"
    status = record["status"]
    if status == record.get("expected") and status != "PASS":
        return "expected divergence"
    return _VERDICT.get(status, "UNEXPECTED " + status)


def _observed(record):
    """(status, message) before expectations judged it: what PHP did."""
    if record is None:
        return ("NONE", "")
    seen = dict(record, **record.get("observed", {}))
    message = seen.get("message") or ""
    if seen["status"] == "INAPPLICABLE":
        message = ""  # names the version: the same gate for every version
    # "error: expected EINVAL, got ValueError" -> "error = ValueError": what
    # PHP did (the case's expectation is the same in every column).
    message = _GOT.sub(r"\1 = \2", _STEP.sub("", message))
    return (seen["status"], message)


_GATE = re.compile(r"holds for PHP (\S+)")


def _reason(record):
    """Why a version's result is what it is: the expectation's recorded
    reason, or the version gate of a case that is not this version's."""
    verdict = _verdict(record)
    if verdict == "expected divergence":
        return record.get("reason")
    if verdict == "not applicable":
        gate = _GATE.search(record.get("message", ""))
        return "not judged: the case's statement holds for PHP %s only" % (
            gate.group(1).rstrip(",") if gate else "other versions")
    return None


def disagreements(runs, cases):
    """Per platform with two or more PHP versions: {"platform", "versions",
    "rows": [{"id", "statements", "cells": [{"version", "verdict", "observed",
    "reason"}], "changes": [{"version", "from", "verdict", "observed",
    "reason"}]}]}, cases in suite order."""
    by_platform = {}
    for key in runs:
        if is_php(key):
            by_platform.setdefault(key[1], []).append(key)
    out = []
    for platform in sorted(by_platform):
        keys = sorted(by_platform[platform], key=lambda k: parse_version(k[2]))
        if len(keys) < 2:
            continue
        rows = []
        for case in cases:
            recs = [runs[k][2].get(case["id"]) for k in keys]
            cells = [{"version": k[2], "verdict": _verdict(r), "observed": _observed(r),
                      "reason": _reason(r)} for k, r in zip(keys, recs)]
            # What PHP did, step by step, counts too (a ValueError's new
            # text), but not the handle kind or a warning's capitalisation:
            # those change in most cases and are told once (outcome_differences).
            for c, r in zip(cells, recs):
                c["steps"] = [_what(o, lower_warning=True)
                              for _, o in _steps((r or {}).get("steps"))]
            signatures = [(c["verdict"], c["observed"], c["steps"]) for c in cells]
            if len(set(map(repr, signatures))) < 2:
                continue
            changes = [dict(cells[i], **{"from": cells[i - 1]["version"]})
                       for i in range(1, len(cells)) if signatures[i] != signatures[i - 1]]
            reasons = []  # each recorded reason once, with the versions it explains
            for c in cells:
                if c["reason"] and reasons and reasons[-1]["reason"] == c["reason"]:
                    reasons[-1]["versions"].append(c["version"])
                elif c["reason"]:
                    reasons.append({"reason": c["reason"], "versions": [c["version"]]})
            rows.append({"id": case["id"], "statements": case.get("statements", []),
                         "cells": cells, "changes": changes, "reasons": reasons})
        out.append({"platform": platform, "versions": [k[2] for k in keys], "rows": rows,
                    "outcomes": outcome_differences([runs[k][2] for k in keys],
                                                    [k[2] for k in keys], cases)})
    return out


# Fields of an outcome that are the run's, not PHP's, or shown apart.
_RUN_FIELDS = {"elapsed_ms", "op", "steps", "handle"}
# The order in which a step's fields are shown.
_SHOWN = ["ok", "exception", "error", "message", "ret", "value", "address", "warning"]


def _steps(steps, prefix=""):
    """[(label, outcome)] of a case's steps, a forked peer's included."""
    out = []
    for i, o in enumerate(steps or []):
        label = "%sstep %d (%s)" % (prefix, i + 1, o.get("op", "?"))
        out.append((label, o))
        if isinstance(o.get("steps"), list):
            out += _steps(o["steps"], label + " > peer ")
    return out


def _what(o, lower_warning=False):
    d = {k: v for k, v in o.items() if k not in _RUN_FIELDS}
    if lower_warning and isinstance(d.get("warning"), str):
        d["warning"] = d["warning"].lower()
    return json.dumps(d, sort_keys=True)


def _render(o):
    keys = [k for k in _SHOWN if k in o] + sorted(
        k for k in o if k not in _SHOWN and k not in _RUN_FIELDS
        and k not in ("native", "localized"))
    return ", ".join("%s %s" % (k, json.dumps(o[k], ensure_ascii=True)) for k in keys)


def outcome_differences(columns, versions, cases):
    """What PHP returned, step by step, where versions differ although the
    case may judge them alike (a ValueError's text, a warning's wording).
    Two changes that recur in many cases are one line each: the kind of
    handle (resource before 8.0.0, Socket since) and warnings that differ
    only in capitalisation. {"recurring": [{"what", "cases"}], "steps":
    [{"id", "step", "groups": [{"versions", "outcome"}]}]}."""
    handles, capitalised, steps = {}, {}, []
    for case in cases:
        runs = [_steps((col.get(case["id"]) or {}).get("steps")) for col in columns]
        if any(not r for r in runs) or len({len(r) for r in runs}) > 1:
            continue  # a version that did not run it all (gated, unsupported)
        for at in range(len(runs[0])):
            label, outs = runs[0][at][0], [r[at][1] for r in runs]
            kinds = [o.get("handle") for o in outs]
            if len(set(kinds)) > 1 and None not in kinds:
                handles.setdefault(" → ".join(_grouped(versions, kinds)), set()).add(case["id"])
            if len({_what(o) for o in outs}) < 2:
                continue
            if len({_what(o, lower_warning=True) for o in outs}) < 2:
                warnings = [o.get("warning") for o in outs]
                capitalised.setdefault(" → ".join(_grouped(
                    versions, [w.split(" ")[1] if w else "" for w in warnings])), set()).add(
                        case["id"])
                continue
            groups = []
            for v, o in zip(versions, outs):
                if groups and _what(groups[-1]["first"]) == _what(o):
                    groups[-1]["versions"].append(v)
                else:
                    groups.append({"versions": [v], "first": o})
            steps.append({"id": case["id"], "step": label,
                          "groups": [{"versions": g["versions"], "outcome": _render(g["first"])}
                                     for g in groups]})
    recurring = [{"what": "the socket is a %s" % k, "cases": sorted(c)}
                 for k, c in handles.items()]
    recurring += [{"what": "a warning's first word: %s" % k, "cases": sorted(c)}
                  for k, c in capitalised.items()]
    return {"recurring": recurring, "steps": steps}


def _grouped(versions, values):
    """["resource (7.4)", "Socket (8.2, 8.3)"]: runs of equal values."""
    out = []
    for v, value in zip(versions, values):
        if out and out[-1][0] == value:
            out[-1][1].append(v)
        else:
            out.append((value, [v]))
    return ["%s (%s)" % (value, ", ".join(vs)) for value, vs in out]



def not_run(runs, status_path):
    """[{"label", "why"}] for the PHP versions platforms/php_versions.py could
    not run here this time (build/tools/php/status.json); a column of such a
    version holds results kept from an earlier run, and says so."""
    path = pathlib.Path(status_path) if status_path else None
    if path is None or not path.exists():
        return []
    states = json.loads(path.read_text())
    have = {k[2] for k in runs if is_php(k)}
    return [{"label": "php %s (this machine, this run)" % v,
             "why": s["why"] + ("; its column holds the results of an earlier run"
                                if v in have else "")}
            for v, s in sorted(states.items()) if "why" in s]


def _cell_text(cell):
    status, message = cell["observed"]
    short = {"pass": "pass", "expected divergence": "expected", "not applicable": "n/a"}.get(
        cell["verdict"], cell["verdict"])
    return short + (": " + message if message and status != "PASS" else "")


def markdown(sections):
    """REPORT.md's section, from disagreements()."""
    lines = ["## Where PHP versions disagree", ""]
    if not sections:
        return lines + ["Fewer than two PHP versions have results on any platform.", ""]
    lines += ["Every case whose verdict or observed outcome (before expectations) differs "
              "between the PHP versions run on a platform. *New from* is the first version "
              "run that shows the behaviour (it may have come with a version in between that "
              "is not run); *n/a* is a case of a statement that holds for other versions "
              "(`php_versions` in statements.json).", ""]
    for section in sections:
        lines += ["### %s: PHP %s, %d cases differ" % (
            section["platform"], ", ".join(section["versions"]), len(section["rows"])), ""]
        lines += ["| case | " + " | ".join(section["versions"]) + " | new from |",
                  "|---|" + "---|" * len(section["versions"]) + "---|"]
        for row in section["rows"]:
            lines.append("| `%s` | %s | %s |" % (
                row["id"], " | ".join(_cell_text(c).replace("|", "\\|")[:90] for c in row["cells"]),
                ", ".join(c["version"] for c in row["changes"])))
        lines += ["", "What changed, and why (the reasons recorded in `conformance/expectations/php/`):", ""]
        for row in section["rows"]:
            for change in row["changes"]:
                was = next(c for c in row["cells"] if c["version"] == change["from"])
                if _cell_text(was) == _cell_text(change):
                    lines.append("- `%s`: from **%s**, the same verdict, but PHP returns "
                                 "otherwise (below)" % (row["id"], change["version"]))
                    continue
                lines.append("- `%s`: from **%s**, %s (until %s: %s)" % (
                    row["id"], change["version"], _cell_text(change), change["from"],
                    _cell_text(was)))
            for r in row["reasons"]:
                lines.append("  - why, %s: %s" % (", ".join(r["versions"]), r["reason"]))
        lines += ["", "What PHP returned, step by step, where versions differ (whatever the "
                  "verdict; a change that recurs in many cases is one line):", ""]
        for r in section["outcomes"]["recurring"]:
            lines.append("- %s — in %d cases (%s)" % (
                r["what"], len(r["cases"]), ", ".join("`%s`" % c for c in r["cases"][:4]) +
                (", …" if len(r["cases"]) > 4 else "")))
        for f in section["outcomes"]["steps"]:
            lines.append("- `%s` %s:" % (f["id"], f["step"]))
            for g in f["groups"]:
                lines.append("  - %s: %s" % (", ".join(g["versions"]),
                                             g["outcome"][:300].replace("\n", " ")))
        lines.append("")
    return lines
