#!/usr/bin/env python3
"""Stand-ins for what real runtimes do to a loop's memory, each with a known answer, so
that MemLoop's verdicts can be checked against the truth without installing a framework
(Scripts/runtime_shapes.sh runs each one repeatedly and tabulates the verdicts).

Shapes (--shape):
  threads       a clean loop that starts and joins one thread per iteration, as a data
                loader or a runtime's pool does: nothing is retained (not growing)
  worker-leak   a persistent worker thread keeps one 64-byte object per iteration the
                loop hands it: GROWING at 64 B/iteration, none of it on the loop's thread
  late-leak     clean until the 60th measured iteration, then 1 KiB kept per iteration:
                GROWING, however early a sequential run looks
  cache         a cache that keeps 1 KiB per iteration for the first 40 measured
                iterations, then nothing: growth that stops (SLOWING), not a steady leak
  noisy         flat, but each iteration holds a random 0–200 KB buffer of its own at
                sampling time (the level wanders): not growing
  clean         nothing at all: not growing
  evicting      keeps one small object in a reference cycle per iteration, then at the
                20th measured iteration drops them all, as a cache evicted in cycles does:
                the probe's collections (which freeze what survives them) miss the
                evicted cycles, and its check after the loop finds them and warns which
                samples may count them

Every object kept is stored in slots reserved before the loop, so only the shape's own
bytes are growth. Only the building arms (clear, noclear) run the shape; the control arm
runs nothing. By hand: --arm, --iterations, --warm-up, --output; under MemLoop the
environment wins.

Exit codes: 0 ok; 3 jemalloc not in charge; 64 bad arguments; 130 interrupted."""
import argparse
import os
import queue
import random
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Probe"))
import memloop_probe  # noqa: E402

SHAPES = ("threads", "worker-leak", "late-leak", "cache", "noisy", "clean", "evicting")
LEAK_64 = 31  # len(bytes(31)) objects are 64 bytes with PYTHONMALLOC=malloc
KIB = 1024 - 33  # a bytes object of this length is 1,024 bytes
LATE_START, CACHE_FILL, EVICT_AT = 60, 40, 20
NOISE_MAX = 200_000


def _touch():
    """A thread's body: allocate and free a little, retain nothing."""
    scratch = [bytes(100) for _ in range(8)]
    del scratch


class Worker:
    """A thread that outlives the loop and keeps what it is told to, in reserved slots."""

    def __init__(self, slots):
        self.kept = [None] * slots
        self.requests = queue.SimpleQueue()
        self.done = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            slot = self.requests.get()
            if slot is None:
                return
            self.kept[slot] = bytes(LEAK_64)
            self.done.put(True)

    def keep(self, slot):
        self.requests.put(slot)
        self.done.get()  # the next sample sees the object


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=SHAPES, required=True)
    parser.add_argument("--seed", type=int, default=None, help="seed of the noisy shape's sizes")
    parser.add_argument("--arm", choices=list(memloop_probe.ARMS), default="clear")
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    probe = memloop_probe.loop(iterations=args.iterations, warmup=args.warm_up, arm=args.arm, output=args.output)
    kept = [None] * probe.total  # every slot reserved before the measured window
    worker = Worker(probe.total) if args.shape == "worker-leak" else None
    rng = random.Random(args.seed)
    noise = None
    for it in probe:
        if not it.builds:
            continue
        measured = it.index - probe.warmup_iterations
        if args.shape == "threads":
            thread = threading.Thread(target=_touch)
            thread.start()
            thread.join()
        elif args.shape == "worker-leak":
            worker.keep(it.index)
        elif args.shape == "late-leak" and measured >= LATE_START:
            kept[it.index] = bytes(KIB)
        elif args.shape == "cache" and 0 <= measured < CACHE_FILL:
            kept[it.index] = bytes(KIB)
        elif args.shape == "evicting" and measured < EVICT_AT:
            node = [None]
            node[0] = node  # a cycle: only the garbage collector frees it
            kept[it.index] = node
        elif args.shape == "evicting" and measured == EVICT_AT:
            for slot in range(len(kept)):
                kept[slot] = None
        elif args.shape == "noisy":
            noise = None
            noise = bytearray(rng.randrange(NOISE_MAX))
    del noise, kept
    if worker is not None:
        worker.requests.put(None)
        worker.thread.join()


if __name__ == "__main__":
    main()
