#!/usr/bin/env bash
# Runs the whole test suite, installing what is missing first: the Python probe's tests
# (stdlib unittest), every Swift test in a debug
# build, then the allocator-measuring tests again in a release build (the optimizer is
# what once hoisted a counter read out of a loop), in a scratch folder of their own.
#
# Sections run one after the other. MEMLOOP_TEST_PARALLEL=1 runs the debug tests (the
# longest section, whose tail is AttributionTests, a serialized suite that mostly waits
# on jeprof) in the background while the other sections run, each in a scratch folder of
# its own (the release tests, Examples/SwiftLoop, the fuzzers): about a third faster on 2
# cores, but the load of the builds beside them makes timing tests flaky (a probe test
# read 0.5 B/iteration where it reads 0 alone), so CI runs them in turn. The DocC
# catalogue is built after the debug tests, since both use .build. Any failure fails the
# script (exit 1) at the end, naming every failing section.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/test.sh" >&2
  exit 64
fi

start=$SECONDS
section() { echo "== $* ($((SECONDS - start)) s)" >&2; }

Scripts/install-deps.sh
section "swift format lint (the checked-in .swift-format)"
swift format lint --strict -r Sources Tests Package.swift Examples/SwiftLoop Examples/PeerComparison Fuzz
section "Swift tests, debug build: building"
swift build --build-tests

logs="$(mktemp -d "${TMPDIR:-/tmp}/memloop-test.XXXXXX")"
debug_pid=""
# A background run still going when the script stops (a failure, a signal) is stopped too.
trap 'if [ -n "$debug_pid" ]; then kill -- "-$debug_pid" 2>/dev/null || true; fi; rm -rf "$logs"' EXIT
failed=()
parallel="${MEMLOOP_TEST_PARALLEL:-0}"
if [ "$parallel" = 1 ]; then
  section "Swift tests, debug build: running in the background (output when they end)"
  set -m  # a process group of its own, so that the trap stops the test binary with it
  swift test --disable-xctest --skip-build >"$logs/debug.log" 2>&1 &
  debug_pid=$!
  set +m
fi

# run NAME COMMAND...: one foreground section; a failure is recorded, not fatal, so that
# the debug tests are still waited for and every failing section is named.
run() {
  local name="$1"
  shift
  section "$name"
  if ! "$@"; then
    echo "test.sh: $name failed" >&2
    failed+=("$name")
  fi
}

if [ "$parallel" != 1 ]; then
  section "Swift tests, debug build"
  if ! swift test --disable-xctest --skip-build; then
    echo "test.sh: the debug Swift tests failed" >&2
    failed+=("Swift tests, debug build")
  fi
fi
run "Python probe tests" Scripts/probe_test.sh
run "report scripts' tests (Scripts/tests)" env PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s Scripts/tests

release=(-c release --scratch-path .build-release-tests -Xswiftc -enable-testing)
measuring_tests() {
  swift build --build-tests "${release[@]}" &&
    swift test --disable-xctest --skip-build "${release[@]}" \
      --filter "JemallocStatsTests|HarnessTests|MemoryLoopTests|FalsePositiveCalibrationTests"
}
run "measuring tests, release build" measuring_tests

swift_loop() {
  local attachments status=0
  attachments="$(mktemp -d "${TMPDIR:-/tmp}/memloop-attachments.XXXXXX")"
  swift test --disable-xctest --package-path Examples/SwiftLoop --attachments-path "$attachments" || status=$?
  # The report a test attached must have been kept, with its verdicts.
  if [ "$status" -eq 0 ] && ! grep -rqs "GROWING" "$attachments"; then
    echo "test.sh: Examples/SwiftLoop attached no report with a verdict to $attachments" >&2
    status=1
  fi
  rm -rf "$attachments"
  return "$status"
}
run "the library from a package outside the repository (Examples/SwiftLoop)" swift_loop

run "fuzzing the samples, baseline and scenarios readers (15 s each)" Scripts/fuzz.sh 15

if [ -n "$debug_pid" ]; then
  section "Swift tests, debug build: waiting for them"
  debug_status=0
  wait "$debug_pid" || debug_status=$?
  debug_pid=""
  cat "$logs/debug.log"
  if [ "$debug_status" -ne 0 ]; then
    echo "test.sh: the debug Swift tests failed (exit $debug_status)" >&2
    failed+=("Swift tests, debug build")
  fi
fi

docc() {
  # Built again only when its inputs changed since it last built without a warning: the
  # sources (the catalogue included), the manifest, the resolved plugin version and the
  # toolchain. The stamp is in .build, so a fresh clone always builds it.
  local key stamp=.build/docc-checked
  key="$( { swift --version 2>&1; cat Package.swift Package.resolved 2>/dev/null;
    find Sources -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
    echo "DocC: sources, manifest and toolchain unchanged since it last built cleanly; not rebuilt" >&2
    return 0
  fi
  swift package --disable-sandbox generate-documentation --target MemLoop --warnings-as-errors >/dev/null &&
    echo "$key" >"$stamp"
}
run "DocC catalogue of the MemLoop library, warnings as errors" docc

if [ "${#failed[@]}" -ne 0 ]; then
  echo "test.sh: failed after $((SECONDS - start)) s: ${failed[*]}" >&2
  exit 1
fi
echo "test.sh: passed in $((SECONDS - start)) s" >&2
