#!/usr/bin/env bash
# Optional: the real-framework loops of Examples/python/ run repeatedly under MemLoop
# (release build), tallied in $MEMLOOP_REPORTS/frameworks/repeated.md (default Reports/local/;
# MEMLOOP_REPORTS=Reports rewrites the committed one): clean loops for 1,000
# measured iterations (a clean clear arm must be decided as not growing within them), loops
# with a planted leak (every model kept) for 200. Needs the venvs of
# Scripts/frameworks_setup.sh; the runs' own reports go to a scratch folder.
# Usage: Scripts/frameworks_repeat.sh [CLEAN_RUNS [LEAK_RUNS]]   (default 5 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

clean_runs="${1:-5}"
leak_runs="${2:-3}"
if [ "$#" -gt 2 ] || ! [[ "$clean_runs" =~ ^[1-9][0-9]*$ && "$leak_runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: Scripts/frameworks_repeat.sh [CLEAN_RUNS [LEAK_RUNS]]   (each ≥ 1; default 5 and 3)" >&2
  exit 64
fi

clean="--iterations 1000 --warm-up 50"
leak="--iterations 200 --warm-up 30"
# name | runs | memloop run options | what is true | the loop's command
cases=(
  "torch_sequential|$clean_runs|$clean|not growing|.venv-torch/bin/python Examples/python/torch_loop.py --forward"
  "torch_sequential_leak|$leak_runs|$leak|GROWING (every model kept)|.venv-torch/bin/python Examples/python/torch_loop.py --forward --leak"
  "keras3_jax_built|$clean_runs|$clean|not growing|KERAS_BACKEND=jax .venv-jax/bin/python Examples/python/seed_loop.py --api keras3 --model built"
  "keras3_jax_built_leak|$leak_runs|$leak|GROWING (every model kept)|KERAS_BACKEND=jax .venv-jax/bin/python Examples/python/seed_loop.py --api keras3 --model built --leak"
  "keras3_torch_built|$clean_runs|$clean|not growing|KERAS_BACKEND=torch .venv-torch/bin/python Examples/python/seed_loop.py --api keras3 --model built"
  "keras3_torch_built_leak|$leak_runs|$leak|GROWING (every model kept)|KERAS_BACKEND=torch .venv-torch/bin/python Examples/python/seed_loop.py --api keras3 --model built --leak"
)
for venv in .venv-torch .venv-jax; do
  if [ ! -x "$venv/bin/python" ]; then
    echo "frameworks_repeat.sh: $venv is missing: run Scripts/frameworks_setup.sh jax torch first" >&2
    exit 1
  fi
done

swift build -c release --product memloop >&2
scratch="$(mktemp -d "${TMPDIR:-/tmp}/memloop-frameworks.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
start=$SECONDS
for entry in "${cases[@]}"; do
  IFS='|' read -r name runs options truth command <<<"$entry"
  for run in $(seq 1 "$runs"); do
    echo "== $name, run $run of $runs ($((SECONDS - start)) s so far)" >&2
    status=0
    # shellcheck disable=SC2086 # the options are words
    .build/release/memloop run $options --arm-timeout 1800 --output "$scratch/$name-$run" --command "$command" >/dev/null || status=$?
    printf '%s|%s|%s|%s|%s\n' "$name" "$truth" "$run" "$status" "$scratch/$name-$run/summary.json" >>"$scratch/index"
  done
done
mkdir -p "$reports/frameworks"
python3 Scripts/verdict_tally.py "$scratch/index" "Real frameworks, run repeatedly" \
  "Produced by \`Scripts/frameworks_repeat.sh $clean_runs $leak_runs\` in $((SECONDS - start)) s: clean loops $clean, planted leaks $leak; the clear arm's figures over the runs (PyTorch 2.15 CPU, JAX 0.10, Keras 3.15; Python 3.11, jemalloc 5.3, 2 cores)." \
  >"$reports/frameworks/repeated.md.tmp"
mv "$reports/frameworks/repeated.md.tmp" "$reports/frameworks/repeated.md"
cat "$reports/frameworks/repeated.md"
