# SPDX-License-Identifier: MIT
"""The private network namespace: a case that binds every interface or uses
multicast runs only inside one the harness makes (GUIDE), and is not run,
with the reason, where none can be made."""
import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import cases  # noqa: E402
import driver  # noqa: E402
from conftest import not_sent  # noqa: E402

LISTEN = {"id": "x/listen", "network": "private", "tier": "spec", "features": [],
          "statements": ["manual.socket_create_listen.description.2"],
          "steps": [{"op": "socket_create_listen", "args": {"port": 0}, "as": "l"}]}
INFO = {"implementation": "psock", "features": []}


def test_a_private_case_is_unsupported_with_the_reason_where_no_namespace_is_made():
    status, why = not_sent(LISTEN, INFO, {"private": False, "why": "no namespace on darwin"})
    assert status == "UNSUPPORTED" and "no namespace on darwin" in why
    assert not_sent(LISTEN, INFO, None)[0] == "UNSUPPORTED"  # an old header: none made
    assert not_sent(LISTEN, INFO, {"private": True}) is None
    assert not_sent(dict(LISTEN, network=None), INFO, None) is None


def test_every_case_that_binds_every_interface_says_so():
    bare = dict(LISTEN)
    del bare["network"]
    assert cases.needs_private_network(bare)
    bind_any = {"steps": [{"op": "socket_bind", "args": {"socket": "s", "address": "0.0.0.0"}}]}
    assert cases.needs_private_network(bind_any)
    assert not cases.needs_private_network(
        {"steps": [{"op": "socket_bind", "args": {"socket": "s", "address": "127.0.0.1"}}]})
    assert cases.needs_private_network(
        {"steps": [{"op": "socket_sendto", "args": {"socket": "s", "address": "239.1.2.3"}}]})
    assert cases.needs_private_network({"steps": [{"op": "socket_set_option", "args": {
        "socket": "s", "level": "IPPROTO_IP", "option": "MCAST_JOIN_GROUP", "value": {}}}]})
    assert not cases.needs_private_network(
        {"steps": [{"op": "constant", "args": {"name": "MCAST_JOIN_GROUP"}}]})
    for case in cases.load_cases():  # load_cases refuses one without it, too
        if cases.needs_private_network(case):
            assert case.get("network") == "private", case["id"]


def test_psock_network_host_turns_the_namespace_off(monkeypatch):
    monkeypatch.setenv("PSOCK_NETWORK", "host")
    made = driver.private_network(["x"])
    assert made == {"private": False, "why": made["why"]} and "PSOCK_NETWORK" in made["why"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux namespaces only")
def test_the_namespace_has_only_its_own_loopback_with_multicast(monkeypatch):
    monkeypatch.delenv("PSOCK_NETWORK", raising=False)
    made = driver.private_network(["sh"])
    if not made["private"]:
        pytest.skip("no namespace here: %s" % made["why"])
    seen = subprocess.run(made["prefix"] + ["sh", "-c", "ip -o link; ip route show table all"],
                          capture_output=True, text=True, timeout=30)
    assert seen.returncode == 0, seen.stderr
    links = [line.split(":")[1].strip() for line in seen.stdout.splitlines() if ": " in line
             and "mtu" in line]
    assert links == ["lo"]
    assert "UP" in seen.stdout and "MULTICAST" in seen.stdout
    assert "224.0.0.0/4 dev lo" in seen.stdout
