#!/usr/bin/env bash
# Optional: MemLoop's verdicts on stand-ins for what real runtimes do to a loop's memory
# (Examples/python/runtime_shapes.py: a thread per iteration, a worker thread's leak, a
# leak that starts late, a cache that fills then stops, a noisy level, nothing), each run
# RUNS times (default 10) with the release build, tabulated against the known answer in
# $MEMLOOP_REPORTS/runtime_shapes/summary.md (default Reports/local/; MEMLOOP_REPORTS=Reports
# rewrites the committed one). The runs' own reports go to a scratch folder.
# Usage: Scripts/runtime_shapes.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

runs="${1:-10}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]] || [ "$#" -gt 1 ]; then
  echo "usage: Scripts/runtime_shapes.sh [RUNS]   (RUNS ≥ 1, default 10)" >&2
  exit 64
fi

# name | memloop run options | --shape | what is true
cases=(
  "clean|--iterations 200 --warm-up 20|clean|not growing"
  "threads|--iterations 200 --warm-up 20|threads|not growing"
  "worker_leak|--iterations 200 --warm-up 20|worker-leak|GROWING at 64 B/iteration"
  "late_leak_until|--until-decided --warm-up 20|late-leak|GROWING (1 KiB/iteration from the 60th)"
  "cache_fixed|--iterations 100 --warm-up 20|cache|grows 1 KiB/iteration for 40 iterations, then stops"
  "cache_until|--until-decided --warm-up 20|cache|the same, looked at with --until-decided"
  "noisy|--iterations 1500 --warm-up 20|noisy|not growing"
)

Scripts/install-deps.sh >&2
swift build -c release --product memloop >&2
scratch="$(mktemp -d "${TMPDIR:-/tmp}/memloop-shapes.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
for entry in "${cases[@]}"; do
  IFS='|' read -r name options shape truth <<<"$entry"
  for run in $(seq 1 "$runs"); do
    echo "== $name, run $run of $runs" >&2
    status=0
    # shellcheck disable=SC2086 # the options are words
    .build/release/memloop run $options --arm-timeout 600 --output "$scratch/$name-$run" \
      --command "python3 Examples/python/runtime_shapes.py --shape $shape --seed $run" >/dev/null || status=$?
    printf '%s|%s|%s|%s|%s\n' "$name" "$truth" "$run" "$status" "$scratch/$name-$run/summary.json" >>"$scratch/index"
  done
done
mkdir -p "$reports/runtime_shapes"
python3 Scripts/verdict_tally.py "$scratch/index" "Verdicts on stand-ins for real runtimes" \
  "Produced by \`Scripts/runtime_shapes.sh $runs\` (the loops: \`Examples/python/runtime_shapes.py\`); each case run $runs times with the release build; the clear arm's figures over the runs." \
  >"$reports/runtime_shapes/summary.md.tmp"
mv "$reports/runtime_shapes/summary.md.tmp" "$reports/runtime_shapes/summary.md"
cat "$reports/runtime_shapes/summary.md"
