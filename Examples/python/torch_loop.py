#!/usr/bin/env python3
"""A PyTorch model-building loop — a torch.nn.Sequential of ten nn.Linear(10, 10) per
iteration — measured by MemLoop's Python probe.

PyTorch keeps no global registry of modules: a model that is no longer referenced is
freed, so the clear arm has nothing to clear (it runs nothing extra unless
--clear-gc, which calls gc.collect() — the probe collects before each sample anyway).
Without --leak, nothing is retained per iteration in any arm: the loop is clean.

--forward runs one forward pass on a (1, 10) input per model, under torch.no_grad().
--device cuda builds the models on the GPU: the probe then records device_bytes
(torch.cuda.memory_allocated()) beside jemalloc's readings (Scripts/device_memory.sh).
--leak keeps every model in a module-level list whose slots are reserved before the
loop (a planted leak: ~52.9 KB per model as jemalloc sees it; the list never grows).

PyTorch allocates on worker threads; MemLoop sees it and decides on process-wide
stats.allocated (the footer says why). Under MemLoop: `memloop run --command ".venv-torch/bin/python
Examples/python/torch_loop.py"`. By hand, --arm, --iterations, --warm-up, --output apply.

Exit codes: 0 ok; 1 PyTorch not installed; 3 jemalloc not in charge; 64 bad arguments;
130 interrupted."""
import argparse
import gc
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Probe"))
import memloop_probe  # noqa: E402

KEPT = []  # the planted leak (--leak): every model built, one reserved slot each


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layers", type=positive, default=10)
    parser.add_argument("--units", type=positive, default=10)
    parser.add_argument("--forward", action="store_true", help="one forward pass per model")
    parser.add_argument("--leak", action="store_true", help="keep every model (planted leak)")
    parser.add_argument("--clear-gc", action="store_true", help="the clear arm calls gc.collect()")
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: PyTorch's default)")
    parser.add_argument("--device", default="cpu",
                        help="where the models live (e.g. cuda; the probe then records device_bytes)")
    by_hand = parser.add_argument_group("by hand (ignored under MemLoop, which sets them)")
    by_hand.add_argument("--arm", choices=list(memloop_probe.ARMS), default="clear")
    by_hand.add_argument("--iterations", type=positive, default=100)
    by_hand.add_argument("--warm-up", type=int, default=10)
    by_hand.add_argument("--output", help="samples CSV (default ./memloop-samples-<arm>.csv)")
    args = parser.parse_args(argv)
    if args.warm_up < 0:
        parser.error("--warm-up must be at least 0")
    return args


def main(argv=None):
    args = parse(argv)
    memloop_probe.ensure_jemalloc()  # before importing torch, so a re-run does not import it twice
    try:
        import torch
    except ImportError as error:
        print(f"error: PyTorch is not installed ({error}); run Scripts/frameworks_setup.sh torch", file=sys.stderr)
        sys.exit(1)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    nn = torch.nn
    x = torch.zeros(1, args.units, device=args.device)

    def build():
        return nn.Sequential(*[nn.Linear(args.units, args.units) for _ in range(args.layers)]).to(args.device)

    probe = memloop_probe.loop(iterations=args.iterations, warmup=args.warm_up, arm=args.arm, output=args.output)
    if args.leak:
        KEPT[:] = [None] * probe.total  # slots reserved before the measured window
    model = None
    for it in probe:
        if it.clears and args.clear_gc:
            gc.collect()
        if it.builds:
            model = build()  # rebound each iteration: the previous model is freed
            if args.forward:
                with torch.no_grad():
                    model(x)
            if args.leak:
                KEPT[it.index] = model
    del model


if __name__ == "__main__":
    main()
