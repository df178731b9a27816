# SPDX-License-Identifier: MIT
"""pytest plumbing of the conformance harness: one test item per case, run
against one implementation on one platform (one CTest test each).

  python3 -m pytest conformance/harness --impl psock --platform linux-glibc \
      --driver "build/linux-gcc/conformance/drivers/psock_driver_psock" \
      --results build/linux-gcc/conformance/psock-linux-glibc.jsonl
"""
import datetime
import json
import os
import pathlib
import re
import shlex
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(__file__))
import cases  # noqa: E402
from cases import claims, load_cases  # noqa: E402
from driver import Driver, DriverCrashed, DriverProtocolError, DriverTimeout  # noqa: E402
from driver import NAMESPACE_SETUP, private_network  # noqa: E402
from judge import judge  # noqa: E402
import outcomes  # noqa: E402
import versions  # noqa: E402

EXPECTATIONS = pathlib.Path(__file__).resolve().parent.parent / "expectations"


def pytest_addoption(parser):
    group = parser.getgroup("conformance")
    group.addoption("--impl", help="implementation name (psock, native, php)")
    group.addoption("--platform", help="platform label (linux-glibc, windows-wine, ...)")
    group.addoption("--driver", help="driver command line (shell words)")
    group.addoption("--results", help="JSON-lines results file to write")
    group.addoption("--case-timeout", type=float, default=10.0)
    group.addoption("--expectations", default=None, metavar="DIR",
                    help="the implementation's expected divergences: DIR/all.json and "
                         "DIR/<platform>.json (default conformance/expectations/<impl>)")
    group.addoption("--cases", default=None, metavar="SELECTION",
                    help="run part of the suite: comma-separated globs of case ids "
                         "(socket_accept/*), op:NAME (cases with a step of that op) or "
                         "page:NAME (cases of cases/NAME.json)")


def selected(cases, selection):
    """The cases a --cases SELECTION names (all of them for None): globs of
    case ids, op:NAME (a step, or a forked peer's step, uses that op) and
    page:NAME (the case file cases/NAME.json), comma-separated, any of them."""
    import fnmatch
    if not selection:
        return list(cases)
    words = [w.strip() for w in selection.split(",") if w.strip()]

    def ops(steps):
        for s in steps:
            yield s["op"]
            yield from ops((s.get("args") or {}).get("steps", []))

    def wanted(case):
        for w in words:
            if w.startswith("op:") and w[3:] in set(ops(case["steps"])):
                return True
            if w.startswith("page:") and case["file"] == w[5:] + ".json":
                return True
            if fnmatch.fnmatchcase(case["id"], w):
                return True
        return False
    return [c for c in cases if wanted(c)]


def _selection(config):
    try:
        return config.getoption("--cases")
    except (KeyError, ValueError):
        return None  # a caller that has no such option (mutants.py)


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        cases = selected(load_cases(), _selection(metafunc.config))
        metafunc.parametrize("case", cases, ids=[c["id"] for c in cases])


# Every input that decides a verdict: the cases and what they are made of
# (fixtures, ops, statements, platform facts, extensions), the expectations,
# and the harness code that loads, runs and judges them.
VERDICT_INPUTS = ["cases/*.json", "expectations/*/*.json", "expectations/*/*/*.json",
                  "fixtures.json", "ops.json", "statements.json", "platform.json",
                  "extensions.json", "schema/*.json", "harness/judge.py",
                  "harness/cases.py", "harness/conftest.py", "harness/driver.py",
                  "harness/versions.py", "outcomes.json", "harness/outcomes.py"]


def suite_revision(root=None):
    """What decides verdicts (VERDICT_INPUTS) as one hash: result sets made
    by different suites are not comparable."""
    import hashlib
    root = pathlib.Path(root or pathlib.Path(__file__).resolve().parent.parent)
    h = hashlib.sha256()
    for path in sorted({p for pattern in VERDICT_INPUTS for p in root.glob(pattern)}):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return h.hexdigest()[:16]


def _observed_as_recorded(known, message):
    """Whether a known divergence was observed as its expectation records:
    the same message, or for an outcome that varies from run to run (bytes
    PHP 7.4 never set) a message its pattern describes."""
    if "observed_pattern" in known:
        return re.search(known["observed_pattern"], message) is not None
    return "observed" not in known or known["observed"] == message


def os_of(info):
    """The system a start reply describes, as cases name systems ("os"):
    linux-glibc, linux-musl, darwin, bsd, solaris, windows."""
    platform = (info or {}).get("platform") or {}
    name = str(platform.get("os", "")).lower()
    if name.startswith("win"):
        return "windows"
    if name == "linux":
        return "linux-musl" if "musl" in str(platform.get("libc", "")) else "linux-glibc"
    if name == "darwin":
        return "darwin"
    if name.endswith("bsd") or name == "dragonfly":
        return "bsd"
    if name in ("sunos", "solaris"):
        return "solaris"
    return name or "unknown"


