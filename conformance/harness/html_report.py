# SPDX-License-Identifier: MIT
"""reports/index.html and reports/REPORT.md from the runs report.py loaded.

index.html (Jinja2, one self-contained page, works from file://): one row
per statement of the specification -- a quote of a seed page, grouped by
page -- expandable to its cases; one column per implementation x platform x
compiler, identical columns shown once; filters for unexpected results,
divergent rows and one implementation. REPORT.md: the same, compact enough
for a pull request or a CI summary, each reason stated once and referenced.
"""
import collections
import html
import json
import pathlib

from cases import load_cases

SEEDS = pathlib.Path(__file__).resolve().parents[3] / "shared" / "seeds"
PAGE_TITLES = {
    "000": "socket_accept (French) and its user notes",
    "001": "socket_accept user notes (markdown)",
    "002": "Sockets extension overview: constants, errors, examples, functions",
    "003": "socket_listen (French)",
    "004": "socket_create_pair (French)",
}
# Why a platform the project names has no results, when it has none: the
# one list's "not_run", else that no host of it ran the suite.
PLATFORMS = json.loads((pathlib.Path(__file__).resolve().parents[2] / "platforms" /
                        "platforms.json").read_text())
NOT_RUN_WHY = {p["label"]: p.get("not_run", "no host that runs %s ran the suite" % p["name"])
               for p in reversed(PLATFORMS)}
IMPL_ORDER = {"psock": 0, "native": 1, "php": 2, "python": 3}


def _css(case):
    if case is None:
        return "NONE"
    status = case["status"]
    if status == "PASS":
        return "PASS"
    if status == case.get("expected"):
        return "EXPECTED"
    if status == "UNSUPPORTED":
        return "UNSUPPORTED"
    return status


def _env(header):
    d = header.get("driver") or {}
    p = d.get("platform") or {}
    parts = [p.get("os"), p.get("os_version"), p.get("libc"), p.get("compiler"),
             p.get("arch"), "%s %s" % (d.get("implementation", ""), d.get("version", ""))]
    return ", ".join(x for x in parts if x)


def build(runs, known_platforms, out):
    """runs: {(impl, platform, compiler): (header, footer, {id: record})}."""
    import jinja2  # Debian: python3-jinja2

    cases = load_cases()
    order = sorted(runs, key=lambda k: (IMPL_ORDER.get(k[0], 9), k[0], k[1], k[2]))
    # Columns that agree case by case are one column.
    columns, seen = [], {}
    for key in order:
        header, footer, recs = runs[key]
        sig = (key[0], key[1], tuple(sorted((i, r["status"]) for i, r in recs.items())))
        if sig in seen:
            seen[sig]["same"].append(key[2])
            continue
        counts = collections.Counter(_css(r) for r in recs.values())
        total = len(recs)
        col = {"key": key, "impl": key[0], "label": "%s %s (%s)" % key,
               "total": total, "passed": counts["PASS"],
               "percent": "%.1f" % (100.0 * counts["PASS"] / total if total else 0),
               "expected": counts["EXPECTED"], "unsupported": counts["UNSUPPORTED"],
               "unexpected": total - counts["PASS"] - counts["EXPECTED"] - counts["UNSUPPORTED"],
               "env": _env(header), "same": [], "suite": header.get("suite")}
        seen[sig] = col
        columns.append(col)
    for col in columns:
        col["same_as"] = ", ".join("%s: same as %s" % (c, col["key"][2]) for c in col["same"])
    suites = collections.Counter(c["suite"] for c in columns)
    suite = suites.most_common(1)[0][0] if suites else "none"

    # Statements: the distinct quotes of the cases, in page order.
    statements = collections.OrderedDict()
    for case in cases:
        spec = case.get("spec", {})
        k = (spec.get("seed", "?"), spec.get("quote", "?"))
        statements.setdefault(k, []).append(case)
    pages = collections.OrderedDict()
    for (seed, quote), its_cases in sorted(statements.items(), key=lambda kv: kv[0][0][:3]):
        page = pages.setdefault(seed, {"seed": seed, "title": PAGE_TITLES.get(seed[:3], seed),
                                       "rows": []})
        row_cases, cells = [], []
        for case in its_cases:
            cc = []
            for col in columns:
                rec = runs[col["key"]][2].get(case["id"])
                css = _css(rec)
                cc.append({"impl": col["impl"], "css": css,
                           "status": rec["status"] if rec else "—",
                           "title": (rec or {}).get("message", ""),
                           "note": (rec or {}).get("reason") if css == "EXPECTED" else
                           ((rec or {}).get("message") if css not in ("PASS", "NONE") else "")})
            row_cases.append({"id": case["id"], "description": case.get("description", ""),
                              "cells": cc})
        unexpected_in = set()
        for i, col in enumerate(columns):
            kinds = collections.Counter(rc["cells"][i]["css"] for rc in row_cases)
            n = len(row_cases)
            bad = n - kinds["PASS"] - kinds["EXPECTED"] - kinds["UNSUPPORTED"] - kinds["NONE"]
            if kinds["NONE"] == n:
                cell = {"css": "NONE", "text": "—"}
            elif bad:
                cell = {"css": "FAIL", "text": "%d unexpected" % bad}
                unexpected_in.add(col["impl"])
            elif kinds["EXPECTED"]:
                cell = {"css": "EXPECTED", "text": "%d expected" % kinds["EXPECTED"]}
            elif kinds["UNSUPPORTED"] == n:
                cell = {"css": "UNSUPPORTED", "text": "unsupported"}
            else:
                cell = {"css": "PASS", "text": "%d/%d" % (kinds["PASS"], n) + (
                    ", %d unsupported" % kinds["UNSUPPORTED"] if kinds["UNSUPPORTED"] else "")}
            cell["impl"] = col["impl"]
            cells.append(cell)
        page["rows"].append({"quote": quote, "cases": row_cases, "cells": cells,
                             "unexpected_in": sorted(unexpected_in),
                             "divergent": len({c["css"] for c in cells if c["css"] != "NONE"}) > 1})
    ran = {k[1] for k in runs}
    not_run = [{"label": "(any) %s" % p, "why": NOT_RUN_WHY.get(p, "not run")}
               for p in known_platforms if p not in ran]

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(pathlib.Path(__file__).with_name("templates"))),
        autoescape=True, keep_trailing_newline=True)
    page_list = list(pages.values())
    rows_total = sum(len(p["rows"]) for p in page_list)
    text = env.get_template("index.html.j2").render(
        columns=columns, not_run=not_run, pages=page_list, rows_total=rows_total,
        impls=sorted({c["impl"] for c in columns}, key=lambda i: IMPL_ORDER.get(i, 9)),
        suite=suite)
    (out / "index.html").write_text(text)
    (out / "REPORT.md").write_text(_markdown(columns, page_list, not_run, suite))
    return rows_total


