#!/usr/bin/env bash
# The memory regression gate: builds memloop in release mode and runs `memloop gate` on
# the committed baselines (Reports/baselines/). Extra arguments go to `memloop gate`,
# e.g. `Scripts/gate.sh --scenario built`. Exit codes are those of `memloop gate`.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/install-deps.sh
swift build -c release --product memloop >&2
exec .build/release/memloop gate "$@"
