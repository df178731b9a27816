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


_OPTION_OPS = {"socket_get_option": "get", "socket_getopt": "get",
               "socket_set_option": "set", "socket_setopt": "set"}
# Options the manual says can only be set (socket_get_option's table): a
# refused read of one is controlled by setting it (same level and option)
# on the same socket -- there is no valid read to compare with.
SET_ONLY = {"MCAST_JOIN_GROUP", "MCAST_LEAVE_GROUP", "MCAST_BLOCK_SOURCE",
            "MCAST_UNBLOCK_SOURCE", "MCAST_JOIN_SOURCE_GROUP", "MCAST_LEAVE_SOURCE_GROUP"}
# Cases whose invalid input is the option itself, each with why: the
# control is the same function with a valid option.
THE_OPTION_IS_THE_INPUT = {
    "socket_get_option/unknown-option": "an option number the level does not have",
    "socket_set_option/so-type-read-only": "SO_TYPE cannot be set at all",
}


def _call(step):
    """What makes two steps the same call: the op, and for the option
    functions the level and option (another option is another call)."""
    kind = _OPTION_OPS.get(step["op"])
    if kind is None:
        return (step["op"],)
    args = step.get("args", {})
    return (kind, args.get("level"), args.get("option"))


def _uncontrolled(case):
    steps = case["steps"]
    whole_op = case["id"] in THE_OPTION_IS_THE_INPUT
    wrong = []
    for s in steps:
        if s.get("expect") != {"ok": False}:
            continue
        want = {(s["op"],) if whole_op else _call(s)}
        if _call(s)[0] == "get" and _call(s)[2] in SET_ONLY:
            want.add(("set",) + _call(s)[1:])
        if not any((((t["op"],) if whole_op else _call(t)) in want) and _succeeds(t)
                   for t in steps):
            wrong.append("%s: %s" % (case["id"], "/".join(str(x) for x in _call(s))))
    return wrong


def test_a_refusal_has_a_control_that_the_same_call_succeeds():
    """A spec case whose point is that a call fails ({"ok": false}) shows
    that the same call succeeds with valid input: a driver that fails
    everything would pass it otherwise. For the option functions the same
    call is the same option: reading IP_MULTICAST_LOOP controls no refusal
    of MCAST_JOIN_GROUP (issue 24's review)."""
    wrong = sorted({w for c in load_cases() if c["tier"] == "spec" for w in _uncontrolled(c)})
    assert not wrong, "refusals without a control: %s" % wrong


def test_a_control_on_another_option_is_no_control():
    refusal = {"op": "socket_get_option", "args": {"level": "IPPROTO_IP", "option": "MCAST_JOIN_GROUP"},
               "expect": {"ok": False}}
    other = {"op": "socket_get_option", "args": {"level": "IPPROTO_IP", "option": "IP_MULTICAST_LOOP"},
             "expect": {"ok": True, "value": 1}}
    same_set = {"op": "socket_set_option", "args": {"level": "IPPROTO_IP", "option": "MCAST_JOIN_GROUP",
                                                     "value": {"group": "239.255.0.1"}},
                "expect": {"ok": True}}
    assert _uncontrolled({"id": "x/y", "steps": [refusal, other]})
    assert not _uncontrolled({"id": "x/y", "steps": [refusal, same_set]})
    ttl = {"op": "socket_set_option", "args": {"level": "IPPROTO_IP", "option": "IP_MULTICAST_TTL",
                                                "value": 256}, "expect": {"ok": False}}
    assert _uncontrolled({"id": "x/y", "steps": [ttl, same_set]})


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


def test_not_with_a_list_excludes_each():
    """"error_not": [..] (no exception of either class, before PHP 8.5)."""
    want = {"ok": False, "error_not": ["TypeError", "ValueError"]}
    assert _one(want, {"ok": False, "error": "OK"}) == "PASS"
    assert _one(want, {"ok": False, "error": "ValueError"}) == "FAIL"
    assert _one(want, {"ok": False, "error": "TypeError"}) == "FAIL"


