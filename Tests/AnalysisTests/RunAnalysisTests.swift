import Foundation
import GrowthAnalysis
import Model
import TestSupport
import Testing

@testable import Analysis
@testable import Reports

@Suite struct RunAnalysisTests {
    @Test func syntheticSixteenByteLeakIsGrowingAtSixteenWithinOne() throws {
        let analysis = RunAnalysis(series: try SamplesCSV.read(syntheticCSV(iterations: 1_000), file: "s.csv"))
        let leaky = try #require(analysis.arm("leaky"))
        #expect(leaky.verdict == .growing)
        #expect(abs(leaky.primary.bytesPerModel - 16) < 1)
        let flat = try #require(analysis.arm("flat"))
        #expect(flat.verdict != .growing)
        #expect(analysis.positiveControl == nil, "no noclear arm, no positive control")
    }

    @Test func positiveControlFailsWhenNoclearDoesNotGrow() throws {
        let results = [sampleResult(.clear, count: 30, slope: 0), sampleResult(.noclear, count: 30, slope: 0)]
        let analysis = RunAnalysis(series: results.map(ArmSeries.init))
        let control = try #require(analysis.positiveControl)
        #expect(!control.passed)
        #expect(control.message.contains("not GROWING"))
    }

    @Test func positiveControlFailsWhenGrowthDisagreesWithTheCensus() throws {
        var noclear = ArmSeries(sampleResult(.noclear, count: 30, slope: 356))
        // Both allocator readings, so that they agree (one thread) and live bytes decide.
        for metric in [Metric.liveBytes, .allocated] { noclear.metrics[metric] = noclear.metrics[metric]!.indices.map { Double(1_000 * $0) } }
        let analysis = RunAnalysis(series: [noclear])
        let control = try #require(analysis.positiveControl)
        #expect(!control.passed)
        #expect(control.failed, "a reference arm with a census is enforced")
        #expect(control.arms.first?.ratio.map { abs($0 - 1_000.0 / 356.0) < 0.01 } == true)
    }

    @Test func negativeControlFailsWhenTheControlArmGrows() throws {
        let flat = sampleResult(.control, count: 30, slope: 0)
        let growing = sampleResult(.control, count: 30, slope: 24)
        let passing = try #require(RunAnalysis(series: [ArmSeries(flat)]).negativeControl)
        #expect(passing.passed && passing.enforced)
        let failing = try #require(RunAnalysis(series: [ArmSeries(growing)]).negativeControl)
        #expect(failing.failed)
        #expect(failing.arms.first?.measuredBytesPerIteration == 24)
        #expect(failing.message.contains("24.0 B/iteration"))
        #expect(RunAnalysis(series: [ArmSeries(growing)]).failedControls.map(\.kind) == [.negative])
    }

    @Test func negativeControlNamesTheLevelItsIntervalWasTakenAt() throws {
        let growing = ArmSeries(sampleResult(.control, count: 30, slope: 24))
        let at975 = try #require(RunAnalysis(series: [growing], alphas: ["control": 0.025]).negativeControl)
        #expect(at975.message.contains("(lower bound 97.5%, upper 95%)"), "\(at975.message)")
        #expect(!at975.message.contains("95% CI"), "\(at975.message)")
        let at95 = try #require(RunAnalysis(series: [growing]).negativeControl)
        #expect(at95.message.contains("95% CI ["), "\(at95.message)")
    }

    @Test func levelsAreWrittenAsPercentages() {
        #expect(Format.level(0.95) == "95%")
        #expect(Format.level(0.975) == "97.5%")
        #expect(Format.level(1 - 0.05 / 4) == "98.75%")
        #expect(Format.interval(ConfidenceInterval(1...2), confidence: 0.95) == "95% CI [1.0, 2.0]")
        #expect(Format.interval(ConfidenceInterval(1...2), confidence: 0.975) == "CI [1.0, 2.0] (lower bound 97.5%, upper 95%)")
    }

    @Test func positiveControlOfALoopWithoutCensusIsReportedNotEnforced() throws {
        var noclear = ArmSeries(sampleResult(.noclear, count: 30, slope: 0))
        noclear.arm = "keras/noclear"
        for metric in [Metric.graphNodes, .arenaUsedBytes, .arenaReservedBytes, .nameEntries] { noclear.metrics[metric] = nil }
        let control = try #require(RunAnalysis(series: [noclear]).positiveControl)
        #expect(!control.passed && !control.enforced, "found by role although relabelled")
        #expect(control.arms.map(\.arm) == ["keras/noclear"])
    }

