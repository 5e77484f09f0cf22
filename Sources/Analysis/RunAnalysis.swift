import GrowthAnalysis
import Model

/// The analysis of a whole run: every arm's verdict and figures, and both controls.
public struct RunAnalysis: Codable, Sendable, Equatable {
    /// Tolerance ε in bytes per model: the fixed ε, or the least one when automatic
    /// (each arm's own is `primary.epsilon`). GROWING needs the arm's interval's lower bound (95%,
    /// or the arm's `confidence` after `--until-decided`'s looks) above +ε; "does not grow"
    /// (CONSTANT or SHRINKING) needs its upper bound (95%) at most +ε.
    public var epsilonBytesPerModel: Double
    /// The tolerance as given: fixed, or automatic (see `GrowthTolerance`).
    public var tolerance: GrowthTolerance
    /// The metric that decided, and why.
    public var primaryChoice: MetricChoice
    public var arms: [ArmAnalysis]
    /// Over the `noclear` arms, when there are any.
    public var positiveControl: ControlCheck?
    /// Over the `control` arms, when there are any.
    public var negativeControl: ControlCheck?

    /// The ε used when none is given: the 95% interval of a clean arm is exactly [0, 0]
    /// here, and the smallest leak jemalloc can make is one 8-byte region, so 4 bytes
    /// per model catches a leak of the smallest size class per model.
    public static let defaultEpsilon = 4.0

    /// Tolerance for count metrics (nodes, name entries) per model.
    public static let countEpsilon = 0.5

    /// - Parameters:
    ///   - series: each arm's samples; warm-up samples (`warmup` true) are left out of the fits.
    ///   - settings: ε (fixed or automatic) and the metric that decides verdicts (`nil`
    ///     lets the data choose: `MetricChoice`, the loop thread's live bytes unless other
    ///     threads are at work); its looks are the runs' business, not the analysis's.
    ///   - overheads: the sampling share of wall time per arm, when known (from a run).
    ///   - alphas: per arm label, the probability that its interval's lower bound misses
    ///     (default 0.05: the 95% interval); `--until-decided` spends less at each of
    ///     several looks. Upper bounds stay at 95%.
    package init(
        series: [ArmSeries], settings: DecisionSettings = .standard, overheads: [String: Double] = [:], alphas: [String: Double] = [:]
    ) {
        let tolerance = settings.tolerance
        epsilonBytesPerModel = tolerance.bytesPerModel
        self.tolerance = tolerance
        let choice = settings.primary.map(MetricChoice.named) ?? MetricChoice.choose(for: series)
        primaryChoice = choice
        arms = series.map {
            Self.analyse($0, tolerance: tolerance, overhead: overheads[$0.arm], primary: choice.metric, alpha: alphas[$0.arm] ?? 0.05)
        }
        positiveControl = ControlCheck.evaluate(.positive, arms: arms)
        negativeControl = ControlCheck.evaluate(.negative, arms: arms)
    }

    /// The arm with this label.
    public func arm(_ label: String) -> ArmAnalysis? { arms.first { $0.arm == label } }

    /// The first arm with this role.
    public func arm(_ role: Arm) -> ArmAnalysis? { arms.first { $0.role == role } }

    /// The controls that failed and are enforced: the run's measurement cannot be trusted.
    public var failedControls: [ControlCheck] { [positiveControl, negativeControl].compactMap { $0 }.filter(\.failed) }

