# SPDX-License-Identifier: MIT
"""conformance/cases/manual_constants.json, generated from the constants
page's statements (conformance/manual/pages/constants.json): the page sorts
its constants into groups, and a case expects what the page says on each
system.

- The group is the heading a constant's entry follows on the page (the
  headings are statements too): defined everywhere (before the first
  heading); "defined under Windows and UNIX-like platforms, each only if
  their equal is available"; "only defined under Windows"; "only available
  on UNIX-like platforms, each only if their equal is available". An
  entry's own restriction ("on Linux only", "not available on Windows")
  narrows it.
- `<name>-defined`: where the page puts it, the constant is defined and an
  int ("(int)"); where the page defers to the system ("if their equal is
  available"), undefined is allowed too and a defined one is an int (on the
  systems other than Linux, where its os-value case says exactly).
- `<name>-undefined-elsewhere`: on the systems the page's group or the
  entry excludes, `constant` answers supported: false.
- `<name>-os-code` (SOCKET_E*): on Linux with glibc, the value is the
  system's errno and socket_strerror gives the system's text
  (platform.json's linux.errno).
- `<name>-os-value` (every other name): on Linux with glibc, defined with
  the headers' value, or undefined where the headers lack it
  (platform.json's linux.headers, read from them by the native driver).
  Both are the system's values: psock, whose values are its own by design,
  is UNCLAIMED there (unless_extension).
  On Windows the same case checks Winsock's headers' value (platform.json's
  windows.headers, read from mingw-w64's headers by the native driver under
  Wine).

  python3 conformance/harness/constant_cases.py          # rewrite the file
  python3 conformance/harness/constant_cases.py --check  # exit 1 if stale
"""
import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGE = ROOT / "manual" / "pages" / "constants.json"
OUT = ROOT / "cases" / "manual_constants.json"
PLATFORM = ROOT / "platform.json"

SYSTEMS = ["linux", "darwin", "bsd", "solaris", "windows"]
UNIX = [s for s in SYSTEMS if s != "windows"]
# The group headings: (statement id, group, the systems it names, whether
# it defers to the system's header).
HEADINGS = [("manual.constants.section.151", "both", SYSTEMS, True),
            ("manual.constants.section.227", "windows", ["windows"], False),
            ("manual.constants.section.243", "unix", UNIX, True)]
# An entry's own restriction, as its claim says it (our words of the page).
ONLY = {"Linux": ["linux"], "FreeBSD": ["bsd"], "NetBSD": ["bsd"], "OpenBSD": ["bsd"],
        "FreeBSD/NetBSD/OpenBSD": ["bsd"], "Solaris": ["solaris"], "macOs": ["darwin"],
        "macOs and FreeBSD": ["darwin", "bsd"], "Windows": ["windows"]}
NOT_WINDOWS = re.compile(r"not defined on Windows|not Windows")
# Another page's restriction of a name the constants page puts in a wider
# group: socket_get_option's table says these options exist on one system
# only ("(FreeBSD only)"). The narrower statement decides where the name is
# asked for (a table row that only names a system as the option's purpose,
# "for packet filtering purpose on FreeBSD", restricts nothing);
# that the constants page says otherwise is a finding (findings.json: the
# page's groups).
ELSEWHERE = {
    "SO_SETFIB": ("manual.socket_get_option.parameters.160", ["bsd"]),
    "SOL_FILTER": ("manual.socket_get_option.parameters.164", ["solaris"]),
    "TCP_KEEPALIVE": ("manual.socket_get_option.parameters.177", ["darwin"]),
    "TCP_NOTSENT_LOWAT": ("manual.socket_get_option.parameters.181", ["linux"]),
}


def _statements():
    page = json.loads(PAGE.read_text(encoding="utf-8"))
    return page["statements"]


def groups():
    """[(name, statement, group, systems, defers, restriction statement)],
    in the page's order."""
    statements = _statements()
    by_id = {s["id"]: s for s in statements}
    heads = sorted((by_id[h]["locator"]["n"], h, g, systems, defers)
                   for h, g, systems, defers in HEADINGS)
    out = []
    for s in statements:
        m = re.match(r"^manual\.constants\.([A-Z][A-Z0-9_]*)$", s["id"])
        if not m:
            continue
        n = s["locator"]["n"]
        head = [h for h in heads if h[0] < n]
        heading, group, systems, defers = (head[-1][1:] if head else
                                           (None, "everywhere", SYSTEMS, False))
        restriction = None
        only = re.search(r", on (.+) only\.$", s["claim"])
        if only:
            systems = ONLY[only.group(1)]
            restriction = s["id"]
        for k in range(1, 4):
            sib = by_id.get("%s.%d" % (s["id"], k))
            if sib and NOT_WINDOWS.search(sib["claim"]):
                systems = [x for x in systems if x != "windows"]
                restriction = sib["id"]
        if m.group(1) in ELSEWHERE:
            restriction, named = ELSEWHERE[m.group(1)]
            systems = [x for x in systems if x in named]
        out.append({"name": m.group(1), "statement": s, "heading": heading, "group": group,
                    "systems": systems, "defers": defers, "restriction": restriction})
    return out


