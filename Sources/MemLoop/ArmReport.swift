import Analysis
import GrowthAnalysis
import Harness
import Model

/// One arm's verdict and figures.
///
/// Its description is what a failed expectation should print:
/// `clear: GROWING, 112.0 B/iteration [112.0, 112.0] (112.0 B/model) on live_bytes`.
public struct ArmReport: Sendable, Equatable, CustomStringConvertible {
    public let arm: Arm
    /// GROWING, CONSTANT, SHRINKING or INCONCLUSIVE.
    public let verdict: Verdict
    /// The metric that decided the verdict.
    public let metric: Metric
    /// Theil–Sen slope of the metric per iteration.
    public let bytesPerIteration: Double
    /// The same per model built (per iteration for the control arm, which builds none).
    public let bytesPerModel: Double
    /// Sen's 95% interval of bytes per model, when there was enough data for one.
    public let interval: ClosedRange<Double>?

    init?(_ analysis: ArmAnalysis) {
        guard let arm = analysis.role else { return nil }
        self.arm = arm
        verdict = analysis.verdict
        metric = analysis.primary.metric
        bytesPerIteration = analysis.primary.bytesPerIteration
        bytesPerModel = analysis.primary.bytesPerModel
        interval = analysis.primary.ci95.range
    }

    public var description: String {
        let range = interval.map { " [\(Self.format($0.lowerBound)), \(Self.format($0.upperBound))]" } ?? ""
        return "\(arm.rawValue): \(verdict.rawValue), \(Self.format(bytesPerIteration)) B/iteration\(range) "
            + "(\(Self.format(bytesPerModel)) B/model) on \(metric.rawValue)"
    }

    private static func format(_ value: Double) -> String {
        value.isFinite ? String((value * 10).rounded() / 10) : "n/a"
    }
}
