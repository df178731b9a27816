# SPDX-License-Identifier: MIT
"""Version gates (versions.py): which cases a PHP version, or an
implementation that follows the current manual, is judged on; and the
handle check of the 8.0.0 changelog (judge.py's handle_when_reported)."""
import pytest

import versions
from cases import load_cases, load_statements
from judge import judge

STATEMENTS = {
    "new": {"id": "new", "php_versions": ">=8.0.0"},
    "old": {"id": "old", "php_versions": ">=7.4.0,<8.0.0"},
    "late": {"id": "late", "php_versions": ">=8.5.0"},
    "plain": {"id": "plain"},
}


def _case(*statements):
    return {"id": "x", "statements": list(statements), "features": [], "steps": []}


def _php(version):
    return {"implementation": "php", "version": version}


def test_versions_and_gates_parse():
    assert versions.parse_version("8.2.36") == (8, 2, 36)
    assert versions.parse_version("7.4") == (7, 4, 0)
    assert versions.parse_version("8.5.0RC1") == (8, 5, 0)
    assert versions.parse_version("php") is None
    assert versions.parse_gate(">=7.4.0, <8.0.0") == [(">=", (7, 4, 0)), ("<", (8, 0, 0))]
    for bad in ("8.0.0", ">=", ">=8.0.0,", "~8.0", "=>8.0.0"):
        with pytest.raises(ValueError):
            versions.parse_gate(bad)


@pytest.mark.parametrize("version,gate,inside", [
    ("8.0.0", ">=8.0.0", True), ("7.4.33", ">=8.0.0", False),
    ("7.4.33", ">=7.4.0,<8.0.0", True), ("8.0.0", ">=7.4.0,<8.0.0", False),
    ("8.4.14", ">=8.5.0", False), ("8.5.2", ">=8.5.0", True), ("8.2", "<=8.2.0", True),
])
def test_version_in(version, gate, inside):
    assert versions.version_in(version, gate) is inside


def test_php_is_judged_by_its_own_version():
    assert versions.gate_status(_case("new"), _php("8.2.36"), STATEMENTS) is None
    status, why = versions.gate_status(_case("new"), _php("7.4.33"), STATEMENTS)
    assert status == "INAPPLICABLE" and ">=8.0.0" in why and "7.4.33" in why
    assert versions.gate_status(_case("old"), _php("7.4.33"), STATEMENTS) is None
    assert versions.gate_status(_case("old"), _php("8.5.2"), STATEMENTS)[0] == "INAPPLICABLE"
    # A case's gate is the conjunction of its statements'.
    assert versions.gate_status(_case("new", "late"), _php("8.4.14"), STATEMENTS)[0] == \
        "INAPPLICABLE"
    assert versions.gate_status(_case("new", "late"), _php("8.5.2"), STATEMENTS) is None
    assert versions.gate_status(_case("plain"), _php("7.4.33"), STATEMENTS) is None
    # A PHP driver that names no version is judged on no gated case.
    assert versions.gate_status(_case("new"), _php("?"), STATEMENTS)[0] == "INAPPLICABLE"


def test_other_implementations_follow_the_current_manual():
    for impl in ("psock", "native", "python"):
        info = {"implementation": impl, "version": "1.0"}
        assert versions.gate_status(_case("new"), info, STATEMENTS) is None
        assert versions.gate_status(_case("late"), info, STATEMENTS) is None
        status, why = versions.gate_status(_case("old"), info, STATEMENTS)
        assert status == "INAPPLICABLE" and "<8.0.0" in why


def test_the_changelog_cases_are_gated_both_ways():
    cases = {c["id"]: c for c in load_cases()}
    statements = load_statements()
    for sid in ("accept.changelog-8.0", "accept.changelog-8.0-before"):
        versions.parse_gate(statements[sid]["php_versions"])
    new, old = cases["socket_accept/returns-socket-object"], cases[
        "socket_accept/returns-resource-before-8"]
    assert versions.gate_status(new, _php("7.4.33")) is not None
    assert versions.gate_status(old, _php("7.4.33")) is None
    assert versions.gate_status(new, _php("8.0.0")) is None
    assert versions.gate_status(old, _php("8.0.0")) is not None
    assert versions.gate_status(old, {"implementation": "psock"}) is not None


