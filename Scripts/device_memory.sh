#!/usr/bin/env bash
# Device memory (device_bytes) on a machine with an accelerator: runs the PyTorch and JAX
# example loops on the device, clean and with their planted leak, under `memloop run`,
# and prints what each arm's device_bytes did: the probe's collectors record
# torch.cuda.memory_allocated() / the JAX device's memory_stats()["bytes_in_use"] as the
# user metric device_bytes (Reports/PROTOCOL.md, "User metrics").
#
# NOT RUN HERE: the machines this project is developed on have no accelerator; the
# collectors are tested with stand-in modules (Probe/tests, DeviceMemoryTests). This
# script is ready for a machine that has one.
#
#   Scripts/device_memory.sh [torch|jax|all]   (default all)
#
# Needs .venv-torch with a CUDA build of PyTorch and/or .venv-jax with jax[cuda] (make
# them with Scripts/frameworks_setup.sh, then install the device builds into them).
# Writes under .memloop/device-memory/ (ignored by git). For each loop and arm it prints
# the verdict on device_bytes from `memloop analyze --primary device_bytes` when this
# MemLoop analyses user metrics; else the column's least-squares slope per iteration,
# labelled as a slope, not a verdict. Exit 0; 1 a loop failed; 2 no device found;
# 64 bad arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

which=${1:-all}
case "$which" in
  torch|jax|all) ;;
  *) echo "usage: Scripts/device_memory.sh [torch|jax|all]" >&2; exit 64 ;;
esac
if [ "$#" -gt 1 ]; then
  echo "usage: Scripts/device_memory.sh [torch|jax|all]" >&2
  exit 64
fi
swift build -c release --product memloop >&2
memloop=.build/release/memloop
out=.memloop/device-memory
mkdir -p "$out"

loops=()
if [ "$which" != jax ]; then
  if .venv-torch/bin/python -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    loops+=("torch-clean|.venv-torch/bin/python Examples/python/torch_loop.py --device cuda --forward"
            "torch-leak|.venv-torch/bin/python Examples/python/torch_loop.py --device cuda --forward --leak")
  else
    echo "no CUDA device for PyTorch (.venv-torch): torch loops skipped" >&2
  fi
fi
if [ "$which" != torch ]; then
  if JAX_PLATFORMS= .venv-jax/bin/python -c 'import sys, jax; sys.exit(0 if any(d.platform != "cpu" for d in jax.devices()) else 1)' 2>/dev/null; then
    platform=$(JAX_PLATFORMS= .venv-jax/bin/python -c 'import jax; print(next(d.platform for d in jax.devices() if d.platform != "cpu"))')
    loops+=("jax-clean|.venv-jax/bin/python Examples/python/jax_loop.py --platform $platform --clear none"
            "jax-leak|.venv-jax/bin/python Examples/python/jax_loop.py --platform $platform --clear none --leak")
  else
    echo "no accelerator for JAX (.venv-jax): jax loops skipped" >&2
  fi
fi
if [ "${#loops[@]}" -eq 0 ]; then
  echo "error: no device found for the loops asked for; nothing measured" >&2
  exit 2
fi

status=0
for entry in "${loops[@]}"; do
  name=${entry%%|*}
  command=${entry#*|}
  folder="$out/$name"
  echo "== $name: $command" >&2
  code=0
  "$memloop" run --iterations 200 --warm-up 30 --output "$folder" --command "$command" >&2 || code=$?
  # A verdict's exit (e.g. 7, a control that grew on the default metric) still leaves samples to read.
  if [ ! -f "$folder/samples.csv" ]; then
    echo "$name: failed (exit $code), no samples" >&2
    status=1
    continue
  fi
  if "$memloop" analyze "$folder/samples.csv" --primary device_bytes --output "$folder/device" >"$folder/device.txt" 2>&1; then
    echo "$name: device_bytes verdicts (memloop analyze --primary device_bytes):"
    cat "$folder/device.txt"
  else
    python3 - "$name" "$folder/samples.csv" <<'PY'
import csv, sys
name, path = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(path)))
if not rows or "device_bytes" not in rows[0]:
    print(f"{name}: no device_bytes column: the probe found no device (see the loop's stderr above)")
    sys.exit(0)
for arm in dict.fromkeys(row["arm"] for row in rows):
    points = [(int(r["iteration"]), float(r["device_bytes"])) for r in rows
              if r["arm"] == arm and r["warmup"] == "0" and r["device_bytes"] != ""]
    if len(points) < 2:
        print(f"{name} {arm}: {len(points)} device_bytes readings: too few for a slope")
        continue
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    print(f"{name} {arm}: device_bytes slope {slope:.1f} B/iteration (least squares, {len(points)} samples; "
          f"this MemLoop gives no verdict on user metrics yet)")
PY
  fi
done
exit "$status"
