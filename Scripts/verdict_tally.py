#!/usr/bin/env python3
"""Tabulates repeated `memloop run`s (Scripts/runtime_shapes.sh, Scripts/frameworks_repeat.sh):
one row per case, the clear arm's verdicts and growth shapes over the runs, its
bytes/iteration (median [min, max]), the largest upper bound, the metric that decided, the
control arm's outcomes and memloop's exit statuses. Reads the index the scripts write, one
line per run: name|truth|run|exit status|summary.json; TITLE and INTRO head the table.

Usage: verdict_tally.py INDEX TITLE INTRO"""
import csv
import json
import os
import statistics
import sys
from collections import Counter, OrderedDict


def tally(values):
    return ", ".join(f"{value} {count}" for value, count in Counter(values).most_common())


def sampling(summary_path):
    """(share of the clear arm's time its samples took, ns per clear sample, share of all
    three arms' time the samples took), from samples.csv beside the summary: each arm's last
    row's elapsed_ns (sampling included) and loop_ns (left out); None when any is missing."""
    try:
        with open(os.path.join(os.path.dirname(summary_path), "samples.csv")) as handle:
            rows = list(csv.DictReader(handle))
        last, counts = {}, Counter()
        for row in rows:
            last[row["arm"]] = (int(row["elapsed_ns"]), int(row["loop_ns"]))
            counts[row["arm"]] += 1
        elapsed, loop = last["clear"]
    except (OSError, KeyError, ValueError, TypeError):
        return None
    if any(total <= 0 or not 0 <= own <= total for total, own in last.values()):
        return None
    overall = sum(total - own for total, own in last.values()) / sum(total for total, _ in last.values())
    return (elapsed - loop) / elapsed, (elapsed - loop) / counts["clear"], overall


def spread(values, scale, unit, decimals=1):
    if not values:
        return "n/a"
    median, low, high = (value * scale for value in (statistics.median(values), min(values), max(values)))
    return f"{median:.{decimals}f}{unit} [{low:.{decimals}f}, {high:.{decimals}f}]"


def main(index_path, title, intro):
    cases = OrderedDict()
    with open(index_path) as index:
        for line in index:
            name, truth, _run, status, path = line.rstrip("\n").split("|")
            case = cases.setdefault(name, {"truth": truth, "runs": []})
            try:
                with open(path) as handle:
                    summary = json.load(handle)
            except (OSError, ValueError):
                summary = None
            case["runs"].append((int(status), summary, path))
    print(f"# {title}\n")
    print(f"{intro}\n")
    print("| case | what is true | runs | clear: verdict (growth) | bytes/iteration, median [min, max] "
          "| grows at most (largest) | metric | control | exit statuses | sampling share (clear) | per sample (clear) "
          "| sampling share (all arms) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, case in cases.items():
        verdicts, rates, uppers, metrics, controls, statuses = [], [], [], Counter(), [], []
        shares, costs, overall = [], [], []
        for status, summary, path in case["runs"]:
            statuses.append(str(status))
            cost = sampling(path)
            if cost is not None:
                shares.append(cost[0])
                costs.append(cost[1])
                overall.append(cost[2])
            if summary is None:
                verdicts.append("no summary")
                continue
            arms = {arm["arm"]: arm for arm in summary["arms"]}
            clear = arms.get("clear")
            if clear is not None:
                verdicts.append(f"{clear['verdict']} ({clear.get('shape', {}).get('kind', '?')})")
                rates.append(clear["primary"]["bytesPerIteration"])
                uppers.append(clear["primary"].get("growsAtMostBytesPerModel", float("nan")))
                metrics[clear["primary"]["metric"]] += 1
            control = arms.get("control")
            if control is not None:
                controls.append(control["verdict"])
        rate = (f"{statistics.median(rates):.1f} [{min(rates):.1f}, {max(rates):.1f}]" if rates else "n/a")
        upper = f"{max(uppers):.1f}" if uppers else "n/a"
        print(f"| {name} | {case['truth']} | {len(case['runs'])} | {tally(verdicts)} | {rate} | {upper} "
              f"| {tally(metrics.elements())} | {tally(controls)} | {tally(statuses)} "
              f"| {spread(shares, 100, '%')} | {spread(costs, 1e-6, ' ms', 2)} | {spread(overall, 100, '%')} |")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print("usage: verdict_tally.py INDEX TITLE INTRO", file=sys.stderr)
        sys.exit(64)
    main(*sys.argv[1:])
