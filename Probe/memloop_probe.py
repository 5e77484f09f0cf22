"""MemLoop's Python probe: makes a Python model-building loop speak MemLoop's loop
protocol in three lines, and measures it with the real allocator's own counters.

    from memloop_probe import loop
    for it in loop():
        if it.clears: keras.backend.clear_session()
        if it.builds: model = build_model()
        it.record("cache_entries", len(cache))  # optional: a user metric column

User metrics: `it.record(name, value)` stores a finite number under a name matching
[a-z][a-z0-9_]{0,63} that is not a built-in column (at most 16 names; a name ending in
_bytes counts bytes, others count things); the latest value recorded before a sample is
stored with that sample, as a column after the protocol's (empty until first recorded).
Their storage is reserved before the loop too. A bad name or value: exit 64, no file.
device_bytes is recorded without asking when the loop imported a framework with a device:
torch.cuda.memory_allocated() (torch imported, torch.cuda.is_available()), the first
non-CPU jax device's memory_stats()["bytes_in_use"] (jax imported), TensorFlow's
get_memory_info("GPU:0")["current"] (tensorflow imported, a GPU listed); their sum when
several are. The probe never imports a framework; it looks for them until the warm-up ends;
a reader that raises is switched off with one warning; loop(device_memory=False) or a
loop's own record("device_bytes", ...) switches them off.

Why it is written the way it is: the probe runs *inside* the loop it measures, so every
byte it keeps per iteration would be reported as the loop's growth (an earlier script
appended a list per iteration and reported ~500 B/iteration of its own). So all sample
storage is one array reserved before the loop, `it` is a single reused object (yielded by
C-level segments, so an iteration with nothing due runs none of the probe's Python code),
mallctl names are prebuilt bytes and its buffers are prebuilt ctypes objects. Whatever
the sampler allocates while sampling is freed before the next sample.

Readings come from jemalloc (LD_PRELOAD of libjemalloc.so.2, PYTHONMALLOC=malloc so
that small Python objects reach malloc too): live_bytes = thread.allocated -
thread.deallocated of the loop's thread, and stats.* after thread.tcache.flush and
epoch. The probe refuses to measure (exit 3) unless jemalloc is behaviourally in charge.

Environment (set by `memloop run --command`): MEMLOOP_PROTOCOL=2 (1 is still spoken),
MEMLOOP_ARM (the label: clear|noclear|control), MEMLOOP_CLEARS and MEMLOOP_BUILDS (1|0: the
arm's role; under protocol 1 it follows from the label), MEMLOOP_ITERATIONS, MEMLOOP_WARMUP, MEMLOOP_SAMPLES,
MEMLOOP_SAMPLE_EVERY (k, or auto with MEMLOOP_SAMPLE_GAP and MEMLOOP_SAMPLE_SHARE),
MEMLOOP_INJECT_LEAK_BYTES (the clearing arm: leak that many bytes per iteration on purpose); for
`memloop run --attribute` also MEMLOOP_PROFILE_DIR and MEMLOOP_PROFILE_KIND (native: jemalloc
heap profiles base.heap/end.heap via prof.dump; python: tracemalloc growth by source line).
Without MEMLOOP_PROTOCOL the loop() arguments or defaults apply, and the probe
re-executes the program once under jemalloc when it is not preloaded
(MEMLOOP_NO_REEXEC=1 turns that off). MEMLOOP_JEMALLOC_LIBRARY overrides the library.
MEMLOOP_THREAD_CACHE=1 (an experiment, off by default: not exact on PyTorch, nor where a
thread starts and exits every iteration — 0.5 B/iteration under load) gives the
loop's thread alone a cache between samples under MALLOC_CONF=tcache:false (see _Jemalloc).

Exit codes: 3 jemalloc not in charge; 64 bad arguments, a bad it.record(), or a second loop() in one process; 130 interrupted (samples so
far written); 1 the samples file could not be written.

`python -m memloop_probe --check` says whether jemalloc is in charge and where it is.
"""
import atexit
import ctypes
import gc
import glob
import math
import os
import re
import signal
import subprocess
import sys
import sysconfig
import time
from array import array
from itertools import chain, repeat

__all__ = ["loop", "ensure_jemalloc", "find_jemalloc", "Loop", "HEADER", "MAX_METRICS", "DEVICE_BYTES"]
__version__ = "1.2.0"  # speaks protocol 2 (and 1)

HEADER = "arm,iteration,models_built,elapsed_ns,live_bytes,allocated,active,resident,mapped,retained,metadata,warmup,loop_ns"
ARMS = ("clear", "noclear", "control")
EXIT_FAILED, EXIT_NOT_IN_CHARGE, EXIT_USAGE, EXIT_INTERRUPTED = 1, 3, 64, 130
EFAULT = 14
_REEXEC_FLAG = "MEMLOOP_PROBE_REEXECUTED"
_STAT_NAMES = (b"stats.allocated", b"stats.active", b"stats.resident", b"stats.mapped",
               b"stats.retained", b"stats.metadata")
# Stored per sample, in this order: live_bytes, the six stats, elapsed_ns, loop_ns, iteration.
_STORED = 10
# By hand, and when MemLoop leaves them out: sample as often as this share of the loop's
# own time allows, and at least every max(1, iterations // _AUTO_SAMPLES) iterations.
_AUTO_SHARE, _AUTO_SAMPLES = 0.05, 50
# The collection before a sample: full (of all that is not frozen); a trial of young ones in
# the warm-up's second half (full, then what survives is frozen); young, after the trial found
# that freezing kept no cycle from the collector.
_FULL, _TRIAL, _YOUNG = 0, 1, 2
# The trial's length at most: the warm-up's last iterations (enough for a model kept at one
# collection and dropped at the next; a fast loop's long warm-up is not slowed throughout).
_TRIAL_ITERATIONS = 32


class ProbeError(SystemExit):
    """A refusal with an exit status; the message has already gone to stderr."""

    def __init__(self, status, message):
        print(f"memloop_probe: error: {message}", file=sys.stderr, flush=True)
        super().__init__(status)


# ---------------------------------------------------------------- finding jemalloc


# (readings index, mallctl name) of the flushed stats.*, built once: small constant
# indices and pre-made bytes names, so a sample creates no object that outlives it.
_STAT_KEYS = tuple(enumerate(_STAT_NAMES, start=1))

