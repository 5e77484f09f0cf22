"""pytest plugin: a test whose body is one iteration of a model-building loop.

    @pytest.mark.memloop(iterations=200, warm_up=20, clear=keras.backend.clear_session)
    def test_build_model_does_not_leak():
        build_model()

MemLoop runs the body in its three arms, each in a process of its own: `clear` (call
`clear()` before each iteration, then the body), `noclear` (the body only) and `control`
(neither; the same loop and sampling). Each arm is `pytest` re-run on this test's node id
in *arm mode*, where the plugin wraps the call in the probe's `for it in loop(): …`; the
arms are started by `memloop run --command …` (the executable bundled in the wheel, or
--memloop-bin). The parent test then reads the run's summary.json:

- the clear arm GROWING: the test fails, with the verdict, bytes per iteration, the 95%
  interval, the upper bound ("grows at most") and the report folder in the message;
- INCONCLUSIVE: fails by default (`--memloop-undecided=fail`; a test never passes by
  accident); `--memloop-undecided=pass` passes it with a warning that says so;
- CONSTANT or SHRINKING: passes;
- a control arm that fails (memloop exit 7: something outside the body grows, e.g. a
  fixture), an arm that fails or writes no samples (exit 8), jemalloc not in charge
  (exit 3), no executable or no jemalloc: an *error* of the test (raised in its setup),
  never a pass.

Fixtures are set up once per arm process, before its loop (and once in the parent, which
does not run the body); the body gets the same fixture values every iteration. The arm
processes run pytest with `-p no:logging -p no:warnings` (both keep a record per log call
or warning, which would be growth of the harness's, not of the body's), `-p no:xdist`,
`-p no:cacheprovider`, the parent's rootdir and ini file, its `-p` plugins and
`--import-mode`, and `-o addopts=` (so that an `addopts` with `-n`, `--junitxml` or the
like does not act in the arms).

Options: --memloop-output=DIR (reports; one folder per test below it, default
.memloop/pytest under the rootdir; write it with `=`: pytest takes an existing folder given
as a separate argument into account when it picks the rootdir), --memloop-bin PATH, --memloop-undecided fail|pass,
--memloop-attribute (adds `--attribute python` to the runs: where it grows, by source
line, in the failure message). Marker keywords: iterations (default 100), warm_up
(default 10), clear (a callable or None), args (more `memloop run` options, e.g.
("--arm-timeout", "120")).
"""
import hashlib
import inspect
import json
import os
import re
import shlex
import subprocess
import sys
import warnings

import pytest

import memloop

# Set by the parent in the environment of `memloop run`: the node id that each arm's
# pytest wraps in the probe's loop. Its presence is what "arm mode" means.
ARM_NODE = "MEMLOOP_PYTEST_NODE"
MARKER = "memloop"
_KEYWORDS = ("iterations", "warm_up", "clear", "args")
_RESULT = pytest.StashKey()
# memloop's exit statuses that say what went wrong in an arm (README "Exit codes").
_EXIT_MEANING = {
    3: "jemalloc is not the allocator in charge in an arm: nothing measured",
    5: "MemLoop could not read the arms' samples",
    6: "the report folder cannot be written",
    7: "a control failed",
    8: "an arm's process failed, or wrote no or unusable samples",
    64: "MemLoop refused its arguments",
    130: "interrupted",
}


def pytest_addoption(parser):
    group = parser.getgroup("memloop", "MemLoop: does a test body's memory grow when looped?")
    group.addoption("--memloop-output", metavar="DIR", default=None,
                    help="folder for MemLoop's reports, one sub-folder per marked test (default: <rootdir>/.memloop/pytest)")
    group.addoption("--memloop-bin", metavar="PATH", default=None,
                    help="the memloop executable (default: MEMLOOP_BIN, else the one bundled in the memloop wheel)")
    group.addoption("--memloop-undecided", choices=("fail", "pass"), default="fail",
                    help="what an INCONCLUSIVE clear arm does to the test: fail (default) or pass with a warning")
    group.addoption("--memloop-attribute", action="store_true", default=False,
                    help="also profile the building arms (memloop run --attribute python) and name where the clear arm grows")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "memloop(iterations=100, warm_up=10, clear=None, args=()): the test's body is one iteration of a loop; "
        "MemLoop runs it in three arms (clear: clear() then the body; noclear; control) and the test fails when "
        "the clear arm's memory grows")


