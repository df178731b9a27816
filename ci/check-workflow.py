#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The CI workflow says only what the repository can do: every script it
runs exists and is executable, every preset those scripts name is a
workflow preset of CMakePresets.json, every platform they require is one
platforms/platforms.json lists (the one list, which the presets must
match); every third-party action is pinned to a full commit SHA
with its version in a comment; read-only permissions, a concurrency
group, a timeout on every job, fail-fast off on every matrix; every
runner label is a current GitHub-hosted one of ci/runner-labels.json (a
dated list: a retired label fails with the reason); the report job's
combine script finds the results in both layouts download-artifact makes
(one folder per artifact, or a single matching artifact's files directly
in the target folder), tried on a scratch tree, and the job waits for
every job that uploads them; no two uploads share an artifact name; a
release job waits for exactly the jobs that build and test what it
packages (RELEASE_TESTED_BY), no PHP, CPython or other toolchain's job.
Run by CTest (repo.workflow) beside actionlint; ci/test_check_workflow.py
feeds it bad workflows.

  python3 ci/check-workflow.py [ROOT]
"""
import datetime
import fnmatch
import json
import pathlib
import re
import subprocess
import sys
import tempfile

import yaml  # Debian: python3-yaml

# What each release (ci/release.sh OS) packages is built and tested by the
# jobs whose run steps say this: the release job needs those, and no other.
RELEASE_TESTED_BY = {"linux": "ci/linux.sh", "windows": "ci/windows.sh msvc",
                     "macos": "ci/macos.sh"}


def expand(value, matrix):
    """The values an expression like ${{ matrix.os }} takes in a matrix."""
    m = re.fullmatch(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}", str(value).strip())
    if not m:
        return [value]
    key = m.group(1)
    values = list(matrix.get(key, []))
    values += [inc[key] for inc in matrix.get("include", []) if key in inc]
    return values


def runner_labels(job):
    matrix = job.get("strategy", {}).get("matrix", {}) or {}
    runs_on = job.get("runs-on", [])
    labels = []
    for item in runs_on if isinstance(runs_on, list) else [runs_on]:
        labels += expand(item, matrix)
    return labels


def combinations(matrix):
    """Every combination of a matrix's values, then its include entries."""
    keys = [k for k in matrix if k not in ("include", "exclude")]
    combos = [{}]
    for k in keys:
        combos = [dict(c, **{k: v}) for c in combos for v in matrix[k]]
    return combos + list(matrix.get("include", []))


def artifact_names(job):
    """The names a job's upload-artifact steps give, matrix expanded: one
    per upload, so a name two matrix legs give is there twice."""
    matrix = job.get("strategy", {}).get("matrix", {}) or {}
    names = []
    for step in job.get("steps", []):
        if "upload-artifact" not in step.get("uses", ""):
            continue
        name = str(step.get("with", {}).get("name", "artifact"))
        for combo in combinations(matrix):
            names.append(re.sub(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}",
                                lambda m: str(combo.get(m.group(1), "")), name))
    return names


def needs_of(job):
    needs = job.get("needs", [])
    return set([needs] if isinstance(needs, str) else needs)


def runs_text(job):
    return "\n".join(str(step.get("run", "")) for step in job.get("steps", []))