def _elf_machine(path):
    """The ELF e_machine of a file (None when unreadable), to match libraries to this
    interpreter's architecture without naming any architecture."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(20)
    except OSError:
        return None
    if len(head) < 20 or head[:4] != b"\x7fELF":
        return None
    return int.from_bytes(head[18:20], "little" if head[5] == 1 else "big")


def _ldconfig_paths():
    for ldconfig in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            output = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        return [line.split("=>", 1)[1].strip() for line in output.splitlines()
                if line.strip().startswith("libjemalloc.so.2 ") and "=>" in line]
    return []


def _pkg_config_paths():
    try:
        result = subprocess.run(["pkg-config", "--variable=libdir", "jemalloc"],
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return []
    libdir = result.stdout.strip()
    return [os.path.join(libdir, "libjemalloc.so.2")] if result.returncode == 0 and libdir else []


def _common_paths():
    folders = []
    multiarch = sysconfig.get_config_var("MULTIARCH")
    for root in ("/usr/lib", "/lib", "/usr/local/lib"):
        if multiarch:
            folders.append(os.path.join(root, multiarch))
        folders.append(root)
    folders += ["/usr/lib64", "/lib64", "/usr/local/lib64", "/opt/homebrew/lib"]
    paths = [os.path.join(folder, "libjemalloc.so.2") for folder in folders]
    return paths + sorted(glob.glob("/usr/lib/*/libjemalloc.so.2"))


# Where the `memloop` wheel puts its copy of libjemalloc.so.2: beside this module, in the
# `memloop` package (site-packages/memloop/_bin/). Absent in a source tree or a copied file.
_BUNDLED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "memloop", "_bin", "libjemalloc.so.2")


def find_jemalloc():
    """Path of the libjemalloc.so.2 to preload for this interpreter's architecture, or None.

    Order: MEMLOOP_JEMALLOC_LIBRARY (taken as given), the copy the `memloop` wheel bundles,
    `ldconfig -p`, `pkg-config --variable=libdir jemalloc`, then common folders."""
    override = os.environ.get("MEMLOOP_JEMALLOC_LIBRARY")
    if override:
        return override
    if os.path.isfile(_BUNDLED):
        return _BUNDLED
    machine = _elf_machine(sys.executable) or _elf_machine(os.path.realpath(sys.executable))
    for finder in (_ldconfig_paths, _pkg_config_paths, _common_paths):
        for path in finder():
            if os.path.isfile(path) and (machine is None or _elf_machine(os.path.realpath(path)) == machine):
                return os.path.realpath(path)
    return None


def _fix_hint():
    library = find_jemalloc()
    preload = library or "<path to libjemalloc.so.2; install it: sudo apt-get install libjemalloc2>"
    return (f"run it under `memloop run --command \"...\"`, or: "
            f"LD_PRELOAD={preload} PYTHONMALLOC=malloc {os.path.basename(sys.executable)} ...")


# ---------------------------------------------------------------- reading jemalloc

class _Jemalloc:
    """mallctl readings through prebuilt ctypes buffers and prebuilt byte names, so that
    a reading retains nothing; `problem` says why jemalloc is not in charge (or None)."""

    def __init__(self):
        self.problem = None
        process = ctypes.CDLL(None)
        try:
            mallctl = process.mallctl
        except AttributeError:
            self.problem = "jemalloc is not loaded in this process (no mallctl symbol)"
            return
        mallctl.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
        mallctl.restype = ctypes.c_int
        self.mallctl = mallctl
        self.malloc, self.free = process.malloc, process.free
        self.malloc.argtypes, self.malloc.restype = [ctypes.c_size_t], ctypes.c_void_p
        self.free.argtypes, self.free.restype = [ctypes.c_void_p], None
        self._value = ctypes.c_size_t()
        self._length = ctypes.c_size_t()
        self._epoch = ctypes.c_uint64(1)
        self._value_ref = ctypes.byref(self._value)
        self._length_ref = ctypes.byref(self._length)
        self._epoch_ref = ctypes.byref(self._epoch)
        allocated, deallocated = self._pointer(b"thread.allocatedp"), self._pointer(b"thread.deallocatedp")
        if not allocated or not deallocated:
            self.problem = "mallctl(thread.allocatedp) failed: jemalloc without per-thread statistics"
            return
        self.allocated = ctypes.c_uint64.from_address(allocated)
        self.deallocated = ctypes.c_uint64.from_address(deallocated)
        before = self.allocated.value
        block = self.malloc(1 << 20)
        moved = self.allocated.value - before
        self.free(block)
        if moved < 1 << 20:
            self.problem = (f"jemalloc is loaded but not the allocator in charge "
                            f"(a fresh 1 MiB malloc moved thread.allocated by {moved} bytes)")
            return
        count = 4096
        objects = [None] * count
        before = self.allocated.value
        for index in range(count):
            objects[index] = index * 0.5
        moved = self.allocated.value - before
        del objects
        if moved < count * 24:
            self.problem = (f"Python's small objects do not reach jemalloc (4096 floats moved "
                            f"thread.allocated by {moved} bytes): PYTHONMALLOC=malloc is not in effect")
            return
        self._length.value = ctypes.sizeof(self._value)
        for name in _STAT_NAMES:
            code = self.mallctl(name, self._value_ref, self._length_ref, None, 0)
            if code != 0:
                self.problem = f"mallctl({name.decode()}) failed with {code}: jemalloc built without statistics?"
                return
        # Thread caches: MemLoop starts outside loops with MALLOC_CONF=tcache:false, so that
        # no other thread's cache (which the loop cannot flush) counts in stats.allocated.
        # Without one, the loop thread's every malloc takes an arena's lock: on a fast loop
        # that doubles the loop's time (Reports/probe/overhead.md). MEMLOOP_THREAD_CACHE=1
        # (an experiment, off by default) gives the loop's thread alone a cache between
        # samples, given up (flushed and removed) before each reading. It halves that cost
        # and reads pure-Python loops exactly, but a clean PyTorch loop then read 0.4-5.6
        # B/model instead of 0 (Reports/probe/overhead.md), so it is not the default.
        enabled = ctypes.c_bool(True)
        length = ctypes.c_size_t(ctypes.sizeof(enabled))
        code = self.mallctl(b"opt.tcache", ctypes.byref(enabled), ctypes.byref(length), None, 0)
        self.manages_cache = (code == 0 and not enabled.value and os.environ.get("MEMLOOP_THREAD_CACHE") == "1")
        self._cache_on, self._cache_off = ctypes.c_bool(True), ctypes.c_bool(False)
        self._cache_on_ref, self._cache_off_ref = ctypes.byref(self._cache_on), ctypes.byref(self._cache_off)

    def thread_cache(self, on):
        """Gives the calling thread a cache (on) or flushes and removes it (off)."""
        if self.manages_cache:
            self.mallctl(b"thread.tcache.enabled", None, None, self._cache_on_ref if on else self._cache_off_ref, 1)

    def _pointer(self, name):
        pointer = ctypes.c_void_p()
        length = ctypes.c_size_t(ctypes.sizeof(pointer))
        if self.mallctl(name, ctypes.byref(pointer), ctypes.byref(length), None, 0) != 0:
            return None
        return pointer.value

    def sample_into(self, readings):
        """live_bytes, then stats.* after flush and epoch, into readings[0..6].

        Only small constant indices here: a computed row offset above 256 would be an
        int object alive while the counters are read, and count as live bytes."""
        readings[0] = self.allocated.value - self.deallocated.value
        mallctl, value, value_ref, length_ref = self.mallctl, self._value, self._value_ref, self._length_ref
        managed = self.manages_cache
        if managed:  # the loop thread's cache, given up: every thread reads as tcache:false
            mallctl(b"thread.tcache.enabled", None, None, self._cache_off_ref, 1)
        else:
            mallctl(b"thread.tcache.flush", None, None, None, 0)  # EFAULT when the tcache is off: fine
        mallctl(b"epoch", None, None, self._epoch_ref, 8)
        self._length.value = 8
        for index, name in _STAT_KEYS:  # a module constant: iterating it keeps nothing
            mallctl(name, value_ref, length_ref, None, 0)
            readings[index] = value.value
        if managed:
            mallctl(b"thread.tcache.enabled", None, None, self._cache_on_ref, 1)


def _by_hand():
    return os.environ.get("MEMLOOP_PROTOCOL") is None


def ensure_jemalloc():
    """Returns the jemalloc reader, or stops: in by-hand mode it first re-executes this
    program once with LD_PRELOAD and PYTHONMALLOC=malloc (call it before heavy imports
    to avoid doing them twice); under MemLoop, or when that did not help, exit 3."""
    reader = _Jemalloc()
    if reader.problem is None:
        return reader
    argv = list(getattr(sys, "orig_argv", []))
    can_reexec = (_by_hand() and not os.environ.get(_REEXEC_FLAG) and not os.environ.get("MEMLOOP_NO_REEXEC")
                  and len(argv) >= 2 and argv[-1] != "-" and find_jemalloc() is not None)
    if can_reexec:
        library = find_jemalloc()
        environment = dict(os.environ, PYTHONMALLOC="malloc", **{_REEXEC_FLAG: "1"})
        previous = environment.get("LD_PRELOAD")
        environment["LD_PRELOAD"] = library + (":" + previous if previous else "")
        print(f"memloop_probe: re-running under jemalloc (LD_PRELOAD={library} PYTHONMALLOC=malloc)",
              file=sys.stderr, flush=True)
        sys.stdout.flush()
        os.execve(sys.executable, [sys.executable] + argv[1:], environment)
    raise ProbeError(EXIT_NOT_IN_CHARGE, f"{reader.problem}. Nothing measured. Fix: {_fix_hint()}")


# ---------------------------------------------------------------- attribution

class _Profiler:
    """Profiles for `memloop run --attribute`, written at the same two points as MemLoop's
    own loop: the end of the warm-up and the end of the measured iterations (before the
    samples are written or anything is released). Both are at the window's edges, and the
    profiled pass never feeds a verdict, so what profiling costs cannot colour one.

    native: jemalloc's `prof.dump` into MEMLOOP_PROFILE_DIR/base.heap and end.heap (MemLoop
    starts the loop with MALLOC_CONF=prof:true,...). python: tracemalloc snapshots (the
    base one goes to disk, so nothing of it stays alive in the window), compared by source
    line into python-growth.tsv and by traceback into python-growth.folded."""

    def __init__(self, jemalloc, folder, kind):
        self.folder, self.kind = folder, kind
        if kind == "native":
            enabled = ctypes.c_bool(False)
            length = ctypes.c_size_t(ctypes.sizeof(enabled))
            if jemalloc.mallctl(b"opt.prof", ctypes.byref(enabled), ctypes.byref(length), None, 0) != 0 or not enabled.value:
                raise ProbeError(EXIT_FAILED, "MEMLOOP_PROFILE_KIND=native but jemalloc heap profiling is off "
                                              "(start the loop with MALLOC_CONF=prof:true; memloop run --attribute does)")
            self._mallctl = jemalloc.mallctl
            self._names = {point: ctypes.c_char_p(os.fsencode(os.path.join(folder, f"{point}.heap"))) for point in ("base", "end")}
        elif kind == "python":
            import tracemalloc
            self._tracemalloc = tracemalloc
            tracemalloc.start(int(os.environ.get("MEMLOOP_PROFILE_FRAMES", "32")))
        else:
            raise ProbeError(EXIT_USAGE, f"MEMLOOP_PROFILE_KIND={kind!r} is not native or python")

    def dump(self, point):
        if self.kind == "native":
            name = self._names[point]
            code = self._mallctl(b"prof.dump", None, None, ctypes.byref(name), ctypes.sizeof(name))
            if code != 0:
                raise ProbeError(EXIT_FAILED, f"mallctl(prof.dump) failed with {code}")
        elif point == "base":
            snapshot = self._tracemalloc.take_snapshot()
            snapshot.dump(os.path.join(self.folder, "python-base.snapshot"))
            del snapshot
        else:
            self._python_growth()

    def _python_growth(self):
        tracemalloc = self._tracemalloc
        end = tracemalloc.take_snapshot()
        tracemalloc.stop()
        base = tracemalloc.Snapshot.load(os.path.join(self.folder, "python-base.snapshot"))
        ignored = [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, __file__),
                   tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
                   tracemalloc.Filter(False, "<frozen importlib._bootstrap_external>")]
        base, end = base.filter_traces(ignored), end.filter_traces(ignored)
        names = _FunctionNames()
        rows = ["size_diff\tcount_diff\tfunction\tlocation"]
        for stat in end.compare_to(base, "lineno"):
            if stat.size_diff != 0:
                frame = stat.traceback[0]
                rows.append(f"{stat.size_diff}\t{stat.count_diff}\t{names.at(frame.filename, frame.lineno)}\t{frame.filename}:{frame.lineno}")
        with open(os.path.join(self.folder, "python-growth.tsv"), "w") as out:
            out.write("\n".join(rows) + "\n")
        with open(os.path.join(self.folder, "python-growth.folded"), "w") as out:
            for stat in end.compare_to(base, "traceback"):
                if stat.size_diff != 0:
                    frames = ";".join(f"{names.at(f.filename, f.lineno)} ({f.filename}:{f.lineno})" for f in stat.traceback)
                    out.write(f"{frames} {stat.size_diff}\n")


class _FunctionNames:
    """The (qualified) function a source line belongs to, from the file's syntax tree."""

    def __init__(self):
        self._spans = {}

    def at(self, filename, lineno):
        if filename not in self._spans:
            self._spans[filename] = self._read(filename)
        best = "<module>"
        for start, end, name in self._spans[filename]:
            if start <= lineno <= end:
                best = name  # spans are in source order: the innermost match comes last
        return best

    @staticmethod
    def _read(filename):
        import ast
        try:
            with open(filename, "rb") as handle:
                tree = ast.parse(handle.read())
        except (OSError, SyntaxError, ValueError):
            return []
        spans = []

        def walk(node, prefix):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    name = prefix + child.name
                    spans.append((child.lineno, getattr(child, "end_lineno", child.lineno), name))
                    walk(child, name + ".")
                else:
                    walk(child, prefix)
        walk(tree, "")
        return spans


