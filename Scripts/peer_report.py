#!/usr/bin/env python3
"""The report of Scripts/peer_compare.sh: MemLoop beside package-benchmark on the same loops.

Usage: peer_report.py WORK RUNS OUT_DIR TOTAL_SECONDS

WORK is the folder peer_compare.sh filled:
  records.tsv            one line per command: tool, loop, run, kind, exit code, seconds, log name
  versions.txt           swift=…, memloop_commit=…, host=…
  Package.resolved       the peer package's pins (package-benchmark's version)
  memloop-*/             MemLoop's own reports (summary.json, gate.json)
  pb-json/NAME.jmh.json  package-benchmark's JSON export (`baseline read NAME --format jmh`)
                         of each baseline: `clean`, and VARIANT-RUN for every check
  pb-check-*.err         what `baseline check` wrote to stderr (its error id)

Writes OUT_DIR/peer.md and OUT_DIR/peer.json and prints the Markdown. package-benchmark's
figures come from its JSON export only: no terminal table is read. Its verdict on each
check is its own (the exit status and the error id it names); which metrics moved past
its default thresholds is recomputed from the exported measurements with its default
rule, and said so in the report. Exits 2 with a message when WORK lacks what it needs.
"""

import json
import math
import os
import re
import sys

VARIANTS = ("clean", "noclear", "leak16", "leak1024")
# package-benchmark's default thresholds (BenchmarkThresholds.default): relative, 5% at
# p25, p50 and p75; no absolute ones. A baseline of 0 gives a relative difference of 0.
DEFAULT_RELATIVE_THRESHOLDS = {25.0: 5.0, 50.0: 5.0, 75.0: 5.0}
# The metrics of the "what each tool measured" table, as package-benchmark names them.
TABLE_METRICS = ("Malloc / free Δ", "Malloc (total)", "Memory (resident peak)", "Time (wall clock)")


class ReportError(Exception):
    """WORK lacks something the report needs."""


def read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except FileNotFoundError:
        return ""


def load_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, TypeError, json.JSONDecodeError):
        return None


def read_records(work):
    path = os.path.join(work, "records.tsv")
    if not os.path.isfile(path):
        raise ReportError(f"{path} is missing: run Scripts/peer_compare.sh, which writes it")
    records = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        cells = line.split("\t")
        if len(cells) != 7:
            raise ReportError(f"{path}:{number}: expected 7 tab-separated cells, got {len(cells)}")
        tool, loop, run, kind, code, seconds, log = cells
        records.append(dict(tool=tool, loop=loop, run=int(run) if run else None, kind=kind,
                            exitCode=int(code), seconds=float(seconds), log=log))
    return records


# ---- package-benchmark's JSON export (JMH format) ----------------------------------------

def metric_kind(name):
    """retention, allocation volume or time: what a change of this metric says."""
    if name.startswith("Memory") or name.startswith("Malloc / free"):
        return "retention"
    if name.startswith("Malloc") or name.startswith("Free") or name.startswith("Object allocs"):
        return "allocation volume"
    return "time"


def prefers_larger(name):
    # BenchmarkMetric.polarity: only throughput prefers larger values.
    return name.startswith("Throughput")


def percentile(values, p):
    """The value at percentile p the way HdrHistogram's valueAtPercentile picks it: the
    smallest recorded value with at least ceil(p% of the count) values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def read_export(path):
    """{metric: {"unit", "values", "p50"}} of one baseline's JMH export (one benchmark)."""
    document = load_json(path)
    if not isinstance(document, list) or not document:
        raise ReportError(f"{path}: not a package-benchmark JMH export (a JSON list of benchmarks)")
    if len(document) != 1:
        raise ReportError(f"{path}: {len(document)} benchmarks; the peer package has one, seed-loop")
    element = document[0]
    metrics = {}
    entries = dict(element.get("secondaryMetrics") or {})
    entries["Throughput (# / s)"] = element.get("primaryMetric")
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            continue
        raw = entry.get("rawData") or [[]]
        values = [float(v) for v in raw[0]]
        metrics[name] = dict(unit=entry.get("scoreUnit"), values=values,
                             p50=entry.get("scorePercentiles", {}).get("50.0"))
    return metrics


