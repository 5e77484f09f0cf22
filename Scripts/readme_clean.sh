#!/usr/bin/env bash
# Runs the README's fast commands, in the README's order, on a fresh clone of this
# repository's HEAD (commit first: uncommitted changes are not in the clone), and fails
# when `git status --short` shows anything after one of them: README commands write to
# ignored folders (Reports/latest, Reports/local, .memloop, …) or leave committed files
# byte-identical. Not in .ci/run.
#
# Left out because they need a framework's venv, PyPI, root or a long run: the wheel
# (wheel.sh, wheel_test.sh), Keras and framework runs, `Scripts/test.sh`, fuzzing, sweep,
# bench, bench_limits, runtime_shapes and calibrate --until-decided. Their output
# folders are listed in Reports/README.md.
#
# The clone is kept between runs (its ignored build folders too, so that a second run
# does not rebuild from nothing); each run resets it to HEAD and removes every file git
# does not ignore. --fresh deletes it first.
#
# Usage: Scripts/readme_clean.sh [--fresh]
#   MEMLOOP_README_CLONE  where the clone goes (default ${TMPDIR:-/tmp}/memloop-readme-clean)
# Exits 0 when every command left the clone clean, 1 when one did not or failed
# unexpectedly (the command and the files are named), 64 on bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

fresh=0
case "${1:-}" in
  "") ;;
  --fresh) fresh=1 ;;
  *) echo "usage: Scripts/readme_clean.sh [--fresh]" >&2; exit 64 ;;
esac
[ "$#" -le 1 ] || { echo "usage: Scripts/readme_clean.sh [--fresh]" >&2; exit 64; }

clone="${MEMLOOP_README_CLONE:-${TMPDIR:-/tmp}/memloop-readme-clean}"
if [ -n "$(git status --short)" ]; then
  echo "readme_clean.sh: this checkout has uncommitted changes; the clone has HEAD only" >&2
fi
if [ "$fresh" = 1 ]; then rm -rf "$clone"; fi
if [ -d "$clone/.git" ]; then
  git -C "$clone" fetch -q "$root" HEAD
  git -C "$clone" checkout -q --force --detach FETCH_HEAD
  git -C "$clone" clean -q -f -d  # untracked files go; ignored ones (build folders) stay
else
  rm -rf "$clone"
  git clone -q "$root" "$clone"
fi
cd "$clone"
echo "readme_clean.sh: $(git rev-parse --short HEAD) in $clone" >&2
log="$(mktemp -d "${TMPDIR:-/tmp}/memloop-readme-clean-log.XXXXXX")"
start=$SECONDS
number=0
failures=0

# check EXPECTED_STATUS COMMAND...: runs a README command (its output to the log folder),
# then fails the script if the exit status is not the expected one or git sees a change.
check() {
  local expected="$1" status=0
  shift
  number=$((number + 1))
  local started=$SECONDS
  "$@" >"$log/$number.out" 2>&1 || status=$?
  local changes
  changes="$(git status --short --untracked-files=all)"
  if [ "$status" != "$expected" ]; then
    echo "FAIL  $* (exit $status, expected $expected; output in $log/$number.out):" >&2
    tail -n 5 "$log/$number.out" | sed 's/^/      /' >&2
    failures=$((failures + 1))
  elif [ -n "$changes" ]; then
    echo "DIRTY $* left:" >&2
    sed 's/^/      /' <<<"$changes" >&2
    failures=$((failures + 1))
    git checkout -q --force HEAD && git clean -q -f -d  # so that the next command starts clean
  else
    echo "clean $* ($((SECONDS - started)) s)" >&2
  fi
}

memloop=.build/release/memloop
# The README's order.
check 0 Scripts/demo.sh
if python3 -c 'import pytest' 2>/dev/null; then
  # The example suite fails one test and errors one on purpose (exit 1); the plugin from
  # the source tree, with the executable just built, as the wheel would provide them.
  check 1 env PYTHONPATH=Probe/src python3 -m pytest Examples/pytest -q -p memloop.pytest_plugin \
    --memloop-bin "$memloop"
else
  echo "skip  pytest Examples/pytest (pytest is not installed)" >&2
fi
check 0 "$memloop" run --iterations 200 --command "python3 Examples/python/leaky_loop.py"
check 0 cc -O2 -o loop Examples/c/loop.c -ldl  # as Examples/c/loop.c says
check 0 "$memloop" run -- ./loop 48
check 0 Scripts/frameworks_table.sh
check 0 "$memloop" names
check 0 "$memloop" stats
for api_model in tf-keras/built tf-keras/unbuilt keras3/unbuilt; do
  check 0 "$memloop" analyze "Reports/keras/$api_model/samples.csv" --primary allocated --output Reports/local/analysis
done
check 0 Scripts/until_decided.sh
check 0 Scripts/gate.sh
check 0 Scripts/gate.sh --scenario built --scenario batch
check 1 "$memloop" gate --inject-leak-bytes 16
# Rewrites Reports/baselines/default.json from a passing run: byte-identical on the machine
# and versions that made it (a new jemalloc or Swift version is a real change).
check 0 "$memloop" gate --update-baseline
check 0 "$memloop" calibrate
check 0 Scripts/probe_bench.sh
check 0 python3 Scripts/keras_halves.py Reports/keras/tf-keras/built Reports/keras/keras3/built
check 0 "$memloop" compare Reports/keras/tf-keras/built/samples.csv Reports/keras/memloop-built/samples.csv \
  --label tf-keras --label memloop
check 0 Scripts/soak.sh
check 0 "$memloop" run --attribute --arms noclear --input-size 10
check 0 Scripts/record.sh leaky

echo "readme_clean.sh: $number commands, $failures failed or left changes, $((SECONDS - start)) s; outputs in $log" >&2
[ "$failures" -eq 0 ]
