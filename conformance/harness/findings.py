# SPDX-License-Identifier: MIT
"""reports/FINDINGS.md and the findings section of reports/index.html:
what PHP's maintainers can act on, each finding fileable as it stands --
the manual's statements (claim in our words, php.net page), the cases that
observe it and their verdict in every column (implementation, platform,
PHP version), the evidence, and what the manual or PHP would need to say or
do.

The findings are conformance/findings.json (written by people: evidence and
ask) and what the data shows that no entry there covers: every
contradiction of the manual (statements.contradicts), every statement no
implementation follows (no column passes its cases), every constant no PHP
version run defines. Nothing here is hand-written report text: the results
decide the columns, so the page cannot go stale.

  python3 conformance/harness/findings.py --results reports/results --out reports/FINDINGS.md

html_report.build calls build() for both files (./psock report).
"""
import argparse
import collections
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cases import ROOT, load_all_statements, load_cases  # noqa: E402

DATA = ROOT / "findings.json"
KINDS = collections.OrderedDict([
    ("contradiction", "The manual contradicts itself"),
    ("no-implementation-follows", "No PHP version follows the manual"),
    ("constant-no-php-defines", "Constants no PHP defines"),
    ("undocumented-version-change", "PHP changed behaviour; neither changelog nor migration "
                                    "guide says so"),
    ("php-bug", "PHP bugs that show across versions"),
])
VERDICT = {"PASS": "holds", "EXPECTED": "does not hold (expected divergence)",
           "FAIL": "does not hold", "UNSUPPORTED": "no verdict", "UNIMPLEMENTED": "no verdict",
           "UNCLAIMED": "no verdict", "INAPPLICABLE": "not this version's", "NONE": "no result"}


def load_findings():
    return json.loads(DATA.read_text(encoding="utf-8"))["findings"]


def _columns(runs):
    import html_report
    import version_report
    order = sorted(runs, key=lambda k: (html_report.IMPL_ORDER.get(k[0], 9), k[0], k[1],
                                        _version_key(k)))
    return [{"key": k, "impl": k[0], "label": version_report.column_label(k)} for k in order]


def _version_key(key):
    from versions import parse_version
    return parse_version(key[2]) or (0,)


def _statement(sid, statements):
    s = statements[sid]
    return {"id": sid, "claim": s.get("claim") or s.get("en") or s.get("quote", ""),
            "url": s.get("url") or _seed_url(s), "condition": s.get("condition"),
            "php_versions": s.get("php_versions")}


def _seed_url(s):
    fn = s.get("function")
    return "https://www.php.net/manual/en/function.%s.php" % fn.replace("_", "-") if fn else \
        "https://www.php.net/manual/en/book.sockets.php"


def _case_cells(case_id, columns, runs):
    """[{"verdict", "columns": [labels], "observed"}]: the columns grouped
    by their verdict on one case and what they did (the message)."""
    import html_report
    groups = collections.OrderedDict()
    for col in columns:
        rec = runs[col["key"]][2].get(case_id)
        css = html_report._css(rec)
        observed = ""
        if rec and css != "PASS":
            observed = (rec.get("observed") or {}).get("message") or rec.get("message", "")
        verdict = VERDICT.get(css, "does not hold (%s)" % css)
        g = groups.setdefault((verdict, observed), {"columns": [], "observed": observed,
                                                    "verdict": verdict})
        g["columns"].append(col["label"])
    return list(groups.values())


def _statement_rows(columns, runs, cases):
    """{statement id: [css per column]} over the spec cases checking it."""
    import html_report
    import manual_report
    found = manual_report.cases_by_statement()
    by_id = {c["id"]: c for c in cases}
    out = {}
    for sid, s in load_all_statements().items():
        if s.get("untestable") or s.get("tier", "spec") == "note" or s.get("section") == "note":
            continue
        if sid.startswith("manual."):
            ids = manual_report.checked_by(dict(s, id=sid), found)
        else:
            ids = [c["id"] for c in cases if sid in c["statements"] and c["tier"] == "spec"]
        ids = [i for i in ids if i in by_id]
        if ids:
            row = html_report._row([by_id[i] for i in ids], columns, runs)
            out[sid] = ([c["css"] for c in row["cells"]], ids)
    return out


def _where(statement):
    """The function or page a statement is on, as a maintainer names it."""
    from coverage import function_of
    fn = function_of(statement)
    if fn:
        return fn
    page = statement.get("page", "")
    return page.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "the sockets manual"


