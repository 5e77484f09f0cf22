import GrowthAnalysis
import Model

/// One rule the gate checked.
package struct GateRule: Codable, Sendable, Equatable {
    package enum Outcome: String, Codable, Sendable {
        case pass, fail, inconclusive
    }

    /// Stable identifier, e.g. `clear-constant`, `noclear-growing`, `baseline:noclear:live_bytes`.
    package var id: GateRuleID
    package var description: String
    package var outcome: Outcome
    package var measured: Double
    /// The limit the measurement was held to (ε, or baseline + allowance).
    package var limit: Double?
    package var baseline: Double?
    package var message: String
}

/// Everything the gate decided, as `gate.json` stores it.
package struct GateResult: Codable, Sendable, Equatable {
    package var schemaVersion = 1
    package var scenario: String
    package var thresholds: GateThresholds
    package var injectedLeakBytes: Int
    package var rules: [GateRule]
    /// Baseline rules whose figure rose beyond the allowance.
    package var regressions: [String]
    /// Baseline figures that fell beyond the allowance (worth a baseline update).
    package var improvements: [String]
    /// The status the gate exits with for this scenario (written as its number).
    package var status: ExitStatus

    enum CodingKeys: String, CodingKey {
        case schemaVersion, scenario, thresholds, injectedLeakBytes, rules, regressions, improvements
        case status = "exitStatus"
    }

    package var passed: Bool { status == .success }

    /// Adds a rule checked after the evaluation (e.g. refusing to loosen a baseline).
    package mutating func append(_ rule: GateRule) {
        rules.append(rule)
        status = GateEvaluator.exitStatus(rules)
    }
}
