#!/usr/bin/env python3
"""Runs the seed's model-building loop in real Keras under jemalloc and writes
samples.csv in MemLoop's schema (Reports/README.md), for `memloop analyze` and
`memloop compare`.

Each arm (clear: clear_session() at the start of every iteration; noclear: never)
runs in its own Python process with Debian's libjemalloc.so.2 preloaded and
PYTHONMALLOC=malloc, so that jemalloc serves every allocation, Python's own included.
Readings come from mallctl through ctypes: per-thread live bytes
(thread.allocated - thread.deallocated of the loop's thread) and, after
thread.tcache.flush and epoch, stats.allocated/active/resident/mapped/retained/metadata.
TensorFlow allocates on worker threads too, so stats.allocated is the figure to read
for Keras; live_bytes only sees the loop's thread. The GraphCore census columns do not
exist here and are left out.

Exit codes: 0 success; 1 Keras/TensorFlow not installed (the message gives the pip
line); 3 jemalloc missing or not the active allocator (the message gives the apt line);
8 an arm's process failed; 64 bad arguments.

Usage:
  .venv-keras/bin/python Scripts/keras_loop.py --output Reports/keras/unbuilt/samples.csv
  .venv-keras/bin/python Scripts/keras_loop.py --input-size 10 --output Reports/keras/built/samples.csv
"""
import argparse
import ctypes
import csv
import gc
import os
import subprocess
import sys
import tempfile
import time

COLUMNS = ["arm", "iteration", "models_built", "elapsed_ns", "live_bytes", "allocated", "active",
           "resident", "mapped", "retained", "metadata", "warmup", "loop_ns"]
STATS = ["allocated", "active", "resident", "mapped", "retained", "metadata"]
JEMALLOC_PATHS = ["/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
                  "/usr/lib64/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2"]
EFAULT = 14


