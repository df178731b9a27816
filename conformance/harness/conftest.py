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
from cases import claims, load_cases  # noqa: E402
from driver import Driver, DriverCrashed, DriverProtocolError, DriverTimeout  # noqa: E402
from judge import judge  # noqa: E402
import versions  # noqa: E402

EXPECTATIONS = pathlib.Path(__file__).resolve().parent.parent / "expectations"


def pytest_addoption(parser):
    group = parser.getgroup("conformance")
    group.addoption("--impl", help="implementation name (psock, native, php)")
    group.addoption("--platform", help="platform label (linux-glibc, windows-wine, ...)")
    group.addoption("--driver", help="driver command line (shell words)")
    group.addoption("--results", help="JSON-lines results file to write")
    group.addoption("--case-timeout", type=float, default=10.0)


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        cases = load_cases()
        metafunc.parametrize("case", cases, ids=[c["id"] for c in cases])


def suite_revision():
    """What decides verdicts -- the cases, the expectations, the judge -- as
    one hash: result sets made by different suites are not comparable."""
    import hashlib
    root = pathlib.Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(list((root / "cases").glob("*.json")) +
                       list((root / "expectations").rglob("*.json")) +
                       [root / "harness" / "judge.py"]):
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


class Run:
    """One implementation on one platform: the driver, the expectations and
    the results file."""

    def __init__(self, config):
        self.impl = config.getoption("--impl")
        self.platform = config.getoption("--platform")
        self.command = shlex.split(config.getoption("--driver"))
        self.case_timeout = config.getoption("--case-timeout")
        # all.json holds what diverges everywhere; <platform>.json adds to it.
        self.expected = {}
        for name in ("all.json", self.platform + ".json"):
            path = EXPECTATIONS / self.impl / name
            if path.exists():
                self.expected.update(json.loads(path.read_text()))
        self.results_path = pathlib.Path(config.getoption("--results"))
        self.results_path.parent.mkdir(parents=True, exist_ok=True)
        self.out = self.results_path.open("w")
        self.counts = {}
        self.total = len(load_cases())
        self.done = 0
        self.restarts = 0
        self.seq = 0
        self.driver = None
        self.info = None
        self._start()
        # Per PHP version (expectations/php/8.2/...): known once it said which.
        self.expected.update(versions.version_expectations(
            EXPECTATIONS, self.impl, self.platform, self.info))
        self._write({"type": "header", "implementation": self.impl,
                     "platform": self.platform, "driver": self.info,
                     "command": self.command,
                     "started": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                     "cases": self.total, "suite": suite_revision()})

    def _start(self):
        self.driver = Driver(self.command)
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
            missing = [f for f in case["features"]
                       if f not in self.info.get("features", [])]
            extension = case.get("extension")
            gated = versions.gate_status(case, self.info)
            if gated:
                # A statement of other PHP versions than this one's: not sent.
                status, message = gated
            elif extension and not claims(extension, self.info.get("extensions")):
                # psock's choice where the spec is silent: judged only for
                # an implementation that says it makes the same choice.
                status, message = "UNCLAIMED", "extension %s is not claimed" % extension
            elif missing:
                # Not sent: a case this platform cannot make could only hang.
                status, message = "UNSUPPORTED", "needs " + ", ".join(missing)
            else:
                reply = self.driver.request(
                    {"cmd": "run", "seq": self.seq, "case": case},
                    case.get("timeout", self.case_timeout))
                steps = reply["steps"]
                try:
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
        expected = known["status"] if known else "PASS"
        observed = {"status": status, "message": message}  # before expectations
        if known and status == "PASS":
            status, message = "XPASS", "expected %s (%s) but passed: the " \
                "expectation is stale" % (known["status"], known.get("reason"))
        elif known and status == expected and not _observed_as_recorded(known, message):
            status, message = "STALE", "expected %s with %r, observed %r" % (
                expected, known.get("observed", known.get("observed_pattern")), message)
        record = {"type": "case", "id": case["id"], "status": status,
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
        self._write({"type": "footer", "complete": self.done == self.total,
                     "ran": self.done, "counts": self.counts,
                     "restarts": self.restarts})
        self.out.close()


@pytest.fixture(scope="session")
def run(request):
    r = Run(request.config)
    yield r
    r.finish()