def not_sent(case, info, network=None):
    """(status, message) of a case that is not sent to the implementation
    its start reply (info) describes, or None when it is sent. network: the
    results header's "network" (whether the driver runs in a private
    network namespace, and why not)."""
    gated = versions.gate_status(case, info)
    if gated:
        # A statement of other PHP versions than this one's: not sent.
        return gated
    system = os_of(info)
    if case.get("os") and not any(system == o or system.startswith(o + "-") for o in case["os"]):
        # A constant the page's group puts on other systems only: there its
        # own case expects it undefined.
        return "INAPPLICABLE", "for %s only; this is %s" % (", ".join(case["os"]), system)
    implied = None if case.get("os") else cases.implied_systems(case)
    if implied and not any(system == o or system.startswith(o + "-") for o in implied[0]):
        # A name the manual defines on other systems only (the constants
        # page's group, the entry's or another page's restriction).
        return "INAPPLICABLE", "uses %s, which the manual defines on %s only (%s); " \
            "this is %s" % (implied[1], ", ".join(implied[0]) or "no system", implied[2], system)
    if case.get("network") == "private" and not (network or {}).get("private"):
        # An all-interfaces bind or multicast: only inside a private
        # network namespace, which this run could not make.
        return "UNSUPPORTED", "needs a private network namespace (all interfaces or " \
            "multicast): %s" % (network or {}).get("why", "the driver runs on the host's network")
    extension = case.get("extension")
    if extension and not claims(extension, info.get("extensions")):
        # psock's choice where the spec is silent: judged only for an
        # implementation that says it makes the same choice.
        return "UNCLAIMED", "extension %s is not claimed" % extension
    own = case.get("unless_extension")
    if own and claims(own, info.get("extensions")):
        # The system's own values, which this implementation replaces by
        # its own by design (psock's portable constants and codes).
        return "UNCLAIMED", "%s: the implementation's own values, not the system's" % own
    missing = [f for f in case["features"] if f not in info.get("features", [])]
    if missing:
        # A case this platform cannot make could only hang.
        return "UNSUPPORTED", "needs " + ", ".join(missing)
    return None


def settle(known, status, message):
    """(status, message, expected, observed) of a verdict against its
    expectation (known: the entry of expectations/, or None): a known
    divergence that passes is XPASS, one that fails otherwise STALE."""
    expected = known["status"] if known else "PASS"
    observed = {"status": status, "message": message}  # before expectations
    if known and status == "PASS":
        status, message = "XPASS", "expected %s (%s) but passed: the " \
            "expectation is stale" % (known["status"], known.get("reason"))
    elif known and status == expected and not _observed_as_recorded(known, message):
        status, message = "STALE", "expected %s with %r, observed %r" % (
            expected, known.get("observed", known.get("observed_pattern")), message)
    return status, message, expected, observed


def load_expected(impl, platform, where=None, info=None):
    """{case id: entry}: all.json, then <platform>.json, of the
    implementation's expectations (where: another directory), then those of
    its PHP version (expectations/php/8.2/...), known once its start reply
    (info) said which."""
    given = pathlib.Path(where) if where else EXPECTATIONS / impl
    expected = {}
    for name in ("all.json", platform + ".json"):
        path = given / name
        if path.exists():
            expected.update(json.loads(path.read_text()))
    if where is None:
        expected.update(versions.version_expectations(EXPECTATIONS, impl, platform, info))
    return expected


def expectations_file(impl, platform, where=None, info=None):
    """The file that makes a platform strict: <platform>.json, per PHP
    version for PHP."""
    if where is not None:
        return pathlib.Path(where) / (platform + ".json")
    return versions.expectations_target(EXPECTATIONS, impl, platform, {"driver": info})