def check_artifacts_and_needs(wf, problems):
    """Artifact names unique across the workflow (upload-artifact v4 and
    later refuse a second upload of a name); a downloading job needs every
    job whose artifacts its pattern matches; a release job needs exactly
    the jobs that build and test what it packages."""
    owner = {}
    for name, job in wf["jobs"].items():
        for n in artifact_names(job):
            if n in owner:
                problems.append("artifact %s is uploaded by job %s and job %s"
                                % (n, owner[n], name))
            owner.setdefault(n, name)
    for name, job in wf["jobs"].items():
        for step in job.get("steps", []):
            if "download-artifact" not in step.get("uses", ""):
                continue
            w = step.get("with", {})
            pattern = str(w.get("pattern", w.get("name", "*")))
            for other in sorted({owner[n] for n in owner if fnmatch.fnmatch(n, pattern)}):
                if other != name and other not in needs_of(job):
                    problems.append("job %s downloads %s but does not need job %s, which "
                                    "uploads some" % (name, pattern, other))
    for name, job in wf["jobs"].items():
        m = re.search(r"\bci/release\.sh\s+(\w+)", runs_text(job))
        if not m:
            continue
        tested_by = RELEASE_TESTED_BY.get(m.group(1))
        if tested_by is None:
            problems.append("job %s releases %s, which RELEASE_TESTED_BY does not name"
                            % (name, m.group(1)))
            continue
        want = {n for n, j in wf["jobs"].items()
                if re.search(re.escape(tested_by) + r"(\s|$)", runs_text(j))}
        if not want:
            problems.append("job %s releases %s, but no job runs %s to test it"
                            % (name, m.group(1), tested_by))
        elif needs_of(job) != want:
            problems.append("job %s releases %s: it must need exactly %s (the jobs running "
                            "%s), not %s" % (name, m.group(1), ", ".join(sorted(want)),
                                             tested_by, ", ".join(sorted(needs_of(job))) or
                                             "nothing"))


