#!/usr/bin/env python3
"""Is the growth steady or slowing? For each arm of each run folder given (each holding a
samples.csv from `memloop run`), splits the measured samples (warmup = 0) into a first
and a second half and prints the slope of each half in bytes per iteration: Theil–Sen
(median of pairwise slopes, as MemLoop's verdicts) and least squares. It also prints the
median step from one sample to the next and the steps that differ from it by at least
--jump bytes and at least the median step itself (with the iteration they end on): a container that doubles shows as jumps at regular doublings,
which can put most of the growth in one half. Python stdlib only.

Usage: python3 Scripts/keras_halves.py [--metric allocated] FOLDER_OR_CSV...
Prints a Markdown table on stdout."""
import argparse
import csv
import os
import statistics
import sys


def theil_sen(xs, ys):
    slopes = [(ys[j] - ys[i]) / (xs[j] - xs[i])
              for i in range(len(xs)) for j in range(i + 1, len(xs)) if xs[j] != xs[i]]
    return statistics.median(slopes)


def least_squares(xs, ys):
    return statistics.linear_regression(xs, ys).slope


def arms_of(path, metric):
    """{arm: [(iteration, value)]} over measured samples, in file order."""
    csv_path = os.path.join(path, "samples.csv") if os.path.isdir(path) else path
    arms = {}
    with open(csv_path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("warmup", "0") == "1":
                continue
            arms.setdefault(row["arm"], []).append((int(row["iteration"]), float(row[metric])))
    return csv_path, arms


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--metric", default="allocated")
    parser.add_argument("--jump", type=float, default=8192, help="list steps this far from the median step (8192 bytes)")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    print(f"Slope of {args.metric} in bytes/iteration over the first and second half of the "
          "measured samples (Theil–Sen; least squares in parentheses).\n")
    print(f"| samples | arm | n | first half | second half | second/first | median step | steps off the median by ≥ max({args.jump:.0f} B, median) (iteration: KiB) |")
    print("|---|---|---|---|---|---|---|---|")
    for path in args.paths:
        csv_path, arms = arms_of(path, args.metric)
        for arm, points in arms.items():
            half = len(points) // 2
            cells = []
            ts = []
            for part in (points[:half], points[half:]):
                xs = [float(x) for x, _ in part]
                ys = [y for _, y in part]
                t, ls = theil_sen(xs, ys), least_squares(xs, ys)
                ts.append(t)
                cells.append(f"{t:.1f} ({ls:.1f})")
            ratio = f"{ts[1] / ts[0]:.2f}" if abs(ts[0]) >= 4.0 else "n/a"
            steps = [(points[i][0], points[i][1] - points[i - 1][1]) for i in range(1, len(points))]
            median_step = statistics.median(step for _, step in steps)
            jumps = [f"{it}: {step / 1024:+.0f}" for it, step in steps if abs(step - median_step) >= max(args.jump, abs(median_step))]
            listed = ", ".join(jumps[:8]) + (f", … ({len(jumps)} in all)" if len(jumps) > 8 else "")
            print(f"| {os.path.dirname(csv_path) or '.'} | {arm} | {len(points)} | {cells[0]} | {cells[1]} | {ratio} "
                  f"| {median_step:.0f} | {listed or 'none'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