def test_by_os_takes_the_systems_exact_value_first():
    """CMSG_SPACE is exact per system: "<os>-<arch>" before "other"."""
    want = {"by_os": {"linux-x86_64": {"ret": 24}, "other": {"ret_min": 16, "ret_max": 24},
                      "windows": {"ret_min": 16, "ret_max": 24}}}
    linux = dict(INFO, platform={"os": "Linux", "arch": "x86_64"})
    mac = dict(INFO, platform={"os": "Darwin", "arch": "arm64"})
    assert _one(want, {"ret": 24}, linux) == "PASS"
    assert _one(want, {"ret": 16}, linux) == "FAIL"
    assert _one(want, {"ret": 16}, mac) == "PASS"
    assert _one(want, {"ret": 25}, mac) == "FAIL"


def test_a_size_the_system_fixes_is_checked_from_both_sides():
    """socket_cmsg_space's result is the system's CMSG_SPACE: a step that
    bounds it from below only (ret_min 1) passes a size too big to mean
    anything. Every expectation of it is exact (ret) or bounded both ways."""
    def bounded(exp):
        if "by_os" in exp:
            return all(bounded(alt) for alt in exp["by_os"].values())
        if "one_of" in exp:
            return all(bounded(alt) for alt in exp["one_of"])
        return exp.get("ok") is False or "ret" in exp or {"ret_min", "ret_max"} <= set(exp)
    wrong = ["%s step %d" % (c["id"], i + 1) for c in load_cases() if c["tier"] != "note"
             for i, s in enumerate(c["steps"])
             if s["op"] == "socket_cmsg_space" and s.get("expect") and not bounded(s["expect"])]
    assert not wrong, wrong


# Options whose value the drivers report by the constant's name (the int is
# that constant's value: SOCK_STREAM, an error's name), not as a number.
NAMED_VALUES = {"SO_TYPE", "SO_ERROR"}


def test_an_option_the_page_calls_an_int_is_read_as_an_int():
    """A spec case citing "socket_get_option gives X as an int" reads X
    with value_type int: value_min 1 or value_not 0 passes a float, a bool
    or an array (SO_MEMINFO's), and value 30 passes 30.0."""
    import re
    from cases import load_all_statements
    statements = load_all_statements()

    def typed(exp):
        if "one_of" in exp:
            return all(typed(a) for a in exp["one_of"])
        if "by_os" in exp:
            return all(typed(a) for a in exp["by_os"].values())
        return exp.get("value_type") == "int" or exp.get("ok") is False

    wrong = []
    for c in load_cases():
        if c["tier"] != "spec":
            continue
        for sid in c["statements"]:
            m = re.search(r"gives (\w+) as an int", statements.get(sid, {}).get("claim") or "")
            if not m or m.group(1) in NAMED_VALUES:
                continue
            reads = [s["expect"] for s in c["steps"] if s["op"] in ("socket_get_option", "socket_getopt")
                     and s.get("args", {}).get("option") == m.group(1) and s.get("expect")]
            if not reads or not any(typed(e) for e in reads):
                wrong.append("%s: %s (%s)" % (c["id"], m.group(1), sid))
    assert not wrong, wrong


def _blocks(case):
    """Whether a case observes a wait: a forked peer acts only once the
    parent is blocked (wait_blocked), or a step's time is bounded below."""
    for s in case["steps"]:
        if s["op"] == "fork_peer" and any(t["op"] == "wait_blocked"
                                          for t in s.get("args", {}).get("steps", [])):
            return True
        if "elapsed_ms_min" in (s.get("expect") or {}):
            return True
    return False


def test_a_case_citing_a_wait_observes_one():
    """A statement that a call waits ("MSG_WAITALL makes socket_recv wait
    for the full length", "waits normally") is cited only by a case that
    sees the call block: with all the data already there, a flag that does
    nothing passes (issue 24's review: select-usec-over-a-second)."""
    import re
    from cases import load_all_statements
    statements = load_all_statements()
    wrong = [c["id"] for c in load_cases() if c["tier"] in ("spec", "note")
             and any(re.search(r"(?<!not )(?<!n't )(?<!without )\bwait",
                               statements.get(s, {}).get("claim") or "", re.I)
                     for s in c["statements"]) and not _blocks(c)]
    assert not wrong, wrong
