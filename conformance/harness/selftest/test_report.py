# SPDX-License-Identifier: MIT
"""report.py: result sets from separate machines combine into one report,
a run of some platforms keeps the others' results, a set made by another
suite revision is flagged, and what is committed is the same run after run."""
import json
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
REPORT = ROOT / "conformance" / "harness" / "report.py"
RESULTS = ROOT / "reports" / "results"


def _report(out, *args):
    subprocess.run([sys.executable, str(REPORT), "--out", str(out)] + list(args),
                   check=True, capture_output=True, text=True)
    return (out / "conformance.md").read_text()


def test_combine_keeps_and_flags(tmp_path):
    glibc, wine = tmp_path / "linux-glibc", tmp_path / "windows-wine"
    glibc.mkdir()
    wine.mkdir()
    for f in RESULTS.glob("*linux-glibc*.jsonl"):
        shutil.copy(f, glibc)
    for f in RESULTS.glob("*windows-wine*.jsonl"):
        shutil.copy(f, wine)
    assert list(glibc.iterdir()) and list(wine.iterdir()), "committed results needed"
    out = tmp_path / "out"
    text = _report(out, "--combine", str(glibc), "--combine", str(wine))
    assert "| psock | linux-glibc |" in text and "| psock | windows-wine |" in text
    assert "not this one's" not in text
    combined = sorted(p.name for p in (out / "results").iterdir())
    # A later run of one platform keeps the other's results.
    again = _report(out, str(next(glibc.glob("psock-*gcc*.jsonl"))))
    assert sorted(p.name for p in (out / "results").iterdir()) == combined
    assert "| psock | windows-wine |" in again
    # A set from another suite revision is flagged, not silently merged.
    odd = tmp_path / "odd"
    odd.mkdir()
    src = next(wine.glob("native-*.jsonl"))
    lines = src.read_text().splitlines()
    header = json.loads(lines[0])
    header["suite"] = "0000other0000000"
    (odd / src.name).write_text("\n".join([json.dumps(header)] + lines[1:]) + "\n")
    flagged = _report(out, "--combine", str(odd))
    assert "suite 0000other000, not this one's" in flagged


def test_committed_results_do_not_change_between_runs(tmp_path):
    out = tmp_path / "out"
    _report(out, "--combine", str(RESULTS))
    first = {p.name: p.read_text() for p in (out / "results").iterdir()}
    _report(out)
    second = {p.name: p.read_text() for p in (out / "results").iterdir()}
    assert first == second
    for text in first.values():
        assert '"duration"' not in text and '"started"' not in text
        assert "/tmp/" not in text and "psock-drv-" not in text