def _plain(statement):
    claim = statement.get("claim") or statement.get("en") or statement.get("quote", "")
    return claim.rstrip(".")


def _php_observed(case_ids, columns, runs):
    """What the PHP columns did on the cases, once per distinct message:
    "php 8.2 ...: step 9 (socket_read): ..."."""
    out = collections.OrderedDict()
    for cid in case_ids:
        for col in columns:
            if col["impl"] != "php":
                continue
            import html_report
            rec = runs[col["key"]][2].get(cid)
            if not rec or html_report._css(rec) not in ("FAIL", "EXPECTED"):
                continue  # a pass or no verdict shows nothing PHP did
            message = (rec.get("observed") or {}).get("message") or rec.get("message")
            if message:
                out.setdefault("%s: %s" % (cid, message[:160]), []).append(col["label"])
    return ["%s (%s)" % (m, ", ".join(labels)) for m, labels in out.items()]


def _derived(columns, runs, cases, covered):
    """Findings the data shows that no entry of findings.json covers."""
    statements = load_all_statements()
    out, seen = [], set(covered)
    for sid, s in statements.items():
        if not s.get("contradicts") or sid in seen:
            continue
        pair = [sid] + [o for o in s["contradicts"] if o not in seen]
        seen.update(pair)
        out.append({"id": "contradiction-" + sid, "kind": "contradiction",
                    "audience": "php/doc-en", "derived": True,
                    "title": "%s: \"%s\", yet \"%s\"" % (
                        _where(statements[sid]), _plain(statements[sid]),
                        "\", \"".join(_plain(statements[o]) for o in pair[1:])),
                    "statements": pair, "cases": [],
                    "evidence": " ".join("%s holds when: %s" % (x, statements[x]["condition"])
                                         for x in pair if statements[x].get("condition")) or
                    "No condition separating them is known.",
                    "ask": "On %s, say under which condition each holds, or drop the one that "
                           "does not." % " and ".join(sorted({statements[x].get("url") or
                                                             _seed_url(statements[x])
                                                             for x in pair}))})
    rows = _statement_rows(columns, runs, cases)
    undefined = {"id": "derived-constants", "kind": "constant-no-php-defines",
                 "audience": "php/doc-en", "derived": True,
                 "title": "Constants of the page that no PHP version run here defines",
                 "statements": [], "cases": [],
                 "evidence": "Every PHP column fails the case that asks for the constant (below); "
                             "the page does not confine these to another system in the statements "
                             "here. A constant the OS's headers lack is undefined by design where "
                             "the page says so (\"only defined if their equal is available\").",
                 "ask": "For each: say which systems define it (its group), or name the constant "
                        "PHP defines."}
    for sid, (cells, ids) in rows.items():
        if sid in seen:
            continue
        php = [c for col, c in zip(columns, cells) if col["impl"] == "php"]
        judged = [c for c in cells if c in ("PASS", "EXPECTED", "FAIL")]
        constant = statements[sid].get("page", "").endswith("constants.xml")
        if constant:
            if not php or "PASS" in php or not any(c in ("EXPECTED", "FAIL") for c in php):
                continue
            claim = statements[sid].get("claim", "")
            if " only" in claim and "Linux" not in claim:
                continue  # the page confines it to another system
            seen.add(sid)
            undefined["statements"].append(sid)
            undefined["cases"] += ids
            continue
        else:
            # A finding for PHP's maintainers: no PHP version follows the
            # sentence (other implementations may; the evidence says so).
            php_judged = [c for c in php if c in ("PASS", "EXPECTED", "FAIL")]
            if not php_judged or "PASS" in php_judged or not judged:
                continue
            kind = "no-implementation-follows"
            s = statements[sid]
            seen_php = _php_observed(ids, columns, runs)
            ask = ("On %s, say what PHP does instead of \"%s\" (observed: %s), or change "
                   "PHP to do what the page says." % (s.get("url") or _seed_url(s), _plain(s),
                                                       "; ".join(seen_php) or "see the cases"))
            others = sorted({col["label"] for col, c in zip(columns, cells)
                             if c == "PASS" and col["impl"] != "php"})
            evidence = ("No PHP version run (%s) passes the cases below%s" % (
                ", ".join(col["label"] for col in columns if col["impl"] == "php"),
                ("; %s %s." % (", ".join(others), "does" if len(others) == 1 else "do")
                 if others else "; no other column does either.")))
            title = "%s: no PHP version does what the page says: %s" % (_where(s), _plain(s))
        seen.add(sid)
        out.append({"id": "derived-" + sid, "kind": kind, "audience": "php/doc-en",
                    "derived": True, "title": title, "statements": [sid], "cases": ids,
                    "evidence": evidence, "ask": ask})
    if undefined["statements"]:
        out.append(undefined)
    return out


