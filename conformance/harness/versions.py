# SPDX-License-Identifier: MIT
"""Version gates: statements of the manual that hold for some PHP versions
only ("8.0.0: returns a Socket instance now; previously a resource").

A statement in statements.json may carry "php_versions": comma-separated
comparators, all of which must hold (">=8.0.0", ">=7.4.0,<8.0.0"). A
case's gate is the conjunction of its statements' gates.

- An implementation whose start reply says "implementation": "php" reports
  its PHP_VERSION ("version"); a case whose gate that version fails is not
  sent and is INAPPLICABLE, with a message naming the range and the version.
- Every other implementation (psock, native, python) mirrors the current
  manual: a gate with an upper bound (it describes old PHP only) is
  INAPPLICABLE; one with only lower bounds applies.

INAPPLICABLE is no verdict: like UNCLAIMED it never counts toward
conformance. Expectations can differ per PHP version too: those of
expectations/php/<major.minor>/ are added to the implementation's own.
"""
import json
import re

from cases import load_all_statements

_COMPARATOR = re.compile(r"^\s*(>=|<=|>|<|==|!=)\s*(\d+(?:\.\d+){0,2})\s*$")
_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def parse_version(text):
    """(major, minor, patch) of "8.2.36", "7.4", "8.5.0RC1"; None if it has
    no leading number."""
    m = _VERSION.match(str(text or "").strip())
    if not m:
        return None
    return tuple(int(g or 0) for g in m.groups())


def parse_gate(text):
    """[(operator, version tuple)] of ">=7.4.0,<8.0.0"; ValueError when a
    part is not a comparator, so a misspelt gate cannot pass silently."""
    parts = [p for p in str(text).split(",")]
    out = []
    for part in parts:
        m = _COMPARATOR.match(part)
        if not m:
            raise ValueError("not a version comparator: %r (in %r)" % (part, text))
        out.append((m.group(1), parse_version(m.group(2))))
    if not out:
        raise ValueError("empty version gate")
    return out


_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
        "<": lambda a, b: a < b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}


def version_in(version, gate):
    """Whether a version ("8.2.36") meets a gate (">=8.0.0")."""
    v = parse_version(version)
    if v is None:
        raise ValueError("not a version: %r" % (version,))
    return all(_OPS[op](v, bound) for op, bound in parse_gate(gate))


def has_upper_bound(gate):
    """Whether a gate limits versions from above (it describes old PHP)."""
    return any(op in ("<", "<=", "==") for op, _ in parse_gate(gate))


def case_gate(case, statements=None):
    """The gates of a case's statements, in order; [] when it has none."""
    statements = load_all_statements() if statements is None else statements
    return [statements[s]["php_versions"] for s in case.get("statements", [])
            if "php_versions" in statements.get(s, {})]


def gate_status(case, info, statements=None):
    """None when the case applies to the implementation whose start reply
    is info, else ("INAPPLICABLE", why)."""
    gates = case_gate(case, statements)
    if not gates:
        return None
    gate = ",".join(gates)
    if (info or {}).get("implementation") == "php":
        version = info.get("version")
        if parse_version(version) is None:
            return ("INAPPLICABLE", "the statement holds for PHP %s; the driver reports "
                    "no PHP version (%r)" % (gate, version))
        if not version_in(version, gate):
            return ("INAPPLICABLE", "the statement holds for PHP %s, not for PHP %s" % (
                gate, version))
        return None
    if has_upper_bound(gate):
        return ("INAPPLICABLE", "the statement holds for PHP %s only: %s follows the "
                "current manual" % (gate, (info or {}).get("implementation", "this "
                                                               "implementation")))
    return None


def php_minor(info):
    """"8.2" of a PHP driver's start reply, else None."""
    if (info or {}).get("implementation") != "php":
        return None
    v = parse_version(info.get("version"))
    return "%d.%d" % v[:2] if v else None


def version_expectations(root, impl, platform, info):
    """The expectations of this PHP version (root/<impl>/<major.minor>/all.json
    and <platform>.json), to add to the implementation's own; {} for others."""
    minor = php_minor(info)
    out = {}
    if minor is None:
        return out
    for name in ("all.json", platform + ".json"):
        path = root / impl / minor / name
        if path.exists():
            out.update(json.loads(path.read_text()))
    return out


def expectations_target(root, impl, platform, header):
    """Where expectations.py writes a result set's expectations: per PHP
    version for PHP (root/php/8.2/linux-glibc.json), else root/impl/."""
    minor = php_minor((header or {}).get("driver"))
    if minor is None:
        return root / impl / (platform + ".json")
    return root / impl / minor / (platform + ".json")


def rule_applies(rule, header):
    """Whether a reasons.json rule may explain a result of this run: a rule
    with "php_versions" explains only the PHP versions it names."""
    gate = rule.get("php_versions")
    if gate is None:
        return True
    driver = (header or {}).get("driver") or {}
    return driver.get("implementation") == "php" and version_in(driver.get("version"), gate)
