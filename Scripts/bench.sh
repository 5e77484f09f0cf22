#!/usr/bin/env bash
# Builds memloop in release mode and runs `memloop bench`, which writes
# $MEMLOOP_REPORTS/bench/bench.json and bench.md (default Reports/local/bench/; the
# committed Reports/bench/ is MEMLOOP_REPORTS=Reports). Extra arguments go to `memloop bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

Scripts/install-deps.sh
swift build -c release --product memloop >&2
exec .build/release/memloop bench --output "$reports/bench" "$@"
