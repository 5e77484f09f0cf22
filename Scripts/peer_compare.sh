#!/usr/bin/env bash
# MemLoop beside ordo-one/package-benchmark on the same loops. Not part of .ci/run.
#
# The loops are the seed's (100 iterations of clearSession(); build
# Sequential((0..<10).map { _ in Dense(10) })) in four variants: clean, noclear, and clean
# plus 16 or 1,024 bytes leaked per iteration. package-benchmark runs them from
# Examples/PeerComparison (its defaults, trait MallocInterposer only): a baseline is taken
# on `clean`, then `benchmark baseline check clean` runs on every variant. MemLoop runs
# `memloop run` (its clear and noclear arms are the clean and noclear loops) and
# `memloop gate --inject-leak-bytes 16|1024`. Every check is repeated (--runs, default 3),
# the variants taken in turn so that drift of the machine spreads over all of them.
#
# Writes Reports/peer/peer.md and Reports/peer/peer.json, prints the Markdown, and keeps
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
report_dir="Reports/peer"
work="$(mktemp -d "${TMPDIR:-/tmp}/peer_compare.XXXXXX")"
records="$work/records.tsv"
: > "$records"
variants=(clean noclear leak16 leak1024)
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
      step package-benchmark "$variant" "$run" check "pb-check-$variant-$run" -- \
        pb "$variant" benchmark baseline check clean --no-progress || true
    done
  fi
done

# --- what package-benchmark measured: one baseline per variant, read side by side ------
if [ "$pb_ok" -eq 1 ]; then
  for variant in noclear leak16 leak1024; do
    step package-benchmark "$variant" "" baseline "baseline-$variant" -- \
      pb "$variant" --allow-writing-to-package-directory benchmark baseline update "$variant" --no-progress \
      || true
  done
  step package-benchmark all "" read baseline-read -- \
    pb clean benchmark baseline read "${variants[@]}" --no-progress || true
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
python3 - "$work" "$runs" "$report_dir" "$(python3 -c "print(f'{$script_end - $script_start:.0f}')")" <<'PY'
import json, os, re, statistics, sys

work, runs, out_dir, total_seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def read(name):
    try:
        with open(os.path.join(work, name), encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""

ANSI = re.compile(r"\x1b\[[0-9;]*m")
records = []
for line in read("records.tsv").splitlines():
    tool, loop, run, kind, rc, seconds, log = line.split("\t")
    records.append(dict(tool=tool, loop=loop, run=int(run) if run else None, kind=kind,
                        exitCode=int(rc), seconds=float(seconds), log=log))

versions = dict(l.split("=", 1) for l in read("versions.txt").splitlines() if "=" in l)
pins = {}
try:
    for pin in json.loads(read("Package.resolved")).get("pins", []):
        pins[pin["identity"]] = pin.get("state", {}).get("version")
except json.JSONDecodeError:
    pass

def kind_of(metric):
    if metric.startswith("Memory") or metric.startswith("Malloc / free"):
        return "retention"
    if metric.startswith("Malloc") or metric.startswith("Free"):
        return "allocation volume"
    return "time"

def parse_check(text):
    """Outcome and per-metric deviations of a `baseline check` (stdout)."""
    text = ANSI.sub("", text)
    outcome = None
    m = re.search(r"is (WORSE|BETTER|WITHIN) (?:than )?the '[^']*' baseline", text)
    if m:
        outcome = m.group(1)
    deviations, metric = [], None
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(cells) == 5 and cells[1] == "clean" and cells[2] == "Current_run":
            metric = re.sub(r"\s*\([^()]*\)\s*$", "", cells[0])  # drop "(unit, %)"
        elif metric and len(cells) == 5 and re.fullmatch(r"p\d+", cells[0]):
            try:
                diff = float(cells[3])
            except ValueError:
                continue
            deviations.append(dict(metric=metric, percentile=cells[0], baseline=cells[1],
                                   current=cells[2], difference=diff, threshold=cells[4],
                                   direction="worse" if diff > 0 else "better"))
    return outcome, deviations

def parse_read(text):
    """p50 per metric and baseline from `baseline read` (stdout)."""
    text = ANSI.sub("", text)
    tables, name, header = {}, None, None
    for line in text.splitlines():
        m = re.match(r"Baseline '([^']+)'", line.strip())
        if m:
            name, header = m.group(1), None
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(cells) > 3 and cells[0] == "Metric":
            header = cells
        elif name and header and len(cells) == len(header) and cells[0]:
            tables.setdefault(name, {})[cells[0].rstrip(" *")] = dict(zip(header[1:], cells[1:]))
    return tables

def gate_files(log):
    d = os.path.join(work, log)
    for root, _, files in os.walk(d):
        if "gate.json" in files:
            return os.path.join(root, "gate.json"), os.path.join(root, "summary.json")
    return None, None

def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, TypeError, json.JSONDecodeError):
        return None

