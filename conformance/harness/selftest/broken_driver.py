# SPDX-License-Identifier: MIT
"""A driver that breaks the protocol on purpose, one way per case id, for the
harness's self-tests (test_selftest.py). Every other case gets a correct
reply: one outcome per step, {"ok": true}.

  python3 broken_driver.py
"""
import json
import os
import sys

BASELINE = 3  # what it claims to have open before any case


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def good(msg):
    steps = [{"op": s.get("op"), "ok": True} for s in msg["case"]["steps"]]
    return {"seq": msg["seq"], "steps": steps, "open": BASELINE}


for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("cmd") == "start":
        reply({"implementation": "broken", "features": [], "open": BASELINE,
               "protocol": 3})
        continue
    if msg.get("cmd") == "stop":
        break
    how = msg["case"]["id"].split("/", 1)[1]
    if how == "bad-json":
        sys.stdout.write("{this is not json\n")
        sys.stdout.flush()
    elif how == "not-object":
        reply([1, 2, 3])
    elif how == "wrong-seq":
        reply(dict(good(msg), seq=msg["seq"] - 1))
    elif how == "no-steps":
        reply({"seq": msg["seq"], "open": BASELINE})
    elif how == "extra-line":
        reply(good(msg))
        reply({"seq": 999999, "steps": [], "open": BASELINE})  # a stray line
    elif how == "huge-line":
        sys.stdout.write('{"seq": %d, "pad": "%s"}\n' % (msg["seq"], "x" * (17 << 20)))
        sys.stdout.flush()
    elif how == "leak":
        reply(dict(good(msg), open=BASELINE + 1))
    elif how == "exit":
        sys.stderr.write("broken: exiting on purpose\n")
        sys.stderr.flush()
        sys.exit(3)
    elif how == "close-stdout":
        os.close(1)  # the descriptor itself: sys.stdout.close() keeps it
        sys.stdin.read()  # alive until the harness ends it
        break
    elif how == "hang":
        sys.stdin.read()  # no reply, ever: until the harness ends it
        break
    else:
        reply(good(msg))
