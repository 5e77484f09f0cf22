#!/usr/bin/env bash
# The Python probe's own cost: time per sample (gc.collect, flush, epoch, eight
# readings) and per run (an empty loop of 1,000 iterations: check, reserve, loop,
# write), with and without gc.collect, median of 5 runs each, each run in its own
# process under jemalloc. Writes $MEMLOOP_REPORTS/bench/probe.md (default Reports/local/;
# MEMLOOP_REPORTS=Reports rewrites the committed one) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${MEMLOOP_REPORTS:-Reports/local}"  # Reports/local is ignored by git; MEMLOOP_REPORTS=Reports rewrites the committed reports

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/probe_bench.sh" >&2
  exit 64
fi
library=$(python3 -c 'import sys; sys.path.insert(0, "Probe"); import memloop_probe; print(memloop_probe.find_jemalloc() or "")')
if [ -z "$library" ]; then
  Scripts/install-deps.sh
  library=$(python3 -c 'import sys; sys.path.insert(0, "Probe"); import memloop_probe; print(memloop_probe.find_jemalloc() or "")')
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run: prints "<per-sample ns> <per-run ns>" from the samples file and a wall clock.
cat > "$work/run.py" <<'PY'
import csv, os, sys, time
sys.path.insert(0, "Probe")
import memloop_probe
gc_collect = sys.argv[1] == "gc"
output = os.path.join(sys.argv[2], "samples.csv")
start = time.monotonic_ns()
for it in memloop_probe.loop(iterations=1000, warmup=0, arm="control", gc_collect=gc_collect, output=output):
    pass
run_ns = time.monotonic_ns() - start
rows = list(csv.DictReader(open(output)))
sampling_ns = int(rows[-1]["elapsed_ns"]) - int(rows[-1]["loop_ns"])
print(sampling_ns / len(rows), run_ns)
PY

cat > "$work/report.py" <<'PY'
import ctypes, os, platform, statistics, subprocess, sys
work, library, reports = sys.argv[1], sys.argv[2], sys.argv[3]
env = dict(os.environ, LD_PRELOAD=library, PYTHONMALLOC="malloc", MEMLOOP_NO_REEXEC="1")
env.pop("MEMLOOP_PROTOCOL", None)
results = {}
for mode in ("gc", "nogc"):
    samples, runs = [], []
    for _ in range(5):
        out = subprocess.run([sys.executable, os.path.join(work, "run.py"), mode, work], env=env,
                             capture_output=True, text=True, check=True).stdout.split()
        samples.append(float(out[0])); runs.append(int(out[1]))
    results[mode] = (statistics.median(samples) / 1000, min(samples) / 1000, max(samples) / 1000,
                     statistics.median(runs) / 1e6)
version = subprocess.run([sys.executable, "-c", "import ctypes; v=ctypes.c_char_p(); n=ctypes.c_size_t(8); "
                          "ctypes.CDLL(None).mallctl(b'version', ctypes.byref(v), ctypes.byref(n), None, 0); print(v.value.decode())"],
                         env=env, capture_output=True, text=True).stdout.strip()
per_sample = results["gc"][0]
lines = [
    "# Python probe: its own cost",
    "",
    "Produced by `Scripts/probe_bench.sh` (an empty loop, control arm, 1,000 iterations, no warm-up;",
    "5 runs per row, each in its own process under jemalloc; per-sample time is the run's",
    "`elapsed_ns − loop_ns` divided by its samples, per-run time is `loop()` to the file written).",
    "",
    f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, jemalloc {version or '?'}.",
    "",
    "| sampling | per sample, median [min, max] | per run of 1,000 iterations (median) |",
    "|---|---|---|",
]
for mode, label in (("gc", "`gc.collect()` before each sample (default)"), ("nogc", "`gc_collect=False`")):
    median, low, high, run = results[mode]
    lines.append(f"| {label} | {median:.1f} µs [{low:.1f}, {high:.1f}] | {run:.1f} ms |")
lines += [
    "",
    f"**≤ 5% for loops slower than {per_sample / 0.05 / 1000:.2f} ms/iteration** "
    f"(default sampling: {per_sample:.1f} µs per sample ÷ 0.05).",
    "The `loop_ns` column leaves the sampling out of the loop's own time either way.",
    "",
    "`gc.collect()` scans the objects created since the loop began (the probe freezes older ones), so",
    "in a loop that keeps many objects alive (a noclear arm) a sample costs more than here.",
    "",
]
text = "\n".join(lines)
os.makedirs(os.path.join(reports, "bench"), exist_ok=True)
with open(os.path.join(reports, "bench", "probe.md"), "w") as handle:
    handle.write(text)
print(text, end="")
PY
python3 "$work/report.py" "$work" "$library" "$reports"
