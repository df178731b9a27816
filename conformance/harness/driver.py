# SPDX-License-Identifier: MIT
"""A driver process speaking the JSON-lines protocol of PROTOCOL.md. Nothing
a driver does can take the run down or shift later verdicts: a crash, an
early exit or a closed stdout is DriverCrashed, a hang DriverTimeout, and a
reply that is not the answer to the request just sent -- malformed, not an
object, an extra line, a reply to another seq, missing fields, a line too
long -- is DriverProtocolError. The caller then kills the driver and starts
a new one, so the next case begins in step."""
import json
import os
import pathlib
import queue
import shutil
import subprocess
import sys
import tempfile
import threading

# A reply longer than this is not read into memory: the driver is broken.
MAX_LINE = 16 * 1024 * 1024
SCHEMA = pathlib.Path(__file__).resolve().parent.parent / "schema" / "protocol.schema.json"
_validators = {}


def protocol_problem(kind, message):
    """None when message is a valid `kind` of protocol 3 (start_reply,
    run_reply, run_request, ...), else what is wrong with it."""
    if kind not in _validators:
        import jsonschema  # Debian: python3-jsonschema
        schema = json.loads(SCHEMA.read_text())
        _validators[kind] = jsonschema.Draft202012Validator(
            dict(schema, **{"$ref": "#/$defs/" + kind}))
    error = next(iter(_validators[kind].iter_errors(message)), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "the message"
    return "%s: %s" % (where, error.message[:200])
TOO_LONG = object()


# A private network namespace for the driver (GUIDE: an all-interfaces bind
# or multicast only inside one the test makes itself): an unprivileged user
# and network namespace (unshare -rn) whose only interface is its own
# loopback, up, with multicast on and 224.0.0.0/4 routed to it. A case
# marked "network": "private" (socket_create_listen binds every interface;
# multicast joins a group) runs only in it; the harness runs every driver
# process in it where it can be made.
NAMESPACE_SETUP = ("ip link set lo up && ip link set lo multicast on && "
                   "ip route add 224.0.0.0/4 dev lo")
_namespace = {}


def private_network(command):
    """{"private": True, "prefix": [...]} when a driver run by `command` can
    run in a private network namespace here, else {"private": False,
    "why": ...}. PSOCK_NETWORK=host turns it off (a test of the rule)."""
    if os.environ.get("PSOCK_NETWORK") == "host":
        return {"private": False, "why": "PSOCK_NETWORK=host: the host's network"}
    if not sys.platform.startswith("linux"):
        return {"private": False, "why": "no private network namespace on %s "
                "(Linux only)" % sys.platform}
    # A driver under Wine runs in it too: wineserver is reached through its
    # directory in the file system, which the namespace shares.
    if "probe" not in _namespace:
        tools = [t for t in ("unshare", "ip") if shutil.which(t) is None]
        if tools:
            _namespace["probe"] = "%s not installed (apt-get install %s)" % (
                " and ".join(tools), " ".join(
                    {"unshare": "util-linux", "ip": "iproute2"}[t] for t in tools))
        else:
            try:
                made = subprocess.run(["unshare", "-rn", "sh", "-c", NAMESPACE_SETUP],
                                      capture_output=True, text=True, timeout=30)
                _namespace["probe"] = None if made.returncode == 0 else \
                    "unshare -rn failed: %s" % (made.stderr.strip()[-200:] or made.returncode)
            except (OSError, subprocess.TimeoutExpired) as e:
                _namespace["probe"] = "unshare -rn failed: %s" % e
    if _namespace["probe"]:
        return {"private": False, "why": _namespace["probe"]}
    return {"private": True, "prefix": ["unshare", "-rn", "sh", "-c",
                                        NAMESPACE_SETUP + ' && exec "$@"', "psock-netns"]}


class DriverCrashed(Exception):
    pass


class DriverTimeout(Exception):
    pass


class DriverProtocolError(Exception):
    pass


class Driver:
    def __init__(self, command, start_timeout=120.0, network=None):
        """network: private_network(command)'s answer, to run the driver in
        a private network namespace; None runs it on the host's network."""
        self.command = command
        self.network = network
        self.start_timeout = start_timeout
        self.proc = None
        self.lines = None
        self.info = None
        self.tmpdir = None
        self.stderr_tail = []

    def start(self):
        # The driver's temporary files (AF_UNIX paths) go under a directory
        # of the harness's, removed when the driver ends, however it ends:
        # a driver killed for a hang cannot clean up after itself.
        # On macOS the default temporary directory (/var/folders/...) is so
        # long that AF_UNIX paths inside it pass sun_path's 104 bytes: /tmp.
        self.tmpdir = tempfile.mkdtemp(prefix="psock-harness-",
                                       dir="/tmp" if sys.platform == "darwin" else None)
        env = dict(os.environ, TMPDIR=self.tmpdir)
        prefix = (self.network or {}).get("prefix", [])
        self.proc = subprocess.Popen(
            prefix + list(self.command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1, env=env)
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines),
                         daemon=True).start()
        self.stderr_reader = threading.Thread(
            target=self._drain_stderr, args=(self.proc.stderr,), daemon=True)
        self.stderr_reader.start()
        info = self.request({"cmd": "start"}, self.start_timeout)
        problem = protocol_problem("start_reply", info)
        if problem:
            raise DriverProtocolError("start reply breaks protocol 3 (%s): %s"
                                      % (problem, _clip(json.dumps(info))))
        self.info = info
        return info

    @staticmethod
    def _pump(stream, lines):
        try:
            while True:
                line = stream.readline(MAX_LINE + 1)
                if line == "":
                    break
                if len(line) > MAX_LINE and not line.endswith("\n"):
                    lines.put(TOO_LONG)
                    while True:  # skip the rest of that line
                        rest = stream.readline(1 << 20)
                        if rest == "" or rest.endswith("\n"):
                            break
                    continue
                lines.put(line)
        except (OSError, ValueError):
            pass
        lines.put(None)

    def _drain_stderr(self, stream):
        try:
            for line in stream:
                self.stderr_tail = (self.stderr_tail + [line.rstrip()])[-20:]
        except (OSError, ValueError):
            pass

    def request(self, message, timeout):
        """The reply to message: a JSON object, for a "run" the one whose
        seq is message's."""
        try:
            self.proc.stdin.write(json.dumps(message) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            raise DriverCrashed(self._why())
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise DriverTimeout("no answer in %.0f s" % timeout)
        if line is None:
            # Its stdout closed: it exited, or it closed stdout and lives on.
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.kill()
                raise DriverCrashed("driver closed its stdout and kept running"
                                    + self._tail())
            raise DriverCrashed(self._why())
        if line is TOO_LONG:
            raise DriverProtocolError("a reply line over %d bytes" % MAX_LINE
                                      + self._tail())
        try:
            reply = json.loads(line)
        except ValueError:
            raise DriverProtocolError("not JSON: %s" % _clip(line) + self._tail())
        if not isinstance(reply, dict):
            raise DriverProtocolError("not a JSON object: %s" % _clip(line)
                                      + self._tail())
        if message.get("cmd") == "run":
            if reply.get("seq") != message["seq"]:
                raise DriverProtocolError(
                    "reply for seq %r while waiting for %d (an extra or "
                    "out-of-order line): %s" % (reply.get("seq"), message["seq"],
                                               _clip(line)) + self._tail())
            if not isinstance(reply.get("steps"), list) or \
                    not all(isinstance(s, dict) for s in reply["steps"]):
                raise DriverProtocolError("reply without a list of step outcomes: %s"
                                          % _clip(line) + self._tail())
            if "open" in reply and not isinstance(reply["open"], int):
                raise DriverProtocolError("\"open\" is not a number: %s"
                                          % _clip(line) + self._tail())
            problem = protocol_problem("run_reply", reply)
            if problem:
                raise DriverProtocolError("reply breaks protocol 3 (%s)" % problem
                                          + self._tail())
        return reply

    def _tail(self):
        tail = "; ".join(self.stderr_tail[-3:])
        return (" [driver stderr: %s]" % tail) if tail else ""

    def _why(self):
        code = self.proc.poll()
        if code is not None and getattr(self, "stderr_reader", None):
            # It exited: its stderr ends too. Take its last words first.
            self.stderr_reader.join(timeout=2)
        return "driver exited with %s%s" % (code, self._tail())

    def stop(self):
        if self.proc is None:
            return
        try:
            if self.proc.poll() is None:
                self.proc.stdin.write('{"cmd": "stop"}\n')
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
        except Exception:
            pass
        self.kill()

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if getattr(self, "tmpdir", None):
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None


def _clip(text, n=200):
    text = text.strip()
    return text if len(text) <= n else text[:n] + "..."
