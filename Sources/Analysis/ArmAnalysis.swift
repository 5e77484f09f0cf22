import GrowthAnalysis
import Model

/// The verdict and figures for one arm.
public struct ArmAnalysis: Codable, Sendable, Equatable {
    public struct Primary: Codable, Sendable, Equatable {
        public var metric: Metric
        public var bytesPerIteration: Double
        public var bytesPerModel: Double
        /// Sen's interval of bytes per model, at the arm's `confidence` level.
        public var ci95: ConfidenceInterval
        /// The interval's upper bound: the arm grows by at most this many bytes per model
        /// (at the arm's `confidence`), whatever its verdict.
        public var growsAtMostBytesPerModel: Double?
        /// The tolerance ε per model the verdict was decided with (see `GrowthTolerance`).
        public var epsilon: Double?
        /// The one lasting step left out of the rate (a runtime's one-off event), if any.
        public var oneOffStep: LastingStep?
    }

    /// How much of the growth the graph's own state explains.
    public struct Attribution: Codable, Sendable, Equatable {
        /// Growth the allocator sees (the primary metric), bytes per model.
        public var seenBytesPerModel: Double
        /// Growth of the bytes the graph's records and weights use.
        public var censusUsedBytesPerModel: Double?
        /// Growth of the bytes the graph's arenas reserved from the allocator.
        public var censusReservedBytesPerModel: Double?
        /// Seen minus reserved: growth nothing in the census explains.
        public var unexplainedBytesPerModel: Double?
    }

    /// The arm's label (`clear`, `keras/noclear`, …).
    public var arm: String
    /// What the arm does; `nil` for a label that names no arm (a series from another tool).
    public var role: Arm?
    public var verdict: Verdict
    public var primary: Primary
    public var samples: Int
    public var analysedSamples: Int
    public var modelsBuilt: Int
    public var modelsPerIteration: Double
    /// Nanoseconds per model over the analysed samples, if timed: from `loop_ns` (sampling
    /// excluded) when present, else from `elapsed_ns` (sampling included).
    public var nsPerModel: Double?
    /// Share of the arm's wall time spent taking samples, if known: measured by a run,
    /// else from the samples' `elapsed_ns` and `loop_ns` (an outside loop's probe).
    public var harnessOverheadPercent: Double?
    /// Time one sample took on average (ns), from `elapsed_ns` and `loop_ns`, if recorded.
    public var nsPerSample: Double?
    /// Steady, slowing, accelerating, a step, or flat: the primary metric's slope on each half.
    public var shape: GrowthShape?
    /// Where the arm settled, when its verdict reads the window from a later start
    /// (`Settling`): its memory rose early and then held.
    public var settling: Settling?
    /// The level of the arm's lower bounds, which decide GROWING: 0.95, or more after
    /// repeated looks (`--until-decided`). Upper bounds ("grows at most", which decide
    /// "does not grow") are always at 95%.
    public var confidence: Double
    public var attribution: Attribution
    public var metrics: [MetricFit]
    /// What the loop's probe warned about while it ran (e.g. samples that may count
    /// reference cycles its collections had missed); absent when it warned about nothing.
    public var loopWarnings: [String]? = nil

    public func fit(_ metric: Metric) -> MetricFit? { metrics.first { $0.metric == metric } }
}