def test_every_statement_gate_parses():
    for s in load_statements().values():
        if "php_versions" in s:
            versions.parse_gate(s["php_versions"])


def test_the_handle_is_judged_where_reported():
    case = {"id": "x", "statements": [], "features": [], "steps": [
        {"op": "socket_create", "args": {}, "as": "s",
         "expect": {"ok": True, "handle_when_reported": "Socket"}}]}
    php = {"implementation": "php", "warnings": True, "handles": True}
    assert judge(case, {"steps": [{"op": "socket_create", "ok": True, "handle": "Socket"}]},
                 php) == ("PASS", "")
    status, message = judge(case, {"steps": [{"op": "socket_create", "ok": True,
                                              "handle": "resource"}]}, php)
    assert status == "FAIL" and "expected Socket, got 'resource'" in message
    status, _ = judge(case, {"steps": [{"op": "socket_create", "ok": True}]}, php)
    assert status == "FAIL"  # a PHP driver that stops reporting it
    # psock's driver has no PHP values: the step's other expectations count.
    assert judge(case, {"steps": [{"op": "socket_create", "ok": True}]},
                 {"implementation": "psock"}) == ("PASS", "")
    assert judge(case, {"steps": [{"op": "socket_create", "ok": False}]},
                 {"implementation": "psock"})[0] == "FAIL"


def test_expectations_of_a_php_version_are_its_own(tmp_path):
    (tmp_path / "php" / "8.5").mkdir(parents=True)
    (tmp_path / "php" / "8.5" / "linux-glibc.json").write_text('{"a": {"status": "FAIL"}}')
    got = versions.version_expectations(tmp_path, "php", "linux-glibc", _php("8.5.2"))
    assert got == {"a": {"status": "FAIL"}}
    assert versions.version_expectations(tmp_path, "php", "linux-glibc", _php("8.4.1")) == {}
    assert versions.version_expectations(tmp_path, "psock", "linux-glibc",
                                         {"implementation": "psock"}) == {}
    header = {"driver": _php("8.5.2")}
    assert versions.expectations_target(tmp_path, "php", "linux-glibc", header) == \
        tmp_path / "php" / "8.5" / "linux-glibc.json"
    assert versions.rule_applies({"php_versions": ">=8.5.0"}, header)
    assert not versions.rule_applies({"php_versions": ">=8.5.0"}, {"driver": _php("8.4.14")})
    assert not versions.rule_applies({"php_versions": ">=8.5.0"},
                                     {"driver": {"implementation": "psock"}})


def _rec(cid, status, message="", expected="PASS", reason=None):
    return {"id": cid, "status": status, "message": message, "expected": expected,
            "reason": reason}


def test_where_php_versions_disagree(tmp_path):
    import json
    import version_report
    cases = [{"id": "same", "statements": ["s1"]}, {"id": "new-in-8.5", "statements": ["s2"]},
             {"id": "gated", "statements": ["s3"]}]
    why = "8.5 throws a ValueError"
    gate = "the statement holds for PHP <8.0.0, not for PHP %s"

    def run(version, late):
        return ({}, {}, {"same": _rec("same", "PASS"),
                         "new-in-8.5": late,
                         "gated": _rec("gated", "INAPPLICABLE", gate % version)})
    runs = {("php", "linux-glibc", "8.2"): run("8.2.1", _rec("new-in-8.5", "PASS")),
            ("php", "linux-glibc", "8.5"): run("8.5.2", _rec(
                "new-in-8.5", "FAIL", "step 7 (socket_shutdown): error: expected EINVAL, "
                "got ValueError", "FAIL", why)),
            ("php", "linux-glibc", "7.4"): run("7.4.33", _rec("new-in-8.5", "PASS")),
            ("psock", "linux-glibc", "gcc"): run("", _rec("new-in-8.5", "FAIL"))}
    runs[("php", "linux-glibc", "7.4")][2]["gated"] = _rec("gated", "PASS")
    sections = version_report.disagreements(runs, cases)
    assert [s["platform"] for s in sections] == ["linux-glibc"]
    assert sections[0]["versions"] == ["7.4", "8.2", "8.5"]  # psock is no PHP version
    rows = {r["id"]: r for r in sections[0]["rows"]}
    assert set(rows) == {"new-in-8.5", "gated"}
    assert [c["version"] for c in rows["new-in-8.5"]["changes"]] == ["8.5"]
    assert rows["new-in-8.5"]["cells"][2]["observed"] == ("FAIL", "error = ValueError")
    assert rows["new-in-8.5"]["reasons"] == [{"reason": why, "versions": ["8.5"]}]
    # The gate's message names each version; the section does not tell them apart by it.
    assert [c["version"] for c in rows["gated"]["changes"]] == ["8.2"]
    outcomes = sections[0]["outcomes"]
    assert [s["id"] for s in outcomes["steps"]] == []  # the records have no steps
    text = "\n".join(version_report.markdown(sections))
    assert "| `new-in-8.5` | pass | pass | expected: error = ValueError | 8.5 |" in text
    assert version_report.column_label(("php", "linux-glibc", "8.5")) == "php 8.5 linux-glibc"
    assert version_report.column_label(("psock", "linux-glibc", "gcc")) == "psock linux-glibc (gcc)"
    status = tmp_path / "status.json"
    status.write_text(json.dumps({"8.5": {"command": []}, "8.4": {"why": "integrity mismatch"}}))
    assert version_report.not_run(runs, status) == [
        {"label": "php 8.4 (this machine, this run)", "why": "integrity mismatch"}]
    assert version_report.not_run(runs, tmp_path / "absent.json") == []


