# SPDX-License-Identifier: MIT
"""Comparing a driver's raw outcomes with a case's expectations. Drivers
judge nothing; this is the only place that does."""
import base64

from cases import claims

# Two names POSIX gives one condition: not a normalization psock makes.
ALIASES = {"EAGAIN": "EWOULDBLOCK", "ENOTSUP": "EOPNOTSUPP"}


def _name(error, exact=True):
    """The condition an error name stands for. Judged on the condition (not
    exact), Winsock's WSAECONNREFUSED is ECONNREFUSED: the spec's error is
    the platform's code, and only psock.portable-errors promises POSIX's
    name everywhere."""
    if not exact and isinstance(error, str) and error.startswith("WSAE"):
        error = error[3:]
    return ALIASES.get(error, error)


def _data(outcome, key="data_b64"):
    return base64.b64decode(outcome.get(key, "") or "")


# What an "expect" may say: an outcome field compared as is, or with one of
# the suffixes; the other keys are judged specially. A test checks every
# case against this list, so a misspelt key cannot pass silently.
FIELDS = {"ok", "error", "global_error", "ret", "data", "data_b64", "data_len", "vectors", "read",
          "write", "except", "value", "message", "localized", "message_in_locale",
          "address", "port", "truncated", "supported", "count", "exit", "elapsed_ms",
          # socket_recvmsg's control data: MSG_CTRUNC, descriptors received,
          # the messages' types in order, IPV6_PKTINFO's address.
          "ctrunc", "fds", "control_types", "pktinfo_addr"}
# PHP 8's exceptions for an argument outside a function's domain: an
# implementation without exceptions ("exceptions": false) refuses it with
# EINVAL instead.
ARGUMENT_EXCEPTIONS = ("ValueError", "TypeError")
SPECIAL = {"one_of", "warning_when_reported", "handle_when_reported", "by_os"}
# "by_os": {"windows": {...}, "other": {...}}: where the spec itself says a
# behaviour differs by system ("supported only on Windows"), the expectation
# of the system the driver runs on (its start reply's platform.os).
SUFFIXES = ("_min", "_max", "_not", "_equals", "_unlike", "_endswith", "_type")
# What "<field>_type" may ask: the JSON type of the value, as the manual
# names PHP's ("int" is an integer, never a float or a bool).
TYPES = {"int": (int,), "string": (str,), "array": (list, dict), "bool": (bool,)}


def _stable(value):
    """repr, with an object's keys in order: a message must not depend on
    the order a driver sent them in (the committed records sort them)."""
    if isinstance(value, dict):
        return "{" + ", ".join("%r: %s" % (k, _stable(value[k])) for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_stable(v) for v in value) + "]"
    return repr(value)


def known_key(key):
    if "." in key:  # a member of an object field: "value.l_onoff_not"
        field, member = key.split(".", 1)
        return field in FIELDS and bool(member)
    if key in FIELDS or key in SPECIAL:
        return True
    return any(key.endswith(s) and key[:-len(s)] in FIELDS for s in SUFFIXES)


def _earlier(ctx, step, field):
    """(True, value) of field in the outcome of the earlier step whose "as"
    named it, or (False, None) when there is none to compare with."""
    ref = ctx["named"].get(step)
    return (True, ref[field]) if ref is not None and field in ref else (False, None)


# The outcome field an expectation reads, where it is not the key itself.
_SENT_AS = {"data": "data_b64", "data_len": "data_b64", "vectors": "vectors_b64"}


def sent_field(key):
    """The outcome field that must have been sent for `key` to be judged,
    or None for the keys judged otherwise (one_of's alternatives, a warning
    that may rightly be absent)."""
    if key in SPECIAL:
        return None
    for suffix in SUFFIXES:
        if key.endswith(suffix) and key[:-len(suffix)] in FIELDS:
            key = key[:-len(suffix)]
            break
    return _SENT_AS.get(key, key)