class Run:
    """One implementation on one platform: the driver, the expectations and
    the results file."""

    def __init__(self, config):
        self.impl = config.getoption("--impl")
        self.platform = config.getoption("--platform")
        self.command = shlex.split(config.getoption("--driver"))
        self.case_timeout = config.getoption("--case-timeout")
        try:
            self.given = config.getoption("--expectations")
        except (KeyError, ValueError):
            self.given = None  # a caller that has no such option (mutants.py)
        self.unexpected = []
        self.results_path = pathlib.Path(config.getoption("--results"))
        self.results_path.parent.mkdir(parents=True, exist_ok=True)
        self.out = self.results_path.open("w")
        self.counts = {}
        self.selection = _selection(config)
        self.total = len(selected(load_cases(), self.selection))
        self.done = 0
        self.restarts = 0
        self.seq = 0
        self.driver = None
        self.info = None
        network = private_network(self.command)
        self.network = network
        # What the results say: whether the driver ran in a private
        # network namespace (how it was made), or why not.
        self.network_record = {"private": True, "how": "unshare -rn; " + NAMESPACE_SETUP} \
            if network["private"] else {"private": False, "why": network["why"]}
        try:
            self._start()
        except (DriverCrashed, DriverTimeout, DriverProtocolError, OSError) as e:
            # A driver that does not start gives no verdict at all: the run
            # is an error (./psock run exits 2 and prints this), never an
            # empty pass.
            self._write({"type": "start_failed", "implementation": self.impl,
                         "platform": self.platform, "command": self.command,
                         "message": "the driver did not start: %s" % e})
            self.out.close()
            pytest.exit("the driver did not start: %s" % e, returncode=2)
        # all.json, then <platform>.json, then (PHP) the version's own:
        # known once the driver said which version it is.
        self.expected = load_expected(self.impl, self.platform, self.given, self.info)
        # A platform is judged strictly once its expectations file is
        # committed (an empty {} where nothing diverges). Before that, its
        # first run records every verdict and lists the unexpected ones
        # (<results>.first-run.md, for a CI job summary) without failing:
        # a person has to read them and write the reasons.
        self.first_run = not expectations_file(self.impl, self.platform, self.given,
                                               self.info).exists()
        self._write({"type": "header", "implementation": self.impl,
                     "platform": self.platform, "driver": self.info,
                     "command": self.command, "network": self.network_record,
                     "started": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                     "cases": self.total, "suite": suite_revision(),
                     **({"first_run": True} if self.first_run else {}),
                     **({"selection": self.selection} if self.selection else {})})

    def _start(self):
        self.driver = Driver(self.command, network=self.network)
        self.info = self.driver.start()
        # What the driver has open before any case (a number of sockets, or
        # of descriptors for a raw API); more after a case is a leak.
        baseline = self.info.get("open")
        self.open_baseline = baseline if isinstance(baseline, int) else None

    def _write(self, record):
        self.out.write(json.dumps(record, sort_keys=True) + "\n")
        self.out.flush()

    def run(self, case):
        self.seq += 1
        began = time.monotonic()
        steps = []
        try:
            if self.driver is None:
                self.restarts += 1
                self._start()
            unsent = not_sent(case, self.info, self.network_record)
            if unsent is not None:
                status, message = unsent
            else:
                reply = self.driver.request(
                    {"cmd": "run", "seq": self.seq, "case": case},
                    case.get("timeout", self.case_timeout))
                steps = reply["steps"]
                # What each op sends back (outcomes.json): a reply that
                # breaks it is the driver's error, never judged.
                broken = outcomes.reply_problem(steps)
                try:
                    if broken:
                        status, message = "ERROR", broken
                    else:
                        status, message = judge(case, reply, self.info)
                except Exception as e:  # the harness broke, not the implementation
                    status, message = "ERROR", "harness: %r" % e
                opened = reply.get("open")
                if status in ("PASS", "FAIL") and self.open_baseline is not None \
                        and isinstance(opened, int) and opened > self.open_baseline:
                    status, message = "LEAK", "%d open after the case, %d before it" % (
                        opened, self.open_baseline) + ("; " + message if message else "")
        except DriverCrashed as e:
            status, message = "CRASH", str(e)
            self._restart_next()
        except DriverTimeout as e:
            status, message = "TIMEOUT", str(e)
            self._restart_next()
        except DriverProtocolError as e:
            # Out of step: whatever it says next cannot be trusted.
            status, message = "ERROR", "driver protocol: %s" % e
            self._restart_next()
        known = self.expected.get(case["id"])
        status, message, expected, observed = settle(known, status, message)
        record = {"type": "case", "id": case["id"], "tier": case.get("tier"), "status": status,
                  "message": message,
                  "expected": expected,
                  "reason": known.get("reason") if known else None,
                  "duration": round(time.monotonic() - began, 4),
                  "steps": steps}
        if observed["status"] != status:
            record["observed"] = observed  # what an XPASS or STALE hides
        self._write(record)
        self.counts[status] = self.counts.get(status, 0) + 1
        self.done += 1
        return record

    def _restart_next(self):
        if self.driver is not None:
            self.driver.kill()
        self.driver = None

    def finish(self):
        if self.driver is not None:
            self.driver.stop()
        if self.first_run:
            lines = ["# First run of %s on %s" % (self.impl, self.platform), "",
                     "No `conformance/expectations/%s/%s.json` yet: every verdict is recorded "
                     "and these %d are not judged strictly. Write a reason for each in "
                     "`reasons.json` and run `harness/expectations.py` on the results to "
                     "make the platform strict." % (self.impl, self.platform,
                                                    len(self.unexpected)), ""]
            lines += ["- `%s` %s: %s" % u for u in self.unexpected]
            self.results_path.with_suffix(".first-run.md").write_text("\n".join(lines) + "\n")
        self._write({"type": "footer", "complete": self.done == self.total,
                     "ran": self.done, "counts": self.counts,
                     "restarts": self.restarts})
        self.out.close()


@pytest.fixture(scope="session")
def run(request):
    r = Run(request.config)
    yield r
    r.finish()
