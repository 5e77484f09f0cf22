"""Tests of the memloop pytest plugin, with pytest's own `pytester` (run with `-p pytester`).

Two kinds: real runs, where MemLoop's executable runs the marked test's three arms (the
installed wheel's, or MEMLOOP_BIN; skipped when there is none), and runs against a
stand-in executable that writes a given summary.json and exits with a given status, which
pins the plugin's reading of every outcome (GROWING, INCONCLUSIVE with either option,
a failed control, an arm that failed) without measuring anything.

Not collected by Probe/tests' unittest run (this folder is not a package there); run by
Scripts/wheel_test.sh in the venv the wheel is installed in:
    python -m pytest Probe/plugin_tests -p pytester"""
import json
import os
import sys
import textwrap

import pytest

import memloop

try:
    EXECUTABLE = memloop.executable()
except memloop.NotFound:
    EXECUTABLE = None
real = pytest.mark.skipif(EXECUTABLE is None, reason="no MemLoop executable (install the wheel, or set MEMLOOP_BIN)")

LEAKING = """
    import pytest
    KEPT = []

    @pytest.mark.memloop(iterations=40, warm_up=4)
    def test_leaks():
        KEPT.append(bytearray(1000))
"""
CLEAN = """
    import pytest
    CACHE = []

    @pytest.mark.memloop(iterations=40, warm_up=4, clear=CACHE.clear)
    def test_clean():
        CACHE.append(bytearray(1000))
"""


def outcome_counts(result):
    return result.parseoutcomes()


@real
def test_a_leaking_body_fails_with_its_figures(pytester):
    pytester.makepyfile(test_leak=LEAKING)
    output = pytester.path / "reports"
    result = pytester.runpytest_subprocess("--memloop-output", str(output))
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    for fragment in ("memloop: GROWING, ", " B/iteration (clear arm)", "clear arm GROWING:", "B/iteration on live_bytes", "95% interval",
                     "grows at most", "40 iterations after 4 of warm-up", "negative control passed",
                     f"Reports: {output}"):
        assert fragment in text
    folders = os.listdir(output)
    assert len(folders) == 1 and os.path.isfile(output / folders[0] / "summary.json")


@real
def test_attribute_names_the_line_that_grows(pytester):
    pytester.makepyfile(test_leak=LEAKING)
    result = pytester.runpytest_subprocess("--memloop-attribute", "--memloop-output", str(pytester.path / "reports"))
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Where the clear arm grows*",
                                 f"*B in * blocks: test_leaks ({pytester.path / 'test_leak.py'}:6)*"])


@real
def test_a_clean_body_passes_and_clear_is_called_in_the_clear_arm_only(pytester):
    pytester.makepyfile(test_clean=CLEAN)
    result = pytester.runpytest_subprocess("--memloop-output", str(pytester.path / "reports"))
    result.assert_outcomes(passed=1)
    folder = next((pytester.path / "reports").iterdir())
    arms = {arm["arm"]: arm["verdict"] for arm in json.loads((folder / "summary.json").read_text())["arms"]}
    assert arms == {"clear": "CONSTANT", "noclear": "GROWING", "control": "CONSTANT"}


@real
def test_growth_outside_the_body_is_an_error_not_a_pass(pytester):
    pytester.makepyfile(test_fixture="""
        import sys, pytest

        @pytest.fixture
        def recorder():
            calls = []
            sys.setprofile(lambda frame, event, arg: calls.append((event, frame.f_code.co_name)))
            yield
            sys.setprofile(None)

        @pytest.mark.memloop(iterations=40, warm_up=4)
        def test_body(recorder):
            pass
    """)
    result = pytester.runpytest_subprocess("--memloop-output", str(pytester.path / "reports"))
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*memloop: a control failed (memloop run exit 7)*control arm*GROWING*"])