def arm(summary, label):
    for a in (summary or {}).get("arms", []):
        if a.get("arm") == label:
            return a
    return None

def fmt(x):
    return f"{x:.1f}" if isinstance(x, (int, float)) else "n/a"

jemalloc = None
rows = []  # one per tool × loop
checks = []

# MemLoop
for loop, kind in (("clean", "run"), ("noclear", "run"), ("leak16", "gate"), ("leak1024", "gate")):
    recs = [r for r in records if r["tool"] == "memloop" and r["kind"] == kind
            and (r["loop"] == loop or (kind == "run" and r["loop"] == "clean+noclear"))]
    results = []
    for r in recs:
        if kind == "run":
            summary = load(os.path.join(work, r["log"], "summary.json"))
            a = arm(summary, "clear" if loop == "clean" else "noclear")
            rules_failed = None
        else:
            gate_path, summary_path = gate_files(r["log"])
            gate, summary = load(gate_path), load(summary_path)
            a = arm(summary, "clear")
            rules_failed = [x["id"] for x in (gate or {}).get("rules", []) if x.get("outcome") == "fail"]
        if summary and not jemalloc:
            jemalloc = summary.get("environment", {}).get("jemallocVersion")
        verdict = a.get("verdict") if a else None
        bpi = a.get("primary", {}).get("bytesPerIteration") if a else None
        detected = verdict == "GROWING" if kind == "run" else (r["exitCode"] == 1 and bool(rules_failed))
        results.append(dict(run=r["run"], exitCode=r["exitCode"], seconds=r["seconds"], verdict=verdict,
                            bytesPerIteration=bpi, failedRules=rules_failed, detected=detected))
    checks.append(dict(tool="memloop", loop=loop, command=kind, results=results))

# package-benchmark
for loop in ("clean", "noclear", "leak16", "leak1024"):
    recs = [r for r in records if r["tool"] == "package-benchmark" and r["kind"] == "check" and r["loop"] == loop]
    results = []
    for r in recs:
        outcome, deviations = parse_check(read(r["log"] + ".out"))
        err = ANSI.sub("", read(r["log"] + ".err"))
        e = re.search(r"error: (\w+)", err)
        worse = sorted({d["metric"] for d in deviations if d["direction"] == "worse"})
        better = sorted({d["metric"] for d in deviations if d["direction"] == "better"})
        detected = outcome == "WORSE"
        differences = {}
        for d in deviations:
            differences.setdefault(d["metric"], {})[d["percentile"]] = d["difference"]
        results.append(dict(run=r["run"], exitCode=r["exitCode"], seconds=r["seconds"], outcome=outcome,
                            pluginError=e.group(1) if e else None, worse=worse, better=better,
                            detected=detected, differencePercent=differences))
    checks.append(dict(tool="package-benchmark", loop=loop, command="baseline check clean", results=results))

measured = parse_read(read("baseline-read.out"))

# ---- Markdown -------------------------------------------------------------------------
loop_text = {
    "clean": "clean: clearSession() each iteration",
    "noclear": "noclear: never cleared",
    "leak16": "clean + 16 B leaked per iteration",
    "leak1024": "clean + 1,024 B leaked per iteration",
}
expected = {"clean": "no", "noclear": "yes", "leak16": "yes", "leak1024": "yes"}

def counts(values):
    out = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return ", ".join(f"{k} ×{n}" if n > 1 else str(k) for k, n in out.items())