def _arm_node():
    return os.environ.get(ARM_NODE) if os.environ.get("MEMLOOP_PROTOCOL") else None


# ---------------------------------------------------------------- the marker

class _Settings:
    __slots__ = ("iterations", "warm_up", "clear", "args")


def _settings(item, marker):
    """The marker's keywords and the test function, checked; a refusal names the test."""
    where = f"@pytest.mark.memloop on {item.nodeid}"
    if marker.args:
        raise _SetupError(f"{where}: takes keywords only ({', '.join(_KEYWORDS)}), got positional {marker.args!r}")
    unknown = sorted(set(marker.kwargs) - set(_KEYWORDS))
    if unknown:
        raise _SetupError(f"{where}: unknown keyword(s) {', '.join(unknown)}; known: {', '.join(_KEYWORDS)}")
    settings = _Settings()
    settings.iterations = marker.kwargs.get("iterations", 100)
    settings.warm_up = marker.kwargs.get("warm_up", 10)
    for name, value, least in (("iterations", settings.iterations, 1), ("warm_up", settings.warm_up, 0)):
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise _SetupError(f"{where}: {name} must be a whole number of at least {least}, got {value!r}")
    settings.clear = marker.kwargs.get("clear")
    if settings.clear is not None and not callable(settings.clear):
        raise _SetupError(f"{where}: clear must be a callable (run before each iteration of the clear arm) or None, "
                          f"got {settings.clear!r}")
    args = marker.kwargs.get("args", ())
    if not isinstance(args, (list, tuple)) or not all(isinstance(arg, str) for arg in args):
        raise _SetupError(f"{where}: args must be a sequence of strings (memloop run options), got {args!r}")
    settings.args = tuple(args)
    function = getattr(item, "obj", None)
    if inspect.iscoroutinefunction(function) or inspect.isgeneratorfunction(function):
        raise _SetupError(f"{where}: the test must be a plain function (not async, not a generator): "
                          f"its body is one iteration of the loop")
    return settings


class _SetupError(Exception):
    pass


# ---------------------------------------------------------------- arm mode (the child)

def pytest_collection_modifyitems(session, config, items):
    node = _arm_node()
    if node is None:
        return
    kept = [item for item in items if item.nodeid == node]
    if len(kept) != 1:
        pytest.exit(f"memloop arm: the test {node!r} was not collected in the arm's process "
                    f"(collected {len(items)} item(s)); nothing measured", returncode=2)
    config.hook.pytest_deselected(items=[item for item in items if item.nodeid != node])
    items[:] = kept


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    marker = pyfuncitem.get_closest_marker(MARKER)
    if marker is None:
        return None
    node = _arm_node()
    if node is not None:
        if pyfuncitem.nodeid != node:
            return None
        _run_arm(pyfuncitem, _settings(pyfuncitem, marker))
        return True
    _judge(pyfuncitem)
    return True


def _run_arm(item, settings):
    """One arm: the body inside the probe's loop; the probe writes the samples."""
    from memloop_probe import loop
    function = item.obj
    arguments = {name: item.funcargs[name] for name in item._fixtureinfo.argnames}
    clear = settings.clear
    try:
        for it in loop():
            if it.clears and clear is not None:
                clear()
            if it.builds:
                function(**arguments)
    except SystemExit as refusal:
        # The probe's refusals (3: jemalloc not in charge, 64, 1) end the arm's process
        # with their own status, which MemLoop reads; pytest would make any of them 1.
        status = refusal.code if isinstance(refusal.code, int) else 1
        pytest.exit(f"memloop arm: the probe stopped with status {status} (its message is above)", returncode=status)


# ---------------------------------------------------------------- the parent

def _report_folder(item):
    option = item.config.getoption("memloop_output")
    root = os.path.abspath(option) if option else os.path.join(str(item.config.rootpath), ".memloop", "pytest")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", item.nodeid).strip("_")[:80]
    digest = hashlib.sha256(item.nodeid.encode()).hexdigest()[:8]
    return os.path.join(root, f"{slug}-{digest}")


def _plugin_arguments(config):
    """`-p` for this plugin in the arm's pytest unless it loads by itself (entry point)."""
    name = config.pluginmanager.get_name(sys.modules[__name__])
    autoload = not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    return [] if name == MARKER and autoload else ["-p", __name__]


