#!/usr/bin/env bash
# Runs the whole test suite (debug build, jemalloc linked), installing what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/test.sh" >&2
  exit 64
fi

Scripts/install-deps.sh
swift build --build-tests
swift test --disable-xctest
