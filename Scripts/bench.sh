#!/usr/bin/env bash
# Builds memloop in release mode and runs `memloop bench`, which writes
# Reports/bench/bench.json and bench.md. Extra arguments go to `memloop bench`.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/install-deps.sh
swift build -c release --product memloop >&2
exec .build/release/memloop bench "$@"
