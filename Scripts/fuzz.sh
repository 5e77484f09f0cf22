#!/usr/bin/env bash
# Fuzzes the file readers with libFuzzer: the samples CSV reader (and, for what it
# accepts, the analysis and the chart), the baseline loader and the scenarios-file reader
# (whose accepted scenarios must have a plain name and a runnable command).
#
#   Scripts/fuzz.sh [seconds per target]      default 15
#
# Builds the library modules with -sanitize=fuzzer,address and without jemalloc
# (sanitizers replace malloc) in .build-fuzz, links each target in Fuzz/, and runs it
# from the seeds in Fuzz/seeds/ with a corpus in a temporary folder (removed at the end;
# set MEMLOOP_FUZZ_CORPUS=DIR to keep it). Exits 1 when a target crashes, leaks or times
# out; the input that did it is kept in .build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-15}"
if [ "$#" -gt 1 ] || ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: Scripts/fuzz.sh [seconds per target]" >&2
  exit 64
fi

scratch=.build-fuzz
echo "== building the readers with libFuzzer and AddressSanitizer" >&2
MEMLOOP_NO_JEMALLOC=1 swift build --scratch-path "$scratch" --target GatePolicy -Xswiftc -sanitize=fuzzer,address >&2
objects=()
for module in InternalCollectionsUtilities OrderedCollections Model GrowthAnalysis Analysis Reports GatePolicy; do  # GatePolicy and what it depends on
  objects+=("$scratch"/debug/"$module".build/*.o)
done
mkdir -p "$scratch/fuzz" "$scratch/artifacts"
# The readers are `package` API: the entry points compile into the same package, whose
# name SwiftPM derives from the checkout's folder; read it from the build it just made.
package_name="$(grep -o '"-module-name","GatePolicy"[^]]*' "$scratch/debug.yaml" | grep -o '"-package-name","[^"]*"' | head -1 | cut -d'"' -f4)"
if [ -z "$package_name" ]; then
  echo "fuzz.sh: cannot find the package name in $scratch/debug.yaml" >&2
  exit 1
fi
targets=(SamplesCSV Baseline ScenariosFile)
for target in "${targets[@]}"; do
  # Linked again only when its source or an object is newer than the target, or the
  # objects are not the ones it was linked from: a warm run (nothing changed) links nothing.
  binary="$scratch/fuzz/$target"
  inputs="$(printf '%s\n' "Fuzz/${target}Fuzz.swift" "${objects[@]}")"
  stale=0
  [ -x "$binary" ] && [ "$(cat "$binary.inputs" 2>/dev/null)" = "$inputs" ] || stale=1
  if [ "$stale" = 0 ]; then
    for input in "Fuzz/${target}Fuzz.swift" "${objects[@]}"; do
      if [ "$input" -nt "$binary" ]; then stale=1; break; fi
    done
  fi
  if [ "$stale" = 1 ]; then
    rm -f "$binary.inputs"  # a failed link leaves no record of success
    swiftc -parse-as-library -sanitize=fuzzer,address -use-ld=lld -g -package-name "$package_name" -I "$scratch/debug/Modules" \
      "Fuzz/${target}Fuzz.swift" "${objects[@]}" -o "$binary"
    printf '%s\n' "$inputs" >"$binary.inputs"
  fi
done

corpus="${MEMLOOP_FUZZ_CORPUS:-}"
if [ -z "$corpus" ]; then
  corpus="$(mktemp -d "${TMPDIR:-/tmp}/memloop-fuzz.XXXXXX")"
  trap 'rm -rf "$corpus"' EXIT
fi

status=0
for target in "${targets[@]}"; do
  case "$target" in
    SamplesCSV) seeds=Fuzz/seeds/csv ;;
    Baseline) seeds=Fuzz/seeds/baseline ;;
    ScenariosFile) seeds=Fuzz/seeds/scenarios ;;
  esac
  mkdir -p "$corpus/$target"
  log="$scratch/fuzz/$target.log"
  echo "== fuzzing $target for ${seconds}s" >&2
  if ! "$scratch/fuzz/$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="$scratch/artifacts/$target-" "$corpus/$target" "$seeds" >"$log" 2>&1; then
    status=1
    tail -n 40 "$log" >&2
    echo "fuzz: $target crashed; the input is in $scratch/artifacts/ (run $scratch/fuzz/$target FILE to reproduce)" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  echo "fuzz: $target: ${runs:-0} executions (limit ${seconds}s), corpus of $(find "$corpus/$target" -type f | wc -l) inputs" >&2
done
exit "$status"
