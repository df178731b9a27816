# SPDX-License-Identifier: MIT
"""Loading conformance cases: JSON files in conformance/cases/, validated
against schema/case.schema.json, with matrices expanded into single cases."""
import functools
import itertools
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "cases"
SCHEMA = ROOT / "schema" / "case.schema.json"

# What a case's steps use that needs a platform feature. Cases declare their
# features (`features`); this table only lets a test check that none is
# forgotten (selftest/test_cases.py), it decides nothing at run time.
FEATURE_MARKERS = {
    "AF_INET6": "ipv6",
    "AF_UNIX": "af_unix",
    "SOCK_SEQPACKET": "seqpacket",
    '"path"': "af_unix",
    '"fork_peer"': "fork",
    '"signal_handler"': "signals",
    '"send_signal"': "signals",
}
STATEMENTS = ROOT / "statements.json"
OPS = ROOT / "ops.json"
FIXTURES = ROOT / "fixtures.json"
EXTENSIONS = ROOT / "extensions.json"
PLATFORM_FACTS = ROOT / "platform.json"
TIERS = ("spec", "platform", "note", "extension")


@functools.lru_cache(maxsize=None)
def load_statements():
    """{id: statement} of conformance/statements.json, in file order."""
    return {s["id"]: s for s in json.loads(STATEMENTS.read_text(encoding="utf-8"))["statements"]}


@functools.lru_cache(maxsize=None)
def load_all_statements():
    """The seeds' statements and the manual's (conformance/manual/, see
    manual.py): what a case may name in its statements."""
    import manual
    return dict(load_statements(), **manual.load_statements())


@functools.lru_cache(maxsize=None)
def load_extensions():
    """{id: extension} of conformance/extensions.json."""
    return {e["id"]: e for e in json.loads(EXTENSIONS.read_text(encoding="utf-8"))["extensions"]}


@functools.lru_cache(maxsize=None)
def load_platform_facts():
    """{id: fact} of conformance/platform.json: what the operating systems
    document, which platform-tier cases cite."""
    return {f["id"]: f for f in json.loads(PLATFORM_FACTS.read_text(encoding="utf-8"))["facts"]}


@functools.lru_cache(maxsize=None)
def load_fixtures():
    return json.loads(FIXTURES.read_text(encoding="utf-8"))["fixtures"]