def deviations(current, baseline):
    """Metrics past package-benchmark's default relative thresholds, current against baseline."""
    found = []
    for name, measured in current.items():
        base = baseline.get(name)
        if base is None:
            continue
        for p, threshold in DEFAULT_RELATIVE_THRESHOLDS.items():
            now, then = percentile(measured["values"], p), percentile(base["values"], p)
            if now is None or then is None:
                continue
            change = (100.0 * now / then - 100.0) if then != 0 else 0.0
            if prefers_larger(name):
                change = -change
            if abs(change) > threshold:
                found.append(dict(metric=name, percentile=f"p{p:g}", baseline=then, current=now,
                                  differencePercent=round(change, 1), thresholdPercent=threshold,
                                  direction="worse" if change > 0 else "better"))
    return found


# ---- the checks ---------------------------------------------------------------------------

def memloop_checks(work, records):
    checks = []
    for loop, kind in (("clean", "run"), ("noclear", "run"), ("leak16", "gate"), ("leak1024", "gate")):
        chosen = [r for r in records if r["tool"] == "memloop" and r["kind"] == kind
                  and (r["loop"] == loop or (kind == "run" and r["loop"] == "clean+noclear"))]
        results = []
        for r in chosen:
            folder = os.path.join(work, r["log"])
            if kind == "run":
                summary, failed = load_json(os.path.join(folder, "summary.json")), None
                arm = arm_of(summary, "clear" if loop == "clean" else "noclear")
            else:
                gate_path, summary_path = gate_files(folder)
                gate, summary = load_json(gate_path), load_json(summary_path)
                arm = arm_of(summary, "clear")
                failed = [x["id"] for x in (gate or {}).get("rules", []) if x.get("outcome") == "fail"]
            verdict = arm.get("verdict") if arm else None
            per_iteration = arm.get("primary", {}).get("bytesPerIteration") if arm else None
            detected = verdict == "GROWING" if kind == "run" else (r["exitCode"] == 1 and bool(failed))
            results.append(dict(run=r["run"], exitCode=r["exitCode"], seconds=r["seconds"], verdict=verdict,
                                bytesPerIteration=per_iteration, failedRules=failed, detected=detected,
                                jemalloc=((summary or {}).get("environment") or {}).get("jemallocVersion")))
        checks.append(dict(tool="memloop", loop=loop, command=kind, results=results))
    return checks


def gate_files(folder):
    for root, _, files in os.walk(folder):
        if "gate.json" in files:
            return os.path.join(root, "gate.json"), os.path.join(root, "summary.json")
    return None, None


def arm_of(summary, label):
    for arm in (summary or {}).get("arms", []):
        if arm.get("arm") == label:
            return arm
    return None


def benchmark_checks(work, records, exports):
    """One check per variant and run: the run's baseline (`baseline update VARIANT-RUN`),
    then `baseline check clean VARIANT-RUN`."""
    baseline = exports.get("clean")
    checks = []
    for loop in VARIANTS:
        results = []
        for r in records:
            if r["tool"] != "package-benchmark" or r["kind"] != "check" or r["loop"] != loop:
                continue
            name = f"{loop}-{r['run']}"
            measure = next((m for m in records if m["tool"] == "package-benchmark" and m["kind"] == "measure"
                            and m["loop"] == loop and m["run"] == r["run"]), None)
            error = re.search(r"error: (\w+)", read_text(os.path.join(work, r["log"] + ".err")))
            plugin_error = error.group(1) if error else None
            outcome = {"benchmarkThresholdRegression": "WORSE", "benchmarkThresholdImprovement": "BETTER"}.get(
                plugin_error, "WITHIN" if r["exitCode"] == 0 else None)
            current = exports.get(name)
            moved = deviations(current, baseline) if current is not None and baseline is not None else None
            worse = sorted({d["metric"] for d in moved or [] if d["direction"] == "worse"})
            better = sorted({d["metric"] for d in moved or [] if d["direction"] == "better"})
            results.append(dict(
                run=r["run"], baseline=name, exitCode=r["exitCode"], pluginError=plugin_error, outcome=outcome,
                seconds=round(r["seconds"] + (measure["seconds"] if measure else 0.0), 2),
                measureExitCode=measure["exitCode"] if measure else None,
                detected=outcome == "WORSE", worse=worse, better=better, deviations=moved))
        checks.append(dict(tool="package-benchmark", loop=loop,
                           command="baseline update VARIANT-RUN; baseline check clean VARIANT-RUN", results=results))
    return checks


def read_exports(work):
    folder = os.path.join(work, "pb-json")
    exports = {}
    if os.path.isdir(folder):
        for file in sorted(os.listdir(folder)):
            if file.endswith(".jmh.json"):
                exports[file[: -len(".jmh.json")]] = read_export(os.path.join(folder, file))
    return exports


