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


def judge(case, reply, features):
    """(status, message) for one case's reply."""
    missing = [f for f in case["features"] if f not in features]
    if missing:
        return "UNSUPPORTED", "needs " + ", ".join(missing)
    outcomes = reply["steps"]
    setup_failure = None  # a step without expectations that failed
    for i, (step, outcome) in enumerate(zip(case["steps"], outcomes)):
        if outcome.get("unsupported"):
            return "UNSUPPORTED", "step %d: %s not available" % (i + 1, step["op"])
        if outcome.get("error") == "NO_SUCH_NAME" and setup_failure:
            return "FAIL", setup_failure  # that socket was never made
        if outcome.get("error") in ("BAD_CASE", "NO_SUCH_NAME"):
            expect = step.get("expect", {})
            if expect.get("error") != outcome.get("error"):
                return "ERROR", "step %d (%s): %s %s" % (
                    i + 1, step["op"], outcome.get("error"), outcome.get("message", ""))
        if "expect" not in step and outcome.get("ok") is False and setup_failure is None:
            setup_failure = "step %d (%s) failed: %s" % (i + 1, step["op"], outcome.get("error"))
        if "expect" in step:
            diff = _check(step["expect"], outcome)
            if diff is not None:
                return "FAIL", "step %d (%s): %s" % (i + 1, step["op"], diff)
    if len(outcomes) != len(case["steps"]):
        return "ERROR", "driver answered %d of %d steps" % (len(outcomes), len(case["steps"]))
    return "PASS", ""
