/// How much serial dependence inflates the variance of the Mann–Kendall statistic S, and
/// so the width of Sen's slope interval: Hamed & Rao (1998).
///
/// Sen's interval assumes independent samples. A runtime's allocator state — thread
/// caches, a garbage collector, background purging — carries over many iterations, so
/// successive samples are not independent and the plain interval is too narrow: a flat
/// series that wanders reads as a slope. Hamed and Rao correct Var(S) by
///
///     n/n* = 1 + 2 / (n(n−1)(n−2)) · Σₖ (n−k)(n−k−1)(n−k−2) ρₖ
///
/// where ρₖ is the lag-k autocorrelation of the ranks of the detrended series, summed over
/// the lags whose ρₖ is significant at 5%. The factor is never taken below 1: the
/// correction may widen the interval, never narrow it. An exact series (every residual
/// equal) has no dependence to measure: factor 1.
package enum SerialDependence {
    /// The variance factor for `y` around a line of slope `slope` through `x`: the larger
    /// of Hamed and Rao's n/n* and the AR(1) factor (1 + φ)/(1 − φ).
    ///
    /// A series whose steps are exact — at least half of its successive differences equal
    /// (their median absolute deviation is zero) — has no noise to be dependent: it is a
    /// line the allocator draws in whole regions and chunks, with a few discrete jumps
    /// (an array that doubles, an arena's next chunk). Its residuals come in long runs of
    /// equal values, which read as a lag-1 autocorrelation near 1 and would widen the
    /// interval two-hundredfold; Sen's plain interval, robust to such jumps, is the right
    /// one there (factor 1).
    package static func varianceFactor(x: [Double], y: [Double], slope: Double) -> Double {
        guard !isExact(y) else { return 1 }
        let ranks = Self.ranks(zip(x, y).map { $1 - slope * $0 })
        guard let autocorrelation = Autocorrelation(ranks) else { return 1 }
        return max(hamedRao(autocorrelation), autoregressive(autocorrelation))
    }

    /// Whether at least half of the successive differences are the same number.
    static func isExact(_ y: [Double]) -> Bool {
        guard y.count >= 3 else { return true }
        let differences = (1..<y.count).map { y[$0] - y[$0 - 1] }
        let centre = Statistics.median(differences)
        return Statistics.median(differences.map { abs($0 - centre) }) == 0
    }

    /// Largest lag-1 autocorrelation taken: beyond it the factor (199 at 0.99) no longer
    /// changes a verdict, and a series that is all one random walk gets no finite factor.
    package static let largestLagOne = 0.99

    /// (1 + φ)/(1 − φ), the variance inflation of a slope under AR(1) noise, with φ the
    /// lag-1 autocorrelation of the detrended ranks, corrected for its small-sample bias
    /// (around a fitted line E φ̂ ≈ φ − (2 + 4φ)/n; Shaman & Stine 1988). Hamed and Rao's
    /// sum sees each lag's sample autocorrelation, which a short series of a slowly
    /// wandering heap underestimates at every lag; the lag-1 figure, bias-corrected,
    /// carries the memory over all of them.
    static func autoregressive(_ autocorrelation: Autocorrelation) -> Double {
        let estimate = autocorrelation.at(lag: 1)
        guard estimate > 0 else { return 1 }
        let phi = min(largestLagOne, estimate + (2 + 4 * estimate) / Double(autocorrelation.count))
        return (1 + phi) / (1 - phi)
    }

    /// Hamed and Rao's n/n*, over the lags whose autocorrelation is significant at 5%.
    static func hamedRao(_ autocorrelation: Autocorrelation) -> Double {
        let n = Double(autocorrelation.count)
        let significant = Statistics.z95 / n.squareRoot()
        var sum = 0.0
        for k in 1..<max(1, autocorrelation.count - 2) {
            let rho = autocorrelation.at(lag: k)
            guard abs(rho) > significant else { continue }
            let m = n - Double(k)
            sum += m * (m - 1) * (m - 2) * rho
        }
        let factor = 1 + 2 * sum / (n * (n - 1) * (n - 2))
        return factor.isFinite ? max(1, factor) : 1
    }

    /// Sample autocorrelations of a series, around its mean.
    struct Autocorrelation {
        let centred: [Double]
        let variance: Double

        /// `nil` for fewer than four values, or values all equal (no dependence to measure).
        init?(_ values: [Double]) {
            guard values.count >= 4 else { return nil }
            let mean = values.reduce(0, +) / Double(values.count)
            centred = values.map { $0 - mean }
            variance = centred.reduce(0) { $0 + $1 * $1 }
            guard variance > 0 else { return nil }
        }

        var count: Int { centred.count }

        func at(lag k: Int) -> Double {
            var covariance = 0.0
            for i in 0..<(centred.count - k) { covariance += centred[i] * centred[i + k] }
            return covariance / variance
        }
    }

    /// Ranks from 1, ties given their mean rank.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for i in start...end { ranks[order[i]] = rank }
            start = end + 1
        }
        return ranks
    }
}