def _markdown(columns, pages, not_run, suite):
    reasons = collections.OrderedDict()

    def ref(reason):
        if reason not in reasons:
            reasons[reason] = len(reasons) + 1
        return "[r%d]" % reasons[reason]

    lines = ["# psock conformance: the summary", "",
             "Statements of the PHP sockets manual (`shared/seeds/`) against each "
             "implementation and platform; suite `%s`. The whole matrix, with every "
             "case: [index.html](index.html); every result: `results/`." % suite, "",
             "## Totals", "",
             "| column | passing | expected divergences | unexpected | unsupported |",
             "|---|---|---|---|---|"]
    for c in columns:
        label = c["label"] + (" (%s)" % c["same_as"] if c["same_as"] else "")
        lines.append("| %s | %d/%d (%s%%) | %d | %d | %d |" % (
            label, c["passed"], c["total"], c["percent"], c["expected"],
            c["unexpected"], c["unsupported"]))
    for nr in not_run:
        lines.append("| %s | not run: %s | | | |" % (nr["label"], nr["why"]))
    lines += ["", "## Where columns disagree", "",
              "Statements whose verdict differs between columns (P pass, E expected "
              "divergence, F unexpected, U unsupported, - no result).", "",
              "| statement | " + " | ".join(c["label"] for c in columns) + " |",
              "|---|" + "---|" * len(columns)]
    letter = {"PASS": "P", "EXPECTED": "E", "UNSUPPORTED": "U", "NONE": "-", "FAIL": "F"}
    for page in pages:
        for row in page["rows"]:
            if not row["divergent"]:
                continue
            quote = row["quote"] if len(row["quote"]) <= 70 else row["quote"][:67] + "..."
            marks = []
            for i, cell in enumerate(row["cells"]):
                why = {rc["cells"][i]["note"] for rc in row["cases"]
                       if rc["cells"][i]["css"] == "EXPECTED" and rc["cells"][i]["note"]}
                marks.append(letter.get(cell["css"], "F") +
                             "".join(" " + ref(w) for w in sorted(why)))
            lines.append("| %s (%s) | %s |" % (quote.replace("|", "\\|"), page["seed"][:3],
                                                " | ".join(marks)))
    lines += ["", "## Unexpected results", ""]
    n = 0
    for page in pages:
        for row in page["rows"]:
            for rc in row["cases"]:
                for i, cell in enumerate(rc["cells"]):
                    if cell["css"] not in ("PASS", "EXPECTED", "UNSUPPORTED", "NONE"):
                        n += 1
                        lines.append("- `%s` on %s: %s %s" % (
                            rc["id"], columns[i]["label"], cell["status"], cell["title"][:160]))
    if n == 0:
        lines.append("None.")
    lines += ["", "## Reasons", ""]
    lines += ["- [r%d] %s" % (k, html.unescape(r).replace("\n", " ")) for r, k in reasons.items()]
    return "\n".join(lines) + "\n"
