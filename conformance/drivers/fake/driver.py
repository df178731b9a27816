# SPDX-License-Identifier: MIT
"""Drivers that run nothing, for ./psock mutants: a case that passes against
either cannot fail, since no socket was ever made.

  python3 driver.py always-ok   every step answers {"op": ..., "ok": true}
  python3 driver.py bare        every step answers {"op": ...} alone
  python3 driver.py always-fails  every step answers {"op": ..., "ok": false}
  python3 driver.py unsupported   every step answers {"op": ..., "unsupported": true}

`unsupported` is a driver that claims the implementation lacks everything:
it gets no verdict, so it must never come out green -- ./psock run exits 2
(no verdict) and a --min-coverage gate fails it.

All claim every feature and every psock extension, so every case is sent to
them; `bare` breaks protocol 3 (an outcome needs "ok" or "unsupported"), and
the harness must say so rather than judge silence as agreement.
"""
import json
import sys

OUTCOME = {"always-ok": {"ok": True}, "bare": {}, "always-fails": {"ok": False},
           "unsupported": {"unsupported": True}}


def main(mode):
    extra = OUTCOME[mode]
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["cmd"] == "start":
            reply = {"implementation": "fake-" + mode, "version": "0", "protocol": 3,
                     "platform": {"os": sys.platform}, "open": 0, "extensions": ["psock"],
                     "features": ["af_unix", "fork", "ipv6", "seqpacket", "signals"]}
        elif msg["cmd"] == "run":
            reply = {"seq": msg["seq"], "open": 0,
                     "steps": [dict(extra, op=s["op"]) for s in msg["case"]["steps"]]}
        else:
            break
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in OUTCOME:
        sys.exit("usage: driver.py " + "|".join(OUTCOME))
    main(sys.argv[1])
