# SPDX-License-Identifier: MIT
"""The suite keeps its promises to the reader: every statement is the page's
own text, every testable statement has a spec case, every case names real
statements, spec cases use only the spec's functions, the data files are in
the one layout, COVERAGE.md is what the data says, and every case declares
the features its steps need."""
import json
import os
import pathlib
import re

import pytest

import coverage
import layout
from cases import (ROOT, _with_fixture, implied_features, load_all_statements, load_cases,
                   load_extensions, load_fixtures, load_ops, load_platform_facts,
                   load_statements, step_problems)

REPO = ROOT.parent


SPEC = ROOT / "spec"  # the seed pages, copied in (spec/README.md)


def _shared_seeds():
    """The project's own copy beside the repository (../shared/seeds), where
    this clone has one; PSOCK_SEEDS names it elsewhere."""
    for candidate in (os.environ.get("PSOCK_SEEDS"), REPO.parent / "shared" / "seeds"):
        if candidate and pathlib.Path(candidate, "README.md").is_file():
            return pathlib.Path(candidate)
    return None


def _words(text):
    # The pages break lines inside statements and use no-break spaces:
    # a quote is matched with its whitespace folded.
    return re.sub(r"\s+", " ", text).strip()


def test_the_spec_copies_are_the_seeds():
    pages = sorted(p.name for p in SPEC.glob("*.txt"))
    assert len(pages) == 5
    shared = _shared_seeds()
    if shared is not None:  # else this clone has only its own copy
        for name in pages:
            assert (SPEC / name).read_bytes() == (shared / name).read_bytes(), name


def test_every_quote_is_verbatim_in_its_seed():
    texts, missing = {}, []
    for s in load_statements().values():
        if s["seed"] not in texts:
            texts[s["seed"]] = _words((SPEC / s["seed"]).read_text(encoding="utf-8"))
        if _words(s["quote"]) not in texts[s["seed"]]:
            missing.append("%s: %r" % (s["id"], s["quote"][:80]))
    assert not missing, "quotes not found in their seed:\n" + "\n".join(missing)


def test_statements_are_well_formed():
    raw = json.loads((ROOT / "statements.json").read_text(encoding="utf-8"))["statements"]
    ids = [s["id"] for s in raw]
    assert len(ids) == len(set(ids)), "duplicate statement ids"
    statements = load_statements()
    for s in raw:
        assert s["section"] in ("description", "parameters", "return", "errors", "changelog",
                                "note", "manual-note", "example", "constants", "functions", "introduction",
                                "installation", "navigation"), s["id"]
        if "same_as" in s:
            target = statements.get(s["same_as"])
            assert target is not None and "same_as" not in target, s["id"]
        if "untestable" in s:
            assert len(s["untestable"]) > 20, "%s: say why it cannot be checked" % s["id"]


def test_every_testable_statement_has_a_spec_case():
    found = coverage.cases_by_statement()
    missing = [sid for sid, s in load_statements().items()
               if coverage.status(s, found) == "missing"]
    assert not missing, "testable statements without a spec case: %s" % missing


def test_cases_name_real_statements_and_extensions():
    statements, extensions = load_all_statements(), load_extensions()
    problems = []
    for case in load_cases():
        problems += ["%s: no statement %s" % (case["id"], sid)
                     for sid in case["statements"] if sid not in statements]
        problems += ["%s: %s is untestable yet checked" % (case["id"], sid)
                     for sid in case["statements"]
                     if statements.get(sid, {}).get("untestable")
                     and case["tier"] in ("spec", "note")]
        if case.get("extension") and case["extension"] not in extensions:
            problems.append("%s: no extension %s" % (case["id"], case["extension"]))
    for ext in extensions.values():
        problems += ["%s: no statement %s" % (ext["id"], sid)
                     for sid in ext["statements"] if sid not in statements]
    assert not problems, "\n".join(problems)


def test_spec_cases_use_only_the_specs_functions():
    """A spec case observes through the spec's own functions (and the
    host's helpers), so every implementation gets a verdict on it."""
    ops = load_ops()["ops"]

    def kinds(steps):
        for s in steps:
            yield s["op"], ops[s["op"]]["kind"]
            yield from kinds(s.get("args", {}).get("steps", []))
    wrong = sorted({"%s: %s" % (c["id"], op) for c in load_cases() if not c.get("extension")
                    for op, kind in kinds(c["steps"]) if kind == "extension"})
    assert not wrong, "spec cases using extension ops: %s" % wrong


