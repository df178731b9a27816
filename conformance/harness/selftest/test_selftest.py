"""The harness survives its drivers: a crash is CRASH, a hang is TIMEOUT,
the driver is restarted, the next case runs, and the results file says the
run completed."""
import json
import pathlib
import shlex
import types

from cases import _features
from conftest import Run


def _run(tmp_path, driver, cases, monkeypatch):
    monkeypatch.setattr("conftest.load_cases", lambda: cases)
    options = {"--impl": "selftest", "--platform": "here", "--driver": driver,
               "--results": str(tmp_path / "r.jsonl"), "--case-timeout": 3.0}
    config = types.SimpleNamespace(getoption=options.__getitem__)
    run = Run(config)
    records = [run.run(c) for c in cases]
    run.finish()
    lines = [json.loads(l) for l in (tmp_path / "r.jsonl").read_text().splitlines()]
    return run, records, lines


def _case(cid, steps):
    return {"id": cid, "steps": steps, "features": []}


PASSING = [{"op": "socket_create", "args": {"domain": "AF_INET", "type": "SOCK_DGRAM", "protocol": 0},
            "as": "s", "expect": {"ok": True}}]


def test_crash_and_hang_are_recorded_and_run_completes(tmp_path, pytestconfig, monkeypatch):
    driver = pytestconfig.getoption("--driver")
    cases = [_case("self/before", PASSING),
             _case("self/crash", [{"op": "driver_abort"}]),
             _case("self/after-crash", PASSING),
             _case("self/hang", [{"op": "driver_hang"}]),
             _case("self/after-hang", PASSING)]
    run, records, lines = _run(tmp_path, driver, cases, monkeypatch)
    assert [r["status"] for r in records] == ["PASS", "CRASH", "PASS", "TIMEOUT", "PASS"]
    assert run.restarts == 2
    assert lines[0]["type"] == "header" and lines[0]["driver"]["implementation"]
    assert lines[-1] == {"type": "footer", "complete": True, "ran": 5, "restarts": 2,
                         "counts": {"PASS": 3, "CRASH": 1, "TIMEOUT": 1}}


def test_wrong_expectation_fails_and_bad_case_errors(tmp_path, pytestconfig, monkeypatch):
    driver = pytestconfig.getoption("--driver")
    wrong = [dict(PASSING[0], expect={"ok": False})]
    bad = [{"op": "socket_close", "args": {"socket": "never-made"}, "expect": {"ok": True}}]
    _, records, _ = _run(tmp_path, driver, [_case("self/wrong", wrong), _case("self/bad", bad)],
                         monkeypatch)
    assert records[0]["status"] == "FAIL" and "ok: expected False" in records[0]["message"]
    assert records[1]["status"] == "ERROR"


def test_driver_command_is_shell_words(pytestconfig):
    assert shlex.split(pytestconfig.getoption("--driver"))


def _peer_case(cid, child_steps, wait_expect):
    steps = [{"op": "fork_peer", "as": "p", "args": {"steps": child_steps}},
             {"op": "wait_peer", "args": {"peer": "p", "timeout_ms": 500},
              "expect": wait_expect}]
    return {"id": cid, "steps": steps, "features": _features({"steps": steps})}


def _children(pid):
    """The live child processes of pid (Linux /proc), or None elsewhere."""
    path = pathlib.Path("/proc/%d/task/%d/children" % (pid, pid))
    return path.read_text().split() if path.exists() else None


def test_peer_outcomes_are_judged_and_peers_never_outlive_a_case(tmp_path, pytestconfig,
                                                                monkeypatch):
    """A forked peer's steps are judged like the parent's; a peer that crashes
    or hangs is reported by wait_peer and the driver goes on; a peer nobody
    waits for is ended with its case. Where the host has no fork (Windows)
    the same cases are UNSUPPORTED."""
    driver = pytestconfig.getoption("--driver")
    wrong = [dict(PASSING[0], expect={"ok": False})]
    abandoned = [{"op": "fork_peer", "as": "p", "args": {"steps": [{"op": "driver_hang"}]}}]
    cases = [_peer_case("self/peer-pass", PASSING, {"ok": True, "exit": 0}),
             _peer_case("self/peer-wrong", wrong, {"ok": True, "exit": 0}),
             _peer_case("self/peer-crash", [{"op": "driver_abort"}],
                        {"ok": False, "error": "PEER_FAILED"}),
             _peer_case("self/peer-hang", [{"op": "driver_hang"}],
                        {"ok": False, "error": "PEER_TIMEOUT"}),
             {"id": "self/peer-abandoned", "steps": abandoned,
              "features": _features({"steps": abandoned})},
             _case("self/after-peers", PASSING)]
    monkeypatch.setattr("conftest.load_cases", lambda: cases)
    options = {"--impl": "selftest", "--platform": "here", "--driver": driver,
               "--results": str(tmp_path / "r.jsonl"), "--case-timeout": 3.0}
    run = Run(types.SimpleNamespace(getoption=options.__getitem__))
    records = [run.run(c) for c in cases]
    children = _children(run.driver.proc.pid)
    run.finish()
    statuses = [r["status"] for r in records]
    if "fork" not in run.info["features"]:
        assert statuses == ["UNSUPPORTED"] * 5 + ["PASS"]
        return
    assert statuses == ["PASS", "FAIL", "PASS", "PASS", "PASS", "PASS"], records
    assert "peer step 1 (socket_create): ok: expected False" in records[1]["message"]
    assert records[2]["steps"][1]["signal"] == 6  # SIGABRT, reaped
    assert run.restarts == 0
    assert children in ([], None), "peers left running: %s" % children
