#!/usr/bin/env bash
# Sets up (installs jemalloc when missing), builds in release mode and runs the main
# demonstration: both arms of the seed's loop, reports under $MEMLOOP_REPORTS/demo/
# (default Reports/local/demo/; the committed Reports/demo/ is MEMLOOP_REPORTS=Reports).
# Extra arguments go to `memloop run` (see `memloop run --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

Scripts/install-deps.sh
swift build -c release --product memloop >&2
.build/release/memloop names
echo
exec .build/release/memloop run --output "$reports/demo" "$@"
