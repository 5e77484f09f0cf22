#!/usr/bin/env bash
# Does `memloop bench` time GraphCore as a user's package gets it? Builds memloop and
# Examples/PeerComparison's AddIdiomTiming (GraphCore linked as a package dependency) in
# release, then, ROUNDS times in turn, takes bench's "unbuilt seed model via add, clear"
# figure (bench is stopped after it) and the same loop from AddIdiomTiming, with the
# system allocator and with jemalloc preloaded. The machine is shared, so only figures
# taken in turn are compared. Prints one line per measurement; writes nothing.
# Usage: Scripts/bench_external.sh [ROUNDS]   (default 4)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${1:-4}"
if [ "$#" -gt 1 ] || ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: Scripts/bench_external.sh [ROUNDS]" >&2
  exit 64
fi
Scripts/install-deps.sh
swift build -c release --product memloop >&2
swift build -c release --product AddIdiomTiming --package-path Examples/PeerComparison >&2
external="Examples/PeerComparison/.build/release/AddIdiomTiming"
jemalloc="$(pkg-config --variable=libdir jemalloc)/libjemalloc.so.2"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/memloop-bench-external.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

for round in $(seq 1 "$rounds"); do
  # bench prints a line per figure; the first "via add, clear" one is this loop's. Its
  # output goes to a file and bench is stopped once the line is there.
  .build/release/memloop bench --output "$scratch/bench" >"$scratch/bench.log" 2>&1 &
  bench=$!
  until grep -q "via add, clear" "$scratch/bench.log" || ! kill -0 "$bench" 2>/dev/null; do sleep 0.2; done
  kill "$bench" 2>/dev/null || true
  wait "$bench" 2>/dev/null || true
  echo "round $round, memloop bench:          $(grep -m1 "via add, clear" "$scratch/bench.log" | sed 's/^ *//')"
  echo "round $round, AddIdiomTiming:          $("$external")"
  echo "round $round, AddIdiomTiming+jemalloc: $(LD_PRELOAD="$jemalloc" "$external")"
done
