#!/usr/bin/env bash
# MemLoop beside ordo-one/package-benchmark on the same loops. Not part of .ci/run.
#
# The loops are the seed's (100 iterations of clearSession(); build
# Sequential((0..<10).map { _ in Dense(10) })) in four variants: clean, noclear, and clean
# plus 16 or 1,024 bytes leaked per iteration. package-benchmark runs them from
# Examples/PeerComparison (its defaults, trait MallocInterposer only): a baseline is taken
# on `clean`; then, per variant and run, a baseline VARIANT-RUN is taken and
# `benchmark baseline check clean VARIANT-RUN` judges it, and every baseline is exported as
# JSON (`baseline read NAME --format jmh`). MemLoop runs
# `memloop run` (its clear and noclear arms are the clean and noclear loops) and
# `memloop gate --inject-leak-bytes 16|1024`. Every check is repeated (--runs, default 3),
# the variants taken in turn so that drift of the machine spreads over all of them.
#
# Scripts/peer_report.py makes the report from those JSON exports and MemLoop's own JSON:
# $MEMLOOP_REPORTS/peer/peer.md and peer.json (default Reports/local/, ignored by git;
# MEMLOOP_REPORTS=Reports rewrites the committed ones). It prints the Markdown, and keeps
# every command's output in a temporary folder whose path it prints. Exits 0 when every
# step ran (whatever the tools concluded), 1 when a build or a baseline failed.
#
# Usage: Scripts/peer_compare.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: Scripts/peer_compare.sh [--runs N]   (N ≥ 1 checks per tool and loop; default 3)"
}

runs=3
while [ "$#" -gt 0 ]; do
  case "$1" in
    --runs)
      if [ "$#" -lt 2 ]; then usage >&2; exit 64; fi
      runs="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 64 ;;
  esac
done
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then usage >&2; exit 64; fi
command -v python3 >/dev/null 2>&1 || { echo "error: python3 is needed to write the report" >&2; exit 1; }

root="$(pwd)"
peer="Examples/PeerComparison"
report_dir="${MEMLOOP_REPORTS:-Reports/local}/peer"  # Reports/local is ignored by git
work="$(mktemp -d "${TMPDIR:-/tmp}/peer_compare.XXXXXX")"
records="$work/records.tsv"
: > "$records"
variants=(clean noclear leak16 leak1024)
baselines=(clean)
status=0

now() { date +%s.%N; }
script_start="$(now)"

# step TOOL LOOP RUN KIND LOGNAME -- COMMAND…: runs COMMAND (its output to
# $work/LOGNAME.out and .err), records exit code and wall time; never stops the script.
step() {
  local tool="$1" loop="$2" run="$3" kind="$4" log="$5"; shift 6
  local start end rc=0
  echo "[$(date +%H:%M:%S)] $tool $kind $loop${run:+ (run $run)}" >&2
  start="$(now)"
  "$@" >"$work/$log.out" 2>"$work/$log.err" || rc=$?
  end="$(now)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$loop" "$run" "$kind" "$rc" \
    "$(python3 -c "print(f'{$end - $start:.2f}')")" "$log" >>"$records"
  return "$rc"
}

# package-benchmark, run inside the peer package (its baselines live there, untracked).
pb() { (cd "$peer" && PEER_VARIANT="$1" swift package "${@:2}"); }
memloop="$root/.build/release/memloop"

Scripts/install-deps.sh

# --- builds ---------------------------------------------------------------------------
# A build is "cold" when its build folder does not exist yet.
temperature() { if [ -d "$1" ]; then echo warm; else echo cold; fi; }
step memloop "$(temperature .build/release)" "" build build-memloop -- \
  swift build -c release --product memloop || status=1
# `benchmark list` builds BenchmarkTool and the benchmark target (release) and lists them.
step package-benchmark "$(temperature "$peer/.build/release")" "" build build-pb -- \
  pb clean benchmark list || status=1

pb_ok=1
if [ "$status" -eq 0 ]; then
  rm -rf "$peer/.benchmarkBaselines"
  step package-benchmark clean "" baseline baseline-clean -- \
    pb clean --allow-writing-to-package-directory benchmark baseline update clean --no-progress \
    || { status=1; pb_ok=0; }
else
  pb_ok=0
fi

# --- checks, variants in turn ---------------------------------------------------------
for run in $(seq 1 "$runs"); do
  if [ -x "$memloop" ]; then
    step memloop clean+noclear "$run" run "memloop-run-$run" -- \
      "$memloop" run --output "$work/memloop-run-$run" || true
    for bytes in 16 1024; do
      step memloop "leak$bytes" "$run" gate "memloop-gate$bytes-$run" -- \
        "$memloop" gate --inject-leak-bytes "$bytes" --output "$work/memloop-gate$bytes-$run" || true
    done
  fi
  if [ "$pb_ok" -eq 1 ]; then
    for variant in "${variants[@]}"; do
      # The run's own baseline, then the check of it against clean: the figures the check
      # judges are the ones exported below.
      step package-benchmark "$variant" "$run" measure "pb-measure-$variant-$run" -- \
        pb "$variant" --allow-writing-to-package-directory benchmark baseline update "$variant-$run" --no-progress \
        && step package-benchmark "$variant" "$run" check "pb-check-$variant-$run" -- \
          pb "$variant" benchmark baseline check clean "$variant-$run" --no-progress || true
      baselines+=("$variant-$run")
    done
  fi
done

# --- package-benchmark's JSON export of every baseline ----------------------------------
mkdir -p "$work/pb-json"
if [ "$pb_ok" -eq 1 ]; then
  for name in "${baselines[@]}"; do
    step package-benchmark "$name" "" export "pb-export-$name" -- \
      pb clean --allow-writing-to-package-directory --allow-writing-to-directory "$work/pb-json" \
      benchmark baseline read "$name" --format jmh --path "$work/pb-json" --no-progress || true
  done
fi

# --- versions, then the report ----------------------------------------------------------
{
  echo "swift=$(swift --version 2>&1 | head -1)"
  echo "memloop_commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo '+changes')"
  echo "host=$(nproc) cores, $(uname -sr)"
} >"$work/versions.txt"
cp "$peer/Package.resolved" "$work/Package.resolved" 2>/dev/null || true

mkdir -p "$report_dir"
script_end="$(now)"
python3 Scripts/peer_report.py "$work" "$runs" "$report_dir" \
  "$(python3 -c "print(f'{$script_end - $script_start:.0f}')")" || status=1
exit "$status"
