# SPDX-License-Identifier: MIT
"""Constants where the constants page puts them: the cases follow the page's
groups (generated, never hand-written), the native driver knows every name
of the page from the system's headers (generated from the same list), and
a case for other systems is not sent here."""
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import constant_cases  # noqa: E402
from conftest import not_sent, os_of  # noqa: E402
from judge import judge  # noqa: E402

ROOT = HERE.parent.parent


def test_the_constant_cases_are_generated_from_the_page():
    assert constant_cases.main(["--check"]) == 0, \
        "cases/manual_constants.json is stale: run conformance/harness/constant_cases.py"


def test_the_native_drivers_table_is_generated_from_the_page():
    said = subprocess.run([sys.executable, str(ROOT / "drivers" / "native" / "constants.py"),
                           "--check"], capture_output=True, text=True)
    assert said.returncode == 0, said.stdout


def test_each_constant_has_its_pages_group():
    g = {x["name"]: x for x in constant_cases.groups()}
    assert g["AF_INET"]["group"] == "everywhere" and len(g["AF_INET"]["systems"]) == 5
    assert g["SOCKET_EINTR"]["group"] == "both" and g["SOCKET_EINTR"]["defers"]
    assert g["SOCKET_EDISCON"]["systems"] == ["windows"] and not g["SOCKET_EDISCON"]["defers"]
    assert "windows" not in g["SOCKET_EPERM"]["systems"] and g["SOCKET_EPERM"]["defers"]
    assert g["AF_PACKET"]["systems"] == ["linux"]  # its own entry: Linux only
    assert "windows" not in g["MSG_EOR"]["systems"]  # "not available on Windows"


def test_a_windows_only_constant_is_expected_undefined_elsewhere():
    by_id = {c["id"]: c for c in constant_cases.cases()}
    defined = by_id["manual_constants/socket_ediscon-defined"]
    elsewhere = by_id["manual_constants/socket_ediscon-undefined-elsewhere"]
    assert defined["os"] == ["windows"]
    assert defined["steps"][0]["expect"] == {"ok": True, "supported": True, "value_type": "int"}
    assert "windows" not in elsewhere["os"] and "linux" in elsewhere["os"]
    assert elsewhere["steps"][0]["expect"] == {"ok": True, "supported": False}
    code = by_id["manual_constants/socket_eperm-os-code"]
    assert code["tier"] == "platform" and code["os"] == ["linux-glibc"]
    assert code["steps"][0]["expect"]["value"] == 1


def test_a_case_for_other_systems_is_not_sent():
    linux = {"platform": {"os": "Linux", "libc": "glibc 2.36"}, "features": []}
    wine = {"platform": {"os": "Windows", "libc": "msvcrt"}, "features": []}
    musl = {"platform": {"os": "Linux", "libc": "musl"}, "features": []}
    assert [os_of(i) for i in (linux, wine, musl)] == ["linux-glibc", "windows", "linux-musl"]
    assert os_of({"platform": {"os": "WINNT"}}) == "windows"  # PHP_OS on Windows
    case = {"id": "x/y", "statements": [], "features": [], "os": ["windows"]}
    assert not_sent(case, linux)[0] == "INAPPLICABLE"
    assert not_sent(case, wine) is None
    case["os"] = ["linux"]
    assert not_sent(case, musl) is None and not_sent(case, linux) is None
    case["os"] = ["linux-glibc"]
    assert not_sent(case, musl)[0] == "INAPPLICABLE"


def test_value_type_int_is_judged():
    case = {"id": "x/y", "statements": [], "features": [],
            "steps": [{"op": "constant", "args": {"name": "AF_INET"},
                       "expect": {"ok": True, "supported": True, "value_type": "int"}}]}
    def verdict(value):
        step = {"op": "constant", "ok": True, "supported": True}
        if value is not None:
            step["value"] = value
        return judge(case, {"steps": [step]}, {"features": []})[0]
    assert verdict(2) == "PASS"
    assert verdict(2.0) == "FAIL" and verdict("2") == "FAIL" and verdict(True) == "FAIL"
    assert verdict(None) == "FAIL"  # silence is no int


def test_the_systems_own_values_are_not_asked_of_an_implementation_with_its_own():
    by_id = {c["id"]: c for c in constant_cases.cases()}
    case = dict(by_id["manual_constants/somaxconn-os-value"], features=[])
    assert case["unless_extension"] == "psock.portable-constants"
    linux = {"platform": {"os": "Linux", "libc": "glibc 2.36"}, "features": []}
    assert not_sent(case, dict(linux, extensions=["psock"]))[0] == "UNCLAIMED"
    assert not_sent(case, linux) is None  # PHP, native, CPython: judged
    assert by_id["manual_constants/socket_eperm-os-code"]["unless_extension"] == \
        "psock.portable-errors"
