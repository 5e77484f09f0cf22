#!/usr/bin/env python3
"""One row per framework run, from `memloop analyze`'s summary.json of each committed
samples file (Scripts/frameworks_table.sh): each arm's verdict, bytes/iteration, upper
bound and ε, the metric that decided, and the clear arm's time per model.

Usage: frameworks_table.py NAME=SUMMARY_JSON..."""
import json
import sys


def cell(arm):
    primary = arm["primary"]
    upper = primary.get("growsAtMostBytesPerModel")
    text = f"{arm['verdict']} {primary['bytesPerIteration']:.1f}"
    extras = []
    if upper is not None:
        extras.append(f"at most {upper:.1f}")
    if primary.get("epsilon") is not None:
        extras.append(f"ε {primary['epsilon']:.1f}")
    return text + (f" ({', '.join(extras)})" if extras else "")


def main(pairs):
    print("| run | metric (chosen) | clear | noclear | control | time/model (clear) |")
    print("|---|---|---|---|---|---|")
    for pair in pairs:
        name, path = pair.split("=", 1)
        with open(path) as handle:
            summary = json.load(handle)
        arms = {arm["arm"]: arm for arm in summary["arms"]}
        metric = summary.get("primaryChoice", {}).get("metric", "?")
        clear = arms.get("clear", {})
        ns = clear.get("nsPerModel")
        time = f"{ns / 1e6:.2f} ms" if ns else "n/a"
        control = arms.get("control")
        passed = summary.get("negativeControl", {}).get("passed")
        control_cell = (cell(control) + (", passed" if passed else ", FAILED")) if control else "n/a"
        print(f"| {name} | {metric} | {cell(clear) if clear else 'n/a'} | "
              f"{cell(arms['noclear']) if 'noclear' in arms else 'n/a'} | {control_cell} | {time} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(64)
    main(sys.argv[1:])
