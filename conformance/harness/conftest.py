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
import shlex
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from cases import load_cases  # noqa: E402
from driver import Driver, DriverCrashed, DriverTimeout  # noqa: E402
from judge import judge  # noqa: E402

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
        self._write({"type": "header", "implementation": self.impl,
                     "platform": self.platform, "driver": self.info,
                     "command": self.command,
                     "started": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                     "cases": self.total})

    def _start(self):
        self.driver = Driver(self.command)
        self.info = self.driver.start()

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
            reply = self.driver.request({"cmd": "run", "seq": self.seq, "case": case},
                                        case.get("timeout", self.case_timeout))
            steps = reply.get("steps", [])
            try:
                status, message = judge(case, reply, self.info.get("features", []))
            except Exception as e:  # the harness broke, not the implementation
                status, message = "ERROR", "harness: %r" % e
        except DriverCrashed as e:
            status, message = "CRASH", str(e)
            self.driver.kill()
            self.driver = None
        except DriverTimeout as e:
            status, message = "TIMEOUT", str(e)
            self.driver.kill()
            self.driver = None
        known = self.expected.get(case["id"])
        record = {"type": "case", "id": case["id"], "status": status,
                  "message": message,
                  "expected": known["status"] if known else "PASS",
                  "reason": known.get("reason") if known else None,
                  "duration": round(time.monotonic() - began, 4),
                  "steps": steps}
        self._write(record)
        self.counts[status] = self.counts.get(status, 0) + 1
        self.done += 1
        return record

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
