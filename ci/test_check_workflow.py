# SPDX-License-Identifier: MIT
"""ci/check-workflow.py fails on what would fail a first real run: bad
workflows fed to it in a scratch copy of the repository's CI files.
Run by CTest (repo.workflow_selftest).

  python3 -m pytest ci/test_check_workflow.py
"""
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHECK = ROOT / "ci" / "check-workflow.py"


@pytest.fixture
def tree(tmp_path):
    """The files check-workflow.py reads, copied."""
    for d in ("ci", ".github", "platforms"):
        shutil.copytree(ROOT / d, tmp_path / d, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "CMakePresets.json", tmp_path)
    shutil.copy(ROOT / "psock", tmp_path)
    return tmp_path


def check(root):
    r = subprocess.run([sys.executable, str(CHECK), str(root)], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def edit(root, old, new, path=".github/workflows/ci.yml"):
    f = root / path
    text = f.read_text()
    assert old in text, "%s not in %s" % (old, path)
    f.write_text(text.replace(old, new, 1))


def test_the_repository_workflow_passes(tree):
    rc, out = check(tree)
    assert rc == 0, out
    assert "combine steps tried on both artifact layouts" in out


def test_a_retired_runner_label_fails_with_its_reason(tree):
    edit(tree, "os: [macos-15, macos-15-intel]", "os: [macos-14, macos-15-intel]")
    rc, out = check(tree)
    assert rc == 1
    assert "runs on macos-14, retired" in out and "13518" in out


def test_an_unknown_runner_label_fails(tree):
    edit(tree, "runs-on: windows-2022", "runs-on: windows-2016")
    rc, out = check(tree)
    assert rc == 1
    assert "windows-2016, not a current runner label" in out


def test_actionlint_config_may_not_accept_a_retired_label(tree):
    edit(tree, "    - macos-15\n", "    - macos-14\n", ".github/actionlint.yaml")
    rc, out = check(tree)
    assert rc == 1
    assert "actionlint.yaml accepts macos-14" in out


def test_a_step_whose_script_does_not_exist_fails(tree):
    edit(tree, "run: ci/sanitizer-vm.sh", "run: ci/no-such-script.sh")
    rc, out = check(tree)
    assert rc == 1
    assert "runs ci/no-such-script.sh, which does not exist" in out


def test_a_script_that_is_not_executable_fails(tree):
    (tree / "ci" / "linux.sh").chmod(0o644)
    rc, out = check(tree)
    assert rc == 1
    assert "ci/linux.sh is not executable" in out


def test_a_combine_that_finds_only_per_artifact_folders_fails(tree):
    # The first combine.sh: ci-results/*/ only, which a single matching
    # artifact (its files directly in ci-results) does not give.
    (tree / "ci" / "combine.sh").write_text(
        '#!/usr/bin/env bash\nset -euo pipefail\n[ "${1:-}" = --list ] && shift\n'
        'dir=${1:-ci-results}\nfound=0\n'
        'for d in "$dir"/*/; do [ -d "$d" ] && echo "$d" && found=1; done\n'
        '[ "$found" = 1 ]\n')
    rc, out = check(tree)
    assert rc == 1
    assert "when download-artifact gives one artifact" in out


def test_a_combine_that_finds_only_top_level_files_fails(tree):
    (tree / "ci" / "combine.sh").write_text(
        '#!/usr/bin/env bash\n[ "${1:-}" = --list ] && shift\n'
        'ls "${1:-ci-results}"/*.jsonl >/dev/null 2>&1 && echo "${1:-ci-results}"\n')
    rc, out = check(tree)
    assert rc == 1
    assert "when download-artifact gives every artifact" in out


def test_a_download_pattern_matching_no_artifact_fails(tree):
    edit(tree, "pattern: results-*", "pattern: result-*")
    rc, out = check(tree)
    assert rc == 1
    assert "matches no uploaded artifact" in out


def test_a_runner_from_a_matrix_key_with_no_values_fails(tree):
    edit(tree, "runs-on: ${{ matrix.os }}", "runs-on: ${{ matrix.runner_os }}")
    rc, out = check(tree)
    assert rc == 1
    assert "job macos: runs-on names no runner label" in out


def test_a_report_that_does_not_wait_for_an_uploading_job_fails(tree):
    edit(tree, "needs: [linux, macos, windows-msvc, windows-mingw, php, python]",
         "needs: [linux, macos, windows-msvc, windows-mingw, python]")
    rc, out = check(tree)
    assert rc == 1
    assert "job report downloads results-* but does not need job php" in out


def test_two_uploads_of_one_artifact_name_fail(tree):
    # The PHP jobs named by version only: three runners upload one name.
    edit(tree, "name: results-php${{ matrix.php }}-${{ matrix.runner }}",
         "name: results-php${{ matrix.php }}")
    rc, out = check(tree)
    assert rc == 1
    assert "artifact results-php8.4 is uploaded by job php and job php" in out


def test_a_release_waiting_for_php_jobs_fails(tree):
    edit(tree, "needs: [windows-msvc]", "needs: [windows-msvc, php]")
    rc, out = check(tree)
    assert rc == 1
    assert "job release-windows releases windows: it must need exactly windows-msvc" in out


def test_a_release_waiting_for_another_toolchain_fails(tree):
    edit(tree, "needs: [windows-msvc]", "needs: [windows-msvc, windows-mingw]")
    rc, out = check(tree)
    assert rc == 1
    assert "must need exactly windows-msvc (the jobs running ci/windows.sh msvc)" in out


def test_a_release_waiting_for_nothing_it_packages_fails(tree):
    edit(tree, "    needs: [macos]\n", "    needs: [linux]\n")
    rc, out = check(tree)
    assert rc == 1
    assert "job release-macos releases macos: it must need exactly macos" in out


def test_check_tree_names_aggregates_msvc_rejects():
    """ci/check-tree.py (repo.tree): a block-scope aggregate initialised
    with a local's address, a variable or a member is named (MSVC /W4's
    C4221, C4204); constants, string literals, sizeof and casts are not."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("check_tree", ROOT / "ci" / "check-tree.py")
    tree = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tree)
    bad = ("  psock_iovec_t iov = {buf, sizeof buf};\n"
           "  psock_iovec_t huge[2] = {{buf, (size_t)PTRDIFF_MAX}, {buf, 4}};\n"
           "        struct pollfd pfd = {st->fd[1], POLLIN, 0};\n"
           "  struct timeval tv = {.tv_sec = seconds, .tv_usec = 0};\n")
    assert [n for n, _ in tree.nonconstant_initialisers(bad)] == [1, 2, 3, 4]
    good = ("  psock_iovec_t out[2] = {{\"mes\", 3}, {\"sage\", 4}};\n"
            "  psock_timeval_t tv = {5, 0}, tv_back;\n"
            "  int codes[] = {PSOCK_EADDRINUSE, PSOCK_ECONNREFUSED};\n"
            "  psock_iovec_t bad[2] = {{NULL, 4}, {\"x\", sizeof(long)}};\n"
            "  struct timespec pause = {0, 100 * 1000 * 1000};\n"
            "  static const char *names[] = {name_a, name_b};\n"
            "#define ENTRY(name) {#name, test_##name},\n"
            "psock_iovec_t file_scope = {buf, 4};\n")
    assert tree.nonconstant_initialisers(good) == []
