/// Theil–Sen estimator: the median of the slopes between every pair of points, with
/// Sen's distribution-free 95% confidence interval. Robust to outliers and to steps
/// (up to ~29% of corrupt points), which the allocator's chunked growth produces.
///
/// The interval's ranks come from the Mann–Kendall variance, widened for serial
/// dependence by Hamed and Rao's factor (``SerialDependence``): samples of a runtime's
/// heap are not independent, and Sen's plain interval would then be too narrow.
package struct TheilSen: Equatable, Sendable, Codable {
    package var slope: Double
    package var intercept: Double
    package var ci95Low: Double
    package var ci95High: Double
    /// Hamed and Rao's n/n* (≥ 1) that widened Var(S); 1 for independent samples.
    package var varianceFactor: Double
    /// The interval came from block medians (`blockInterval`): the samples were too
    /// dependent for the pairs' ranks to bound the slope.
    package var isBlocked = false
    /// The upper bound bounds the slope: from the pairs' ranks or from block medians. False
    /// when neither could (the bound is then the steepest pair, which is no bound).
    package var isBounded = true
    /// The same for the lower bound (which may be taken at a stricter level than the upper).
    package var isLowerBounded = true

    /// Fewest blocks of the fallback interval: 8 medians give Sen's interval 28 slopes,
    /// enough for a 95% interval, in blocks long enough to hold a runtime's dependence;
    /// a smaller miss probability (a later look) takes 12, 16, … up to 32.
    static let blocks = 8

    /// Sen's interval for independent samples over the medians of `blocks` consecutive
    /// blocks (each at its median x); `nil` when it cannot bound the slope either.
    static func blockInterval(x: [Double], y: [Double], blocks: Int, alpha: Double) -> (low: Double, high: Double)? {
        let size = x.count / blocks
        var bx: [Double] = [], by: [Double] = []
        for block in 0..<blocks {
            let range = (block * size)..<(block == blocks - 1 ? x.count : (block + 1) * size)
            bx.append(Statistics.median(Array(x[range])))
            by.append(Statistics.median(Array(y[range])))
        }
        var slopes: [Double] = []
        for i in 0..<bx.count { for j in (i + 1)..<bx.count where bx[j] != bx[i] { slopes.append((by[j] - by[i]) / (bx[j] - bx[i])) } }
        slopes.sort()
        let n = Double(slopes.count)
        // The medians may still carry dependence (a wandering heap): widened as the
        // samples are, with Student's t for so few points.
        let median = slopes.count.isMultiple(of: 2) ? (slopes[slopes.count / 2 - 1] + slopes[slopes.count / 2]) / 2 : slopes[slopes.count / 2]
        let factor = SerialDependence.varianceFactor(x: bx, y: by, slope: median)
        let quantile = Statistics.studentT(z: Statistics.z(twoSidedAlpha: alpha), degreesOfFreedom: Double(blocks - 2))
        let c = quantile * (MannKendall.variance(by) * factor).squareRoot()
        let lowRank = Int(((n - c) / 2).rounded(.down)), highRank = Int(((n + c) / 2).rounded(.up))
        guard lowRank >= 1, highRank <= slopes.count - 1 else { return nil }
        return (slopes[lowRank - 1], slopes[highRank])
    }

    /// Sen (1968): ranks (N ∓ c) / 2 of the sorted pair slopes bound the interval, with
    /// c = z·√(Var(S)·factor); Var(S) is the Mann–Kendall variance with the tie
    /// correction, times the dependence factor. With dependence the samples are worth
    /// n / factor independent ones; so few are better served by Student's t than by the
    /// normal quantile. Each bound is `nil` when its rank falls outside the slopes.
    static func bound(slopes: [Double], variance: Double, factor: Double, points: Int, alpha: Double) -> (low: Int?, high: Int?) {
        let n = Double(slopes.count)
        let z = Statistics.z(twoSidedAlpha: alpha)
        let effective = Double(points) / factor
        let quantile = factor > 1 ? Statistics.studentT(z: z, degreesOfFreedom: max(3, effective - 2)) : z
        let c = quantile * (variance * factor).squareRoot()
        let lowRank = Int(((n - c) / 2).rounded(.down))
        let highRank = Int(((n + c) / 2).rounded(.up))
        return (lowRank >= 1 ? lowRank - 1 : nil, highRank <= slopes.count - 1 ? highRank : nil)
    }

    /// Pairs considered: at most `maxPoints` evenly spaced points are used, because the
    /// estimator is O(n²) in time and memory.
    package static let maxPoints = 1_000

    /// - Parameters:
    ///   - alpha: the interval misses with this probability (0.05: the 95% interval,
    ///     whose bounds `ci95Low`/`ci95High` then are; smaller for repeated looks).
    ///   - upperAlpha: when given, the upper bound is the upper end of the interval that
    ///     misses with this probability instead (`--until-decided`'s looks take the lower
    ///     bound, which decides GROWING, at the level spent on the look, and the upper
    ///     bound, which decides "does not grow" once at the last look, at 95%).
    ///   - serialDependence: widen the interval for serial dependence (the default);
    ///     `false` gives Sen's interval for independent samples.
    ///   - breakIndex: a one-off step before this index (`LastingStep`): only pairs on the
    ///     same side of it count, and Var(S) is the sum of both sides' — the seasonal
    ///     Kendall construction (Hirsch, Slack & Smith 1982) with the two sides as
    ///     seasons — so the step's size, whatever it is, moves neither slope nor interval.
    /// - Precondition: `x.count == y.count`, at least two distinct `x` (on one side).
    package init(x: [Double], y: [Double], alpha: Double = 0.05, upperAlpha: Double? = nil, serialDependence: Bool = true, breakIndex: Int? = nil) {
        precondition(x.count == y.count, "x and y differ in length")
        let picked = Statistics.evenlySpaced(count: x.count, limit: Self.maxPoints)
        let px = picked.map { x[$0] }, py = picked.map { y[$0] }
        let side = picked.map { index in breakIndex.map { index >= $0 ? 1 : 0 } ?? 0 }
        var slopes: [Double] = []
        slopes.reserveCapacity(px.count * (px.count - 1) / 2)
        for i in 0..<px.count {
            for j in (i + 1)..<px.count where px[j] != px[i] && side[j] == side[i] {
                slopes.append((py[j] - py[i]) / (px[j] - px[i]))
            }
        }
        precondition(!slopes.isEmpty, "Theil–Sen needs two distinct x values")
        slopes.sort()
        slope =
            slopes.count.isMultiple(of: 2)
            ? (slopes[slopes.count / 2 - 1] + slopes[slopes.count / 2]) / 2 : slopes[slopes.count / 2]
        let median = slope
        // Each side around its own level, so that the step is not read as dependence.
        var level = [0.0, 0.0]
        for s in 0...1 {
            let residuals = px.indices.filter { side[$0] == s }.map { py[$0] - median * px[$0] }
            if !residuals.isEmpty { level[s] = Statistics.median(residuals) }
        }
        let levelled = py.indices.map { py[$0] - level[side[$0]] }
        varianceFactor = serialDependence ? SerialDependence.varianceFactor(x: px, y: levelled, slope: median) : 1
        let variance = (0...1).reduce(0.0) { sum, s in
            let values = py.indices.filter { side[$0] == s }.map { py[$0] }
            return sum + MannKendall.variance(values)
        }
        let factor = varianceFactor
        let lower = Self.bound(slopes: slopes, variance: variance, factor: factor, points: px.count, alpha: alpha)
        let upper = upperAlpha.map { Self.bound(slopes: slopes, variance: variance, factor: factor, points: px.count, alpha: $0) } ?? lower
        let blocked = { (alpha: Double) -> (low: Double, high: Double)? in
            // So dependent that the pairs' ranks cannot bound the slope: the window would
            // take the steepest pair of all — one transient spike between neighbours, not
            // a rate. Block medians average the dependence out within each block.
            breakIndex == nil
                ? stride(from: Self.blocks, through: min(32, px.count / 2), by: 4).lazy.compactMap({
                    Self.blockInterval(x: px, y: py, blocks: $0, alpha: alpha)
                }).first : nil
        }
        // Both bounds at one level share one block interval, computed at most once.
        let lowerBlocks = lower.low == nil ? blocked(alpha) : nil
        let upperLevel = upperAlpha ?? alpha
        let upperBlocks = upper.high == nil ? (upperLevel == alpha ? lowerBlocks ?? blocked(alpha) : blocked(upperLevel)) : nil
        if let lowRank = lower.low {
            ci95Low = slopes[lowRank]
        } else if let interval = lowerBlocks {
            ci95Low = min(interval.low, median)
            isBlocked = true
        } else {
            ci95Low = slopes[0]
            isLowerBounded = false
        }
        if let highRank = upper.high {
            ci95High = slopes[highRank]
        } else if let interval = upperBlocks {
            ci95High = max(interval.high, median)
            isBlocked = true
        } else {
            ci95High = slopes[slopes.count - 1]
            isBounded = false
        }
        intercept = Statistics.median(levelled.indices.map { levelled[$0] - median * px[$0] })
    }
}
