#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks on the tree itself: every source file carries the SPDX line of
the project's license in its first lines, and every C file of ours is as
.clang-format lays it out (clang-format --dry-run -Werror; the vendored
cJSON keeps its own style) and initialises no block-scope aggregate with
a variable, a member or an address (MSVC /W4's C4204 and C4221 call that a
nonstandard extension: members are assigned instead); every text file is checked out with LF
line ends on every host (.gitattributes: Windows runners check out CRLF
otherwise, and bash, the spec hashes and JSON diffs break), the fuzz
corpora as bytes. Run by CTest (repo.tree).

  python3 ci/check-tree.py [ROOT]
"""
import pathlib
import re
import subprocess
import sys

SPDX = "SPDX-License-Identifier: MIT"
SOURCE_SUFFIXES = {".c", ".h", ".py", ".php", ".cmake", ".sh", ".in", ".yml", ".yaml"}
SOURCE_NAMES = {"CMakeLists.txt", "psock", "run"}


def sources(root):
    files = subprocess.run(["git", "-C", str(root), "ls-files"], check=True,
                           capture_output=True, text=True).stdout.split()
    for name in files:
        p = pathlib.Path(name)
        if p.suffix in SOURCE_SUFFIXES or p.name in SOURCE_NAMES:
            yield p


# A block-scope declaration initialising an aggregate on one line:
# "  psock_iovec_t iov = {buf, sizeof buf};". Constants are literals, string
# literals, sizeof, casts and upper-case macro names; a lower-case name in
# the braces is a variable, a member or a function.
_AGGREGATE = re.compile(r"^\s+(?!\s|static\b|return\b)[\w\s*]+\w(\[[^\]]*\])*\s*=\s*\{(.*)\}\s*[,;]")
_CONSTANT_PARTS = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|\bsizeof\s*\(?[\w.\[\]]*\)?'
                             r"|\(\s*(?:const\s+|unsigned\s+)*\w+\s*\**\s*\)|\.\w+\s*=")


def nonconstant_initialisers(text):
    """(line number, line) of every one-line block-scope aggregate
    initialiser naming a variable, member or address."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#") or line.rstrip().endswith("\\"):
            continue
        m = _AGGREGATE.match(line)
        if m and re.search(r"\b(?=\w*[a-z])[A-Za-z_]\w*", _CONSTANT_PARTS.sub(" ", m.group(2))):
            found.append((n, line.strip()))
    return found


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    missing = [str(p) for p in sources(root)
               if SPDX not in "".join((root / p).read_text(errors="replace")
                                      .splitlines(True)[:4])]
    for m in missing:
        print("no SPDX line in its first 4 lines: %s" % m)
    print("tree: %d source files checked, %d without the SPDX line"
          % (len(list(sources(root))), len(missing)))
    c_files = [str(root / p) for p in sources(root)
               if p.suffix in (".c", ".h") and "vendor" not in p.parts]
    unformatted = []
    for f in c_files:
        r = subprocess.run(["clang-format", "--dry-run", "-Werror", f],
                           capture_output=True, text=True)
        if r.returncode != 0:
            unformatted.append(f)
    for f in unformatted:
        print("not as .clang-format lays it out: %s (clang-format -i it)" % f)
    print("tree: %d C files checked with clang-format, %d differ"
          % (len(c_files), len(unformatted)))
    nonconstant = [(f, n, line) for f in c_files
                   for n, line in nonconstant_initialisers(pathlib.Path(f).read_text())]
    for f, n, line in nonconstant:
        print("%s:%d: an aggregate initialised with a variable or address, which MSVC /W4 "
              "rejects (C4204, C4221): assign the members: %s" % (f, n, line))
    print("tree: %d C files checked for non-constant aggregate initialisers, %d found"
          % (len(c_files), len(nonconstant)))
    # Line ends: git's own view of the attributes of every tracked file.
    files = subprocess.run(["git", "-C", str(root), "ls-files", "--eol"], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    bad_eol = []
    for line in files:
        info, _, name = line.partition("\t")
        binary = "/fuzz/corpus/" in name or name.endswith(".png")
        want = "attr/-text" if binary else "eol=lf"
        if want not in info:
            bad_eol.append("%s (%s; .gitattributes should give it %s)"
                           % (name, " ".join(info.split()), want))
    for b in bad_eol:
        print("line ends not pinned: %s" % b)
    print("tree: %d files' line-end attributes checked, %d not pinned"
          % (len(files), len(bad_eol)))
    return 1 if missing or unformatted or nonconstant or bad_eol else 0


if __name__ == "__main__":
    sys.exit(main())
