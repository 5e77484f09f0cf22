#!/usr/bin/env python3
"""A deliberately broken loop: it keeps a row of bookkeeping per iteration in a growing
list — what a naive sampler does — in every arm, the control arm included. MemLoop's
control check must fail on it (the control arm is not CONSTANT), which proves the check
can fail.

By hand: --arm, --iterations, --warm-up, --output; under MemLoop the environment wins."""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Probe"))
import memloop_probe  # noqa: E402

_HISTORY = []


def record_iteration(arm, index):
    """The mistake: a new list per iteration, appended to a list that grows."""
    _HISTORY.append([arm, index, time.monotonic_ns()])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arm", choices=list(memloop_probe.ARMS), default="control")
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    for it in memloop_probe.loop(iterations=args.iterations, warmup=args.warm_up, arm=args.arm, output=args.output):
        record_iteration(it.arm, it.index)


if __name__ == "__main__":
    main()