def _profiler(jemalloc):
    folder = os.environ.get("MEMLOOP_PROFILE_DIR")
    if not folder or _by_hand():
        return None
    return _Profiler(jemalloc, folder, os.environ.get("MEMLOOP_PROFILE_KIND", "native"))


# ---------------------------------------------------------------- the loop

_PROTOCOLS = ("1", "2")
# Protocol 2 names the arm's role; its label only goes into the `arm` column, so any short
# label that cannot break a CSV row will do.
_ARM_LABEL = re.compile(r"[A-Za-z0-9_.-]{1,64}\Z")


def _environment_settings():
    """(arm, clears, builds, iterations, warmup, output) from MemLoop's environment; exit 64
    when malformed. Protocol 2 says the arm's role (MEMLOOP_CLEARS, MEMLOOP_BUILDS);
    protocol 1 leaves it to be derived from the arm's name."""
    version = os.environ.get("MEMLOOP_PROTOCOL")
    if version not in _PROTOCOLS:
        raise ProbeError(EXIT_USAGE, f"MEMLOOP_PROTOCOL={version!r} is not a protocol this probe speaks "
                                     f"({' or '.join(_PROTOCOLS)}): update the probe (pip install -U memloop)")
    values = {}
    for key in ("MEMLOOP_ARM", "MEMLOOP_ITERATIONS", "MEMLOOP_WARMUP", "MEMLOOP_SAMPLES"):
        if not os.environ.get(key):
            raise ProbeError(EXIT_USAGE, f"{key} is missing from the environment (MEMLOOP_PROTOCOL={version} is set)")
        values[key] = os.environ[key]
    counts = []
    for key in ("MEMLOOP_ITERATIONS", "MEMLOOP_WARMUP"):
        try:
            counts.append(int(values[key]))
        except ValueError:
            raise ProbeError(EXIT_USAGE, f"{key}={values[key]!r} is not a whole number") from None
    arm = values["MEMLOOP_ARM"]
    if version == "1":
        if arm not in ARMS:
            raise ProbeError(EXIT_USAGE, f"MEMLOOP_ARM {arm!r} is not one of {', '.join(ARMS)}")
        clears, builds = arm == "clear", arm != "control"
    else:
        if not _ARM_LABEL.match(arm):
            raise ProbeError(EXIT_USAGE, f"MEMLOOP_ARM {arm!r} is not a label of 1 to 64 letters, digits, '_', '.' or '-'")
        clears, builds = _environment_flag("MEMLOOP_CLEARS", version), _environment_flag("MEMLOOP_BUILDS", version)
    return arm, clears, builds, counts[0], counts[1], values["MEMLOOP_SAMPLES"]


