/// Theil–Sen estimator: the median of the slopes between every pair of points, with
/// Sen's distribution-free 95% confidence interval. Robust to outliers and to steps
/// (up to ~29% of corrupt points), which the allocator's chunked growth produces.
public struct TheilSen: Equatable, Sendable, Codable {
    public var slope: Double
    public var intercept: Double
    public var ci95Low: Double
    public var ci95High: Double

    /// Pairs considered: at most `maxPoints` evenly spaced points are used, because the
    /// estimator is O(n²) in time and memory.
    public static let maxPoints = 1_000

    /// - Parameters:
    ///   - alpha: the interval misses with this probability (0.05: the 95% interval,
    ///     whose bounds `ci95Low`/`ci95High` then are; smaller for repeated looks).
    /// - Precondition: `x.count == y.count`, at least two distinct `x`.
    public init(x: [Double], y: [Double], alpha: Double = 0.05) {
        precondition(x.count == y.count, "x and y differ in length")
        let picked = Statistics.evenlySpaced(count: x.count, limit: Self.maxPoints)
        let px = picked.map { x[$0] }, py = picked.map { y[$0] }
        var slopes: [Double] = []
        slopes.reserveCapacity(px.count * (px.count - 1) / 2)
        for i in 0..<px.count {
            for j in (i + 1)..<px.count where px[j] != px[i] {
                slopes.append((py[j] - py[i]) / (px[j] - px[i]))
            }
        }
        precondition(!slopes.isEmpty, "Theil–Sen needs two distinct x values")
        slopes.sort()
        let n = Double(slopes.count)
        slope =
            slopes.count.isMultiple(of: 2)
            ? (slopes[slopes.count / 2 - 1] + slopes[slopes.count / 2]) / 2 : slopes[slopes.count / 2]
        // Sen (1968): ranks (N ∓ z·√Var(S)) / 2 bound the interval; Var(S) is the
        // Mann–Kendall variance with the tie correction.
        let c = Statistics.z(twoSidedAlpha: alpha) * MannKendall.variance(py).squareRoot()
        let lowRank = Int(((n - c) / 2).rounded(.down))
        let highRank = Int(((n + c) / 2).rounded(.up))
        ci95Low = slopes[min(max(lowRank - 1, 0), slopes.count - 1)]
        ci95High = slopes[min(max(highRank, 0), slopes.count - 1)]
        let s = slope
        intercept = Statistics.median(zip(px, py).map { $1 - s * $0 })
    }
}
