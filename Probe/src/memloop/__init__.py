"""MemLoop for Python: does a model-building loop's memory stay constant or grow?

- `from memloop_probe import loop` (or `from memloop import loop`): the probe, three lines
  in a loop that `memloop run --command "python my_loop.py"` measures.
- `@pytest.mark.memloop(iterations=200, warm_up=20, clear=...)`: the pytest plugin
  (`memloop.pytest_plugin`, registered through the `pytest11` entry point).
- `memloop measure mypkg.models:build_model --clear keras.backend.clear_session`: a
  function measured without writing a loop (`memloop._measure`).
- `memloop …`: the MemLoop executable bundled in the wheel (`memloop._cli`).

Importing this package is cheap (the `memloop` command imports it before it execs the
executable); the probe is imported on first use of `loop`/`Loop`."""
import os

__version__ = "0.3.0"
__all__ = ["loop", "Loop", "executable", "jemalloc_library", "environment"]

_BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_bin")
BUNDLED_EXECUTABLE = os.path.join(_BIN, "memloop")
BUNDLED_JEMALLOC = os.path.join(_BIN, "libjemalloc.so.2")


class NotFound(Exception):
    """The executable or jemalloc cannot be had; the message says what to do."""


def _is_elf(path):
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"\x7fELF"
    except OSError:
        return False


def executable(explicit=None):
    """The MemLoop executable: `explicit` (a path), else MEMLOOP_BIN, else the one bundled
    in the wheel, else a `memloop` executable (an ELF file, so never this package's own
    `memloop` command) on PATH, e.g. one built from source. Raises NotFound with what to do."""
    for origin, path in (("--memloop-bin", explicit), ("MEMLOOP_BIN", os.environ.get("MEMLOOP_BIN"))):
        if path:
            if os.path.isfile(path) and os.access(path, os.X_OK):
                return os.path.abspath(path)
            raise NotFound(f"{origin}={path} is not an executable file")
    if os.path.isfile(BUNDLED_EXECUTABLE) and os.access(BUNDLED_EXECUTABLE, os.X_OK):
        return BUNDLED_EXECUTABLE
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(folder or ".", "memloop")
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK) and _is_elf(candidate):
            return os.path.abspath(candidate)
    raise NotFound("no MemLoop executable: this installation of the `memloop` package has none bundled "
                   "(install the wheel Scripts/wheel.sh builds: pip install dist/memloop-*.whl) and none is on PATH; "
                   "name one with MEMLOOP_BIN=PATH, e.g. .build/release/memloop (pytest: also --memloop-bin PATH)")


def jemalloc_library():
    """The libjemalloc.so.2 to preload into loops, or None: MEMLOOP_JEMALLOC_LIBRARY, else
    the copy bundled in the wheel, else the system's (as the probe finds it)."""
    override = os.environ.get("MEMLOOP_JEMALLOC_LIBRARY")
    if override:
        return override
    if os.path.isfile(BUNDLED_JEMALLOC):
        return BUNDLED_JEMALLOC
    import memloop_probe
    return memloop_probe.find_jemalloc()


def environment(base=None):
    """`base` (default os.environ) with MEMLOOP_JEMALLOC_LIBRARY naming the bundled
    library when the caller named none: the executable preloads it into the loop."""
    environment = dict(os.environ if base is None else base)
    if not environment.get("MEMLOOP_JEMALLOC_LIBRARY") and os.path.isfile(BUNDLED_JEMALLOC):
        environment["MEMLOOP_JEMALLOC_LIBRARY"] = BUNDLED_JEMALLOC
    return environment


def __getattr__(name):
    if name in ("loop", "Loop"):
        import memloop_probe
        return getattr(memloop_probe, name)
    raise AttributeError(f"module 'memloop' has no attribute {name!r}")
