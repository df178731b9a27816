# SPDX-License-Identifier: MIT
"""Contradictions that cohere (issue 24 §3): each side of a contradiction of
the manual is checked by cases that observe its own claim, says the
condition under which it holds, and no report row shows both sides holding
in one column without that condition."""
import json
import pathlib

import html_report
import manual
import manual_report
import report
from cases import load_cases

RESULTS = manual.ROOT.parent / "reports" / "results"


def _sides():
    statements = manual.load_statements()
    return statements, [(sid, other) for sid, s in statements.items()
                        for other in s.get("contradicts", []) if sid < other]


def test_each_side_says_when_it_holds():
    statements, pairs = _sides()
    assert pairs
    short = [sid for sid, s in statements.items()
             if s.get("contradicts") and len(s.get("condition", "")) < 40]
    assert not short, "a side of a contradiction without its condition: %s" % short


def test_no_case_observes_both_sides():
    """A case citing both sides credits both with one observation: the one
    side it saw holds, the other is then reported holding too."""
    _, pairs = _sides()
    wrong = ["%s: %s and %s" % (c["id"], a, b) for c in load_cases() for a, b in pairs
             if a in c["statements"] and b in c["statements"]]
    assert not wrong, wrong


def test_each_side_has_a_case_of_its_own():
    statements, _ = _sides()
    found = manual_report.cases_by_statement()
    missing = [sid for sid, s in statements.items()
               if s.get("contradicts") and not s.get("untestable") and not found.get(sid)]
    assert not missing, missing


def _cell(css):
    return {"css": css}


def test_both_sides_holding_without_a_condition_is_reported_incoherent():
    columns = [{"label": "x"}, {"label": "y"}]
    rows = [{"id": "a", "contradicts": ["b"], "condition": None,
             "cells": [_cell("PASS"), _cell("PASS")]},
            {"id": "b", "contradicts": ["a"], "condition": "when y",
             "cells": [_cell("PASS"), _cell("EXPECTED")]}]
    assert html_report.incoherent_contradictions(rows, columns) == [
        "x: a and b both hold, and no condition separates them"]
    rows[0]["condition"] = "when x"
    assert html_report.incoherent_contradictions(rows, columns) == []


def test_the_committed_results_show_no_incoherent_row():
    runs = {}
    for path in sorted(RESULTS.glob("*.jsonl")):
        header, footer, cases = report.load(path)
        runs[report.column_of(header)] = (
            header, footer, cases)
    assert runs, "committed results needed"
    columns = [{"key": k, "impl": k[0], "label": "%s %s %s" % k} for k in sorted(runs)]
    pages = html_report._manual_pages(load_cases(), columns, runs)
    assert pages["contradictions"]
    assert pages["incoherent"] == []
    text = "\n".join(html_report._manual_markdown(columns, pages, {"PASS": "P"}))
    for c in pages["contradictions"]:
        assert c["condition"] and c["condition"][:30] in text
