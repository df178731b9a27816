# SPDX-License-Identifier: MIT
"""Which cases can fail: the suite against deliberately wrong psock drivers.

Each mutant (conformance/mutants.json; built as psock_driver_mutant_N with
PSOCK_MUTANTS=ON) gets one thing wrong. The suite runs against the real
psock driver (the baseline) and against every mutant; a case "kills" a
mutant when its outcome (status and message) differs from the baseline's.
A mutant no case kills is a hole in the suite; a case that kills no mutant
is listed, as one that may not be able to fail.

  python3 conformance/harness/mutants.py --drivers BUILD/conformance/drivers \\
      --platform linux-glibc [--emulator "..."] [--out reports/mutants.md] [--check]

--check exits 1 when a mutant survives, when a case kills no targeted
mutant (a case no specific wrong driver fails may not be able to fail at
all), or when a driver that makes no socket (always-ok, bare) passes a case.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import shlex
import sys
import tempfile
import types
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from cases import load_cases  # noqa: E402
from conftest import Run  # noqa: E402

MUTANTS = pathlib.Path(__file__).resolve().parent.parent / "mutants.json"
FAKES = MUTANTS.parent / "drivers"


def run_suite(command, platform, cases, timeout, workdir):
    """{case id: (status, message)} for one driver. Every case has at most
    `timeout` seconds (a mutant's wrong mode turns waits into hangs)."""
    options = {"--impl": "psock", "--platform": platform, "--driver": command,
               "--results": str(workdir / ("%s.jsonl" % uuid.uuid4().hex)),
               "--case-timeout": timeout}
    run = Run(types.SimpleNamespace(getoption=options.__getitem__))
    out = {}
    try:
        for c in cases:
            c = dict(c, timeout=min(c.get("timeout", timeout), timeout))
            r = run.run(c)
            out[c["id"]] = (r["status"], r["message"])
        return out
    finally:
        run.finish()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--drivers", required=True,
                    help="directory with psock_driver_psock and psock_driver_mutant_N")
    ap.add_argument("--platform", required=True)
    ap.add_argument("--emulator", default="", help="command words before each driver")
    ap.add_argument("--exe-suffix", default="")
    ap.add_argument("--out", help="write the table here (Markdown)")
    ap.add_argument("--check", action="store_true", help="exit 1 if a mutant survives")
    ap.add_argument("--jobs", type=int, default=4)
    ap.add_argument("--shards", type=int, default=4, help="driver processes per mutant")
    # The slowest real psock case takes 0.3 s; a mutant's hang is cut at 2.
    ap.add_argument("--case-timeout", type=float, default=2.0)
    args = ap.parse_args()

    mutants = json.loads(MUTANTS.read_text())
    cases = load_cases()
    drivers = pathlib.Path(args.drivers)

    def command(name):
        return " ".join(filter(None, [args.emulator, shlex.quote(
            str(drivers / (name + args.exe_suffix)))]))

    def mutant_command(m):
        if m.get("script"):  # a program of its own, on the harness's Python
            script, *words = m["script"].split()
            return " ".join([shlex.quote(sys.executable),
                             shlex.quote(str(FAKES / script))] + words)
        return command("psock_driver_mutant_%d" % m["id"])

    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        base = run_suite(command("psock_driver_psock"), args.platform, cases,
                         args.case_timeout, work)
        # A mutant's cases mostly wait (a wrong mode turns a read into a
        # hang cut at the timeout): shards of each run in parallel, each
        # with a driver of its own.
        shards = [cases[k::args.shards] for k in range(args.shards)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {(m["id"], k): pool.submit(
                run_suite, mutant_command(m),
                args.platform, shard, args.case_timeout, work)
                for m in mutants for k, shard in enumerate(shards)}
            outcomes = {}
            for (mid, _), f in futures.items():
                outcomes.setdefault(mid, {}).update(f.result())
    outcomes["baseline"] = base

    base = outcomes["baseline"]
    # A case a --check run did not reach kills nothing there.
    kills = {c["id"]: [m["id"] for m in mutants
                       if c["id"] in outcomes[m["id"]] and
                       outcomes[m["id"]][c["id"]] != base.get(c["id"])]
             for c in cases}
    by_mutant = {m["id"]: sorted(cid for cid, ks in kills.items() if m["id"] in ks)
                 for m in mutants}
    survivors = [m for m in mutants if not by_mutant[m["id"]]]
    unkilling = sorted(cid for cid, ks in kills.items() if not ks)
    # A blanket mutant breaks every case (every case leaks, every setup
    # fails): killing it shows a case runs, not that it checks its quote.
    targeted = {m["id"] for m in mutants if not m.get("blanket")}
    blanket_only = sorted(cid for cid, ks in kills.items()
                          if ks and not targeted.intersection(ks))
    # The defects --check refuses: a case no targeted mutant fails (it has
    # not shown it can fail for a wrong reason of its own), and a case a
    # driver that makes no socket at all does not fail (it observes
    # nothing such a driver cannot fake).
    # A case the real psock driver does not pass -- INAPPLICABLE (a
    # statement of old PHP versions only) or an expected divergence (a
    # constant psock's table lacks) -- cannot show that it fails for a
    # wrong reason of its own: listed apart, not required to be killed.
    unjudged = sorted(c["id"] for c in cases if base.get(c["id"], ("",))[0] != "PASS")
    fakes = [m["id"] for m in mutants if m.get("script")]
    unkilled = [c["id"] for c in cases
                if not targeted.intersection(kills[c["id"]]) and c["id"] not in unjudged]
    fooled = {m: [c["id"] for c in cases if m not in kills[c["id"]] and c["id"] not in unjudged]
              for m in fakes}

    lines = ["# Mutants: which cases can fail", "",
             "Made by `./psock mutants` on %s. Each mutant is the psock driver with one "
             "thing wrong (`conformance/mutants.json`); a case *kills* it when its outcome "
             "differs from the real driver's. %d mutants, %d cases: %d mutants killed, "
             "%d cases kill at least one." % (
                 args.platform, len(mutants), len(cases), len(mutants) - len(survivors),
                 len(cases) - len(unkilling)), "",
             "| # | mutant | what it gets wrong | cases that kill it |",
             "|---|---|---|---|"]
    for m in mutants:
        n = len(by_mutant[m["id"]])
        lines.append("| %d | %s | %s%s | %s |" % (
            m["id"], m["name"], m["what"], " (blanket)" if m.get("blanket") else "",
            n if n else "**none: survives**"))
    lines += ["", "## Cases that kill no mutant (%d)" % len(unkilling), "",
              "Each may be unable to fail, or checks what no mutant here gets wrong.", ""]
    lines += ["- `%s`" % cid for cid in unkilling]
    lines += ["", "## Cases the real psock driver does not pass (%d)" % len(unjudged), "",
              "INAPPLICABLE for psock (statements of old PHP versions only) or an expected "
              "divergence of psock's (with its reason in `conformance/expectations/psock/`): "
              "a mutant cannot show that such a case fails for a wrong reason, so none is "
              "required to kill it.", ""]
    lines += ["- `%s`" % cid for cid in unjudged]
    blanket_only = [cid for cid in blanket_only if cid not in unjudged]
    lines += ["", "## Cases that kill only blanket mutants (%d)" % len(blanket_only), "",
              "Blanket mutants (%s) break every case; a case killed by them alone has not "
              "shown that it checks its quote. Defects: `./psock test` fails while this "
              "list is not empty." % ", ".join(
                  str(m["id"]) for m in mutants if m.get("blanket")), ""]
    lines += ["- `%s`" % cid for cid in blanket_only]
    for m in fakes:
        lines += ["", "## Cases the %s driver passes (%d)" % (
            next(x["name"] for x in mutants if x["id"] == m), len(fooled[m])), "",
            "It makes no socket: a case it passes observes nothing. Defects: `./psock test` "
            "fails while this list is not empty.", ""]
        lines += ["- `%s`" % cid for cid in fooled[m]]
    lines += ["", "## Every case and the mutants it kills", "",
              "| case | mutants |", "|---|---|"]
    lines += ["| `%s` | %s |" % (cid, ", ".join(str(k) for k in ks) or "-")
              for cid, ks in sorted(kills.items())]
    text = "\n".join(lines) + "\n"
    if args.out:
        pathlib.Path(args.out).write_text(text)
    for m in mutants:
        n = len(by_mutant[m["id"]])
        print("mutant %2d %-26s killed by %3d cases%s" % (
            m["id"], m["name"], n, "" if n else "   SURVIVES"))
    print("mutants: %d of %d killed; %d of %d cases kill none, %d only blanket ones"
          % (len(mutants) - len(survivors), len(mutants), len(unkilling), len(cases),
             len(blanket_only)))
    for cid in unkilled:
        print("case no targeted mutant fails: %s" % cid)
    for m, ids in fooled.items():
        for cid in ids:
            print("case mutant %d (a driver that makes no socket) passes: %s" % (m, cid))
    failed = survivors or unkilled or any(fooled.values())
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
