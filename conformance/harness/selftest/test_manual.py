# SPDX-License-Identifier: MIT
"""The manual's statements (conformance/manual/) are well formed, and
`./psock spec check` finds what changed in a doc-en checkout: a wrong
commit, a missing page, a changed or moved sentence, an unaccounted one,
bad XML; one line per statement, exit 1, never a traceback. The checkouts
here are small synthetic doc-en trees made in a temp dir (CI has no
network and no doc-en)."""
import io
import json
import re
import subprocess
import sys

import manual
import speccheck
from cases import load_all_statements, load_cases

HARNESS = manual.ROOT / "harness"
TIERS = {"spec", "platform", "note", "extension"}
VERSIONS = re.compile(r"^(?:(?:>=|<=|<|>|==|!=)\d+\.\d+\.\d+)(?:,(?:>=|<=|<|>|==|!=)\d+\.\d+\.\d+)*$")


# ---- the repository's data ---------------------------------------------------

def test_every_page_of_the_source_has_its_data_and_address():
    source = manual.load_source()
    assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
    files = {p["file"] for p in manual.load_pages()}
    assert files == {p["file"] for p in source["pages"]}
    for page in manual.load_pages():
        assert page["url"].startswith("https://www.php.net/manual/en/"), page["file"]
        assert page["scope"] in ("overview", "seed function list", "beyond the seed list")


def test_statements_carry_every_citation_field():
    problems, ids = [], set()
    kinds = manual.load_source()["non_normative_kinds"]
    for page in manual.load_pages():
        for s in page["statements"]:
            where = s.get("id", page["file"])
            if s["id"] in ids:
                problems.append("%s: duplicate id" % where)
            ids.add(s["id"])
            if not re.fullmatch(r"manual\.[a-z_]+\.[A-Za-z0-9_.-]+", s["id"]):
                problems.append("%s: id" % where)
            if set(s["locator"]) != {"section", "n"} or s["locator"]["n"] < 1:
                problems.append("%s: locator" % where)
            if not s["anchor"] or len(s["anchor"].split(" ")) > 15:
                problems.append("%s: anchor of 1..15 words" % where)
            if not re.fullmatch(r"[0-9a-f]{16}", s["hash"]):
                problems.append("%s: hash" % where)
            if len(s["claim"]) < 10:
                problems.append("%s: claim in our words" % where)
            if s.get("tier", "spec") not in TIERS - {"extension"}:
                problems.append("%s: tier %r" % (where, s.get("tier")))
            if "php_versions" in s and not VERSIONS.match(s["php_versions"]):
                problems.append("%s: php_versions %r" % (where, s["php_versions"]))
            if "untestable" in s and len(s["untestable"]) < 20:
                problems.append("%s: say why it cannot be checked" % where)
        for nn in page["non_normative"]:
            if nn["kind"] not in kinds and not nn.get("reason"):
                problems.append("%s %s: non-normative without a reason" % (page["file"], nn["locator"]))
    assert not problems, "\n".join(problems)


def test_contradictions_are_linked_both_ways():
    statements = manual.load_statements()
    for sid, s in statements.items():
        for other in s.get("contradicts", []):
            assert other in statements, "%s contradicts unknown %s" % (sid, other)
            assert sid in statements[other].get("contradicts", []), \
                "%s contradicts %s, but not the other way" % (sid, other)


def test_same_as_names_a_seed_statement():
    from cases import load_statements as seed_statements
    seeds = seed_statements()
    wrong = [(s["id"], s["same_as"]) for s in manual.load_statements().values()
             if "same_as" in s and s["same_as"] not in seeds]
    assert not wrong, wrong


def test_changelog_statements_say_their_version():
    for page in manual.load_pages():
        for s in page["statements"]:
            if s["locator"]["section"] == "changelog":
                assert "php_versions" in s, s["id"]
                if s["php_versions"].startswith(">="):
                    # Its converse: what held before that version.
                    assert s["converse"]["php_versions"] == "<" + s["php_versions"][2:], s["id"]
                    assert s["converse"]["claim"], s["id"]


