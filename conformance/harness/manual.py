# SPDX-License-Identifier: MIT
"""The PHP manual's sockets reference (php/doc-en, reference/sockets/) as the
suite cites it: pages are read as DocBook XML with the standard library,
split into units (a sentence of prose, or one synopsis, code listing, title,
see-also entry, ...), and every unit is found again by its locator (section
role and position), a short anchor and a hash of its normalized text.

The manual's text is never stored: conformance/manual/ keeps, per page, the
citation fields, the claim in our words and what checks it (README there).
"""
import functools
import hashlib
import json
import pathlib
import re
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
MANUAL = ROOT / "manual"
SOURCE = MANUAL / "source.json"
PAGES_DIR = MANUAL / "pages"
DB = "{http://docbook.org/ns/docbook}"
XMLID = "{http://www.w3.org/XML/1998/namespace}id"

# doc-base, not doc-en, defines these; the manual renders them as this text.
FIXED_ENTITIES = {"true": "<constant>true</constant>", "false": "<constant>false</constant>",
                  "null": "<constant>null</constant>"}
XML_PREDEFINED = {"amp", "lt", "gt", "quot", "apos"}

# Elements whose text is not prose: each is one unit of its kind.
WHOLE_UNITS = {"methodsynopsis": "synopsis", "classsynopsis": "synopsis",
               "programlisting": "code", "screen": "code", "title": "title",
               "refpurpose": "purpose", "term": "term", "refname": "name"}
# Elements that hold prose of their own (their text is split into sentences).
TEXT_BLOCKS = {"para", "simpara", "entry", "member", "listitem", "note", "warning",
               "caution", "tip", "important", "example", "informalexample", "partintro",
               "refsect1", "section", "sect1", "sect2", "chapter", "appendix", "book",
               "preface", "refentry", "varlistentry", "variablelist", "itemizedlist",
               "orderedlist", "simplelist", "informaltable", "table", "tgroup", "tbody",
               "row", "thead", "refnamediv", "reference", "formalpara", "blockquote"}
SECTIONS = ("refsect1", "section", "sect1", "sect2", "chapter", "appendix", "book",
            "preface", "partintro", "reference")


class ManualError(Exception):
    """A page that cannot be read: one line, no traceback."""