@real
def test_k_x_and_xdist_run_each_selected_test_in_its_own_arms(pytester):
    pytester.makepyfile(test_leak=LEAKING, test_clean=CLEAN)
    reports = pytester.path / "reports"
    only = pytester.runpytest_subprocess("-k", "clean", "--memloop-output", str(reports))
    only.assert_outcomes(passed=1, deselected=1)
    assert len(os.listdir(reports)) == 1
    first = pytester.runpytest_subprocess("-x", "-p", "no:randomly", "test_leak.py", "test_clean.py",
                                          "--memloop-output", str(pytester.path / "first"))
    first.assert_outcomes(failed=1)
    pytest.importorskip("xdist")
    parallel = pytester.runpytest_subprocess("-n", "2", "--memloop-output", str(pytester.path / "parallel"),
                                             "--junitxml", str(pytester.path / "junit.xml"))
    parallel.assert_outcomes(failed=1, passed=1)
    assert len(os.listdir(pytester.path / "parallel")) == 2
    junit = (pytester.path / "junit.xml").read_text()
    assert 'name="memloop_verdict" value="GROWING"' in junit and 'name="memloop_verdict" value="CONSTANT"' in junit


@real
def test_the_arms_load_the_plugins_given_with_p(pytester):
    pytester.makepyfile(my_fixtures="""
        import pytest

        @pytest.fixture
        def model_size():
            return 1000
    """, test_uses_fixture="""
        import pytest
        CACHE = []

        @pytest.mark.memloop(iterations=40, warm_up=4, clear=CACHE.clear)
        def test_clean(model_size):
            CACHE.append(bytearray(model_size))
    """)
    result = pytester.runpytest_subprocess("-p", "my_fixtures", f"--memloop-output={pytester.path / 'reports'}")
    result.assert_outcomes(passed=1)


@real
def test_jemalloc_that_cannot_be_loaded_is_an_error(pytester, monkeypatch):
    pytester.makepyfile(test_clean=CLEAN)
    monkeypatch.setenv("MEMLOOP_JEMALLOC_LIBRARY", str(pytester.path / "no-such-libjemalloc.so.2"))
    result = pytester.runpytest_subprocess("--memloop-output", str(pytester.path / "reports"))
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*memloop: jemalloc is not the allocator in charge*(memloop run exit 3)*"])


# ---------------------------------------------------------------- a stand-in executable

def summary(clear_verdict, control_passed=True):
    def arm(name, verdict, per_iteration):
        return {"arm": name, "verdict": verdict,
                "primary": {"bytesPerIteration": per_iteration, "ci95": [per_iteration - 1.5, per_iteration + 2.5],
                            "growsAtMostBytesPerModel": per_iteration + 2.5, "metric": "allocated"}}
    return {"arms": [arm("clear", clear_verdict, 12.0), arm("noclear", "GROWING", 99.0),
                     arm("control", "CONSTANT" if control_passed else "GROWING", 0.0 if control_passed else 50.0)],
            "negativeControl": {"passed": control_passed,
                                "message": "the control arm builds nothing yet is GROWING at 50.0 B/iteration"}}