def test_a_case_on_a_manual_statement_has_a_tier_and_an_untestable_one_none():
    statements = manual.load_statements()
    for case in load_cases():
        named = [statements[s] for s in case["statements"] if s in statements]
        if named:
            assert case.get("tier") in TIERS, case["id"]
            assert not [s["id"] for s in named if s.get("untestable")], case["id"]
    assert set(statements) <= set(load_all_statements())


def test_the_coverage_summary_is_generated_from_the_data():
    import manual_report
    assert manual_report.SUMMARY.read_text(encoding="utf-8") == manual_report.render_markdown(), \
        "conformance/manual/COVERAGE.md is stale: ./psock spec summary"


# ---- parsing -----------------------------------------------------------------

PAGE = """<?xml version="1.0" encoding="utf-8"?>
<refentry xml:id="function.socket-demo" xmlns="http://docbook.org/ns/docbook">
 <refnamediv><refname>socket_demo</refname><refpurpose>Demonstrates</refpurpose></refnamediv>
 <refsect1 role="description">
  &reftitle.description;
  <methodsynopsis><type>bool</type><methodname>socket_demo</methodname></methodsynopsis>
  <para>The function <function>socket_demo</function> does one thing. It returns
   &true; or &false; (e.g. on a closed socket), never &null;.</para>
 </refsect1>
 <refsect1 role="returnvalues">
  &reftitle.returnvalues;
  <para>&return.success;</para>
 </refsect1>
 <refsect1 role="changelog">
  <informaltable><tgroup cols="2"><tbody>&sockets.changelog.socket-param;</tbody></tgroup></informaltable>
 </refsect1>
</refentry>
"""
SNIPPETS = """<!ENTITY return.success 'Returns &true; on success&return.falseforfailure;.'>
<!ENTITY return.falseforfailure ' or &false; on failure'>
<!ENTITY sockets.changelog.socket-param '<row xmlns="http://docbook.org/ns/docbook">
 <entry>8.0.0</entry><entry><parameter>socket</parameter> is an object now.</entry></row>'>
"""
TITLES = """<?xml version="1.0" encoding="utf-8"?>
<entities xmlns="http://docbook.org/ns/docbook">
<entity name="reftitle.description"><title>Description</title></entity>
<entity name="reftitle.returnvalues"><title>Return Values</title></entity>
</entities>
"""
FILE = "reference/sockets/functions/socket-demo.xml"


def _git(tree, *args):
    return subprocess.run(["git", "-C", str(tree), "-c", "user.name=t", "-c", "user.email=t@t"]
                          + list(args), check=True, capture_output=True, text=True).stdout.strip()


def _tree(tmp_path, page=PAGE, git=True):
    tree = tmp_path / "doc-en"
    (tree / "reference/sockets/functions").mkdir(parents=True)
    (tree / "entities").mkdir()
    (tree / FILE).write_text(page, encoding="utf-8")
    (tree / "language-snippets.ent").write_text(SNIPPETS, encoding="utf-8")
    (tree / "entities/entities.title.ent").write_text(TITLES, encoding="utf-8")
    if git:
        _git(tree, "init", "-q")
        _git(tree, "add", ".")
        _git(tree, "commit", "-qm", "page")
    return tree


def _data(tree):
    """source and pages as the repository keeps them, for the synthetic tree:
    every prose sentence a statement, the rest non-normative by kind."""
    manual.load_entities.cache_clear()
    units, root = speccheck.read_page(tree, FILE)
    kinds = manual.load_source()["non_normative_kinds"]
    page = {"file": FILE, "slug": "socket_demo", "title": "socket_demo", "scope": "overview",
            "url": manual.page_url(root), "statements": [], "non_normative": []}
    page = speccheck.sync_page(page, units, kinds)
    taken = set()
    for u in units:
        if u["kind"] == "prose":
            sid = speccheck._statement_id(page, u, taken)
            taken.add(sid)
            page["statements"].append({"id": sid, "locator": {"section": u["section"], "n": u["n"]},
                                       "anchor": manual.anchor_for(u["text"], units),
                                       "hash": u["hash"], "claim": "our words for %s" % sid})
    head = _git(tree, "rev-parse", "HEAD") if (tree / ".git").exists() else "0" * 40
    source = {"commit": head, "directory": "reference/sockets", "non_normative_kinds": kinds,
              "pages": [{"file": FILE}]}
    return source, [page]


