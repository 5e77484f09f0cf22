import Model

/// One arm's samples as columns: what the analysis reads, whether they came from a
/// run or from a CSV written by another tool (which may lack some metrics).
package struct ArmSeries: Equatable, Sendable {
    /// The arm's label: `clear`, or `keras/clear` when `compare` names the source.
    package var arm: String
    /// What the arm does (reset, build, or neither), kept apart from its label so that
    /// controls and rules find arms by role, never by string.
    package var role: Arm?
    package var iterations: [Int]
    package var modelsBuilt: [Int]
    package var elapsedNs: [Int]?
    /// Loop time without sampling (`loop_ns`), when the source recorded it.
    package var loopNs: [Int]?
    package var warmup: [Bool]
    /// Each metric's values, one per sample. A built-in's values are all finite; a loop's
    /// own metric (`Metric.isUser`) holds NaN where the loop recorded nothing at that
    /// sample (an empty cell), and its analysis uses the samples that have a value.
    package var metrics: [Metric: [Double]]
    /// What the loop's probe warned about while it ran (`OutsideArmRun.probeWarnings`).
    package var loopWarnings: [String] = []

    package init(arm: String, iterations: [Int], modelsBuilt: [Int], elapsedNs: [Int]?, loopNs: [Int]? = nil, warmup: [Bool], metrics: [Metric: [Double]]) {
        self.loopNs = loopNs
        self.arm = arm
        role = Arm(label: arm)
        self.iterations = iterations
        self.modelsBuilt = modelsBuilt
        self.elapsedNs = elapsedNs
        self.warmup = warmup
        self.metrics = metrics
    }

    /// The series of a run's arm.
    package init(_ result: ArmResult) {
        arm = result.arm.rawValue
        role = result.arm
        iterations = result.samples.map(\.iteration)
        modelsBuilt = result.samples.map(\.modelsBuilt)
        elapsedNs = result.samples.map(\.elapsedNs)
        loopNs = result.samples.map(\.loopNs)
        warmup = result.samples.map(\.warmup)
        metrics = Dictionary(
            uniqueKeysWithValues: Metric.builtIns.filter { result.hasCensus || $0.isAllocatorReading }.map { metric in
                (metric, result.samples.compactMap { metric.value(of: $0).map(Double.init) })
            })
    }

    package var count: Int { iterations.count }

    /// The loop's own metrics this series holds, in `Metric` order (by name).
    package var userMetrics: [Metric] { metrics.keys.filter(\.isUser).sorted() }

    /// The share of the arm's time that its samples took, from the last sample's
    /// `elapsed_ns` (sampling included) and `loop_ns` (sampling left out); `nil` when the
    /// source recorded either not at all, or nothing to compare.
    package var samplingShare: Double? { samplingTime.map { $0.sampling / $0.elapsed } }

    /// The time one sample took on average, in nanoseconds: the sampling time over the
    /// samples; `nil` as for `samplingShare`.
    package var nsPerSample: Double? { samplingTime.map { $0.sampling / Double(count) } }

    /// (time spent sampling, whole time) at the last sample, in nanoseconds.
    private var samplingTime: (sampling: Double, elapsed: Double)? {
        guard let elapsed = elapsedNs?.last, let loop = loopNs?.last, elapsed > 0, loop >= 0, loop <= elapsed else { return nil }
        return (Double(elapsed - loop), Double(elapsed))
    }
}
