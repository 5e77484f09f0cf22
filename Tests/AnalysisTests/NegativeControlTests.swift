import Analysis
import GrowthAnalysis
import Model
import TestSupport
import Testing

/// The negative control tells a runtime's one-off event from retention per iteration.
@Suite struct NegativeControlTests {
    /// A control arm (40 samples, 2 of warm-up) whose allocator readings are `values`.
    func control(_ values: (Int) -> Double) -> ArmSeries {
        var series = ArmSeries(sampleResult(.control, count: 40, slope: 0))
        for metric in [Metric.liveBytes, .allocated] { series.metrics[metric] = (0..<40).map(values) }
        return series
    }

    func check(_ series: ArmSeries) throws -> ControlArmCheck {
        try #require(RunAnalysis(series: [series]).negativeControl?.arms.first)
    }

    @Test func oneStepOfAnotherThreadIsNotRetention() throws {
        let result = try check(control { 1_000_000 + ($0 >= 14 ? 4_000 : 0) })
        #expect(result.passed && !result.undecided)
        #expect(result.message.contains("one lasting step of +4000.0 B at iteration 14"), "\(result.message)")
    }

    @Test func aHarnessThatKeepsEightBytesEveryIterationFails() throws {
        let result = try check(control { 1_000_000 + 8 * Double($0) })
        #expect(!result.passed && !result.undecided)
        #expect(result.verdict == .growing && result.measuredBytesPerIteration == 8)
        #expect(result.message.contains("keeps memory again and again"))
        #expect(RunAnalysis(series: [control { 1_000_000 + 8 * Double($0) }]).failedControls.map(\.kind) == [.negative])
    }

    /// In a runtime's 300 MB heap too: any steady retention in the control is the harness's.
    @Test func aHarnessThatKeepsEightBytesEveryIterationFailsInABigHeap() throws {
        let result = try check(control { 300_000_000 + 8 * Double($0) })
        #expect(!result.passed && result.verdict == .growing && result.measuredBytesPerIteration == 8)
    }

    @Test func repeatedStepsFail() throws {
        let result = try check(control { 1_000_000 + 4_000 * Double($0 / 5) })
        #expect(!result.passed && !result.undecided && result.verdict == .growing)
    }

    @Test func aShrinkingControlPassesWithoutBlame() throws {
        let result = try check(control { 1_000_000 - 100 * Double($0) })
        #expect(result.passed && result.verdict == .shrinking)
        #expect(result.message.contains("does not grow") && !result.message.contains("retain"))
    }

    /// A late step cannot be told from the first chunk of a leak: undecided, not failed.
    @Test func aControlThatCannotTellIsUndecidedNotFailed() throws {
        let series = control { 1_000_000 + ($0 >= 37 ? 4_000 : 0) }
        let result = try check(series)
        #expect(!result.passed && result.undecided && result.verdict == .inconclusive)
        #expect(result.message.contains("cannot tell yet"))
        #expect(RunAnalysis(series: [series]).failedControls.isEmpty, "undecided does not make run exit 7")
    }
}