def _check(tree, source, pages):
    out = io.StringIO()
    rc = speccheck.check(tree, out=out, source=source, pages=pages)
    return rc, out.getvalue().splitlines()


def test_entities_become_text(tmp_path):
    tree = _tree(tmp_path)
    units, root = speccheck.read_page(tree, FILE)
    texts = [u["text"] for u in units]
    assert "It returns true or false (e.g. on a closed socket), never null." in texts
    assert "Returns true on success or false on failure." in texts
    assert "socket is an object now." in texts
    assert manual.page_url(root) == "https://www.php.net/manual/en/function.socket-demo.php"
    kinds = {u["kind"] for u in units}
    assert {"synopsis", "title", "version", "name", "purpose", "prose"} <= kinds


def test_sentences_split_at_full_stops_only():
    assert manual.split_sentences("One (e.g. 127.0.0.1) here. Two, i.e. more. socket_x three.") == [
        "One (e.g. 127.0.0.1) here.", "Two, i.e. more.", "socket_x three."]


def test_a_clean_checkout_passes(tmp_path):
    tree = _tree(tmp_path)
    rc, lines = _check(tree, *_data(tree))
    assert rc == 0, lines
    assert len(lines) == 1 and "every unit accounted" in lines[0]


def test_a_changed_sentence_names_the_statement(tmp_path):
    tree = _tree(tmp_path)
    source, pages = _data(tree)
    (tree / FILE).write_text(PAGE.replace("does one thing", "does two things"), encoding="utf-8")
    _git(tree, "commit", "-qam", "edit")
    source["commit"] = _git(tree, "rev-parse", "HEAD")
    rc, lines = _check(tree, source, pages)
    assert rc == 1
    changed = [ln for ln in lines if "changed" in ln]
    assert len(changed) == 1 and "manual.socket_demo.description." in changed[0], lines
    assert "does two things" in changed[0] or "still in it" in changed[0]


def test_a_claim_that_copies_the_sentence_is_refused(tmp_path):
    tree = _tree(tmp_path)
    source, pages = _data(tree)
    units, _ = speccheck.read_page(tree, FILE)
    text = "It returns true or false (e.g. on a closed socket), never null."
    target = next(s for s in pages[0]["statements"] if s["hash"] == manual.sentence_hash(text))
    target["claim"] = "As the page says: " + text
    rc, lines = _check(tree, source, pages)
    assert rc == 1 and len(lines) == 2 and "copies" in lines[0] and target["id"] in lines[0], lines


def test_a_wrong_commit_is_one_line(tmp_path):
    tree = _tree(tmp_path)
    source, pages = _data(tree)
    source["commit"] = "f" * 40
    rc, lines = _check(tree, source, pages)
    assert rc == 1
    assert [ln for ln in lines if "is at commit" in ln and "ffffffffffff" in ln]
    assert len(lines) == 2, lines  # that line and the count


def test_a_missing_page_is_a_line_per_statement(tmp_path):
    tree = _tree(tmp_path)
    source, pages = _data(tree)
    (tree / FILE).unlink()
    rc, lines = _check(tree, source, pages)
    assert rc == 1
    missing = [ln for ln in lines if "is missing" in ln]
    assert len(missing) == len(pages[0]["statements"]) + len(pages[0]["non_normative"])
    assert all(ln.startswith("spec check: ") for ln in lines)