def test_every_step_matches_its_ops_schema():
    # load_cases refuses a case whose steps break ops.json; fixtures too.
    assert load_cases()
    for name in load_fixtures():
        # A fixture's steps with its default parameters.
        steps = _with_fixture({"id": "fixture", "fixture": name, "steps": []})["steps"]
        assert not step_problems(steps), name


def test_a_bad_step_is_refused_with_a_clear_message():
    problems = step_problems([
        {"op": "socket_read", "args": {"socket": "a", "length": 10, "mode": "PHP_ODD_READ"}},
        {"op": "socket_bind", "args": {"socket": "a", "address": "127.0.0.1", "porte": 1}},
        {"op": "socket_accept", "args": {"socket": "l"}, "as": ["a", "b"]},
        {"op": "wait", "args": {"ms": 20}}])
    assert len(problems) == 4, problems
    assert "mode" in problems[0] and "porte" in problems[1]
    assert '"as"' in problems[2] and "no such op" in problems[3]


def test_every_expectation_key_is_one_the_judge_knows():
    from judge import known_key

    def keys(steps):
        for s in steps:
            for k, v in s.get("expect", {}).items():
                yield s["op"], k
                if k in ("one_of", "by_os"):
                    for alt in (v.values() if k == "by_os" else v):
                        yield from ((s["op"], a) for a in alt)
            yield from keys(s.get("args", {}).get("steps", []))
    unknown = sorted({"%s: %s %s" % (c["id"], op, k) for c in load_cases()
                      for op, k in keys(c["steps"]) if not known_key(k)})
    assert not unknown, "expect keys the judge does not know: %s" % unknown


def test_cases_declare_the_features_their_steps_need():
    missing = ["%s: %s" % (c["id"], sorted(set(implied_features(c)) - set(c["features"])))
               for c in load_cases() if set(implied_features(c)) - set(c["features"])]
    assert not missing, "features not declared: %s" % missing


def test_data_files_are_in_the_canonical_layout():
    wrong = [p.name for p in layout.data_files()
             if p.read_text(encoding="utf-8") != layout.dumps(json.loads(p.read_text()))]
    assert not wrong, "run conformance/harness/layout.py --write: %s" % wrong


def test_coverage_md_is_generated_from_the_data():
    assert coverage.OUT.read_text(encoding="utf-8") == coverage.render(), \
        "COVERAGE.md is stale: run conformance/harness/coverage.py"


def test_no_two_cases_are_the_same():
    seen = {}
    for c in load_cases():
        key = json.dumps(c["steps"], sort_keys=True)
        assert key not in seen, "%s repeats %s" % (c["id"], seen[key])
        seen[key] = c["id"]


STREAM_ALIASES = {"socket_get_status", "socket_set_blocking", "socket_set_timeout"}


def test_drivers_implement_only_ops_of_the_table_and_psock_all_of_them():
    """ops.json is the one op table: no driver has an op it does not list,
    and psock's driver has every spec and extension op (the host ops come
    from host/*.c)."""
    drivers = ROOT / "drivers"
    ops = load_ops()["ops"]
    selftest = {"driver_abort", "driver_hang"}
    found = {
        "psock": set(re.findall(r'\{"([a-z_]+)", op_', (drivers / "psock/ops.c").read_text())),
        "native": set(re.findall(r'\{"([a-z_]+)", op_', (drivers / "native/ops.c").read_text())),
        "host": set(re.findall(r'\{"([a-z_]+)", (?:drv_)?op_', (drivers / "host/posix.c").read_text())),
        "php": set(re.findall(r"^function op_([a-z_]+)\(", (drivers / "php/driver.php").read_text(),
                              re.M)),
        "python": set(re.findall(r'"([a-z_]+)": op_', (drivers / "python/driver.py").read_text())),
    }
    for name, names in found.items():
        assert names, name
        assert names - selftest <= set(ops), "%s has ops ops.json lacks: %s" % (
            name, sorted(names - selftest - set(ops)))
    wanted = {n for n, op in ops.items() if op["kind"] in ("spec", "extension")}
    assert wanted - STREAM_ALIASES <= found["psock"], sorted(wanted - STREAM_ALIASES - found["psock"])
    # PHP's stream functions by the names the versions page lists: psock has
    # no PHP streams, and host/*.c answers them unsupported for both C drivers.
    assert STREAM_ALIASES <= found["host"] and not STREAM_ALIASES & found["psock"]
    assert {n for n, op in ops.items() if op["kind"] == "host"} <= found["host"]


def _all_steps(steps):
    for s in steps:
        yield s
        yield from _all_steps(s.get("args", {}).get("steps", []))