    @Test func attributionSplitsSeenGrowthFromCensusGrowth() throws {
        var noclear = ArmSeries(sampleResult(.noclear, count: 30, slope: 356))
        // Both allocator readings, so that they agree (one thread) and live bytes decide.
        for metric in [Metric.liveBytes, .allocated] { noclear.metrics[metric] = noclear.metrics[metric]!.indices.map { Double(400 * $0) } }
        let arm = try #require(RunAnalysis(series: [noclear]).arm("noclear"))
        #expect(arm.attribution.seenBytesPerModel == 400)
        #expect(arm.attribution.censusUsedBytesPerModel == 352)
        #expect(arm.attribution.censusReservedBytesPerModel == 356)
        #expect(arm.attribution.unexplainedBytesPerModel == 44)
    }

    @Test func timePerModelLeavesSamplingOutWhenLoopTimeIsRecorded() throws {
        var series = ArmSeries(sampleResult(.clear, count: 30, slope: 0))
        #expect(RunAnalysis(series: [series]).arm("clear")?.nsPerModel == 400, "loop_ns grows 400 ns a model")
        series.loopNs = nil
        #expect(RunAnalysis(series: [series]).arm("clear")?.nsPerModel == 1_000, "elapsed_ns, sampling included")
    }

    /// A source that records elapsed_ns and loop_ns (an outside loop's probe) gets its
    /// sampling share and cost per sample from them; the footer reports both.
    @Test func samplingShareComesFromElapsedAndLoopTime() throws {
        var series = ArmSeries(sampleResult(.clear, count: 30, slope: 0))
        series.elapsedNs = (0..<30).map { 1_000 * $0 }
        series.loopNs = (0..<30).map { 900 * $0 }
        let arm = try #require(RunAnalysis(series: [series]).arms.first)
        #expect(arm.harnessOverheadPercent == 10)
        #expect(arm.nsPerSample == Double(29_000 - 26_100) / 30)
        #expect(ResultTable.text(RunAnalysis(series: [series])).contains("Sampling took clear 10.0% (97 ns a sample) of each arm's time."))
        series.loopNs = nil
        let untimed = try #require(RunAnalysis(series: [series]).arms.first)
        #expect(untimed.harnessOverheadPercent == nil && untimed.nsPerSample == nil)
    }

    @Test func warmUpSamplesAreLeftOut() throws {
        var series = ArmSeries(sampleResult(.clear, count: 30, slope: 0))
        series.metrics[.liveBytes]![0] = 10_000_000  // a warm-up spike
        let arm = try #require(RunAnalysis(series: [series]).arm("clear"))
        #expect(arm.analysedSamples == 28)
        #expect(arm.verdict == .constant)
    }

    @Test func tooFewSamplesIsInconclusiveWithAReason() throws {
        let arm = try #require(RunAnalysis(series: [ArmSeries(sampleResult(.clear, count: 5, slope: 0))]).arm("clear"))
        #expect(arm.verdict == .inconclusive)
        #expect(arm.fit(.liveBytes)?.note?.contains("only 3 samples") == true)
    }

    @Test func aReportBundlesAnalysisIsTheOneItsSummaryHolds() {
        let results = [sampleResult(.clear, count: 30, slope: 0), sampleResult(.noclear, count: 30, slope: 356), sampleResult(.control, count: 30, slope: 0)]
        let bundle = ReportBundle(results: results, settings: DecisionSettings(tolerance: .fixed(4)), alphas: ["clear": 0.025])
        #expect(bundle.analysis.epsilonBytesPerModel == bundle.summary.epsilonBytesPerModel)
        #expect(bundle.analysis.arms == bundle.summary.arms)
        #expect(
            bundle.analysis.positiveControl == bundle.summary.positiveControl,
            "\(String(describing: bundle.analysis.positiveControl)) vs \(String(describing: bundle.summary.positiveControl))")
        #expect(bundle.analysis.negativeControl == bundle.summary.negativeControl)
        #expect(bundle.analysis.arm("clear")?.confidence == 0.975)
    }

    @Test func summaryJSONHasTheDocumentedKeys() throws {
        let bundle = ReportBundle(
            results: [sampleResult(.clear, count: 30, slope: 0), sampleResult(.noclear, count: 30, slope: 356)],
            settings: DecisionSettings(tolerance: .fixed(4)))
        let object = try #require(try JSONSerialization.jsonObject(with: bundle.summary.json()) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 3)
        #expect(object["config"] != nil)
        let environment = try #require(object["environment"] as? [String: Any])
        #expect(environment["jemallocVersion"] as? String == "5.3.0")
        #expect(environment["swiftVersion"] != nil && environment["buildConfiguration"] != nil && environment["host"] != nil)
        let arms = try #require(object["arms"] as? [[String: Any]])
        #expect(arms.map { $0["arm"] as? String } == ["clear", "noclear"])
        #expect(arms.map { $0["verdict"] as? String } == ["CONSTANT", "GROWING"])
        let primary = try #require(arms[1]["primary"] as? [String: Any])
        #expect(primary["metric"] as? String == "live_bytes")
        #expect(primary["bytesPerModel"] as? Double == 356)
        #expect(primary["bytesPerIteration"] as? Double == 356)
        #expect(primary["ci95"] as? [Double] == [356, 356], "the interval is stored as [lower, upper]")
    }

    @Test func svgHasAxesLegendAndVerdicts() {
        let bundle = ReportBundle(
            results: [sampleResult(.clear, count: 30, slope: 0), sampleResult(.noclear, count: 30, slope: 356)],
            settings: DecisionSettings(tolerance: .fixed(4)))
        #expect(bundle.svg.hasPrefix("<svg"))
        #expect(bundle.svg.contains("clear: CONSTANT"))
        #expect(bundle.svg.contains("noclear: GROWING, 356.0 bytes/model"))
        #expect(bundle.svg.contains(">iteration</text>"))
        #expect(bundle.svg.contains("KiB"))
        #expect(bundle.svg.filter { $0 == "\n" }.count > 20)
    }
}

