#!/usr/bin/env python3
"""Runs the seed's model-building loop in real Keras, one process per arm, and merges
the arms' samples into one samples.csv (MemLoop's schema 1, Reports/README.md) for
`memloop analyze` and `memloop compare`.

A thin driver: each arm is Examples/python/seed_loop.py, started the way `memloop run
--command` starts it (the loop protocol: MEMLOOP_ARM, MEMLOOP_ITERATIONS,
MEMLOOP_WARMUP, MEMLOOP_SAMPLES, with LD_PRELOAD of the system's libjemalloc.so.2 and
PYTHONMALLOC=malloc), and the Python probe (Probe/memloop_probe.py) does the sampling
into storage reserved before the loop. So the figures are Keras' plus a probe that
retains nothing per iteration (its empty control arm is flat to the byte); the earlier
version of this script kept a list per iteration and added ~500 B/iteration of its own.

What it measures: per-thread live bytes of the loop's thread and, after
thread.tcache.flush and epoch, stats.allocated/active/resident/mapped/retained/metadata.
TensorFlow allocates on worker threads too, so stats.allocated is the figure to read for
Keras. gc.collect() runs before every sample (--no-gc to skip it; --gc is accepted for
older command lines and changes nothing).

Exit codes: 0 success; 1 Keras/TensorFlow not installed (the message gives the pip
line); 3 jemalloc missing or not the active allocator; 8 an arm's process failed;
64 bad arguments; 130 interrupted.

Usage:
  .venv-keras/bin/python Scripts/keras_loop.py --output Reports/keras/unbuilt/samples.csv
  .venv-keras/bin/python Scripts/keras_loop.py --input-size 10 --output Reports/keras/built/samples.csv
"""
import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_LOOP = os.path.join(ROOT, "Examples", "python", "seed_loop.py")
sys.path.insert(0, os.path.join(ROOT, "Probe"))
import memloop_probe  # noqa: E402


def fail(code, message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


def run_arm(args, arm, samples):
    """One arm in its own process under jemalloc, speaking the loop protocol; its exit status."""
    library = memloop_probe.find_jemalloc()
    if library is None:
        fail(3, "libjemalloc.so.2 not found: sudo apt-get install libjemalloc2 (or run Scripts/install-deps.sh)")
    environment = dict(os.environ, MEMLOOP_PROTOCOL="1", MEMLOOP_ARM=arm, MEMLOOP_ITERATIONS=str(args.iterations),
                       MEMLOOP_WARMUP=str(args.warm_up), MEMLOOP_SAMPLES=samples, LD_PRELOAD=library,
                       PYTHONMALLOC="malloc", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    command = [sys.executable] + (["-S"] if sys.flags.no_site else []) + [
        SEED_LOOP, "--api", args.api, "--layers", str(args.layers), "--units", str(args.units),
        "--models-per-iteration", str(args.models_per_iteration)]
    if args.input_size:
        command += ["--model", "built", "--input-size", str(args.input_size)]
    if args.no_gc:
        command.append("--no-gc")
    return subprocess.call(command, env=environment)


def write_merged(path, parts):
    """The arms' rows under one header, written beside `path` and renamed into place."""
    lines = [memloop_probe.HEADER + "\n"]
    for part in parts:
        with open(part) as handle:
            rows = handle.readlines()
        if not rows or rows[0].strip() != memloop_probe.HEADER:
            fail(8, f"{part}: not a samples file from the probe")
        lines.extend(rows[1:])
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".samples-", suffix=".tmp")
    with os.fdopen(handle, "w") as out:
        out.writelines(lines)
    os.replace(temporary, path)
    return len(lines) - 1


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", required=True, help="CSV file to write (MemLoop's samples schema)")
    parser.add_argument("--api", choices=["tf-keras", "keras3"], default="tf-keras",
                        help="tf-keras (Keras 2 API, tf.keras.backend.clear_session) or keras3 (keras.utils.clear_session)")
    parser.add_argument("--arms", nargs="+", choices=list(memloop_probe.ARMS), default=["clear", "noclear"])
    parser.add_argument("--iterations", type=positive, default=100)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--models-per-iteration", type=positive, default=1)
    parser.add_argument("--layers", type=positive, default=10)
    parser.add_argument("--units", type=positive, default=10)
    parser.add_argument("--input-size", type=positive, default=None, help="build each model on this many inputs")
    parser.add_argument("--no-gc", action="store_true", help="no gc.collect() before each sample")
    parser.add_argument("--gc", action="store_true", help=argparse.SUPPRESS)  # the default now
    parser.add_argument("--single-arm", choices=list(memloop_probe.ARMS), help="run only this arm")
    args = parser.parse_args()
    if args.warm_up < 0:
        parser.error("--warm-up must be at least 0")
    arms = [args.single_arm] if args.single_arm else args.arms
    with tempfile.TemporaryDirectory() as folder:
        parts = []
        for arm in arms:
            part = os.path.join(folder, f"{arm}.csv")
            status = run_arm(args, arm, part)
            if status != 0:
                sys.exit(status if status in (1, 3, 64, 130) else 8)
            parts.append(part)
        rows = write_merged(args.output, parts)
    print(f"wrote {args.output} ({rows} rows); analyse it with: memloop analyze {args.output}")


if __name__ == "__main__":
    main()
