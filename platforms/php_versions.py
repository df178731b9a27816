# SPDX-License-Identifier: MIT
"""The PHP versions the conformance suite runs (platforms/php-versions.json):
getting them, and the driver command line of each.

  python3 platforms/php_versions.py install [--php 8.2,8.5] [--no-install]
      fetch the npm builds (npm pack of the pinned version, checked against
      the pinned sha512, unpacked under build/tools/php/VERSION), then
      check that each version runs the driver; one line per version says
      "ready" or why not. Writes build/tools/php/status.json.
  python3 platforms/php_versions.py cmake --out FILE [--php ...]
      the same check, no download: FILE sets PSOCK_PHP_VERSIONS and, per
      version, PSOCK_PHP_DRIVER_<V> (the driver command) or PSOCK_PHP_WHY_<V>
      (why it cannot run), for conformance/CMakeLists.txt.

A version runs as: the php on PATH when that is the version (Debian's
php8.2-cli; setup-php's in CI), else the npm build (Linux x86_64 only).
Extensions are loaded with -d extension=... only when `php -n -m` does not
list them (sockets and, on 7.4, json are needed; pcntl and posix are used
when present), and display_errors=stderr keeps anything PHP prints at
startup off the protocol stream (stdout). The selection: --php, else
PSOCK_PHP (e.g. "8.2,8.5"), else every pinned version.
"""
import argparse
import base64
import concurrent.futures
import hashlib
import json
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

TOP = pathlib.Path(__file__).resolve().parents[1]
PINS = TOP / "platforms" / "php-versions.json"
TOOLS = TOP / "build" / "tools" / "php"
DRIVER = TOP / "conformance" / "drivers" / "php" / "driver.php"
NEEDED = ("sockets", "json")     # the driver cannot speak without these
WANTED = ("pcntl", "posix")      # features "fork" and "signals"; posix optional


def load_pins(path=PINS):
    return json.loads(pathlib.Path(path).read_text())["versions"]


def selection(pins, asked):
    """The pins asked for ("8.2,8.5", or all when empty); an unknown version
    is an error that names the known ones."""
    if not asked:
        return pins
    want = [v for v in re.split(r"[,\s]+", asked.strip()) if v]
    known = {p["version"]: p for p in pins}
    unknown = [v for v in want if v not in known]
    if unknown:
        raise SystemExit("php_versions: unknown PHP version %s (pinned: %s)" % (
            ", ".join(unknown), ", ".join(known)))
    return [known[v] for v in want]


def sri_sha512(path):
    """The npm integrity string (Subresource Integrity) of a file."""
    h = hashlib.sha512()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha512-" + base64.b64encode(h.digest()).decode()


def npm_dir(pin, tools=TOOLS):
    return pathlib.Path(tools) / pin["version"]


def npm_binary(pin, tools=TOOLS):
    return npm_dir(pin, tools) / "package" / "native" / "php" / "php"


def npm_installed(pin, tools=TOOLS):
    marker = npm_dir(pin, tools) / ".integrity"
    return marker.exists() and marker.read_text().strip() == pin["integrity"] and \
        npm_binary(pin, tools).exists()


