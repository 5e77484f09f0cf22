import Foundation
import GrowthAnalysis
import Harness
import Model
import TestSupport
import Testing

@testable import Analysis
@testable import GatePolicy
@testable import Reports

@Suite struct GateEvaluatorTests {
    func summary(clearSlope: Int, noclearSlope: Int) -> RunSummary {
        ReportBundle(
            results: [sampleResult(.clear, count: 40, slope: clearSlope), sampleResult(.noclear, count: 40, slope: noclearSlope)],
            settings: DecisionSettings(tolerance: .fixed(4))
        ).summary
    }

    /// "Does it grow?" — a shrinking clear arm answers no: the gate passes.
    @Test func aShrinkingClearArmPasses() {
        let result = GateEvaluator.evaluate(
            summary: summary(clearSlope: -24, noclearSlope: 356), scenario: "s", baseline: nil, thresholds: .default, injectedLeakBytes: 0)
        #expect(result.rules.first?.outcome == .pass)
        #expect(result.rules.first?.message.contains("clear arm is SHRINKING") == true)
        #expect(result.rules.first?.message.contains("grows at most -24.0 B/model") == true, "\(result.rules.first?.message ?? "")")
        #expect(result.passed)
    }

    @Test func cleanRunPassesWithoutABaseline() {
        let result = GateEvaluator.evaluate(
            summary: summary(clearSlope: 0, noclearSlope: 356), scenario: "s", baseline: nil, thresholds: .default, injectedLeakBytes: 0)
        #expect(result.rules.map(\.id) == ["clear-constant", "noclear-growing"])
        #expect(result.passed)
    }

    @Test func aGrowingControlArmFailsTheGateAsABrokenMeasurement() {
        let summary = ReportBundle(
            results: [sampleResult(.clear, count: 40, slope: 0), sampleResult(.noclear, count: 40, slope: 356), sampleResult(.control, count: 40, slope: 24)],
            settings: DecisionSettings(tolerance: .fixed(4))
        ).summary
        let result = GateEvaluator.evaluate(summary: summary, scenario: "s", baseline: nil, thresholds: .default, injectedLeakBytes: 0)
        #expect(result.rules.map(\.id) == ["clear-constant", "noclear-growing", "control-constant"])
        #expect(result.rules.last?.outcome == .fail)
        #expect(result.status == .measurementBroken)
    }

    @Test func messagesNameTheLevelEachArmWasAnalysedAt() throws {
        let summary = ReportBundle(
            results: [sampleResult(.clear, count: 40, slope: 0), sampleResult(.noclear, count: 40, slope: 356), sampleResult(.control, count: 40, slope: 24)],
            settings: DecisionSettings(tolerance: .fixed(4)), alphas: ["clear": 0.025, "control": 0.025]
        ).summary
        let result = GateEvaluator.evaluate(summary: summary, scenario: "s", baseline: nil, thresholds: .default, injectedLeakBytes: 0)
        for id: GateRuleID in [.clearConstant, .controlConstant] {
            let message = try #require(result.rules.first { $0.id == id }?.message)
            #expect(message.contains("(lower bound 97.5%, upper 95%)"), "\(id): \(message)")
            #expect(!message.contains("95% CI"), "\(id): \(message)")
        }
    }

    @Test(arguments: ["Clear", "clear"])
    func aBaselineWhoseKeysMatchNothingFailsTheGate(armKey: String) throws {
        let reference = summary(clearSlope: 0, noclearSlope: 356)
        var baseline = Baseline(scenario: "s", summary: reference)
        if armKey == "Clear" {
            baseline.arms["Clear"] = baseline.arms.removeValue(forKey: "clear")
        } else {
            baseline.arms["clear"] = ["liveBytes": 0]
        }
        let result = GateEvaluator.evaluate(summary: reference, scenario: "s", baseline: baseline, thresholds: .default, injectedLeakBytes: 0)
        let rule = try #require(result.rules.first { $0.id == "baseline-matches" })
        #expect(rule.outcome == .fail)
        #expect(!result.passed)
        let empty = Baseline(
            scenario: "s", summary: RunSummary(source: .run, config: nil, environment: reference.environment, analysis: RunAnalysis(series: [])))
        #expect(GateEvaluator.evaluate(summary: reference, scenario: "s", baseline: empty, thresholds: .default, injectedLeakBytes: 0).passed == false)
    }

    @Test func aBaselineOfAnotherConfigurationOrEpsilonFailsTheGate() {
        let reference = summary(clearSlope: 0, noclearSlope: 356)
        var baseline = Baseline(scenario: "s", summary: reference)
        #expect(GateEvaluator.evaluate(summary: reference, scenario: "s", baseline: baseline, thresholds: .default, injectedLeakBytes: 0).passed)
        baseline.epsilonBytesPerModel = 64
        let wider = GateEvaluator.evaluate(summary: reference, scenario: "s", baseline: baseline, thresholds: .default, injectedLeakBytes: 0)
        #expect(wider.rules.first { $0.id == "baseline-matches" }?.message.contains("ε is 4.0 B/model, the baseline's 64.0") == true)
        baseline.epsilonBytesPerModel = 4
        baseline.config?.layers = 50
        #expect(!GateEvaluator.evaluate(summary: reference, scenario: "s", baseline: baseline, thresholds: .default, injectedLeakBytes: 0).passed)
    }