# Plugins the arms must not load: they would keep records per iteration, or spread the
# one test over workers.
_ARM_BLOCKED = ("cacheprovider", "xdist", "logging", "warnings")


def _forwarded_arguments(config):
    """The parent's own `-p NAME` (plugins that may provide the test's fixtures) and
    `--import-mode`, so that the arm collects the test as the parent did."""
    arguments, given = [], list(config.invocation_params.args)
    for index, argument in enumerate(given):
        if argument == "-p" and index + 1 < len(given):
            name = given[index + 1]
        elif argument.startswith("-p") and len(argument) > 2:
            name = argument[2:]
        else:
            if argument.startswith("--import-mode"):
                value = argument.partition("=")[2] or (given[index + 1] if index + 1 < len(given) else "")
                arguments.append(f"--import-mode={value}")
            continue
        if name.startswith("no:") or name.split(".")[0] in _ARM_BLOCKED or name in (MARKER, __name__):
            continue
        arguments += ["-p", name]
    return arguments


def _arm_command(item):
    config = item.config
    command = [sys.executable, "-m", "pytest", item.nodeid, "-q", "--rootdir", str(config.rootpath), "-o", "addopts="]
    for name in _ARM_BLOCKED:
        command += ["-p", f"no:{name}"]
    if config.inipath is not None:
        command += ["-c", str(config.inipath)]
    return command + _forwarded_arguments(config) + _plugin_arguments(config)


def _arm_environment(item):
    environment = memloop.environment()
    for key in list(environment):
        if key.startswith(("PYTEST_XDIST_", "MEMLOOP_PYTEST_")) or key in (
                "PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST", "MEMLOOP_PROTOCOL", "MEMLOOP_ARM", "MEMLOOP_CLEARS",
                "MEMLOOP_BUILDS", "MEMLOOP_SAMPLES"):
            del environment[key]
    environment[ARM_NODE] = item.nodeid
    return environment


@pytest.hookimpl(trylast=True)
def pytest_runtest_setup(item):
    """Runs the arms in the test's setup — after skip and xfail markers are evaluated and
    its fixtures set up, so that a skipped test or a broken fixture runs no arm — so that
    what cannot be measured is an error of the test (not a failure, never a pass)."""
    marker = item.get_closest_marker(MARKER)
    if marker is None or _arm_node() is not None:
        return
    try:
        settings = _settings(item, marker)
        binary = memloop.executable(item.config.getoption("memloop_bin"))
    except (_SetupError, memloop.NotFound) as error:
        raise _MemLoopError(str(error)) from None
    if memloop.jemalloc_library() is None:
        raise _MemLoopError("jemalloc cannot be had: no libjemalloc.so.2 to preload into the arms (the memloop wheel "
                            "bundles one; else install it: sudo apt-get install libjemalloc2, or name it with "
                            "MEMLOOP_JEMALLOC_LIBRARY=/path/to/libjemalloc.so.2)")
    folder = _report_folder(item)
    os.makedirs(os.path.dirname(folder), exist_ok=True)
    command = [binary, "run", "--iterations", str(settings.iterations), "--warm-up", str(settings.warm_up),
               "--output", folder]
    if item.config.getoption("memloop_attribute"):
        command += ["--attribute", "python"]
    command += [*settings.args, "--command", shlex.join(_arm_command(item))]
    result = subprocess.run(command, cwd=str(item.config.rootpath), env=_arm_environment(item),
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, errors="replace")
    item.add_report_section("setup", "memloop", f"$ {shlex.join(command)}\n{result.stdout}")
    summary = _read_summary(folder)
    item.user_properties.append(("memloop_report", folder))
    if result.returncode != 0:
        raise _MemLoopError(_failure_text(result, summary, folder))
    if summary is None:
        raise _MemLoopError(f"memloop run exited 0 but wrote no readable summary.json in {folder}")
    item.stash[_RESULT] = (summary, folder, result.stdout, settings)


