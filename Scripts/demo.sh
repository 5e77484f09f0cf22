#!/usr/bin/env bash
# Sets up (installs jemalloc when missing), builds in release mode and runs the main
# demonstration. Extra arguments go to `memloop run`.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/install-deps.sh
swift build -c release --product memloop
.build/release/memloop names
