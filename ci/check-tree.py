#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks on the tree itself: every source file carries the SPDX line of
the project's license in its first lines. Run by CTest (repo.tree).

  python3 ci/check-tree.py [ROOT]
"""
import pathlib
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


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    missing = [str(p) for p in sources(root)
               if SPDX not in "".join((root / p).read_text(errors="replace")
                                      .splitlines(True)[:4])]
    for m in missing:
        print("no SPDX line in its first 4 lines: %s" % m)
    print("tree: %d source files checked, %d without the SPDX line"
          % (len(list(sources(root))), len(missing)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
