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
        builds = {k[2]: build_origin(runs[k][0]) for k in keys}
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
            for change in changes:
                change["decided_by"], change["evidence"] = attribute(
                    case, cells, signatures, change, builds)
            rows.append({"id": case["id"], "statements": case.get("statements", []),
                         "cells": cells, "changes": changes, "reasons": reasons})
        out.append({"platform": platform, "versions": [k[2] for k in keys], "rows": rows,
                    "builds": [dict(builds[k[2]], version=k[2]) for k in keys],
                    "outcomes": outcome_differences([runs[k][2] for k in keys],
                                                    [k[2] for k in keys], cases)})
    return out


_BUILD_KEYS = ("distribution", "glibc", "package")
_LABEL = re.compile(r"^\S+ \(PHP [^,]+, (?P<rest>.*)\)$")


def build_origin(header):
    """Where a PHP column's build comes from: {"distribution", "glibc",
    "package", "source"}. The result header's own record when the driver
    gives one (a dict with a "distribution" under driver.build or
    driver.platform.build); else what the column's label says ("Amazon
    Linux 2 build", "Debian package php8.2-cli ..."), glibc unknown."""
    driver = (header or {}).get("driver") or {}
    platform = driver.get("platform") or {}
    for rec in (driver.get("build"), platform.get("build"), platform.get("origin"),
                driver.get("origin")):
        if isinstance(rec, dict) and rec.get("distribution"):
            out = {k: rec.get(k) for k in _BUILD_KEYS}
            out["source"] = "result header"
            return out
    label = str(platform.get("compiler") or "")
    m = _LABEL.match(label)
    rest = m.group("rest") if m else label
    out = {"distribution": None, "glibc": None, "package": None, "source": "column label"}
    if rest.startswith("Debian package "):
        out.update(distribution="Debian", package=rest[len("Debian package "):])
    else:
        parts = [x.strip() for x in rest.split(",")]
        for part in parts:
            if part.endswith(" build"):
                out["distribution"] = part[:-len(" build")]
            elif part.startswith("@") or "package" in part:
                out["package"] = part
    return out


def _build_text(build):
    bits = [build.get("distribution") or "unknown system"]
    if build.get("glibc"):
        bits.append("glibc %s" % build["glibc"])
    if build.get("package"):
        bits.append(build["package"])
    return ", ".join(bits)


def _gates(case):
    from cases import load_all_statements
    statements = load_all_statements()
    return ["%s (PHP %s)" % (s, statements[s]["php_versions"]) for s in case.get("statements", [])
            if statements.get(s, {}).get("php_versions")]


def _rule_gate(reason):
    """The php_versions of the expectation rule that wrote this reason."""
    if not reason:
        return None
    import expectations
    rules = json.loads((expectations.ROOT / "php" / "reasons.json").read_text())
    return next((r.get("php_versions") for r in rules if r["reason"] == reason), None)


def _only_php_wording(before, after):
    """Steps that differ only in an exception's or warning's text: PHP's own
    words, which no system header decides."""
    if len(before) != len(after):
        return False
    for a, b in zip(before, after):
        da, db = json.loads(a), json.loads(b)
        keys = {k for k in set(da) | set(db) if da.get(k) != db.get(k)}
        if keys - {"message", "warning"}:
            return False
        if "message" in keys and not (da.get("exception") and db.get("exception")):
            return False
    return True


def _exceptions(steps):
    return {json.loads(s).get("exception") for s in steps} - {None}


def _constant_case(case):
    return bool(case.get("steps")) and all(s["op"] == "constant" for s in case["steps"])