    @Test func refusingToLoosenIsAFailedRule() {
        let reference = summary(clearSlope: 0, noclearSlope: 356)
        var existing = Baseline(scenario: "s", summary: reference)
        existing.arms["noclear"]!["live_bytes"] = 100
        let rule = GateEvaluator.loosenRule(fresh: Baseline(scenario: "s", summary: reference), existing: existing, thresholds: .default)
        #expect(rule.outcome == .fail)
        #expect(rule.message.contains("noclear live_bytes 100.0 → 356.0 B/model"))
        var result = GateEvaluator.evaluate(summary: reference, scenario: "s", baseline: nil, thresholds: .default, injectedLeakBytes: 0)
        result.append(rule)
        #expect(result.status == .regression)
    }

    @Test func growingClearArmIsARegression() {
        let result = GateEvaluator.evaluate(
            summary: summary(clearSlope: 16, noclearSlope: 356), scenario: "s", baseline: nil, thresholds: .default, injectedLeakBytes: 16)
        #expect(result.status == .regression)
        #expect(result.rules.first { $0.id == "clear-constant" }?.outcome == .fail)
    }

    @Test func brokenPositiveControlOutranksEverything() {
        let result = GateEvaluator.evaluate(
            summary: summary(clearSlope: 16, noclearSlope: 0), scenario: "s", baseline: nil, thresholds: .default, injectedLeakBytes: 0)
        #expect(result.status == .measurementBroken)
    }

    @Test func baselineRulesFindRegressionsAndImprovements() {
        let reference = summary(clearSlope: 0, noclearSlope: 356)
        var baseline = Baseline(scenario: "s", summary: reference)
        #expect(baseline.value(arm: "noclear", metric: .liveBytes) == 356)
        baseline.arms["noclear"]!["live_bytes"] = 300  // measured 356 > 300 + 30
        baseline.arms["noclear"]!["allocated"] = 500  // measured 356 < 500 − 50
        let result = GateEvaluator.evaluate(summary: reference, scenario: "s", baseline: baseline, thresholds: .default, injectedLeakBytes: 0)
        #expect(result.regressions == ["baseline:noclear:live_bytes"])
        #expect(result.improvements == ["baseline:noclear:allocated"])
        #expect(result.status == .regression)
        let relaxed = GateEvaluator.evaluate(summary: reference, scenario: "s", baseline: baseline, thresholds: .relaxed, injectedLeakBytes: 0)
        #expect(relaxed.regressions.isEmpty, "25% of 300 = 75 allows 356")
    }

    @Test func aBaselineFromOtherVersionsIsPointedOut() {
        let reference = summary(clearSlope: 0, noclearSlope: 356)
        var baseline = Baseline(scenario: "s", summary: reference)
        #expect(baseline.versionMismatch(with: reference.environment) == nil)
        baseline.swiftVersion = "5.10"
        #expect(baseline.versionMismatch(with: reference.environment)?.contains("Swift 5.10 (now ") == true)
    }

    @Test func perMetricOverridesApply() {
        var thresholds = GateThresholds.strict
        thresholds.overrides[.liveBytes] = Tolerance(relative: 0.5, absolute: 0)
        #expect(thresholds.tolerance(for: .liveBytes).allowance(for: 100) == 50)
        #expect(thresholds.tolerance(for: .allocated).allowance(for: 100) == 2)
    }

    @Test func presetsAreFoundByName() {
        #expect(GateThresholds.preset(named: "strict") == .strict)
        #expect(GateThresholds.preset(named: "default") == .default)
        #expect(GateThresholds.preset(named: "relaxed") == .relaxed)
        #expect(GateThresholds.preset(named: "Strict") == nil)
    }

    @Test func junitHasOneTestCasePerRule() {
        let result = GateEvaluator.evaluate(
            summary: summary(clearSlope: 16, noclearSlope: 356), scenario: "s", baseline: nil, thresholds: .default, injectedLeakBytes: 16)
        let xml = GateReport.junit(result)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == result.rules.count)
        #expect(xml.contains("tests=\"2\" failures=\"1\""))
        #expect(xml.hasPrefix("<?xml"))
    }
}

@Suite struct TextTableTests {
    @Test func columnsArePaddedAndRuledButTheLastIsLeftFree() {
        let text = TextTable.render([["rule", "result", "detail"], ["clear-constant", "PASS", "a long message"], ["x", "FAIL", ""]])
        #expect(
            text.split(separator: "\n", omittingEmptySubsequences: false) == [
                "rule            result  detail", "--------------  ------  ------", "clear-constant  PASS    a long message", "x               FAIL",
            ])
    }

    @Test func theGateTableKeepsItsColumns() {
        let result = GateEvaluator.evaluate(
            summary: ReportBundle(
                results: [sampleResult(.clear, count: 40, slope: 0), sampleResult(.noclear, count: 40, slope: 356)],
                settings: DecisionSettings(tolerance: .fixed(4))
            )
            .summary,
            scenario: "s", baseline: nil, thresholds: .default, injectedLeakBytes: 0)
        let lines = GateReport.text(result).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("rule             result  measured  limit  detail"))
        #expect(lines[1].hasPrefix("---------------  ------  --------  -----  ------"))
        #expect(lines[2].hasPrefix("clear-constant   PASS    0.0       4.0    clear arm is CONSTANT"))
        #expect(Format.percent(0.125) == "12.5%" && Format.percent(.nan) == "n/a")
    }
}
