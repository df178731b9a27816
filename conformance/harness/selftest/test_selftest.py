# SPDX-License-Identifier: MIT
"""The harness survives its drivers: a crash is CRASH, a hang is TIMEOUT,
the driver is restarted, the next case runs, and the results file says the
run completed."""
import json
import os
import pathlib
import shlex
import sys
import types

from cases import implied_features as _features
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


BROKEN = "%s %s" % (shlex.quote(sys.executable),
                    shlex.quote(str(pathlib.Path(__file__).with_name("broken_driver.py"))))


def _steps_case(cid):
    return {"id": cid, "features": [], "steps": [{"op": "noop"}], "timeout": 2.0}


def test_no_driver_misbehaviour_shifts_a_verdict(tmp_path, monkeypatch):
    """Each way of breaking the protocol gives that case ERROR, CRASH,
    TIMEOUT or LEAK -- with the driver's stderr where it said something --
    the driver is restarted, and the next case passes: nothing carries
    over to a later verdict."""
    ways = [("bad-json", "ERROR"), ("not-object", "ERROR"),
            ("wrong-seq", "ERROR"), ("no-steps", "ERROR"),
            ("huge-line", "ERROR"), ("leak", "LEAK"), ("exit", "CRASH"),
            ("close-stdout", "CRASH"), ("hang", "TIMEOUT")]
    cases, want = [], []
    for how, status in ways:
        cases += [_steps_case("broken/" + how), _steps_case("broken/ok-after-" + how)]
        want += [status, "PASS"]
    # A stray extra line: its own case passes; the next case's reply is
    # found out of step (ERROR), and the one after is in step again.
    cases += [_steps_case("broken/extra-line"), _steps_case("broken/ok-1"),
              _steps_case("broken/ok-2")]
    want += ["PASS", "ERROR", "PASS"]
    run, records, lines = _run(tmp_path, BROKEN, cases, monkeypatch)
    assert [r["status"] for r in records] == want, \
        [(r["id"], r["status"], r["message"]) for r in records]
    by_id = {r["id"]: r for r in records}
    assert "exiting on purpose" in by_id["broken/exit"]["message"]
    assert "closed its stdout" in by_id["broken/close-stdout"]["message"]
    assert "seq" in by_id["broken/ok-1"]["message"]
    # After every ERROR, CRASH and TIMEOUT (5 + 2 + 1, and the stray line's
    # ERROR); never after a LEAK, whose reply was in step.
    assert run.restarts == 9
    assert lines[-1]["type"] == "footer" and lines[-1]["complete"] is True


def test_stale_expectations_fail(tmp_path, monkeypatch):
    """An expected failure that passes is XPASS; one that fails otherwise
    than recorded is STALE. Both fail the run (test_conformance)."""
    cases = [_steps_case("broken/ok-xpass"), _steps_case("broken/hang")]
    monkeypatch.setattr("conftest.load_cases", lambda: cases)
    options = {"--impl": "selftest", "--platform": "here", "--driver": BROKEN,
               "--results": str(tmp_path / "r.jsonl"), "--case-timeout": 1.0}
    run = Run(types.SimpleNamespace(getoption=options.__getitem__))
    run.expected = {
        "broken/ok-xpass": {"status": "FAIL", "reason": "said to fail"},
        "broken/hang": {"status": "TIMEOUT", "reason": "said to hang",
                        "observed": "no answer in 9 s"},
    }
    records = [run.run(c) for c in cases]
    run.finish()
    assert [r["status"] for r in records] == ["XPASS", "STALE"]


MINIMAL = "%s %s" % (shlex.quote(sys.executable), shlex.quote(str(
    pathlib.Path(__file__).resolve().parents[2] / "drivers" / "minimal" / "driver.py")))


