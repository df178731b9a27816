# SPDX-License-Identifier: MIT
"""The conformance driver for CPython's socket module (the fourth
implementation): every operation of the cases mapped to what a Python
programmer would call -- socket.socket, socketpair, create_server, recv,
sendmsg, select.select, setsockopt -- reporting raw outcomes as PROTOCOL.md
says. It judges nothing. PHP_NORMAL_READ is made from recv(1), as PHP's
ext/sockets makes it; the host helpers (fork_peer, wait_peer, wait_blocked,
signal_handler, send_signal, signals_caught) use os.fork, os.waitpid, /proc
and the signal module. What CPython has no counterpart for (PHP's
per-socket last error, psock's backlog query)
answers "unsupported", with why.

Signals and PEP 475. CPython runs a Python handler in the main thread
between bytecodes, not in the C signal handler. With `restart: true` the
handler is installed with signal.siginterrupt(sig, False), i.e. SA_RESTART:
the kernel resumes the interrupted accept() or recv() itself, and the
handler runs once that call has returned. With `restart: false`
(siginterrupt(sig, True), no SA_RESTART) the kernel fails the call with
EINTR and CPython runs the handler at once, during the call; then, since
Python 3.5 (PEP 475), it retries the call unless the handler raised. A
counting handler that only returned would therefore never let a blocking
call fail with EINTR: CPython has no such thing as a handler that
interrupts without raising. So a `restart: false` handler raises
InterruptedError (errno EINTR) when it runs while one of the case's
blocking socket calls sleeps (its socket not ready) -- the way a Python
program stops PEP 475's retry -- and only counts anywhere else: a call
that did not sleep, or the driver's own waits (wait_peer), which CPython
retries.

  python3 conformance/drivers/python/driver.py
"""
import array
import base64
import errno
import json
import locale
import os
import platform
import select
import signal
import socket
import struct
import sys
import tempfile
import time

# Every name CPython has: each integer constant of the socket module (the
# system's, where the header has it), and ext/sockets' SOCKET_E* codes as
# the errno module gives them (Windows: its WSAE* codes).
C = {name: getattr(socket, name) for name in dir(socket)
     if name.isupper() and isinstance(getattr(socket, name), int)
     and not isinstance(getattr(socket, name), bool)}
for _name in dir(errno):
    if _name.startswith("E") and isinstance(getattr(errno, _name), int):
        C.setdefault("SOCKET_" + _name, getattr(errno, _name))
for _name in dir(errno):
    if _name.startswith("WSAE"):  # Windows: the OS's socket codes win
        C["SOCKET_" + _name[3:]] = getattr(errno, _name)
# PHP's names for the TCP and UDP levels and protocols.
C.setdefault("SOL_TCP", socket.IPPROTO_TCP)
C.setdefault("SOL_UDP", socket.IPPROTO_UDP)
C["SOMAXCONN"] = socket.SOMAXCONN
C["PHP_BINARY_READ"] = 2
C["PHP_NORMAL_READ"] = 1

names = {}        # the case's sockets by name
closed = set()    # names whose socket the case closed
case_counter = 0
tmpdir = None


class Unsupported(Exception):
    pass


class BadCase(Exception):
    pass


class NoSuchName(Exception):
    pass


def const(args, key, default=0):
    v = args.get(key, default)
    if isinstance(v, str):
        if v not in C:
            raise KeyError(v)
        return C[v]
    return int(v)


def flags(args, key="flags"):
    v = args.get(key, 0)
    if isinstance(v, str):  # "MSG_PEEK" or "MSG_PEEK|MSG_DONTWAIT" (ops.json's flags)
        out = 0
        for item in v.split("|"):
            out |= C[item]
        return out
    if isinstance(v, list):
        out = 0
        for item in v:
            out |= C[item]
        return out
    return int(v or 0)


