# SPDX-License-Identifier: MIT
"""A step named after a function calls that function (GUIDE; issue 24 §1).

PHP's ext/sockets and psock have every function of the suite, so each op
of their drivers calls its own function and composes nothing: read from the
drivers' sources, each op's body (or a helper it calls) calls the function
the op is named after, and no other function of the spec that makes,
binds, connects or configures a socket. The native and CPython drivers
lack some functions; their compositions are marked "composed" in the
outcome and listed in PROTOCOL.md, and judge.py gives a composed step no
verdict for the function it stands in for (tested here too)."""
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from judge import judge  # noqa: E402

ROOT = HERE.parent.parent
OPS = json.loads((ROOT / "ops.json").read_text())["ops"]
SPEC_OPS = sorted(n for n, o in OPS.items() if o.get("kind") == "spec" and n.startswith("socket_"))
# What any op may call besides its own function: reporting the error, and
# closing what it made but cannot name (cleanup).
REPORTING = {"socket_last_error", "socket_strerror", "socket_close"}
# An op's own helpers that stand in for nothing, each with why: they read or
# size, and make, bind, connect or configure no socket.
AUXILIARY = {
    ("socket_atmark", "socket_clear_error"):
        "false is both 'not at the mark' and 'failed': the error is cleared "
        "before the call so that a failure shows in socket_last_error",
    ("socket_recvmsg", "socket_cmsg_space"):
        "the control buffer is sized by socket_cmsg_space, as the manual's "
        "example of socket_recvmsg does",
    ("socket_import_stream", "socket_getsockname"):
        "the imported socket's family is read back so that later steps can "
        "give it addresses",
}
# psock's name of a function where C has no PHP counterpart's noun: no
# streams in C, so psock_export lends the OS socket of a handle and
# psock_import adopts one (psock.h).
PSOCK_NAMES = {"socket_export_stream": "psock_export", "socket_import_stream": "psock_import"}


def _php_bodies(text):
    """{function name: body} of driver.php's top-level functions."""
    bodies = {}
    for m in re.finditer(r"^function (\w+)\(.*?\n\{\n(.*?)\n\}\n", text, re.S | re.M):
        bodies[m.group(1)] = m.group(2)
    return bodies


def _calls(body, names):
    return {n for n in names if re.search(r"(?<![\w$>:])%s\(" % re.escape(n), body)}


def test_every_php_op_calls_its_own_function_and_composes_none():
    text = (ROOT / "drivers" / "php" / "driver.php").read_text()
    bodies = _php_bodies(text)
    problems = []
    for op in SPEC_OPS:
        body = bodies.get("op_" + op)
        if body is None:
            continue  # not implemented: the driver says "lacks": "op"
        local = [f for f in bodies if re.search(r"(?<![\w$>:])%s\(" % f, body)
                 and not f.startswith("op_")]
        reached = body + "".join(bodies[f] for f in local)
        if op not in _calls(reached, [op]):
            problems.append("op_%s never calls %s()" % (op, op))
        others = _calls(body, set(SPEC_OPS) - {op} - REPORTING -
                        {f for o, f in AUXILIARY if o == op})
        if others:
            problems.append("op_%s also calls %s: a composition" % (op, sorted(others)))
        if "composed" in body:
            problems.append("op_%s marks its outcome composed" % op)
    assert not problems, problems


def _c_handlers(text):
    """{op name: handler} of an impl_ops table, {handler: body} of the
    file's functions (and UNARY_OP(handler, call) lines)."""
    table = dict(re.findall(r'\{"(\w+)", (\w+)\}', text.split("impl_ops[] = {", 1)[1]))
    bodies = {m.group(1): m.group(2) for m in re.finditer(
        r"^static \w+ \*?(\w+)\([^)]*\) \{\n(.*?)\n\}\n", text, re.S | re.M)}
    for handler, call in re.findall(r"^UNARY_OP\((\w+), (\w+)\)", text, re.M):
        bodies[handler] = "%s(s)" % call
    return table, bodies


def test_every_psock_op_calls_its_own_psock_function_and_composes_none():
    text = (ROOT / "drivers" / "psock" / "ops.c").read_text()
    table, bodies = _c_handlers(text)
    psock_spec = {PSOCK_NAMES.get(op, "psock_" + op[len("socket_"):]) for op in SPEC_OPS}
    problems = []
    for op in SPEC_OPS:
        handler = table.get(op)
        if handler is None:
            continue
        body = bodies[handler]
        local = [f for f in bodies if re.search(r"\b%s\(" % f, body) and f != handler]
        reached = body + "".join(bodies[f] for f in local)
        want = PSOCK_NAMES.get(op, "psock_" + op[len("socket_"):])
        if not _calls(reached, [want]):
            problems.append("%s (%s) never calls %s()" % (op, handler, want))
        others = _calls(body, psock_spec - {want, "psock_last_error", "psock_strerror", "psock_close"})
        if others:
            problems.append("%s (%s) also calls %s: a composition" % (op, handler, sorted(others)))
    assert not problems, problems


