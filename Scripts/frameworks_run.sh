#!/usr/bin/env bash
# Optional: the real-framework loops of Examples/python/ under MemLoop (release build), each
# run's reports in $MEMLOOP_REPORTS/frameworks/<name>/ (default Reports/local/, ignored by
# git). With MEMLOOP_REPORTS=Reports it rewrites the committed Reports/frameworks/<name>/ and
# copies the samples to Tests/Fixtures/frameworks/<name>.csv, which CI re-analyses
# (FrameworkFixtureTests); otherwise the fixtures are left alone.
# Needs the venvs of Scripts/frameworks_setup.sh. Takes about 25 minutes on 2 cores (the
# JAX clear arm recompiles every iteration). Names a subset to run only those.
# Usage: Scripts/frameworks_run.sh [NAME]...
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

# name | memloop run options beyond the common ones | environment and command of the loop
runs=(
  "torch_sequential||.venv-torch/bin/python Examples/python/torch_loop.py --forward"
  "torch_sequential_leak||.venv-torch/bin/python Examples/python/torch_loop.py --forward --leak"
  "jax_mlp||.venv-jax/bin/python Examples/python/jax_loop.py"
  "jax_mlp_leak||.venv-jax/bin/python Examples/python/jax_loop.py --leak --clear none"
  "keras3_jax_built||KERAS_BACKEND=jax .venv-jax/bin/python Examples/python/seed_loop.py --api keras3 --model built"
  "keras3_jax_built_until|--until-decided|KERAS_BACKEND=jax .venv-jax/bin/python Examples/python/seed_loop.py --api keras3 --model built"
  "keras3_jax_built_leak||KERAS_BACKEND=jax .venv-jax/bin/python Examples/python/seed_loop.py --api keras3 --model built --leak"
  "keras3_torch_built||KERAS_BACKEND=torch .venv-torch/bin/python Examples/python/seed_loop.py --api keras3 --model built"
  "keras3_torch_built_leak||KERAS_BACKEND=torch .venv-torch/bin/python Examples/python/seed_loop.py --api keras3 --model built --leak"
  "keras3_tf_built||KERAS_BACKEND=tensorflow .venv-keras/bin/python Examples/python/seed_loop.py --api keras3 --model built"
  "keras3_tf_built_leak||KERAS_BACKEND=tensorflow .venv-keras/bin/python Examples/python/seed_loop.py --api keras3 --model built --leak"
  "tfkeras_built||.venv-keras/bin/python Examples/python/seed_loop.py --api tf-keras --model built"
  "tfkeras_built_leak||.venv-keras/bin/python Examples/python/seed_loop.py --api tf-keras --model built --leak"
)
known=" ${runs[*]%%|*} "
for name in "$@"; do
  if [[ "$known" != *" $name "* ]]; then
    echo "usage: Scripts/frameworks_run.sh [NAME]...   (names:${known% })" >&2
    exit 64
  fi
done

swift build -c release --product memloop >&2
for entry in "${runs[@]}"; do
  name="${entry%%|*}"
  rest="${entry#*|}"
  options="${rest%%|*}"
  command="${rest#*|}"
  if [ "$#" -ne 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  echo "== $name: $command ${options:+($options)}" >&2
  # shellcheck disable=SC2086 # the options are words
  .build/release/memloop run --iterations 200 --warm-up 30 --arm-timeout 900 $options \
    --output "$reports/frameworks/$name" --command "$command"
  if [ "$reports" = Reports ]; then
    mkdir -p Tests/Fixtures/frameworks
    cp "Reports/frameworks/$name/samples.csv" "Tests/Fixtures/frameworks/$name.csv"
  fi
done
