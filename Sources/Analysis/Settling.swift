import GrowthAnalysis

/// Memory that rose early in the window and then held: a runtime still filling its caches
/// when the warm-up ended, read as a one-time cost rather than growth per model.
///
/// A runtime's first iterations fill caches that take longer than any fixed warm-up: Keras
/// 3 on the torch backend rises by 64 KiB over its first 150 measured iterations after a
/// warm-up of 50 and is then flat to the byte for thousands more. Over the whole window
/// the rise makes the interval wide and the end far from the start, so the verdict is
/// INCONCLUSIVE however long the run — though every later stretch of the same run is
/// CONSTANT. So an arm that is not read as "does not grow" over its whole window is read
/// again from 5%, 10%, … up to 25% of its samples on (`candidates`): the first start from
/// which the rest — at least three quarters of the window, ending where the window ends —
/// does not grow (its 95% upper bound at most ε, its end within reach of its start) gives
/// the verdict and its figures, and the report says where the arm settled and by how much
/// it rose before.
///
/// Only the start moves, never the end: a leak that starts late, or goes on, is in every
/// stretch read, so it still reads GROWING; growth that lasts beyond a quarter of the
/// window stays GROWING (SLOWING) — a longer run or warm-up tells a cache from a leak then.
public struct Settling: Codable, Sendable, Equatable {
    /// The first iteration of the stretch the verdict reads.
    public var afterIteration: Int
    /// How much the metric rose before it: the level at the stretch's start minus the
    /// level at the window's start (medians of a twentieth of the samples each).
    public var rise: Double

    /// Starts tried, as twentieths of the samples: 5%, 10%, 15%, 20%, 25%.
    static let candidates = 1...5
    /// Fewest samples a window needs before any start is tried (the shortest stretch read
    /// is then 30 samples).
    static let minimumSamples = 40

    /// The first start from which the series does not grow, with the fit from there on;
    /// `nil` when none does (or the series is too short to try).
    static func search(
        x: [Double], y: [Double], unitsPerX: Double, alpha: Double, metric: Metric, tolerance: GrowthTolerance
    ) -> (settling: Settling, fit: MetricFit)? {
        let n = x.count
        guard n >= minimumSamples, n == y.count else { return nil }
        let window = max(1, n / 20)
        let start = Statistics.median(Array(y.prefix(window)))
        for k in candidates {
            let first = n * k / 20
            guard
                let growth = try? GrowthFit(
                    x: Array(x[first...]), y: Array(y[first...]), unitsPerX: unitsPerX, alpha: alpha, upperAlpha: LookSchedule.familyAlpha)
            else { continue }
            let fit = MetricFit(metric: metric, fit: growth, tolerance: tolerance)
            guard fit.verdict.isNotGrowing else { continue }
            let level = Statistics.median(Array(y[first..<min(n, first + window)]))
            return (Settling(afterIteration: Int(x[first]), rise: level - start), fit)
        }
        return nil
    }
}
