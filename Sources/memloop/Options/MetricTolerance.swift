import ArgumentParser
import MemLoop
import Model

/// `--metric-tolerance METRIC=RELATIVE,ABSOLUTE`: a per-metric tolerance against the
/// baseline. Only gated metrics (the exact built-ins, or a metric of the loop's own such
/// as `device_bytes`), only finite non-negative numbers: an `inf` here would hide any regression.
struct MetricTolerance {
    let metric: Metric
    let tolerance: GateTolerance

    init?(argument: String) {  // parsed through Gate.parseMetricTolerance, for its message
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let metric = Metric(rawValue: parts[0]), Baseline.isGated(metric) else { return nil }
        let numbers = parts[1].split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        guard numbers.count == 2, let relative = numbers[0], let absolute = numbers[1],
            relative.isFinite, absolute.isFinite, relative >= 0, absolute >= 0
        else { return nil }
        self.metric = metric
        tolerance = GateTolerance(relative: relative, absolute: absolute)
    }

    /// Shown when a value does not parse.
    static let shape =
        "live_bytes=0.05,4 (METRIC=RELATIVE,ABSOLUTE) with a gated metric (\(Baseline.gatedMetrics.map(\.rawValue).joined(separator: ", ")), or one of the loop's own such as device_bytes) and finite numbers ≥ 0, e.g. allocated=0.2,16"
}
