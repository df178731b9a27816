# SPDX-License-Identifier: MIT
"""The one JSON layout of the suite's data files (cases, statements,
fixtures, ops, extensions): a reviewer sees one step, one statement or one
op per line, and a diff shows what changed, never how it was indented.

  python3 conformance/harness/layout.py --check   # exit 1 if a file differs
  python3 conformance/harness/layout.py --write   # rewrite them in place

The layout: the document's outer levels are indented by two spaces, down to
the records of the file (a case, a statement, a fixture, an op); inside a
record each key is on its own line, and a value is written on one line,
except a case's and a fixture's `steps`, which have one step per line. Keys
keep a fixed order where the file's records have one (KEY_ORDER)."""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Record keys in the order a reader wants them; keys not listed follow in
# their own order.
KEY_ORDER = {
    "case": ["id", "network", "os", "unless_extension", "tier", "statements", "platform", "extension", "description", "features",
             "matrix", "timeout", "fixture", "steps"],
    "statement": ["id", "seed", "section", "function", "quote", "en", "untestable",
                  "same_as", "no_mutant"],
}


def _ordered(record, kind):
    order = KEY_ORDER.get(kind, [])
    keys = [k for k in order if k in record] + [k for k in record if k not in order]
    return [(k, record[k]) for k in keys]


def _one_line(value):
    return json.dumps(value, ensure_ascii=False)


def _record(record, kind, indent):
    pad = " " * indent
    lines = []
    for key, value in _ordered(record, kind):
        if key == "steps" and isinstance(value, list) and value:
            inner = (",\n").join(pad + "  " + _one_line(s) for s in value)
            lines.append('%s"%s": [\n%s\n%s]' % (pad, key, inner, pad))
        else:
            lines.append("%s%s: %s" % (pad, _one_line(key), _one_line(value)))
    return "{\n" + ",\n".join(lines) + "\n" + " " * (indent - 2) + "}"


# Which top-level key holds a file's records, and what kind they are.
RECORDS = {"cases": "case", "statements": "statement", "fixtures": "fixture",
           "ops": "op", "extensions": "extension", "$defs": "def"}


def dumps(doc):
    """The canonical text of one data file (a JSON object whose records are
    in one top-level list or object)."""
    parts = []
    for key, value in doc.items():
        kind = RECORDS.get(key)
        if kind and isinstance(value, list):
            body = ",\n".join("    " + _record(r, kind, 6) for r in value)
            parts.append('  "%s": [\n%s\n  ]' % (key, body))
        elif kind and isinstance(value, dict):
            body = ",\n".join('    %s: %s' % (_one_line(name), _record(r, kind, 6))
                              for name, r in value.items())
            parts.append('  "%s": {\n%s\n  }' % (key, body))
        else:
            parts.append("  %s: %s" % (_one_line(key), _one_line(value)))
    return "{\n" + ",\n".join(parts) + "\n}\n"


def write_or_check(path, text, argv, how):
    """A generated file's main: with --check, 1 (and a line saying how to
    regenerate it) when path does not hold text; else write it. 0 if fine."""
    path = pathlib.Path(path)
    if "--check" in argv:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            print("%s is stale: run %s" % (path, how))
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0


def data_files():
    return sorted(list((ROOT / "cases").glob("*.json")) +
                  [ROOT / name for name in ("statements.json", "fixtures.json",
                                            "ops.json", "extensions.json")
                   if (ROOT / name).exists()])


def main(argv):
    write = "--write" in argv
    differ = []
    for path in data_files():
        text = path.read_text(encoding="utf-8")
        canonical = dumps(json.loads(text))
        if text != canonical:
            differ.append(path.relative_to(ROOT.parent))
            if write:
                path.write_text(canonical, encoding="utf-8")
    for p in differ:
        print("%s: %s" % ("rewritten" if write else "not in the canonical layout", p))
    return 1 if differ and not write else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