def build_findings(runs, cases=None):
    """[finding with "statement_info" and "case_cells"], curated first,
    grouped by kind in KINDS's order."""
    cases = load_cases() if cases is None else cases
    statements = load_all_statements()
    columns = _columns(runs)
    curated = load_findings()
    covered = {s for f in curated for s in f["statements"]}
    every = curated + _derived(columns, runs, cases, covered)
    for f in every:
        f["statement_info"] = [_statement(s, statements) for s in f["statements"]]
        f["case_cells"] = [{"id": c, "groups": _case_cells(c, columns, runs)}
                           for c in f["cases"]]
    order = list(KINDS)
    return sorted(every, key=lambda f: (order.index(f["kind"]), f.get("derived", False)))


def _cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def _columns_text(group, case):
    if len(case["groups"]) == 1:
        return "every column (%d)" % len(group["columns"])
    return ", ".join(group["columns"])


def render_markdown(findings, suite=None):
    lines = ["# Findings for PHP's maintainers", "",
             "Generated by `conformance/harness/findings.py` (`./psock report`) from "
             "`conformance/findings.json`, the manual's statements (`conformance/manual/`) and "
             "the results in `reports/results/`%s: do not edit. Each finding names the "
             "manual's statements (in our words, with the php.net page), the cases that observe "
             "them and their verdict in every column, the evidence, and what the manual or PHP "
             "would need to say or do." % (" (suite `%s`)" % suite if suite else ""), ""]
    counts = collections.Counter(f["kind"] for f in findings)
    lines += ["| kind | findings |", "|---|---|"]
    lines += ["| %s | %d |" % (title, counts[k]) for k, title in KINDS.items()]
    n = 0
    for kind, title in KINDS.items():
        mine = [f for f in findings if f["kind"] == kind]
        if not mine:
            continue
        lines += ["", "## %s" % title, ""]
        for f in mine:
            n += 1
            lines += ["### F%d. %s" % (n, f["title"]), "",
                      "For: %s%s." % (f["audience"], " (found in the data)" if f.get("derived")
                                      else ""), "", "Statements:", ""]
            for s in f["statement_info"]:
                lines.append("- `%s` ([php.net](%s)): %s%s%s" % (
                    s["id"], s["url"], _cell(s["claim"]),
                    " (PHP %s)" % s["php_versions"] if s["php_versions"] else "",
                    " *Holds when:* %s" % _cell(s["condition"]) if s["condition"] else ""))
            if f["case_cells"]:
                lines += ["", "Cases, and their verdict per column:", ""]
                for c in f["case_cells"]:
                    lines.append("- `%s`:" % c["id"])
                    for g in c["groups"]:
                        lines.append("  - %s: %s%s" % (g["verdict"], _columns_text(g, c),
                                                         " — " + _cell(g["observed"])[:200]
                                                         if g["observed"] else ""))
            lines += ["", "Evidence: %s" % _cell(f["evidence"]), "",
                      "What would need to change: %s" % _cell(f["ask"]), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def build(runs, out, suite=None, cases=None):
    """Write out/FINDINGS.md; return the findings for index.html."""
    findings = build_findings(runs, cases)
    (pathlib.Path(out) / "FINDINGS.md").write_text(render_markdown(findings, suite),
                                                   encoding="utf-8")
    return findings


def load_runs(directory):
    import report
    runs = {}
    for path in sorted(pathlib.Path(directory).glob("*.jsonl")):
        header, footer, recs = report.load(path)
        if header is None:
            continue
        runs[report.column_of(header)] = (
            header, footer, recs)
    return runs


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", default=str(ROOT.parent / "reports" / "results"))
    parser.add_argument("--out", default=str(ROOT.parent / "reports" / "FINDINGS.md"))
    args = parser.parse_args(argv)
    findings = build_findings(load_runs(args.results))
    pathlib.Path(args.out).write_text(render_markdown(findings), encoding="utf-8")
    print("findings: %d -> %s" % (len(findings), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
