import Analysis
import Model

/// A gate rule's identifier, as `gate.json` and JUnit name it (a plain string in JSON):
/// one of the absolute rules, or `baseline:<arm>:<metric>` for a figure held to its
/// baseline. Typed, so that which rules are controls — and so which exit status a failure
/// means — is decided here, not by comparing strings where the status is computed.
package struct GateRuleID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    package var rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }
    package init(stringLiteral value: String) { rawValue = value }

    package var description: String { rawValue }

    /// The `clear` arm does not grow beyond ε.
    package static let clearConstant: GateRuleID = "clear-constant"
    /// The positive control: the reference loop's `noclear` arm grows as its census says.
    package static let noclearGrowing: GateRuleID = "noclear-growing"
    /// The negative control: the `control` arm, building nothing, does not grow.
    package static let controlConstant: GateRuleID = "control-constant"
    /// The baseline describes the run: same loop and ε, and every key matches.
    package static let baselineMatches: GateRuleID = "baseline-matches"
    /// No baseline yet: the absolute rules ran, the baseline rules wait for one.
    package static let baselinePresent: GateRuleID = "baseline-present"
    /// `--update-baseline` without `--allow-loosen` did not raise a figure.
    package static let baselineNotLoosened: GateRuleID = "baseline-not-loosened"

    /// One arm's figure of one metric, held to the baseline's.
    package static func baseline(arm: String, metric: Metric) -> GateRuleID { GateRuleID(rawValue: "baseline:\(arm):\(metric.rawValue)") }

    /// The controls: when one fails the measurement itself is broken.
    package var isControl: Bool { self == .noclearGrowing || self == .controlConstant }

    /// The exit status a rule with this identifier and `outcome` stands for; a gate exits
    /// with the most severe over its rules (`ExitStatus.severity`).
    package func status(of outcome: GateRule.Outcome) -> ExitStatus {
        switch outcome {
        case .pass: .success
        case .inconclusive: .inconclusive
        case .fail: isControl ? .measurementBroken : (self == .baselinePresent ? .baselineInvalid : .regression)
        }
    }
}
