#!/usr/bin/env bash
# The README's table of single framework runs: every committed samples file of
# Tests/Fixtures/frameworks/ (made by Scripts/frameworks_run.sh) re-analysed with this
# build's `memloop analyze` (release), tabulated in $MEMLOOP_REPORTS/frameworks/fixtures.md
# (default Reports/local/; MEMLOOP_REPORTS=Reports rewrites the committed one).
# Needs no framework. Usage: Scripts/frameworks_table.sh
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/frameworks_table.sh" >&2
  exit 64
fi
swift build -c release --product memloop >&2
scratch="$(mktemp -d "${TMPDIR:-/tmp}/memloop-fixtures.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
pairs=()
mkdir -p "$reports/frameworks"
for csv in Tests/Fixtures/frameworks/*.csv; do
  name="$(basename "$csv" .csv)"
  .build/release/memloop analyze "$csv" --output "$scratch/$name" >/dev/null
  pairs+=("$name=$scratch/$name/summary.json")
done
{
  echo "# Framework runs, re-analysed"
  echo
  echo "Produced by \`Scripts/frameworks_table.sh\`: each committed samples file of \`Tests/Fixtures/frameworks/\` (one \`Scripts/frameworks_run.sh\` run: 200 iterations after 30 of warm-up) analysed by \`memloop analyze\`. Each cell: verdict, bytes/iteration (at most: the 95% upper bound per model; ε: the tolerance the verdict used)."
  echo
  python3 Scripts/frameworks_table.py "${pairs[@]}"
} >"$reports/frameworks/fixtures.md.tmp"
mv "$reports/frameworks/fixtures.md.tmp" "$reports/frameworks/fixtures.md"
cat "$reports/frameworks/fixtures.md"
