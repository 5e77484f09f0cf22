"""Tests of Scripts/verdict_tally.py's sampling figures on samples files written here.

Each arm's last row gives its whole time (elapsed_ns, sampling included) and its loop's own
time (loop_ns, sampling left out); the share is their difference over elapsed.
Run: python3 -m unittest discover -s Scripts/tests
"""

import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import verdict_tally  # noqa: E402

HEADER = "arm,iteration,elapsed_ns,loop_ns\n"


class SamplingTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.summary = os.path.join(self.folder, "summary.json")

    def tearDown(self):
        for name in os.listdir(self.folder):
            os.unlink(os.path.join(self.folder, name))
        os.rmdir(self.folder)

    def write(self, rows):
        with open(os.path.join(self.folder, "samples.csv"), "w") as handle:
            handle.write(HEADER + "".join(f"{row}\n" for row in rows))

    def test_clear_share_per_sample_and_all_arms(self):
        # clear: 4 samples, 1,000 ns of 10,000 spent sampling; noclear 500 of 10,000;
        # control 1,500 of 2,000 (a body that does nothing): all arms 3,000 of 22,000.
        self.write(["clear,0,10,10", "clear,1,20,19", "clear,2,30,28", "clear,3,10000,9000",
                    "noclear,0,10,10", "noclear,1,10000,9500",
                    "control,0,10,10", "control,1,2000,500"])
        share, per_sample, overall = verdict_tally.sampling(self.summary)
        self.assertAlmostEqual(share, 0.1)
        self.assertAlmostEqual(per_sample, 250.0)
        self.assertAlmostEqual(overall, 3000 / 22000)

    def test_missing_or_inconsistent_times_give_none(self):
        self.assertIsNone(verdict_tally.sampling(self.summary), "no samples file")
        self.write(["noclear,0,10,10"])
        self.assertIsNone(verdict_tally.sampling(self.summary), "no clear arm")
        self.write(["clear,0,10,20"])
        self.assertIsNone(verdict_tally.sampling(self.summary), "the loop's own time exceeds the whole")


if __name__ == "__main__":
    unittest.main()
