#!/usr/bin/env bash
# Optional: the real-framework loops of Examples/python/ under MemLoop (release build), each
# run's reports in Reports/frameworks/<name>/ and its samples copied to
# Tests/Fixtures/frameworks/<name>.csv, which CI re-analyses (FrameworkFixtureTests).
# Needs the venvs of Scripts/frameworks_setup.sh. Takes about 12 minutes on 2 cores (the
# JAX clear arm recompiles every iteration). Names a subset to run only those.
# Usage: Scripts/frameworks_run.sh [NAME]...
set -euo pipefail
cd "$(dirname "$0")/.."

# name | environment and command of the loop
runs=(
  "torch_sequential|.venv-torch/bin/python Examples/python/torch_loop.py --forward"
  "torch_sequential_leak|.venv-torch/bin/python Examples/python/torch_loop.py --forward --leak"
  "jax_mlp|.venv-jax/bin/python Examples/python/jax_loop.py"
  "jax_mlp_leak|.venv-jax/bin/python Examples/python/jax_loop.py --leak --clear none"
  "keras3_jax_built|KERAS_BACKEND=jax .venv-jax/bin/python Examples/python/seed_loop.py --api keras3 --model built"
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
  command="${entry#*|}"
  if [ "$#" -ne 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  echo "== $name: $command" >&2
  .build/release/memloop run --iterations 200 --warm-up 30 --arm-timeout 900 \
    --output "Reports/frameworks/$name" --command "$command"
  mkdir -p Tests/Fixtures/frameworks
  cp "Reports/frameworks/$name/samples.csv" "Tests/Fixtures/frameworks/$name.csv"
done