def _case(cid, tier, statements, description, steps, systems=None, facts=None, unless=None):
    case = {"id": cid}
    if systems is not None and sorted(systems) != sorted(SYSTEMS):
        case["os"] = list(systems)
    if unless:
        case["unless_extension"] = unless
    case["tier"] = tier
    case["statements"] = statements
    if tier == "platform":
        case["platform"] = facts
    case["description"] = description
    from cases import implied_features
    if implied_features({"steps": steps}):  # a name that marks a feature (SOCK_SEQPACKET)
        case["features"] = implied_features({"steps": steps})
    case["steps"] = steps
    return case


def cases():
    facts = {f["id"]: f for f in json.loads(PLATFORM.read_text())["facts"]}
    errno_fact, headers = facts["linux.errno"], facts["linux.headers"]
    winsock = facts["windows.headers"]
    by_id = {s["id"]: s for s in _statements()}
    other = json.loads((PAGE.parent / "socket_get_option.json").read_text(encoding="utf-8"))
    by_id.update({s["id"]: s for s in other["statements"]})
    out = []
    for g in groups():
        s, name = g["statement"], g["name"]
        lc = name.lower()
        # A seed constant: cases/constants.json checks that it is defined.
        grouped = not s.get("same_as") and not (s.get("untestable") and not g["restriction"])
        tier = s["tier"]
        facts = ["os.constants"] if tier == "platform" else None
        where = "everywhere" if sorted(g["systems"]) == sorted(SYSTEMS) else \
            "on " + ", ".join(g["systems"])
        if g["defers"]:
            expect = {"ok": True, "one_of": [{"supported": False},
                                             {"supported": True, "value_type": "int"}]}
            said = "%s is an int where defined %s (the page: only where the system has " \
                   "its equal)." % (name, where)
        else:
            expect = {"ok": True, "supported": True, "value_type": "int"}
            said = "%s is a defined constant, an int, %s." % (name, where)
        systems = g["systems"]
        known = name in headers["names"] or (
            name.startswith("SOCKET_E") and name[len("SOCKET_"):] in errno_fact["codes"])
        if g["defers"] and known:
            # On Linux its os-value (os-code) case says exactly what the
            # system defines (stronger than "undefined, or an int"): this
            # one is for the other systems, whose headers are not data here.
            systems = [x for x in systems if x != "linux"]
        if grouped and not s.get("untestable"):
            out.append(_case("manual_constants/%s-defined" % lc, tier, [s["id"]], said,
                             [{"op": "constant", "args": {"name": name}, "expect": expect}],
                             systems, facts))
        elsewhere = [x for x in SYSTEMS if x not in g["systems"]]
        if grouped and elsewhere:
            cited = [s["id"]] if g["restriction"] == s["id"] else \
                [g["restriction"] or g["heading"]]
            ctier = by_id[cited[0]]["tier"]
            out.append(_case(
                "manual_constants/%s-undefined-elsewhere" % lc, ctier, cited,
                "%s is not defined on %s: the manual puts it %s." % (
                    name, ", ".join(elsewhere), where),
                [{"op": "constant", "args": {"name": name},
                  "expect": {"ok": True, "supported": False}}],
                elsewhere, ["os.constants"] if ctier == "platform" else None))
        code = name[len("SOCKET_"):]
        text = by_id.get(s["id"] + ".1")
        if name.startswith("SOCKET_E") and code in errno_fact["codes"] and text:
            out.append(_case(
                "manual_constants/%s-os-code" % lc, "platform", [text["id"]],
                "%s is the system's own code of %s (%d on Linux), and socket_strerror "
                "gives the system's text for it." % (name, code, errno_fact["codes"][code]),
                [{"op": "constant", "args": {"name": name},
                  "expect": {"ok": True, "supported": True, "value": errno_fact["codes"][code]}},
                 {"op": "socket_strerror", "args": {"code": code},
                  "expect": {"ok": True, "message": errno_fact["errors"][code]}}],
                ["linux-glibc"], ["linux.errno"], "psock.portable-errors"))
        # <name>-os-value: the system's own value (or its absence) by its
        # headers, on Linux with glibc and on Windows; one case for both
        # where both say something (by_os), so no two cases repeat.
        said, expects, systems, used = [], {}, [], []
        for system, fact, where, skip in (("linux-glibc", headers, "on Linux (its headers)",
                                           "linux"),
                                          ("windows", winsock, "on Windows (Winsock's headers)",
                                           "windows")):
            value = fact["values"].get(name)
            if name not in fact["names"] or (value is None and grouped and skip in elsewhere):
                # (undefined there is what its undefined-elsewhere case says)
                continue
            systems.append(system)
            used.append(fact["id"])
            expects["windows" if system == "windows" else "other"] = \
                {"ok": True, "supported": True, "value": value} if value is not None else \
                {"ok": True, "supported": False}
            said.append(("%d %s" % (value, where)) if value is not None else
                        ("undefined %s" % where))
        if systems:
            expect = expects[next(iter(expects))] if len(expects) == 1 else {"by_os": expects}
            out.append(_case(
                "manual_constants/%s-os-value" % lc, "platform", [s["id"]],
                "%s is the system's own: %s." % (name, "; ".join(said)),
                [{"op": "constant", "args": {"name": name}, "as": "system", "expect": expect}],
                systems, used, "psock.portable-constants"))
    return out


def render():
    import layout
    doc = {"page": "manual_constants", "cases": cases()}
    return layout.dumps(doc)


def main(argv):
    import layout
    return layout.write_or_check(OUT, render(), argv, "conformance/harness/constant_cases.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