@Suite struct LookScheduleTests {
    @Test func looksDoubleUpToTheMaximumAndSpendAtMostFivePercent() {
        let schedule = LookSchedule(firstLook: 20, maxIterations: 1_280)
        #expect(schedule.looks == [20, 40, 80, 160, 320, 640, 1_280])
        #expect(LookSchedule(firstLook: 20, maxIterations: 100).looks == [20, 40, 80, 100])
        let spent = schedule.looks.indices.map { schedule.alpha(look: $0) }.reduce(0, +)
        #expect(spent < 0.05)
        #expect(schedule.alpha(look: 0) == 0.025)
    }

    @Test func theStandardScheduleAndItsLeastFirstLook() {
        #expect(LookSchedule.standard.looks == [20, 40, 80, 160, 320, 640, 1_280])
        #expect(LookSchedule(firstLook: 5).problems().isEmpty)
        #expect(LookSchedule(firstLook: 4).problems() == ["firstLook must be at least 5 (the analysis needs 5 samples), got 4"])
    }

    /// A look's stricter level moves the lower bound, which decides GROWING; the upper
    /// bound, which decides "does not grow", stays at 95%.
    @Test func aStricterLevelWidensTheInterval() throws {
        let noisy = ArmSeries(sampleResult(.clear, count: 60, slope: 3))
        var jittered = noisy
        jittered.metrics[.liveBytes] = noisy.metrics[.liveBytes]!.enumerated().map { $1 + Double(($0 * 7_919) % 97) }
        let at95 = try #require(RunAnalysis(series: [jittered]).arms.first)
        let at99 = try #require(RunAnalysis(series: [jittered], alphas: ["clear": 0.01]).arms.first)
        #expect(at99.primary.ci95.lower <= at95.primary.ci95.lower && at99.primary.ci95.upper >= at95.primary.ci95.upper)
        let width = { (arm: ArmAnalysis) in arm.primary.ci95.width }
        #expect(width(at99) > width(at95), "the level must reach the interval: \(at95.primary.ci95) vs \(at99.primary.ci95)")
        #expect(at99.primary.ci95.upper == at95.primary.ci95.upper)
        #expect(at99.confidence == 0.99 && at95.confidence == 0.95)
    }

    /// Growth stops an arm only once three looks in a row read it GROWING (steady or
    /// slowing: the shape is reported); flat arms never stop early.
    @Test func growthStopsAnArmAfterThreeAgreeingLooks() throws {
        let growing = try #require(RunAnalysis(series: [ArmSeries(sampleResult(.clear, count: 40, slope: 64))]).arms.first)
        let flat = try #require(RunAnalysis(series: [ArmSeries(sampleResult(.clear, count: 40, slope: 0))]).arms.first)
        #expect(growing.verdict == .growing && flat.verdict == .constant)
        #expect(LookSchedule.agreeingLooks == 3)
        #expect(!LookSchedule.isDecided(growing, growingLooksBefore: 0))
        #expect(!LookSchedule.isDecided(growing, growingLooksBefore: 1))
        #expect(LookSchedule.isDecided(growing, growingLooksBefore: 2))
        #expect(!LookSchedule.isDecided(flat, growingLooksBefore: 5))
        var slowing = growing
        slowing.shape?.kind = .slowing
        #expect(!LookSchedule.isDecided(slowing, growingLooksBefore: 1), "a cache still filling at the second look goes on")
        #expect(LookSchedule.isDecided(slowing, growingLooksBefore: 2), "seen slowing at the third: GROWING (SLOWING), as a fixed run says")
    }
}
