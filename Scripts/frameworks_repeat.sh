#!/usr/bin/env bash
# Optional: the real-framework loops of Examples/python/ run repeatedly under MemLoop
# (release build), tallied in $MEMLOOP_REPORTS/frameworks/repeated.md (default Reports/local/;
# MEMLOOP_REPORTS=Reports rewrites the committed one): clean loops for 1,000
# measured iterations (a clean clear arm must be decided as not growing within them), loops
# with a planted leak (every model kept) for 200. Needs the venvs of
# Scripts/frameworks_setup.sh; the runs' own reports go to Reports/local/frameworks_repeat/.
# SET: core (PyTorch, Keras 3 on JAX and on torch; repeated.md) or tensorflow (tf-keras and
# Keras 3 on TensorFlow, ~4 minutes a clean run; repeated_tensorflow.md).
# Usage: Scripts/frameworks_repeat.sh [CLEAN_RUNS [LEAK_RUNS [SET]]]   (default 5, 3, core)
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

clean_runs="${1:-5}"
leak_runs="${2:-3}"
set_name="${3:-core}"
if [ "$#" -gt 3 ] || ! [[ "$clean_runs" =~ ^[1-9][0-9]*$ && "$leak_runs" =~ ^[1-9][0-9]*$ ]] ||
  [[ "$set_name" != core && "$set_name" != tensorflow ]]; then
  echo "usage: Scripts/frameworks_repeat.sh [CLEAN_RUNS [LEAK_RUNS [core|tensorflow]]]   (each ≥ 1; default 5, 3, core)" >&2
  exit 64
fi

clean="--iterations 1000 --warm-up 50"
leak="--iterations 200 --warm-up 30"
# name | runs | memloop run options | what is true | the loop's command
if [ "$set_name" = tensorflow ]; then
  venvs=(.venv-keras)
  table=repeated_tensorflow.md
  title="tf-keras and Keras 3 on TensorFlow, run repeatedly"
  versions="TensorFlow 2.21 CPU, tf-keras 2.21, Keras 3.15"
  cases=(
    "tfkeras_built|$clean_runs|$clean|Keras documents: not growing|.venv-keras/bin/python Examples/python/seed_loop.py --api tf-keras --model built"
    "tfkeras_built_leak|$leak_runs|$leak|GROWING (every model kept)|.venv-keras/bin/python Examples/python/seed_loop.py --api tf-keras --model built --leak"
    "keras3_tf_built|$clean_runs|$clean|Keras documents: not growing|KERAS_BACKEND=tensorflow .venv-keras/bin/python Examples/python/seed_loop.py --api keras3 --model built"
    "keras3_tf_built_leak|$leak_runs|$leak|GROWING (every model kept)|KERAS_BACKEND=tensorflow .venv-keras/bin/python Examples/python/seed_loop.py --api keras3 --model built --leak"
  )
else
  venvs=(.venv-torch .venv-jax)
  table=repeated.md
  title="Real frameworks, run repeatedly"
  versions="PyTorch 2.15 CPU, JAX 0.10, Keras 3.15"
  cases=(
    "torch_sequential|$clean_runs|$clean|not growing|.venv-torch/bin/python Examples/python/torch_loop.py --forward"
    "torch_sequential_leak|$leak_runs|$leak|GROWING (every model kept)|.venv-torch/bin/python Examples/python/torch_loop.py --forward --leak"
    "keras3_jax_built|$clean_runs|$clean|not growing|KERAS_BACKEND=jax .venv-jax/bin/python Examples/python/seed_loop.py --api keras3 --model built"
    "keras3_jax_built_leak|$leak_runs|$leak|GROWING (every model kept)|KERAS_BACKEND=jax .venv-jax/bin/python Examples/python/seed_loop.py --api keras3 --model built --leak"
    "keras3_torch_built|$clean_runs|$clean|not growing|KERAS_BACKEND=torch .venv-torch/bin/python Examples/python/seed_loop.py --api keras3 --model built"
    "keras3_torch_built_leak|$leak_runs|$leak|GROWING (every model kept)|KERAS_BACKEND=torch .venv-torch/bin/python Examples/python/seed_loop.py --api keras3 --model built --leak"
  )
fi
for venv in "${venvs[@]}"; do
  if [ ! -x "$venv/bin/python" ]; then
    echo "frameworks_repeat.sh: $venv is missing: run Scripts/frameworks_setup.sh first" >&2
    exit 1
  fi
done

swift build -c release --product memloop >&2
# Each run's own reports, kept for a look at any surprising verdict (ignored by git).
scratch=Reports/local/frameworks_repeat_$set_name
rm -rf "$scratch"
mkdir -p "$scratch"
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
invocation="Scripts/frameworks_repeat.sh $clean_runs $leak_runs${3:+ $set_name}"
python3 Scripts/verdict_tally.py "$scratch/index" "$title" \
  "Produced by \`$invocation\` in $((SECONDS - start)) s: clean loops $clean, planted leaks $leak; the clear arm's figures over the runs ($versions; Python 3.11, jemalloc 5.3, 2 cores)." \
  >"$reports/frameworks/$table.tmp"
mv "$reports/frameworks/$table.tmp" "$reports/frameworks/$table"
cat "$reports/frameworks/$table"
