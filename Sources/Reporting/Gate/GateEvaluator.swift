import GrowthAnalysis

/// Applies the gate's rules to an analysed run.
///
/// Absolute rules: the `clear` arm must be CONSTANT within ε; the `noclear` arm must pass
/// the positive control (a gate whose measurement is broken must fail, not pass).
/// Baseline rules: each arm's bytes per model, for each gated metric, may not exceed the
/// baseline by more than the tolerance.
public enum GateEvaluator {
    public static func evaluate(
        summary: RunSummary, scenario: String, baseline: Baseline?, thresholds: GateThresholds, injectedLeakBytes: Int
    ) -> GateResult {
        var rules: [GateRule] = []
        var regressions: [String] = [], improvements: [String] = []
        let epsilon = summary.epsilonBytesPerModel
        if let clear = summary.arms.first(where: { $0.arm == "clear" }) {
            let outcome: GateRule.Outcome = switch clear.verdict {
            case .constant: .pass
            case .growing: .fail
            case .inconclusive: .inconclusive
            }
            rules.append(GateRule(
                id: "clear-constant", description: "with clearSession() memory is CONSTANT within ±ε bytes/model",
                outcome: outcome, measured: clear.primary.bytesPerModel, limit: epsilon, baseline: nil,
                message: "clear arm is \(clear.verdict.rawValue): \(Format.number(clear.primary.bytesPerModel)) B/model, "
                    + "95% CI \(Format.interval(clear.primary.ci95)), ε = \(Format.number(epsilon))"
            ))
        }
        if let control = summary.positiveControl {
            rules.append(GateRule(
                id: "noclear-growing", description: "without clearSession() memory GROWS as the census predicts (positive control)",
                outcome: control.passed ? .pass : .fail, measured: control.measuredBytesPerModel,
                limit: control.censusBytesPerModel, baseline: nil, message: control.message
            ))
        }
        if let baseline {
            for arm in summary.arms {
                for metric in Baseline.gatedMetrics {
                    guard let reference = baseline.value(arm: arm.arm, metric: metric) else { continue }
                    let id = "baseline:\(arm.arm):\(metric.rawValue)"
                    let measured = arm.fit(metric)?.perModel ?? .nan
                    let allowance = thresholds.tolerance(for: metric).allowance(for: reference)
                    let limit = reference + allowance
                    let outcome: GateRule.Outcome
                    let message: String
                    if !measured.isFinite {
                        outcome = .inconclusive
                        message = "no figure for \(metric.rawValue) in arm \(arm.arm)"
                    } else if measured > limit {
                        outcome = .fail
                        regressions.append(id)
                        message = "\(Format.number(measured)) B/model exceeds the baseline \(Format.number(reference)) + \(Format.number(allowance))"
                    } else {
                        outcome = .pass
                        if measured < reference - allowance { improvements.append(id) }
                        message = "\(Format.number(measured)) B/model within the baseline \(Format.number(reference)) + \(Format.number(allowance))"
                    }
                    rules.append(GateRule(
                        id: id, description: "\(arm.arm) \(metric.rawValue) bytes/model no higher than the baseline",
                        outcome: outcome, measured: measured, limit: limit, baseline: reference, message: message
                    ))
                }
            }
        }
        return GateResult(
            scenario: scenario, thresholds: thresholds, injectedLeakBytes: injectedLeakBytes, rules: rules,
            regressions: regressions, improvements: improvements, exitStatus: exitStatus(rules).rawValue
        )
    }

    /// A broken measurement outranks a regression, which outranks an inconclusive verdict.
    static func exitStatus(_ rules: [GateRule]) -> ExitStatus {
        if rules.contains(where: { $0.id == "noclear-growing" && $0.outcome == .fail }) { return .measurementBroken }
        if rules.contains(where: { $0.outcome == .fail }) { return .regression }
        if rules.contains(where: { $0.outcome == .inconclusive }) { return .inconclusive }
        return .success
    }
}