def install_npm(pin, tools=TOOLS, npm="npm"):
    """None when the pinned build is unpacked (now or before), else why not."""
    if npm_installed(pin, tools):
        return None
    if not (sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")):
        return "the npm builds are Linux x86_64 programs (this is %s %s)" % (
            sys.platform, platform.machine())
    if shutil.which(npm) is None:
        return "npm is not installed (apt-get install npm)"
    tools = pathlib.Path(tools)
    tools.mkdir(parents=True, exist_ok=True)
    spec = "%s@%s" % (pin["package"], pin["package_version"])
    with tempfile.TemporaryDirectory(dir=tools, prefix=".download-") as tmp:
        # npm's cache and logs in the download directory, removed with it:
        # nothing is written outside the tree.
        env = dict(os.environ, npm_config_cache=str(pathlib.Path(tmp) / "cache"),
                   npm_config_logs_dir=str(pathlib.Path(tmp) / "logs"),
                   npm_config_update_notifier="false", npm_config_fund="false",
                   # No registry (offline): said within a minute or two, not ten.
                   npm_config_fetch_retries="1", npm_config_fetch_timeout="60000")
        try:
            done = subprocess.run([npm, "pack", spec, "--loglevel=error", "--pack-destination", tmp],
                                  cwd=tmp, capture_output=True, text=True, timeout=600, env=env)
        except subprocess.TimeoutExpired:
            return "npm pack %s took longer than 600 s" % spec
        tgz = sorted(pathlib.Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or not tgz:
            # npm's first error lines say what went wrong (the last ones
            # where its log is).
            said = [l for l in done.stderr.strip().splitlines()
                    if l.strip() and "A complete log" not in l and "_logs" not in l]
            last = " ".join(said[:2]) or "no output"
            return "npm pack %s failed (exit %d): %s" % (spec, done.returncode, last[:200])
        got = sri_sha512(tgz[0])
        if got != pin["integrity"]:
            return "%s: integrity mismatch: pinned %s..., downloaded %s... (not unpacked)" % (
                spec, pin["integrity"][:20], got[:20])
        unpack = pathlib.Path(tmp) / "unpacked"
        with tarfile.open(tgz[0]) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(unpack, filter="data")
            else:  # no member may leave the directory
                for m in tar.getmembers():
                    if m.name.startswith("/") or ".." in pathlib.PurePosixPath(m.name).parts:
                        return "%s: the archive names a path outside itself: %s" % (spec, m.name)
                tar.extractall(unpack)
        (unpack / ".integrity").write_text(pin["integrity"] + "\n")
        dest = npm_dir(pin, tools)
        if dest.exists():
            shutil.rmtree(dest)
        unpack.rename(dest)
    return None


def _run(cmd, env=None, stdin=None, timeout=60):
    try:
        return subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                              timeout=timeout, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        return subprocess.CompletedProcess(cmd, -1, "", str(e))


def driver_command(php, lib_dir=None, modules_dir=None, build=None, origin=None):
    """(command, None) to run the driver with this php, or (None, why).
    origin: the pin's distribution and glibc (the build's system), which
    the driver reports in its start reply."""
    env = dict(os.environ)
    prefix = []
    if lib_dir:
        env["LD_LIBRARY_PATH"] = str(lib_dir)
        prefix = ["env", "LD_LIBRARY_PATH=%s" % lib_dir]
    base = [str(php), "-n", "-d", "display_errors=stderr"]
    listed = _run(base + ["-m"], env)
    if listed.returncode != 0:
        why = (listed.stderr.strip().splitlines() or ["no output"])[-1]
        return None, "%s does not run (exit %d): %s" % (php, listed.returncode, why[:200])
    have = {line.strip().lower() for line in listed.stdout.splitlines()}
    if modules_dir is None:
        # The built-in extension_dir (-n), then the one php.ini sets
        # (setup-php's on macOS and Windows keeps its extensions there).
        dirs = []
        for ini in (["-n"], []):
            found = _run([str(php)] + ini + ["-r", "echo ini_get('extension_dir');"], env)
            if found.returncode == 0 and found.stdout.strip():
                dirs.append(found.stdout.strip())
    else:
        dirs = [modules_dir]
    args = []
    for name in NEEDED + WANTED:
        if name in have:
            continue
        files = [pathlib.Path(d) / f for d in dirs or ["."]
                 for f in (name + ".so", "php_%s.dll" % name)]
        so = next((f for f in files if f.exists()), None)
        if so is not None:
            args += ["-d", "extension=%s" % so]
        elif name in NEEDED:
            return None, "%s has no %s extension (built in or as %s)" % (php, name, files[0])
    if build:  # the driver reports it (get_cfg_var): the report's environment row
        # Quoted: unquoted, PHP's ini syntax reads ~ (Debian's "1~deb12u1")
        # as an operator.
        args += ["-d", 'psock_php_build="%s"' % build.replace('"', "'")]
    for key in ("distribution", "glibc"):
        if (origin or {}).get(key):
            args += ["-d", 'psock_php_%s="%s"' % (key, origin[key].replace('"', "'"))]
    command = base + args + [str(DRIVER)]
    # The proof: the driver answers its start request, first line on stdout.
    said = _run(command, env, '{"cmd": "start"}\n{"cmd": "stop"}\n', timeout=60)
    first = (said.stdout.splitlines() or [""])[0]
    try:
        info = json.loads(first)
    except ValueError:
        info = None
    if not isinstance(info, dict) or info.get("implementation") != "php":
        why = (said.stderr.strip().splitlines() or [first or "no output"])[-1]
        return None, "the driver does not start with %s (exit %d): %s" % (
            php, said.returncode, why[:200])
    return prefix + command, info


def minor_of(version):
    m = re.match(r"(\d+)\.(\d+)", version or "")
    return "%s.%s" % m.groups() if m else None


def path_php():
    """(minor version, path) of the php on PATH, or (None, why)."""
    php = shutil.which("php")
    if php is None:
        return None, "no php on PATH"
    said = _run([php, "-n", "-r", "echo PHP_VERSION;"])
    version = minor_of(said.stdout.strip()) if said.returncode == 0 else None
    if version is None:
        return None, "%s does not run (exit %d)" % (php, said.returncode)
    return version, php


def path_build(php):
    """Which build the php on PATH is: its Debian package and version where
    dpkg knows the file, else its path."""
    real = os.path.realpath(php)
    if shutil.which("dpkg-query"):
        owner = _run(["dpkg-query", "-S", real])
        package = owner.stdout.split(":")[0].strip() if owner.returncode == 0 else ""
        if package:
            version = _run(["dpkg-query", "-W", "-f", "${Version}", package])
            if version.returncode == 0 and version.stdout.strip():
                return "Debian package %s %s" % (package, version.stdout.strip())
    return "php on PATH (%s)" % real


def check(pins, tools=TOOLS, all_pins=True):
    """{version: {"command": [...], "php": "x.y.z", "build": ...} or {"why": ...}},
    the php on PATH included (under its own version) when it runs."""
    out = {}
    path_version, php = path_php()
    try:
        last_failure = {v: s["why"] for v, s in json.loads(
            (pathlib.Path(tools) / "status.json").read_text()).items() if "why" in s}
    except (OSError, ValueError):
        last_failure = {}

    def one(pin):
        v = pin["version"]
        if path_version == v:
            build = path_build(php)
            # The pin's origin only where the php on PATH is that pin's
            # package (Debian's here; setup-php's in CI is another build).
            mine = pin["source"] == "path" and pin.get("package", "-") in build
            command, info = driver_command(php, build=build, origin=pin if mine else None)
        elif pin["source"] == "path":
            return v, {"why": "the php on PATH is %s, not %s (%s)" % (
                path_version or "absent", v, pin.get("package", "install it"))
                if path_version else "%s (install %s)" % (php, pin.get("package", "php"))}
        elif not npm_installed(pin, tools):
            # Why the last install failed, when it did (status.json).
            return v, {"why": last_failure.get(v) or "%s@%s is not installed (./psock "
                       "installs it)" % (pin["package"], pin["package_version"])}
        else:
            native = npm_dir(pin, tools) / "package" / "native"
            build = "%s@%s, %s" % (pin["package"], pin["package_version"], pin.get("build", ""))
            command, info = driver_command(npm_binary(pin, tools), native / "lib",
                                           native / "php" / "modules", build, origin=pin)
        if command is None:
            return v, {"why": info}
        return v, {"command": command, "php": info.get("version"), "build": build,
                   "features": info.get("features", [])}

    npm_here = sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")
    # Elsewhere (macOS, Windows) only the php on PATH runs: CI's matrix
    # gives each job one version (setup-php), unpinned ones included.
    todo = [p for p in pins if npm_here or p["version"] == path_version]
    if path_version and path_version not in {p["version"] for p in pins} and all_pins:
        todo.append({"version": path_version, "source": "path"})
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for v, state in pool.map(one, todo):
            out[v] = state
    return out


def cmake_text(states):
    """conformance/CMakeLists.txt's view of the versions (bracket arguments:
    no escaping needed)."""
    lines = ["# Written by platforms/php_versions.py cmake: do not edit.",
             "set(PSOCK_PHP_VERSIONS %s)" % " ".join(states)]
    for v, s in states.items():
        if "command" in s:
            import shlex
            lines.append("set(PSOCK_PHP_DRIVER_%s [==[%s]==])" % (v, " ".join(
                shlex.quote(a) for a in s["command"])))
        else:
            lines.append("set(PSOCK_PHP_WHY_%s [==[%s]==])" % (v, s["why"]))
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("install", "cmake"))
    parser.add_argument("--php", default=os.environ.get("PSOCK_PHP", ""),
                        help="versions, comma-separated (default: every pinned one)")
    parser.add_argument("--no-install", action="store_true",
                        default=os.environ.get("PSOCK_NO_INSTALL") == "1")
    parser.add_argument("--pins", default=os.environ.get("PSOCK_PHP_PINS", str(PINS)),
                        help="the pins file (PSOCK_PHP_PINS; default platforms/php-versions.json)")
    parser.add_argument("--tools", default=str(TOOLS))
    parser.add_argument("--out", help="cmake: the file to write")
    args = parser.parse_args(argv)
    pins = selection(load_pins(args.pins), args.php)
    tools = pathlib.Path(args.tools)
    failed = {}
    if args.action == "install" and not args.no_install:
        path_version, _ = path_php()
        todo = [p for p in pins if p["source"] == "npm" and p["version"] != path_version]
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            for pin, why in zip(todo, pool.map(lambda p: install_npm(p, tools), todo)):
                if why:
                    failed[pin["version"]] = why
    states = check(pins, tools, all_pins=not args.php)
    for v, why in failed.items():
        if "command" not in states.get(v, {}):
            states[v] = {"why": why}
    if args.action == "cmake":
        text = cmake_text(states)
        out = pathlib.Path(args.out)
        if not out.exists() or out.read_text() != text:
            out.write_text(text)
        return 0
    tools.mkdir(parents=True, exist_ok=True)
    (tools / "status.json").write_text(json.dumps(states, indent=1, sort_keys=True) + "\n")
    for v, s in states.items():
        if "command" in s:
            print("php %s: ready (PHP %s, %s)" % (v, s["php"], s["build"]))
        else:
            print("php %s: not available: %s" % (v, s["why"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
