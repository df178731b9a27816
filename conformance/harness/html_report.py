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

from cases import load_cases, load_extensions, load_platform_facts, load_statements
import version_report

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
IMPL_ORDER = {"psock": 0, "native": 1, "php": 2, "python": 3, "perl": 4}


# Statuses that are no verdict on the implementation: the platform lacks a
# feature, the driver lacks an op, or the case checks an extension the
# implementation does not claim.
NO_VERDICT = ("UNSUPPORTED", "UNIMPLEMENTED", "UNCLAIMED", "INAPPLICABLE")
# ... and, in a column, a case with no result at all.
NO_VERDICT_OR_RESULT = NO_VERDICT + ("NONE",)


def _css(case):
    if case is None:
        return "NONE"
    status = case["status"]
    if status == "PASS":
        return "PASS"
    if status == case.get("expected"):
        return "EXPECTED"
    return status


def _env(header):
    d = header.get("driver") or {}
    p = d.get("platform") or {}
    parts = [p.get("os"), p.get("os_version"), p.get("libc"), p.get("compiler"),
             p.get("arch"), "%s %s" % (d.get("implementation", ""), d.get("version", ""))]
    if p.get("build_distribution"):
        # A PHP build's origin: its system's headers decide its constants.
        parts.append("built on %s (glibc %s%s)" % (
            p["build_distribution"], p.get("build_glibc", "?"),
            "; the binary needs glibc %s" % p["binary_needs_glibc"]
            if p.get("binary_needs_glibc") else ""))
    return ", ".join(x for x in parts if x)


def column_counts(records, cases):
    """One column's results per tier: records are {case id: record}; cases
    the loaded cases. Only spec cases count toward spec conformance, over
    those the implementation got a verdict on; platform cases (the
    operating system's documented errors), user notes (true or false) and
    psock's extensions are counted apart."""
    tiers = collections.defaultdict(collections.Counter)
    for case in cases:
        tiers[case["tier"]][_css(records.get(case["id"]))] += 1

    def judged(t):
        return sum(n for k, n in tiers[t].items() if k not in NO_VERDICT_OR_RESULT)
    spec, ext, plat, note = tiers["spec"], tiers["extension"], tiers["platform"], tiers["note"]
    return {"passed": spec["PASS"], "judged": judged("spec"),
            "percent": "%.1f" % (100.0 * spec["PASS"] / judged("spec") if judged("spec") else 0),
            "expected": spec["EXPECTED"], "unsupported": spec["UNSUPPORTED"],
            "unimplemented": spec["UNIMPLEMENTED"],
            "unexpected": sum(judged(t) - tiers[t]["PASS"] - tiers[t]["EXPECTED"]
                              for t in ("spec", "platform", "note", "extension")),
            "platform_passed": plat["PASS"], "platform_judged": judged("platform"),
            "notes_true": note["PASS"], "notes_judged": judged("note"),
            "ext_passed": ext["PASS"], "ext_judged": judged("extension"),
            "ext_claimed": judged("extension") > 0 or ext["UNSUPPORTED"] > 0,
            "ext_unexpected": judged("extension") - ext["PASS"] - ext["EXPECTED"]}


