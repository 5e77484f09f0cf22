#!/usr/bin/env bash
# Real Keras beside MemLoop: runs the seed's loop in tf-keras (Scripts/keras_loop.py,
# each arm in its own process under jemalloc) and in MemLoop, unbuilt and built on 10
# inputs, and writes side-by-side reports under Reports/keras/. Needs the environment
# made by Scripts/keras_setup.sh. Extra arguments go to keras_loop.py (e.g. --api keras3).
set -euo pipefail
cd "$(dirname "$0")/.."

python=.venv-keras/bin/python
if [ ! -x "$python" ]; then
  echo "error: no Keras environment; create it with Scripts/keras_setup.sh" >&2
  exit 1
fi
Scripts/install-deps.sh
swift build -c release --product memloop >&2
memloop=.build/release/memloop

for variant in unbuilt built; do
  size=(); [ "$variant" = built ] && size=(--input-size 10)
  # gc.collect() after each iteration: Python's cycle collector otherwise turns the
  # series into a sawtooth whose slope says more about gc timing than about Keras.
  "$python" Scripts/keras_loop.py --gc "${size[@]}" --output "Reports/keras/$variant/keras/samples.csv" "$@"
  "$memloop" run "${size[@]}" --output "Reports/keras/$variant/memloop" >/dev/null
  "$memloop" compare "Reports/keras/$variant/keras/samples.csv" "Reports/keras/$variant/memloop/samples.csv" \
    --label keras --label memloop --output "Reports/keras/$variant/compare"
done