@pytest.fixture
def stand_in(pytester, monkeypatch):
    """A `memloop` that writes FAKE_SUMMARY into --output, prints FAKE_STDERR, exits FAKE_STATUS."""
    path = pytester.path / "fake-memloop"
    path.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import os, sys
        args = sys.argv[1:]
        assert args[0] == "run" and "--command" in args, args
        output = args[args.index("--output") + 1]
        os.makedirs(output, exist_ok=True)
        if os.environ.get("FAKE_SUMMARY"):
            with open(os.path.join(output, "summary.json"), "w") as handle:
                handle.write(os.environ["FAKE_SUMMARY"])
        with open(os.path.join(output, "args"), "w") as handle:
            handle.write("\\n".join(args))
        print("arm verdict table", flush=True)
        print(os.environ.get("FAKE_STDERR", ""), file=sys.stderr)
        sys.exit(int(os.environ.get("FAKE_STATUS", "0")))
    """))
    path.chmod(0o755)

    def configure(status=0, content=None, stderr=""):
        monkeypatch.setenv("FAKE_STATUS", str(status))
        monkeypatch.setenv("FAKE_SUMMARY", json.dumps(content) if content is not None else "")
        monkeypatch.setenv("FAKE_STDERR", stderr)
        monkeypatch.setenv("MEMLOOP_JEMALLOC_LIBRARY", "/stand-in/libjemalloc.so.2")
        return ["--memloop-bin", str(path), "--memloop-output", str(pytester.path / "reports")]
    return configure


def test_growing_fails_with_verdict_figures_bound_and_folder(pytester, stand_in):
    pytester.makepyfile(test_leak=LEAKING)
    result = pytester.runpytest_subprocess(*stand_in(content=summary("GROWING")))
    result.assert_outcomes(failed=1)
    assert ("memloop: GROWING, 12.0 B/iteration (clear arm)\nclear arm GROWING: 12.0 B/iteration on allocated, "
            "95% interval [10.5, 14.5] B/model, grows at most 14.5 B/model (40 iterations after 4 of warm-up)"
            ) in result.stdout.str()
    result.stdout.fnmatch_lines(["*Reports: */reports/test_leak.py_test_leaks-*"])


@pytest.mark.parametrize("verdict", ["CONSTANT", "SHRINKING"])
def test_a_clear_arm_that_does_not_grow_passes(pytester, stand_in, verdict):
    pytester.makepyfile(test_leak=LEAKING)
    pytester.runpytest_subprocess(*stand_in(content=summary(verdict))).assert_outcomes(passed=1)


def test_undecided_fails_by_default_and_passes_with_a_warning_when_asked(pytester, stand_in):
    pytester.makepyfile(test_leak=LEAKING)
    default = pytester.runpytest_subprocess(*stand_in(content=summary("INCONCLUSIVE")))
    default.assert_outcomes(failed=1)
    default.stdout.fnmatch_lines(["*memloop: INCONCLUSIVE, grows at most 14.5 B/model (clear arm)*",
                                  "clear arm INCONCLUSIVE*", "*more iterations*"])
    passed = pytester.runpytest_subprocess(*stand_in(content=summary("INCONCLUSIVE")), "--memloop-undecided=pass")
    passed.assert_outcomes(passed=1, warnings=1)
    passed.stdout.fnmatch_lines(["*undecided, passed by --memloop-undecided=pass*"])


@pytest.mark.parametrize("status, fragment", [
    (7, "*memloop: a control failed (memloop run exit 7): the control arm builds nothing yet is GROWING*"),
    (8, "*memloop: an arm's process failed, or wrote no or unusable samples (memloop run exit 8)*"),
    (3, "*memloop: jemalloc is not the allocator in charge in an arm*(memloop run exit 3)*"),
    (1, "*memloop: memloop run failed (memloop run exit 1)*"),
])
def test_a_run_that_cannot_judge_is_an_error(pytester, stand_in, status, fragment):
    pytester.makepyfile(test_leak=LEAKING)
    result = pytester.runpytest_subprocess(*stand_in(status=status, content=summary("CONSTANT", control_passed=False),
                                                     stderr="the end of the arm's stderr"))
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([fragment, "*the end of the arm's stderr*"])


def test_the_arms_command_reruns_this_test_in_arm_mode(pytester, stand_in):
    pytester.makepyfile(test_leak=LEAKING)
    pytester.runpytest_subprocess(*stand_in(content=summary("CONSTANT")))
    args = next((pytester.path / "reports").iterdir()).joinpath("args").read_text().split("\n")
    assert args[:7] == ["run", "--iterations", "40", "--warm-up", "4", "--output", args[6]]
    command = args[args.index("--command") + 1]
    assert "-m pytest test_leak.py::test_leaks" in command
    for option in ("-o addopts=", "-p no:xdist", "-p no:logging", "-p no:warnings"):
        assert option in command


@pytest.mark.parametrize("marker, fragment", [
    ("iterations=0", "iterations must be a whole number of at least 1, got 0"),
    ("warm_up='5'", "warm_up must be a whole number of at least 0, got '5'"),
    ("clear=3", "clear must be a callable"),
    ("iteration=10", "unknown keyword(s) iteration"),
    ("args='--attribute'", "args must be a sequence of strings"),
    ("args=5", "args must be a sequence of strings"),
])
def test_a_bad_marker_is_an_error_that_names_it(pytester, stand_in, marker, fragment):
    pytester.makepyfile(test_bad=f"""
        import pytest
        @pytest.mark.memloop({marker})
        def test_body():
            pass
    """)
    result = pytester.runpytest_subprocess(*stand_in(content=summary("CONSTANT")))
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*@pytest.mark.memloop on test_bad.py::test_body: {fragment}*"])


def test_no_executable_is_an_error_that_says_what_to_do(pytester):
    pytester.makepyfile(test_leak=LEAKING)
    result = pytester.runpytest_subprocess("--memloop-bin", str(pytester.path / "missing"))
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*memloop: --memloop-bin=*missing is not an executable file*"])


def test_unmarked_tests_are_left_alone(pytester, stand_in):
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    pytester.runpytest_subprocess(*stand_in(status=1)).assert_outcomes(passed=1)


# ---------------------------------------------------------------- memloop measure

def run_measure(pytester, *arguments):
    return pytester.run(sys.executable, "-m", "memloop", "measure", *arguments)


@pytest.mark.parametrize("arguments, fragment", [
    ((), "usage: memloop measure MODULE:FUNCTION"),
    (("--iterations", "5"), "the function to measure comes first, got the option --iterations"),
    (("no_such_module_here:build",), "no module named 'no_such_module_here'"),
    (("models:build", "--clear"), "--clear needs a value"),
    (("models:build", "--command", "python x.py"), "--command is not for measure"),
    (("models:build", "--clear", "not a name"), "--clear 'not a name' is not MODULE:ATTRIBUTE"),
    (("build",), "function 'build' is not MODULE:ATTRIBUTE"),
])
def test_measure_refuses_bad_arguments_with_64(pytester, arguments, fragment):
    pytester.makepyfile(models="def build():\n    return [0] * 10\n")
    result = run_measure(pytester, *arguments)
    assert result.ret == 64
    assert fragment in result.stderr.str()


@real
def test_measure_loops_a_function_with_clear(pytester):
    pytester.makepyfile(models="CACHE = []\ndef build():\n    CACHE.append(bytearray(500))\n")
    output = pytester.path / "measured"
    result = run_measure(pytester, "models.build", "--clear", "models.CACHE.clear", "--iterations", "40",
                         "--warm-up", "4", "--output", str(output))
    assert result.ret == 0, result.stderr.str()
    arms = {arm["arm"]: arm["verdict"] for arm in json.loads((output / "summary.json").read_text())["arms"]}
    assert arms == {"clear": "CONSTANT", "noclear": "GROWING", "control": "CONSTANT"}


@real
def test_measure_an_import_that_fails_in_the_arm_is_exit_8(pytester):
    pytester.makepyfile(models="import no_such_dependency_here\ndef build():\n    pass\n")
    result = run_measure(pytester, "models:build", "--iterations", "10", "--warm-up", "1",
                         "--output", str(pytester.path / "out"))
    assert result.ret == 8
    assert "no_such_dependency_here" in result.stderr.str()


def test_no_jemalloc_anywhere_is_an_error_that_says_what_to_do(pytester, stand_in, monkeypatch):
    pytester.makeconftest("""
        import memloop, memloop_probe
        memloop.BUNDLED_JEMALLOC = "/no/bundled/libjemalloc.so.2"   # as in a pure-Python install
        memloop_probe.find_jemalloc = lambda: None                  # and none on the system
    """)
    pytester.makepyfile(test_leak=LEAKING)
    arguments = stand_in(content=summary("CONSTANT"))
    monkeypatch.delenv("MEMLOOP_JEMALLOC_LIBRARY")
    result = pytester.runpytest_subprocess(*arguments)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*memloop: jemalloc cannot be had: no libjemalloc.so.2 to preload*apt-get install libjemalloc2*"])
    assert not (pytester.path / "reports").exists(), "nothing was run"


def test_a_skipped_or_unset_up_marked_test_runs_no_arm(pytester, stand_in):
    pytester.makepyfile(test_skips="""
        import pytest

        @pytest.fixture
        def broken():
            raise RuntimeError("fixture broke")

        @pytest.mark.skip(reason="not today")
        @pytest.mark.memloop(iterations=40)
        def test_skipped():
            pass

        @pytest.mark.memloop(iterations=40)
        def test_broken_fixture(broken):
            pass
    """)
    result = pytester.runpytest_subprocess(*stand_in(content=summary("GROWING")))
    result.assert_outcomes(skipped=1, errors=1)
    result.stdout.fnmatch_lines(["*RuntimeError: fixture broke*"])
    assert not (pytester.path / "reports").exists()