def fail(code, message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


def find_jemalloc():
    for path in JEMALLOC_PATHS:
        if os.path.exists(path):
            return path
    return None


class Jemalloc:
    """mallctl readings of the preloaded jemalloc, refusing to measure when it is not in charge."""

    def __init__(self):
        try:
            lib = ctypes.CDLL("libjemalloc.so.2", mode=ctypes.RTLD_GLOBAL)
        except OSError:
            fail(3, "libjemalloc.so.2 not found: sudo apt-get install libjemalloc-dev (or libjemalloc2)")
        self.mallctl = lib.mallctl
        self.mallctl.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
        self.mallctl.restype = ctypes.c_int
        process = ctypes.CDLL(None)
        self.malloc, self.free = process.malloc, process.free
        self.malloc.argtypes, self.malloc.restype = [ctypes.c_size_t], ctypes.c_void_p
        self.free.argtypes, self.free.restype = [ctypes.c_void_p], None
        self.allocated_p = self._pointer(b"thread.allocatedp")
        self.deallocated_p = self._pointer(b"thread.deallocatedp")
        self._value = ctypes.c_size_t()
        self._length = ctypes.c_size_t(ctypes.sizeof(ctypes.c_size_t))
        self._epoch = ctypes.c_uint64(1)
        self._names = [(name, f"stats.{name}".encode()) for name in STATS]

    def _pointer(self, name):
        value = ctypes.c_void_p()
        length = ctypes.c_size_t(ctypes.sizeof(value))
        code = self.mallctl(name, ctypes.byref(value), ctypes.byref(length), None, 0)
        if code != 0:
            fail(3, f"mallctl({name.decode()}) failed with {code}: jemalloc is not the active allocator")
        return ctypes.cast(value, ctypes.POINTER(ctypes.c_uint64))

    def thread_allocated(self):
        return self.allocated_p[0]

    def live_bytes(self):
        return self.allocated_p[0] - self.deallocated_p[0]

    def check_active(self):
        """A fresh 1 MiB malloc must move thread.allocated by at least 1 MiB."""
        before = self.thread_allocated()
        block = self.malloc(1 << 20)
        after = self.thread_allocated()
        self.free(block)
        moved = after - before
        if moved < 1 << 20:
            fail(3, f"jemalloc is NOT the active allocator (a 1 MiB malloc moved thread.allocated by {moved} bytes); "
                    f"run with LD_PRELOAD={find_jemalloc() or '/usr/lib/<triple>/libjemalloc.so.2'}")

    def snapshot(self):
        code = self.mallctl(b"thread.tcache.flush", None, None, None, 0)
        if code not in (0, EFAULT):
            fail(3, f"thread.tcache.flush failed with {code}")
        self.mallctl(b"epoch", None, None, ctypes.byref(self._epoch), ctypes.sizeof(self._epoch))
        readings = {}
        for name, key in self._names:
            self._length.value = ctypes.sizeof(ctypes.c_size_t)
            code = self.mallctl(key, ctypes.byref(self._value), ctypes.byref(self._length), None, 0)
            if code != 0:
                fail(3, f"mallctl(stats.{name}) failed with {code}: is jemalloc built with statistics?")
            readings[name] = self._value.value
        return readings


def load_keras(api):
    """Returns (Sequential, Dense, Input, clear_session, version string)."""
    try:
        if api == "tf-keras":
            import tensorflow as tf  # noqa: F401
            import tf_keras as keras
            return (keras.Sequential, keras.layers.Dense, keras.layers.Input, keras.backend.clear_session,
                    f"TensorFlow {tf.__version__} / tf-keras {keras.__version__}")
        import keras
        return (keras.Sequential, keras.layers.Dense, keras.layers.Input, keras.utils.clear_session,
                f"Keras {keras.__version__} ({keras.backend.backend()} backend)")
    except ImportError as error:
        line = "pip install 'tensorflow-cpu==2.21.*' 'tf-keras==2.21.*'" if api == "tf-keras" else "pip install keras tensorflow-cpu"
        fail(1, f"{api} is not installed ({error}); run Scripts/keras_setup.sh or: {line}")


def run_arm(args):
    """The measured loop: one arm, this process."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    jemalloc = Jemalloc()
    jemalloc.check_active()
    Sequential, Dense, Input, clear_session, version = load_keras(args.api)
    print(f"[{args.single_arm}] {version}", file=sys.stderr)

    def build():
        layers = [Dense(args.units) for _ in range(args.layers)]
        if args.input_size:
            return Sequential([Input(shape=(args.input_size,))] + layers)
        return Sequential(layers)

    rows = []
    start = time.monotonic_ns()
    loop_ns = 0  # clear_session() and building only: no gc.collect(), no sampling
    built = 0
    total = args.warm_up + args.iterations
    for iteration in range(total):
        body_start = time.monotonic_ns()
        if args.single_arm == "clear":
            clear_session()
        for _ in range(args.models_per_iteration):
            model = build()  # noqa: F841 — rebound each time, as in the seed's loop
            built += 1
        loop_ns += time.monotonic_ns() - body_start
        if args.gc:
            gc.collect()
        elapsed = time.monotonic_ns() - start
        live = jemalloc.live_bytes()
        stats = jemalloc.snapshot()
        rows.append([args.single_arm, iteration, built, elapsed, live] + [stats[name] for name in STATS]
                    + [1 if iteration < args.warm_up else 0, loop_ns])
        if sys.stderr.isatty() and (iteration + 1) % max(1, total // 100) == 0:
            print(f"\r[{args.single_arm}] {iteration + 1}/{total} iterations", end="", file=sys.stderr)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    write_csv(args.output, rows)


def write_csv(path, rows):
    """Writes to a temporary file beside `path`, then renames it into place."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".samples-", suffix=".tmp")
    with os.fdopen(handle, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    os.replace(temporary, path)


def run_all(args):
    """Each arm in its own process under jemalloc; their rows merged into one CSV."""
    library = find_jemalloc()
    if library is None:
        fail(3, "libjemalloc.so.2 not found: sudo apt-get install libjemalloc-dev")
    environment = dict(os.environ, LD_PRELOAD=library, PYTHONMALLOC="malloc", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for arm in args.arms:
            part = os.path.join(folder, f"{arm}.csv")
            command = [sys.executable, os.path.abspath(__file__), "--single-arm", arm, "--output", part,
                       "--api", args.api, "--iterations", str(args.iterations), "--warm-up", str(args.warm_up),
                       "--models-per-iteration", str(args.models_per_iteration), "--layers", str(args.layers),
                       "--units", str(args.units)] + (["--input-size", str(args.input_size)] if args.input_size else []) \
                + (["--gc"] if args.gc else [])
            status = subprocess.call(command, env=environment)
            if status != 0:
                sys.exit(status if status in (1, 3) else 8)
            with open(part, newline="") as handle:
                rows.extend(list(csv.reader(handle))[1:])
    write_csv(args.output, rows)
    print(f"wrote {args.output} ({len(rows)} rows); analyse it with: memloop analyze {args.output}")


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
    parser.add_argument("--arms", nargs="+", choices=["clear", "noclear"], default=["clear", "noclear"])
    parser.add_argument("--iterations", type=positive, default=100)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--models-per-iteration", type=positive, default=1)
    parser.add_argument("--layers", type=positive, default=10)
    parser.add_argument("--units", type=positive, default=10)
    parser.add_argument("--input-size", type=positive, default=None, help="build each model on this many inputs")
    parser.add_argument("--gc", action="store_true", help="gc.collect() after every iteration (less noise)")
    parser.add_argument("--single-arm", choices=["clear", "noclear"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.warm_up < 0:
        parser.error("--warm-up must be at least 0")
    if args.single_arm:
        run_arm(args)
    else:
        run_all(args)


if __name__ == "__main__":
    main()
