"""Tests of Scripts/peer_report.py on a small work folder (Scripts/tests/fixtures/peer).

The fixture's pb-json/*.jmh.json files have the shape of package-benchmark 1.38.1's JMH
export (`baseline read NAME --format jmh`: a list of benchmarks, each with primaryMetric
throughput and secondaryMetrics by name, rawData holding every measured value) with
values chosen for the tests: `leak16-1` is slower by 11% and leaks one malloc per
iteration (Malloc / free Δ 0 → 1, a baseline of 0), `noclear-1` makes 14% fewer mallocs.
Run: python3 -m unittest discover -s Scripts/tests
"""

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import peer_report  # noqa: E402

FIXTURE = os.path.join(HERE, "fixtures", "peer")


def run_main(*arguments):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = peer_report.main(["peer_report.py", *arguments])
    return status, out.getvalue(), err.getvalue()


class PercentileTests(unittest.TestCase):
    def test_nearest_rank_as_hdr_histogram_picks_it(self):
        values = [5, 1, 4, 2, 3]
        self.assertEqual(peer_report.percentile(values, 50), 3)
        self.assertEqual(peer_report.percentile(values, 25), 2)
        self.assertEqual(peer_report.percentile(values, 75), 4)
        self.assertEqual(peer_report.percentile(values, 100), 5)
        self.assertEqual(peer_report.percentile(values, 0), 1)
        self.assertIsNone(peer_report.percentile([], 50))


class DeviationTests(unittest.TestCase):
    def metrics(self, **values):
        return {name.replace("_", " "): dict(values=[v] * 4, unit="#", p50=v) for name, v in values.items()}

    def test_a_baseline_of_zero_moves_by_no_percentage(self):
        moved = peer_report.deviations({"Malloc / free Δ": dict(values=[1] * 4)},
                                       {"Malloc / free Δ": dict(values=[0] * 4)})
        self.assertEqual(moved, [])

    def test_past_five_percent_at_p25_p50_p75_is_worse_or_better(self):
        moved = peer_report.deviations({"Malloc (total)": dict(values=[22.5] * 4)},
                                       {"Malloc (total)": dict(values=[21] * 4)})
        self.assertEqual({d["percentile"] for d in moved}, {"p25", "p50", "p75"})
        self.assertTrue(all(d["direction"] == "worse" for d in moved))
        within = peer_report.deviations({"Malloc (total)": dict(values=[22] * 4)},
                                        {"Malloc (total)": dict(values=[21] * 4)})
        self.assertEqual(within, [], "+4.8% is inside the default 5%")

    def test_less_throughput_is_worse(self):
        moved = peer_report.deviations({"Throughput (# / s)": dict(values=[80] * 4)},
                                       {"Throughput (# / s)": dict(values=[100] * 4)})
        self.assertTrue(moved and all(d["direction"] == "worse" for d in moved))


class ReportTests(unittest.TestCase):
    def setUp(self):
        self.out = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.out)

    def test_report_from_the_json_export(self):
        status, printed, _ = run_main(FIXTURE, "1", self.out, "42")
        self.assertEqual(status, 0)
        with open(os.path.join(self.out, "peer.md"), encoding="utf-8") as handle:
            text = handle.read()
        self.assertEqual(text, printed)
        # The tool's own verdicts, from its exit status and error id.
        leak16 = next(line for line in text.splitlines()
                      if line.startswith("| package-benchmark | clean + 16 B"))
        self.assertIn("| yes | yes 1/1 | no 0/1 | 1 |", leak16, "WORSE, but through time only")
        self.assertIn("`baseline check`: WORSE;", leak16)
        self.assertIn("Time (wall clock) worse 1/1", leak16)
        self.assertNotIn("Malloc / free Δ", leak16, "a baseline of 0 flags nothing")
        noclear = next(line for line in text.splitlines() if line.startswith("| package-benchmark | noclear"))
        self.assertIn("BETTER", noclear)
        self.assertIn("Malloc (total) better 1/1", noclear)
        # Wall time of a check: its run (baseline update) and the check.
        self.assertIn("| 5.5 |", leak16)
        # p50 per variant from the export.
        self.assertIn("| leak16 | 1 | 22 | 2.6e+07 | 1.6 |", text)
        self.assertIn("| clean | 0 | 21 | 2.5e+07 | 1.442 |", text)
        self.assertIn("Total wall time of the script: 42 s.", text)
        with open(os.path.join(self.out, "peer.json"), encoding="utf-8") as handle:
            document = json.load(handle)
        self.assertEqual(document["schemaVersion"], 2)
        self.assertEqual(document["packageBenchmarkP50"]["leak16"]["Malloc / free Δ"]["p50"], 1)
        memloop = [c for c in document["checks"] if c["tool"] == "memloop" and c["loop"] == "noclear"][0]
        self.assertEqual(memloop["results"][0]["verdict"], "GROWING")

    def test_missing_records_is_refused_with_the_cause(self):
        empty = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, empty)
        status, _, err = run_main(empty, "1", self.out, "1")
        self.assertEqual(status, 2)
        self.assertIn("records.tsv is missing", err)
        self.assertEqual(os.listdir(self.out), [], "nothing written")

    def test_an_export_that_is_not_jmh_is_refused(self):
        work = os.path.join(tempfile.mkdtemp(), "work")
        self.addCleanup(shutil.rmtree, os.path.dirname(work))
        shutil.copytree(FIXTURE, work)
        with open(os.path.join(work, "pb-json", "clean.jmh.json"), "w", encoding="utf-8") as handle:
            handle.write('{"not": "a list"}')
        status, _, err = run_main(work, "1", self.out, "1")
        self.assertEqual(status, 2)
        self.assertIn("clean.jmh.json: not a package-benchmark JMH export", err)

    def test_bad_usage_exits_64(self):
        status, _, err = run_main(FIXTURE, "x", self.out)
        self.assertEqual(status, 64)
        self.assertIn("usage:", err)


if __name__ == "__main__":
    unittest.main()
