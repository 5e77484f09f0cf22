import Foundation
import GrowthAnalysis
import Model
import TestSupport
import Testing

@testable import Analysis

/// A loop's own metric is fitted per arm like a built-in one: slope, interval, verdict,
/// on the samples where it was recorded; it decides the verdicts only when named.
@Suite struct UserMetricAnalysisTests {
    static let device = Metric(rawValue: "device_bytes")!

    static func series(_ name: String) throws -> [ArmSeries] {
        try SamplesCSV.read(data: UserMetricFixtures.data(name), file: "\(name).csv")
    }

    @Test func eachArmGetsTheExactSlopeAndVerdictOfItsDeviceBytes() throws {
        let analysis = RunAnalysis(series: try Self.series("device_growing"), settings: DecisionSettings(tolerance: .fixed(4)))
        for label in ["clear", "noclear"] {
            let fit = try #require(analysis.arm(label)?.fit(Self.device), "\(label)")
            #expect(fit.perIteration == UserMetricFixtures.deviceBytesPerModel && fit.perModel == UserMetricFixtures.deviceBytesPerModel, "\(label)")
            #expect(fit.ci95.lower == 4096 && fit.ci95.upper == 4096, "\(label): an exact line has a zero-width interval")
            #expect(fit.verdict == .growing && fit.unit == "bytes" && fit.epsilon == 4 && fit.note == nil, "\(label)")
        }
        let control = try #require(analysis.arm("control")?.fit(Self.device))
        #expect(control.perIteration == 0 && control.verdict == .constant)
        // Built-ins are flat and decide: the data's choice never falls on the loop's own metric.
        #expect(analysis.primaryChoice.metric == .liveBytes)
        #expect(analysis.arms.map(\.verdict) == [.constant, .constant, .constant])
        #expect(analysis.arms.allSatisfy { $0.primary.metric == .liveBytes })
    }

    @Test func namedAsPrimaryTheLoopsOwnMetricDecidesTheVerdicts() throws {
        let growing = RunAnalysis(series: try Self.series("device_growing"), settings: DecisionSettings(tolerance: .fixed(4), primary: Self.device))
        #expect(growing.primaryChoice == .named(Self.device))
        #expect(growing.arms.map(\.verdict) == [.growing, .growing, .constant])
        #expect(growing.arms.map(\.primary.metric) == [Self.device, Self.device, Self.device])
        #expect(growing.arm("clear")?.primary.bytesPerModel == 4096)
        #expect(growing.arm("noclear")?.analysedSamples == 40, "every analysed sample counts, recorded or not")
        #expect(growing.negativeControl?.passed == true)
        let flat = RunAnalysis(series: try Self.series("device_flat"), settings: DecisionSettings(tolerance: .fixed(4), primary: Self.device))
        #expect(flat.arms.map(\.verdict) == [.constant, .constant, .constant])
        #expect(flat.arms.map(\.primary.bytesPerModel) == [0, 0, 0])
    }

    @Test func theDataChoosesABuiltInEvenWhenOnlyTheLoopsOwnMetricIsThere() {
        let series = ArmSeries(
            arm: "clear", iterations: Array(0..<10), modelsBuilt: Array(1...10), elapsedNs: nil, warmup: Array(repeating: false, count: 10),
            metrics: [Self.device: (0..<10).map { Double($0) * 8 }])
        #expect(MetricChoice.choose(for: [series]).metric != Self.device)
        #expect(MetricChoice.absence(of: Self.device, in: [series]) == nil)
        #expect(MetricChoice.absence(of: Metric(rawValue: "gpu_bytes")!, in: [series])?.contains("arm \"clear\" has no gpu_bytes column") == true)
    }

    @Test func aCountMetricHasTheCountTolerance() throws {
        let text = "arm,iteration,models_built,live_bytes,open_files\n" + (0..<12).map { "a,\($0),\($0 + 1),64,\(3 * $0)" }.joined(separator: "\n")
        let fit = try #require(
            RunAnalysis(series: try SamplesCSV.read(text, file: "c.csv"), settings: DecisionSettings(tolerance: .fixed(4))).arm("a")?.fit(
                Metric(rawValue: "open_files")!))
        #expect(fit.unit == "units" && fit.epsilon == RunAnalysis.countEpsilon && fit.perModel == 3 && fit.verdict == .growing)
    }

    /// A metric recorded on fewer samples than a fit needs is reported as such, in that
    /// arm only; deciding on it gives INCONCLUSIVE, never a crash or a made-up slope.
    @Test func tooFewRecordedSamplesAreReportedNotFitted() throws {
        let rows =
            (0..<20).map { i in "clear,\(i),\(i + 1),64,\(i % 5 == 0 ? String(1000 + i) : "")" }
            + (0..<20).map { i in "noclear,\(i),\(i + 1),64,\(1000 + 16 * i)" }
        let series = try SamplesCSV.read((["arm,iteration,models_built,live_bytes,device_bytes"] + rows).joined(separator: "\n"), file: "few.csv")
        let analysis = RunAnalysis(series: series, settings: DecisionSettings(tolerance: .fixed(4), primary: Self.device))
        let few = try #require(analysis.arm("clear")?.fit(Self.device))
        #expect(few.verdict == .inconclusive && few.perModel.isNaN)
        #expect(few.note == "only 4 samples after warm-up; at least \(GrowthFit.minimumPoints) are needed (run more iterations or a shorter warm-up)")
        #expect(analysis.arm("clear")?.verdict == .inconclusive)
        #expect(analysis.arm("noclear")?.fit(Self.device)?.perModel == 16 && analysis.arm("noclear")?.verdict == .growing)
    }
}