def _check(expect, outcome, ctx):
    """None when outcome meets expect, else what differs. ctx: the outcomes
    of earlier steps by the name their "as" gave (for *_equals), whether
    error names are judged exactly, and whether the driver reports warnings.
    An expectation is met only by a field the driver sent: silence is never
    agreement (an absent "ok" is not false, an absent list is not empty)."""
    for key, want in expect.items():
        if "." in key:
            # One member of an object the driver sent (SO_LINGER's
            # {l_onoff, l_linger}), judged by the same rules.
            field, member = key.split(".", 1)
            if not isinstance(outcome.get(field), dict):
                return "%s: the driver sent no %s object" % (key, field)
            diff = _check({member: want}, outcome[field], dict(ctx, members=True))
            if diff is not None:
                return "%s.%s" % (field, diff)
            continue
        # (A member's own rules see its absence: no None equals a value.)
        field = None if ctx.get("members") else sent_field(key)
        if field is not None and field not in outcome:
            return "%s: the driver sent no %s" % (key, field)
        got = outcome.get(key)
        if key == "one_of":
            # The spec allows several outcomes ("platform-dependent").
            diffs = [_check(alt, outcome, ctx) for alt in want]
            if all(d is not None for d in diffs):
                return "none of the allowed outcomes: " + "; ".join(diffs)
        elif key == "handle_when_reported":
            # What PHP gave for a socket (a Socket object or, before PHP
            # 8.0.0, a resource): only a driver that says so ("handles": true).
            if ctx.get("handles") and outcome.get("handle") != want:
                return "handle: expected %s, got %r" % (want, outcome.get("handle"))
        elif key == "by_os":
            diff = _check(want[ctx.get("os", "other")], outcome, ctx)
            if diff is not None:
                return "%s (on %s)" % (diff, "Windows" if ctx.get("os") == "windows"
                                       else "a system other than Windows")
        elif key == "warning_when_reported":
            # Only a driver that reports warnings ("warnings": true) has any.
            if ctx["warnings"] and bool(outcome.get("warning")) != want:
                return "warning: expected %s, got %r" % (
                    "one" if want else "none", outcome.get("warning"))
        elif key.endswith("_unlike"):
            field = key[:-7]
            found, theirs = _earlier(ctx, want, field)
            if not found or field not in outcome:
                return "%s: no %s here and in step %r to compare" % (key, field, want)
            if outcome[field] == theirs:
                return "%s: %r is the same as in step %r" % (field, outcome[field], want)
        elif key.endswith("_endswith"):
            field = key[:-9]
            if not isinstance(outcome.get(field), str) or not outcome[field].endswith(want):
                return "%s: expected ...%s, got %r" % (field, want, outcome.get(field))
        elif key.endswith("_equals"):
            field = key[:-7]
            found, theirs = _earlier(ctx, want, field)
            if not found:
                return "%s: step %r gave no %s to compare with" % (key, want, field)
            if outcome.get(field) != theirs:
                return "%s: expected %r (step %r), got %r" % (
                    field, theirs, want, outcome.get(field))
        elif key == "ok":
            if got is not want:
                extra = " (%s)" % outcome.get("error") if outcome.get("error") else ""
                return "ok: expected %s, got %s%s" % (want, bool(got), extra)
        elif key == "error":
            wants = [want] if isinstance(want, str) else want
            if not ctx.get("exceptions", True):
                # PHP's refusal of an argument outside the function's
                # domain, in a language without exceptions (C): EINVAL.
                wants = ["EINVAL" if w in ARGUMENT_EXCEPTIONS else w for w in wants]
            exact = ctx["exact_errors"]
            if _name(outcome.get("error"), exact) not in [_name(w) for w in wants]:
                return "error: expected %s, got %s" % (
                    "|".join(str(w) for w in wants), outcome.get("error"))
        elif key.endswith("_type"):
            field = key[:-5]
            value = outcome.get(field)
            if want not in TYPES:
                return "%s: no such type %r" % (key, want)
            if not isinstance(value, TYPES[want]) or (want != "bool" and isinstance(value, bool)):
                return "%s: expected %s %s, got %r" % (field, "an" if want[0] in "aeiou" else "a",
                                                      want, value)
        elif key.endswith("_min") or key.endswith("_max"):
            field = key[:-4]
            value = outcome.get(field)
            if not isinstance(value, (int, float)) or \
                    (key.endswith("_min") and value < want) or \
                    (key.endswith("_max") and value > want):
                if field == "elapsed_ms" and isinstance(value, (int, float)):
                    # Not the milliseconds: a verdict that names them would
                    # differ from run to run.
                    return "%s %s: it took %s" % (key, want, "less" if value < want else "longer")
                return "%s %s: got %s" % (key, want, _stable(value))
        elif key == "data":
            if _data(outcome) != want.encode("utf-8"):
                return "data: expected %r, got %r" % (want.encode(), _data(outcome))
        elif key == "data_b64":
            if _data(outcome) != base64.b64decode(want):
                return "data: expected %r, got %r" % (base64.b64decode(want), _data(outcome))
        elif key == "data_len":
            if len(_data(outcome)) != want:
                return "data length: expected %d, got %d" % (want, len(_data(outcome)))
        elif key == "vectors":
            got_v = [base64.b64decode(v) for v in outcome.get("vectors_b64", [])]
            if got_v != [w.encode() for w in want]:
                return "vectors: expected %r, got %r" % (want, got_v)
        elif key in ("read", "write", "except"):
            if sorted(got or []) != sorted(want):
                return "%s: expected %s, got %s" % (key, want, got)
        elif key == "value" and isinstance(want, str) and isinstance(got, str):
            if _name(got, ctx["exact_errors"]) != _name(want):
                return "value: expected %s, got %s" % (want, got)
        elif key.endswith("_not"):
            field = key[:-4]
            if field not in outcome:  # absent proves nothing: fail
                return "%s: missing (must be present and not %r)" % (field, want)
            if outcome[field] == want:
                return "%s: must not be %r" % (field, want)
        elif got != want:
            return "%s: expected %s, got %s" % (key, _stable(want), _stable(got))
    return None


