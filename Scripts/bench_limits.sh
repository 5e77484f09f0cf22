#!/usr/bin/env bash
# The harness's own memory at the largest run it accepts: one arm of 2,000,000 samples
# (the control arm, so the figure is the harness's, not a graph's), then `analyze` of
# the CSV it wrote. Peak RSS of the parent (`/usr/bin/time`), wall time, file sizes.
# Writes $MEMLOOP_REPORTS/bench/limits.md (default Reports/local/; MEMLOOP_REPORTS=Reports
# rewrites the committed one) and prints it. Takes about two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/bench_limits.sh" >&2
  exit 64
fi
Scripts/install-deps.sh
command -v /usr/bin/time >/dev/null || { echo "error: /usr/bin/time is missing: apt-get install time" >&2; exit 1; }
swift build -c release --product memloop >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/memloop-limits.XXXXXX")"
trap 'rm -rf "$work"' EXIT
memloop=.build/release/memloop

/usr/bin/time -f "%e %M" -o "$work/run.time" "$memloop" run --arms control --iterations 1999990 --warm-up 10 --output "$work/run" >/dev/null 2>&1
/usr/bin/time -f "%e %M" -o "$work/analyze.time" "$memloop" analyze "$work/run/samples.csv" --output "$work/analysis" >/dev/null 2>&1
read -r run_s run_kib < "$work/run.time"
read -r an_s an_kib < "$work/analyze.time"
mib() { echo "scale=1; $1 / 1048576" | bc; }
out="$reports/bench/limits.md"
mkdir -p "$reports/bench"
{
  echo "# The harness's memory at its largest accepted run"
  echo
  echo "\`Scripts/bench_limits.sh\`, release build, $(nproc) cores, $(($(getconf _PHYS_PAGES) * $(getconf PAGESIZE) / 1073741824)) GiB."
  echo
  echo "| step | wall time | parent peak RSS | output |"
  echo "|---|---|---|---|"
  echo "| \`memloop run --arms control --iterations 1999990 --warm-up 10\` (2,000,000 samples, child process) | ${run_s} s | $((run_kib / 1024)) MiB | samples.csv $(mib "$(stat -c %s "$work/run/samples.csv")") MiB, memory.svg $(stat -c %s "$work/run/memory.svg") B |"
  echo "| \`memloop analyze\` of that samples.csv | ${an_s} s | $((an_kib / 1024)) MiB | summary.json, memory.svg $(stat -c %s "$work/analysis/memory.svg") B |"
  echo
  echo "A sample is \`MemoryLayout<Sample>.stride\` = 224 B in the arm (reserved before the loop); the parent holds about"
  echo "$(( run_kib * 1024 / 2000000 )) B per sample once the arm is back. \`RunConfig.estimatedPeakBytes\` refuses (exit 64) a run whose"
  echo "estimate passes 80% of this machine's memory."
} > "$out"
cat "$out"