def _row(its_cases, columns, runs, note=False):
    """The cells of one statement (or extension) row and of its cases. A
    user note's row says whether the note holds: true where its cases
    pass, false where one does not (expected or not: a finding, not a
    failure of the implementation)."""
    row_cases, cells, unexpected_in = [], [], set()
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
    for i, col in enumerate(columns):
        kinds = collections.Counter(rc["cells"][i]["css"] for rc in row_cases)
        n = len(row_cases)
        none = sum(kinds[k] for k in NO_VERDICT_OR_RESULT)
        bad = n - kinds["PASS"] - kinds["EXPECTED"] - none
        if n == 0:
            cell = {"css": "NONE", "text": ""}
        elif kinds["NONE"] == n:
            cell = {"css": "NONE", "text": "—"}
        elif bad:
            cell = {"css": "FAIL", "text": "%d unexpected" % bad}
            unexpected_in.add(col["impl"])
        elif kinds["EXPECTED"]:
            cell = {"css": "EXPECTED", "text": "%d expected" % kinds["EXPECTED"]}
        elif kinds["UNCLAIMED"] == n:
            cell = {"css": "UNCLAIMED", "text": "not claimed"}
        elif kinds["INAPPLICABLE"] == n:
            cell = {"css": "INAPPLICABLE", "text": "not this version's"}
        elif kinds["PASS"] == 0:
            lack = "UNIMPLEMENTED" if kinds["UNIMPLEMENTED"] else "UNSUPPORTED"
            cell = {"css": lack, "text": "not in the driver" if kinds["UNIMPLEMENTED"]
                    else "unsupported"}
        else:
            gaps = kinds["UNSUPPORTED"] + kinds["UNIMPLEMENTED"] + kinds["INAPPLICABLE"]
            cell = {"css": "PASS", "text": "%d/%d" % (kinds["PASS"], n) + (
                ", %d without a verdict" % gaps if gaps else "")}
        if note and cell["css"] in ("PASS", "EXPECTED", "FAIL") and n:
            holds = cell["css"] == "PASS" and kinds["PASS"] + none == n
            cell = {"css": "PASS" if holds else "EXPECTED",
                    "text": "true" if holds else "false"}
        cell["impl"] = col["impl"]
        cells.append(cell)
    return {"cases": row_cases, "cells": cells, "unexpected_in": sorted(unexpected_in),
            "divergent": len({c["css"] for c in cells if c["css"] != "NONE"}) > 1}


def build(runs, known_platforms, out, php_status=None):
    """runs: {(impl, platform-arch, compiler): (header, footer, {id: record})}
    (report.column_of)."""
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
            # A folded column's own environment (another PHP build) stays told.
            seen[sig]["same_env"].append("%s: %s" % (key[2], _env(header)))
            continue
        col = dict(column_counts(recs, cases), key=key, impl=key[0],
                   label=version_report.column_label(key), env=_env(header), same=[],
                   same_env=[],
                   suite=header.get("suite"))
        seen[sig] = col
        columns.append(col)
    for col in columns:
        col["same_as"] = ", ".join("%s: same as %s" % (c, col["key"][2]) for c in col["same"])
    suites = collections.Counter(c["suite"] for c in columns)
    suite = suites.most_common(1)[0][0] if suites else "none"

    # One row per statement of statements.json, page by page, with the spec
    # cases that check it; then one row per psock extension.
    # A statement's row holds the cases of its own tier (spec, or note for a
    # user note); platform cases are rows of the facts they cite.
    by_statement = collections.defaultdict(list)
    for case in cases:
        if case["tier"] in ("spec", "note"):
            for sid in case["statements"]:
                by_statement[sid].append(case)
    pages = collections.OrderedDict()
    for s in load_statements().values():
        page = pages.setdefault(s["seed"], {"seed": s["seed"],
                                            "title": PAGE_TITLES.get(s["seed"][:3], s["seed"]),
                                            "rows": []})
        note = s["section"] == "note"
        row = _row([c for c in by_statement.get(s["id"], []) if (c["tier"] == "note") == note],
                   columns, runs, note=note)
        row.update(id=s["id"], quote=s["quote"], en=s.get("en"), tier="note" if note else "spec",
                   untestable=s.get("untestable"), same_as=s.get("same_as"))
        page["rows"].append(row)
    facts = {"seed": "platform.json", "rows": [],
             "title": "Platform tier: what the operating systems document (conformance/platform.json)"}
    for fact in load_platform_facts().values():
        row = _row([c for c in cases if c["tier"] == "platform" and fact["id"] in c["platform"]],
                   columns, runs)
        row.update(id=fact["id"], tier="platform",
                   quote="%s: %s" % (fact["source"], "; ".join(
                       "%s: %s" % kv for kv in sorted(fact["errors"].items()))),
                   en=None, untestable=None, same_as=None)
        facts["rows"].append(row)
    pages[facts["seed"]] = facts
    extensions = []
    for ext in load_extensions().values():
        row = _row([c for c in cases if c.get("extension") == ext["id"]], columns, runs)
        row.update(id=ext["id"], quote=ext["choice"], en=None, untestable=None,
                   same_as=None, spec_says=ext["spec_says"])
        extensions.append(row)
    manual_pages = _manual_pages(cases, columns, runs)
    ran = {header["platform"] for (header, _, _) in runs.values()}
    not_run = [{"label": "(any) %s" % p, "why": NOT_RUN_WHY.get(p, "not run")}
               for p in known_platforms if p not in ran]
    not_run += version_report.not_run(runs, php_status)
    php_versions = version_report.disagreements(runs, cases)
    import findings as findings_report
    findings = findings_report.build(runs, out, suite, cases)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(pathlib.Path(__file__).with_name("templates"))),
        autoescape=True, keep_trailing_newline=True)
    page_list = list(pages.values())
    rows_total = sum(len(p["rows"]) for p in page_list) + len(extensions)
    text = env.get_template("index.html.j2").render(
        columns=columns, not_run=not_run, pages=page_list, extensions=extensions,
        rows_total=rows_total, php_versions=php_versions, manual_pages=manual_pages,
        findings=findings, finding_kinds=findings_report.KINDS,
        impls=sorted({c["impl"] for c in columns}, key=lambda i: IMPL_ORDER.get(i, 9)),
        suite=suite)
    (out / "index.html").write_text(text)
    (out / "REPORT.md").write_text(_markdown(columns, page_list, extensions, not_run, suite,
                                             php_versions, manual_pages))
    return rows_total