def test_the_minimal_driver_template_runs_the_whole_suite(tmp_path, monkeypatch):
    """PROTOCOL.md's walk-through driver: every case gets a verdict, the
    operations it has pass, the ones it lacks are UNIMPLEMENTED (the
    driver's gap, not the platform's), psock's extensions UNCLAIMED (it
    claims none), cases of old PHP versions only INAPPLICABLE, nothing
    breaks."""
    from cases import load_cases
    cases = load_cases()
    run, records, lines = _run(tmp_path, MINIMAL, cases, monkeypatch)
    statuses = {r["id"]: r["status"] for r in records}
    allowed = {"PASS", "FAIL", "UNSUPPORTED", "UNIMPLEMENTED", "UNCLAIMED", "INAPPLICABLE"}
    assert set(statuses.values()) <= allowed, \
        [(i, s) for i, s in statuses.items() if s not in allowed]
    assert statuses["socket_close/twice"] == "UNCLAIMED"  # psock.stale-handles
    assert statuses["socket_create/af_inet-sock_stream"] == "UNIMPLEMENTED"  # no get_option
    assert statuses["socket_create/unknown-domain"] == "UNCLAIMED"  # psock.checked-arguments
    # socket_create alone: the OS's error for an unknown protocol.
    assert statuses["socket_create/unknown-protocol-number-errno"] == "PASS"
    assert statuses["socket_accept/returns-resource-before-8"] == "INAPPLICABLE"  # PHP < 8
    assert run.restarts == 0 and lines[-1]["complete"] is True
    # Only PASS is passed: one real PASS is "1 passed", and a coverage gate
    # of 50% fails it with its own exit code.
    import verdicts
    said, code = verdicts.summarize(lines, 50)
    assert "1 passed, 0 failed" in said and code == verdicts.EXIT["coverage"], said


def test_protocol_schema_covers_every_message():
    """Every request the harness sends and every reply shape a good driver
    gives are valid protocol 3; a start reply of another version is not."""
    from driver import protocol_problem
    assert protocol_problem("start_request", {"cmd": "start"}) is None
    assert protocol_problem("stop_request", {"cmd": "stop"}) is None
    assert protocol_problem("run_request", {"cmd": "run", "seq": 3,
                                            "case": {"id": "a/b", "steps": []}}) is None
    good = {"implementation": "x", "protocol": 3, "features": ["ipv6"], "open": 0}
    assert protocol_problem("start_reply", good) is None
    assert protocol_problem("start_reply", dict(good, protocol=1))
    assert protocol_problem("start_reply", dict(good, features=["teleport"]))
    assert protocol_problem("run_reply", {"seq": 1, "steps": [{"op": "x", "ok": True}]}) is None
    assert protocol_problem("run_reply", {"seq": 1, "steps": [{"ok": True}]})  # no op
    assert protocol_problem("run_reply", {"seq": 1, "steps": [{"op": "x", "ok": "yes"}]})


def test_the_c_driver_decodes_args_by_ops_json(pytestconfig):
    """The C drivers carry ops.json and decode every step's args by it before
    the op runs: an argument the op lacks, a missing required one, an unknown
    constant or socket name is refused the same way in every op, and
    constants, flags and port_of arrive as numbers."""
    from driver import Driver
    d = Driver(shlex.split(pytestconfig.getoption("--driver")))
    d.start()
    try:
        steps = [
            {"op": "socket_create", "args": {"domain": "AF_INET", "type": "SOCK_DGRAM",
                                             "protocol": 0}, "as": "u"},
            {"op": "socket_bind", "args": {"socket": "u", "address": "127.0.0.1", "adress": "x"}},
            {"op": "socket_bind", "args": {"socket": "u"}},
            {"op": "socket_create", "args": {"domain": "AF_NOWHERE", "type": "SOCK_DGRAM",
                                             "protocol": 0}, "as": "v"},
            {"op": "socket_recv", "args": {"socket": "nobody", "length": 1}},
            {"op": "socket_recv", "args": {"socket": "u", "length": 1,
                                           "flags": "MSG_PEEK|MSG_NOTHING"}},
            {"op": "socket_bind", "args": {"socket": "u", "address": "127.0.0.1", "port": 0}},
            {"op": "socket_connect", "args": {"socket": "u", "address": "127.0.0.1",
                                              "port": {"port_of": "u"}}},
        ]
        reply = d.request({"cmd": "run", "seq": 1, "case": {"id": "self/decode",
                                                            "steps": steps}}, 10)
    finally:
        d.stop()
    out = reply["steps"]
    assert out[0]["ok"] is True
    assert (out[1]["error"], out[1]["message"]) == ("BAD_CASE", "the op has no argument adress")
    assert (out[2]["error"], out[2]["message"]) == ("BAD_CASE", "missing argument address")
    assert out[3]["error"] == "BAD_CASE" and "AF_NOWHERE" in out[3]["message"]
    assert out[4]["error"] == "NO_SUCH_NAME"
    assert out[5]["error"] == "BAD_CASE" and "MSG_NOTHING" in out[5]["message"]
    assert out[6]["ok"] is True and out[7]["ok"] is True  # port_of: its own port