class _MemLoopError(Exception):
    """Raised in setup: pytest reports the test as an error, with this message only."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and call.excinfo.errisinstance(_MemLoopError):
        report.longrepr = f"memloop: {call.excinfo.value}"


def _read_summary(folder):
    try:
        with open(os.path.join(folder, "summary.json")) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _tail(text, lines=25):
    kept = text.strip().splitlines()[-lines:]
    return "\n".join("    " + line for line in kept)


def _failure_text(result, summary, folder):
    meaning = _EXIT_MEANING.get(result.returncode, "memloop run failed")
    text = f"{meaning} (memloop run exit {result.returncode})"
    if result.returncode == 7 and summary is not None:
        control = summary.get("negativeControl") or {}
        text += f": {control.get('message', 'the control arm (building nothing) grew')}"
        text += ("; the control arm runs the same process, fixtures and sampling without the body, so something "
                 "outside the body grows (a fixture, a hook, the harness)")
    text += f"\nReports: {folder}"
    if result.stderr.strip():
        text += f"\nmemloop's stderr (end):\n{_tail(result.stderr)}"
    return text


def _bytes(value):
    return "n/a" if value is None else f"{value:,.1f}"


def _arm_line(arm):
    primary = arm.get("primary") or {}
    interval = primary.get("ci95") or [None, None]
    return (f"{arm.get('arm')} arm {arm.get('verdict')}: {_bytes(primary.get('bytesPerIteration'))} B/iteration on "
            f"{primary.get('metric')}, 95% interval [{_bytes(interval[0])}, {_bytes(interval[1])}] B/model, "
            f"grows at most {_bytes(primary.get('growsAtMostBytesPerModel'))} B/model")


def _attribution(folder, lines=8):
    """The largest growths of the clear arm's profiled pass (memloop run --attribute
    python writes python-growth-clear.tsv: size, count, function, file:line)."""
    try:
        with open(os.path.join(folder, "python-growth-clear.tsv")) as handle:
            rows = [row.split("\t") for row in handle.read().splitlines()[1:]]
    except OSError:
        return None
    rows = sorted((row for row in rows if len(row) == 4 and row[0].lstrip("-").isdigit()), key=lambda row: -abs(int(row[0])))
    return "\n".join(f"    {int(size):+,} B in {count} blocks: {function} ({location})"
                     for size, count, function, location in rows[:lines]) or None


def _judge(item):
    """The call phase of a marked test in the parent: the verdict of the clear arm."""
    summary, folder, _, settings = item.stash[_RESULT]
    arms = {arm.get("arm"): arm for arm in summary.get("arms", [])}
    clear = arms.get("clear")
    if clear is None:
        raise _MemLoopError(f"summary.json in {folder} has no clear arm")
    verdict = clear.get("verdict")
    control = summary.get("negativeControl") or {}
    others = "; ".join(_arm_line(arms[name]) for name in ("noclear", "control") if name in arms)
    message = (f"{_arm_line(clear)} ({settings.iterations} iterations after {settings.warm_up} of warm-up)\n"
               f"{others}; negative control {'passed' if control.get('passed') else 'FAILED'}\n"
               f"Reports: {folder}")
    per_iteration = (clear.get("primary") or {}).get("bytesPerIteration")
    at_most = (clear.get("primary") or {}).get("growsAtMostBytesPerModel")
    item.user_properties.append(("memloop_verdict", verdict))
    item.user_properties.append(("memloop_bytes_per_iteration", per_iteration))
    if verdict == "GROWING":
        where = _attribution(folder) if item.config.getoption("memloop_attribute") else None
        if where:
            message += f"\nWhere the clear arm grows (its profiled pass, over the measured iterations, by source line):\n{where}"
        pytest.fail(f"memloop: GROWING, {_bytes(per_iteration)} B/iteration (clear arm)\n{message}", pytrace=False)
    if verdict == "INCONCLUSIVE":
        hint = ("MemLoop cannot tell yet whether it grows: more iterations (@pytest.mark.memloop(iterations=…)) "
                "or a longer warm-up decide it")
        if item.config.getoption("memloop_undecided") == "fail":
            pytest.fail(f"memloop: INCONCLUSIVE, grows at most {_bytes(at_most)} B/model (clear arm)\n{message}\n{hint} (--memloop-undecided=pass reports it without "
                        f"failing)", pytrace=False)
        warnings.warn(pytest.PytestWarning(f"memloop: {item.nodeid}: undecided, passed by "
                                           f"--memloop-undecided=pass: {_arm_line(clear)}; {hint}"))