def _manual_pages(cases, columns, runs):
    """The manual's whole reference (conformance/manual/), page by page:
    its counts, and per column how many of its checked statements hold
    there (every case that checks them passes) of those with a verdict;
    then the statements that contradict each other, with each column's
    verdict on both sides."""
    import manual
    import manual_report
    found = manual_report.cases_by_statement()
    by_id = {c["id"]: c for c in cases}
    pages, contradictions = [], []
    guides = [_page_holds(p, found, by_id, columns, runs) for p in manual.load_migration_pages()]
    for page in manual.load_pages():
        counts = manual_report.page_counts(page, found)
        holds = []
        for i, _ in enumerate(columns):
            passed = judged = 0
            for st in page["statements"]:
                ids = manual_report.checked_by(st, found)
                if st.get("untestable") or not ids:
                    continue
                row = _row([by_id[c] for c in ids if c in by_id], columns, runs)
                css = row["cells"][i]["css"]
                if css in NO_VERDICT_OR_RESULT:
                    continue
                judged += 1
                passed += css == "PASS"
            holds.append({"passed": passed, "judged": judged})
        pages.append(dict(counts, title=page["title"], url=page["url"], holds=holds))
        for st in page["statements"]:
            if st.get("contradicts"):
                ids = manual_report.checked_by(st, found)
                row = _row([by_id[c] for c in ids if c in by_id], columns, runs)
                contradictions.append({"id": st["id"], "claim": st["claim"], "url": page["url"],
                                       "contradicts": st["contradicts"],
                                       "condition": st.get("condition"), "cells": row["cells"]})
    return {"pages": pages, "contradictions": contradictions, "migration": guides,
            "incoherent": incoherent_contradictions(contradictions, columns)}


def incoherent_contradictions(contradictions, columns):
    """["column: a and b both hold"] for every column where two statements
    that contradict each other both hold (every case of each passes) while
    one of them says no condition under which it holds: a report row may
    show both sides holding only with what separates them."""
    by_id = {c["id"]: c for c in contradictions}
    wrong = []
    for c in contradictions:
        for other_id in c["contradicts"]:
            other = by_id.get(other_id)
            if other is None or other_id < c["id"]:
                continue
            if c.get("condition") and other.get("condition"):
                continue
            for i, col in enumerate(columns):
                if c["cells"][i]["css"] == "PASS" and other["cells"][i]["css"] == "PASS":
                    wrong.append("%s: %s and %s both hold, and no condition separates them" % (
                        col["label"], c["id"], other_id))
    return wrong


