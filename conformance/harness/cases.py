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

# Features a case needs, derived from what its steps use.
FEATURE_MARKERS = {
    "AF_INET6": "ipv6",
    "AF_UNIX": "af_unix",
    "SOCK_SEQPACKET": "seqpacket",
    '"path"': "af_unix",
    '"fork_peer"': "fork",
    '"signal_handler"': "signals",
    '"send_signal"': "signals",
}


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
        t = text
        for k, v in zip(keys, values):
            subs = ({"%s.%s" % (k, sub): sv for sub, sv in v.items()}
                    if isinstance(v, dict) else {k: v})  # ${net.domain}, ${type}
            for name, value in subs.items():
                # A placeholder that is a whole JSON string takes the value's
                # own type ("${b.asked}" -> -5); inside text it is spliced.
                t = t.replace('"${%s}"' % name, json.dumps(value))
                t = t.replace("${%s}" % name, str(value))
        yield json.loads(t)


def _features(case):
    """The features a case declares, and those its steps imply. A
    socket_create_pair step implies none: pairing AF_UNIX sockets is the
    implementation's to do or refuse (psock pairs over loopback where the
    system cannot; a raw API says it cannot), so its verdict is the case's,
    not UNSUPPORTED."""
    found = set(case.get("features", []))
    every = json.dumps(list(_all_steps(case["steps"])))
    unpaired = json.dumps([s for s in _all_steps(case["steps"])
                           if s.get("op") != "socket_create_pair"])
    for marker, feature in FEATURE_MARKERS.items():
        if marker in (unpaired if feature == "af_unix" else every):
            found.add(feature)
    return sorted(found)


def _all_steps(steps):
    for s in steps:
        yield s
        yield from _all_steps((s.get("args") or {}).get("steps", []))


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
                case["file"] = path.name
                case["features"] = _features(case)
                cases.append(case)
    return cases


def case_key(case_id):
    return re.sub(r"[^A-Za-z0-9_./-]", "_", case_id)
