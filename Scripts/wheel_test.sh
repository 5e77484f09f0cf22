#!/usr/bin/env bash
# The wheel as a user meets it: builds it (Scripts/wheel.sh), installs it with pytest and
# pytest-xdist (from PyPI) into a fresh venv in a temporary folder, then — in a mount
# namespace (unshare -m) where an empty folder hides the Swift toolchain's root and an
# empty file hides the system's libjemalloc.so.2, so that a stray dependency fails here —
# checks:
#   - the hiding works (swift is gone, libjemalloc.so.2 cannot be loaded);
#   - `memloop --version` is the wheel's version; `ldd` of the installed executable names
#     no Swift, Foundation or jemalloc library and nothing "not found";
#   - `memloop run --iterations 60 --warm-up 5 --command "python Examples/python/leaky_loop.py"`
#     exits 0 (controls passed) with the clear arm GROWING;
#   - a loop importing the installed probe (`from memloop_probe import loop`), run by
#     hand, re-executes itself under the bundled jemalloc and writes its samples;
#   - `memloop measure MODULE:FUNCTION --clear …` measures a function with no loop written
#     (clear arm CONSTANT, noclear GROWING);
#   - pytest on Examples/pytest, serially (with --junitxml) and with -n 2 (pytest-xdist):
#     exactly test_leaking_body failed with GROWING in its message, test_clean_body
#     passed, test_fixture_that_grows_in_every_arm errored;
#   - the plugin's own tests (Probe/plugin_tests, pytester) against the installed plugin.
# Exits non-zero when any expectation fails. Needs root (or unshare rights) and PyPI.
# Usage: Scripts/wheel_test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

if [ "${1:-}" = "--inside" ]; then
  # ---------------------------------------------------------------- in the namespace
  work="$2"; toolchain="$3"; library="$4"
  mount --make-rprivate /
  mkdir -p "$work/empty"
  : >"$work/empty-file"
  mount --bind "$work/empty" "$toolchain"
  mount --bind "$work/empty-file" "$library"
  export PATH="$work/venv/bin:$PATH"
  unset MEMLOOP_BIN MEMLOOP_JEMALLOC_LIBRARY PYTHONPATH LD_PRELOAD PYTHONMALLOC
  failures=0
  check() { # check DESCRIPTION COMMAND...: runs it, counts a failure
    if "${@:2}"; then echo "ok: $1"; else echo "FAILED: $1" >&2; failures=$((failures + 1)); fi
  }
  verdict_is() { # verdict_is SUMMARY ARM VERDICT: the arm's verdict in summary.json is VERDICT
    [ "$(python -c 'import json, sys; print({a["arm"]: a["verdict"] for a in json.load(open(sys.argv[1]))["arms"]}[sys.argv[2]])' "$1" "$2" 2>/dev/null)" = "$3" ]
  }

  check "the Swift toolchain is hidden" sh -c "! command -v swift >/dev/null && [ -z \"\$(ls -A '$toolchain')\" ]"
  check "the system's libjemalloc.so.2 is hidden" sh -c "! python -c 'import ctypes; ctypes.CDLL(\"libjemalloc.so.2\")' 2>/dev/null"

  version="$(python -c 'import memloop; print(memloop.__version__)')"
  check "memloop --version is $version" sh -c "[ \"\$(memloop --version)\" = '$version' ]"
  binary="$(python -c 'import memloop; print(memloop.BUNDLED_EXECUTABLE)')"
  ldd "$binary" | sed 's/^/  ldd: /'
  check "ldd names no Swift, Foundation or jemalloc library" sh -c "! ldd '$binary' | grep -Eiq 'swift|foundation|dispatch|jemalloc|not found'"

  set +e
  memloop run --iterations 60 --warm-up 5 --output "$work/leaky" --command "python Examples/python/leaky_loop.py" >"$work/leaky.out" 2>"$work/leaky.err"
  status=$?
  set -e
  sed 's/^/  /' "$work/leaky.out"
  check "memloop run --command leaky_loop.py exits 0 (got $status)" test "$status" -eq 0
  check "the leaky loop's clear arm is GROWING" verdict_is "$work/leaky/summary.json" clear GROWING

  mkdir -p "$work/user"
  cat >"$work/user/my_loop.py" <<'EOF'
from memloop_probe import loop
kept = []
for it in loop(iterations=20, warmup=2, arm="noclear"):
    kept.append(bytearray(100))
EOF
  check "the installed probe, by hand, re-runs itself under the bundled jemalloc" sh -c \
    "cd '$work/user' && python my_loop.py >'$work/by-hand.out' 2>&1 && grep -q 're-running under jemalloc (LD_PRELOAD=$work/venv/.*/memloop/_bin/libjemalloc.so.2' '$work/by-hand.out' && [ -s memloop-samples-noclear.csv ]"

  cat >"$work/user/models.py" <<'EOF'