@functools.lru_cache(maxsize=None)
def load_ops():
    """ops.json: {"$defs": ..., "ops": {name: {kind, summary, args, as}}}."""
    return json.loads(OPS.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _arg_validators():
    import jsonschema  # Debian: python3-jsonschema
    doc = load_ops()
    return {name: jsonschema.Draft202012Validator(dict(op["args"], **{"$defs": doc["$defs"]}))
            for name, op in doc["ops"].items()}


# What a step's "as" may be, by the op's "as" in ops.json.
_AS_SHAPES = {"name": str, "peer": str, "value": str, "pair": list}


def step_problems(steps, where=""):
    """What is wrong with steps against ops.json: an unknown op, args its
    schema refuses, an "as" of the wrong shape. [] when nothing is."""
    validators, ops, problems = _arg_validators(), load_ops()["ops"], []
    for i, step in enumerate(steps):
        label = "%sstep %d (%s)" % (where, i + 1, step.get("op"))
        op = ops.get(step.get("op"))
        if op is None:
            problems.append("%s: no such op in ops.json" % label)
            continue
        for error in validators[step["op"]].iter_errors(step.get("args", {})):
            problems.append("%s: args%s: %s" % (
                label, "".join("[%r]" % p for p in error.absolute_path), error.message))
        shape = _AS_SHAPES.get(op.get("as"))
        if "as" in step and (shape is None or not isinstance(step["as"], shape)):
            problems.append("%s: \"as\" must be %s" % (
                label, "absent" if shape is None else "a " + op["as"]))
        problems += step_problems(step.get("args", {}).get("steps", []), label + " > ")
    return problems


def claims(extension, claimed):
    """Does an implementation that claims `claimed` (its start reply's
    `extensions`) claim `extension`? A family name claims its members:
    "psock" claims "psock.accept-inherits-mode"."""
    return any(extension == c or extension.startswith(c + ".") for c in claimed or [])


def _with_fixture(case):
    """The case with its fixture's steps in front of its own."""
    use = case.get("fixture")
    if use is None:
        return case
    if isinstance(use, str):
        use = {"name": use}
    fixture = load_fixtures().get(use["name"])
    if fixture is None:
        raise ValueError("%s: unknown fixture %s" % (case["id"], use["name"]))
    params = dict(fixture.get("params", {}))
    unknown = set(use) - set(params) - {"name"}
    if unknown:
        raise ValueError("%s: fixture %s has no parameter %s" % (
            case["id"], use["name"], ", ".join(sorted(unknown))))
    params.update({k: v for k, v in use.items() if k != "name"})
    case = dict(case)
    case["steps"] = json.loads(_substitute(json.dumps(fixture["steps"]), params)) + case["steps"]
    return case


def _substitute(text, values):
    """JSON text with each ${name} of values replaced. A placeholder that is
    a whole JSON string takes the value's own type ("${b.asked}" -> -5);
    inside text it is spliced."""
    for name, value in values.items():
        text = text.replace('"${%s}"' % name, json.dumps(value))
        text = text.replace("${%s}" % name, str(value))
    return text


def _validator():
    try:
        import jsonschema  # Debian: python3-jsonschema
    except ImportError:
        return None
    schema = json.loads(SCHEMA.read_text())
    return jsonschema.Draft202012Validator(schema)


def _expand(case):
    matrix = case.pop("matrix", None)
    if not matrix:
        yield case
        return
    keys = sorted(matrix)
    text = json.dumps(case)
    for values in itertools.product(*(matrix[k] for k in keys)):
        subs = {}
        for k, v in zip(keys, values):  # ${net.domain}, ${type}
            subs.update({"%s.%s" % (k, sub): sv for sub, sv in v.items()}
                        if isinstance(v, dict) else {k: v})
        yield json.loads(_substitute(text, subs))


def implied_features(case):
    """The features a case's steps imply (see FEATURE_MARKERS). A
    socket_create_pair step implies none: pairing AF_UNIX sockets is the
    implementation's to do or refuse (psock pairs over loopback where the
    system cannot; a raw API says it cannot), so its verdict is the case's,
    not UNSUPPORTED."""
    found = set()
    # A `constant` step asks only whether a name is defined: that needs no
    # feature (SOCK_SEQPACKET is defined on systems with no such sockets).
    used = [s for s in _all_steps(case["steps"]) if s.get("op") != "constant"]
    every = json.dumps(used)
    unpaired = json.dumps([s for s in used if s.get("op") != "socket_create_pair"])
    for marker, feature in FEATURE_MARKERS.items():
        if marker in (unpaired if feature == "af_unix" else every):
            found.add(feature)
    return sorted(found)


@functools.lru_cache(maxsize=None)
def name_systems():
    """{constant name: (systems, statement)}: the systems on which the
    manual defines a name (the constants page's group, narrowed by the
    entry's own restriction or another page's, constant_cases.groups()),
    and the statement that says so. Names defined everywhere are left out."""
    import constant_cases  # (it imports this module)
    out = {}
    for g in constant_cases.groups():
        if sorted(g["systems"]) != sorted(constant_cases.SYSTEMS):
            out[g["name"]] = (tuple(g["systems"]), g["restriction"] or g["heading"])
    return out


_NAME = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")


def implied_systems(case):
    """(systems, name, statement) when the case uses a constant the manual
    defines on some systems only: the case can mean something only there
    (elsewhere the name does not exist, and its own constant case expects
    it undefined). None when it uses none. A `constant` step that expects
    a name undefined uses nothing: absence can be asked anywhere."""
    table = name_systems()
    found = None
    for step in _all_steps(case["steps"]):
        expect = step.get("expect") or {}
        if step.get("op") == "constant" and expect.get("supported") is not True:
            continue
        args = dict(step.get("args") or {})
        args.pop("steps", None)
        for name in sorted(set(_NAME.findall(json.dumps(args)))):
            if name not in table:
                continue
            systems, statement = table[name]
            kept = tuple(s for s in (found[0] if found else systems) if s in systems)
            if found is None or len(kept) < len(found[0]):
                found = (kept, name, statement)
    return found


def _all_steps(steps):
    for s in steps:
        yield s
        yield from _all_steps((s.get("args") or {}).get("steps", []))


# Addresses that name every interface: a bind to one reaches beyond
# loopback, so only inside a private network namespace (GUIDE).
ALL_INTERFACES = ("0.0.0.0", "::", "")


def needs_private_network(case):
    """Why a case must carry "network": "private", or None: a
    socket_create_listen step (the function binds every interface, whatever
    address the case gives psock's variant; a setup step too), a bind to an
    all-interfaces address, or multicast (a group address, a membership or
    multicast-interface option)."""
    for s in _all_steps(case["steps"]):
        args = s.get("args") or {}
        if s.get("op") == "socket_create_listen":
            return "a socket_create_listen step binds every interface"
        if s.get("op") == "socket_bind" and args.get("address") in ALL_INTERFACES:
            return "a socket_bind step binds every interface"
        if _multicast_address(args.get("address")):
            return "a step names a multicast address"
        if s.get("op") == "socket_set_option" and isinstance(args.get("option"), str) and \
                any(m in args["option"] for m in ("MCAST_", "MEMBERSHIP", "MULTICAST_IF")):
            return "a step joins or sends to a multicast group"
    return None


def _multicast_address(address):
    """224.0.0.0/4 or ff00::/8."""
    if not isinstance(address, str):
        return False
    first = address.split(".")[0]
    return (first.isdigit() and 224 <= int(first) <= 239 and address.count(".") == 3) or \
        address.lower().startswith("ff")


@functools.lru_cache(maxsize=None)
def load_cases():
    """Every case, expanded and validated; read once per process (the list is
    shared: callers do not modify it)."""
    validator = _validator()
    cases, seen = [], set()
    for path in sorted(CASES_DIR.glob("*.json")):
        doc = json.loads(path.read_text())
        if validator is not None:
            errors = sorted(validator.iter_errors(doc), key=lambda e: e.path)
            if errors:
                raise ValueError("%s: %s at %s" % (path.name, errors[0].message,
                                                   list(errors[0].path)))
        for raw in doc["cases"]:
            for case in _expand(dict(raw)):
                if case["id"] in seen:
                    raise ValueError("%s: duplicate case id %s" % (path.name, case["id"]))
                if "${" in json.dumps(case):
                    raise ValueError("%s: unexpanded placeholder in %s" % (path.name, case["id"]))
                seen.add(case["id"])
                case = _with_fixture(case)
                problems = step_problems(case["steps"])
                if problems:
                    raise ValueError("%s: %s: %s" % (path.name, case["id"], problems[0]))
                private = needs_private_network(case)
                if private and case.get("network") != "private":
                    raise ValueError("%s: %s: %s: it needs \"network\": \"private\""
                                     % (path.name, case["id"], private))
                case["file"] = path.name
                case["features"] = sorted(case.get("features", []))
                case["statements"] = list(case["statements"])
                cases.append(case)
    return cases


def case_key(case_id):
    return re.sub(r"[^A-Za-z0-9_./-]", "_", case_id)
