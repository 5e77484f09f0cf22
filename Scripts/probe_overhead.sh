#!/usr/bin/env bash
# What sampling costs a fast loop, side by side with memray: 20,000 iterations of
# ujson.dumps (Scripts/overhead_loop.py), the loop's own time bare, under `memray run`, and
# in one MemLoop arm (the clear arm's last elapsed_ns: the loop with its samples) at the
# default spacing (auto) and at --sample-every 1; 5 rounds, the commands alternating,
# medians and ratios to bare. Makes .venv-bench (ujson, memray from PyPI) on first use.
# Writes Reports/probe/overhead.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/probe_overhead.sh" >&2
  exit 64
fi
if [ ! -x .venv-bench/bin/memray ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install --quiet --upgrade pip
  .venv-bench/bin/pip install --quiet "ujson==5.*" "memray==1.*"
fi
swift build -c release --product memloop >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

.venv-bench/bin/python - "$work" <<'PY'
import csv, os, platform, statistics, subprocess, sys
work = sys.argv[1]
python, loop = ".venv-bench/bin/python", "Scripts/overhead_loop.py"
iterations = 20000

def bare():
    return float(subprocess.run([python, loop, "--bare"], capture_output=True, text=True, check=True).stdout)

def memray():
    out = os.path.join(work, "memray.bin")
    if os.path.exists(out):
        os.unlink(out)
    result = subprocess.run([".venv-bench/bin/memray", "run", "--quiet", "-o", out, loop, "--bare"],
                            capture_output=True, text=True, check=True)
    return float(result.stdout.split()[-1])

def memloop(spacing):
    folder = os.path.join(work, f"memloop-{spacing}")
    subprocess.run([".build/release/memloop", "run", "--arms", "clear", "--iterations", str(iterations), "--warm-up", "0",
                    "--sample-every", spacing, "--output", folder, "--command", f"{python} {loop}"],
                   capture_output=True, text=True, check=True)
    rows = list(csv.DictReader(open(os.path.join(folder, "samples.csv"))))
    last = rows[-1]
    return int(last["elapsed_ns"]) / 1e9, len(rows), 1 - int(last["loop_ns"]) / int(last["elapsed_ns"])

runs = {"bare": [], "memray": [], "auto": [], "every": []}
facts = {}
for _ in range(5):
    runs["bare"].append(bare())
    runs["memray"].append(memray())
    for spacing, key in (("auto", "auto"), ("1", "every")):
        seconds, samples, share = memloop(spacing)
        runs[key].append(seconds)
        facts.setdefault(key, []).append((samples, share))
base = statistics.median(runs["bare"])
def row(label, key):
    values = runs[key]
    median = statistics.median(values)
    note = ""
    if key in facts:
        samples = statistics.median(s for s, _ in facts[key])
        share = statistics.median(s for _, s in facts[key])
        note = f"{samples:.0f} samples, sampling {share * 100:.1f}% of the loop's time"
    return f"| {label} | {median:.3f} s [{min(values):.3f}, {max(values):.3f}] | {median / base:.1f}× | {note} |"
lines = [
    "# Sampling's cost on a fast loop, beside memray",
    "",
    f"Produced by `Scripts/probe_overhead.sh`: {iterations:,} iterations of `ujson.dumps` of a small dict",
    "(`Scripts/overhead_loop.py`), the loop's own time (first to last iteration; for MemLoop the clear",
    "arm's last `elapsed_ns`, samples included); 5 rounds with the commands alternating, median [min, max].",
    "MemLoop's arm runs under jemalloc with `PYTHONMALLOC=malloc` and `tcache:false`, as every outside arm.",
    "",
    f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
    "",
    "| loop | time | vs bare | |",
    "|---|---|---|---|",
    row("bare", "bare"),
    row("`memray run`", "memray"),
    row("one MemLoop arm, `--sample-every auto` (default)", "auto"),
    row("one MemLoop arm, `--sample-every 1`", "every"),
    "",
]
text = "\n".join(lines)
with open("Reports/probe/overhead.md", "w") as handle:
    handle.write(text)
print(text, end="")
PY
