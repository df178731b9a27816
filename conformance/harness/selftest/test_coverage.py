# SPDX-License-Identifier: MIT
"""The cases keep their promises to the reader: every quote is text of the
seed it names, COVERAGE.md cites only cases and unit tests that exist, and
every case is cited there."""
import fnmatch
import os
import pathlib
import re

import pytest

from cases import ROOT, load_cases

REPO = ROOT.parent
COVERAGE = ROOT / "COVERAGE.md"
TEST_LIST = REPO / "shim" / "test" / "test-list.h"


def _seeds_dir():
    """The specification lives beside the repository (../shared/seeds), not
    in it; PSOCK_SEEDS names it elsewhere."""
    for candidate in (os.environ.get("PSOCK_SEEDS"), REPO.parent / "shared" / "seeds"):
        if candidate and pathlib.Path(candidate, "README.md").is_file():
            return pathlib.Path(candidate)
    return None


def _words(text):
    # The pages break lines inside statements ("if (\nfalse === ..."):
    # a quote is matched with its whitespace folded.
    return re.sub(r"\s+", " ", text).strip()


def test_every_quote_is_in_its_seed():
    seeds = _seeds_dir()
    if seeds is None:
        pytest.skip("no specification beside the repository (set PSOCK_SEEDS)")
    texts, missing = {}, []
    for case in load_cases():
        name = case["spec"]["seed"]
        if name not in texts:
            texts[name] = _words((seeds / name).read_text(encoding="utf-8"))
        if _words(case["spec"]["quote"]) not in texts[name]:
            missing.append("%s: %r" % (case["id"], case["spec"]["quote"][:80]))
    assert not missing, "quotes not found in their seed:\n" + "\n".join(missing)


def _coverage_refs():
    """(case references, unit test names) cited in COVERAGE.md's tables. In a
    row, `-inet6` after `page/name-inet` means `page/name-inet6`, and
    `other-name` after `page/name` means `page/other-name`."""
    refs, units = set(), set()
    for line in COVERAGE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        last, in_units = None, False
        for m in re.finditer(r"(unit )?`([^`]+)`", line):
            token = m.group(2)
            if m.group(1) or (in_units and re.fullmatch(r"[a-z0-9_*]+", token)):
                units.add(token)
                in_units = True
                continue
            in_units = False
            if re.fullmatch(r"[a-z_]+/[a-z0-9_.*${}-]+", token):
                refs.add(token)
                last = token
            elif last is not None and token.startswith("-"):
                refs.add(last.rsplit("-", 1)[0] + token)
            elif last is not None and re.fullmatch(r"[a-z0-9*][a-z0-9_.*-]*-[a-z0-9_.*-]+", token):
                refs.add(last.split("/", 1)[0] + "/" + token)
    return refs, units


def test_coverage_cites_only_real_cases_and_every_case():
    ids = [c["id"] for c in load_cases()]
    refs, _ = _coverage_refs()
    dangling = sorted(r for r in refs if not fnmatch.filter(ids, r))
    assert not dangling, "COVERAGE.md cites cases that do not exist: %s" % dangling
    covered = set()
    for r in refs:
        # `socket_bind/*` is how the function-list rows cite the cases that
        # quote a function's one-line summary.
        covered.update(fnmatch.filter(ids, r))
    uncited = sorted(set(ids) - covered)
    assert not uncited, "cases COVERAGE.md does not account for: %s" % uncited


def test_coverage_cites_only_real_unit_tests():
    declared = re.findall(r"X\(([a-z0-9_]+)\)", TEST_LIST.read_text())
    _, units = _coverage_refs()
    unknown = sorted(u for u in units if not fnmatch.filter(declared, u))
    assert not unknown, "COVERAGE.md cites unit tests that do not exist: %s" % unknown