# ---- Markdown -----------------------------------------------------------------------------

LOOP_TEXT = {
    "clean": "clean: clearSession() each iteration",
    "noclear": "noclear: never cleared",
    "leak16": "clean + 16 B leaked per iteration",
    "leak1024": "clean + 1,024 B leaked per iteration",
}
GROWS = {"clean": "no", "noclear": "yes", "leak16": "yes", "leak1024": "yes"}


def fmt(value):
    return f"{value:.1f}" if isinstance(value, (int, float)) else "n/a"


def counts(values):
    tally = {}
    for value in values:
        tally[value] = tally.get(value, 0) + 1
    return ", ".join(f"{k} ×{n}" if n > 1 else str(k) for k, n in tally.items())


def yes_no(k, n):
    return f"{'yes' if k else 'no'} {k}/{n}"


def row(check):
    results = check["results"]
    n = len(results)
    if n == 0:
        return None
    detected = sum(1 for r in results if r["detected"])
    codes = ", ".join(str(r["exitCode"]) for r in results)
    seconds = ", ".join(f"{r['seconds']:.1f}" for r in results)
    if check["tool"] == "memloop":
        by_memory = detected  # MemLoop's verdicts are on memory only
        verdicts = counts(r["verdict"] or "none" for r in results)
        rates = sorted({fmt(r["bytesPerIteration"]) for r in results})
        if check["command"] == "run":
            arm = "clear" if check["loop"] == "clean" else "noclear"
            what = f"`run`: {arm} arm {verdicts}; live_bytes {' / '.join(rates)} B/iteration"
        else:
            failed = sorted({x for r in results for x in (r["failedRules"] or [])})
            what = (f"`gate`: clear arm {verdicts}; live_bytes {' / '.join(rates)} B/iteration; "
                    f"failed rules: {', '.join(failed) if failed else 'none'}")
    else:
        by_memory = sum(1 for r in results
                        if r["detected"] and any(metric_kind(m) != "time" for m in r["worse"]))
        outcomes = counts(r["outcome"] or "no result" for r in results)
        flagged = {}
        for r in results:
            for m in r["worse"]:
                flagged[f"{m} worse"] = flagged.get(f"{m} worse", 0) + 1
            for m in r["better"]:
                flagged[f"{m} better"] = flagged.get(f"{m} better", 0) + 1
        listed = "; ".join(f"{m} {k}/{n}" for m, k in sorted(flagged.items())) or "none"
        what = f"`baseline check`: {outcomes}; metrics past a default threshold: {listed}"
    return (f"| {check['tool']} | {LOOP_TEXT[check['loop']]} | {GROWS[check['loop']]} | {yes_no(detected, n)} "
            f"| {yes_no(by_memory, n)} | {codes} | {seconds} | {what} |")


def tally(checks, tool):
    growing = [c for c in checks if c["tool"] == tool and GROWS[c["loop"]] == "yes"]
    clean = [c for c in checks if c["tool"] == tool and c["loop"] == "clean"]
    found = sum(1 for c in growing for r in c["results"] if r["detected"])
    total = sum(len(c["results"]) for c in growing)
    alarms = sum(1 for c in clean for r in c["results"] if r["exitCode"] != 0 or r["detected"])
    return found, total, alarms, sum(len(c["results"]) for c in clean)


def median(values):
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measured_table(exports, runs):
    """p50 of each table metric per variant: the median over the runs' exported baselines."""
    table = {}
    for variant in VARIANTS:
        names = ["clean"] if variant == "clean" else [f"{variant}-{run}" for run in range(1, runs + 1)]
        if variant == "clean":
            names += [f"clean-{run}" for run in range(1, runs + 1)]
        for metric in TABLE_METRICS:
            values = [exports[n][metric]["p50"] for n in names if n in exports and metric in exports[n]]
            unit = next((exports[n][metric]["unit"] for n in names if n in exports and metric in exports[n]), None)
            table.setdefault(variant, {})[metric] = dict(p50=median(values), unit=unit, baselines=len(values))
    return table


