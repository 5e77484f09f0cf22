import GrowthAnalysis
import Model

/// One metric's figures for one arm, as `summary.json` stores them.
public struct MetricFit: Codable, Sendable, Equatable {
    public var metric: Metric
    public var unit: String
    public var verdict: Verdict
    /// Theil–Sen slope per iteration and per model, with the per-model interval at the
    /// arm's `confidence` (95% unless `--until-decided` looked several times; the name
    /// `ci95` stays for `summary.json`).
    public var perIteration: Double
    public var perModel: Double
    public var ci95: ConfidenceInterval
    public var leastSquaresPerModel: Double
    public var rSquared: Double
    public var mannKendallZ: Double
    public var mannKendallP: Double
    /// Median of the last tenth minus median of the first tenth of the analysed samples.
    public var drift: Double
    /// The tolerance ε per model this metric's verdict was decided with.
    public var epsilon: Double?
    /// Hamed and Rao's variance factor that widened the interval for serial dependence (1: none).
    public var varianceFactor: Double?
    /// The one lasting step left out of the rate, if any (`LastingStep`).
    public var oneOffStep: LastingStep?
    /// Why there is no fit, when there is none (too few points…).
    public var note: String?

    /// - Parameters:
    ///   - tolerance: ε per model, fixed or derived from the fit (`GrowthTolerance`).
    init(metric: Metric, fit: GrowthFit, tolerance: GrowthTolerance) {
        self.metric = metric
        unit = metric.unit
        let epsilon = tolerance.epsilon(for: fit)
        self.epsilon = epsilon
        varianceFactor = fit.theilSen.varianceFactor
        oneOffStep = fit.oneOffStep
        verdict = fit.verdict(epsilon: epsilon)
        perIteration = fit.slopePerX
        perModel = fit.slopePerUnit
        ci95 = ConfidenceInterval(fit.ci95PerUnit)
        leastSquaresPerModel = fit.leastSquares.slope / fit.unitsPerX
        rSquared = fit.leastSquares.rSquared
        mannKendallZ = fit.mannKendall.z
        mannKendallP = fit.mannKendall.p
        drift = fit.drift
        note = nil
    }

    init(metric: Metric, failure: GrowthFit.Failure) {
        self.metric = metric
        unit = metric.unit
        verdict = .inconclusive
        perIteration = .nan
        perModel = .nan
        ci95 = .unknown
        leastSquaresPerModel = .nan
        rSquared = .nan
        mannKendallZ = .nan
        mannKendallP = .nan
        drift = .nan
        note = failure.description
    }
}