def _error_names(expect):
    """The error names an expectation asserts (error, one_of's, an error
    name as socket_last_error's value)."""
    names = []
    for key, want in expect.items():
        if key == "error":
            names += [want] if isinstance(want, str) else [w for w in want or [] if w]
        elif key in ("one_of", "by_os"):
            for alt in (want.values() if key == "by_os" else want):
                names += _error_names(alt)
        elif key == "value" and isinstance(want, str) and re.fullmatch(r"E[A-Z]+", want):
            names.append(want)
    return names


def asserted_errors(case):
    return sorted({n for s in _all_steps(case["steps"]) for n in _error_names(s.get("expect", {}))})


def _words_of(statement):
    """What a statement says, as text: a seed's quote (and its English), or
    the claim in our words of a statement of the manual (conformance/manual/)."""
    return " ".join(filter(None, [statement.get("quote"), statement.get("en"),
                                  statement.get("claim")]))


def test_a_case_citing_a_user_note_is_tier_note():
    statements = load_all_statements()
    wrong = []
    for c in load_cases():
        # A user note (the seeds' section "note"), or a record of what
        # php-src changed (conformance/manual/records.json, tier note); the
        # manual's own notes and Note boxes are the manual's text.
        cites_note = any(statements[s].get("section") == "note" or
                         statements[s].get("tier") == "note" for s in c["statements"])
        if cites_note != (c["tier"] == "note") and c["tier"] != "extension":
            wrong.append("%s: tier %s, cites a note: %s" % (c["id"], c["tier"], cites_note))
    assert not wrong, "\n".join(wrong)


def test_spec_cases_assert_only_the_errors_their_statements_name():
    """The manual names one error (ECONNREFUSED); every other name is the
    operating system's, judged in the platform tier."""
    statements = load_all_statements()
    wrong = []
    for c in load_cases():
        if c["tier"] != "spec":
            continue
        text = " ".join(_words_of(statements[s]) for s in c["statements"])
        wrong += ["%s: %s" % (c["id"], e) for e in asserted_errors(c) if e not in text]
    assert not wrong, "spec cases asserting errors no statement of theirs names " \
        "(make them platform cases citing platform.json): %s" % wrong


def test_platform_cases_cite_facts_naming_every_error_they_assert():
    facts = load_platform_facts()
    wrong = []
    for c in load_cases():
        if c["tier"] != "platform":
            continue
        unknown = [f for f in c["platform"] if f not in facts]
        wrong += ["%s: no platform fact %s" % (c["id"], f) for f in unknown]
        named = {e for f in c["platform"] if f in facts for e in facts[f]["errors"]}
        wrong += ["%s: %s is named by none of %s" % (c["id"], e, c["platform"])
                  for e in asserted_errors(c) if e not in named]
        # A platform case asserts an error a fact names, checks a constant
        # against the system's own (a fact of its headers or codes), or
        # observes a behaviour a fact documents (its "behaviour").
        if not asserted_errors(c) and not any(
                facts.get(f, {}).get("constants") or facts.get(f, {}).get("codes") or
                facts.get(f, {}).get("behaviour")
                for f in c["platform"]):
            wrong.append("%s: a platform case that asserts no error" % c["id"])
    for f in facts.values():
        assert f["url"].startswith("https://") and (
            f["errors"] or f.get("constants") or f.get("behaviour")), f["id"]
    assert not wrong, "\n".join(wrong)


def test_the_rules_catch_a_mislabelled_case():
    """The tier checks above can fail: a spec case asserting EINVAL, which
    no statement of the pages names, is refused."""
    case = {"id": "x/y", "tier": "spec", "statements": ["accept.not-for-accepting"],
            "steps": [{"op": "socket_accept", "args": {"socket": "a"},
                       "expect": {"ok": False, "error": "EINVAL"}}]}
    text = load_statements()["accept.not-for-accepting"]
    assert asserted_errors(case) == ["EINVAL"]
    assert "EINVAL" not in text["quote"] + text.get("en", "")


def test_the_suite_revision_covers_every_input_of_a_verdict(tmp_path):
    """Change any input that decides a verdict and the revision changes."""
    import shutil
    from conftest import VERDICT_INPUTS, suite_revision
    tree = tmp_path / "conformance"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns("__pycache__", "*.md"))
    before = suite_revision(tree)
    inputs = sorted({p for pattern in VERDICT_INPUTS for p in tree.glob(pattern)})
    assert len(inputs) >= 12
    for path in inputs:
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert suite_revision(tree) != before, "%s does not change the revision" % path
        path.write_bytes(original)
    assert suite_revision(tree) == before
    for must in ("fixtures.json", "ops.json", "extensions.json", "platform.json",
                 "harness/cases.py", "harness/judge.py"):
        assert tree / must in inputs, must
