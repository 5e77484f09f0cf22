#!/usr/bin/env bash
# Re-makes the committed reports that are one `memloop` command each and that no other
# script owns (the README quotes their figures), with the release build:
#
#   leaky                      examples/leaky/             the README's leaky Python loop
#   attribution                attribution/<case>/         the README's `--attribute` table
#   calibration-fixed          calibration-fixed/          `memloop calibrate`
#   calibration-until-decided  calibration-until-decided/  `memloop calibrate --until-decided`
#   sweep                      sweep/                      `memloop sweep`
#
# Each goes under $MEMLOOP_REPORTS (default Reports/local, ignored by git);
# MEMLOOP_REPORTS=Reports rewrites the committed reports. Each command writes into a
# scratch folder and only the files the repository keeps are copied (attribution keeps
# summary.md, summary.json and the growth tables, not the samples or the graphs).
#
# Usage: Scripts/record.sh [NAME...]   (default: all, one after the other)
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

all=(leaky attribution calibration-fixed calibration-until-decided sweep)
names=("$@"); [ ${#names[@]} -eq 0 ] && names=("${all[@]}")
for name in "${names[@]}"; do
  case " ${all[*]} " in *" $name "*) ;; *)
    echo "usage: Scripts/record.sh [NAME...]   (names: ${all[*]})" >&2; exit 64 ;;
  esac
done

Scripts/install-deps.sh
swift build -c release --product memloop >&2
memloop=.build/release/memloop
scratch="$(mktemp -d "${TMPDIR:-/tmp}/memloop-record.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# keep FROM TO FILE...: copies the kept files of one report folder into place.
keep() {
  local from="$1" to="$2"
  shift 2
  mkdir -p "$to"
  for file in "$@"; do cp "$from/$file" "$to/$file"; done
}

for name in "${names[@]}"; do
  echo "== $name" >&2
  start=$SECONDS
  case "$name" in
    leaky)
      "$memloop" run --iterations 200 --output "$scratch/leaky" --command "python3 Examples/python/leaky_loop.py"
      keep "$scratch/leaky" "$reports/examples/leaky" samples.csv summary.json summary.md memory.svg ;;
    attribution)
      # case | memloop run options (100 iterations after 10 of warm-up, the defaults) | kept growth tables
      cases=(
        "clear-leak-64|--attribute --arms clear --inject-leak-bytes 64|growth-clear.txt"
        "noclear|--attribute --arms noclear|growth-noclear.txt"
        "noclear-built|--attribute --arms noclear --input-size 10|growth-noclear.txt"
        "clear-built|--attribute --arms clear --input-size 10|growth-clear.txt"
        "python-leaky|--attribute python --iterations 200|python-growth-clear.tsv python-growth-noclear.tsv"
      )
      for entry in "${cases[@]}"; do
        IFS='|' read -r case options tables <<<"$entry"
        command=()
        [ "$case" = python-leaky ] && command=(--command "python3 Examples/python/leaky_loop.py")
        # shellcheck disable=SC2086 # the options and tables are words
        "$memloop" run $options --output "$scratch/attribution/$case" "${command[@]}"
        # shellcheck disable=SC2086
        keep "$scratch/attribution/$case" "$reports/attribution/$case" summary.md summary.json $tables
      done ;;
    calibration-fixed)
      "$memloop" calibrate --output "$scratch/calibration-fixed"
      keep "$scratch/calibration-fixed" "$reports/calibration-fixed" calibration.json calibration.md ;;
    calibration-until-decided)
      # The looks are the lines `calibrate` writes to stderr, kept in looks.txt.
      "$memloop" calibrate --until-decided --output "$scratch/calibration-until-decided" 2>"$scratch/looks.stderr" \
        || { cat "$scratch/looks.stderr" >&2; exit 1; }
      grep '^look ' "$scratch/looks.stderr" >"$scratch/calibration-until-decided/looks.txt"
      keep "$scratch/calibration-until-decided" "$reports/calibration-until-decided" calibration.json calibration.md looks.txt ;;
    sweep)
      "$memloop" sweep --output "$scratch/sweep"
      keep "$scratch/sweep" "$reports/sweep" sweep.csv sweep.json sweep.md ;;
  esac
  echo "== $name: $((SECONDS - start)) s, in $reports" >&2
done
