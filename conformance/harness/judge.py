# SPDX-License-Identifier: MIT
"""Comparing a driver's raw outcomes with a case's expectations. Drivers
judge nothing; this is the only place that does."""
import base64

# Two names POSIX gives one condition: not a normalization psock makes.
ALIASES = {"EAGAIN": "EWOULDBLOCK", "ENOTSUP": "EOPNOTSUPP"}


def _name(error):
    return ALIASES.get(error, error)


def _data(outcome, key="data_b64"):
    return base64.b64decode(outcome.get(key, "") or "")


def _check(expect, outcome):
    """None when outcome meets expect, else what differs."""
    for key, want in expect.items():
        got = outcome.get(key)
        if key == "ok":
            if bool(got) != want:
                extra = " (%s)" % outcome.get("error") if outcome.get("error") else ""
                return "ok: expected %s, got %s%s" % (want, bool(got), extra)
        elif key == "error":
            wants = [want] if isinstance(want, str) else want
            if _name(outcome.get("error")) not in [_name(w) for w in wants]:
                return "error: expected %s, got %s" % (
                    "|".join(str(w) for w in wants), outcome.get("error"))
        elif key.endswith("_min") or key.endswith("_max"):
            field = key[:-4]
            value = outcome.get(field)
            if not isinstance(value, (int, float)) or \
                    (key.endswith("_min") and value < want) or \
                    (key.endswith("_max") and value > want):
                return "%s %s: got %s" % (key, want, value)
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
            if _name(got) != _name(want):
                return "value: expected %s, got %s" % (want, got)
        elif key.endswith("_not"):
            field = key[:-4]
            if field not in outcome:  # absent proves nothing: fail
                return "%s: missing (must be present and not %r)" % (field, want)
            if outcome[field] == want:
                return "%s: must not be %r" % (field, want)
        elif got != want:
            return "%s: expected %r, got %r" % (key, want, got)
    return None


def _forked_steps(steps, peer):
    """The steps the fork_peer step named `peer` gave its child."""
    for step in steps:
        if step["op"] == "fork_peer" and step.get("as") == peer:
            return step.get("args", {}).get("steps", [])
    return None


def _judge_steps(steps, outcomes, where=""):
    """(status, message) for one process's steps; a wait_peer outcome carries
    the peer's own outcomes, judged against the steps fork_peer gave it."""
    setup_failure = None  # a step without expectations that failed
    for i, (step, outcome) in enumerate(zip(steps, outcomes)):
        label = "%sstep %d (%s)" % (where, i + 1, step["op"])
        if outcome.get("unsupported"):
            why = outcome.get("why")
            return "UNSUPPORTED", "%s not available%s" % (label, ": " + why if why else "")
        if outcome.get("error") == "NO_SUCH_NAME" and setup_failure:
            return "FAIL", setup_failure  # that socket was never made
        if outcome.get("error") in ("BAD_CASE", "NO_SUCH_NAME"):
            expect = step.get("expect", {})
            if expect.get("error") != outcome.get("error"):
                return "ERROR", "%s: %s %s" % (
                    label, outcome.get("error"), outcome.get("message", ""))
        if "expect" not in step and outcome.get("ok") is False and setup_failure is None:
            setup_failure = "%s failed: %s" % (label, outcome.get("error"))
        if "expect" in step:
            diff = _check(step["expect"], outcome)
            if diff is not None:
                return "FAIL", "%s: %s" % (label, diff)
        if step["op"] == "wait_peer" and "steps" in outcome:
            forked = _forked_steps(steps, step.get("args", {}).get("peer"))
            if forked is None:
                return "ERROR", "%s: no fork_peer step of that name" % label
            status, message = _judge_steps(forked, outcome["steps"],
                                           "%s > peer " % label)
            if status != "PASS":
                return status, message
    if len(outcomes) != len(steps):
        return "ERROR", "%sdriver answered %d of %d steps" % (where, len(outcomes), len(steps))
    return "PASS", ""


def judge(case, reply, features):
    """(status, message) for one case's reply. (Features are checked before
    a case is sent; this check stays for callers that judge replies alone.)"""
    missing = [f for f in case["features"] if f not in features]
    if missing:
        return "UNSUPPORTED", "needs " + ", ".join(missing)
    return _judge_steps(case["steps"], reply["steps"])
