/// Whether growth is steady (a leak: every iteration keeps the same), slowing (a cache
/// filling towards a bound), accelerating, or one step — from the robust slope of each
/// half of the analysed series.
///
/// ```swift
/// let shape = GrowthShape(x: iterations, y: liveBytes, epsilon: 4)
/// shape?.kind   // .steady, .slowing, …
/// ```
public struct GrowthShape: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Neither half moves beyond ε per iteration.
        case flat = "FLAT"
        /// The halves' slopes agree (their 95% intervals overlap): a leak keeps on.
        case steady = "STEADY"
        /// The second half's slope lies wholly below the first's: growth slows, as a cache
        /// fills; a longer warm-up may leave only what stays.
        case slowing = "SLOWING"
        /// The second half's slope lies wholly above the first's.
        case accelerating = "ACCELERATING"
        /// Each half is flat, yet the series rose between them: a one-off change.
        case step = "STEP"
        /// It rose early in the window and then held: the verdict reads it from where it
        /// settled (see the analysis's `Settling`).
        case settled = "SETTLED"
    }

    public var kind: Kind
    /// Theil–Sen slope per x of each half, with its interval (95%, or the look's level).
    public var firstHalf: Double
    public var firstHalfInterval: ConfidenceInterval
    public var secondHalf: Double
    public var secondHalfInterval: ConfidenceInterval

    /// Points each half needs.
    public static let minimumPointsPerHalf = 5

    /// - Parameters:
    ///   - epsilon: tolerance per x (bytes per iteration) under which a half is flat.
    ///   - alpha: the halves' intervals miss with this probability: 0.05, or less at a
    ///     later look of `--until-decided`, whose level a growth decision drawn from the
    ///     first half (GROWING, SLOWING) must keep as well.
    /// - Returns: `nil` with fewer than `2 × minimumPointsPerHalf` points or constant x.
    public init?(x: [Double], y: [Double], epsilon: Double, alpha: Double = 0.05) {
        guard x.count == y.count, x.count >= 2 * Self.minimumPointsPerHalf, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            return nil
        }
        let middle = x.count / 2
        let (x1, y1) = (Array(x[..<middle]), Array(y[..<middle]))
        let (x2, y2) = (Array(x[middle...]), Array(y[middle...]))
        guard Set(x1).count > 1, Set(x2).count > 1 else { return nil }
        let first = TheilSen(x: x1, y: y1, alpha: alpha), second = TheilSen(x: x2, y: y2, alpha: alpha)
        firstHalf = first.slope
        secondHalf = second.slope
        firstHalfInterval = ConfidenceInterval(lower: first.ci95Low, upper: first.ci95High)
        secondHalfInterval = ConfidenceInterval(lower: second.ci95Low, upper: second.ci95High)
        let firstFlat = firstHalfInterval.isWithin(epsilon)
        let secondFlat = secondHalfInterval.isWithin(epsilon)
        if firstFlat && secondFlat {
            // Flat halves; did the level move between them?
            let rise = Statistics.median(y2) - Statistics.median(y1)
            // The distance between the halves' midpoints (each at least 5 points, so never
            // empty), summed from differences so that integer x gives it exactly.
            let span = (x2[0] - x1[0]) / 2 + (x2[x2.count - 1] - x1[x1.count - 1]) / 2
            kind = abs(rise) > epsilon * max(span, 1) ? .step : .flat
        } else if second.ci95High < first.ci95Low && first.slope - second.slope > Self.material(first.slope, epsilon) {
            kind = .slowing
        } else if second.ci95Low > first.ci95High && second.slope - first.slope > Self.material(second.slope, epsilon) {
            kind = .accelerating
        } else {
            kind = .steady
        }
    }

    /// How much the halves' slopes must differ to count: beyond ε and a quarter of the
    /// larger slope, so that a tight interval on a big, steady slope (725 KB/iteration ±
    /// 0.1%) does not read as slowing.
    static func material(_ larger: Double, _ epsilon: Double) -> Double { max(epsilon, 0.25 * abs(larger)) }

    /// The first half's slope over the second's (how much faster growth was early), when both grow.
    public var earlyOverLate: Double? {
        guard firstHalf > 0, secondHalf > 0 else { return nil }
        return firstHalf / secondHalf
    }
}