def check_combine(root, wf, problems):
    """Every run step after a download-artifact step with a pattern: its
    script, given --list and the download folder in each layout, must find
    every result set."""
    uploaded = sorted({n for job in wf["jobs"].values() for n in artifact_names(job)})
    checked = 0
    for name, job in wf["jobs"].items():
        download = None
        for step in job.get("steps", []):
            if "download-artifact" in step.get("uses", ""):
                download = step.get("with", {})
                continue
            if download is None or "run" not in step:
                continue
            scripts = re.findall(r"\bci/[\w./-]+\.sh", step["run"])
            if not scripts or not (root / scripts[0]).is_file():
                continue
            pattern = str(download.get("pattern", download.get("name", "*")))
            matched = [n for n in uploaded if fnmatch.fnmatch(n, pattern)]
            if not matched:
                problems.append("job %s: download pattern %s matches no uploaded artifact"
                                % (name, pattern))
                continue
            merge = download.get("merge-multiple") is True
            layouts = {"one artifact": matched[:1], "every artifact": matched}
            for layout, names in layouts.items():
                with tempfile.TemporaryDirectory() as tmp:
                    target = pathlib.Path(tmp) / str(download.get("path", "."))
                    for n in names:
                        # download-artifact: a folder per artifact, unless
                        # one artifact matched or merge-multiple is set.
                        folder = target if merge or len(names) == 1 else target / n
                        folder.mkdir(parents=True, exist_ok=True)
                        (folder / ("%s-psock-x.jsonl" % n)).write_text("{}\n")
                    r = subprocess.run(["bash", str(root / scripts[0]), "--list", str(target)],
                                       capture_output=True, text=True)
                    found = [l for l in r.stdout.splitlines() if l.strip()]
                    want = 1 if merge else len(names)
                    if r.returncode != 0 or len(found) < want:
                        problems.append(
                            "job %s: %s --list finds %d of %d result folders when "
                            "download-artifact gives %s (%s)"
                            % (name, scripts[0], len(found), want, layout,
                               (r.stderr or r.stdout).strip()[:200]))
            checked += 1
    return checked


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    wf_path = root / ".github" / "workflows" / "ci.yml"
    text = wf_path.read_text()
    wf = yaml.safe_load(text)
    problems = []
    presets = {p["name"] for p in json.loads((root / "CMakePresets.json").read_text())
               ["workflowPresets"]}
    # The one list of platforms: one object a line (./psock reads it with
    # sed), each a workflow preset, every workflow preset in it.
    plist_path = root / "platforms" / "platforms.json"
    plist = json.loads(plist_path.read_text())
    lines = [l for l in plist_path.read_text().splitlines() if l.strip().startswith("{")]
    if len(lines) != len(plist) or any(
            not re.match(r'\s*\{"name": "[\w-]+", "kind": "(platform|check|ci)"', l)
            for l in lines):
        problems.append("platforms.json: one object a line, name then kind first")
    listed = {p["name"] for p in plist}
    for name in sorted(listed - presets):
        problems.append("platforms.json names %s, which has no workflow preset" % name)
    for name in sorted(presets - listed):
        problems.append("workflow preset %s is not in platforms.json" % name)
    known = {p["name"] for p in plist if p["kind"] in ("platform", "check")}

    if wf.get("permissions") != {"contents": "read"}:
        problems.append("permissions must be {contents: read}")
    if not wf.get("concurrency"):
        problems.append("no concurrency group")
    labels_data = json.loads((root / "ci" / "runner-labels.json").read_text())
    current, retired = set(labels_data["current"]), labels_data["retired"]
    age = (datetime.date.today() - datetime.date.fromisoformat(labels_data["checked"])).days
    if age > 180:
        # Said, not failed: the list stays the list it was on its date.
        print("workflow: note: ci/runner-labels.json was checked %d days ago (%s)"
              % (age, labels_data["checked"]))
    for name, job in wf["jobs"].items():
        if not runner_labels(job):
            problems.append("job %s: runs-on names no runner label" % name)
        for label in runner_labels(job):
            if label in retired:
                problems.append("job %s runs on %s, retired: %s" % (name, label, retired[label]))
            elif label not in current:
                problems.append("job %s runs on %s, not a current runner label of "
                                "ci/runner-labels.json (checked %s)"
                                % (name, label, labels_data["checked"]))
    lint_cfg = root / ".github" / "actionlint.yaml"
    if lint_cfg.is_file():
        cfg = yaml.safe_load(lint_cfg.read_text()) or {}
        for label in (cfg.get("self-hosted-runner") or {}).get("labels") or []:
            if label not in current:
                problems.append(".github/actionlint.yaml accepts %s, not a current runner label"
                                % label)
    scripts = set()
    for name, job in wf["jobs"].items():
        if "timeout-minutes" not in job:
            problems.append("job %s has no timeout-minutes" % name)
        if "matrix" in job.get("strategy", {}) and job["strategy"].get("fail-fast") is not False:
            problems.append("job %s: a matrix without fail-fast: false" % name)
        for step in job.get("steps", []):
            scripts |= set(re.findall(r"\bci/[\w./-]+", step.get("run", "")))
    for line in text.splitlines():
        m = re.match(r"\s*(?:-\s*)?uses:\s*(\S+)(.*)$", line)
        if m:
            ref, rest = m.groups()
            if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref):
                problems.append("not pinned to a full commit SHA: %s" % ref)
            if not re.search(r"#\s*v\d", rest):
                problems.append("no version comment after %s" % ref)
    for script in sorted(scripts):
        path = root / script
        if not path.is_file():
            problems.append("the workflow runs %s, which does not exist" % script)
            continue
        if script.endswith((".sh", ".py")) and not (path.stat().st_mode & 0o111):
            problems.append("%s is not executable" % script)
        body = path.read_text()
        for preset in re.findall(r"--preset\s+([\w-]+)|preset=([\w-]+)", body):
            p = preset[0] or preset[1]
            if p not in presets:
                problems.append("%s names preset %s, not a workflow preset" % (script, p))
        for req in re.findall(r'PSOCK_REQUIRE="([^"]*)"', body):
            for p in req.split():
                if p not in known:
                    problems.append("%s requires %s, which ./psock does not know" % (script, p))
    check_artifacts_and_needs(wf, problems)
    combines = check_combine(root, wf, problems)
    for p in problems:
        print("workflow: %s" % p)
    print("workflow: %d combine steps tried on both artifact layouts" % combines)
    print("workflow: %d jobs, %d scripts checked, %d problems"
          % (len(wf["jobs"]), len(scripts), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
