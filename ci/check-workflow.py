#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The CI workflow says only what the repository can do: every script it
runs exists and is executable, every preset those scripts name is a
workflow preset of CMakePresets.json, every platform they require is one
platforms/platforms.json lists (the one list, which the presets must
match); every third-party action is pinned to a full commit SHA
with its version in a comment; read-only permissions, a concurrency
group, a timeout on every job, fail-fast off on every matrix. Run by CTest
(repo.workflow) beside actionlint.

  python3 ci/check-workflow.py [ROOT]
"""
import json
import pathlib
import re
import sys

import yaml  # Debian: python3-yaml


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
        if script.endswith(".sh") and not (path.stat().st_mode & 0o111):
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
    for p in problems:
        print("workflow: %s" % p)
    print("workflow: %d jobs, %d scripts checked, %d problems"
          % (len(wf["jobs"]), len(scripts), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
