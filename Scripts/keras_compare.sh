#!/usr/bin/env bash
# Real Keras beside MemLoop: runs the seed's loop in Keras (Scripts/keras_loop.py, each
# arm in its own process under jemalloc) and in MemLoop, unbuilt and built on 10 inputs,
# and writes side-by-side reports under Reports/keras/<api>/. Needs the environment made
# by Scripts/keras_setup.sh. Usage: Scripts/keras_compare.sh [tf-keras|keras3]
set -euo pipefail
cd "$(dirname "$0")/.."

api="${1:-tf-keras}"
case "$api" in
  tf-keras|keras3) ;;
  *) echo "usage: Scripts/keras_compare.sh [tf-keras|keras3]" >&2; exit 64 ;;
esac
python=.venv-keras/bin/python
if [ ! -x "$python" ]; then
  echo "error: no Keras environment; create it with Scripts/keras_setup.sh" >&2
  exit 1
fi
Scripts/install-deps.sh
swift build -c release --product memloop >&2
memloop=.build/release/memloop

for variant in unbuilt built; do
  out="Reports/keras/$api/$variant"
  size=(); [ "$variant" = built ] && size=(--input-size 10)
  # gc.collect() after each iteration: Python's cycle collector otherwise turns the
  # series into a sawtooth whose slope says more about gc timing than about Keras.
  "$python" Scripts/keras_loop.py --api "$api" --gc "${size[@]}" --output "$out/keras/samples.csv"
  "$memloop" run "${size[@]}" --output "$out/memloop" >/dev/null
  "$memloop" compare "$out/keras/samples.csv" "$out/memloop/samples.csv" \
    --label "$api" --label memloop --output "$out/compare"
done