def test_a_moved_sentence_says_where_to(tmp_path):
    tree = _tree(tmp_path)
    source, pages = _data(tree)
    moved = PAGE.replace("<para>&return.success;</para>",
                         "<para>A new first sentence.</para><para>&return.success;</para>")
    (tree / FILE).write_text(moved, encoding="utf-8")
    rc, lines = _check(tree, source, pages)
    assert rc == 1
    assert [ln for ln in lines if "returnvalues#2 moved to returnvalues#3" in ln], lines
    assert [ln for ln in lines if "unaccounted prose returnvalues#2" in ln], lines


def test_bad_xml_is_a_line_per_statement(tmp_path):
    tree = _tree(tmp_path)
    source, pages = _data(tree)
    (tree / FILE).write_text(PAGE.replace("</refentry>", ""), encoding="utf-8")
    rc, lines = _check(tree, source, pages)
    assert rc == 1
    assert len([ln for ln in lines if "not well-formed XML" in ln]) >= len(pages[0]["statements"])


def test_a_tree_without_git_cannot_prove_its_commit(tmp_path):
    tree = _tree(tmp_path, git=False)
    source, pages = _data(tree)
    rc, lines = _check(tree, source, pages)
    assert rc == 1 and "cannot tell its commit" in lines[0]


def test_the_command_line_never_shows_a_traceback(tmp_path):
    cli = [sys.executable, str(HARNESS / "speccheck.py")]
    for args, code in ((["check", "--doc-en", str(tmp_path)], 1),
                       (["check", "--doc-en", str(tmp_path / "absent")], 1),
                       (["check"], 2), (["frobnicate"], 2)):
        run = subprocess.run(cli + args, capture_output=True, text=True, timeout=120)
        assert run.returncode == code, (args, run.stdout, run.stderr)
        assert "Traceback" not in run.stdout + run.stderr
        assert len(run.stdout.strip().splitlines()) == 1, run.stdout
    # A synthetic page where the repository's pages are expected: every
    # statement of every other page reported missing, one line each.
    tree = _tree(tmp_path)
    run = subprocess.run(cli + ["check", "--doc-en", str(tree)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    total = sum(len(p["statements"]) for p in manual.load_pages())
    assert len(run.stdout.splitlines()) > total
    assert json.dumps(run.stdout).count("manual.socket_read.returnvalues.1") == 1


# ---- the cases on manual statements observe something -------------------------

def _blank_reply(case, outcome):
    return {"steps": [dict(outcome, op=s["op"]) for s in case["steps"]]}


def test_no_manual_case_passes_a_driver_that_only_says_ok():
    """Every case naming a manual statement needs a field the driver really
    sends (data, ports, counts, errors): a driver answering every step with
    {"ok": true}, or with its op alone, passes none of them."""
    from judge import judge
    statements = manual.load_statements()
    info = {"features": ["af_unix", "ipv6", "seqpacket", "fork", "signals", "root"]}
    cases = [c for c in load_cases() if any(s in statements for s in c["statements"])]
    assert cases
    passing = [c["id"] for c in cases for blank in ({"ok": True}, {})
               if judge(c, _blank_reply(c, blank), info)[0] == "PASS"]
    assert not passing, passing


def test_spec_tier_cases_assert_only_errors_their_statements_name():
    """A spec-tier case on manual statements may expect an error name only
    when one of its statements' claims names it (EINPROGRESS for a
    non-blocking connect); which errno a failure gives is otherwise the
    platform's, and such a case is tier platform."""
    statements = manual.load_statements()

    def errors(steps):
        for s in steps:
            exp = s.get("expect", {})
            for alt in [exp] + list(exp.get("one_of", [])) + list(exp.get("by_os", {}).values()):
                if "error" in alt:
                    yield alt["error"]
            yield from errors(s.get("args", {}).get("steps", []))
    wrong = []
    for case in load_cases():
        named = [statements[s] for s in case["statements"] if s in statements]
        if not named or case.get("tier") != "spec":
            continue
        claims = " ".join(s["claim"] for s in named)
        wrong += ["%s: %s" % (case["id"], e) for e in errors(case["steps"]) if e not in claims]
    assert not wrong, wrong
