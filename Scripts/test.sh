#!/usr/bin/env bash
# Runs the whole test suite, installing what is missing first: the Python probe's tests
# (stdlib unittest), every Swift test in a debug
# build, then the allocator-measuring tests again in a release build (the optimizer is
# what once hoisted a counter read out of a loop), in a scratch folder of their own.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/test.sh" >&2
  exit 64
fi

Scripts/install-deps.sh
echo "== swift format lint (the checked-in .swift-format)" >&2
swift format lint --strict -r Sources Tests Package.swift Examples/SwiftLoop Examples/PeerComparison Fuzz
echo "== Python probe tests" >&2
Scripts/probe_test.sh
echo "== report scripts' tests (Scripts/tests)" >&2
PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s Scripts/tests
echo "== Swift tests, debug build" >&2
swift build --build-tests
swift test --disable-xctest --skip-build

echo "== measuring tests, release build" >&2
release=(-c release --scratch-path .build-release-tests -Xswiftc -enable-testing)
swift build --build-tests "${release[@]}"
swift test --disable-xctest --skip-build "${release[@]}" --filter "JemallocStatsTests|HarnessTests|MemoryLoopTests|FalsePositiveCalibrationTests"

echo "== the library from a package outside the repository (Examples/SwiftLoop)" >&2
attachments="$(mktemp -d "${TMPDIR:-/tmp}/memloop-attachments.XXXXXX")"
swift test --disable-xctest --package-path Examples/SwiftLoop --attachments-path "$attachments"
# The report a test attached must have been kept, with its verdicts.
if ! grep -rqs "GROWING" "$attachments"; then
  echo "test.sh: Examples/SwiftLoop attached no report with a verdict to $attachments" >&2
  exit 1
fi
rm -rf "$attachments"

echo "== DocC catalogue of the MemLoop library, warnings as errors" >&2
# Built again only when its inputs changed since it last built without a warning: the
# sources (the catalogue included), the manifest, the resolved plugin version and the
# toolchain. The stamp is in .build, so a fresh clone always builds it.
docc_key="$( { swift --version 2>&1; cat Package.swift Package.resolved 2>/dev/null;
  find Sources -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -d' ' -f1)"
docc_stamp=.build/docc-checked
if [ "$(cat "$docc_stamp" 2>/dev/null)" = "$docc_key" ]; then
  echo "DocC: sources, manifest and toolchain unchanged since it last built cleanly; not rebuilt" >&2
else
  swift package --disable-sandbox generate-documentation --target MemLoop --warnings-as-errors >/dev/null
  echo "$docc_key" >"$docc_stamp"
fi

echo "== fuzzing the samples and baseline readers (15 s each)" >&2
Scripts/fuzz.sh 15
