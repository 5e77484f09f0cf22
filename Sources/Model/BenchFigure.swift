/// One measured figure: the median of repeated runs, with their minimum and maximum.
package struct BenchFigure: Codable, Sendable, Equatable {
    package var name: String
    package var unit: String
    package var median: Double
    package var min: Double
    package var max: Double
    package var repeats: Int
    /// The target it is held to, when the project has one (same unit).
    package var target: Double?
    /// Whether lower is better (times, bytes) — for the target comparison.
    package var lowerIsBetter: Bool

    package init(name: String, unit: String, values: [Double], target: Double? = nil, lowerIsBetter: Bool = true) {
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
    package var meetsTarget: Bool? {
        guard let target else { return nil }
        return lowerIsBetter ? median <= target : median >= target
    }
}
