import Model

/// Which metric decides a run's verdicts when the user names none, and why.
///
/// The loop thread's live bytes (`thread.allocated − thread.deallocated`) are exact for a
/// loop on one thread and blind to every other: runtimes (TensorFlow, JAX/XLA, PyTorch)
/// allocate and free on worker threads, so the loop thread may allocate what a worker
/// frees (its count climbs ~18 KB/iteration with no leak) or a worker may keep what the
/// loop never sees. Process-wide `stats.allocated` sees every thread. The two agree, to
/// the byte, exactly when no other thread allocates or frees in the window — so the data
/// tells which to trust: live bytes when they agree, `stats.allocated` as soon as the
/// process's count moves apart from the loop thread's. A loop's own metric
/// (`Metric.isUser`) is never chosen: it decides only when named (`--primary`).
public struct MetricChoice: Codable, Sendable, Equatable {
    public var metric: Metric
    /// One sentence for the report's footer.
    public var reason: String
    /// Largest distance between the two counts' moves over the analysed samples of any
    /// arm (bytes); `nil` when the series lack one of them.
    public var crossThreadBytes: Double?

    /// How far (bytes) the process's count may move apart from the loop thread's before
    /// other threads are taken to be at work: jemalloc's smallest regions, a few times over.
    public static let agreementBytes = 256.0

    /// The metric the user named.
    public static func named(_ metric: Metric) -> MetricChoice {
        MetricChoice(metric: metric, reason: "\(metric.rawValue), as asked (--primary)", crossThreadBytes: nil)
    }

    /// Why `metric` cannot decide these series: the first arm without it, and the metrics
    /// the series have; `nil` when every arm has it. `--primary` names a metric the data
    /// must have: deciding on another one instead would answer a question not asked.
    package static func absence(of metric: Metric, in series: [ArmSeries]) -> String? {
        guard let missing = series.first(where: { $0.metrics[metric] == nil }) else { return nil }
        let present = Set(series.flatMap(\.metrics.keys)).sorted().map(\.rawValue).joined(separator: ", ")
        return "arm \"\(missing.arm)\" has no \(metric.rawValue) column to decide on; pass --primary with a metric every arm has (\(present))"
    }

    /// The choice for these series (all arms decide on the same metric, so that they compare).
    package static func choose(for series: [ArmSeries]) -> MetricChoice {
        let both = series.filter { $0.metrics[.liveBytes] != nil && $0.metrics[.allocated] != nil }
        guard !both.isEmpty, both.count == series.count else {
            let metric =
                Metric.primaryPreference.first { metric in series.allSatisfy { $0.metrics[metric] != nil } }
                ?? series.first?.metrics.keys.filter { !$0.isUser }.sorted().first ?? .liveBytes
            return MetricChoice(metric: metric, reason: "\(metric.rawValue), the first of the preferred metrics every arm has", crossThreadBytes: nil)
        }
        let apart = both.map(Self.crossThreadBytes).max() ?? 0
        if apart > agreementBytes {
            return MetricChoice(
                metric: .allocated,
                reason: "stats.allocated, process-wide: other threads allocated or freed in the window "
                    + "(the process's count and the loop thread's moved apart by up to \(Format.binary(apart)))",
                crossThreadBytes: apart)
        }
        return MetricChoice(
            metric: .liveBytes,
            reason: "live_bytes of the loop thread: no other thread allocated or freed in the window "
                + "(the process's count and the loop thread's agree within \(Format.binary(apart)))",
            crossThreadBytes: apart)
    }

    /// The range of `allocated − live_bytes` over the analysed samples: zero when every
    /// byte the process allocated and freed went through the loop thread.
    static func crossThreadBytes(_ series: ArmSeries) -> Double {
        guard let live = series.metrics[.liveBytes], let allocated = series.metrics[.allocated] else { return 0 }
        let gaps = series.warmup.indices.filter { !series.warmup[$0] }.map { allocated[$0] - live[$0] }
        guard let low = gaps.min(), let high = gaps.max() else { return 0 }
        return high - low
    }
}
