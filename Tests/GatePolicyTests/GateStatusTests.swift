import Foundation
import Model
import Testing

@testable import Analysis
@testable import GatePolicy

/// One precedence table decides a gate's exit status, over its rules and over scenarios.
@Suite struct GateStatusTests {
    func rule(_ id: GateRuleID, _ outcome: GateRule.Outcome) -> GateRule {
        GateRule(id: id, description: "", outcome: outcome, measured: 0, limit: nil, baseline: nil, message: "")
    }

    @Test func theMostSevereStatusWins() {
        #expect(ExitStatus.mostSevere([]) == .success)
        #expect(ExitStatus.mostSevere([.success, .inconclusive]) == .inconclusive)
        #expect(ExitStatus.mostSevere([.inconclusive, .baselineInvalid, .success]) == .baselineInvalid)
        #expect(ExitStatus.mostSevere([.baselineInvalid, .regression]) == .regression)
        #expect(ExitStatus.mostSevere([.regression, .measurementBroken, .inconclusive]) == .measurementBroken)
        #expect(ExitStatus.mostSevere([.measurementBroken, .armFailed]) == .armFailed)
        #expect(ExitStatus.mostSevere([.armFailed, .interrupted]) == .interrupted)
        // Every status has a place in the table, and only success ranks at 0.
        #expect(ExitStatus.allCases.filter { $0.severity == 0 } == [.success])
    }

    @Test func aRuleStandsForTheStatusOfItsKind() {
        #expect(GateRuleID.clearConstant.status(of: .fail) == .regression)
        #expect(GateRuleID.baseline(arm: "clear", metric: .allocated).status(of: .fail) == .regression)
        #expect(GateRuleID.controlConstant.status(of: .fail) == .measurementBroken)
        #expect(GateRuleID.noclearGrowing.status(of: .fail) == .measurementBroken)
        #expect(GateRuleID.baselinePresent.status(of: .fail) == .baselineInvalid)
        #expect(GateRuleID.controlConstant.status(of: .inconclusive) == .inconclusive)
        #expect(GateRuleID.clearConstant.status(of: .pass) == .success)
    }

    @Test func aGateExitsWithItsMostSevereRule() {
        #expect(GateEvaluator.exitStatus([rule(.clearConstant, .pass), rule(.controlConstant, .inconclusive)]) == .inconclusive)
        #expect(GateEvaluator.exitStatus([rule(.baselinePresent, .fail), rule(.controlConstant, .inconclusive)]) == .baselineInvalid)
        #expect(GateEvaluator.exitStatus([rule(.baselinePresent, .fail), rule(.clearConstant, .fail)]) == .regression)
        #expect(GateEvaluator.exitStatus([rule(.clearConstant, .fail), rule(.noclearGrowing, .fail)]) == .measurementBroken)
        #expect(GateEvaluator.exitStatus([rule(.clearConstant, .pass)]) == .success)
    }

    /// Typed in Swift, a plain string in gate.json, as before.
    @Test func ruleIdsAreStringsInJSON() throws {
        let data = try JSONEncoder().encode([rule(.baseline(arm: "noclear", metric: .liveBytes), .pass)])
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""id":"baseline:noclear:live_bytes""#), "\(text)")
        let decoded = try JSONDecoder().decode([GateRule].self, from: data)
        #expect(decoded.first?.id == .baseline(arm: "noclear", metric: .liveBytes))
    }

    /// A scenario's own ε, metric and looks win over the command's; the rest come from it.
    @Test func aScenarioOverridesOnlyWhatItSets() {
        var scenario = GateScenario(name: "s", summary: "", loop: .reference(.defaults), epsilon: .fixed(64))
        let command = DecisionSettings(tolerance: .fixed(4), primary: .allocated, looks: .standard)
        #expect(scenario.settings(over: command) == DecisionSettings(tolerance: .fixed(64), primary: .allocated, looks: .standard))
        scenario.primary = .liveBytes
        scenario.schedule = LookSchedule(firstLook: 40, maxIterations: 160)
        #expect(
            scenario.settings(over: command)
                == DecisionSettings(tolerance: .fixed(64), primary: .liveBytes, looks: LookSchedule(firstLook: 40, maxIterations: 160)))
        #expect(GateScenario(name: "s", summary: "", loop: .reference(.defaults)).settings(over: command) == command)
    }

    @Test func decisionSettingsAreValidatedOnce() {
        #expect(DecisionSettings.standard.problems().isEmpty)
        let bad = DecisionSettings(tolerance: .fixed(-1), looks: LookSchedule(firstLook: 2, maxIterations: 1))
        let problems = bad.problems(naming: .flag)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("--tolerance must be between 0") })
        #expect(problems.contains { $0.contains("--first-look") })
    }
}
