# SPDX-License-Identifier: MIT
"""Weak cases (issue 24 §4): a case must fail the wrong variants of what it
checks. "int" is an int, never a float; an expectation the spec makes
per system ("supported only on Windows") is judged by the system the
driver runs on, not accepted either way; shutdown modes 0 and 2 are seen
on the read side too; a spec step accepts any outcome only where a later
step judges what came of it."""
from cases import load_cases
from judge import judge

INFO = {"features": ["af_unix", "ipv6", "seqpacket", "fork", "signals"]}


def _one(expect, outcome, info=INFO):
    case = {"features": [], "steps": [{"op": "socket_get_option", "args": {}, "expect": expect}]}
    return judge(case, {"steps": [dict(outcome, op="socket_get_option")]}, info)[0]


def test_an_int_is_not_a_float_nor_a_bool():
    assert _one({"value_type": "int"}, {"ok": True, "value": 1}) == "PASS"
    assert _one({"value_type": "int"}, {"ok": True, "value": 1.0}) == "FAIL"
    assert _one({"value_type": "int"}, {"ok": True, "value": True}) == "FAIL"
    assert _one({"value_type": "int"}, {"ok": True}) == "FAIL"
    assert _one({"value_type": "array"}, {"ok": True, "value": {"sec": 1}}) == "PASS"


def test_by_os_is_judged_by_the_drivers_system():
    want = {"by_os": {"windows": {"ok": True}, "other": {"ok": False}}}
    linux = dict(INFO, platform={"os": "Linux"})
    windows = dict(INFO, platform={"os": "Windows"})
    assert _one(want, {"ok": False}, linux) == "PASS"
    assert _one(want, {"ok": True}, linux) == "FAIL"
    assert _one(want, {"ok": True}, windows) == "PASS"
    assert _one(want, {"ok": False}, windows) == "FAIL"
    assert _one(want, {"ok": True}, dict(INFO, platform={"os": "WINNT"})) == "PASS"


def _accepts_anything(expect):
    oks = {a.get("ok") for a in expect.get("one_of", []) if set(a) == {"ok"}}
    return {True, False} <= oks


# Spec steps that may rightly succeed or fail, each with the later step that
# judges what came of it.
ANY_OUTCOME_JUDGED_LATER = {
    "socket_connect/nonblocking-in-progress": "select and SO_ERROR judge the connection",
    "socket_get_option/so-error-after-refused-connect": "SO_ERROR judges the refusal",
    "socket_listen/queue-is-bounded": "the count of connections made judges the bound",
}


def test_no_spec_step_accepts_any_outcome_unjudged():
    wrong = sorted({c["id"] for c in load_cases() if c["tier"] == "spec"
                    for s in c["steps"] if _accepts_anything(s.get("expect", {}))} -
                   set(ANY_OUTCOME_JUDGED_LATER))
    assert not wrong, "steps accepting ok true and ok false alike: %s" % wrong


def test_shutdown_modes_0_and_2_are_seen_on_the_read_side():
    wrong = []
    for c in load_cases():
        if c["tier"] != "spec":
            continue
        for i, s in enumerate(c["steps"]):
            how = s.get("args", {}).get("how")
            if s["op"] != "socket_shutdown" or how not in (0, 2) or \
                    s.get("expect", {}).get("ok") is not True:
                continue
            me = s["args"]["socket"]
            if not any(t["op"] in ("socket_read", "socket_recv") and
                       t.get("args", {}).get("socket") == me and t.get("expect")
                       for t in c["steps"][i + 1:]):
                wrong.append("%s: mode %d on %s, its read side unchecked" % (c["id"], how, me))
    assert not wrong, wrong


def _succeeds(step):
    exp = step.get("expect")
    return bool(exp) and exp.get("ok") is not False and exp != {"ok": False}


def test_a_refusal_has_a_control_that_the_same_call_succeeds():
    """A spec case whose point is that a call fails ({"ok": false}) shows
    that the same call succeeds with valid input: a driver that fails
    everything would pass it otherwise."""
    wrong = []
    for c in load_cases():
        if c["tier"] != "spec":
            continue
        refused = {s["op"] for s in c["steps"] if s.get("expect") == {"ok": False}}
        wrong += ["%s: %s" % (c["id"], op) for op in sorted(refused)
                  if not any(s["op"] == op and _succeeds(s) for s in c["steps"])]
    assert not wrong, "refusals without a control: %s" % wrong


def test_a_port_the_case_expects_is_kept_and_a_temp_path_in_a_message_is_named():
    """The committed records keep what re-derives a verdict: a fixed port a
    step expects (70000 bound as 4464) is no ephemeral port, and a message
    quoting a driver's temporary path names it as the outcome does."""
    import records
    kept = records.committed([{"op": "socket_getsockname", "port": 4464},
                              {"op": "socket_getsockname", "port": 50123}],
                             [{"op": "socket_getsockname", "expect": {"port": 4464}},
                              {"op": "socket_getsockname"}])
    assert [o["port"] for o in kept] == [4464, "<port-1>"]
    assert records.committed_message(
        "step 8 (socket_getpeername): address: expected '', got "
        "'/tmp/psock-harness-ab12/psock-php-99/c415-srv.sock'") == \
        "step 8 (socket_getpeername): address: expected '', got '<tmp>/srv.sock'"