FAKE = pathlib.Path(__file__).resolve().parents[2] / "drivers" / "fake" / "driver.py"
HARNESS = pathlib.Path(__file__).resolve().parents[1] / "test_conformance.py"


def _suite(tmp_path, platform, mode="always-ok"):
    import subprocess
    results = tmp_path / ("%s.jsonl" % platform)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", str(HARNESS), "-q", "-p", "no:cacheprovider",
         "--impl", "psock", "--platform", platform, "--results", str(results),
         "--driver", "%s %s %s" % (shlex.quote(sys.executable), shlex.quote(str(FAKE)), mode)],
        capture_output=True, text=True, timeout=300)
    return done, results


def test_a_platforms_first_run_records_and_lists_instead_of_failing(tmp_path):
    """No expectations file for the platform: every verdict is recorded and
    the unexpected ones are listed (xfail), not failed; with the file (here
    psock's linux-glibc.json) the same verdicts fail the run. The driver is
    the fake always-ok one, which passes no case (conformance.mutants runs
    it and the bare one against every case, and fails if either passes one)."""
    done, results = _suite(tmp_path, "first-run-here")
    assert done.returncode == 0, done.stdout[-2000:]
    assert " xfailed" in done.stdout.splitlines()[-1]
    listed = results.with_suffix(".first-run.md").read_text()
    verdicts = [json.loads(l) for l in results.read_text().splitlines()][1:-1]
    # (UNCLAIMED: the system's own constant values, which a driver claiming
    # psock's extensions is not asked for: psock.portable-constants.
    # A bare {"ok": true} to an op that sends more is ERROR: outcomes.json.)
    failed = [v for v in verdicts if v["status"] in ("FAIL", "ERROR")]
    assert len(failed) > 200 and all(v["status"] in ("FAIL", "ERROR", "INAPPLICABLE", "UNCLAIMED")
                                     for v in verdicts)
    assert listed.count("\n- `") == len(failed)
    strict, strict_results = _suite(tmp_path, "linux-glibc")
    assert strict.returncode == 1 and " failed" in strict.stdout.splitlines()[-1]
    # ./psock run reads the same rule (verdicts.py): a first run fails
    # nothing and says so; the strict one exits 1.
    import verdicts
    said, code = verdicts.summarize([json.loads(l) for l in results.read_text().splitlines()])
    assert code == verdicts.EXIT["ok"] and "0 failed" in said[-2] and "first run" in said[-1]
    said, code = verdicts.summarize(
        [json.loads(l) for l in strict_results.read_text().splitlines()])
    assert code == verdicts.EXIT["failed"], said[-3:]


def test_a_driver_answering_unsupported_to_everything_never_comes_out_green(tmp_path,
                                                                          monkeypatch):
    """UNSUPPORTED shrinks no denominator: the all-unsupported fake gets no
    verdict (exit 2), with or without a coverage gate."""
    from cases import load_cases
    import verdicts
    fake = "%s %s unsupported" % (shlex.quote(sys.executable), shlex.quote(str(FAKE)))
    _, records, lines = _run(tmp_path, fake, load_cases(), monkeypatch)
    assert {r["status"] for r in records} <= {"UNSUPPORTED", "UNCLAIMED", "INAPPLICABLE"}
    for gate in (None, 50):
        said, code = verdicts.summarize(lines, gate)
        assert code == verdicts.EXIT["no_verdict"] and "0 passed, 0 failed" in said, said


