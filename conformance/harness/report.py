# SPDX-License-Identifier: MIT
"""Merge conformance results into reports/.

  python3 conformance/harness/report.py --out reports build/*/conformance/results/*.jsonl

(python3: any Python 3 with pytest, jsonschema and Jinja2 -- Debian's
packages or ci/requirements.txt; ./psock finds one, PSOCK_PYTHON overrides.)

Writes each results file to reports/results/ holding only what the suite
decided (no durations, start times, command lines, OS build strings,
ephemeral ports or temporary paths: those stay in the build tree's run
log), so the committed files change only when behaviour changes. Results
of runs not given this time are kept. --combine merges result sets from
several machines (CI artifacts); a set made by another suite revision is
flagged. Then reports/conformance.md:
a summary per implementation and platform, the cases where psock's result
differs from the raw platform API's (what the shim fixes), and every result
that is neither PASS nor an expected, reasoned divergence. Platforms with no
results are listed as "not run": nothing is guessed.
"""
import argparse
import collections
import functools
import json
import os
import pathlib
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
import records  # noqa: E402
from html_report import NO_VERDICT  # noqa: E402  (the one list of no-verdict statuses)

# Every platform the project names (platforms/platforms.json, the one list),
# whether or not this host runs it, by its results label.
PLATFORM_LIST = json.loads((pathlib.Path(__file__).resolve().parents[2] / "platforms" /
                            "platforms.json").read_text())
KNOWN_PLATFORMS = list(dict.fromkeys(p["label"] for p in PLATFORM_LIST
                                     if p["kind"] in ("platform", "ci")))
STATUSES = ["PASS", "FAIL", "SKIP", "UNSUPPORTED", "ERROR", "TIMEOUT", "CRASH",
            "LEAK", "XPASS", "STALE", "INAPPLICABLE"]


def load(path):
    header, footer, cases = None, None, {}
    for line in path.read_text().splitlines():
        record = json.loads(line)
        if record["type"] == "header":
            header = record
        elif record["type"] == "footer":
            footer = record
        else:
            cases[record["id"]] = record
    return header, footer, cases


def decided(record):
    """The record as committed: what the suite decided, nothing of the run."""
    r = dict(record)
    if r["type"] == "header":
        r.pop("command", None)
        r.pop("started", None)
        driver = dict(r.get("driver") or {})
        platform = dict(driver.get("platform") or {})
        # The release, not the build: "6.18" of "6.18.44-fc-v669", "8.0" of
        # Wine 8.0 -- a version worth showing, stable from run to run.
        version = str(platform.get("os_version", ""))
        parts = version.replace("-", ".").split(".")
        if parts[0].isdigit():
            platform["os_version"] = ".".join(parts[:2])
        else:
            platform.pop("os_version", None)
        driver["platform"] = platform
        driver.pop("open", None)
        r["driver"] = driver
    elif r["type"] == "case":
        r.pop("duration", None)
        case = _cases_by_id().get(r["id"])
        r["steps"] = records.committed(r.get("steps", []), case["steps"] if case else None)
        r["message"] = records.committed_message(r.get("message") or "")
        if "observed" in r:
            r["observed"] = dict(r["observed"], message=records.committed_message(
                r["observed"].get("message") or ""))
    return r


@functools.lru_cache(maxsize=None)
def _cases_by_id():
    from cases import load_cases
    return {c["id"]: c for c in load_cases()}



def compiler_of(header):
    compiler = (header.get("driver") or {}).get("platform", {}).get("compiler", "")
    return compiler.split(" ")[0] or "?"


# One name per architecture, whichever tool reported it: uname's x86_64,
# Windows' AMD64 (Python's platform.machine, PHP's php_uname), the C
# driver's aarch64, macOS's arm64.
ARCH_NAMES = {"x86_64": "x86_64", "amd64": "x86_64", "x64": "x86_64",
              "arm64": "arm64", "aarch64": "arm64"}


def arch_of(header):
    arch = str((header.get("driver") or {}).get("platform", {}).get("arch") or "")
    return ARCH_NAMES.get(arch.lower(), arch.lower() or "unknown-arch")


def column_of(header):
    """A run's column, the key the report keeps it under: (implementation,
    platform-architecture, compiler) -- "macos-arm64" and "macos-x86_64" are
    two columns, as are "windows-x86_64" runs of two compilers. The
    expectations stay per platform label (header["platform"])."""
    return (header["implementation"], "%s-%s" % (header["platform"], arch_of(header)),
            compiler_of(header))