    static func analyse(_ series: ArmSeries, tolerance: GrowthTolerance, overhead: Double?, primary: Metric? = nil, alpha: Double = 0.05) -> ArmAnalysis {
        let kept = series.warmup.indices.filter { !series.warmup[$0] }
        let x = kept.map { Double(series.iterations[$0]) }
        let models = kept.map { Double(series.modelsBuilt[$0]) }
        let modelsPerIteration = Self.modelsPerIteration(x: x, models: models)
        // The analysed points of one metric: a loop's own metric only where it was recorded
        // (NaN: not), every other one at every kept sample.
        func points(_ metric: Metric, _ values: [Double]) -> (x: [Double], y: [Double]) {
            guard metric.isUser else { return (x, kept.map { values[$0] }) }
            let recorded = kept.filter { values[$0].isFinite }
            return (recorded.map { Double(series.iterations[$0]) }, recorded.map { values[$0] })
        }
        func metricTolerance(_ metric: Metric) -> GrowthTolerance { metric.isBytes ? tolerance : tolerance.scaled(to: countEpsilon) }
        var fits: [MetricFit] = []
        for (metric, values) in series.metrics.sorted(by: { $0.key < $1.key }) {
            let (x, y) = points(metric, values)
            do {
                // The lower bound at the look's level (it stops a look on GROWING); the upper
                // at 95% (it decides "does not grow", once: see `LookSchedule`).
                let fit = try GrowthFit(x: x, y: y, unitsPerX: modelsPerIteration, alpha: alpha, upperAlpha: LookSchedule.familyAlpha)
                fits.append(MetricFit(metric: metric, fit: fit, tolerance: metricTolerance(metric)))
            } catch {
                fits.append(MetricFit(metric: metric, failure: error))
            }
        }
        let primaryMetric =
            primary.flatMap { series.metrics[$0] != nil ? $0 : nil }
            ?? Metric.primaryPreference.first { series.metrics[$0] != nil } ?? fits.first { !$0.metric.isUser }?.metric ?? .liveBytes
        var primaryFit = fits.first { $0.metric == primaryMetric }
        let epsilon = primaryFit?.epsilon ?? (primaryMetric.isBytes ? tolerance.bytesPerModel : countEpsilon)
        let primaryPoints = series.metrics[primaryMetric].map { points(primaryMetric, $0) }
        var shape = primaryPoints.flatMap { x, y in
            // The shape of what the verdict read: the one-off step, if any, taken out.
            GrowthShape(x: x, y: primaryFit?.oneOffStep?.removed(from: y) ?? y, epsilon: epsilon * modelsPerIteration, alpha: alpha)
        }
        var verdict = primaryFit?.verdict ?? .inconclusive
        // Growth that slows still grew: a cache filling in the first half and flat in the
        // second is GROWING (SLOWING, with each half's rate), as a sequential run that
        // stopped early would say, not "cannot tell". The first half's bound is at the
        // arm's level (a later look's, under --until-decided), as any GROWING is.
        if verdict != .growing, let shape, shape.kind == .slowing, shape.firstHalfInterval.lower / modelsPerIteration > epsilon {
            verdict = .growing
        }
        // Not read as "does not grow" over the whole window: it may have risen early and
        // then held (a runtime's caches filling past the warm-up); read it from where it settled.
        var settling: Settling?
        if !verdict.isNotGrowing, let (x, y) = primaryPoints,
            let found = Settling.search(
                x: x, y: y, unitsPerX: modelsPerIteration, alpha: alpha, metric: primaryMetric, tolerance: metricTolerance(primaryMetric))
        {
            settling = found.settling
            primaryFit = found.fit
            verdict = found.fit.verdict
            shape?.kind = .settled
        }
        let used = fits.first { $0.metric == .arenaUsedBytes }?.perModel
        let reserved = fits.first { $0.metric == .arenaReservedBytes }?.perModel
        let seen = primaryFit?.perModel ?? .nan
        var nsPerModel: Double?
        // Loop time without sampling when the source recorded it; else wall time.
        if let elapsed = series.loopNs ?? series.elapsedNs, let first = kept.first, let last = kept.last,
            series.modelsBuilt[last] > series.modelsBuilt[first]
        {
            nsPerModel = Double(elapsed[last] - elapsed[first]) / Double(series.modelsBuilt[last] - series.modelsBuilt[first])
        }
        return ArmAnalysis(
            arm: series.arm,
            role: series.role,
            verdict: verdict,
            primary: .init(
                metric: primaryMetric, bytesPerIteration: primaryFit?.perIteration ?? .nan,
                bytesPerModel: seen, ci95: primaryFit?.ci95 ?? .unknown,
                growsAtMostBytesPerModel: primaryFit.flatMap { $0.ci95.isKnown ? $0.ci95.upper : nil }, epsilon: primaryFit?.epsilon ?? epsilon,
                oneOffStep: primaryFit?.oneOffStep
            ),
            samples: series.count,
            analysedSamples: kept.count,
            modelsBuilt: series.modelsBuilt.last ?? 0,
            modelsPerIteration: modelsPerIteration,
            nsPerModel: nsPerModel,
            // A run measures its own sampling; any other source's share follows from
            // elapsed_ns and loop_ns, when it recorded both.
            harnessOverheadPercent: (overhead ?? series.samplingShare).map { $0 * 100 },
            nsPerSample: series.nsPerSample,
            shape: shape,
            settling: settling,
            confidence: 1 - alpha,
            attribution: .init(
                seenBytesPerModel: seen, censusUsedBytesPerModel: used, censusReservedBytesPerModel: reserved,
                unexplainedBytesPerModel: reserved.map { seen - $0 }
            ),
            metrics: fits,
            loopWarnings: series.loopWarnings.isEmpty ? nil : series.loopWarnings
        )
    }

    /// Models per unit of iteration over the analysed samples (1 when it cannot be told).
    static func modelsPerIteration(x: [Double], models: [Double]) -> Double {
        guard let x0 = x.first, let x1 = x.last, x1 > x0, let m0 = models.first, let m1 = models.last, m1 > m0 else { return 1 }
        return (m1 - m0) / (x1 - x0)
    }
}