def test_a_driver_that_does_not_start_is_an_error_that_says_why(tmp_path):
    """A start reply without "protocol": 3, or a driver path that does not
    exist: pytest exits 2 at once, the results say why, verdicts exits 2."""
    import subprocess
    import verdicts
    no_protocol = ("import sys, json; sys.stdin.readline(); "
                   "print(json.dumps({'implementation': 'x', 'features': []}), flush=True)")
    for driver, why in ((shlex.quote(sys.executable) + " -c " + shlex.quote(no_protocol),
                         "protocol"),
                        # (the shell of the private network namespace says
                        # "not found", exec itself "No such file")
                        (str(tmp_path / "no-such-driver"), ("No such file", "not found"))):
        results = tmp_path / "r.jsonl"
        done = subprocess.run(
            [sys.executable, "-m", "pytest", str(HARNESS), "-q", "-p", "no:cacheprovider",
             "--impl", "x", "--platform", "here", "--results", str(results),
             "--driver", driver, "--cases", "socket_create/*"],
            capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stdout[-1000:]
        records = [json.loads(l) for l in results.read_text().splitlines()]
        said, code = verdicts.summarize(records)
        whys = (why,) if isinstance(why, str) else why
        assert code == verdicts.EXIT["no_verdict"] and any(w in said[0] for w in whys), said


def test_cases_selects_part_of_the_suite():
    """--cases: globs of ids, op:NAME and page:NAME, comma-separated."""
    from cases import load_cases
    from conftest import selected
    every = load_cases()
    assert selected(every, None) == every
    accept = selected(every, "socket_accept/*")
    assert accept and all(c["id"].startswith("socket_accept/") for c in accept)
    select = selected(every, "op:socket_select")
    assert select and all(any(s["op"] == "socket_select" for s in c["steps"]) for c in select)
    page = selected(every, "page:socket_select")
    assert page and all(c["file"] == "socket_select.json" for c in page)
    both = selected(every, "socket_accept/*, page:socket_select")
    assert len(both) == len(accept) + len([c for c in page if c not in accept])
    assert selected(every, "no-such-case") == []


def test_failures_name_a_fixtures_steps_and_group_behaviour_before_constants():
    """A message's "step 9" of a case made on a fixture reads "case step 3";
    a fixture's own step reads "fixture NAME step K". The console groups
    failures by page and op, behaviour first."""
    from cases import load_cases, load_fixtures
    import verdicts
    case = next(c for c in load_cases() if c.get("fixture") == "tcp_connection")
    n = len(load_fixtures()["tcp_connection"]["steps"])
    assert verdicts.step_label(case, "step 2 (socket_bind): ok") == \
        "fixture tcp_connection step 2 (socket_bind): ok"
    assert verdicts.step_label(case, "step %d (x): y" % (n + 3)) == "case step 3 (x): y"
    constant = next(c for c in load_cases() if c["file"] == "manual_constants.json")
    failing = [{"id": constant["id"], "status": "FAIL", "message": "m"},
               {"id": case["id"], "status": "FAIL", "message": "step 2 (socket_bind): m"}]
    said = verdicts.failure_lines(failing, {c["id"]: c for c in (case, constant)})
    assert said[0].startswith("failed: page %s" % case["file"][:-5])
    assert "fixture tcp_connection step 2" in said[1]
    assert said[2].startswith("failed: page manual_constants")


def test_psock_run_never_comes_out_green_for_a_driver_that_judges_nothing():
    """The whole path a user takes, ./psock run: the two-op template and
    the all-unsupported fake fail under --min-coverage 50 (exit 3 and 2), a
    driver that does not exist exits 2 saying why; none says "passed" for
    what did not pass."""
    import subprocess
    top = pathlib.Path(__file__).resolve().parents[3]
    fake = "%s %s unsupported" % (shlex.quote(sys.executable), shlex.quote(str(FAKE)))
    for driver, code, said in ((MINIMAL, 3, "1 passed, 0 failed"),
                               (fake, 2, "0 passed, 0 failed"),
                               (str(top / "no-such-driver"), 2, "did not start")):
        # (one page of the suite: what is checked is ./psock run's exit code
        # and summary, the same for any selection)
        done = subprocess.run([str(top / "psock"), "run", "--driver", driver,
                               "--name", "selftest-byo", "--min-coverage", "50",
                               "--cases", "socket_create/*"],
                              capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, PSOCK_PYTHON=sys.executable))
        assert done.returncode == code and said in done.stdout, (driver, done.stdout[-1500:])
