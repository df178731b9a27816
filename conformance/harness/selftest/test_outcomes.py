# SPDX-License-Identifier: MIT
"""outcomes.json, what each op sends back: every op of ops.json has its
entry (a new op without one fails here, by name), the shapes it names
exist, PROTOCOL.md's generated table is current, and the harness refuses
a reply that breaks it (ERROR, with what is wrong)."""
import json

import outcomes
from cases import load_ops


def test_every_op_has_an_outcome_schema():
    ops, table = set(load_ops()["ops"]), load_outcome_ops()
    missing = sorted(ops - set(table))
    assert not missing, "ops.json ops without an outcome schema in outcomes.json: " + \
        ", ".join(missing)
    unknown = sorted(set(table) - ops)
    assert not unknown, "outcomes.json names ops ops.json lacks: " + ", ".join(unknown)


def load_outcome_ops():
    return outcomes.load()["ops"]


def test_every_shape_named_exists():
    doc = outcomes.load()
    named = set(doc["every"].values())
    for op, entry in doc["ops"].items():
        assert set(entry) <= {"success", "may", "also", "says", "fails"}, op
        named |= set(entry["success"].values()) | set(entry.get("may", {}).values())
    assert named <= set(doc["shapes"]), sorted(named - set(doc["shapes"]))


def test_protocol_md_table_is_generated_and_current():
    assert outcomes.main(["--check"]) == 0, \
        "run: python3 conformance/harness/outcomes.py --write"


def test_replies_are_validated_against_the_table():
    p = outcomes.problem
    assert p({"op": "socket_read", "ok": True, "ret": 2, "data_b64": "YWI="}) is None
    assert "data_b64" in p({"op": "socket_read", "ok": True, "ret": 2})
    assert p({"op": "socket_read", "ok": False, "error": "EBADF", "ret": -1}) is None
    assert "error" in p({"op": "socket_read", "ok": False})
    assert p({"op": "socket_recvfrom", "ok": True, "ret": 1, "data_b64": "YQ==",
              "address": None, "port": None}) is None
    assert p({"op": "constant", "ok": True, "supported": False}) is None
    assert "value" in p({"op": "constant", "ok": True, "supported": True})
    assert "never answers ok: false" in p({"op": "constant", "ok": False, "error": "X"})
    assert p({"op": "socket_select", "unsupported": True, "lacks": "op"}) is None
    assert "peer step 1" in p({"op": "wait_peer", "ok": True, "exit": 0,
                               "steps": [{"op": "socket_read", "ok": True}]})
    assert p({"op": "op_of_tomorrow", "ok": True}) is None  # only `every` applies


def test_a_reply_that_breaks_it_is_an_error_of_the_case(tmp_path, monkeypatch):
    """Through the harness: the always-ok fake's bare {"ok": true} to a
    socket_read is ERROR, naming the missing field."""
    import shlex
    import sys
    import types
    from conftest import Run
    import test_selftest
    case = {"id": "self/read", "features": [], "steps": [
        {"op": "socket_read", "args": {"socket": "s", "length": 1}, "expect": {"ok": True}}]}
    monkeypatch.setattr("conftest.load_cases", lambda: [case])
    options = {"--impl": "selftest", "--platform": "here",
               "--driver": "%s %s always-ok" % (shlex.quote(sys.executable),
                                                shlex.quote(str(test_selftest.FAKE))),
               "--results": str(tmp_path / "r.jsonl"), "--case-timeout": 5.0}
    run = Run(types.SimpleNamespace(getoption=options.__getitem__))
    record = run.run(case)
    run.finish()
    assert record["status"] == "ERROR" and "step 1: socket_read" in record["message"] \
        and "data_b64" in record["message"], record["message"]
    json.dumps(record)