def _forked_steps(steps, peer):
    """The steps the fork_peer step named `peer` gave its child."""
    for step in steps:
        if step["op"] == "fork_peer" and step.get("as") == peer:
            return step.get("args", {}).get("steps", [])
    return None


_FUNCTION_OF = {}


def _functions_of(case):
    """The functions the case's statements are about (coverage.function_of)."""
    if not _FUNCTION_OF:
        from cases import load_all_statements
        from coverage import function_of
        _FUNCTION_OF.update((i, function_of(s)) for i, s in load_all_statements().items())
        _FUNCTION_OF.setdefault(None, None)
    return {_FUNCTION_OF.get(s) for s in case.get("statements", [])} - {None}


def _judge_steps(steps, outcomes, ctx, where=""):
    """(status, message) for one process's steps; a wait_peer outcome carries
    the peer's own outcomes, judged against the steps fork_peer gave it."""
    ctx = dict(ctx, named={})
    for i, (step, outcome) in enumerate(zip(steps, outcomes)):
        label = "%sstep %d (%s)" % (where, i + 1, step["op"])
        if "if_made" in step:
            maker = ctx["named"].get(step["if_made"])
            if maker is None:
                return "ERROR", "%s: if_made names %r, which no earlier step made" % (
                    label, step["if_made"])
            if maker.get("ok") is not True:
                # The spec allowed the socket not to be made (one_of), and
                # it was not: what would have been done with it is not judged.
                continue
        if outcome.get("locale_missing"):
            # The host lacks the locale the step asked for: no verdict on
            # the implementation (a glibc without de_DE.UTF-8 generated).
            return "UNSUPPORTED", "%s: this host has no such locale" % label
        if outcome.get("unsupported"):
            why = outcome.get("why")
            if outcome.get("lacks") == "op":
                # The driver's gap, not the implementation's or platform's.
                return "UNIMPLEMENTED", "%s: the driver does not implement this op" % label
            return "UNSUPPORTED", "%s not available%s" % (label, ": " + why if why else "")
        if outcome.get("composed") and step["op"] in ctx["functions"]:
            # The implementation has no such call and the driver made it
            # from others (native, CPython: PROTOCOL.md's compositions): it
            # serves as a setup step, never as a verdict on the function.
            return "UNSUPPORTED", "%s: composed by the driver from other calls, no " \
                "verdict for %s" % (label, step["op"])
        if outcome.get("error") in ("BAD_CASE", "NO_SUCH_NAME"):
            expect = step.get("expect", {})
            if expect.get("error") != outcome.get("error"):
                return "ERROR", "%s: %s %s" % (
                    label, outcome.get("error"), outcome.get("message", ""))
        if "expect" not in step and outcome.get("ok") is not True:
            # A step the case only needs (it states no expectation) must
            # succeed: a failure of the setup is never taken for the
            # refusal a later step expects.
            return "FAIL", "%s: a step the case needs failed: %s" % (
                label, outcome.get("error") or "no ok")
        names = step.get("as")
        for name in [names] if isinstance(names, str) else names or []:
            ctx["named"][name] = outcome
        if "expect" in step:
            diff = _check(step["expect"], outcome, ctx)
            if diff is not None:
                return "FAIL", "%s: %s" % (label, diff)
        if step["op"] == "wait_peer" and outcome.get("ok") is True:
            forked = _forked_steps(steps, step.get("args", {}).get("peer"))
            if forked is None:
                return "ERROR", "%s: no fork_peer step of that name" % label
            if "steps" not in outcome:  # the peer's outcomes are its verdict
                return "FAIL", "%s: the driver sent no steps of the peer" % label
            status, message = _judge_steps(forked, outcome["steps"], ctx,
                                           "%s > peer " % label)
            if status != "PASS":
                return status, message
    if len(outcomes) != len(steps):
        return "ERROR", "%sdriver answered %d of %d steps" % (where, len(outcomes), len(steps))
    return "PASS", ""


def judge(case, reply, info):
    """(status, message) for one case's reply; info is the driver's start
    reply (features, extensions, warnings). Features are checked before a
    case is sent; this check stays for callers that judge replies alone."""
    missing = [f for f in case["features"] if f not in info.get("features", [])]
    if missing:
        return "UNSUPPORTED", "needs " + ", ".join(missing)
    ctx = {"exact_errors": claims("psock.portable-errors", info.get("extensions")),
           "os": "windows" if str((info.get("platform") or {}).get("os", "")).lower().startswith(
               "win") else "other",
           "warnings": bool(info.get("warnings")), "handles": bool(info.get("handles")),
           "exceptions": info.get("exceptions", True) is not False,
           "functions": _functions_of(case)}
    return _judge_steps(case["steps"], reply["steps"], ctx)