def test_the_drivers_that_compose_list_it_in_protocol_md():
    """Every op the native and CPython drivers compose is marked in their
    source ("composed") and listed in PROTOCOL.md's table."""
    protocol = (ROOT / "PROTOCOL.md").read_text()
    section = protocol.split("## Compositions", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| (\w+) \| `(\w+)`", section, re.M))
    assert ("native", "socket_create_listen") in listed
    assert ("python", "socket_create_listen") in listed
    native = (ROOT / "drivers" / "native" / "ops.c").read_text()
    table, bodies = _c_handlers(native)
    python = (ROOT / "drivers" / "python" / "driver.py").read_text()
    made = re.search(r"^def composed\(.*?(?=^def |\Z)", python, re.S | re.M).group(0)
    python_ops = set(re.findall(r'"(socket_\w+)"', made))
    native_ops = {op for op, h in table.items() if '"composed"' in bodies.get(h, "")}
    assert python_ops == {op for who, op in listed if who == "python"}
    assert native_ops == {op for who, op in listed if who == "native"}


def _case(op_expect):
    return {"id": "x/y", "features": [], "statements": ["manual.socket_create_listen.description.2"],
            "steps": [{"op": "socket_create_listen", "args": {"port": 0}, "as": "l",
                       "expect": op_expect},
                      {"op": "socket_close", "args": {"socket": "l"}}]}


def test_a_composed_step_gives_no_verdict_for_the_function_it_stands_in_for():
    case = _case({"ok": True})
    reply = {"steps": [{"op": "socket_create_listen", "ok": True, "composed": True},
                       {"op": "socket_close", "ok": True}]}
    status, message = judge(case, reply, {"features": []})
    assert status == "UNSUPPORTED" and "composed" in message
    # the same step, really called: judged
    reply["steps"][0].pop("composed")
    assert judge(case, reply, {"features": []})[0] == "PASS"


def test_a_composed_setup_step_of_another_function_still_serves():
    case = _case({"ok": True})
    case["statements"] = ["manual.socket_close.description.1"]
    reply = {"steps": [{"op": "socket_create_listen", "ok": True, "composed": True},
                       {"op": "socket_close", "ok": True}]}
    assert judge(case, reply, {"features": []})[0] == "PASS"


# psock functions an op may reach besides its own: they report, name or
# release what the call gave, or pick the form psock's own function takes
# its value in; none converts or prepares the step's input (that would be a
# composition: the call's verdict would be another function's).
PSOCK_NEUTRAL = {
    "psock_close": "releases what the op made but cannot name",
    "psock_last_error": "reports the error", "psock_last_native_error": "reports the error",
    "psock_strerror": "reports the error", "psock_strerror_localized": "reports the error",
    "psock_err_name": "names the error", "psock_error_to_native": "names the error's native code",
    "psock_valid": "whether the call returned a handle",
    "psock_constant_name": "names a value the call returned",
    "psock_domain": "reports the family of the pair the call made",
    "psock_listen_backlog": "reports the backlog the call put in force",
    "psock_addrinfo_free": "releases the list after it is reported",
    "psock_option_type": "which of psock_get_option/psock_set_option's own value forms "
                         "the option takes (psock.h); it converts no value",
}
# Ops sharing one helper that is given the function to call.
PSOCK_SIBLINGS = [{"socket_recv", "socket_recvfrom"}, {"socket_getpeername", "socket_getsockname"}]


def _psock_input_problems(text):
    table, bodies = _c_handlers(text)

    def reach(handler, seen):
        if handler not in seen:
            seen.add(handler)
            for f in bodies:
                if f != handler and re.search(r"\b%s\(" % f, bodies[handler]):
                    reach(f, seen)
        return seen

    problems = []
    for op in SPEC_OPS:
        handler = table.get(op)
        if handler is None:
            continue
        reached = "".join(bodies[f] for f in reach(handler, set()))
        own = {op} | {o for group in PSOCK_SIBLINGS if op in group for o in group} | \
            {f for o, f in AUXILIARY if o == op}
        allowed = {PSOCK_NAMES.get(o, "psock_" + o[len("socket_"):]) for o in own} | \
            set(PSOCK_NEUTRAL)
        extra = set(re.findall(r"\b(psock_\w+)\(", reached)) - allowed
        if extra:
            problems.append("%s (%s) reaches %s: input prepared by another function"
                            % (op, handler, sorted(extra)))
    return problems


def test_no_psock_op_prepares_its_input_with_another_psock_function():
    """The class of psock_interface_index before socket_set_option (issue
    24's review): an interface name converted by the driver, so that the
    refusal of a bad name was psock_interface_index's, not
    psock_set_option's. Every psock function an op's handler reaches
    (through the driver's own helpers) is its own, a sibling's through a
    shared helper, an auxiliary PHP's driver has too, or one that reports."""
    problems = _psock_input_problems((ROOT / "drivers" / "psock" / "ops.c").read_text())
    assert not problems, problems


def test_the_psock_input_check_sees_an_interface_converted_before_the_call():
    """The check above fails the driver as it was (its mutation)."""
    text = (ROOT / "drivers" / "psock" / "ops.c").read_text()
    assert "psock_interface_index(" not in text
    mutated = text.replace("v->u.itf.name = value->valuestring;",
                           "psock_interface_index(value->valuestring, &v->u.itf.index);")
    assert mutated != text
    problems = _psock_input_problems(mutated)
    assert any("socket_set_option" in p and "psock_interface_index" in p for p in problems)


def test_a_composed_set_option_gives_no_verdict_on_the_options_table():
    """An interface by name converted by the native or CPython driver
    (composed) is no verdict on socket_get_option's table of options, which
    socket_set_option sets."""
    case = {"id": "x/y", "features": [], "statements": ["manual.socket_get_option.parameters.74"],
            "steps": [{"op": "socket_set_option", "args": {"socket": "s"}, "expect": {"ok": True}}]}
    reply = {"steps": [{"op": "socket_set_option", "ok": True, "composed": True}]}
    status, message = judge(case, reply, {"features": []})
    assert status == "UNSUPPORTED" and "composed" in message
    reply["steps"][0].pop("composed")
    assert judge(case, reply, {"features": []})[0] == "PASS"
