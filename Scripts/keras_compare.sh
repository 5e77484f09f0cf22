#!/usr/bin/env bash
# Real Keras measured by MemLoop's loop protocol: `memloop run --command` starts the
# Python loop once per arm (clear, noclear, control), each in its own process under
# jemalloc, and decides on stats.allocated (TensorFlow allocates on worker threads).
# Writes, each in its own folder under $MEMLOOP_REPORTS (default Reports/local, ignored by
# git; MEMLOOP_REPORTS=Reports rewrites the committed reports):
#   keras/<api>/<model>/           seed loop, api tf-keras|keras3, model unbuilt|built
#   keras/<api>/<model>/analysis/  `memloop analyze` of its samples (labels, each half's slope)
#   examples/hyperparameter-search/   Examples/python/hyperparameter_search.py
#   keras/memloop-built/           MemLoop's reference loop, built on 10 inputs
#   keras/compare-built/           tf-keras built beside the reference loop
#   keras/halves.md                slope of the first and second half of each arm
# The analysis, compare-built and halves steps read the samples of the steps before them in
# the same folder, and need no Keras: MEMLOOP_REPORTS=Reports Scripts/keras_compare.sh
# compare-built re-makes the committed chart from the committed samples.
#
# Usage: Scripts/keras_compare.sh [STEP...]   (default: all steps, one after the other)
# Steps: tf-keras/unbuilt tf-keras/built keras3/unbuilt keras3/built
#        hyperparameter-search memloop-built analysis compare-built halves
# Environment: KERAS_PYTHON (default .venv-keras/bin/python, made by Scripts/keras_setup.sh),
#   ITERATIONS/WARMUP (seed loop and reference loop; default 1000/50),
#   SEARCH_ITERATIONS/SEARCH_WARMUP (hyperparameter search; default 200/20),
#   SCRATCH (swift build --scratch-path; default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

python="${KERAS_PYTHON:-.venv-keras/bin/python}"
iterations="${ITERATIONS:-1000}"
warmup="${WARMUP:-50}"
search_iterations="${SEARCH_ITERATIONS:-200}"
search_warmup="${SEARCH_WARMUP:-20}"
scratch="${SCRATCH:-.build}"
all=(tf-keras/unbuilt tf-keras/built keras3/unbuilt keras3/built
     hyperparameter-search memloop-built analysis compare-built halves)
steps=("$@"); [ ${#steps[@]} -eq 0 ] && steps=("${all[@]}")

for step in "${steps[@]}"; do
  case " ${all[*]} " in *" $step "*) ;; *)
    echo "error: unknown step '$step' (steps: ${all[*]})" >&2; exit 64 ;;
  esac
done
needs_python=0
for step in "${steps[@]}"; do
  case "$step" in tf-keras/*|keras3/*|hyperparameter-search) needs_python=1 ;; esac
done
if [ "$needs_python" = 1 ] && [ ! -x "$python" ]; then
  echo "error: no Keras environment at $python; create it with Scripts/keras_setup.sh or set KERAS_PYTHON" >&2
  exit 1
fi

Scripts/install-deps.sh
swift build -c release --product memloop --scratch-path "$scratch" >&2
memloop="$scratch/release/memloop"

for step in "${steps[@]}"; do
  echo "== $step" >&2
  start=$(date +%s)
  case "$step" in
    tf-keras/*|keras3/*)
      api="${step%/*}"; model="${step#*/}"
      "$memloop" run --iterations "$iterations" --warm-up "$warmup" --primary allocated \
        --output "$reports/keras/$api/$model" \
        --command "$python Examples/python/seed_loop.py --api $api --model $model" ;;
    hyperparameter-search)
      "$memloop" run --iterations "$search_iterations" --warm-up "$search_warmup" --primary allocated \
        --output "$reports/examples/hyperparameter-search" \
        --command "$python Examples/python/hyperparameter_search.py" ;;
    memloop-built)
      "$memloop" run --iterations "$iterations" --warm-up "$warmup" --input-size 10 \
        --output "$reports/keras/memloop-built" ;;
    analysis)
      # The repository keeps summary.md and summary.json of each analysis, not its chart.
      scratch_analysis="$(mktemp -d "${TMPDIR:-/tmp}/memloop-analysis.XXXXXX")"
      for run in tf-keras/unbuilt tf-keras/built keras3/unbuilt keras3/built; do
        "$memloop" analyze "$reports/keras/$run/samples.csv" --primary allocated \
          --output "$scratch_analysis/$run" >/dev/null
        mkdir -p "$reports/keras/$run/analysis"
        cp "$scratch_analysis/$run/summary.md" "$scratch_analysis/$run/summary.json" "$reports/keras/$run/analysis/"
      done
      rm -rf "$scratch_analysis" ;;
    compare-built)
      "$memloop" compare "$reports/keras/tf-keras/built/samples.csv" "$reports/keras/memloop-built/samples.csv" \
        --label tf-keras --label memloop --output "$reports/keras/compare-built" ;;
    halves)
      python3 Scripts/keras_halves.py "$reports/keras/tf-keras/unbuilt" "$reports/keras/tf-keras/built" \
        "$reports/keras/keras3/unbuilt" "$reports/keras/keras3/built" "$reports/examples/hyperparameter-search" \
        | tee "$reports/keras/halves.md" ;;
  esac
  echo "== $step: $(( $(date +%s) - start )) s" >&2
done
