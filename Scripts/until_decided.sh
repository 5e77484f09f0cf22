#!/usr/bin/env bash
# How much `--until-decided` saves: for each built-in scenario and a planted 16 B/iteration
# leak (Examples/c/loop.c), the verdicts, measured iterations and wall time of a fixed
# 100-iteration run against an --until-decided run. Release build. Writes
# Reports/bench/until-decided.md and prints it. Optional: KERAS=1 adds real tf-keras
# (unbuilt and built, needs Scripts/keras_setup.sh), which takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

if [ "$#" -ne 0 ]; then
  echo "usage: [KERAS=1] Scripts/until_decided.sh" >&2
  exit 64
fi

Scripts/install-deps.sh
swift build -c release --product memloop >&2
memloop=.build/release/memloop
work="$(mktemp -d "${TMPDIR:-/tmp}/memloop-until.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/loop" Examples/c/loop.c -ldl

# name | arguments of `memloop run` (before the mode's own)
cases=(
  "default|"
  "built|--input-size 10"
  "batch|--models-per-iteration 10"
  "keep|--reset-mode keep"
  "C loop, 16 B leak|-- $work/loop 16"
  "C loop, clean|-- $work/loop 0"
)
if [ "${KERAS:-0}" = 1 ]; then
  python=.venv-keras/bin/python
  cases+=(
    "tf-keras unbuilt|--primary allocated --warm-up 50 -- $python Examples/python/seed_loop.py --api tf-keras --model unbuilt"
    "tf-keras built|--primary allocated --warm-up 50 -- $python Examples/python/seed_loop.py --api tf-keras --model built"
  )
fi

summarise() {  # summary.json → "clear CONSTANT 0.0 (n), …"
  python3 - "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(", ".join(f"{a['arm']} {a['verdict']} {a['primary']['bytesPerIteration']:.1f} ({a['analysedSamples']})" for a in s["arms"]))
PY
}

# Runs `memloop run` into a folder of its own ($1, which must not exist yet) and prints the
# exit status. A run that finds a leak may exit non-zero and still write its reports; a run
# that wrote no summary.json failed, and its cell says so instead of quoting another run.
measure() {
  local folder="$1"
  shift
  local status=0
  "$memloop" run --output "$folder" "$@" > /dev/null 2>"$folder.stderr.txt" || status=$?
  echo "$status"
}

cell() {  # folder, exit status → the verdicts cell
  if [ -f "$1/summary.json" ]; then
    summarise "$1/summary.json"
  else
    echo "FAILED (exit $2, no summary.json)"
  fi
}

out="$reports/bench/until-decided.md"
{
  echo "# --until-decided against fixed 100 iterations"
  echo
  echo "\`Scripts/until_decided.sh\`, release build, $(nproc) cores. Each cell: arm, verdict, bytes/iteration"
  echo "(measured iterations of the deciding look). Wall time of the whole run, all arms."
  echo
  echo "| loop | fixed 100: verdicts | time | --until-decided: verdicts | time | same verdicts |"
  echo "|---|---|---|---|---|---|"
} > "$work/table.md"
failures=0
index=0
for entry in "${cases[@]}"; do
  name="${entry%%|*}"
  read -r -a arguments <<< "${entry#*|}"
  echo "== $name" >&2
  index=$((index + 1))
  fixed_folder="$work/case-$index/fixed"
  until_folder="$work/case-$index/until"
  mkdir -p "$work/case-$index"
  start=$(date +%s.%N)
  fixed_status=$(measure "$fixed_folder" --iterations 100 "${arguments[@]}")
  fixed_time=$(echo "$(date +%s.%N) - $start" | bc)
  start=$(date +%s.%N)
  until_status=$(measure "$until_folder" --until-decided "${arguments[@]}")
  until_time=$(echo "$(date +%s.%N) - $start" | bc)
  fixed=$(cell "$fixed_folder" "$fixed_status")
  until=$(cell "$until_folder" "$until_status")
  if [ -f "$fixed_folder/summary.json" ] && [ -f "$until_folder/summary.json" ]; then
    same=$(python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); print("yes" if [x["verdict"] for x in a["arms"]]==[x["verdict"] for x in b["arms"]] else "NO")' "$fixed_folder/summary.json" "$until_folder/summary.json")
  else
    same="n/a (a run failed)"
    failures=$((failures + 1))
    for folder in "$fixed_folder" "$until_folder"; do
      if [ ! -f "$folder/summary.json" ]; then
        echo "until_decided.sh: $name: the run into $folder wrote no summary.json; its stderr ends:" >&2
        tail -n 5 "$folder.stderr.txt" >&2 || true
      fi
    done
  fi
  printf '| %s | %s | %.2f s | %s | %.2f s | %s |\n' "$name" "$fixed" "$fixed_time" "$until" "$until_time" "$same" >> "$work/table.md"
done
mkdir -p "$reports/bench"
cp "$work/table.md" "$out"
cat "$out"
if [ "$failures" -ne 0 ]; then
  echo "until_decided.sh: $failures case(s) had a run that failed; their rows say FAILED" >&2
  exit 1
fi
