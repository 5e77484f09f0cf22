/// One measured figure: the median of repeated runs, with their minimum and maximum.
public struct BenchFigure: Codable, Sendable, Equatable {
    public var name: String
    public var unit: String
    public var median: Double
    public var min: Double
    public var max: Double
    public var repeats: Int
    /// The target it is held to, when the project has one (same unit).
    public var target: Double?
    /// Whether lower is better (times, bytes) — for the target comparison.
    public var lowerIsBetter: Bool

    public init(name: String, unit: String, values: [Double], target: Double? = nil, lowerIsBetter: Bool = true) {
        let sorted = values.sorted()
        self.name = name
        self.unit = unit
        median = sorted.isEmpty ? .nan : (sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        min = sorted.first ?? .nan
        max = sorted.last ?? .nan
        repeats = values.count
        self.target = target
        self.lowerIsBetter = lowerIsBetter
    }

    /// Whether the median meets the target (nil without one).
    public var meetsTarget: Bool? {
        guard let target else { return nil }
        return lowerIsBetter ? median <= target : median >= target
    }
}
