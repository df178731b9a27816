# SPDX-License-Identifier: MIT
"""What each op sends back (conformance/outcomes.json, the one table):
replies are validated against it, and PROTOCOL.md's per-op outcome table is
generated from it.

  python3 conformance/harness/outcomes.py --check   # exit 1 if PROTOCOL.md's table is not current
  python3 conformance/harness/outcomes.py --write   # rewrite that table
"""
import functools
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTCOMES = ROOT / "outcomes.json"
PROTOCOL = ROOT / "PROTOCOL.md"
BEGIN = "<!-- per-op outcomes: generated from outcomes.json by harness/outcomes.py --write -->"
END = "<!-- end of the generated per-op outcomes -->"


@functools.lru_cache(maxsize=None)
def load():
    return json.loads(OUTCOMES.read_text(encoding="utf-8"))


def _properties(doc, fields):
    return {f: doc["shapes"][shape]["schema"] for f, shape in fields.items()}


@functools.lru_cache(maxsize=None)
def _validators():
    """{op: (validator of any outcome of it, validator of its success)};
    None: the fields every outcome may carry, for an op the table lacks."""
    import jsonschema  # Debian: python3-jsonschema
    doc = load()
    every = _properties(doc, doc["every"])
    base = {"type": "object", "properties": every,
            "if": {"required": ["ok"], "properties": {"ok": {"const": False}}},
            "then": {"required": ["error"]}}
    anyway = jsonschema.Draft202012Validator(base)
    found = {None: (anyway, None)}
    for op, entry in doc["ops"].items():
        # The op's fields as its success sends them (a failure's ret is -1
        # or a negative code, PROTOCOL.md).
        fields = dict(entry.get("may", {}), **entry["success"])
        success = dict(entry.get("also", {}), type="object",
                       properties=_properties(doc, fields),
                       required=sorted(entry["success"]))
        found[op] = (anyway, jsonschema.Draft202012Validator(success))
    return found


def problem(outcome):
    """None when one step's outcome is what outcomes.json says its op sends
    back, else what is wrong (a forked peer's outcomes are checked too)."""
    if outcome.get("unsupported") is True:
        return None  # nothing else is promised
    validators = _validators()
    anyway, success = validators.get(outcome.get("op"), validators[None])
    entry = load()["ops"].get(outcome.get("op"), {})
    if entry.get("fails") is False and outcome.get("ok") is False:
        return "%s outcome breaks outcomes.json: this op never answers ok: false (%s)" % (
            outcome.get("op"), entry.get("says", ""))
    errors = list(anyway.iter_errors(outcome))
    if success is not None and outcome.get("ok") is True:
        errors += list(success.iter_errors(outcome))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path) or "the outcome"
        return "%s outcome breaks outcomes.json: %s: %s" % (
            outcome.get("op"), where, e.message[:200])
    for i, peer in enumerate(outcome.get("steps") or []):
        if isinstance(peer, dict):
            p = problem(peer)
            if p:
                return "peer step %d: %s" % (i + 1, p)
    return None


def reply_problem(steps):
    """The ERROR message for a reply whose step outcomes break
    outcomes.json ("driver reply: step 3: ..."), or None. The harness
    (conftest) and the re-judging of committed results (rejudge) both ask."""
    for i, outcome in enumerate(steps):
        p = problem(outcome) if isinstance(outcome, dict) else "not an object"
        if p:
            return "driver reply: step %d: %s" % (i + 1, p)
    return None


def table():
    """PROTOCOL.md's per-op outcome table, from outcomes.json."""
    doc = load()
    shapes = doc["shapes"]
    lines = [BEGIN, "",
             "| op | with `ok: true` it sends | it may send | notes |",
             "|---|---|---|---|"]

    def fields(d):
        return ", ".join("`%s` (%s)" % (f, s) for f, s in d.items()) or "—"
    for op, entry in doc["ops"].items():
        lines.append("| `%s` | %s | %s | %s |" % (
            op, fields(entry["success"]), fields(entry.get("may", {})),
            entry.get("says", "").replace("|", "\\|")))
    lines += ["", "Shapes:", ""]
    lines += ["- %s: %s" % (name, s["means"]) for name, s in shapes.items()]
    lines += ["", "Any outcome may also carry: " + ", ".join(
        "`%s` (%s)" % (f, s) for f, s in doc["every"].items()) + ".", "", END]
    return "\n".join(lines)


def current_protocol():
    """PROTOCOL.md with its generated table as outcomes.json makes it."""
    text = PROTOCOL.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit("PROTOCOL.md has no generated outcome table (%s ... %s)" % (BEGIN, END))
    head, rest = text.split(BEGIN, 1)
    return head + table() + rest.split(END, 1)[1]


def main(argv):
    if argv == ["--write"]:
        PROTOCOL.write_text(current_protocol(), encoding="utf-8")
        return 0
    if argv == ["--check"]:
        if current_protocol() != PROTOCOL.read_text(encoding="utf-8"):
            print("PROTOCOL.md's per-op outcome table is not outcomes.json's: "
                  "python3 conformance/harness/outcomes.py --write")
            return 1
        return 0
    print(__doc__.strip())
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