def normalize(text):
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def sentence_hash(text):
    """The first 16 hex digits of SHA-256 of the normalized text."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


# ---- entities ----------------------------------------------------------------

def _dtd_entities(text):
    # <!ENTITY name 'value'> of a DTD snippet file (doc-en's language-snippets.ent).
    return {m.group(1): m.group(3) for m in
            re.finditer(r"<!ENTITY\s+([A-Za-z0-9._-]+)\s+(['\"])(.*?)\2\s*>", text, re.S)}


def _xml_entities(text):
    # doc-en's entities/*.ent: <entities><entity name="...">value</entity>...
    root = ET.fromstring(text)
    out = {}
    for el in root.iter():
        if el.tag.endswith("entity") and el.get("name"):
            inner = (el.text or "") + "".join(ET.tostring(c, encoding="unicode") for c in el)
            out[el.get("name")] = inner
    return out


@functools.lru_cache(maxsize=8)
def load_entities(docen):
    """{name: replacement text} from a doc-en checkout: language-snippets.ent
    and entities/*.ent; doc-base's few globals fixed (FIXED_ENTITIES)."""
    docen = pathlib.Path(docen)
    found = {}
    for path in sorted((docen / "entities").glob("*.ent")):
        try:
            found.update(_xml_entities(path.read_text(encoding="utf-8")))
        except ET.ParseError:
            found.update(_dtd_entities(path.read_text(encoding="utf-8")))
    snippets = docen / "language-snippets.ent"
    if snippets.is_file():
        found.update(_dtd_entities(snippets.read_text(encoding="utf-8")))
    found.update(FIXED_ENTITIES)
    return found


def _doctype(text, entities):
    """An internal DTD subset declaring every entity the page uses (and the
    ones those use), so expat expands them; unknown ones (doc-en's file
    includes, &reference.sockets.*;) become empty."""
    wanted, seen, decls = list(re.findall(r"&([A-Za-z0-9._-]+);", text)), set(), []
    while wanted:
        name = wanted.pop()
        if name in seen or name in XML_PREDEFINED:
            continue
        seen.add(name)
        value = entities.get(name, "")
        wanted += re.findall(r"&([A-Za-z0-9._-]+);", value)
        quote = '"' if "'" in value else "'"
        value = value.replace(quote, "&#%d;" % ord(quote))
        decls.append("<!ENTITY %s %s%s%s>" % (name, quote, value, quote))
    return "<!DOCTYPE page [\n%s\n]>\n" % "\n".join(decls)


def parse_page(text, entities):
    """The page's root element, entities expanded."""
    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return ET.fromstring(_doctype(body, entities) + body)
    except ET.ParseError as e:
        raise ManualError("not well-formed XML (%s)" % e) from None


# ---- units -------------------------------------------------------------------

# A sentence ends at . ! or ? followed by space and a capital, a quote, a
# parenthesis, a digit or a function name (socket_...); not after these
# abbreviations.
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|No|Vol)\.|\b[A-Z]\.)$")


def split_sentences(text):
    text = normalize(text)
    if not text:
        return []
    out, start = [], 0
    for m in re.finditer(r"[.!?][\"')\]]?\s+(?=[A-Z0-9\"'(&\[<@$]|socket_)", text):
        head = text[start:m.end()].strip()
        if _ABBREV.search(text[start:m.start() + 1]):
            continue
        out.append(head)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _local(tag):
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else tag


def _all_text(el):
    return "".join(el.itertext())


def _units(root):
    """[(section, kind, text, context)] in document order. context: the
    changelog version of a changelog row, the xml:id of the nearest
    identified ancestor (a constant's entry), the parameter's name."""
    units = []

    def section_of(stack):
        for el in reversed(stack):
            tag = _local(el.tag)
            if tag in SECTIONS and el.get("role"):
                return el.get("role")
        for el in reversed(stack):
            if _local(el.tag) in SECTIONS and el.get(XMLID):
                return el.get(XMLID)
        return _local(stack[0].tag)

    def context_of(stack):
        ctx = {}
        for el in stack:
            if el.get(XMLID) and _local(el.tag) == "varlistentry":
                ctx["id"] = el.get(XMLID)
            if _local(el.tag) == "row" and any(_local(a.tag) == "tbody" for a in stack):
                first = next(iter(el), None)
                if first is not None:
                    key = "version" if section_of(stack) == "changelog" else "row"
                    ctx[key] = normalize(_all_text(first))
        return ctx

    def emit(stack, kind, text):
        text = normalize(text)
        if not text:
            return
        sect = section_of(stack)
        ctx = context_of(stack)
        if sect == "seealso" and kind == "prose":
            kind = "seealso"
        in_head = any(_local(a.tag) == "thead" for a in stack)
        if in_head:
            kind = "head"
        elif ("version" in ctx or "row" in ctx) and _local(stack[-1].tag) == "entry":
            row = next(a for a in reversed(stack) if _local(a.tag) == "row")
            if row[0] is stack[-1]:
                kind = "version" if "version" in ctx else "key"
        if kind == "prose":
            for s in split_sentences(text):
                units.append((sect, "prose", s, ctx))
        else:
            units.append((sect, kind, text, ctx))

    def walk(el, stack):
        stack = stack + [el]
        tag = _local(el.tag)
        if tag in WHOLE_UNITS:
            emit(stack, WHOLE_UNITS[tag], _all_text(el))
            return
        if tag == "function" and el.get("name") and el.get("from"):
            # versions.xml: in which PHP versions a function exists.
            emit(stack, "availability", "%s: %s" % (el.get("name"), el.get("from")))
            return
        buf = [el.text or ""]
        for child in el:
            ctag = _local(child.tag)
            if ctag in TEXT_BLOCKS or ctag in WHOLE_UNITS or child.get("from"):
                emit(stack, "prose", "".join(buf))
                buf = []
                walk(child, stack)
                buf.append(child.tail or "")
            else:
                # Inline markup (function, parameter, constant, literal, link, ...).
                buf.append(_all_text(child) + (child.tail or ""))
        emit(stack, "prose", "".join(buf))

    walk(root, [])
    return units


def page_units(text, entities):
    """[{section, n, kind, text, hash, context}]: n counts the units of a
    section from 1, in document order."""
    root = parse_page(text, entities)
    out, counts = [], {}
    for sect, kind, s, ctx in _units(root):
        counts[sect] = counts.get(sect, 0) + 1
        out.append({"section": sect, "n": counts[sect], "kind": kind, "text": s,
                    "hash": sentence_hash(s), "context": dict(ctx)})
    return out, root


def page_words(units):
    return " ".join(u["text"] for u in units)


def _occurrences(needle, haystack):
    return len(re.findall(r"(?<![\w])%s(?![\w])" % re.escape(needle), haystack))


MIN_ANCHOR_WORDS = 3  # one or two words are unique too often by accident


def anchor_for(sentence, units):
    """The fewest consecutive words (at least MIN_ANCHOR_WORDS, or the
    whole sentence when shorter; at most 15) of the sentence that occur
    once in the page's text. A sentence the page repeats word for word has
    no such run (nor one the page's other text contains whole, "I/O error."
    in "Remote I/O error."): its anchor is its first 15 words, found where
    its locator says (anchor_found)."""
    words = normalize(sentence).split(" ")
    page = page_words(units)
    for k in range(min(MIN_ANCHOR_WORDS, len(words)), min(15, len(words)) + 1):
        for i in range(0, len(words) - k + 1):
            cand = " ".join(words[i:i + k])
            if _occurrences(cand, page) == 1:
                return cand
    return " ".join(words[:15])


def anchor_found(anchor, sentence, units):
    """The anchor is in its sentence and, unless the page repeats the
    sentence itself, nowhere else in the page."""
    words = normalize(sentence).split(" ")
    if anchor not in normalize(sentence):
        return False
    return _occurrences(anchor, page_words(units)) == 1 or anchor == " ".join(words[:15])


def page_url(root):
    """php.net's address of a page: its root's xml:id."""
    ident = root.get(XMLID)
    return "https://www.php.net/manual/en/%s.php" % ident if ident else None


# ---- the data ----------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def load_source():
    return json.loads(SOURCE.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def load_pages():
    """[page] of conformance/manual/pages/*.json, in the source's order."""
    order = {p["file"]: i for i, p in enumerate(load_source()["pages"])}
    pages = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(PAGES_DIR.glob("*.json"))]
    return sorted(pages, key=lambda p: order.get(p["file"], len(order)))


def load_statements():
    """{id: statement} of every manual page, each with its page's file,
    commit and url (cases.load_statements merges them with the seeds')."""
    commit = load_source()["commit"]
    out = {}
    for page in load_pages():
        for s in page["statements"]:
            out[s["id"]] = dict(s, page=page["file"], commit=commit, url=page["url"],
                                source="doc-en")
            if s.get("converse"):
                out[s["id"] + BEFORE] = before_half(out[s["id"]])
    return out


# A changelog row says what changed at a version and, in its converse, what
# held before it: the before half is a statement of its own (the row's id +
# BEFORE, gated by the converse's versions), so that cases check it on the
# versions before the change instead of gating them away.
BEFORE = ".before"


def before_half(statement):
    half = {k: v for k, v in statement.items() if k not in ("converse", "no_mutant")}
    half.update(id=statement["id"] + BEFORE, claim=statement["converse"]["claim"],
                php_versions=statement["converse"]["php_versions"], half_of=statement["id"])
    return half


STATEMENT_KEYS = ["id", "locator", "anchor", "hash", "claim", "tier", "php_versions",
                  "converse", "contradicts", "condition", "same_as", "untestable"]


def dumps_page(page):
    """A page's data file in one layout: header keys one a line, a statement
    a line per key, a non-normative unit a line."""
    def one(v):
        return json.dumps(v, ensure_ascii=False)

    def statement(s):
        keys = [k for k in STATEMENT_KEYS if k in s] + [k for k in s if k not in STATEMENT_KEYS]
        return "    {\n" + ",\n".join("      %s: %s" % (one(k), one(s[k])) for k in keys) + "\n    }"
    head = ["  %s: %s" % (one(k), one(v)) for k, v in page.items()
            if k not in ("statements", "non_normative")]
    body = ",\n".join(statement(s) for s in page["statements"])
    nn = ",\n".join("    " + one(e) for e in page["non_normative"])
    return "{\n%s,\n  \"statements\": [%s],\n  \"non_normative\": [%s]\n}\n" % (
        ",\n".join(head), "\n" + body + "\n  " if body else "",
        "\n" + nn + "\n  " if nn else "")
