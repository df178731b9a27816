# SPDX-License-Identifier: MIT
"""The committed form of a case's outcomes, and back.

A results file in the build tree holds what the driver said: milliseconds
and ephemeral ports that differ from run to run. The copy committed under
reports/results/ must change only when behaviour does, yet the judge must
be able to re-derive every verdict from it (./psock rejudge). So:

- elapsed_ms becomes its class against the thresholds the case's own
  expectation of that step sets ("<250", ">=50" ...; "=250" when exactly
  on one): what the judge compares, and nothing more. A step whose
  expectation sets no threshold keeps no time at all.
- an ephemeral port (>= 1024) becomes "<port-N>", numbered in order of
  appearance in the case: equal ports get the same name, so every equality
  the judge checks (port_equals) survives, and a fixed port stays a number
  (as does a port the step's expectation names: 70000 bound as 4464).
- a path inside a driver's temporary directory becomes "<tmp>/name", the
  name the case gave it (its role), without the driver's case counter.
- an address of bytes that are no text (what a buffer nobody cleared held:
  PHP 7.4's socket_getsockname) becomes "<bytes that are no name>", in the
  outcome and in a message that quotes it.

restore() turns a committed outcome back into one the judge can read: a
class into a number inside it, a port name into a port number."""
import re

# A driver's temporary directory (psock-drv-XXXXXX of the C drivers,
# psock-php-PID of PHP's, psock-harness-* the harness gives each driver).
TMP_PATH = re.compile(r"^.*[/\\](?:psock-(?:drv|php|harness)-[^/\\]+[/\\])+")
# The drivers' per-case counter before a path's name ("c232-bound.sock"):
# not the path's role, and it differs between runs and versions.
CASE_COUNTER = re.compile(r"^c\d+-")
PORT_NAME = re.compile(r"^<port-(\d+)>$")
# Control characters, or invalid UTF-8 the driver replaced: different every run.
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffd]")
NOT_A_NAME = "<bytes that are no name>"
# A message quoting such an address as Python's repr does ('...' or "...").
NOT_A_NAME_IN_MESSAGE = re.compile(
    r"""^(.*address: expected '[^']*', got )('.*'|".*")$""", re.S)
FIRST_PORT = 40000  # where restored ports start: ephemeral, never 0


def _thresholds(expect):
    found = set()
    for key, want in (expect or {}).items():
        if key in ("elapsed_ms_min", "elapsed_ms_max"):
            found.add(want)
        elif key == "one_of":
            for alt in want:
                found |= _thresholds(alt)
    return found


def time_class(ms, thresholds):
    """"<250", ">=50", "=250", ">50 <250" ...: where ms lies against each
    threshold; None when there is none to compare with."""
    if not thresholds or not isinstance(ms, (int, float)):
        return None
    parts = []
    for t in sorted(thresholds):
        parts.append("=%g" % t if ms == t else (">%g" % t if ms > t else "<%g" % t))
    exact = [p for p in parts if p.startswith("=")]
    return exact[0] if exact else " ".join(parts)


def time_of_class(text):
    """A number of milliseconds inside the class."""
    bounds = {">": [], "<": []}
    for part in text.split():
        if part.startswith("="):
            return float(part[1:])
        bounds[part[0]].append(float(part[1:]))
    low = max(bounds[">"]) if bounds[">"] else None
    high = min(bounds["<"]) if bounds["<"] else None
    if low is not None and high is not None:
        return (low + high) / 2
    return low + 1 if low is not None else high / 2


def _peer_steps(steps, peer):
    for s in steps:
        if s["op"] == "fork_peer" and s.get("as") == peer:
            return s.get("args", {}).get("steps", [])
    return []


def committed(outcomes, steps, ports=None):
    """The committed form of one process's outcomes against the case's
    steps (None: the case is unknown, so no time is kept)."""
    ports = {} if ports is None else ports
    out = []
    for i, o in enumerate(outcomes):
        step = steps[i] if steps is not None and i < len(steps) else None
        o = dict(o)
        ms = o.pop("elapsed_ms", None)
        if step is not None:
            cls = time_class(ms, _thresholds(step.get("expect")))
            if cls is not None:
                o["elapsed_ms"] = cls
        for key, value in list(o.items()):
            fixed = step is not None and (step.get("expect") or {}).get(key) == value
            if key.endswith("port") and isinstance(value, int) and value >= 1024 and not fixed:
                o[key] = ports.setdefault(value, "<port-%d>" % (len(ports) + 1))
            elif key == "address" and isinstance(value, str) and NOT_TEXT.search(value):
                o[key] = NOT_A_NAME
            elif isinstance(value, str) and TMP_PATH.match(value):
                # By role: "<tmp>/bound.sock", as the case names it.
                o[key] = "<tmp>/" + CASE_COUNTER.sub("", TMP_PATH.sub("", value))
            elif key == "steps" and isinstance(value, list):  # a peer's outcomes
                peer = step.get("args", {}).get("peer") if step else None
                o[key] = committed(value, _peer_steps(steps, peer) if step else None, ports)
        out.append(o)
    return out


# A driver's temporary path quoted inside a message.
TMP_PATH_IN_MESSAGE = re.compile(r"[^'\"\s]*[/\\](?:psock-(?:drv|php|harness)-[^/\\'\"\s]+[/\\])+")


def committed_message(message):
    """A verdict's message as committed: an address of no text named so, a
    temporary path as <tmp>/name (as in the outcomes)."""
    message = TMP_PATH_IN_MESSAGE.sub("<tmp>/", message)
    message = re.sub(r"<tmp>/c\d+-", "<tmp>/", message)  # the role, not the counter
    m = NOT_A_NAME_IN_MESSAGE.match(message)
    if m and re.search(r"\\x[0-7][0-9a-f]|\ufffd", m.group(2)):
        return "%s'%s'" % (m.group(1), NOT_A_NAME)
    return message


def restore(outcomes):
    """Committed outcomes as the judge reads them."""
    out = []
    for o in outcomes:
        o = dict(o)
        for key, value in list(o.items()):
            if key == "elapsed_ms" and isinstance(value, str):
                o[key] = time_of_class(value)
            elif isinstance(value, str) and PORT_NAME.match(value):
                o[key] = FIRST_PORT + int(PORT_NAME.match(value).group(1))
            elif key == "steps" and isinstance(value, list):
                o[key] = restore(value)
        out.append(o)
    return out
