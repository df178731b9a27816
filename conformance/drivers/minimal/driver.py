# SPDX-License-Identifier: MIT
"""The smallest driver PROTOCOL.md allows, over Python's socket module: it
answers start, run and stop, implements socket_create and socket_close, and
says "unsupported" for every other operation. A template to copy for your
own implementation; `./psock run --driver "python3 driver.py" --name mine`
runs the whole suite against it.
"""
import json
import socket
import sys

DOMAINS = {"AF_INET": socket.AF_INET, "AF_INET6": socket.AF_INET6,
           "AF_UNIX": getattr(socket, "AF_UNIX", None)}
TYPES = {"SOCK_STREAM": socket.SOCK_STREAM, "SOCK_DGRAM": socket.SOCK_DGRAM}
names = {}  # the case's sockets, by the names its steps give them


def constant(table, value):
    return table.get(value) if isinstance(value, str) else value


def socket_create(args, as_):
    try:
        s = socket.socket(constant(DOMAINS, args.get("domain")),
                          constant(TYPES, args.get("type")), args.get("protocol", 0)
                          if isinstance(args.get("protocol", 0), int) else 0)
    except (OSError, TypeError) as e:
        import errno
        return {"ok": False, "error": errno.errorcode.get(getattr(e, "errno", 0) or 0,
                                                          "EINVAL")}
    if isinstance(as_, str):
        names[as_] = s
    else:
        s.close()
    return {"ok": True}


def socket_close(args, as_):
    # The name stays: a later step may use the closed socket on purpose.
    s = names.get(args.get("socket"))
    if s is None:
        return {"ok": False, "error": "NO_SUCH_NAME"}
    if s.fileno() == -1:  # closed already
        return {"ok": False, "error": "EBADF"}
    s.close()
    return {"ok": True}


OPS = {"socket_create": socket_create, "socket_close": socket_close}


def run(case):
    outcomes = []
    for step in case["steps"]:
        op = OPS.get(step["op"])
        if op is None:  # stop here: running on without it could only hang
            outcomes.append({"op": step["op"], "unsupported": True, "lacks": "op"})
            break
        outcomes.append(dict(op(step.get("args", {}), step.get("as")), op=step["op"]))
    for s in names.values():
        s.close()
    names.clear()
    return outcomes


def main():
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["cmd"] == "start":
            reply = {"implementation": "minimal", "version": "1",
                     "platform": {"os": sys.platform}, "features": [], "open": 0,
                     "protocol": 3}
        elif msg["cmd"] == "run":
            reply = {"seq": msg["seq"], "steps": run(msg["case"]), "open": 0}
        else:
            break
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
