#!/usr/bin/env bash
# Tests of the Python probe (Probe/) and the example loops (Examples/python/): the
# samples file and its flags, refusals and exit codes, interruption, and the slopes —
# an empty loop flat on live_bytes and stats.allocated, a 64-byte leak read as 64.
# Installs jemalloc first when the probe cannot find it. Stdlib unittest only.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/probe_test.sh" >&2
  exit 64
fi
if ! python3 -c 'import sys; sys.path.insert(0, "Probe"); import memloop_probe; sys.exit(memloop_probe.find_jemalloc() is None)'; then
  Scripts/install-deps.sh
fi
PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s Probe/tests -v
