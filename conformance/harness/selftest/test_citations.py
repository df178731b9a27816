# SPDX-License-Identifier: MIT
"""A spec case cites the statement that states what it asserts (issue 24
§4): the seed's index lines (`sockets.function.*`: "socket_write — Write to
a socket") name a function, not a return value or an error. At most 5 spec
cases may cite nothing else, those of functions the pinned manual gives no
testable sentence (socket_writev, socket_readv, socket_iovec_alloc: no page;
socket_recvmsg: a signature only)."""
from cases import load_all_statements, load_cases
from coverage import checks

INDEX = "sockets.function."
LIMIT = 5


def index_only():
    return sorted(c["id"] for c in load_cases()
                  if c["tier"] == "spec" and all(s.startswith(INDEX) for s in c["statements"]))


def test_at_most_five_spec_cases_cite_only_index_lines():
    only = index_only()
    assert len(only) <= LIMIT, "%d spec cases cite only index lines (at most %d): %s" % (
        len(only), LIMIT, only)


def test_the_index_only_cases_have_no_statement_to_cite():
    """An index-only case is one whose function has no testable statement
    in the manual: otherwise it cites one."""
    statements = load_all_statements()
    wrong = []
    for cid in index_only():
        case = next(c for c in load_cases() if c["id"] == cid)
        fns = {s[len(INDEX):] for s in case["statements"]}
        citable = [sid for sid, s in statements.items() if sid.startswith("manual.")
                   and not s.get("untestable") and sid.split(".")[1] in fns]
        if citable:
            wrong.append("%s could cite %s" % (cid, citable[:3]))
    assert not wrong, wrong


def test_every_manual_statement_a_spec_case_cites_is_checked_by_it():
    """A citation counts only where the case calls the statement's function
    (coverage.checks); a spec case citing a manual statement it does not
    check misleads the reader."""
    statements = load_all_statements()
    wrong = ["%s: %s" % (c["id"], sid) for c in load_cases() if c["tier"] == "spec"
             for sid in c["statements"] if sid.startswith("manual.")
             and not checks(c, statements[sid])]
    assert not wrong, wrong
