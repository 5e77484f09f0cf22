#!/usr/bin/env bash
# Soak: the clear arm for 1,000,000 iterations (a sample every 1,000), release build.
# Live bytes must be flat to the byte after warm-up, resident memory bounded. Reports
# go to $MEMLOOP_REPORTS/soak/ (default Reports/local/soak/; the committed Reports/soak/ is
# MEMLOOP_REPORTS=Reports). Extra arguments go to `memloop run`.
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

Scripts/install-deps.sh
swift build -c release --product memloop >&2
exec .build/release/memloop run --arms clear --iterations 1000000 --sample-every 1000 --warm-up 1000 --output "$reports/soak" "$@"
