import Analysis
import GrowthAnalysis
import Model
import Reports

/// Applies the gate's rules to an analysed run.
///
/// Absolute rules: the `clear` arm must not grow (its interval's upper bound at most ε:
/// CONSTANT or SHRINKING); the `control` arm must not grow either (negative control: the
/// harness retains nothing; a control that cannot tell yet makes the gate inconclusive,
/// never a pass); the `noclear` arm must
/// pass the positive control where a census predicts its growth (a gate whose
/// measurement is broken must fail, not pass).
/// Baseline rules: each arm's bytes per model, for each gated metric, may not exceed the
/// baseline by more than the tolerance.
package enum GateEvaluator {
    package static func evaluate(
        summary: RunSummary, scenario: String, baseline: Baseline?, thresholds: GateThresholds, injectedLeakBytes: Int
    ) -> GateResult {
        var rules: [GateRule] = []
        var regressions: [String] = [], improvements: [String] = []
        let epsilon = summary.epsilonBytesPerModel
        for clear in summary.arms where clear.role == .clear {
            let outcome: GateRule.Outcome =
                switch clear.verdict {
                case .constant, .shrinking: .pass
                case .growing: .fail
                case .inconclusive: .inconclusive
                }
            let armEpsilon = clear.primary.epsilon ?? epsilon
            rules.append(
                GateRule(
                    id: GateRuleID.clearConstant, description: "with clearSession() memory does not grow beyond ε bytes/model",
                    outcome: outcome, measured: clear.primary.bytesPerModel, limit: armEpsilon, baseline: nil,
                    message:
                        "clear arm is \(clear.verdict.rawValue)\(clear.shape.map { " (\($0.kind.rawValue))" } ?? ""): \(Format.number(clear.primary.bytesPerModel)) \(clear.primary.metric.perModel), "
                        + "\(Format.interval(clear.primary.ci95, confidence: clear.confidence)), grows at most \(Format.number(clear.primary.ci95.upper)) \(clear.primary.metric.perModel), "
                        + "ε = \(Format.number(armEpsilon))"
                ))
        }
        if let control = summary.positiveControl, control.enforced {
            for arm in control.arms {
                rules.append(
                    GateRule(
                        id: GateRuleID.noclearGrowing, description: "without clearSession() memory GROWS as the census predicts (positive control)",
                        outcome: arm.passed ? .pass : .fail, measured: arm.measuredBytesPerModel,
                        limit: arm.censusBytesPerModel, baseline: nil, message: arm.message
                    ))
            }
        }
        if let control = summary.negativeControl {
            for arm in control.arms {
                rules.append(
                    GateRule(
                        id: GateRuleID.controlConstant, description: "a loop that builds nothing does not grow beyond ε bytes/iteration (negative control)",
                        outcome: arm.passed ? .pass : (arm.undecided ? .inconclusive : .fail), measured: arm.measuredBytesPerIteration, limit: epsilon,
                        baseline: nil,
                        message: arm.message
                    ))
            }
        }
        if let baseline {
            rules.append(matchRule(summary: summary, baseline: baseline))
            for arm in summary.arms {
                for metric in baseline.metrics(arm: arm.arm) {
                    guard let reference = baseline.value(arm: arm.arm, metric: metric) else { continue }
                    let id = GateRuleID.baseline(arm: arm.arm, metric: metric)
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
                        regressions.append(id.rawValue)
                        message = "\(Format.number(measured)) \(metric.perModel) exceeds the baseline \(Format.number(reference)) + \(Format.number(allowance))"
                    } else {
                        outcome = .pass
                        if measured < reference - allowance { improvements.append(id.rawValue) }
                        message = "\(Format.number(measured)) \(metric.perModel) within the baseline \(Format.number(reference)) + \(Format.number(allowance))"
                    }
                    rules.append(
                        GateRule(
                            id: id, description: "\(arm.arm) \(metric.rawValue) \(metric.unit)/model no higher than the baseline",
                            outcome: outcome, measured: measured, limit: limit, baseline: reference, message: message
                        ))
                }
            }
        }
        return GateResult(
            scenario: scenario, thresholds: thresholds, injectedLeakBytes: injectedLeakBytes, rules: rules,
            regressions: regressions, improvements: improvements, status: exitStatus(rules)
        )
    }

    /// The baseline must describe this run: the same loop and ε, every arm of the run
    /// present, every figure it holds found in the run. Otherwise its comparisons compare
    /// nothing, and a gate would pass by accident.
    static func matchRule(summary: RunSummary, baseline: Baseline) -> GateRule {
        var problems = baseline.differences(from: summary)
        let runArms = Set(summary.arms.map(\.arm))
        for arm in summary.arms.map(\.arm) where baseline.arms[arm] == nil { problems.append("arm \(arm) is not in the baseline") }
        for (arm, metrics) in baseline.arms.sorted(by: { $0.key < $1.key }) {
            guard runArms.contains(arm) else {
                problems.append("the baseline's arm \"\(arm)\" is not in the run")
                continue
            }
            let fits = summary.arms.first { $0.arm == arm }
            for key in metrics.keys.sorted() {
                guard let metric = Metric(rawValue: key), Baseline.isGated(metric) else {
                    problems.append("the baseline's metric \"\(key)\" (arm \(arm)) is not a gated metric")
                    continue
                }
                if fits?.fit(metric)?.perModel.isFinite != true { problems.append("the run has no \(key) figure for arm \(arm)") }
            }
        }
        if baseline.arms.isEmpty { problems.append("the baseline holds no figures") }
        let hint = "refresh it with `memloop gate --scenario \(baseline.scenario) --update-baseline`"
        return GateRule(
            id: GateRuleID.baselineMatches, description: "the baseline describes this run (same loop, ε, arms and metrics)",
            outcome: problems.isEmpty ? .pass : .fail, measured: Double(problems.count), limit: 0, baseline: nil,
            message: problems.isEmpty ? "the baseline matches the run" : problems.joined(separator: "; ") + "; " + hint
        )
    }

    /// `--update-baseline` without `--allow-loosen`: no figure of the fresh baseline may
    /// exceed the existing one by more than the tolerance.
    package static func loosenRule(fresh: Baseline, existing: Baseline, thresholds: GateThresholds) -> GateRule {
        let loosened = Set(fresh.arms.keys.flatMap(fresh.metrics(arm:))).sorted().flatMap { metric in
            fresh.arms.keys.sorted().compactMap { arm -> String? in
                guard let old = existing.value(arm: arm, metric: metric), let new = fresh.value(arm: arm, metric: metric) else { return nil }
                return new > old + thresholds.tolerance(for: metric).allowance(for: old) ? "\(arm) \(metric.rawValue) \(old) → \(new) \(metric.perModel)" : nil
            }
        }
        return GateRule(
            id: GateRuleID.baselineNotLoosened, description: "updating the baseline does not raise a figure (without --allow-loosen)",
            outcome: loosened.isEmpty ? .pass : .fail, measured: Double(loosened.count), limit: 0, baseline: nil,
            message: loosened.isEmpty
                ? "no figure rises" : "not loosening the baseline: \(loosened.joined(separator: "; ")); pass --allow-loosen if this is intended"
        )
    }

    /// The rule a gate without its baseline file gets: the absolute rules ran on the
    /// measurement; the baseline rules wait for the file (exit 4 when nothing else failed,
    /// so that a gate without a baseline never passes).
    package static func missingBaselineRule(path: String, scenario: String) -> GateRule {
        GateRule(
            id: GateRuleID.baselinePresent, description: "a baseline to hold the figures to",
            outcome: .fail, measured: 0, limit: 0, baseline: nil,
            message: "no baseline at \(path): the absolute rules ran, the baseline rules wait for it; "
                + "create it with `memloop gate --scenario \(scenario) --update-baseline` and commit it"
        )
    }

    /// The most severe status over the rules (see `GateRuleID.status(of:)` and
    /// `ExitStatus.severity`, the one precedence table).
    static func exitStatus(_ rules: [GateRule]) -> ExitStatus {
        ExitStatus.mostSevere(rules.map { $0.id.status(of: $0.outcome) })
    }
}
