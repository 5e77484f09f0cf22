import Foundation
import GrowthAnalysis
import Model

/// A control's finding for one arm.
public struct ControlArmCheck: Codable, Sendable, Equatable {
    /// The arm's label (`noclear`, `keras/control`, …).
    public var arm: String
    public var passed: Bool
    /// Neither passed nor failed: the arm cannot tell yet (a negative control that is
    /// INCONCLUSIVE). Not a broken measurement; a gate is inconclusive on it.
    public var undecided: Bool
    public var verdict: Verdict
    public var measuredBytesPerIteration: Double
    public var measuredBytesPerModel: Double
    /// The census's reserved bytes per model, for the reference loop.
    public var censusBytesPerModel: Double?
    /// Measured ÷ census.
    public var ratio: Double?
    public var message: String

    /// The accepted band for measured ÷ census: chunk granularity and array headers
    /// make the allocator see a little more than the records hold.
    public static let acceptedRatio = 0.75...1.5

    /// The negative control: the arm, which builds nothing, must not grow.
    ///
    /// It fails only on growth: retention every iteration, or repeated steps. A single
    /// lasting step — another thread's buffer, a runtime's lazy initialisation — is a
    /// one-off event, left out of the rate (`LastingStep`), not the harness retaining
    /// memory. A control that shrinks passes (the runtime settles). One that cannot tell
    /// yet is undecided: not a failure of the measurement (it does not make `run` exit 7),
    /// but a gate cannot pass on it.
    static func negative(_ arm: ArmAnalysis) -> ControlArmCheck {
        let perIteration = arm.primary.bytesPerIteration
        let metric = arm.primary.metric.rawValue
        let epsilon = arm.primary.epsilon ?? RunAnalysis.defaultEpsilon
        let interval = Format.interval(arm.primary.ci95, confidence: arm.confidence)
        let step =
            arm.primary.oneOffStep.map {
                " (one lasting step of \(Format.signedBytes($0.size)) at iteration \(Int($0.x)), a one-off event, is left out of the rate)"
            } ?? ""
        let passed = arm.verdict.isNotGrowing
        let undecided = arm.verdict == .inconclusive
        let message: String
        switch arm.verdict {
        case .constant, .shrinking:
            message =
                "the \(arm.arm) arm (building nothing) does not grow: \(arm.verdict.rawValue), \(Format.bytes(perIteration))/iteration on \(metric)"
                + ", at most \(Format.bytes(arm.primary.ci95.upper))/iteration\(step)"
        case .inconclusive:
            message =
                "the \(arm.arm) arm (building nothing) cannot tell yet: \(Format.bytes(perIteration))/iteration on \(metric) (\(interval), ε = \(Format.number(epsilon)))\(step); "
                + "its noise or a late change of level leaves growth open — run more iterations (or --until-decided) to decide"
        case .growing:
            message =
                "the \(arm.arm) arm builds nothing yet is GROWING at \(Format.bytes(perIteration))/iteration (\(interval), ε = \(Format.number(epsilon))) on \(metric): "
                + "something — the harness or the runtime — keeps memory again and again (every iteration, or in repeated steps), "
                + "and every other arm includes it"
        }
        return ControlArmCheck(
            arm: arm.arm, passed: passed, undecided: undecided, verdict: arm.verdict, measuredBytesPerIteration: perIteration,
            measuredBytesPerModel: arm.primary.bytesPerModel, censusBytesPerModel: nil, ratio: nil, message: message
        )
    }

    /// The positive control: the arm must be GROWING, at the census's rate when there is one.
    static func positive(_ arm: ArmAnalysis) -> ControlArmCheck {
        let measured = arm.primary.bytesPerModel
        let census = arm.attribution.censusReservedBytesPerModel
        func result(_ passed: Bool, ratio: Double? = nil, _ message: String) -> ControlArmCheck {
            ControlArmCheck(
                arm: arm.arm, passed: passed, undecided: false, verdict: arm.verdict, measuredBytesPerIteration: arm.primary.bytesPerIteration,
                measuredBytesPerModel: measured, censusBytesPerModel: census, ratio: ratio, message: message
            )
        }
        guard arm.verdict == .growing else {
            guard census != nil else {
                return result(false, "the \(arm.arm) arm is \(arm.verdict.rawValue) without a reset (no census to hold it to: reported, not enforced)")
            }
            var message =
                "the \(arm.arm) arm is \(arm.verdict.rawValue), not GROWING: the measurement cannot see "
                + "the graph grow, so its verdicts cannot be trusted"
            if let used = arm.attribution.censusUsedBytesPerModel, used > 0 {
                // The arenas take memory a chunk at a time: a run too short to fill a few
                // chunks shows the allocator a flat line with one or two steps.
                let total = used * Double(arm.analysedSamples) * arm.modelsPerIteration
                message += String(
                    format: ". The census does grow (%.0f B/model, %.0f B over the analysed run), but the allocator sees "
                        + "the graph grow one arena chunk at a time: run more --iterations or --models-per-iteration",
                    used, total
                )
            }
            return result(false, message)
        }
        guard let census, census > 0 else {
            return result(true, "the \(arm.arm) arm is GROWING at \(Format.bytes(measured))/model (no census columns to compare with)")
        }
        let ratio = measured / census
        let passed = acceptedRatio.contains(ratio)
        return result(
            passed, ratio: ratio,
            passed
                ? "the \(arm.arm) arm grows by \(Format.bytes(measured))/model; the census predicts \(Format.bytes(census))/model (ratio \(Format.ratio(ratio)))"
                : "the \(arm.arm) arm grows by \(Format.bytes(measured))/model but the census predicts \(Format.bytes(census))/model "
                    + "(ratio \(Format.ratio(ratio)), outside \(acceptedRatio.lowerBound)–\(acceptedRatio.upperBound)): the measurement is off"
        )
    }
}