def collisions(paths):
    """{key: [path, ...]} for the result sets given together that share a
    column: the report would keep only one of them, so it refuses."""
    seen = collections.defaultdict(list)
    for path in paths:
        header, _, _ = load(path)
        if header is not None:
            seen[column_of(header)].append(str(path))
    return {k: v for k, v in seen.items() if len(v) > 1}


def results_name(key):
    """A run's file name: implementation-platform-compiler.jsonl, without
    the compiler where the start reply names none (a Perl or Python driver
    may not): perl-linux-glibc.jsonl, not perl-linux-glibc-?.jsonl."""
    return "-".join(k for k in key if k and k != "?") + ".jsonl"


def matches(reference, key):
    """Is the run (impl, platform, compiler) the --reference one? "php-8.2"
    names one PHP version (its compiler is the version)."""
    impl, _, compiler = key
    if impl == reference:
        return True
    name, _, version = reference.partition("-")
    return bool(version) and impl == name and compiler == version


def committed_runs(reference, platforms):
    """{key: (header, footer, cases)} of the committed reports/results/ runs
    of the reference implementation in the given columns' platforms
    (platform-architecture)."""
    found = {}
    committed = pathlib.Path(__file__).resolve().parents[2] / "reports" / "results"
    for path in sorted(committed.glob("*.jsonl")):
        header, footer, cases = load(path)
        if header is None:
            continue
        key = column_of(header)
        if key[1] in platforms and matches(reference, key):
            found[key] = (header, footer, cases)
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--combine", action="append", default=[], metavar="DIR",
                        help="also every *.jsonl result set in DIR (another machine's)")
    parser.add_argument("--php-status", metavar="FILE",
                        help="build/tools/php/status.json: the PHP versions that could not run")
    parser.add_argument("--byo", action="store_true",
                        help="a report of one run of ./psock run: only its platforms, no "
                             "\"not run\" rows for the project's other platforms")
    parser.add_argument("--reference", metavar="IMPL",
                        help="the column the others are compared with (default psock): an "
                             "implementation (psock, native, python, php-8.2 for one PHP "
                             "version), taken from the committed reports/results/ when the "
                             "run has none")
    parser.add_argument("results", nargs="*")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    (out / "results").mkdir(parents=True, exist_ok=True)

    # The results kept from earlier runs come first; what this run gives
    # replaces them run by run (a run of some platforms keeps the others).
    given = [pathlib.Path(n) for n in args.results]
    for d in args.combine:
        given += sorted(pathlib.Path(d).glob("*.jsonl"))
    kept = sorted((out / "results").glob("*.jsonl"))
    if args.byo:
        # One run and its reference: nothing of an earlier run in the same
        # folder (another platform label, another driver version) is kept.
        for old in kept:
            old.unlink()
        kept = []
    # Two result sets given for one column (two architectures or PHP builds
    # that report alike) would keep one silently: an error, before anything
    # is written. A kept set is replaced by a given one, as intended.
    clash = collisions(given)
    if clash:
        for (impl, column, compiler), paths in sorted(clash.items()):
            print("report: %s %s (%s) given %d times: %s" % (
                impl, column, compiler, len(paths), "; ".join(paths)), file=sys.stderr)
        print("report: each result set needs its own column (implementation, "
              "platform-architecture, compiler); nothing written", file=sys.stderr)
        return 1
    runs = {}  # (impl, platform-arch, compiler) -> (header, footer, cases)
    for path in kept + given:
        header, footer, cases = load(path)
        if header is None:
            continue
        runs[column_of(header)] = (header, footer, cases)
    reference = args.reference or "psock"
    if args.reference or args.byo:
        # A run of ./psock run has no psock (or other reference) of its own:
        # the committed results of its platform are the column compared with.
        for key, run in committed_runs(reference, {p for (_, p, _) in runs}).items():
            runs.setdefault(key, run)
        if not any(matches(reference, k) for k in runs):
            print("report: no results of --reference %s on %s in reports/results/" % (
                reference, ", ".join(sorted({p for (_, p, _) in runs}))), file=sys.stderr)
    for old in kept:
        old.unlink()
    # From here on every page is made from what is committed, nothing else.
    runs = {key: (decided(h), f, {cid: decided(c) for cid, c in cs.items()})
            for key, (h, f, cs) in runs.items()}
    for key, (header, footer, cases) in sorted(runs.items()):
        records = [header] + [cases[c] for c in sorted(cases)] + ([footer] if footer else [])
        with open(out / "results" / results_name(key), "w") as f:
            for r in records:
                f.write(json.dumps(r, sort_keys=True) + "\n")
    suites = collections.Counter(h.get("suite") for (h, _, _) in runs.values())
    newest = suites.most_common(1)[0][0] if suites else None

    lines = ["# Conformance report", "",
             "Generated by `./psock report` from the results in `reports/results/` (one JSON-lines",
             "file per implementation, platform-architecture and compiler: header, one line per",
             "case, footer).",
             "Statuses: PASS, FAIL, UNSUPPORTED (feature or operation absent), ERROR (case,",
             "driver protocol or harness broke), TIMEOUT, CRASH, LEAK (sockets left open),",
             "XPASS and STALE (an expectation that passes, or fails otherwise than recorded),",
             "INAPPLICABLE (a case of a statement that holds for other PHP versions: not sent).",
             "*Expected* divergences carry a reason in",
             "`conformance/expectations/`.", "", "## Summary", "",
             "| implementation | platform | compiler | complete | " + " | ".join(STATUSES) +
             " | expected divergences |",
             "|---|---|---|---|" + "---|" * len(STATUSES) + "---|"]
    for (impl, platform, compiler), (header, footer, cases) in sorted(runs.items()):
        counts = collections.Counter(c["status"] for c in cases.values())
        expected = sum(1 for c in cases.values()
                       if c["status"] != "PASS" and c["status"] == c["expected"])
        complete = "yes" if footer and footer.get("complete") else "NO"
        if header.get("suite") != newest:
            complete += " (suite %s, not this one's %s)" % (
                (header.get("suite") or "unknown")[:12], (newest or "unknown")[:12])
        lines.append("| %s | %s | %s | %s | %s | %d |" % (
            impl, platform, compiler, complete,
            " | ".join(str(counts.get(s, 0)) for s in STATUSES), expected))
    ran = {h["platform"] for (h, _, _) in runs.values()}
    for platform in ([] if args.byo else KNOWN_PLATFORMS):
        if platform not in ran:
            lines.append("| (all) | %s | — | not run | " % platform + " | ".join("—" for _ in STATUSES) + " | — |")

    # What the reference changes (psock by default): each other
    # implementation beside it on the same platform (the same compiler when
    # there is one: native is built by it).
    labels = {"native": "the raw platform API", "php": "PHP's own ext/sockets",
              "python": "CPython's socket module", "perl": "Perl's core Socket module"}
    others = sorted({impl for (impl, _, _) in runs} - {reference.split("-")[0]})
    for other in others:
        lines += ["", "## Where %s and %s differ" % (reference, labels.get(other, other)), "",
                  "Cases %s passes and `%s` does not, per platform." % (reference, other), ""]
        for (impl, platform, compiler), (_, _, cases) in sorted(runs.items()):
            if impl != other:
                continue
            mine = runs.get((reference, platform, compiler)) or next(
                (r for k, r in sorted(runs.items()) if matches(reference, k) and k[1] == platform),
                None)
            if mine is None:
                lines += ["### %s (%s): no %s results on this platform to compare with" % (
                    platform, compiler, reference), ""]
                continue
            diffs = [(cid, c) for cid, c in sorted(cases.items())
                     if c["status"] != "PASS" and mine[2].get(cid, {}).get("status") == "PASS"]
            lines += ["### %s (%s): %d cases" % (platform, compiler, len(diffs)), "",
                      "| case | %s | why |" % other, "|---|---|---|"]
            for cid, n in diffs:
                why = n.get("reason") or n.get("message", "")
                lines.append("| `%s` | %s | %s |" % (cid, n["status"], why.replace("|", "\\|")[:200]))
            lines.append("")

    lines += ["## Unexpected results", "",
              "Neither PASS nor an expected divergence. For psock these fail the build; for other",
              "implementations they mean `conformance/expectations/` needs a reasoned entry.", ""]
    unexpected = 0
    for (impl, platform, compiler), (_, _, cases) in sorted(runs.items()):
        for cid, c in sorted(cases.items()):
            if c["status"] in ("PASS",) + NO_VERDICT or c["status"] == c["expected"]:
                continue
            unexpected += 1
            lines.append("- %s on %s (%s): `%s` %s — %s" % (
                impl, platform, compiler, cid, c["status"], c["message"][:200]))
    if unexpected == 0:
        lines.append("None.")
    (out / "conformance.md").write_text("\n".join(lines) + "\n")
    try:
        import html_report  # needs python3-jinja2
        statements = html_report.build(runs, sorted(ran) if args.byo else KNOWN_PLATFORMS,
                                       out, args.php_status)
        print("report: %d statements -> %s, %s and %s" % (
            statements, out / "index.html", out / "REPORT.md", out / "FINDINGS.md"))
    except ImportError as e:
        print("report: no index.html or REPORT.md: %s (apt-get install python3-jinja2)" % e)
    print("report: %d runs, %d unexpected results -> %s" % (len(runs), unexpected, out / "conformance.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
