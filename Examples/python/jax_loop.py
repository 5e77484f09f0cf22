#!/usr/bin/env python3
"""A JAX model-building loop — per iteration, fresh parameters for a small MLP (ten
10×10 dense layers, as the seed's model) drawn with jax.random, and one jitted forward
pass on them — measured by MemLoop's Python probe.

The forward function is jitted once, outside the loop, as a real user loop does; every
iteration has the same shapes, so it compiles once (in warm-up) and every later call
hits jit's cache. The clear arm calls jax.clear_caches() at the start of each iteration
(--clear caches, the default): the compiled forward and jax.random's own jitted kernels
are dropped and recompiled, which is the nearest JAX has to clear_session() (it is slow:
a compilation per iteration). --clear none makes the clear arm the same as noclear.
Without --leak, nothing is retained per iteration in any arm: the loop is clean.

--leak keeps each iteration's parameters (20 arrays, 1,100 float32 = 4,400 B of data)
in a module-level list whose slots are reserved before the loop (a planted leak).
--platform cuda (or tpu, rocm) runs on that device instead of the CPU: the probe then
records device_bytes (memory_stats()["bytes_in_use"]) beside jemalloc's readings.

XLA allocates on worker threads; MemLoop sees it and decides on process-wide
stats.allocated (the footer says why). Under MemLoop: `memloop run --command ".venv-jax/bin/python
Examples/python/jax_loop.py"`. By hand, --arm, --iterations, --warm-up, --output apply.

Exit codes: 0 ok; 1 JAX not installed; 3 jemalloc not in charge; 64 bad arguments;
130 interrupted."""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Probe"))
import memloop_probe  # noqa: E402

KEPT = []  # the planted leak (--leak): every iteration's parameters, one reserved slot each


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layers", type=positive, default=10)
    parser.add_argument("--units", type=positive, default=10)
    parser.add_argument("--clear", choices=["caches", "none"], default="caches",
                        help="what the clear arm resets: jax.clear_caches() (default) or nothing")
    parser.add_argument("--leak", action="store_true", help="keep every iteration's parameters (planted leak)")
    parser.add_argument("--platform", default=None,
                        help="JAX_PLATFORMS for the run (default: the caller's, else cpu; e.g. cuda: the probe then "
                             "records device_bytes)")
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
    memloop_probe.ensure_jemalloc()  # before importing JAX, so a re-run does not import it twice
    if args.platform:
        os.environ["JAX_PLATFORMS"] = args.platform
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    try:
        import jax
        import jax.numpy as jnp
    except ImportError as error:
        print(f"error: JAX is not installed ({error}); run Scripts/frameworks_setup.sh jax", file=sys.stderr)
        sys.exit(1)

    def init(key):
        params = []
        for k in jax.random.split(key, args.layers):
            w_key, b_key = jax.random.split(k)
            params.append((jax.random.normal(w_key, (args.units, args.units)) * 0.1,
                           jax.random.normal(b_key, (args.units,)) * 0.1))
        return params

    @jax.jit
    def forward(params, x):
        for w, b in params:
            x = jnp.tanh(x @ w + b)
        return x

    base_key = jax.random.key(0)
    x = jnp.ones((1, args.units))
    probe = memloop_probe.loop(iterations=args.iterations, warmup=args.warm_up, arm=args.arm, output=args.output)
    if args.leak:
        KEPT[:] = [None] * probe.total  # slots reserved before the measured window
    params = out = None
    for it in probe:
        if it.clears and args.clear == "caches":
            jax.clear_caches()
        if it.builds:
            params = init(jax.random.fold_in(base_key, it.index))
            out = forward(params, x)
            out.block_until_ready()
            if args.leak:
                KEPT[it.index] = params
    del params, out


if __name__ == "__main__":
    main()
