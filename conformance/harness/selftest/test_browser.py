# SPDX-License-Identifier: MIT
"""reports/index.html in a real browser (Debian's headless Chromium): the
counts it shows are the counts in the result files, its filters change
what is shown, and it renders to a screenshot. Skipped, saying so, where
Chromium is not installed (./psock installs it as root)."""
import collections
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
RESULTS = ROOT / "reports" / "results"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]

pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="no Chromium here (apt-get install chromium)")


def chromium(*args):
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM] + FLAGS + ["--user-data-dir=" + profile] + list(args),
                              check=True, capture_output=True, text=True, timeout=120).stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    subprocess.run([sys.executable, str(ROOT / "conformance" / "harness" / "report.py"),
                    "--out", str(out), "--combine", str(RESULTS)],
                   check=True, capture_output=True)
    return out / "index.html"


def visible(page, query=""):
    dom = chromium("--dump-dom", page.as_uri() + query)
    m = re.search(r'<span id="visible">(\d+)</span>', dom)
    assert m, "no visible-count in the rendered page"
    return int(m.group(1)), dom


def test_counts_shown_are_the_result_files_counts(page):
    total, dom = visible(page)
    assert total > 50
    shown = re.findall(r'<td class="count-pass">(\d+) / (\d+)', dom)
    # Every distinct column's spec count, from the files themselves: spec
    # cases passing over spec cases with a verdict (the other tiers apart).
    sys.path.insert(0, str(ROOT / "conformance" / "harness"))
    from cases import load_cases
    spec_ids = {c["id"] for c in load_cases() if c["tier"] == "spec"}
    want = set()
    for f in RESULTS.glob("*.jsonl"):
        recs = [json.loads(l) for l in f.read_text().splitlines()]
        spec = [r for r in recs if r["type"] == "case" and r["id"] in spec_ids]
        judged = [r for r in spec if r["status"] not in ("UNSUPPORTED", "UNCLAIMED",
                                                        "UNIMPLEMENTED", "INAPPLICABLE")]
        want.add((sum(r["status"] == "PASS" for r in judged), len(judged)))
    assert {(int(a), int(b)) for a, b in shown} == want


def test_filters_change_what_is_shown(page):
    total, _ = visible(page)
    divergent, _ = visible(page, "?divergent=1")
    native_only, dom = visible(page, "?impl=native&divergent=1")
    assert 0 < divergent < total
    assert native_only == divergent  # rows stay; other columns' cells hide
    assert 'data-impl="psock" hidden' in dom
    unexpected, _ = visible(page, "?unexpected=1")
    assert unexpected == 0  # the committed results have none


def test_screenshot(page, tmp_path):
    shot = tmp_path / "index.png"
    chromium("--screenshot=%s" % shot, "--window-size=1400,1000", page.as_uri())
    assert shot.stat().st_size > 10000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