def yes_no(k, n):
    return f"{'yes' if k else 'no'} {k}/{n}"

def row(check):
    res = check["results"]
    n = len(res)
    if n == 0:
        return None
    detected = sum(1 for r in res if r["detected"])
    codes = ", ".join(str(r["exitCode"]) for r in res)
    secs = ", ".join(f"{r['seconds']:.1f}" for r in res)
    if check["tool"] == "memloop":
        by_memory = detected  # MemLoop's verdicts are on live_bytes only
        verdicts = counts(r["verdict"] or "none" for r in res)
        bpis = sorted({fmt(r["bytesPerIteration"]) for r in res})
        if check["command"] == "run":
            arm_label = "clear" if check["loop"] == "clean" else "noclear"
            what = f"`run`: {arm_label} arm {verdicts}; live_bytes {' / '.join(bpis)} B/iteration"
        else:
            failed = sorted({x for r in res for x in (r["failedRules"] or [])})
            what = (f"`gate`: clear arm {verdicts}; live_bytes {' / '.join(bpis)} B/iteration; "
                    f"failed rules: {', '.join(failed) if failed else 'none'}")
    else:
        by_memory = sum(1 for r in res if r["detected"] and any(kind_of(m) != "time" for m in r["worse"]))
        outcomes = counts(r["outcome"] or "no result" for r in res)
        flagged = {}
        for r in res:
            for m in r["worse"]:
                flagged[f"{m} worse"] = flagged.get(f"{m} worse", 0) + 1
            for m in r["better"]:
                flagged[f"{m} better"] = flagged.get(f"{m} better", 0) + 1
        listed = "; ".join(f"{m} {k}/{n}" for m, k in flagged.items()) or "none"
        what = f"`baseline check`: {outcomes}; metrics past a threshold: {listed}"
    return (f"| {check['tool']} | {loop_text[check['loop']]} | {expected[check['loop']]} | {yes_no(detected, n)} "
            f"| {yes_no(by_memory, n)} | {codes} | {secs} | {what} |")

lines = []
lines.append("# MemLoop and package-benchmark on the same loops")
lines.append("")
lines.append(f"Written by `Scripts/peer_compare.sh` (runs: {runs}); every figure below is from that run. "
             "Not part of `.ci/run`.")
lines.append("")
lines.append("The loop is the seed's: 100 iterations of `clearSession()` and "
             "`Sequential((0..<10).map { _ in Dense(10) })`, in four variants. "
             "**grows** = whether the loop's memory grows (what a memory tool should find). "
             "**detected** = package-benchmark's `baseline check clean` found the run WORSE than the "
             "clean baseline (a regression); MemLoop's `run` gave the arm GROWING, or its `gate` failed (exit 1). "
             "**by memory** = detected through a memory metric (for package-benchmark: a malloc, free or "
             "resident-memory metric past its threshold, not only wall clock or throughput). "
             "Wall time is the whole command, per run, in seconds.")
lines.append("")
lines.append("| tool | loop | grows | detected | by memory | exit codes | wall time (s) | result, and what flagged it |")
lines.append("|---|---|---|---|---|---|---|---|")
for check in checks:
    r = row(check)
    if r:
        lines.append(r)
lines.append("")

# In short: counts over this run's checks
def tally(tool):
    grow = [c for c in checks if c["tool"] == tool and expected[c["loop"]] == "yes"]
    clean = [c for c in checks if c["tool"] == tool and c["loop"] == "clean"]
    found = sum(1 for c in grow for r in c["results"] if r["detected"])
    total = sum(len(c["results"]) for c in grow)
    false_alarms = sum(1 for c in clean for r in c["results"] if r["exitCode"] != 0 or r["detected"])
    clean_total = sum(len(c["results"]) for c in clean)
    return found, total, false_alarms, clean_total

lines.append("In short, over this run:")
lines.append("")
for tool, what in (("memloop", "a GROWING verdict or a failed gate"),
                   ("package-benchmark", "a check reporting WORSE")):
    found, total, false_alarms, clean_total = tally(tool)
    if total or clean_total:
        lines.append(f"- **{tool}**: {what} in {found} of {total} runs of the loops whose memory grows; "
                     f"{false_alarms} of {clean_total} runs of the clean loop exited non-zero or were flagged.")
