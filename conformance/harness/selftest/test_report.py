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


def _synthetic(folder, impl, platform, arch, compiler, name=None):
    """A committed result set of `impl` on linux-glibc, made to say it ran
    on `platform`, `arch`, built by `compiler`: what a CI job uploads."""
    src = sorted(RESULTS.glob("%s-linux-glibc*.jsonl" % impl))[0]
    lines = src.read_text().splitlines()
    header = json.loads(lines[0])
    header["platform"] = platform
    header["driver"]["platform"].update(arch=arch, compiler=compiler)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or src.name)
    path.write_text("\n".join([json.dumps(header)] + lines[1:]) + "\n")
    return path


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
    assert "| psock | linux-glibc-x86_64 |" in text and "| psock | windows-wine-x86_64 |" in text
    assert "not this one's" not in text
    combined = sorted(p.name for p in (out / "results").iterdir())
    # A later run of one platform keeps the other's results.
    again = _report(out, str(next(glibc.glob("psock-*gcc*.jsonl"))))
    assert sorted(p.name for p in (out / "results").iterdir()) == combined
    assert "| psock | windows-wine-x86_64 |" in again
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


def test_every_architecture_and_toolchain_keeps_its_column(tmp_path):
    """Two macOS runners that differ only in architecture (arm64 says
    "arm64" from Python and PHP, "aarch64" from the C driver), and two
    Windows jobs that differ only in toolchain, as ci/combine.sh gives them
    (one folder per artifact): every one is a column of its own."""
    ci = tmp_path / "ci-results"
    _synthetic(ci / "results-macos-15", "psock", "macos", "aarch64", "clang 17.0.0")
    _synthetic(ci / "results-macos-15-intel", "psock", "macos", "x86_64", "clang 17.0.0")
    _synthetic(ci / "results-macos-15", "python", "macos", "arm64", "cpython 3.12.8")
    _synthetic(ci / "results-macos-15-intel", "python", "macos", "x86_64", "cpython 3.12.8")
    _synthetic(ci / "results-windows-msvc", "psock", "windows", "x86_64", "msvc 1944")
    _synthetic(ci / "results-windows-mingw", "psock", "windows", "x86_64", "gcc 15.2.0")
    _synthetic(ci / "results-windows-php8.4", "php", "windows", "AMD64", "8.4 (PHP 8.4.1 cli)")
    out = tmp_path / "out"
    text = _report(out, *[a for d in sorted(ci.iterdir()) for a in ("--combine", str(d))])
    for row in ("| psock | macos-arm64 | clang |", "| psock | macos-x86_64 | clang |",
                "| python | macos-arm64 | cpython |", "| python | macos-x86_64 | cpython |",
                "| psock | windows-x86_64 | msvc |", "| psock | windows-x86_64 | gcc |",
                "| php | windows-x86_64 | 8.4 |"):
        assert row in text, row
    assert sorted(p.name for p in (out / "results").iterdir()) == [
        "php-windows-x86_64-8.4.jsonl", "psock-macos-arm64-clang.jsonl",
        "psock-macos-x86_64-clang.jsonl", "psock-windows-x86_64-gcc.jsonl",
        "psock-windows-x86_64-msvc.jsonl", "python-macos-arm64-cpython.jsonl",
        "python-macos-x86_64-cpython.jsonl"]
    summary = (out / "REPORT.md").read_text()
    assert "psock macos-arm64 (clang)" in summary and "psock macos-x86_64 (clang)" in summary
    # Two toolchains that agree case by case are shown as one column that
    # names the other, never dropped.
    assert "psock windows-x86_64 (gcc)" in summary and "msvc: same as gcc" in summary
    # macOS and Windows ran: not listed as "not run".
    assert "| (all) | macos |" not in text and "| (all) | windows |" not in text


def test_two_result_sets_for_one_column_are_an_error(tmp_path):
    """CPython run by both Windows jobs (or one PHP version twice): the
    report would keep one of them, so it fails and writes nothing."""
    ci = tmp_path / "ci-results"
    a = _synthetic(ci / "results-windows-msvc", "python", "windows", "AMD64", "cpython 3.12.8")
    b = _synthetic(ci / "results-windows-mingw", "python", "windows", "AMD64", "cpython 3.12.8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, str(REPORT), "--out", str(out),
                        "--combine", str(a.parent), "--combine", str(b.parent)],
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "python windows-x86_64 (cpython) given 2 times" in r.stderr
    assert str(a) in r.stderr and str(b) in r.stderr
    assert not (out / "conformance.md").exists()
    assert list((out / "results").iterdir()) == []
    # A later run replacing a kept set of its column is no collision.
    _report(out, "--combine", str(a.parent))
    _report(out, "--combine", str(b.parent))
    assert [p.name for p in (out / "results").iterdir()] == ["python-windows-x86_64-cpython.jsonl"]


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
    assert "(?): no php-8.2 results" not in text
    names = sorted(p.name for p in (out / "results").iterdir())
    assert names == ["mine-linux-glibc-x86_64.jsonl", "php-linux-glibc-x86_64-8.2.jsonl"], names
    default = _report(tmp_path / "default", "--byo", str(run))
    assert "## Where psock and mine differ" in default  # the committed psock columns
    assert "no psock results on this platform" not in default
    assert "### linux-glibc-x86_64 (?): " in default
