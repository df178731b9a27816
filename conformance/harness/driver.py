"""A driver process speaking the JSON-lines protocol of PROTOCOL.md. A crash
or a hang never takes the run down: the caller is told and restarts it."""
import json
import queue
import subprocess
import threading


class DriverCrashed(Exception):
    pass


class DriverTimeout(Exception):
    pass


class Driver:
    def __init__(self, command, start_timeout=120.0):
        self.command = command
        self.start_timeout = start_timeout
        self.proc = None
        self.lines = None
        self.info = None
        self.stderr_tail = []

    def start(self):
        self.proc = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1)
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines),
                         daemon=True).start()
        threading.Thread(target=self._drain_stderr, args=(self.proc.stderr,),
                         daemon=True).start()
        self.info = self.request({"cmd": "start"}, self.start_timeout)
        return self.info

    @staticmethod
    def _pump(stream, lines):
        for line in stream:
            lines.put(line)
        lines.put(None)

    def _drain_stderr(self, stream):
        for line in stream:
            self.stderr_tail = (self.stderr_tail + [line.rstrip()])[-20:]

    def request(self, message, timeout):
        try:
            self.proc.stdin.write(json.dumps(message) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise DriverCrashed(self._why())
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise DriverTimeout("no answer in %.0f s" % timeout)
        if line is None:
            self.proc.wait(timeout=5)
            raise DriverCrashed(self._why())
        return json.loads(line)

    def _why(self):
        code = self.proc.poll()
        tail = "; ".join(self.stderr_tail[-3:])
        return "driver exited with %s%s" % (code, (": " + tail) if tail else "")

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
