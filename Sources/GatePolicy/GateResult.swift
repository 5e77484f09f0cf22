import GrowthAnalysis
import Model

/// One rule the gate checked.
public struct GateRule: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        case pass, fail, inconclusive
    }

    /// Stable identifier, e.g. `clear-constant`, `noclear-growing`, `baseline:noclear:live_bytes`.
    public var id: GateRuleID
    public var description: String
    public var outcome: Outcome
    public var measured: Double
    /// The limit the measurement was held to (ε, or baseline + allowance).
    public var limit: Double?
    public var baseline: Double?
    public var message: String
}

/// Everything the gate decided, as `gate.json` stores it.
public struct GateResult: Codable, Sendable, Equatable {
    public var schemaVersion = 1
    public var scenario: String
    public var thresholds: GateThresholds
    public var injectedLeakBytes: Int
    public var rules: [GateRule]
    /// Baseline rules whose figure rose beyond the allowance.
    public var regressions: [String]
    /// Baseline figures that fell beyond the allowance (worth a baseline update).
    public var improvements: [String]
    /// The status the gate exits with for this scenario (written as its number).
    public var status: ExitStatus

    enum CodingKeys: String, CodingKey {
        case schemaVersion, scenario, thresholds, injectedLeakBytes, rules, regressions, improvements
        case status = "exitStatus"
    }

    public var passed: Bool { status == .success }

    /// Adds a rule checked after the evaluation (e.g. refusing to loosen a baseline).
    public mutating func append(_ rule: GateRule) {
        rules.append(rule)
        status = GateEvaluator.exitStatus(rules)
    }
}
