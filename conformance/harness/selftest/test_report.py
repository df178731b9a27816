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


def test_a_byo_report_compares_with_the_reference_it_is_given(tmp_path):
    """./psock run's report (--byo): only the run's platform, no "not run"
    rows for the project's others; --reference takes that implementation's
    committed results of the same platform as the column compared with; a
    start reply with no compiler names the file without one."""
    src = next(RESULTS.glob("python-linux-glibc-*.jsonl"))
    lines = src.read_text().splitlines()
    header = json.loads(lines[0])
    header["implementation"] = "mine"
    header["driver"]["platform"].pop("compiler", None)
    run = tmp_path / "mine-linux-glibc.jsonl"
    run.write_text("\n".join([json.dumps(header)] + lines[1:]) + "\n")
    out = tmp_path / "out"
    text = _report(out, "--byo", "--reference", "php-8.2", str(run))
    assert "not run" not in text and "windows-wine" not in text
    assert "## Where php-8.2 and mine differ" in text
    assert "### linux-glibc (?): no php-8.2 results" not in text
    names = sorted(p.name for p in (out / "results").iterdir())
    assert names == ["mine-linux-glibc.jsonl", "php-linux-glibc-8.2.jsonl"], names
    default = _report(tmp_path / "default", "--byo", str(run))
    assert "## Where psock and mine differ" in default  # the committed psock columns
    assert "no psock results on this platform" not in default
    assert "### linux-glibc (?): " in default