def _environment_flag(key, version):
    text = os.environ.get(key)
    if text not in ("0", "1"):
        raise ProbeError(EXIT_USAGE, f"{key}={text!r} must be 1 or 0 (MEMLOOP_PROTOCOL={version} is set)")
    return text == "1"


_INJECT_LEAK = "MEMLOOP_INJECT_LEAK_BYTES"
_MOST_INJECTED = 1 << 20  # MemLoop's own limit (RunConfig.maximumInjectedLeakBytes)


def _environment_leak(clears):
    """Bytes the clearing arm leaks per iteration on purpose (`memloop run|gate
    --inject-leak-bytes` with a command), 0 when none; exit 64 when malformed."""
    text = os.environ.get(_INJECT_LEAK)
    if not text or not clears:
        return 0
    try:
        value = int(text)
    except ValueError:
        raise ProbeError(EXIT_USAGE, f"{_INJECT_LEAK}={text!r} is not a whole number of bytes") from None
    if not 0 <= value <= _MOST_INJECTED:
        raise ProbeError(EXIT_USAGE, f"{_INJECT_LEAK}={value} must be between 0 and {_MOST_INJECTED}")
    return value


def _environment_spacing(iterations):
    """(every, gap, share) from MEMLOOP_SAMPLE_EVERY/GAP/SHARE; every iteration when MemLoop
    does not say (an earlier MemLoop); exit 64 when malformed."""
    every = os.environ.get("MEMLOOP_SAMPLE_EVERY")
    if not every:
        return 1, 1, 0.0
    if every == "auto":
        gap, share = os.environ.get("MEMLOOP_SAMPLE_GAP"), os.environ.get("MEMLOOP_SAMPLE_SHARE")
        try:
            gap = max(1, iterations // _AUTO_SAMPLES) if gap is None else int(gap)
            share = _AUTO_SHARE if share is None else float(share)
        except ValueError:
            raise ProbeError(EXIT_USAGE, f"MEMLOOP_SAMPLE_GAP={gap!r} or MEMLOOP_SAMPLE_SHARE={share!r} is not a number") from None
        return "auto", gap, share
    try:
        return int(every), int(every), 0.0
    except ValueError:
        raise ProbeError(EXIT_USAGE, f"MEMLOOP_SAMPLE_EVERY={every!r} is neither auto nor a whole number") from None


def _spacing(sample_every, iterations):
    """(every, gap, share) for a loop run by hand: sample_every is "auto" or k."""
    if sample_every == "auto":
        return "auto", max(1, iterations // _AUTO_SAMPLES), _AUTO_SHARE
    return sample_every, sample_every, 0.0


# ---------------------------------------------------------------- user metrics

# The protocol's column format for user metrics (Reports/PROTOCOL.md): after the known
# columns, a name of this shape that is not built in; at most this many per file.
MAX_METRICS = 16
_METRIC_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")
_BUILT_IN = frozenset(HEADER.split(",")) | {"graph_nodes", "arena_used_bytes", "arena_reserved_bytes", "name_entries"}
_LARGEST = sys.float_info.max
_FREE = object()  # an unused metric slot: equal to no name a loop can pass
DEVICE_BYTES = "device_bytes"


def _torch_device():
    torch = sys.modules.get("torch")
    if torch is None:
        return None
    if not torch.cuda.is_available():
        return False
    return torch.cuda.memory_allocated


def _jax_device():
    jax = sys.modules.get("jax")
    if jax is None:
        return None
    for device in jax.devices():
        if device.platform != "cpu":
            return lambda: device.memory_stats()["bytes_in_use"]
    return False


def _tensorflow_device():
    tf = sys.modules.get("tensorflow")
    if tf is None:
        return None
    if not tf.config.list_physical_devices("GPU"):
        return False
    memory_info = tf.config.experimental.get_memory_info
    return lambda: memory_info("GPU:0")["current"]


# (framework, finder): a finder returns None while the framework is not imported, False
# when it has no device, else a function reading the bytes it holds on its device now.
# Finders only look in sys.modules: the probe never imports a framework the loop did not.
_DEVICE_FINDERS = (("torch", _torch_device), ("jax", _jax_device), ("tensorflow", _tensorflow_device))


def _warn(message):
    print(f"memloop_probe: warning: {' '.join(str(message).split())}", file=sys.stderr, flush=True)


def _number_text(value):
    """A metric's cell: whole numbers without a fraction, others in full precision."""
    if value.is_integer() and -9007199254740992.0 <= value <= 9007199254740992.0:
        return str(int(value))
    return repr(value)


class Loop:
    """The iterable `loop()` returns; it is also the `it` each iteration sees (one object,
    reused, so iterating allocates nothing that outlives the iteration).

    Attributes: arm, index (0-based, warm-up included), warmup (bool), clears, builds,
    iterations, warmup_iterations, total, output, sample_every ("auto" or k).
    `record(name, value)` records a user metric (see its notes).

    Which iterations are sampled: with k, those whose index is a multiple of k; with
    "auto", every one while the samples' own time (a collection, a cache flush, eight
    readings) stays within a share of the loop's time, else as that budget allows, never
    more than `sample_gap` apart, always the first and the last. A full collection's cost
    grows with the objects alive (a loop that keeps its models), so a budget, not a count,
    keeps sampling a small part of the run, and the collections freeze what survives them
    when a warm-up trial shows that this keeps nothing from the collector (`_collect`).
    Which iterations are sampled depends on time, not on the readings, so the spacing
    cannot bias a slope.

    How it stays cheap on a fast loop: the iterations run in segments, each a C-level
    `itertools.repeat(self, n)` chained by `itertools.chain`, so an iteration with nothing
    due runs no Python code of the probe's and allocates nothing. A segment ends where
    something may be due: a sample (with k, the next multiple; with "auto", where the time
    budget is expected to allow one, from the loop's mean time per iteration so far, never
    past the gap), the warm-up's refreeze, a profile, the end, or every iteration when a
    leak is injected. Only there is the clock read. `index` is worked out when asked."""

    __slots__ = ("arm", "clears", "builds", "iterations", "warmup_iterations", "total", "output",
                 "models_per_iteration", "sample_every", "sample_gap", "_share", "_refreeze_at", "_gc", "_trial_from",
                 "_jemalloc", "_store", "_readings", "_counters", "_written", "_handlers", "_froze",
                 "_by_hand", "_profiler", "_owner", "_leak_bytes", "_leaks", "_malloc", "_run", "_iterator",
                 "_metric_names", "_metric_values", "_metric_store", "_devices")

    def __init__(self, models_per_iteration=1, gc_collect=True, iterations=None, warmup=None, arm=None, output=None,
                 sample_every="auto", device_memory=True):
        self._written = True  # nothing to write until the loop starts
        made_at = _refuse_a_second_loop()
        # The process that runs the loop: a worker it forks inherits the exit hook and the
        # signal handlers, and must not overwrite the loop's samples with its own.
        self._owner = os.getpid()
        self._by_hand = _by_hand()
        if self._by_hand:
            arm = "clear" if arm is None else arm
            iterations = 100 if iterations is None else iterations
            warmup = 10 if warmup is None else warmup
            output = output or os.path.join(os.getcwd(), f"memloop-samples-{arm}.csv")
            if arm not in ARMS:
                raise ProbeError(EXIT_USAGE, f"arm {arm!r} is not one of {', '.join(ARMS)}")
            clears, builds = arm == "clear", arm != "control"
        else:
            arm, clears, builds, iterations, warmup, output = _environment_settings()
        # A refusal names what was set: the argument by hand, the variable under MemLoop.
        named = (lambda name, _: name) if self._by_hand else (lambda _, key: key)
        for name, value, least in ((named("iterations", "MEMLOOP_ITERATIONS"), iterations, 1),
                                   (named("warm-up", "MEMLOOP_WARMUP"), warmup, 0),
                                   ("models_per_iteration", models_per_iteration, 1)):
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                raise ProbeError(EXIT_USAGE, f"{name} must be a whole number of at least {least}, got {value!r}")
        if self._by_hand:
            if sample_every != "auto" and (not isinstance(sample_every, int) or isinstance(sample_every, bool) or sample_every < 1):
                raise ProbeError(EXIT_USAGE, f"sample_every must be \"auto\" or a whole number of at least 1, got {sample_every!r}")
            every, gap, share = _spacing(sample_every, iterations)
        else:
            every, gap, share = _environment_spacing(iterations)
            out_of_range = gap < 1 or (share <= 0 or share > 1 if every == "auto" else every < 1)
            if out_of_range:
                raise ProbeError(EXIT_USAGE, "MEMLOOP_SAMPLE_EVERY, MEMLOOP_SAMPLE_GAP or MEMLOOP_SAMPLE_SHARE is out of range "
                                             "(every and gap at least 1, share in (0, 1])")
        output = os.path.abspath(os.fspath(output))
        samples = named("samples", "samples (MEMLOOP_SAMPLES)")
        if os.path.isdir(output) or not os.path.isdir(os.path.dirname(output)):
            raise ProbeError(EXIT_USAGE, f"cannot write {samples} to {output}: not a file in an existing folder")
        if not os.access(os.path.dirname(output), os.W_OK):
            raise ProbeError(EXIT_USAGE, f"cannot write {samples} to {output}: the folder is not writable")
        self._jemalloc = ensure_jemalloc()
        self.arm, self.iterations, self.warmup_iterations, self.output = arm, iterations, warmup, output
        self.total = iterations + warmup
        self.models_per_iteration = models_per_iteration
        self.sample_every, self.sample_gap, self._share = every, gap, share
        # Halfway through the warm-up the collector freezes again, so that what the loop's
        # first iterations made (lazy initialisation, compiled caches) is not rescanned by
        # every later collection. It unfreezes first, so that what died in cycles since the
        # loop began is collected then; what the refreeze keeps (garbage that was alive when
        # frozen is never collected) is a one-off inside the warm-up, not in the window.
        self._refreeze_at = (warmup + 1) // 2 - 1 if warmup >= 2 else -1
        self.clears, self.builds = clears, builds
        if gc_collect not in (True, False, "full"):
            raise ProbeError(EXIT_USAGE, f"gc_collect must be True, False or \"full\", got {gc_collect!r}")
        self._gc = gc_collect is not False
        # The trial's first iteration, or -1 ("full": no trial, every collection full).
        last_warmup = warmup - 1
        trial = self._refreeze_at < last_warmup and gc_collect is True
        self._trial_from = max(self._refreeze_at + 1, warmup - _TRIAL_ITERATIONS) if trial else -1
        self._store = array("q", bytes(8 * _STORED * self.total))  # every sample's slot, reserved now
        self._readings = array("q", bytes(8 * _STORED))  # one sample, before it is copied into _store
        # last iteration of the running segment (-1 before the loop), samples taken, start
        # time, time spent sampling, last sampled index, finished, user metrics named,
        # device_bytes recorded by the loop itself, the collection (_FULL, _TRIAL, _YOUNG),
        # the last audit's time, the last iteration an audit found nothing the young
        # collections had missed, the iteration one did (-1: none), all audits' time: kept
        # in an array, not in int attributes, so that counting past 256 allocates no new
        # retained int objects
        self._counters = array("q", (-1, 0, 0, 0, -1, 0, 0, 0, _FULL, 0, -1, -1, 0))
        self._run = repeat(self, 0)  # the running segment; its length hint gives `index`
        self._iterator = None
        # User metrics: names in slots reserved now, the latest values (NaN: not recorded
        # yet) and every sample's values, so that recording retains nothing per iteration.
        self._metric_names = [_FREE] * MAX_METRICS
        self._metric_values = array("d", [math.nan]) * MAX_METRICS
        self._metric_store = array("d", [math.nan]) * (MAX_METRICS * self.total)
        self._devices = [None] * len(_DEVICE_FINDERS) if device_memory else None
        self._handlers = None
        self._froze = False
        self._profiler = _profiler(self._jemalloc)
        # A leak injected on purpose (under MemLoop only): one malloc of that many bytes per
        # clear iteration, its pointer kept in a slot reserved now, so that nothing else grows.
        self._leak_bytes = 0 if self._by_hand else _environment_leak(clears)
        self._leaks = array("Q", bytes(8 * self.total)) if self._leak_bytes else None
        self._malloc = None
        if self._leak_bytes:
            self._malloc = ctypes.CDLL(None).malloc
            self._malloc.restype, self._malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
        _FIRST_LOOP[0] = made_at  # only a loop that could start counts as this process's one loop

    @property
    def index(self):
        return self._counters[0] - self._run.__length_hint__()

    @property
    def warmup(self):
        return self.index < self.warmup_iterations

    @property
    def _sampled(self):
        return self._counters[1]

    def __iter__(self):
        if self._iterator is None:
            self._iterator = chain.from_iterable(self._segments())
        return self._iterator

    def __next__(self):
        return next(self.__iter__())

    def _segments(self):
        """The loop's segments (see the class's notes); between two, what is due runs."""
        self._begin()
        if self._profiler is not None and self.warmup_iterations == 0:
            self._profiler.dump("base")
        while self._plan():
            yield self._run
            self._after()
        if self._profiler is not None:
            self._profiler.dump("end")
        self._finish()

    def _plan(self):
        """Starts the next segment (False when the loop is done). No int made here
        outlives the call: the bounds live in the counters array and the segment."""
        counters = self._counters
        first, total = counters[0] + 1, self.total
        if first >= total:
            return False
        if self._leaks is not None or first == 0:
            last = first
        elif self.sample_every != "auto":
            every = self.sample_every
            last = min(total - 1, -(-first // every) * every)
        else:
            last = min(total - 1, counters[4] + self.sample_gap, first + self._affordable(first) - 1)
        if self._gc and first <= self._refreeze_at < last:
            last = self._refreeze_at
        if first <= self._trial_from - 1 < last:
            last = self._trial_from - 1
        if counters[8] == _TRIAL:  # the trial collects after every warm-up iteration
            last = first
        if self._profiler is not None and first <= self.warmup_iterations - 1 < last:
            last = self.warmup_iterations - 1
        counters[0] = last
        self._run = repeat(self, last - first + 1)
        return True

    def _affordable(self, first):
        """Iterations from `first` on until the time budget is expected to allow a sample
        (at least 1): from the loop's own time so far and its mean per iteration."""
        counters = self._counters
        sampling = counters[3]
        looped = time.monotonic_ns() - counters[2] - sampling
        wanted = sampling / self._share
        if looped >= wanted or looped <= 0:
            return 1
        return max(1, math.ceil((wanted - looped) * first / looped))

    def _after(self):
        """What is due after the segment's last iteration, in this order: the injected
        leak, the sample (or the trial's collection), the trial's end, the warm-up's
        refreeze, the trial's start, the base profile."""
        counters = self._counters
        if self._leaks is not None:  # the iteration just run leaks, before its sample
            self._leaks[counters[0]] = self._malloc(self._leak_bytes) or 0
        if self._due():
            self._sample()
        elif counters[8] == _TRIAL:
            self._collect()
        if counters[8] == _TRIAL and counters[0] >= self.warmup_iterations - 1:
            self._end_trial()
        if self._gc and counters[0] == self._refreeze_at:
            gc.unfreeze()  # what died in cycles since the first freeze is collected too
            gc.collect()
            gc.freeze()
        if counters[0] == self._trial_from - 1:
            counters[8] = _TRIAL
        if self._profiler is not None and counters[0] == self.warmup_iterations - 1:
            self._profiler.dump("base")

    def _begin(self):
        self._written = False
        if self._gc:
            gc.collect()
            gc.freeze()  # pre-loop objects out of the collector's way: collections stay cheap
            self._froze = True
        atexit.register(self._write_if_pending)
        try:
            self._handlers = (signal.signal(signal.SIGINT, self._interrupted),
                              signal.signal(signal.SIGTERM, self._interrupted))
        except ValueError:  # not the main thread: no handlers, samples still written at exit
            self._handlers = None
        self._jemalloc.thread_cache(True)
        counters = self._counters
        counters[2] = time.monotonic_ns()

    def _due(self):
        """Whether the iteration just run is sampled (see the class's notes)."""
        counters = self._counters
        index = counters[0]
        if self.sample_every != "auto":
            return index % self.sample_every == 0
        if index == 0 or index + 1 >= self.total or index - counters[4] >= self.sample_gap:
            return True
        sampling = counters[3]
        return sampling <= self._share * (time.monotonic_ns() - counters[2] - sampling)

    def _sample(self):
        body_end = time.monotonic_ns()
        counters, readings = self._counters, self._readings
        if self._devices is not None:
            self._read_devices()  # before the collection: what it made is garbage by then
        if self._gc:
            self._collect()
        self._jemalloc.sample_into(readings)
        now = time.monotonic_ns()
        readings[7] = now - counters[2]
        readings[8] = body_end - counters[2] - counters[3]
        readings[9] = counters[0]
        base = counters[1] * _STORED
        self._store[base:base + _STORED] = readings
        base = counters[1] * MAX_METRICS
        self._metric_store[base:base + MAX_METRICS] = self._metric_values
        counters[3] += now - body_end
        counters[4] = counters[0]
        counters[1] += 1

    # ------------------------------------------------------------ collections

    def _collect(self):
        """The collection before a sample (see _FULL, _TRIAL, _YOUNG). Every one is a
        full collection of what is not frozen (it also empties the interpreter's free
        lists, so readings agree across modes); young ones freeze what survives, so a loop
        that keeps its models is not rescanned at every sample. An audit unfreezes and
        collects everything: whenever a fifth of the time budget allows one, and once after
        the loop (_finish). If it finds cycles that freezing had kept from the collector,
        nothing is frozen again, every later collection scans everything, and the end of
        the run says which samples may count them."""
        counters = self._counters
        # Decided before collecting: a collection empties the free lists, and an object the
        # decision made and dropped after it would sit in one at the reading.
        if counters[8] == _YOUNG and self._audit_affordable():
            if not self._audit():
                counters[8], counters[11] = _FULL, counters[0]
                return
            counters[10] = counters[0]
        else:
            gc.collect()
        if counters[8] != _FULL:
            gc.freeze()

    def _audit_affordable(self):
        """Whether the audits so far plus one more (as long as the last one) stay within a
        fifth of the time budget. Their time is the samples' too (`_due` spaces the samples
        by both), so audits and samples together keep to the budget."""
        counters = self._counters
        return counters[12] + counters[9] <= self._share * (time.monotonic_ns() - counters[2] - counters[3]) / 5

    def _audit(self):
        """Whether a collection of everything (frozen or not) finds nothing that one of
        what is not frozen, just before it, did not; the frozen objects stay unfrozen.
        Times the collection of everything into counters[9]."""
        counters = self._counters
        gc.collect()  # what this finds was no miss: the young collections find it too
        started = time.monotonic_ns()
        gc.unfreeze()
        missed = gc.collect()
        counters[9] = time.monotonic_ns() - started
        counters[12] += counters[9]
        return not missed

    def _end_trial(self):
        """The end of the warm-up's trial: whether freezing what survives each collection
        kept cycles from the collector (a model alive at one collection and dropped in a
        later iteration). Young collections go on only if it did not; else what is alive now
        is frozen once more (a one-off inside the warm-up) and collections are full."""
        counters = self._counters
        counters[8] = _YOUNG if self._audit() else _FULL
        counters[10] = counters[0]
        gc.freeze()

    # ------------------------------------------------------------ user metrics

    def record(self, name, value):
        """Records `value` (a finite number) for the user metric `name`, a column of the
        samples file: the latest value recorded before a sample is stored with it (a cell
        stays empty until the metric is first recorded). `name` matches
        [a-z][a-z0-9_]{0,63} and is not a built-in column; at most 16 names per loop; a
        name ending in `_bytes` counts bytes, any other counts things. Storage for every
        sample's values is reserved before the loop, so recording retains nothing.
        A bad name or value stops the loop: exit 64, no samples file."""
        try:
            slot = self._metric_names.index(name)
        except ValueError:
            slot = self._name_metric(name, by_loop=True)
        values = self._metric_values
        try:
            if value.__class__ is bool:
                raise TypeError
            values[slot] = value
        except (TypeError, OverflowError):
            values[slot] = math.nan
            self._refuse(f"it.record({name!r}, {value!r}): the value must be a finite number (an int or a float)")
        if not -_LARGEST <= values[slot] <= _LARGEST:
            values[slot] = math.nan
            self._refuse(f"it.record({name!r}, {value!r}): the value must be a finite number, not NaN or infinite")
        if name == DEVICE_BYTES:
            self._counters[7] = 1  # the loop records its device memory itself: no collector overwrites it

    def _name_metric(self, name, by_loop):
        names, counters = self._metric_names, self._counters
        if not isinstance(name, str) or not _METRIC_NAME.match(name):
            self._refuse(f"it.record({name!r}, …): a metric's name must match [a-z][a-z0-9_]{{0,63}} "
                         f"(lower-case letters, digits, '_'; a name ending in _bytes counts bytes)")
        if name in _BUILT_IN:
            self._refuse(f"it.record({name!r}, …): {name} is a built-in column of the samples file; choose another name")
        if counters[6] >= MAX_METRICS:
            self._refuse(f"it.record({name!r}, …): a loop records at most {MAX_METRICS} metrics "
                         f"(already {', '.join(names)})")
        slot = counters[6]
        names[slot] = name
        counters[6] += 1
        return slot

    def _refuse(self, message):
        """A bad record() stops the loop before anything is written: the run is wrong."""
        self._written = True
        raise ProbeError(EXIT_USAGE, message)

    def _read_devices(self):
        """device_bytes: the sum of what the frameworks the loop imported hold on their
        devices, switched on where a device is present. Frameworks are looked for up to
        the end of the warm-up (the first sample included), so that no device is first
        initialised inside the measured window; a reader that raises is switched off."""
        devices, counters = self._devices, self._counters
        if counters[7]:
            return
        looking = counters[0] < self.warmup_iterations or counters[1] == 0
        total, read = 0, False
        for position, (framework, finder) in enumerate(_DEVICE_FINDERS):
            reader = devices[position]
            if reader is None and looking:
                try:
                    reader = finder()
                except Exception as error:
                    _warn(f"device memory from {framework} switched off: finding its device raised {type(error).__name__}: {error}")
                    reader = False
                devices[position] = reader
            if reader:
                try:
                    total += reader()
                    read = True
                except Exception as error:
                    _warn(f"device memory from {framework} switched off: reading it raised {type(error).__name__}: {error}")
                    devices[position] = False
        names = self._metric_names
        if read:
            slot = names.index(DEVICE_BYTES) if DEVICE_BYTES in names else self._name_metric(DEVICE_BYTES, by_loop=False)
            self._metric_values[slot] = total
        elif DEVICE_BYTES in names:
            self._metric_values[names.index(DEVICE_BYTES)] = math.nan

    # ------------------------------------------------------------ the end

    def _finish(self):
        self._counters[5] = 1
        self._jemalloc.thread_cache(False)
        self._write()
        if self._handlers is not None:
            signal.signal(signal.SIGINT, self._handlers[0])
            signal.signal(signal.SIGTERM, self._handlers[1])
            self._handlers = None
        atexit.unregister(self._write_if_pending)
        counters = self._counters
        if counters[8] == _YOUNG and not self._audit():  # the end's audit, after the last sample
            counters[11] = self.total
        if counters[11] >= 0:
            where = "after the loop" if counters[11] == self.total else f"at iteration {counters[11]}"
            _warn(f"a garbage collection of everything {where} found objects in reference cycles that the collections "
                  f"before the samples had not (freezing what survived them kept these from the collector): the samples "
                  f"after iteration {counters[10]} may count them as growth: rerun with loop(gc_collect=\"full\")")
        if self._froze:
            gc.unfreeze()
            self._froze = False

    def _interrupted(self, signum, frame):
        """SIGINT/SIGTERM: the samples so far go to the file, then exit 130."""
        if os.getpid() != self._owner:  # a forked worker: MemLoop signals the whole group
            os._exit(EXIT_INTERRUPTED)
        if not self._written:
            try:
                self._write()
            except BaseException:
                pass
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)

    def _write_if_pending(self):
        if not self._written and os.getpid() == self._owner:
            self._write()

    def csv_text(self):
        """The samples so far as CSV text (header included): the protocol's columns, then
        the user metrics in the order they were first recorded."""
        metrics = self._counters[6]
        lines = [",".join([HEADER, *self._metric_names[:metrics]])]
        store, per_iteration = self._store, self.models_per_iteration if self.builds else 0
        metric_store = self._metric_store
        for row in range(self._sampled):
            base = row * _STORED
            values = store[base:base + _STORED]
            iteration = values[9]
            cells = [f"{self.arm},{iteration},{(iteration + 1) * per_iteration},{values[7]},{values[0]},"
                     f"{values[1]},{values[2]},{values[3]},{values[4]},{values[5]},{values[6]},"
                     f"{1 if iteration < self.warmup_iterations else 0},{values[8]}"]
            base = row * MAX_METRICS
            for value in metric_store[base:base + metrics]:
                cells.append("" if math.isnan(value) else _number_text(value))
            lines.append(",".join(cells))
        return "\n".join(lines) + "\n"

    def _write(self):
        """Atomic: an exclusively created temporary file beside the target, then os.replace."""
        self._written = True
        data = self.csv_text().encode()
        folder, name = os.path.split(self.output)
        while True:
            temporary = os.path.join(folder, f".{name}.{os.urandom(8).hex()}.tmp")
            try:
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
                break
            except FileExistsError:
                continue
            except OSError as error:
                raise ProbeError(EXIT_FAILED, f"cannot write samples beside {self.output}: {error}") from None
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.output)
        except OSError as error:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise ProbeError(EXIT_FAILED, f"cannot write samples to {self.output}: {error}") from None
        if self._by_hand:
            print(f"memloop_probe: wrote {self._sampled} samples of the {self.arm} arm to {self.output}; "
                  f"one arm gives no verdict: for all three arms and a verdict run "
                  f"memloop run --command {_quoted(_this_command())}", file=sys.stderr, flush=True)


# Where this process's one loop was made ("file:line"), or None. One samples file per arm
# and process: a second loop would replace the first one's samples (under MemLoop, only the
# second loop's rows would be analysed: a leak in the first would pass unseen).
_FIRST_LOOP = [None]


def _refuse_a_second_loop():
    caller = sys._getframe(2)
    if caller.f_code is loop.__code__:
        caller = caller.f_back
    here = f"{caller.f_code.co_filename}:{caller.f_lineno}"
    if _FIRST_LOOP[0] is not None:
        raise ProbeError(EXIT_USAGE, f"a second loop() in one process ({here}; the first was made at {_FIRST_LOOP[0]}): "
                                     f"the second loop's samples would replace the first's, and its growth go unseen. "
                                     f"Measure one loop per process (one script per loop; "
                                     f"put both bodies in one loop's iteration to measure them together)")
    return here


def _this_command():
    """This program's command line, as typed (sys.orig_argv), for a hint."""
    argv = list(getattr(sys, "orig_argv", None) or [sys.executable] + sys.argv)
    argv[0] = os.path.basename(argv[0])
    import shlex
    return shlex.join(argv)


def _quoted(text):
    import shlex
    return shlex.quote(text)


def loop(models_per_iteration=1, gc_collect=True, iterations=None, warmup=None, arm=None, output=None,
         sample_every="auto", device_memory=True):
    """Iterate warm-up + measured iterations of one arm, sampling after the bodies due.

    Under MemLoop (MEMLOOP_PROTOCOL set) the arm, its role, counts, spacing and output come
    from the environment and the arguments `iterations`, `warmup`, `arm`, `output`,
    `sample_every` are ignored; by hand they apply (defaults: clear, 100, 10,
    ./memloop-samples-<arm>.csv, auto). `models_per_iteration` is what `models_built`
    counts per building iteration; a garbage collection precedes each sample: by default,
    after a warm-up trial finds that it loses nothing, one of only what the loop made since
    the last sample (what survives a sample is frozen; a loop that keeps its models is then
    not rescanned whole each time), checked by collections of everything when the time
    budget allows and after the loop; `gc_collect="full"` collects everything before every
    sample, `gc_collect=False` never; `sample_every` is "auto" (within 5% of the loop's
    time, at least every iterations // 50) or k (every k-th); `device_memory=False`
    switches the device_bytes collectors off. `it.record(name, value)` adds a user metric
    column."""
    return Loop(models_per_iteration, gc_collect, iterations, warmup, arm, output, sample_every, device_memory)


def _main(argv):
    if argv != ["--check"]:
        print("usage: python -m memloop_probe --check", file=sys.stderr)
        return EXIT_USAGE
    library = find_jemalloc()
    reader = _Jemalloc()
    print(f"library: {library or 'not found (sudo apt-get install libjemalloc2)'}")
    if reader.problem is None:
        print("jemalloc in charge: yes (a 1 MiB malloc moved thread.allocated by >= 1 MiB; "
              "Python's small objects reach it)")
        return 0
    print(f"jemalloc in charge: no: {reader.problem}")
    print(f"fix: {_fix_hint()}")
    return EXIT_NOT_IN_CHARGE


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
