# SPDX-License-Identifier: MIT
"""Every conformance case against the implementation given on the command
line. psock must pass every case or carry an expectation with a reason;
other implementations' divergences are recorded, not failed: showing them
is their purpose. A broken case or driver (ERROR), an expectation that is
stale (XPASS: it passes now; STALE: it fails differently) and a leak (LEAK)
fail for everyone."""
import pytest

from html_report import NO_VERDICT  # the one list of no-verdict statuses
from verdicts import step_label  # "fixture tcp_connection step 2", "case step 3"


def test_case(case, run):
    record = run.run(case)
    status, expected = record["status"], record["expected"]
    # The results keep the driver's numbering of every step; what a person
    # reads names a fixture's steps as the fixture's.
    record = dict(record, message=step_label(case, record["message"]))
    if run.first_run and status not in ("PASS",) + NO_VERDICT:
        # No expectations for this platform yet: recorded and listed, not
        # failed (conftest.Run.first_run).
        run.unexpected.append((case["id"], status, record["message"][:200]))
        pytest.xfail("first run on %s, recorded: %s %s" % (
            run.platform, status, record["message"][:200]))
    if status in ("XPASS", "STALE", "LEAK"):
        # An expectation that no longer describes what happens, or a case
        # that leaves sockets open: wrong for every implementation.
        pytest.fail("%s: %s" % (status, record["message"]), pytrace=False)
    if status == expected and status != "PASS":
        return  # a known divergence, recorded with its reason
    if status == "PASS":
        return
    if status in ("UNCLAIMED", "INAPPLICABLE"):
        pytest.skip(record["message"])  # not this implementation's promise
    if status == "UNSUPPORTED" or (status == "UNIMPLEMENTED" and run.impl != "psock"):
        # What the platform lacks, or an op another driver lacks; psock's
        # own driver implements every op.
        pytest.skip(record["message"])
    if status == "ERROR" or run.impl == "psock":
        pytest.fail("%s: %s" % (status, record["message"]), pytrace=False)