def test_outcomes_that_differ_though_the_verdict_does_not():
    import version_report
    cases = [{"id": "c", "statements": []}, {"id": "d", "statements": []}]
    def steps(handle, warning, message):
        return [{"op": "socket_create", "ok": True, "handle": handle, "elapsed_ms": 3},
                {"op": "socket_bind", "ok": False, "error": "EADDRINUSE", "warning": warning},
                {"op": "socket_create", "ok": False, "error": "ValueError", "message": message}]
    old = steps("resource", "socket_bind(): unable to bind", "one of AF_UNIX or AF_INET")
    new = steps("Socket", "socket_bind(): Unable to bind", "one of AF_UNIX or AF_INET")
    newest = steps("Socket", "socket_bind(): Unable to bind", "one of AF_UNIX, AF_PACKET or AF_INET")
    columns = [{"c": {"steps": old}, "d": {"steps": []}}, {"c": {"steps": new}, "d": {"steps": []}},
               {"c": {"steps": newest}, "d": {"steps": []}}]
    got = version_report.outcome_differences(columns, ["7.4", "8.2", "8.5"], cases)
    assert [r["what"] for r in got["recurring"]] == [
        "the socket is a resource (7.4) → Socket (8.2, 8.5)",
        "a warning's first word: unable (7.4) → Unable (8.2, 8.5)"]
    assert got["recurring"][0]["cases"] == ["c"]
    assert len(got["steps"]) == 1 and got["steps"][0]["step"] == "step 3 (socket_create)"
    groups = got["steps"][0]["groups"]
    assert [g["versions"] for g in groups] == [["7.4", "8.2"], ["8.5"]]
    assert "AF_PACKET" in groups[1]["outcome"] and "elapsed" not in groups[0]["outcome"]


def test_an_implementation_without_exceptions_refuses_with_einval():
    """PHP's ValueError/TypeError for an argument outside the domain is
    EINVAL for a driver saying "exceptions": false (C), and only for it."""
    from judge import judge
    case = {"id": "x", "features": [], "statements": [], "steps": [
        {"op": "socket_sendto", "args": {}, "expect": {"ok": False, "error": "ValueError"}},
        {"op": "socket_set_option", "args": {},
         "expect": {"one_of": [{"ok": False, "error": "TypeError"},
                               {"ok": False, "error": "ValueError"}]}}]}

    def reply(error):
        return {"steps": [{"op": "socket_sendto", "ok": False, "error": error},
                          {"op": "socket_set_option", "ok": False, "error": error}]}
    c = {"exceptions": False}
    assert judge(case, reply("EINVAL"), c)[0] == "PASS"
    assert judge(case, reply("EBADF"), c)[0] == "FAIL"
    assert judge(case, reply("ValueError"), {})[0] == "PASS"
    assert judge(case, reply("EINVAL"), {})[0] == "FAIL"
