"""A fast loop (one ujson.dumps of a small dict per iteration) for Scripts/probe_overhead.sh.

--bare: a plain for loop; prints the loop's own seconds on stdout.
--timed: the same body in memloop_probe.loop(), run with the protocol's variables set by
  the caller (not under `memloop run`); prints the seconds from the first iteration to the
  end of the loop on stdout, to time the probe's iterator apart from its samples.
otherwise: the same body in memloop_probe.loop() (under `memloop run`, or by hand).
"""
import os
import sys
import time

import ujson

RECORD = {"layer": "dense_1", "units": 10, "weights": [0.5] * 8, "trainable": True}
ITERATIONS = int(os.environ.get("OVERHEAD_ITERATIONS", "20000"))

if "--bare" in sys.argv:
    start = time.perf_counter()
    for _ in range(ITERATIONS):
        ujson.dumps(RECORD)
    print(f"{time.perf_counter() - start:.6f}")
else:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Probe"))
    from memloop_probe import loop

    timed, start = "--timed" in sys.argv, None
    for it in loop():
        if start is None:
            start = time.perf_counter()
        if it.builds:
            ujson.dumps(RECORD)
    if timed:
        print(f"{time.perf_counter() - start:.6f}")
