#!/usr/bin/env python3
"""A loop that leaks exactly 64 bytes per iteration on purpose, in `leak_64_bytes`, so
that MemLoop (and the probe's tests) can show they see a known leak at its true size.

The leak is one `bytes` object per building iteration, kept in a list whose slots are
all reserved before the loop: the list never grows, so the bytes objects are the only
growth. A bytes object of length 31 is 33 + 31 = 64 bytes, exactly jemalloc's 64-byte
size class (with PYTHONMALLOC=malloc). Only arms that build (clear, noclear) leak; the
control arm does not. --no-leak turns the leak off.

By hand: --arm, --iterations, --warm-up, --output; under MemLoop the environment wins."""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Probe"))
import memloop_probe  # noqa: E402

LEAK_PAYLOAD = 31  # sys.getsizeof(bytes(31)) == 64
_KEPT = []


def leak_64_bytes(slot):
    """The deliberate leak: a new 64-byte object, kept for the rest of the run."""
    _KEPT[slot] = bytes(LEAK_PAYLOAD)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-leak", action="store_true", help="leak nothing (a clean loop)")
    parser.add_argument("--arm", choices=list(memloop_probe.ARMS), default="noclear")
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    probe = memloop_probe.loop(iterations=args.iterations, warmup=args.warm_up, arm=args.arm, output=args.output)
    _KEPT[:] = [None] * probe.total  # every slot reserved before the measured window
    for it in probe:
        if it.builds and not args.no_leak:
            leak_64_bytes(it.index)


if __name__ == "__main__":
    main()
