import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis
@testable import GatePolicy
@testable import Reports

/// A loop's own metric is gated like `allocated`: a baseline records it, a run that
/// exceeds it regresses, `--metric-tolerance` widens it, and a run without it cannot
/// pass against a baseline that has it.
@Suite struct UserMetricGateTests {
    static let device = Metric(rawValue: "device_bytes")!

    static func summary(_ name: String, without metric: Metric? = nil) throws -> RunSummary {
        var series = try SamplesCSV.read(data: UserMetricFixtures.data(name), file: "\(name).csv")
        if let metric {
            series = series.map {
                var arm = $0
                arm.metrics[metric] = nil
                return arm
            }
        }
        return ReportBundle(series: series, settings: DecisionSettings(tolerance: .fixed(4))).summary
    }

    static func evaluate(_ summary: RunSummary, against baseline: Baseline, thresholds: GateThresholds = .default) -> GateResult {
        GateEvaluator.evaluate(summary: summary, scenario: "device", baseline: baseline, thresholds: thresholds, injectedLeakBytes: 0)
    }

    @Test func aBaselineRecordsTheLoopsOwnMetricBesideTheBuiltIns() throws {
        let baseline = Baseline(scenario: "device", summary: try Self.summary("device_flat"))
        #expect(baseline.arms["clear"] == ["live_bytes": 0, "allocated": 0, "device_bytes": 0])
        #expect(baseline.metrics(arm: "noclear") == [.liveBytes, .allocated, Self.device])
        let json = String(decoding: try baseline.json(), as: UTF8.self)
        #expect(json.contains("\"device_bytes\" : 0"), "\(json)")
        #expect(try JSONDecoder().decode(Baseline.self, from: baseline.json()) == baseline)
    }

    @Test func growthOfTheLoopsOwnMetricFailsTheGateAndAFlatRunPasses() throws {
        let baseline = Baseline(scenario: "device", summary: try Self.summary("device_flat"))
        let flat = Self.evaluate(try Self.summary("device_flat"), against: baseline)
        #expect(flat.passed && flat.status == .success, "\(flat.rules.map(\.message))")
        #expect(flat.rules.contains { $0.id == "baseline:clear:device_bytes" && $0.outcome == .pass })

        let growing = Self.evaluate(try Self.summary("device_growing"), against: baseline)
        #expect(growing.status == .regression)
        #expect(growing.regressions == ["baseline:clear:device_bytes", "baseline:noclear:device_bytes"])
        let rule = try #require(growing.rules.first { $0.id == "baseline:clear:device_bytes" })
        #expect(rule.outcome == .fail && rule.measured == 4096 && rule.baseline == 0 && rule.limit == 8)
        #expect(rule.message == "4096.0 B/model exceeds the baseline 0.0 + 8.0")
        #expect(rule.description == "clear device_bytes bytes/model no higher than the baseline")
        #expect(growing.rules.first { $0.id == "baseline:control:device_bytes" }?.outcome == .pass)
        #expect(growing.rules.first { $0.id == "clear-constant" }?.outcome == .pass, "live_bytes decides the clear rule; device_bytes is gated by its baseline")
    }

    @Test func aToleranceForTheLoopsOwnMetricWidensOnlyIt() throws {
        let baseline = Baseline(scenario: "device", summary: try Self.summary("device_flat"))
        var thresholds = GateThresholds.default
        thresholds.overrides[Self.device] = Tolerance(relative: 0.05, absolute: 5000)
        let result = Self.evaluate(try Self.summary("device_growing"), against: baseline, thresholds: thresholds)
        #expect(result.passed, "\(result.rules.map(\.message))")
        #expect(result.rules.first { $0.id == "baseline:clear:device_bytes" }?.limit == 5000)
        #expect(result.rules.first { $0.id == "baseline:clear:live_bytes" }?.limit == 8)
        // Updating the baseline from the growing run raises the figure: refused without --allow-loosen.
        let loosen = GateEvaluator.loosenRule(
            fresh: Baseline(scenario: "device", summary: try Self.summary("device_growing")), existing: baseline, thresholds: .default)
        #expect(loosen.outcome == .fail)
        #expect(loosen.message.contains("clear device_bytes 0.0 → 4096.0 B/model; noclear device_bytes 0.0 → 4096.0 B/model"), "\(loosen.message)")
    }

    /// A run without a metric the baseline has fails `baseline-matches` and leaves that
    /// metric's rule inconclusive — the same for the loop's own metric as for a built-in.
    @Test(arguments: ["device_bytes", "allocated"])
    func aRunMissingAMetricOfTheBaselineCannotPass(name: String) throws {
        let metric = try #require(Metric(rawValue: name))
        let baseline = Baseline(scenario: "device", summary: try Self.summary("device_flat"))
        let result = Self.evaluate(try Self.summary("device_flat", without: metric), against: baseline)
        #expect(result.status == .regression)
        let match = try #require(result.rules.first { $0.id == "baseline-matches" })
        #expect(match.outcome == .fail)
        #expect(match.message.contains("the run has no \(name) figure for arm clear"), "\(match.message)")
        #expect(result.rules.first { $0.id.rawValue == "baseline:clear:\(name)" }?.outcome == .inconclusive)
        #expect(result.rules.first { $0.id.rawValue == "baseline:clear:\(name)" }?.message == "no figure for \(name) in arm clear")
    }
}