lines.append("")

# What each measured
lines.append("## What each tool measured")
lines.append("")
if measured:
    metrics = ["Malloc / free Δ (bytes)", "Malloc / free Δ", "Malloc (total)", "Malloc (bytes total) (K)",
               "Memory (resident peak) (M)", "Time (wall clock) (ns)"]
    lines.append("package-benchmark, p50 per iteration from one `baseline update` per variant "
                 "(`baseline read` below; the checks above ran separately):")
    lines.append("")
    lines.append("| variant | " + " | ".join(metrics) + " |")
    lines.append("|---|" + "---|" * len(metrics))
    for v in ("clean", "noclear", "leak16", "leak1024"):
        t = measured.get(v, {})
        lines.append(f"| {v} | " + " | ".join(t.get(m, {}).get("p50", "—") for m in metrics) + " |")
    lines.append("")
    # The change of each memory metric against clean, as a baseline check computes it
    # (relative, and 0 when the baseline is 0), beside the default 5% threshold.
    def number(text):
        try:
            return float(text.replace(",", ""))
        except (AttributeError, ValueError):
            return None
    base = measured.get("clean", {})
    for v in ("noclear", "leak16", "leak1024"):
        parts = []
        for m in metrics[:-1]:
            b, c = number(base.get(m, {}).get("p50")), number(measured.get(v, {}).get(m, {}).get("p50"))
            if b is None or c is None:
                continue
            rel = (100.0 * c / b - 100.0) if b != 0 else 0.0
            parts.append(f"{m} {b:g} → {c:g} ({rel:+.1f}%{' — baseline 0' if b == 0 else ''})")
        if parts:
            lines.append(f"- {v} against clean, p50, relative change as a check computes it "
                         f"(default threshold ±5%; from the figures as printed, so the K and M columns are "
                         f"rounded): " + "; ".join(parts) + ".")
    lines.append("")
lines.append("MemLoop, live_bytes per iteration (Theil–Sen) of the arm that runs the loop, per run: " + "; ".join(
    f"{c['loop']} {', '.join(fmt(r['bytesPerIteration']) for r in c['results'])}" for c in checks
    if c["tool"] == "memloop" and c["results"]) + ".")
lines.append("")

# Builds and baselines
lines.append("## Builds and baseline")
lines.append("")
lines.append("| step | exit code | wall time (s) |")
lines.append("|---|---|---|")
for r in records:
    if r["kind"] in ("build", "baseline", "read"):
        label = {"build": f"{r['tool']}: build ({r['loop']})", "baseline": f"package-benchmark: baseline update {r['loop']}",
                 "read": "package-benchmark: baseline read"}[r["kind"]]
        lines.append(f"| {label} | {r['exitCode']} | {r['seconds']:.1f} |")
lines.append("")
lines.append(f"Total wall time of the script: {total_seconds} s.")
lines.append("")
for r in records:
    if r["kind"] in ("build", "baseline") and r["exitCode"] != 0:
        tail = ANSI.sub("", read(r["log"] + ".err") + read(r["log"] + ".out")).strip().splitlines()[-15:]
        lines.append(f"**{r['tool']} {r['kind']} failed (exit {r['exitCode']})**, last lines of its output:")
        lines.append("")
        lines.append("```text")
        lines.extend(tail)
        lines.append("```")
        lines.append("")

lines.append("## Versions")
lines.append("")
lines.append(f"- {versions.get('swift', 'swift: unknown')}; host: {versions.get('host', 'unknown')}")
lines.append(f"- MemLoop {versions.get('memloop_commit', '?')} (release build); jemalloc {jemalloc or 'unknown'}")
lines.append(f"- ordo-one/benchmark (package-benchmark) {pins.get('benchmark', 'unknown')}, "
             f"malloc-interposer {pins.get('malloc-interposer', 'unknown')}; traits: MallocInterposer only")
lines.append("")

