# SPDX-License-Identifier: MIT
""""Where PHP versions disagree" says for each difference whether the PHP
version or the build decides it, with the evidence (issue 24 §5): the build
origin comes from the result header when the driver records it, else from
the column's label; a temp file's counter is no difference."""
import json
import pathlib

import report
import version_report
from cases import load_cases

RESULTS = pathlib.Path(__file__).resolve().parents[3] / "reports" / "results"


def _header(label, build=None):
    h = {"driver": {"platform": {"compiler": label}}}
    if build:
        h["driver"]["build"] = build
    return h


def test_build_origin_from_the_header_else_the_label():
    assert version_report.build_origin(_header(
        "8.3 (PHP 8.3.8 cli, @libphp/amazon-linux-2-v83@0.0.14, Amazon Linux 2 build)")) == {
            "distribution": "Amazon Linux 2", "glibc": None,
            "package": "@libphp/amazon-linux-2-v83@0.0.14", "source": "column label"}
    deb = version_report.build_origin(_header(
        "8.2 (PHP 8.2.36 cli, Debian package php8.2-cli 8.2.36-1~deb12u1)"))
    assert deb["distribution"] == "Debian" and deb["package"].startswith("php8.2-cli")
    rec = version_report.build_origin(_header("whatever", {
        "distribution": "AlmaLinux 9", "glibc": "2.34", "package": "php 8.5.2"}))
    assert rec == {"distribution": "AlmaLinux 9", "glibc": "2.34", "package": "php 8.5.2",
                   "source": "result header"}
    assert version_report.build_origin({})["distribution"] is None


def _runs(outcomes, dists):
    """Five PHP columns on one platform, one case: a constant step each."""
    runs = {}
    for (version, value), dist in zip(outcomes, dists):
        header = _header("%s (PHP %s.0 cli, %s build)" % (version, version, dist))
        rec = {"id": "t/c", "status": "PASS", "expected": "PASS", "message": "",
               "steps": [{"op": "socket_get_option", "ok": True, "value": value}]}
        runs[("php", "linux-glibc", version)] = (header, None, {"t/c": rec})
    return runs


CASE = [{"id": "t/c", "statements": [], "steps": [{"op": "socket_get_option"}]}]


def _changes(outcomes, dists):
    section = version_report.disagreements(_runs(outcomes, dists), CASE)[0]
    return [(c["version"], c["decided_by"]) for c in section["rows"][0]["changes"]]


def test_an_outcome_that_follows_the_build_is_the_builds():
    assert _changes([("7.4", 128), ("8.2", 4096), ("8.3", 128), ("8.4", 4096)],
                    ["A", "B", "A", "C"]) == [("8.2", "build"), ("8.3", "build"), ("8.4", "build")]


def test_two_builds_of_one_system_that_differ_make_it_the_versions():
    assert _changes([("7.4", 1), ("8.2", 2), ("8.3", 2)], ["A", "B", "A"]) == [
        ("8.2", "version")]


def test_no_evidence_is_said_so():
    assert _changes([("8.4", 1), ("8.5", 2)], ["A", "B"]) == [("8.5", "undecided")]


def test_a_temp_files_counter_is_no_difference():
    runs = _runs([("7.4", 1), ("8.2", 1)], ["A", "A"])
    for n, key in enumerate(sorted(runs)):
        runs[key][2]["t/c"]["steps"][0]["address"] = "<tmp>/c%d-bound.sock" % (200 + n)
    assert version_report.disagreements(runs, CASE)[0]["rows"] == []


def test_the_committed_results_are_attributed():
    runs = {}
    for path in sorted(RESULTS.glob("php-*.jsonl")):
        header, footer, cases = report.load(path)
        runs[report.column_of(header)] = (
            header, footer, cases)
    if len(runs) < 2:
        return
    sections = version_report.disagreements(runs, load_cases())
    decided = {(r["id"], c["version"]): c["decided_by"]
               for s in sections for r in s["rows"] for c in r["changes"]}
    assert all(c["evidence"] for s in sections for r in s["rows"] for c in r["changes"])
    # (the 8.3 build, Amazon Linux 2's headers, lacks MSG_ZEROCOPY; 8.4's has it)
    assert decided.get(("manual_constants/msg_zerocopy-defined", "8.4")) == "build"
    assert decided.get(("socket_shutdown/bad-how-errno", "8.5")) == "version"
    assert not any(i in ("manual_bind/unix-path", "socket_bind/unix-path") for i, _ in decided)
    text = "\n".join(version_report.markdown(sections))
    assert "Decided by the build" in text and "Builds: PHP 7.4: Amazon Linux 2" in text