CACHE = []
def build():
    CACHE.append([bytearray(200) for _ in range(4)])
EOF
  set +e
  (cd "$work/user" && memloop measure models:build --clear models:CACHE.clear --iterations 60 --warm-up 5 --output "$work/measure") >"$work/measure.out" 2>"$work/measure.err"
  status=$?
  set -e
  sed 's/^/  /' "$work/measure.out"
  check "memloop measure exits 0 (got $status)" test "$status" -eq 0
  check "memloop measure: the clear arm is CONSTANT" verdict_is "$work/measure/summary.json" clear CONSTANT
  check "memloop measure: the noclear arm is GROWING" verdict_is "$work/measure/summary.json" noclear GROWING

  expect_outcomes() { # expect_outcomes JUNIT: the three examples' outcomes
    python - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
outcomes = {}
for case in ET.parse(sys.argv[1]).iter("testcase"):
    kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
    text = " ".join((child.get("message") or "") + (child.text or "") for child in case if child.tag in ("failure", "error"))
    outcomes[case.get("name")] = (kinds[0] if kinds else "passed", text)
expected = {"test_leaking_body": "failure", "test_clean_body": "passed", "test_fixture_that_grows_in_every_arm": "error"}
problems = [f"{name}: expected {kind}, got {outcomes.get(name, ('missing',))[0]}" for name, kind in expected.items()
            if outcomes.get(name, ("missing",))[0] != kind]
if set(outcomes) != set(expected):
    problems.append(f"tests run: {sorted(outcomes)}")
if "GROWING" not in outcomes.get("test_leaking_body", ("", ""))[1] or "B/iteration" not in outcomes.get("test_leaking_body", ("", ""))[1]:
    problems.append("test_leaking_body's message names no GROWING and B/iteration")
if "control" not in outcomes.get("test_fixture_that_grows_in_every_arm", ("", ""))[1]:
    problems.append("test_fixture_that_grows_in_every_arm's error does not name the control")
print("\n".join(problems) or "outcomes as expected", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
  }
  for mode in serial xdist; do
    extra=()
    [ "$mode" = xdist ] && extra=(-n 2)
    set +e
    python -m pytest Examples/pytest -p no:cacheprovider -q "${extra[@]}" --junitxml "$work/junit-$mode.xml" \
      --memloop-output="$work/reports-$mode" >"$work/pytest-$mode.out" 2>&1
    status=$?
    set -e
    tail -n 4 "$work/pytest-$mode.out" | sed 's/^/  /'
    check "pytest Examples/pytest ($mode) exits 1 (got $status)" test "$status" -eq 1
    check "pytest Examples/pytest ($mode): leaking failed with GROWING, clean passed, control errored" expect_outcomes "$work/junit-$mode.xml"
  done

  set +e
  python -m pytest Probe/plugin_tests -p no:cacheprovider -q -p pytester >"$work/plugin-tests.out" 2>&1
  status=$?
  set -e
  tail -n 3 "$work/plugin-tests.out" | sed 's/^/  /'
  check "the plugin's tests pass (got $status)" test "$status" -eq 0

  if [ "$failures" -ne 0 ]; then
    echo "wheel_test.sh: $failures check(s) failed; outputs in $work" >&2
    exit 1
  fi
  exit 0
fi

# ---------------------------------------------------------------- outside
if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/wheel_test.sh" >&2
  exit 64
fi
start=$(date +%s)
command -v unshare >/dev/null || { echo "wheel_test.sh: unshare (util-linux) is missing" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/memloop-wheel-test.XXXXXX")"
wheel="$(Scripts/wheel.sh --output "$work/dist" | tail -n 1)"
echo "== fresh venv in $work/venv: pip install $(basename "$wheel") pytest pytest-xdist" >&2
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" pytest pytest-xdist
toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"
library="$(readlink -f "$(dirname "$(readlink -f "$(ldconfig -p | awk '/libjemalloc\.so\.2 / && !found {print $NF; found = 1}')")")/libjemalloc.so.2")"
[ -d "$toolchain" ] && [ -f "$library" ] || { echo "wheel_test.sh: cannot find the toolchain ($toolchain) or libjemalloc ($library)" >&2; exit 1; }
echo "== in a mount namespace hiding $toolchain and $library" >&2
set +e
unshare -m "$root/Scripts/wheel_test.sh" --inside "$work" "$toolchain" "$library"
status=$?
set -e
echo "wheel_test.sh: $(( $(date +%s) - start )) s; wheel $(stat -c %s "$wheel") bytes" >&2
if [ "$status" -eq 0 ]; then
  rm -rf "$work"
  echo "wheel_test.sh: all checks passed" >&2
fi
exit "$status"