lines.append("## Commands")
lines.append("")
lines.append("```sh")
lines.append("swift build -c release --product memloop")
lines.append(".build/release/memloop run --output DIR                        # clean = clear arm, noclear = noclear arm")
lines.append(".build/release/memloop gate --inject-leak-bytes 16 --output DIR")
lines.append(".build/release/memloop gate --inject-leak-bytes 1024 --output DIR")
lines.append("cd Examples/PeerComparison")
lines.append("swift package benchmark list                                   # builds BenchmarkTool and SeedLoop (release)")
lines.append("PEER_VARIANT=clean swift package --allow-writing-to-package-directory benchmark baseline update clean --no-progress")
lines.append("PEER_VARIANT=VARIANT swift package benchmark baseline check clean --no-progress   # VARIANT: clean noclear leak16 leak1024")
lines.append("PEER_VARIANT=VARIANT swift package --allow-writing-to-package-directory benchmark baseline update VARIANT --no-progress")
lines.append("swift package benchmark baseline read clean noclear leak16 leak1024 --no-progress")
lines.append("```")
lines.append("")

lines.append("## Caveats")
lines.append("")
lines.append("- package-benchmark runs at its defaults — default metrics, default thresholds (5% at p25, p50 and "
             "p75 relative to the baseline, no absolute thresholds) — except that its iterations are fixed at "
             "100 (`maxIterations: 100`, `maxDuration: 60 s`) after its default single warm-up iteration. "
             "One benchmark iteration is one loop iteration. MemLoop runs its defaults: 10 warm-up + 100 "
             "iterations per arm, each arm in its own process.")
lines.append("- Traits: only `MallocInterposer`. The default `RuntimeInterposer` trait needs "
             "ordo-one/swift-runtime-interposer, which cannot be fetched here; with the traits list given "
             "explicitly the package resolves without it. The plugin still prints its warning that it runs "
             "with the Swift runtime interposer, then notes that it skips preloading it (not built): "
             "no ARC hooks, and no ARC metrics (none are in the defaults).")
lines.append("- In a `baseline check`, a metric whose baseline is 0 changes by no percentage "
             "(package-benchmark computes the relative difference as 0 when the baseline value is 0). "
             "The clean loop's `Malloc / free Δ` and `Malloc / free Δ (bytes)` are 0, so a leak that those "
             "metrics measure exactly cannot be flagged through them with relative thresholds; an absolute "
             "threshold on them would be needed, which the defaults do not set.")
lines.append("- `swift package` exits 1 for every failed check; package-benchmark's own code is in the "
             "plugin's message (`benchmarkThresholdRegression` for WORSE, `benchmarkThresholdImprovement` "
             "for BETTER): an improvement fails a check too.")
lines.append("- Time metrics (wall clock, throughput) flag changes of speed, not of memory: a leak variant "
             "flagged only through them was detected as slower, not as leaking. The machine (2 cores) is "
             "shared with other work, so their 5% thresholds can also move with load.")
lines.append("- The MemLoop clean and noclear rows come from the same `memloop run` (three arms, one command), "
             "so their wall times are the same runs. The 16 B and 1,024 B leaks are injected in MemLoop's "
             "clear arm by `--inject-leak-bytes` and, in the peer package, by `malloc` kept in storage "
             "reserved before the loop: the same leak, not the same binary.")
if measured and not any(m.startswith("Instructions") for t in measured.values() for m in t):
    lines.append("- `instructions`, one of package-benchmark's default metrics, produced no figure here.")
lines.append("")
lines.append(f"Raw output of every command: `{work}` (not kept).")
lines.append("")

md = "\n".join(lines)
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "peer.md"), "w") as f:
    f.write(md + "\n")
with open(os.path.join(out_dir, "peer.json"), "w") as f:
    json.dump(dict(schemaVersion=1, runs=runs, totalSeconds=total_seconds, versions=dict(
        versions, jemalloc=jemalloc, packageBenchmark=pins.get("benchmark"),
        mallocInterposer=pins.get("malloc-interposer"), traits=["MallocInterposer"]),
        steps=[r for r in records if r["kind"] in ("build", "baseline", "read")],
        checks=checks, packageBenchmarkP50=measured), f, indent=1, sort_keys=True, ensure_ascii=False)
    f.write("\n")
print(md)
PY

exit "$status"
