#!/usr/bin/env bash
# Sets up (installs jemalloc when missing), builds in release mode and runs the main
# demonstration: both arms of the seed's loop, reports under Reports/latest/.
# Extra arguments go to `memloop run` (see `memloop run --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/install-deps.sh
swift build -c release --product memloop >&2
.build/release/memloop names
echo
exec .build/release/memloop run "$@"