def _page_holds(page, found, by_id, columns, runs):
    """One page's counts and, per column, how many of its checked statements
    hold there of those with a verdict (a migration guide's page)."""
    import manual_report
    holds = []
    for i, _ in enumerate(columns):
        passed = judged = 0
        for st in page["statements"]:
            ids = manual_report.checked_by(st, found)
            if st.get("untestable") or not ids:
                continue
            css = _row([by_id[c] for c in ids if c in by_id], columns, runs)["cells"][i]["css"]
            if css in NO_VERDICT_OR_RESULT:
                continue
            judged += 1
            passed += css == "PASS"
        holds.append({"passed": passed, "judged": judged})
    return dict(manual_report.page_counts(page, found), title=page["title"], url=page["url"],
                holds=holds)


def _pages_table(what, pages, columns):
    """A table of pages (what: page or guide): counts, and per column how
    many checked statements hold of those with a verdict."""
    lines = ["| %s | statements | testable | checked | " % what +
             " | ".join(c["label"] for c in columns) + " |",
             "|---|---|---|---|" + "---|" * len(columns)]
    for p in pages:
        lines.append("| [%s](%s) | %d | %d | %d | %s |" % (
            p["title"], p["url"], p["statements"], p["testable"], p["covered"],
            " | ".join("%d/%d" % (h["passed"], h["judged"]) if h["judged"] else "-"
                       for h in p["holds"])))
    return lines


def _manual_markdown(columns, manual_pages, letter):
    lines = ["## The manual, page by page", "",
             "The whole sockets reference of the PHP manual (`conformance/manual/`, cited by "
             "locator, anchor and hash, never copied): each page's statements, how many are "
             "testable and checked by a case of their tier calling the page's function, and per "
             "column how many of its checked statements hold there (every case passes) of "
             "those with a verdict. Every statement and its cases: "
             "[conformance/manual/COVERAGE.md](../conformance/manual/COVERAGE.md).", "",
             ] + _pages_table("page", manual_pages["pages"], columns)
    if manual_pages.get("migration"):
        lines += ["", "### The migration guides' sockets entries (counted apart)", "",
                  "doc-en's `appendices/migration*` at the same commit "
                  "(`conformance/manual/migration/`): each guide's sockets entries, checked on "
                  "the PHP versions they name; entries about versions before 7.4 are not run.", ""
                  ] + _pages_table("guide", manual_pages["migration"], columns)
    if manual_pages["contradictions"]:
        lines += ["", "### Where the manual contradicts itself", "",
                  "Both sides are statements with cases, each checked by cases observing its own "
                  "claim; each column shows which side holds there (P holds, E or F does not, - "
                  "no verdict). Where both sides hold in one column, the condition after each "
                  "claim (from php-src or the operating system) is what separates them.", "",
                  "| statement | contradicts | " + " | ".join(c["label"] for c in columns) +
                  " |", "|---|---|" + "---|" * len(columns)]
        for c in manual_pages["contradictions"]:
            lines.append("| [`%s`](%s): %s%s | %s | %s |" % (
                c["id"], c["url"], c["claim"].replace("|", "\\|"),
                (" *Holds when:* " + c["condition"].replace("|", "\\|")) if c.get("condition")
                else "",
                ", ".join("`%s`" % x for x in c["contradicts"]),
                " | ".join(letter.get(cell["css"], "F") for cell in c["cells"])))
        for wrong in manual_pages.get("incoherent", []):
            lines.append("- **Incoherent:** %s." % wrong)
    return lines + [""]