def data(args):
    if "data" in args:
        return args["data"].encode("utf-8")
    if "data_b64" in args:
        return base64.b64decode(args["data_b64"])
    if isinstance(args.get("size"), int) and 0 <= args["size"] <= 256 << 20:
        n = args["size"]  # the pattern of drivers/driver.c: 'a' + i % 26
        return (b"abcdefghijklmnopqrstuvwxyz" * (n // 26 + 1))[:n]
    return b""


def address(args):
    global tmpdir
    a = args.get("address")
    if isinstance(a, dict) and "path" in a:
        if tmpdir is None:
            tmpdir = tempfile.mkdtemp(prefix="psock-drv-")
        return os.path.join(tmpdir, "c%d-%s" % (case_counter, a["path"]))
    return a


def port(args):
    p = args.get("port", 0)
    if isinstance(p, dict) and "port_of" in p:
        return names[p["port_of"]].getsockname()[1]
    return int(p)


def sockaddr(s, args):
    a = address(args)
    if s.family == socket.AF_UNIX:
        return a
    # CPython resolves any name it is given (getaddrinfo: DNS); the suite
    # contacts loopback only, so a step naming no numeric address is not
    # run -- as PHP's driver does.
    try:
        socket.getaddrinfo(a, None, s.family, 0, 0, socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError, TypeError):
        raise Unsupported("CPython would resolve %r by name (DNS); the suite "
                          "contacts loopback only" % (a,))
    return (a, port(args))


def fail(e):
    """CPython's failure as it is: an errno by its POSIX name, or, for an
    exception that carries none (ValueError, OSError("AF_UNIX path too
    long")), the exception's class."""
    code = getattr(e, "errno", None)
    if not code or code not in errno.errorcode:
        return {"ok": False, "error": type(e).__name__, "message": str(e)}
    return {"ok": False, "error": errno.errorcode[code], "native": code,
            "message": os.strerror(code)}


def sock(args, key="socket"):
    return names[args[key]]


def b64(b):
    return base64.b64encode(b).decode("ascii")


def named(s, as_):
    if isinstance(as_, str):
        names[as_] = s
        closed.discard(as_)
    else:
        s.close()


def name_outcome(s, peer):
    a = s.getpeername() if peer else s.getsockname()
    if isinstance(a, tuple):
        return {"ok": True, "ret": 0, "address": a[0], "port": a[1]}
    return {"ok": True, "ret": 0, "address": a or "", "port": 0}


# ---- operations -------------------------------------------------------------

def op_create(args, as_):
    # type is ops.json's flags: SOCK_NONBLOCK and SOCK_CLOEXEC or-ed in.
    named(socket.socket(const(args, "domain"), flags(args, "type"),
                        const(args, "protocol")), as_)
    return {"ok": True}


def op_create_listen(args, as_):
    backlog = const(args, "backlog", socket.SOMAXCONN)
    named(socket.create_server((args.get("address") or "0.0.0.0", port(args)),
                               backlog=backlog), as_)
    # CPython has no socket_create_listen: create_server is socket,
    # SO_REUSEADDR, bind and listen (PROTOCOL.md's compositions).
    return {"ok": True}


def op_create_pair(args, as_):
    domain = const(args, "domain")
    a, b = socket.socketpair(domain, const(args, "type"), const(args, "protocol"))
    if isinstance(as_, list) and len(as_) == 2:
        named(a, as_[0])
        named(b, as_[1])
    else:
        a.close()
        b.close()
    fam = {socket.AF_INET: "AF_INET", socket.AF_INET6: "AF_INET6"}.get(a.family, "AF_UNIX")
    return {"ok": True, "ret": 0, "domain": fam}


def op_bind(args, as_):
    s = sock(args)
    s.bind(sockaddr(s, args))
    return {"ok": True, "ret": 0}


def op_connect(args, as_):
    s = sock(args)
    s.connect(sockaddr(s, args))
    return {"ok": True, "ret": 0}


def op_listen(args, as_):
    sock(args).listen(const(args, "backlog"))
    return {"ok": True, "ret": 0}


def op_accept(args, as_):
    conn, _ = sock(args).accept()
    named(conn, as_)
    return {"ok": True}


def read_line(s, length):
    """PHP_NORMAL_READ as ext/sockets' php_read does it: one recv of a byte
    at a time, stopping after "\n" or "\r" or at length bytes. CPython's
    own line reading (makefile().readline) buffers past the line end, so
    the driver makes it from recv(1), as a Python programmer would. Where
    php_read differs by accident it is not copied: at end of stream the
    bytes read so far are returned (then b""), where PHP 8.2 loops on the
    empty reads and fails with ECONNRESET; a nonblocking socket with part of
    a line returns that part, and with nothing fails as recv does."""
    got = bytearray()
    while len(got) < length:
        try:
            byte = s.recv(1)
        except BlockingIOError:
            if got:
                break
            raise
        if not byte:
            break
        got += byte
        if byte in (b"\n", b"\r"):
            break
    return bytes(got)


def op_read(args, as_):
    length = int(args.get("length", 0))
    if const(args, "mode", 2) == C["PHP_NORMAL_READ"] and length > 0:
        got = read_line(sock(args), length)
        return {"ok": True, "ret": len(got), "data_b64": b64(got)}
    got = sock(args).recv(length)
    return {"ok": True, "ret": len(got), "data_b64": b64(got)}


def op_write(args, as_):
    d = data(args)
    if "length" in args:
        d = d[:int(args["length"])]
    return {"ok": True, "ret": sock(args).send(d)}


def op_recv(args, as_):
    got = sock(args).recv(int(args.get("length", 0)), flags(args))
    return {"ok": True, "ret": len(got), "data_b64": b64(got)}


def op_recvfrom(args, as_):
    got, a = sock(args).recvfrom(int(args.get("length", 0)), flags(args))
    out = {"ok": True, "ret": len(got), "data_b64": b64(got)}
    out.update({"address": a[0], "port": a[1]} if isinstance(a, tuple)
               else {"address": a or "", "port": 0})
    return out


def op_send(args, as_):
    s = sock(args)
    payload = data(args)
    if isinstance(args.get("length"), int) and 0 <= args["length"] < len(payload):
        payload = payload[:args["length"]]  # PHP's length: that many bytes of data
    if "address" in args:
        return {"ok": True, "ret": s.sendto(payload, flags(args), sockaddr(s, args))}
    return {"ok": True, "ret": s.send(payload, flags(args))}


def _vectors(args):
    return [v.encode("utf-8") for v in args.get("vectors", [])]


def _buffers(args):
    return [bytearray(int(n)) for n in args.get("lengths", [])]


def _report(out, bufs, got):
    vs = []
    for b in bufs:
        take = min(max(got, 0), len(b))
        vs.append(b64(bytes(b[:take])))
        got -= take
    out["vectors_b64"] = vs
    return out


def op_writev(args, as_):
    return {"ok": True, "ret": sock(args).sendmsg(_vectors(args))}


def op_readv(args, as_):
    bufs = _buffers(args)
    got = sock(args).recvmsg_into(bufs)[0]
    return _report({"ok": True, "ret": got}, bufs, got)


def _control_out(args):
    """socket_sendmsg's control list as CPython's ancdata."""
    out = []
    for c in args.get("control", []):
        level, kind = const(c, "level"), const(c, "type")
        if "sockets" in c:
            for n in c["sockets"]:
                if n not in names:
                    raise NoSuchName(n)
            data = array.array("i", [names[n].fileno() for n in c["sockets"]]).tobytes()
        elif c.get("creds"):
            data = struct.pack("3i", os.getpid(), os.geteuid(), os.getegid())
        else:
            # struct in6_pktinfo: the address, then the interface index
            data = socket.inet_pton(socket.AF_INET6, c.get("addr", "::")) + \
                struct.pack("I", int(c.get("ifindex", 0)))
        out.append((level, kind, data))
    return out


def _cmsg_len(level, kind, n):
    """The data length of one message of n elements (PHP's table: an int per
    descriptor, one struct ucred or in6_pktinfo), None for another pair."""
    if level == socket.SOL_SOCKET and kind == getattr(socket, "SCM_RIGHTS", None):
        return n * array.array("i").itemsize
    if level == socket.SOL_SOCKET and kind == getattr(socket, "SCM_CREDENTIALS", None):
        return struct.calcsize("3i")
    if level == getattr(socket, "IPPROTO_IPV6", None) and \
            kind == getattr(socket, "IPV6_PKTINFO", None):
        return 20
    return None


def op_cmsg_space(args, as_):
    if not hasattr(socket, "CMSG_SPACE"):
        raise Unsupported("CPython has no socket.CMSG_SPACE on this platform")
    n = int(args.get("n", 0))
    length = _cmsg_len(const(args, "level"), const(args, "type"), n)
    if length is None or n < 0:
        raise ValueError("socket_cmsg_space: a level/type CPython's driver does not size")
    return {"ok": True, "ret": socket.CMSG_SPACE(length)}


def op_sendmsg(args, as_):
    s = sock(args)
    control = _control_out(args)
    if "address" in args:
        return {"ok": True, "ret": s.sendmsg(_vectors(args), control, flags(args),
                                             sockaddr(s, args))}
    return {"ok": True, "ret": s.sendmsg(_vectors(args), control, flags(args))}


def _controllen(args):
    if "control_space" in args:
        cs = args["control_space"]
        length = _cmsg_len(const(cs, "level"), const(cs, "type"), int(cs.get("n", 0)))
        if length is None:
            raise BadCase("control_space: a pair this driver does not size")
        return socket.CMSG_SPACE(length)
    return int(args.get("controllen", 0))


def _control_in(ancdata, fd_names):
    """CPython's ancdata as the protocol's control list; descriptors
    received become sockets named in order (socket.socket(fileno=...))."""
    listed, types, fds, out = [], [], 0, {}
    fd_names = list(fd_names)
    for level, kind, data in ancdata:
        e = {}
        if level == socket.SOL_SOCKET and kind == getattr(socket, "SCM_RIGHTS", None):
            got = array.array("i")
            got.frombytes(data[:len(data) - len(data) % got.itemsize])
            e.update(type="SCM_RIGHTS", fds=len(got))
            fds += len(got)
            for fd in got:
                if fd_names:
                    named(socket.socket(fileno=fd), fd_names.pop(0))
                else:
                    os.close(fd)
        elif level == socket.SOL_SOCKET and kind == getattr(socket, "SCM_CREDENTIALS", None):
            pid, uid, gid = struct.unpack("3i", data[:12])
            e.update(type="SCM_CREDENTIALS", pid=pid, uid=uid, gid=gid)
        elif kind == getattr(socket, "IPV6_PKTINFO", None):
            addr = socket.inet_ntop(socket.AF_INET6, data[:16])
            e.update(type="IPV6_PKTINFO", addr=addr, ifindex=struct.unpack("I", data[16:20])[0])
            out["pktinfo_addr"] = addr
        else:
            e.update(type=str(kind))
        listed.append(e)
        types.append(e["type"])
    out.update(control=listed, control_types=types, fds=fds)
    return out


def op_recvmsg(args, as_):
    bufs = _buffers(args)
    control = any(k in args for k in ("controllen", "control_space", "fd_names"))
    got, anc, msg_flags, a = sock(args).recvmsg_into(
        bufs, _controllen(args) if control else 0, flags(args))
    out = {"ok": True, "ret": got, "truncated": bool(msg_flags & socket.MSG_TRUNC)}
    out.update({"address": a[0], "port": a[1]} if isinstance(a, tuple)
               else {"address": a or "", "port": 0})
    if control:
        out["ctrunc"] = bool(msg_flags & socket.MSG_CTRUNC)
        out.update(_control_in(anc, args.get("fd_names", [])))
    return _report(out, bufs, got)


def op_atmark(args, as_):
    raise Unsupported("CPython's socket module has no sockatmark")


streams = {}  # the case's streams by name: descriptors detached from sockets


def op_export_stream(args, as_):
    """CPython hands a socket's descriptor out with detach(): the socket
    object lets go of it and the caller owns it (here: the stream)."""
    s = sock(args)
    fd = s.detach()
    if isinstance(as_, str):
        streams[as_] = fd
    else:
        os.close(fd)
    return {"ok": True, "handle": "descriptor"}


def _stream(args):
    name = args.get("stream")
    if name in streams:
        return streams[name]
    if name in names:
        return names[name].fileno()
    raise NoSuchName(name)


def op_import_stream(args, as_):
    """socket.fromfd: a socket object on a duplicate of the descriptor."""
    fd = _stream(args)
    with socket.socket(fileno=os.dup(fd)) as probe:  # its family and type
        family, kind = probe.family, probe.type
    named(socket.fromfd(fd, family, kind), as_)
    return {"ok": True}


values = {}  # the case's values by name (socket.share's bytes)


def op_wsa_export(args, as_):
    """Windows: socket.share(pid) is WSADuplicateSocket's WSAPROTOCOL_INFO,
    as bytes rather than in shared memory."""
    s = sock(args)
    if not hasattr(s, "share"):
        raise Unsupported("socket.share (WSADuplicateSocket) exists on Windows only")
    data = s.share(os.getpid())
    if isinstance(as_, str):
        values[as_] = data
    return {"ok": True, "value": base64.b64encode(data).decode()}


def op_wsa_import(args, as_):
    if not hasattr(socket, "fromshare"):
        raise Unsupported("socket.fromshare exists on Windows only")
    if "id_of" in args and args["id_of"] not in values:
        raise NoSuchName(args["id_of"])
    data = values[args["id_of"]] if "id_of" in args else args.get("id", "").encode()
    named(socket.fromshare(data), as_)
    return {"ok": True}


def op_wsa_release(args, as_):
    raise Unsupported("CPython's share() keeps nothing in shared memory: nothing to release")


def op_stream_open_null(args, as_):
    fd = os.open(os.devnull, os.O_RDWR)
    if isinstance(as_, str):
        streams[as_] = fd
    else:
        os.close(fd)
    return {"ok": True}


def op_stream_write(args, as_):
    return {"ok": True, "ret": os.write(_stream(args), args["data"].encode())}


def op_select(args, as_):
    sets = [[(n, names[n]) for n in args.get(k, [])] for k in ("read", "write", "except")]
    timeout = None
    if isinstance(args.get("seconds"), (int, float)) and args["seconds"] >= 0:
        timeout = args["seconds"] + int(args.get("microseconds", 0)) / 1e6
    ready = select.select(*[[s for _, s in group] for group in sets], timeout)
    out = {"ok": True, "ret": sum(len(r) for r in ready)}
    for key, group, r in zip(("read", "write", "except"), sets, ready):
        out[key] = [n for n, s in group if s in r]
    return out


BOOLEAN = {"SO_DEBUG", "SO_REUSEADDR", "SO_KEEPALIVE", "SO_DONTROUTE", "SO_BROADCAST",
           "SO_OOBINLINE", "TCP_NODELAY"}


def _timeval_format():
    return "ll"


def op_get_option(args, as_):
    s, level, option = sock(args), const(args, "level"), const(args, "option")
    name = args.get("option")
    if name == "SO_LINGER":
        on, secs = struct.unpack("ii", s.getsockopt(level, option, 8))
        return {"ok": True, "ret": 0, "value": {"l_onoff": on, "l_linger": secs}}
    if name in ("SO_RCVTIMEO", "SO_SNDTIMEO"):
        sec, usec = struct.unpack(_timeval_format(), s.getsockopt(level, option, 16))
        return {"ok": True, "ret": 0, "value": {"sec": sec, "usec": usec}}
    v = s.getsockopt(level, option)
    if name == "SO_TYPE":
        v = {getattr(socket, t): t for t in ("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW",
                                             "SOCK_SEQPACKET", "SOCK_RDM")
             if hasattr(socket, t)}.get(v, str(v))
    elif name == "SO_ERROR":
        v = errno.errorcode.get(v, "OK") if v else "OK"
    elif name in BOOLEAN:
        v = int(v != 0)
    return {"ok": True, "ret": 0, "value": v}


def op_set_option(args, as_):
    s, level, option = sock(args), const(args, "level"), const(args, "option")
    name, value = args.get("option"), args.get("value", 0)
    if name == "SO_LINGER":
        s.setsockopt(level, option, struct.pack("ii", int(value.get("l_onoff", 0)),
                                                int(value.get("l_linger", 0))))
    elif name in ("SO_RCVTIMEO", "SO_SNDTIMEO"):
        s.setsockopt(level, option, struct.pack(_timeval_format(), int(value.get("sec", 0)),
                                                int(value.get("usec", 0))))
    elif isinstance(value, str):
        # An interface by name (IP_MULTICAST_IF, IPV6_MULTICAST_IF), as
        # ext/sockets passes it: Linux's struct ip_mreqn for IPv4, the
        # index for IPv6. An unknown name is ENXIO, if_nametoindex's.
        try:
            index = socket.if_nametoindex(value)
        except OSError:
            raise OSError(errno.ENXIO, os.strerror(errno.ENXIO))
        if level == socket.IPPROTO_IP:
            s.setsockopt(level, option, struct.pack("=4s4si", b"\0" * 4, b"\0" * 4, index))
        else:
            s.setsockopt(level, option, index)
    else:
        s.setsockopt(level, option, int(value))
    return {"ok": True, "ret": 0}


def op_getsockname(args, as_):
    return name_outcome(sock(args), False)


def op_getpeername(args, as_):
    return name_outcome(sock(args), True)


def op_shutdown(args, as_):
    sock(args).shutdown(int(args.get("how", 2)))
    return {"ok": True, "ret": 0}


def _set_blocking(blocking):
    def op(args, as_):
        s = sock(args)
        if s.fileno() == -1:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        s.setblocking(blocking)
        return {"ok": True, "ret": 0}
    return op


op_set_block = _set_blocking(True)
op_set_nonblock = _set_blocking(False)


def op_close(args, as_):
    s = sock(args)
    if s.fileno() == -1:  # CPython closes twice quietly; say what it is
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
    s.close()
    closed.add(args["socket"])
    return {"ok": True, "ret": 0}


def op_strerror(args, as_):
    if isinstance(args.get("code"), dict):
        raise Unsupported("CPython keeps no last error to describe")
    code = getattr(errno, args.get("code", ""), None)
    if code is None:  # a constant argument CPython cannot encode
        raise Unsupported("CPython's errno has no %s" % args.get("code"))
    out = {"ok": True, "message": os.strerror(code)}
    if "locale" in args:
        # os.strerror is C's strerror: it follows LC_MESSAGES, which a Python
        # program sets with locale.setlocale (as PHP's setlocale before
        # socket_strerror); the process's own locale is put back after.
        before = locale.setlocale(locale.LC_ALL)
        try:
            locale.setlocale(locale.LC_ALL, args["locale"])
        except locale.Error:
            out["locale_missing"] = True
        else:
            out["localized"] = out["message_in_locale"] = os.strerror(code)
        finally:
            locale.setlocale(locale.LC_ALL, before)
    return out


def op_constant(args, as_):
    name = args.get("name", "")
    if name not in C:
        # PROTOCOL.md's rule: a name the implementation does not define is
        # an observation (supported: false), never a failed call.
        return {"ok": True, "supported": False}
    return {"ok": True, "supported": True, "value": int(C[name])}


def op_os_max_backlog(args, as_):
    try:
        with open("/proc/sys/net/core/somaxconn") as f:
            return {"ok": True, "ret": int(f.read())}
    except OSError:
        raise Unsupported("the system states no backlog maximum")


def op_os_listen_backlog(args, as_):
    """The backlog the OS holds for the TCP listener on a port: Linux's ss
    (inet_diag), whose Send-Q of a listener is its backlog."""
    import shutil
    import subprocess
    if not sys.platform.startswith("linux") or shutil.which("ss") is None:
        raise Unsupported("no ss (iproute2) to ask the OS for a listener's backlog")
    said = subprocess.run(["ss", "-ltnH", "sport = :%d" % port(args)],
                          capture_output=True, text=True)
    fields = said.stdout.split()
    if said.returncode != 0 or len(fields) < 4 or fields[0] != "LISTEN":
        return {"ok": False, "error": "NOT_LISTED", "message": said.stdout.strip()}
    return {"ok": True, "ret": int(fields[2])}


# ---- process helpers: fork_peer, wait_peer, wait_blocked, signals ----------

# SIGALRM is not offered: it is the peers' watchdog.
SIGNALS = ("SIGCHLD", "SIGUSR1", "SIGUSR2", "SIGPIPE", "SIGHUP", "SIGINT", "SIGTERM")
PEER_WATCHDOG_S = 20  # a peer whose parent hung or died ends (SIGALRM)
PEER_WAIT_MS = 5000

peers = {}            # peer name -> (pid, read end of its report pipe)
saved = {}            # signal number -> the handler before the case's
caught = {}           # signal number -> deliveries to this process
interrupting = set()  # signals whose handler was installed with restart: false
waiting = None        # (socket, "r" or "w") while a case's call on it may sleep

# The calls of the case that sleep until their socket is ready.
WAITS = {"socket_accept": "r", "socket_read": "r", "socket_recv": "r",
         "socket_recvfrom": "r", "socket_recvmsg": "r", "socket_readv": "r",
         "socket_write": "w", "socket_send": "w", "socket_sendto": "w",
         "socket_sendmsg": "w", "socket_writev": "w"}


def ready(s, direction):
    """Would a call on s in that direction go on without sleeping?"""
    try:
        r, w, _ = select.select([s] if direction == "r" else [],
                                [s] if direction == "w" else [], [], 0)
    except (OSError, ValueError):
        return True  # a closed socket: the call fails at once
    return bool(r or w)


def signal_arg(args):
    name = args.get("signal")
    if name not in SIGNALS or not hasattr(signal, name):
        raise BadCase("unknown or reserved signal")
    return getattr(signal, name)


def count_signal(number, frame):
    caught[number] = caught.get(number, 0) + 1
    if number in interrupting and waiting is not None and not ready(*waiting):
        # No SA_RESTART: the sleeping call failed with EINTR and CPython
        # runs this during it; raising is what stops PEP 475's retry (see
        # the top). A call that has already returned -- its socket is ready
        # -- is left as it is, as the kernel would have left it.
        raise InterruptedError(errno.EINTR, os.strerror(errno.EINTR))


def needs_signals():
    if not hasattr(signal, "siginterrupt") or not hasattr(os, "kill"):
        raise Unsupported("CPython has no signal.siginterrupt/os.kill on this platform")


def needs_fork():
    if not hasattr(os, "fork"):
        raise Unsupported("CPython has no os.fork on this platform")


def op_signal_handler(args, as_):
    needs_signals()
    number = signal_arg(args)
    restart = args.get("restart") is True
    if number not in saved:
        saved[number] = signal.getsignal(number)
    signal.signal(number, count_signal)
    signal.siginterrupt(number, not restart)  # False: SA_RESTART
    if restart:
        interrupting.discard(number)
    else:
        interrupting.add(number)
    return {"ok": True}


def op_signals_caught(args, as_):
    needs_signals()
    return {"ok": True, "count": caught.get(signal_arg(args), 0)}


def op_send_signal(args, as_):
    needs_signals()
    number = signal_arg(args)
    to = args.get("to", "self")
    if to == "parent":
        pid = os.getppid()
    elif to == "self":
        pid = os.getpid()
    elif to in peers:
        pid = peers[to][0]
    else:
        raise NoSuchName(to)
    os.kill(pid, number)
    return {"ok": True}


def run_peer(steps, report):
    """The child: nothing leads back to the harness but the report pipe; it
    runs its steps with the sockets named so far, writes its outcomes as one
    JSON array and ends with os._exit (the parent's buffers and atexit
    handlers are not its own)."""
    status = 3
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.close(devnull)
        signal.alarm(PEER_WATCHDOG_S)
        for _, fd in peers.values():
            os.close(fd)  # a sibling's report: the parent's to read
        peers.clear()
        caught.clear()  # deliveries to this process: none yet
        outs = []
        for step in steps:
            o = run_step(step)
            outs.append(o)
            if o.get("unsupported"):
                break
        view = memoryview(json.dumps(outs).encode("utf-8"))
        while view:
            view = view[os.write(report, view):]
        status = 0
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        os._exit(status)


def op_fork_peer(args, as_):
    needs_fork()
    steps = args.get("steps")
    if not isinstance(as_, str) or not isinstance(steps, list):
        raise BadCase("fork_peer needs steps and a name")
    if as_ in peers:
        raise BadCase("that peer is still running")
    r, w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        raise
    if pid == 0:
        os.close(r)
        run_peer(steps, w)
    os.close(w)
    peers[as_] = (pid, r)
    return {"ok": True}


def op_wait_peer(args, as_):
    needs_fork()
    name = args.get("peer")
    if name not in peers:
        raise NoSuchName(name)
    pid, fd = peers.pop(name)
    deadline = time.monotonic() + int(args.get("timeout_ms", PEER_WAIT_MS)) / 1000
    chunks, done = [], False
    try:
        while not done:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                break
            chunk = os.read(fd, 65536)
            done = not chunk
            chunks.append(chunk)
    finally:
        os.close(fd)
    if not done:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    steps = None
    if done:
        try:
            steps = json.loads(b"".join(chunks))
        except ValueError:
            pass
        if not isinstance(steps, list):
            steps = None
    out = {}
    if os.WIFEXITED(status):
        out["exit"] = os.WEXITSTATUS(status)
    elif os.WIFSIGNALED(status):
        out["signal"] = os.WTERMSIG(status)
    out["ok"] = steps is not None and out.get("exit") == 0
    if not out["ok"]:
        out["error"] = "PEER_FAILED" if done else "PEER_TIMEOUT"
    if steps is not None:
        out["steps"] = steps
    return out


def proc_state(pid):
    """A process's scheduler state from /proc/<pid>/stat ("pid (comm) S
    ..."; comm may hold spaces and parentheses), or "" where there is none."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read()
    except OSError:
        return ""
    close = stat.rfind(b")")
    return stat[close + 2:close + 3].decode("ascii", "replace") if close >= 0 else ""


def op_wait_blocked(args, as_):
    """In a peer: until the parent sleeps in the call the case made next
    (accept, read). No call waits for another process to block, so look
    again, giving the CPU away between looks, until it sleeps or the
    deadline passes; no fixed delay."""
    if args.get("who") != "parent":
        raise BadCase('who must be "parent"')
    parent = os.getppid()
    state = proc_state(parent)
    if not state:
        raise Unsupported("no /proc/<pid>/stat here to tell whether a process sleeps")
    deadline = time.monotonic() + int(args.get("timeout_ms", PEER_WAIT_MS)) / 1000
    while state != "S" and time.monotonic() < deadline:
        os.sched_yield()
        state = proc_state(parent)
    return {"ok": True} if state == "S" else {"ok": False, "error": "ETIMEDOUT"}


# ---- socket_addrinfo_*: socket.getaddrinfo's tuples ------------------------

lists = {}        # the case's socket_addrinfo_lookup results by name
EAI_NAMES = {getattr(socket, n): n for n in dir(socket)
             if n.startswith("EAI_") and isinstance(getattr(socket, n), int)}


def op_addrinfo_lookup(args, as_):
    h = args.get("hints") or {}
    if any(isinstance(v, dict) or (isinstance(v, int) and not -2**31 <= v < 2**31)
           for v in h.values()):
        raise Unsupported("CPython's getaddrinfo takes ints for the hints")
    service = args.get("service")
    if isinstance(service, dict) or isinstance(service, int):
        service = str(port({"port": service}))
    try:
        found = socket.getaddrinfo(args["host"], service, const(h, "ai_family"),
                                   const(h, "ai_socktype"), const(h, "ai_protocol"),
                                   flags(h, "ai_flags"))
    except socket.gaierror as e:
        return {"ok": False, "error": EAI_NAMES.get(e.errno, "EAI_OTHER"),
                "native": e.errno, "message": e.strerror or ""}
    if isinstance(as_, str):
        lists[as_] = found
    return {"ok": True, "count": len(found)}


def entry(args):
    found = lists.get(args["list"])
    index = int(args.get("index", 0))
    if found is None or index >= len(found):
        raise NoSuchName(args["list"])
    return found[index]


def op_addrinfo_explain(args, as_):
    family, type_, proto, canonname, sa = entry(args)
    kind = {socket.AF_INET: "AF_INET", socket.AF_INET6: "AF_INET6"}.get(family, int(family))
    types = {C[n]: n for n in ("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW") if n in C}
    value = {"ai_family": kind, "ai_socktype": types.get(type_, "?"),
             "ai_protocol": proto}
    if canonname:
        value["ai_canonname"] = canonname
    prefix = "sin6_" if family == socket.AF_INET6 else "sin_"
    value["ai_addr"] = {prefix + "port": sa[1], prefix + "addr": sa[0]}
    # CPython's tuples leave out ai_flags (not reported); the array is the
    # driver's, made from the tuple.
    return {"ok": True, "value": value, "composed": True}


def addrinfo_socket(args, as_, connecting):
    family, type_, proto, _, sa = entry(args)
    s = socket.socket(family, type_, proto)
    try:
        (s.connect if connecting else s.bind)(sa)
    except OSError:
        s.close()
        raise
    named(s, as_)
    # CPython has no call of its own for it: socket() then bind()/connect().
    return {"ok": True, "composed": True}


def op_addrinfo_bind(args, as_):
    return addrinfo_socket(args, as_, False)


def op_addrinfo_connect(args, as_):
    return addrinfo_socket(args, as_, True)


def op_getprotobyname(args, as_):
    try:
        return {"ok": True, "ret": socket.getprotobyname(args["name"])}
    except OSError:
        return {"ok": False, "error": "NO_SUCH_PROTOCOL"}


execs = {}            # exec_peer's peers: name -> subprocess.Popen


def op_exec_peer(args, as_):
    """A program started by exec holding what exec passes on (close_fds off:
    every inheritable descriptor) until the case ends: /bin/sh reading its
    stdin."""
    import subprocess
    needs_fork()  # a POSIX process model: /bin/sh, descriptors passed on by exec
    if not isinstance(as_, str) or as_ in execs:
        raise BadCase("exec_peer needs a new name")
    held = None
    if args.get("holding") is not None:
        # the driver's own listener, inheritable, which only the exec'd
        # program holds once it is closed here
        held = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        held.set_inheritable(True)
        held.bind(address({"address": args["holding"]}))
        held.listen(1)
    try:
        # (Popen returns once the exec has happened, or raises)
        execs[as_] = subprocess.Popen(["/bin/sh", "-c", "read x"], stdin=subprocess.PIPE,
                                      close_fds=False)
    finally:
        if held is not None:
            held.close()
    return {"ok": True}

def end_case():
    """After a case: no peer survives it, no handler of it stays installed."""
    lists.clear()
    for pid, fd in peers.values():
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    peers.clear()
    for child in execs.values():
        child.kill()
        child.stdin.close()
        child.wait()
    execs.clear()
    for number, before in saved.items():
        signal.signal(number, before if before is not None else signal.SIG_DFL)
    saved.clear()
    interrupting.clear()
    caught.clear()


NOT_IN_PYTHON = {
    "socket_last_error": "CPython raises OSError at the failing call; no socket "
                         "keeps a last error",
    "socket_clear_error": "CPython keeps no last error to clear",
    "listen_backlog": "CPython has no query for the backlog in force",
    "socket_get_status": "CPython has no PHP streams: this is PHP's stream_get_meta_data "
                         "by its socket_ name",
    "socket_set_blocking": "CPython has no PHP streams: this is PHP's stream_set_blocking "
                           "by its socket_ name",
    "socket_set_timeout": "CPython has no PHP streams: this is PHP's stream_set_timeout "
                          "by its socket_ name",
}

OPS = {"socket_create": op_create, "socket_create_listen": op_create_listen,
       "socket_create_pair": op_create_pair, "socket_bind": op_bind,
       "socket_connect": op_connect, "socket_listen": op_listen,
       "socket_accept": op_accept, "socket_read": op_read, "socket_write": op_write,
       "socket_recv": op_recv, "socket_recvfrom": op_recvfrom, "socket_send": op_send,
       "socket_sendto": op_send, "socket_writev": op_writev, "socket_readv": op_readv,
       "socket_sendmsg": op_sendmsg, "socket_recvmsg": op_recvmsg,
       "socket_select": op_select, "socket_get_option": op_get_option,
       "socket_set_option": op_set_option, "socket_getsockname": op_getsockname,
       "socket_getpeername": op_getpeername, "socket_shutdown": op_shutdown,
       "socket_set_block": op_set_block, "socket_set_nonblock": op_set_nonblock,
       "socket_close": op_close, "socket_strerror": op_strerror,
       "constant": op_constant, "socket_atmark": op_atmark,
       "socket_cmsg_space": op_cmsg_space, "socket_export_stream": op_export_stream,
       "socket_import_stream": op_import_stream, "stream_write": op_stream_write,
       "stream_open_null": op_stream_open_null,
       "socket_wsaprotocol_info_export": op_wsa_export,
       "socket_wsaprotocol_info_import": op_wsa_import,
       "socket_wsaprotocol_info_release": op_wsa_release,
       "socket_addrinfo_lookup": op_addrinfo_lookup,
       "socket_addrinfo_explain": op_addrinfo_explain,
       "socket_addrinfo_bind": op_addrinfo_bind,
       "socket_addrinfo_connect": op_addrinfo_connect,
       "os_max_backlog": op_os_max_backlog, "os_listen_backlog": op_os_listen_backlog,
       "fork_peer": op_fork_peer, "wait_peer": op_wait_peer,
       "wait_blocked": op_wait_blocked, "signal_handler": op_signal_handler,
       "send_signal": op_send_signal, "signals_caught": op_signals_caught,
       "getprotobyname": op_getprotobyname, "exec_peer": op_exec_peer}



def may_sleep(op, args):
    """(socket, direction) when a restart: false handler is installed and
    this step's call is about to sleep: its blocking socket is not ready.
    Only such a call can the kernel interrupt with EINTR; the driver's own
    waits (wait_peer, select of the report pipe) never are."""
    s = names.get(args.get("socket"))
    if not interrupting or op not in WAITS or s is None or s.fileno() == -1:
        return None
    if not s.getblocking() or ready(s, WAITS[op]):
        return None
    return (s, WAITS[op])


def run_step(step):
    global waiting
    op = step.get("op", "")
    # An argument given as null is left out: PHP 8.0.0 on takes null for
    # some (a port, a length) and means the default.
    args = {k: v for k, v in (step.get("args") or {}).items() if v is not None}
    out = {"op": op}
    began = time.monotonic()
    if op not in OPS:
        if op in NOT_IN_PYTHON:
            out.update(unsupported=True, why=NOT_IN_PYTHON[op])
        else:
            out.update(unsupported=True, lacks="op")  # this driver has no such op
        return out
    try:
        if "socket" in args and args["socket"] not in names:
            out.update(ok=False, error="NO_SUCH_NAME")
            return out
        waiting = may_sleep(op, args)
        try:
            out.update(OPS[op](args, step.get("as")))
        finally:
            waiting = None
    except Unsupported as e:
        out.update(unsupported=True, why=str(e))
    except KeyError as e:
        # A constant argument CPython does not define (PROTOCOL.md): the
        # step cannot be made here.
        out.update(unsupported=True, why="CPython's socket module has no constant %s" % e)
    except BadCase as e:
        out.update(ok=False, error="BAD_CASE", message=str(e))
    except NoSuchName:
        out.update(ok=False, error="NO_SUCH_NAME")
    except (OSError, ValueError, TypeError, OverflowError) as e:
        out.update(fail(e))
    if composed(op, args) and "unsupported" not in out:
        out["composed"] = True  # failed or not
    out["elapsed_ms"] = int((time.monotonic() - began) * 1000)
    return out


def composed(op, args):
    """Whether the step is made from other calls, CPython lacking the
    function (PROTOCOL.md's compositions): socket_create_listen is
    create_server (socket, SO_REUSEADDR, bind, listen); PHP_NORMAL_READ a
    loop of recv calls; socket_set_option with an interface by name,
    if_nametoindex first. Such an outcome is no verdict on the function."""
    if op == "socket_create_listen":
        return True
    if op == "socket_set_option":
        # An interface by name: PHP's form, converted by the driver
        # (if_nametoindex) where setsockopt takes an index or a struct.
        value = args.get("value")
        return isinstance(value, str) or (isinstance(value, dict) and
                                          isinstance(value.get("interface"), str))
    try:
        return op == "socket_read" and const(args, "mode", 2) == C["PHP_NORMAL_READ"]
    except (KeyError, BadCase):
        return False


def features():
    have = []
    if hasattr(socket, "AF_UNIX"):
        have.append("af_unix")
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        have.append("ipv6")
    except OSError:
        pass
    if hasattr(socket, "SOCK_SEQPACKET") and hasattr(socket, "AF_UNIX"):
        try:
            socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET).close()
            have.append("seqpacket")
        except OSError:
            pass
    try:
        # "root": the network privileges (CAP_NET_RAW, CAP_NET_ADMIN) root
        # or a user+network namespace grants; a raw ICMP socket shows them.
        socket.socket(socket.AF_INET, socket.SOCK_RAW, 1).close()
        have.append("root")
    except OSError:
        pass
    # The operating system, for statements about one platform.
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform)
    if system:
        have.append(system)
    if hasattr(os, "fork"):
        have.append("fork")
    if hasattr(signal, "siginterrupt") and hasattr(os, "kill"):
        have.append("signals")
    return have


def main():
    global case_counter
    for line in sys.stdin:
        msg = json.loads(line)
        if msg.get("cmd") == "start":
            reply = {"implementation": "python", "version": platform.python_version(),
                     "platform": {"os": platform.system(), "os_version": platform.release(),
                                  "libc": " ".join(platform.libc_ver()).strip() or "system",
                                  "arch": platform.machine(),
                                  "compiler": "cpython %s" % platform.python_version()},
                     "features": features(), "open": 0, "protocol": 3}
        elif msg.get("cmd") == "run":
            case_counter += 1
            outs = []
            for step in msg["case"]["steps"]:
                o = run_step(step)
                outs.append(o)
                if o.get("unsupported"):
                    break
            end_case()
            for s in names.values():
                s.close()
            names.clear()
            for fd in streams.values():
                os.close(fd)
            streams.clear()
            values.clear()
            closed.clear()
            reply = {"seq": msg["seq"], "steps": outs, "open": 0}
        else:
            break
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
