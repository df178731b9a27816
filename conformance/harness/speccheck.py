# SPDX-License-Identifier: MIT
"""./psock spec: the manual's statements (conformance/manual/) against a
php/doc-en checkout.

  speccheck.py check --doc-en DIR   every statement's locator, anchor and
                                    hash found again at the pinned commit,
                                    and every unit of every page accounted
                                    (a statement, or non-normative with a
                                    reason); one line per problem, exit 1
  speccheck.py sync --doc-en DIR    rewrite the citation fields (locator,
                                    anchor, hash) from the checkout, keeping
                                    each statement's own fields (claim, tier,
                                    ...) matched by hash; new structural
                                    units are added as non-normative, new
                                    prose is left for a person to account
  speccheck.py summary [--check]    conformance/manual/COVERAGE.md, per
                                    page: statements, testable, covered
                                    (manual_report.py)

Errors are one line each, never a traceback.
"""
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import manual  # noqa: E402

def _git_head(docen):
    try:
        out = subprocess.run(["git", "-C", str(docen), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, "cannot run git (%s)" % e
    if out.returncode != 0:
        return None, "not a git checkout (%s)" % (out.stderr.strip().splitlines() or ["?"])[-1]
    return out.stdout.strip(), None


def read_page(docen, file):
    """(units, root) of one page of the checkout; ManualError when it is
    missing or unreadable."""
    path = pathlib.Path(docen) / file
    if not path.is_file():
        raise manual.ManualError("%s is missing" % file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise manual.ManualError("%s cannot be read (%s)" % (file, e)) from None
    return manual.page_units(text, manual.load_entities(str(docen)))


def _short(text, words=8):
    w = text.split(" ")
    return " ".join(w[:words]) + (" ..." if len(w) > words else "")


def _entries(page):
    for s in page["statements"]:
        yield "statement", s["id"], s
    for nn in page["non_normative"]:
        yield "non-normative", "%s#%s.%d" % (page["slug"], nn["locator"]["section"],
                                             nn["locator"]["n"]), nn


# A claim sharing COPY_LIMIT consecutive words with its sentence copies it,
# and so does one repeating a whole sentence of COPY_SHORT words or more
# (shorter ones, an error's message, are names more than sentences).
COPY_LIMIT, COPY_SHORT = 12, 8


def copies(claim, sentence):
    n = len(sentence.split())
    return n >= COPY_SHORT and copied_words(claim, sentence) >= min(COPY_LIMIT, n)


def copied_words(claim, sentence):
    """The longest run of consecutive words a claim shares with its
    sentence (case and punctuation aside)."""
    def words(text):
        return [w.strip(".,;:()\"'").lower() for w in text.split()]
    a, b = words(sentence), words(claim)
    best, prev = 0, [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b):
            if x == y:
                cur[j + 1] = prev[j] + 1
                best = max(best, cur[j + 1])
        prev = cur
    return best


def check_page(page, units):
    """Problems (one line each) of one page against its units. A migration
    guide's page (one with `sections`) accounts only the units of those
    sections: the guide's other extensions are not the suite's."""
    if "sections" in page:
        cited = {(e["locator"]["section"], e["locator"]["n"]) for _, _, e in _entries(page)}
        units_all = units
        units = [u for u in units if u["section"] in page["sections"] or
                 (u["section"], u["n"]) in cited]
        problems = _check_units(page, units, units_all)
        return problems
    return _check_units(page, units, units)


def _check_units(page, units, units_all):
    problems, by_loc, by_hash = [], {}, {}
    for u in units:
        by_loc[(u["section"], u["n"])] = u
        by_hash.setdefault(u["hash"], []).append(u)
    known = {}  # hashes the data cites, with how often
    for _, _, entry in _entries(page):
        known[entry["hash"]] = known.get(entry["hash"], 0) + 1
    explained = set()  # units already reported as a changed entry
    for what, ident, entry in _entries(page):
        loc = (entry["locator"]["section"], entry["locator"]["n"])
        unit = by_loc.get(loc)
        if unit is not None and unit["hash"] == entry["hash"]:
            anchor = entry.get("anchor")
            if anchor is not None and not manual.anchor_found(anchor, unit["text"], units_all):
                problems.append("%s: anchor %r no longer finds its sentence once in %s"
                                % (ident, anchor, page["file"]))
            if "claim" in entry and copies(entry["claim"], unit["text"]):
                problems.append("%s: the claim copies %d words of the manual's sentence: say it in "
                                "our words" % (ident, copied_words(entry["claim"], unit["text"])))
            continue
        moved = by_hash.get(entry["hash"], [])
        if moved:
            problems.append("%s: %s %s#%d moved to %s#%d" % (
                ident, what, loc[0], loc[1], moved[0]["section"], moved[0]["n"]))
        elif unit is None:
            problems.append("%s: %s %s#%d: no such unit in %s (the section has %d)" % (
                ident, what, loc[0], loc[1], page["file"],
                sum(1 for u in units if u["section"] == loc[0])))
        else:
            explained.add(loc)
            anchor = entry.get("anchor")
            still = anchor is not None and anchor in unit["text"]
            problems.append("%s: %s %s#%d changed: hash %s, now %s (%s)" % (
                ident, what, loc[0], loc[1], entry["hash"], unit["hash"],
                "anchor %r still in it" % anchor if still else "now reads: %s" % _short(unit["text"])))
    for u in units:
        if known.get(u["hash"], 0) > 0:
            known[u["hash"]] -= 1
        elif (u["section"], u["n"]) not in explained:
            problems.append("%s: unaccounted %s %s#%d: %s" % (
                page["file"], u["kind"], u["section"], u["n"], _short(u["text"])))
    return problems


def check(docen, out=sys.stdout, source=None, pages=None, migration=None):
    """0 when every statement and unit is found again in the checkout, else
    1 with one line per problem. source, pages and migration (the migration
    guides' sockets entries) default to the repository's (conformance/manual/);
    the selftests pass their own."""
    docen = pathlib.Path(docen)
    source = source if source is not None else manual.load_source()
    own_pages = pages is None
    pages_list = pages if pages is not None else manual.load_pages()
    problems = []
    if not (docen / source["directory"]).is_dir():
        print("spec check: %s has no %s: not a php/doc-en checkout" % (docen, source["directory"]),
              file=out)
        return 1
    head, why = _git_head(docen)
    if head is None:
        problems.append("%s: cannot tell its commit: %s; the statements cite %s" % (
            docen, why, source["commit"]))
    elif head != source["commit"]:
        problems.append("%s is at commit %s; the statements cite %s (git -C %s checkout %s)" % (
            docen, head[:12], source["commit"][:12], docen, source["commit"][:12]))
    pages = {p["file"]: p for p in pages_list}
    listed = {p["file"] for p in source["pages"]}
    for file in sorted(listed - set(pages)):
        problems.append("%s: listed in source.json but conformance/manual/pages has no file for it"
                        % file)
    for path in sorted((docen / source["directory"]).rglob("*.xml")):
        rel = path.relative_to(docen).as_posix()
        if rel not in listed:
            problems.append("%s: a page of the reference that source.json does not list" % rel)
    counts = {"statements": 0, "non_normative": 0}
    for page in pages_list:
        counts["statements"] += len(page["statements"])
        counts["non_normative"] += len(page["non_normative"])
        try:
            units, root = read_page(docen, page["file"])
        except manual.ManualError as e:
            problems += ["%s: %s" % (ident, e) for _, ident, _ in _entries(page)] or \
                ["%s: %s" % (page["file"], e)]
            continue
        url = manual.page_url(root)
        if url is not None and url != page["url"]:
            problems.append("%s: its address is now %s (recorded: %s)" % (page["file"], url, page["url"]))
        problems += check_page(page, units)
    # The repository's guides with the repository's pages; a caller passing
    # its own pages (the selftests' synthetic trees) passes its own guides.
    guides = migration if migration is not None else \
        (manual.load_migration_pages() if own_pages else [])
    mcounts = {"statements": 0, "non_normative": 0}
    for page in guides:
        mcounts["statements"] += len(page["statements"])
        mcounts["non_normative"] += len(page["non_normative"])
        try:
            units, root = read_page(docen, page["file"])
        except manual.ManualError as e:
            problems.append("%s: %s" % (page["file"], e))
            continue
        url = manual.page_url(root)
        if url is not None and url != page["url"]:
            problems.append("%s: its address is now %s (recorded: %s)" % (page["file"], url, page["url"]))
        found = {u["section"] for u in units}
        problems += ["%s: no section %s" % (page["file"], s) for s in page["sections"]
                     if s not in found]
        problems += check_page(page, units)
    for line in problems:
        print("spec check: " + line, file=out)
    if problems:
        print("spec check: %d problems (%d statements, %d non-normative units, %d pages; "
              "migration guides: %d statements, %d non-normative units)" % (
                  len(problems), counts["statements"], counts["non_normative"], len(pages),
                  mcounts["statements"], mcounts["non_normative"]), file=out)
        return 1
    print("spec check: %s at %s: %d pages, %d statements and %d non-normative units found; "
          "every unit accounted; migration guides: %d pages, %d statements and %d non-normative "
          "units of their sockets sections" % (
              docen, source["commit"][:12], len(pages), counts["statements"],
              counts["non_normative"], len(guides), mcounts["statements"],
              mcounts["non_normative"]), file=out)
    return 0


# ---- sync (for whoever moves the pin) ----------------------------------------

def _statement_id(page, unit, taken):
    slug = page["slug"]
    if slug == "constants":
        const = unit["context"].get("id", "").replace("constant.", "").upper().replace("-", "_")
        if not const:  # a sentence about a group of constants
            return "manual.constants.section.%d" % unit["n"]
        base = "manual.constants.%s" % const if unit["kind"] == "term" else \
            "manual.constants.%s.1" % const
    else:
        base = "manual.%s.%s.%d" % (slug, unit["section"].replace("sockets.", ""), unit["n"])
    ident, k = base, 1
    while ident in taken:
        k += 1
        ident = base.rsplit(".", 1)[0] + ".%d" % k if slug == "constants" and \
            unit["kind"] != "term" else "%s-%d" % (base, k)
    return ident


def sync_page(page, units, kinds):
    """The page's data rewritten from its units: citation fields fresh, own
    fields kept (matched by hash, then by locator)."""
    old = list(page.get("statements", [])) + list(page.get("non_normative", []))
    by_hash, by_loc = {}, {}
    for e in old:
        by_hash.setdefault(e["hash"], []).append(e)
        by_loc[(e["locator"]["section"], e["locator"]["n"])] = e
    statements, nonnorm, taken = [], [], set()
    for u in units:
        prior = None
        same = by_hash.get(u["hash"])
        if same:
            prior = same.pop(0)
        elif (u["section"], u["n"]) in by_loc and "claim" not in by_loc[(u["section"], u["n"])]:
            prior = by_loc[(u["section"], u["n"])]  # a changed non-normative unit stays one
        locator = {"section": u["section"], "n": u["n"]}
        if prior is not None and "claim" in prior:
            s = dict(prior, locator=locator, hash=u["hash"],
                     anchor=manual.anchor_for(u["text"], units))
            taken.add(s["id"])
            statements.append(s)
        elif prior is not None or u["kind"] in kinds:
            nn = {"locator": locator, "hash": u["hash"], "kind": u["kind"]}
            if prior is not None and prior.get("reason"):
                nn["reason"] = prior["reason"]
            nonnorm.append(nn)
    return dict(page, statements=statements, non_normative=nonnorm)


def write_page(page):
    manual.PAGES_DIR.mkdir(parents=True, exist_ok=True)
    path = manual.PAGES_DIR / ("%s.json" % page["slug"])
    path.write_text(manual.dumps_page(page), encoding="utf-8")


def sync(docen):
    source = manual.load_source()
    existing = {p["file"]: p for p in manual.load_pages()} if manual.PAGES_DIR.is_dir() else {}
    for entry in source["pages"]:
        page = existing.get(entry["file"], {"statements": [], "non_normative": []})
        page = dict(page, **{k: entry[k] for k in ("file", "slug", "title", "scope")})
        try:
            units, root = read_page(docen, entry["file"])
        except manual.ManualError as e:
            print("spec sync: %s" % e)
            return 1
        page["url"] = manual.page_url(root) or entry.get("url")
        page = sync_page(page, units, source["non_normative_kinds"])
        write_page(page)
    return 0


def _docen_arg(argv):
    if "--doc-en" in argv:
        i = argv.index("--doc-en")
        if i + 1 < len(argv):
            return argv[i + 1]
    for a in argv:
        if a.startswith("--doc-en="):
            return a.split("=", 1)[1]
    return None


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    cmd, rest = argv[0], argv[1:]
    if cmd in ("check", "sync"):
        docen = _docen_arg(rest)
        if docen is None:
            print("spec %s: --doc-en DIR is required (a php/doc-en checkout at commit %s)" % (
                cmd, manual.load_source()["commit"]))
            return 2
        if not pathlib.Path(docen).is_dir():
            print("spec %s: %s is not a directory" % (cmd, docen))
            return 1
        return check(docen) if cmd == "check" else sync(docen)
    if cmd == "summary":
        import manual_report
        return manual_report.main(rest)
    print("spec: unknown command %r (check, sync, summary)" % cmd)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