def _markdown(columns, pages, extensions, not_run, suite, php_versions=(), manual_pages=None):
    reasons = collections.OrderedDict()

    def ref(reason):
        if reason not in reasons:
            reasons[reason] = len(reasons) + 1
        return "[r%d]" % reasons[reason]

    lines = ["# psock conformance: the summary", "",
             "Statements of the PHP sockets manual (`conformance/spec/`) against each "
             "implementation and platform; suite `%s`. The whole matrix, with every "
             "case: [index.html](index.html); every statement and its cases: "
             "[conformance/COVERAGE.md](../conformance/COVERAGE.md)." % suite, "",
             "## Totals", "",
             "Four tiers, judged and counted apart. **Spec conformance** counts spec cases "
             "only (what the manual's own text states), over those the implementation got a "
             "verdict on. **Platform**: where the manual defers to the operating system "
             "(which error a failed call reports), judged against the system's documentation "
             "(`conformance/platform.json`), never against PHP. **Notes**: user notes' claims, "
             "true or false per column (a false note is a finding, not a failure). "
             "**Extensions**: psock's own choices, only for an implementation that claims them.",
             "",
             "| column | spec conformance | expected spec divergences | platform | notes true "
             "| psock extensions | unexpected (all tiers) | unsupported | not in the driver |",
             "|---|---|---|---|---|---|---|---|---|"]
    for c in columns:
        label = c["label"] + (" (%s)" % c["same_as"] if c["same_as"] else "")
        ext = ("%d/%d" % (c["ext_passed"], c["ext_judged"]) if c["ext_claimed"]
               else "not claimed")
        lines.append("| %s | %d/%d (%s%%) | %d | %d/%d | %d/%d | %s | %d | %d | %d |" % (
            label, c["passed"], c["judged"], c["percent"], c["expected"],
            c["platform_passed"], c["platform_judged"], c["notes_true"], c["notes_judged"],
            ext, c["unexpected"], c["unsupported"], c["unimplemented"]))
    for nr in not_run:
        lines.append("| %s | not run: %s | | | | | | | |" % (nr["label"], nr["why"]))
    lines += ["", "## Where columns disagree", "",
              "Statements (and extensions) whose verdict differs between columns (P pass, "
              "E expected divergence, F unexpected, U unsupported, I not in the driver, N not "
              "claimed, A not applicable to this PHP version, - no result).", "",
              "| statement | " + " | ".join(c["label"] for c in columns) + " |",
              "|---|" + "---|" * len(columns)]
    letter = {"PASS": "P", "EXPECTED": "E", "UNSUPPORTED": "U", "UNIMPLEMENTED": "I",
              "UNCLAIMED": "N", "INAPPLICABLE": "A",
              "NONE": "-", "FAIL": "F"}
    every_row = [r for page in pages for r in page["rows"]] + extensions
    for row in every_row:
        if not row["divergent"]:
            continue
        marks = []
        for i, cell in enumerate(row["cells"]):
            why = {rc["cells"][i]["note"] for rc in row["cases"]
                   if rc["cells"][i]["css"] == "EXPECTED" and rc["cells"][i]["note"]}
            marks.append(letter.get(cell["css"], "F") +
                         "".join(" " + ref(w) for w in sorted(why)))
        lines.append("| `%s` | %s |" % (row["id"], " | ".join(marks)))
    lines += [""] + version_report.markdown(php_versions)
    if manual_pages:
        lines += _manual_markdown(columns, manual_pages, letter)
    lines += ["## Unexpected results", ""]
    n, listed = 0, set()
    for row in every_row:
        for rc in row["cases"]:
            for i, cell in enumerate(rc["cells"]):
                if cell["css"] not in ("PASS", "EXPECTED") + NO_VERDICT_OR_RESULT \
                        and (rc["id"], i) not in listed:
                    listed.add((rc["id"], i))
                    n += 1
                    lines.append("- `%s` on %s: %s %s" % (
                        rc["id"], columns[i]["label"], cell["status"], cell["title"][:160]))
    if n == 0:
        lines.append("None.")
    lines += ["", "## Reasons", ""]
    lines += ["- [r%d] %s" % (k, html.unescape(r).replace("\n", " ")) for r, k in reasons.items()]
    return "\n".join(lines) + "\n"
