# SPDX-License-Identifier: MIT
"""Committed verdicts can be re-derived: the committed form of outcomes
keeps what the judge compares (time classes, equal ports), and
./psock rejudge notices a record that no longer supports its verdict."""
import json
import pathlib

import records
import rejudge
from judge import judge

RESULTS = pathlib.Path(__file__).resolve().parents[3] / "reports" / "results"


def test_time_classes_keep_every_comparison():
    for ms, ts in [(3.2, {250}), (250, {250}), (251.5, {250}), (75, {50, 100}),
                   (120, {50, 100}), (10, {50, 100})]:
        cls = records.time_class(ms, ts)
        back = records.time_of_class(cls)
        for t in ts:
            assert (ms < t) == (back < t) and (ms > t) == (back > t), (ms, ts, cls, back)
    assert records.time_class(12.0, set()) is None


def test_ports_become_names_that_keep_equality():
    steps = [{"op": "socket_getsockname", "expect": {"port_min": 1024}},
             {"op": "socket_getpeername", "expect": {"port_equals": "x"}},
             {"op": "socket_getsockname"}]
    outs = [{"op": "socket_getsockname", "ok": True, "port": 40123},
            {"op": "socket_getpeername", "ok": True, "port": 40123},
            {"op": "socket_getsockname", "ok": True, "port": 51000, "elapsed_ms": 3.0}]
    done = records.committed(outs, steps)
    assert [o["port"] for o in done] == ["<port-1>", "<port-1>", "<port-2>"]
    assert "elapsed_ms" not in done[2]  # no threshold: no time kept
    back = records.restore(done)
    assert back[0]["port"] == back[1]["port"] != back[2]["port"] and back[0]["port"] >= 1024


def test_a_case_judged_on_committed_records_gets_its_verdict():
    case = {"features": [], "steps": [
        {"op": "socket_read", "args": {"socket": "a", "length": 1},
         "expect": {"ok": False, "elapsed_ms_max": 250}}]}
    info = {"features": []}
    for ms, verdict in [(12.5, "PASS"), (480.0, "FAIL")]:
        raw = [{"op": "socket_read", "ok": False, "error": "EWOULDBLOCK", "elapsed_ms": ms}]
        assert judge(case, {"steps": raw}, info)[0] == verdict
        kept = records.restore(records.committed(raw, case["steps"]))
        assert judge(case, {"steps": kept}, info)[0] == verdict


def test_rejudge_finds_a_record_that_does_not_support_its_verdict(tmp_path):
    source = sorted(RESULTS.glob("psock-linux-glibc-*.jsonl"))[0]
    lines = source.read_text().splitlines()
    for i, line in enumerate(lines):
        record = json.loads(line)
        if record.get("type") == "case" and record["status"] == "PASS" and any(
                "data_b64" in o for o in record["steps"]):
            for o in record["steps"]:
                if "data_b64" in o:
                    o["data_b64"] = "eHl6"  # "xyz": not what the case expects
            lines[i] = json.dumps(record, sort_keys=True)
            break
    else:
        raise AssertionError("no PASS record with data in %s" % source)
    tampered = tmp_path / source.name
    tampered.write_text("\n".join(lines) + "\n")
    assert rejudge.main([str(source)]) == 0
    assert rejudge.main([str(tampered)]) == 1


def test_a_temporary_path_is_named_by_its_role_not_the_drivers_counter():
    import records
    a = records.committed([{"op": "socket_getsockname", "ok": True,
                            "address": "/tmp/psock-harness-x1/psock-php-7/c232-bound.sock"}], None)
    b = records.committed([{"op": "socket_getsockname", "ok": True,
                            "address": "/tmp/psock-harness-y2/psock-drv-Q/c274-bound.sock"}], None)
    assert a == b and a[0]["address"] == "<tmp>/bound.sock"