def attribute(case, cells, signatures, change, builds):
    """("version" | "build" | "undecided", evidence) for one change between
    two consecutive PHP columns. The version decides where a statement or
    an expectation rule is gated by version, where two builds of one system
    differ, or where only PHP's own wording changes; the build decides where
    the behaviour follows the build system rather than the version order
    (a constant the build's headers lack, a header's value)."""
    versions = [c["version"] for c in cells]
    i = versions.index(change["version"])
    j = i - 1
    was, now = cells[j], cells[i]
    dist = {v: builds[v].get("distribution") for v in versions}
    if "not applicable" in (was["verdict"], now["verdict"]):
        gates = _gates(case)
        return "version", "the case's statement is gated by version: %s" % (
            ", ".join(gates) or "php_versions")
    for cell in (now, was):
        gate = _rule_gate(cell["reason"])
        if gate:
            return "version", "the recorded reason holds for PHP %s (conformance/expectations/" \
                "php/reasons.json)" % gate
    sig = dict(zip(versions, signatures))
    same = [(a, b) for a in versions[:i] for b in versions[i:]
            if dist[a] and dist[a] == dist[b] and sig[a] == sig[was["version"]]
            and sig[b] == sig[now["version"]]]
    if same:
        a, b = same[0]
        return "version", "PHP %s and %s are both %s builds and differ the same way" % (
            a, b, dist[a])
    thrown = [_exceptions(c["steps"]) for c in (was, now)]
    if thrown[0] != thrown[1]:
        return "version", "PHP itself throws %s where PHP %s did not (an exception is PHP's " \
            "own check, never the system's)" % (", ".join(thrown[1] - thrown[0]) or
                                                 "no longer " + ", ".join(thrown[0] - thrown[1]),
                                                 was["version"])
    if _only_php_wording(was["steps"], now["steps"]):
        return "version", "only the text of PHP's own exception or warning changes"
    if _constant_case(case) and _gates(case):
        return "build", "both versions define the constant by the manual (%s), so whether " \
            "it exists and its value are decided by the build's system headers: PHP %s is %s, " \
            "PHP %s is %s" % (
                ", ".join(_gates(case)), was["version"], _build_text(builds[was["version"]]),
                now["version"], _build_text(builds[now["version"]]))
    judged = [(v, repr(signatures[k])) for k, v in enumerate(versions)
              if cells[k]["verdict"] != "not applicable" and dist[v]]
    per_build = {}
    for v, sig in judged:
        per_build.setdefault(dist[v], set()).add(sig)
    order = [sig for _, sig in judged]
    runs = sum(1 for k in range(1, len(order)) if order[k] != order[k - 1])
    if (len(per_build) > 1 and all(len(s) == 1 for s in per_build.values())
            and runs > len(set(order)) - 1):
        groups = {}
        for v, sig in judged:
            groups.setdefault(sig, []).append("%s (%s)" % (v, _build_text(builds[v])))
        return "build", "the outcome follows the build, not the version order: " + "; ".join(
            " = ".join(g) for g in groups.values())
    return "undecided", "PHP %s (%s) and PHP %s (%s) differ in version and build alike" % (
        was["version"], _build_text(builds[was["version"]]), now["version"],
        _build_text(builds[now["version"]]))


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


# A temp path's counter prefix ("<tmp>/c232-bound.sock") is the harness's,
# not PHP's: the same role's file compares equal across versions.
_TEMP_COUNTER = re.compile(r"(<tmp>/)c\d+-")


def _untemp(value):
    return _TEMP_COUNTER.sub(r"\1", value) if isinstance(value, str) else value


def _what(o, lower_warning=False):
    d = {k: _untemp(v) for k, v in o.items() if k not in _RUN_FIELDS}
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


def _decided(change):
    return "Decided by the %s: %s." % (
        {"version": "PHP version", "build": "build",
         "undecided": "PHP version or the build (undecided)"}[change["decided_by"]],
        change["evidence"])


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
        lines += ["Builds: " + "; ".join("PHP %s: %s (from the %s)" % (
            b["version"], _build_text(b), b["source"]) for b in section.get("builds", [])) + ".",
                  ""]
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
                                 "otherwise (below). %s" % (row["id"], change["version"],
                                                           _decided(change)))
                    continue
                lines.append("- `%s`: from **%s**, %s (until %s: %s). %s" % (
                    row["id"], change["version"], _cell_text(change), change["from"],
                    _cell_text(was), _decided(change)))
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
