/// Everything MemLoop says about one metric's series after warm-up.
///
/// ```swift
/// let fit = try GrowthFit(x: iterations, y: liveBytes, unitsPerX: modelsPerIteration)
/// fit.verdict(epsilon: 8)   // GROWING / CONSTANT / INCONCLUSIVE, in bytes per model
/// ```
public struct GrowthFit: Equatable, Sendable, Codable {
    /// Points used.
    public var count: Int
    /// Robust slope and its 95% interval, per unit of x (bytes per iteration).
    public var theilSen: TheilSen
    public var leastSquares: LeastSquares
    public var mannKendall: MannKendall
    /// Median of the last window minus median of the first (a tenth of the points each).
    public var drift: Double
    /// How many models one unit of x stands for (models per iteration).
    public var unitsPerX: Double

    /// Fewest points an analysis accepts.
    public static let minimumPoints = 5

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case tooFewPoints(Int)
        case constantX
        case nonFinite

        public var description: String {
            switch self {
            case let .tooFewPoints(n):
                return "only \(n) samples after warm-up; at least \(GrowthFit.minimumPoints) are needed (run more iterations or a shorter warm-up)"
            case .constantX: return "every sample has the same iteration; cannot fit a slope"
            case .nonFinite: return "the series holds a NaN or infinite value"
            }
        }
    }

    /// - Parameters:
    ///   - x: positions (iterations), increasing.
    ///   - y: the metric at each position.
    ///   - unitsPerX: models per unit of x, to turn slopes into bytes per model.
    /// - Throws: `Failure` when the series cannot be analysed.
    public init(x: [Double], y: [Double], unitsPerX: Double = 1) throws(Failure) {
        guard x.count == y.count, x.count >= Self.minimumPoints else { throw .tooFewPoints(min(x.count, y.count)) }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { throw .nonFinite }
        guard let first = x.first, x.contains(where: { $0 != first }) else { throw .constantX }
        count = x.count
        theilSen = TheilSen(x: x, y: y)
        leastSquares = LeastSquares(x: x, y: y)
        mannKendall = MannKendall(y)
        let window = max(1, x.count / 10)
        drift = Statistics.median(Array(y.suffix(window))) - Statistics.median(Array(y.prefix(window)))
        self.unitsPerX = unitsPerX > 0 ? unitsPerX : 1
    }

    /// Robust slope per unit of x (bytes per iteration).
    public var slopePerX: Double { theilSen.slope }
    /// Robust slope per model.
    public var slopePerUnit: Double { theilSen.slope / unitsPerX }
    /// 95% interval of the slope per model.
    public var ci95PerUnit: ClosedRange<Double> {
        let a = theilSen.ci95Low / unitsPerX, b = theilSen.ci95High / unitsPerX
        return min(a, b)...max(a, b)
    }

    /// The verdict for a tolerance ε given per model.
    public func verdict(epsilon: Double) -> Verdict {
        Verdict.decide(interval: ci95PerUnit, epsilon: epsilon)
    }
}
