# SPDX-License-Identifier: MIT
"""reports/FINDINGS.md (issue 24 §6) is generated, complete and fileable:
every finding names existing statements (claim and php.net page) and
cases, says its evidence and what would need to change; the kinds the issue
lists are all there; what the data shows (contradictions, statements no
implementation follows) is found even without an entry in findings.json;
./psock report writes FINDINGS.md and the index.html section."""
import json
import pathlib

import findings
import html_report
import report
from cases import load_all_statements, load_cases

RESULTS = pathlib.Path(__file__).resolve().parents[3] / "reports" / "results"


def _runs():
    return findings.load_runs(RESULTS)


def test_every_entry_is_complete_and_names_what_exists():
    statements, ids = load_all_statements(), {c["id"] for c in load_cases()}
    entries = findings.load_findings()
    assert len({f["id"] for f in entries}) == len(entries)
    wrong = []
    for f in entries:
        if f["kind"] not in findings.KINDS:
            wrong.append("%s: kind %s" % (f["id"], f["kind"]))
        wrong += ["%s: no statement %s" % (f["id"], s) for s in f["statements"]
                  if s not in statements]
        wrong += ["%s: no case %s" % (f["id"], c) for c in f["cases"] if c not in ids]
        if not f["statements"] or not f["cases"]:
            wrong.append("%s: a finding names statements and cases" % f["id"])
        for key in ("title", "evidence", "ask", "audience"):
            if len(f.get(key, "")) < 10 and key != "audience":
                wrong.append("%s: %s" % (f["id"], key))
    assert not wrong, wrong


def test_the_issues_findings_are_there():
    entries = {f["id"]: f for f in findings.load_findings()}
    assert set(findings.KINDS) == {f["kind"] for f in entries.values()}
    assert "socket_shutdown/bad-how-errno" in entries["socket-shutdown-mode-valueerror"]["cases"]
    bug = entries["php74-unnamed-unix-name-bytes"]["cases"]
    assert "socket_getsockname/unnamed-unix-client" in bug
    assert "socket_getpeername/unnamed-unix-peer" in bug


def test_what_the_data_shows_is_found_without_an_entry(monkeypatch):
    monkeypatch.setattr(findings, "load_findings", lambda: [])
    found = findings.build_findings(_runs())
    kinds = {f["kind"] for f in found}
    assert "contradiction" in kinds
    contradicted = {s for f in found if f["kind"] == "contradiction" for s in f["statements"]}
    assert {"manual.socket_read.returnvalues.1", "manual.socket_getpeername.notes.2"} <= \
        contradicted
    # socket_recvfrom's null address: no column passes, so it is a finding.
    assert any("manual.socket_recvfrom.description.7" in f["statements"] for f in found
               if f["kind"] == "no-implementation-follows")


def test_the_markdown_is_fileable():
    found = findings.build_findings(_runs())
    text = findings.render_markdown(found)
    assert text.count("### F") == len(found)
    for f in found:
        assert f["title"] in text
    blocks = text.split("### F")[1:]
    for b in blocks:
        assert "(https://www.php.net/manual/en/" in b, b[:80]
        assert "Evidence: " in b and "What would need to change: " in b, b[:80]


def test_the_report_writes_findings_md_and_its_index_section(tmp_path):
    runs = {}
    for path in sorted(RESULTS.glob("*.jsonl")):
        header, footer, cases = report.load(path)
        runs[report.column_of(header)] = (
            header, footer, cases)
    html_report.build(runs, report.KNOWN_PLATFORMS, tmp_path)
    md = (tmp_path / "FINDINGS.md").read_text()
    assert md.startswith("# Findings for PHP's maintainers")
    page = (tmp_path / "index.html").read_text()
    assert 'id="findings"' in page and "socket_shutdown throws ValueError" in page


def test_every_finding_has_a_title_and_an_ask_a_maintainer_can_file(monkeypatch):
    """No finding is titled by a bare statement id or asks in generic words
    (issue 24's review): the derived ones name the function and the claim,
    and ask for the page's change with what PHP was seen doing."""
    import re
    statements = load_all_statements()
    generic = "Say what the implementations do, or what PHP should do instead."
    for found in (findings.build_findings(_runs()),):
        for f in found:
            assert f["title"] not in statements and not re.fullmatch(r"[\w.]+", f["title"]), f["title"]
            assert " contradicts " not in f["title"] or not f.get("derived"), f["title"]
            assert f["ask"] != generic, f["title"]
    # Without findings.json the data's findings are fileable too.
    monkeypatch.setattr(findings, "load_findings", lambda: [])
    for f in findings.build_findings(_runs()):
        assert f["title"] not in statements and " " in f["title"], f["title"]
        assert f["ask"] != generic, f["title"]
        if f["kind"] == "no-implementation-follows":
            assert "https://www.php.net/manual/en/" in f["ask"], f["ask"]