def markdown(checks, steps, table, versions, pins, runs, total_seconds, work):
    lines = [
        "# MemLoop and package-benchmark on the same loops",
        "",
        f"Written by `Scripts/peer_compare.sh` (runs: {runs}) through `Scripts/peer_report.py`; every figure "
        "below is from that run. Not part of `.ci/run`.",
        "",
        "The loop is the seed's: 100 iterations of `clearSession()` and "
        "`Sequential((0..<10).map { _ in Dense(10) })`, in four variants. "
        "**grows** = whether the loop's memory grows (what a memory tool should find). "
        "**detected** = package-benchmark's `baseline check clean VARIANT-RUN` found the run WORSE than the "
        "clean baseline (its exit status and error id `benchmarkThresholdRegression`); MemLoop's `run` gave the "
        "arm GROWING, or its `gate` failed (exit 1). **by memory** = detected, and a malloc, free or memory "
        "metric is past a threshold (not only wall clock or throughput). Wall time is the whole command per "
        "run, in seconds (for package-benchmark the run, `baseline update VARIANT-RUN`, plus the check).",
        "",
        "| tool | loop | grows | detected | by memory | exit codes | wall time (s) | result, and what flagged it |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [r for r in (row(c) for c in checks) if r]
    lines += ["", "In short, over this run:", ""]
    for tool, what in (("memloop", "a GROWING verdict or a failed gate"),
                       ("package-benchmark", "a check reporting WORSE")):
        found, total, alarms, clean_total = tally(checks, tool)
        if total or clean_total:
            lines.append(f"- **{tool}**: {what} in {found} of {total} runs of the loops whose memory grows; "
                         f"{alarms} of {clean_total} runs of the clean loop exited non-zero or were flagged.")
    lines += ["", "## What each tool measured", ""]
    if table:
        lines.append("package-benchmark, p50 per iteration from its JSON export (`baseline read NAME --format jmh`), "
                     "the median over the runs' baselines (clean: the reference baseline and the clean runs):")
        lines.append("")
        lines.append("| variant | " + " | ".join(f"{m} ({table['clean'][m]['unit'] or '?'})" for m in TABLE_METRICS)
                     + " |")
        lines.append("|---|" + "---|" * len(TABLE_METRICS))
        for variant in VARIANTS:
            lines.append(f"| {variant} | " + " | ".join(
                f"{table[variant][m]['p50']:g}" if table[variant][m]["p50"] is not None else "—"
                for m in TABLE_METRICS) + " |")
        lines.append("")
    lines.append("Which metrics moved past a threshold is recomputed from the exported measurements with "
                 "package-benchmark's default rule (relative change of p25, p50 and p75 against the clean "
                 "baseline, ±5%; 0 when the baseline is 0); the verdict is the tool's own. A leak that "
                 "`Malloc / free Δ` measures exactly moves it from 0, which no relative threshold can flag.")
    lines.append("")
    lines.append("MemLoop, live_bytes per iteration (Theil–Sen) of the arm that runs the loop, per run: " + "; ".join(
        f"{c['loop']} {', '.join(fmt(r['bytesPerIteration']) for r in c['results'])}" for c in checks
        if c["tool"] == "memloop" and c["results"]) + ".")
    lines += ["", "## Builds and baseline", "", "| step | exit code | wall time (s) |", "|---|---|---|"]
    for s in steps:
        label = {"build": f"{s['tool']}: build ({s['loop']})",
                 "baseline": f"package-benchmark: baseline update {s['loop']}",
                 "export": f"package-benchmark: JSON export of {s['loop']}"}[s["kind"]]
        lines.append(f"| {label} | {s['exitCode']} | {s['seconds']:.1f} |")
    lines += ["", f"Total wall time of the script: {total_seconds} s.", ""]
    jemalloc = next((r["jemalloc"] for c in checks if c["tool"] == "memloop" for r in c["results"] if r["jemalloc"]),
                    None)
    lines += [
        "## Versions",
        "",
        f"- {versions.get('swift', 'swift: unknown')}; host: {versions.get('host', 'unknown')}",
        f"- MemLoop {versions.get('memloop_commit', '?')} (release build); jemalloc {jemalloc or 'unknown'}",
        f"- ordo-one/benchmark (package-benchmark) {pins.get('benchmark', 'unknown')}, "
        f"malloc-interposer {pins.get('malloc-interposer', 'unknown')}; traits: MallocInterposer only",
        "",
        "## Commands",
        "",
        "```sh",
        "swift build -c release --product memloop",
        ".build/release/memloop run --output DIR                        # clean = clear arm, noclear = noclear arm",
        ".build/release/memloop gate --inject-leak-bytes 16 --output DIR",
        ".build/release/memloop gate --inject-leak-bytes 1024 --output DIR",
        "cd Examples/PeerComparison",
        "swift package benchmark list                                   # builds BenchmarkTool and SeedLoop (release)",
        "PEER_VARIANT=clean swift package --allow-writing-to-package-directory benchmark baseline update clean",
        "PEER_VARIANT=VARIANT swift package --allow-writing-to-package-directory benchmark baseline update VARIANT-RUN",
        "swift package benchmark baseline check clean VARIANT-RUN     # VARIANT: clean noclear leak16 leak1024",
        "swift package --allow-writing-to-package-directory benchmark baseline read NAME --format jmh --path DIR",
        "```",
        "",
        "## Caveats",
        "",
        "- package-benchmark runs at its defaults — default metrics, default thresholds (5% at p25, p50 and "
        "p75 relative to the baseline, no absolute thresholds) — except that its iterations are fixed at "
        "100 (`maxIterations: 100`, `maxDuration: 60 s`) after its default single warm-up iteration. "
        "One benchmark iteration is one loop iteration. MemLoop runs its defaults: 10 warm-up + 100 "
        "iterations per arm, each arm in its own process.",
        "- Each check compares two stored baselines (`baseline check clean VARIANT-RUN`), so that the figures "
        "the check judged are the ones exported as JSON; a check with one baseline name would run the "
        "benchmark itself and export nothing.",
        "- Traits: only `MallocInterposer`. The default `RuntimeInterposer` trait needs "
        "ordo-one/swift-runtime-interposer, which cannot be fetched here; with the traits list given "
        "explicitly the package resolves without it: no ARC hooks, and no ARC metrics (none are in the defaults).",
        "- `swift package` exits 1 for every failed check; package-benchmark's own code is in the "
        "plugin's message (`benchmarkThresholdRegression` for WORSE, `benchmarkThresholdImprovement` "
        "for BETTER): an improvement fails a check too.",
        "- Time metrics (wall clock, throughput) flag changes of speed, not of memory. The machine (2 cores) is "
        "shared with other work, so their 5% thresholds can also move with load.",
        "- The MemLoop clean and noclear rows come from the same `memloop run` (three arms, one command), "
        "so their wall times are the same runs. The 16 B and 1,024 B leaks are injected in MemLoop's "
        "clear arm by `--inject-leak-bytes` and, in the peer package, by `malloc` kept in storage "
        "reserved before the loop: the same leak, not the same binary.",
        "",
        f"Raw output of every command: `{work}` (not kept).",
        "",
    ]
    return "\n".join(lines)


def main(argv):
    if len(argv) != 5 or not argv[2].isdigit() or not argv[4].isdigit():
        print("usage: peer_report.py WORK RUNS OUT_DIR TOTAL_SECONDS", file=sys.stderr)
        return 64
    work, runs, out_dir, total_seconds = argv[1], int(argv[2]), argv[3], int(argv[4])
    try:
        records = read_records(work)
        exports = read_exports(work)
    except ReportError as error:
        print(f"peer_report.py: {error}", file=sys.stderr)
        return 2
    versions = dict(line.split("=", 1) for line in read_text(os.path.join(work, "versions.txt")).splitlines()
                    if "=" in line)
    pins = {}
    resolved = load_json(os.path.join(work, "Package.resolved")) or {}
    for pin in resolved.get("pins", []):
        pins[pin["identity"]] = pin.get("state", {}).get("version")
    checks = memloop_checks(work, records) + benchmark_checks(work, records, exports)
    steps = [r for r in records if r["kind"] in ("build", "baseline", "export")]
    table = measured_table(exports, runs) if "clean" in exports else {}
    text = markdown(checks, steps, table, versions, pins, runs, total_seconds, work)
    os.makedirs(out_dir, exist_ok=True)
    for name, content in (("peer.md", text + "\n"), ("peer.json", None)):
        temporary = os.path.join(out_dir, name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            if content is not None:
                handle.write(content)
            else:
                json.dump(dict(schemaVersion=2, runs=runs, totalSeconds=total_seconds,
                               versions=dict(versions, packageBenchmark=pins.get("benchmark"),
                                             mallocInterposer=pins.get("malloc-interposer"),
                                             traits=["MallocInterposer"]),
                               steps=steps, checks=checks, packageBenchmarkP50=table),
                          handle, indent=1, sort_keys=True, ensure_ascii=False)
                handle.write("\n")
        os.replace(temporary, os.path.join(out_dir, name))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
