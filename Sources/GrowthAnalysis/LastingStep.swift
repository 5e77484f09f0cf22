/// A lasting change of level between two consecutive samples: the series moves by
/// `size` and stays there. Runtimes make these once — a worker thread's buffer, a lazy
/// initialisation, a cache's first chunk — and they are not retention per iteration.
///
/// ```swift
/// let fit = try GrowthFit(x: iterations, y: bytes)
/// fit.oneOffStep?.size   // +4,000 B at one iteration, left out of the rate
/// ```
///
/// A series with exactly one lasting step, followed by enough samples to show that the
/// level then holds (``minimumShareAfter`` of the points, at least ``minimumPointsAfter``),
/// is analysed with the step taken out. Two or more lasting steps are kept: a leak that
/// comes a chunk at a time steps again and again, and is growth. A step too close to the
/// end is kept too: it may be the first chunk of such a leak (run longer to tell).
public struct LastingStep: Codable, Sendable, Equatable {
    /// Index of the first point after the step.
    public var index: Int
    /// The x (iteration) of that point.
    public var x: Double
    /// The change of level, in the series' unit: the median residual (around the line
    /// fitted on each side of the step) after the step minus the median before.
    public var size: Double

    public init(index: Int, x: Double, size: Double) {
        self.index = index
        self.x = x
        self.size = size
    }

    /// Points each side whose medians measure a step's size and tell it from a spike.
    public static let neighbourhood = 10
    /// A difference is a step candidate beyond this many noise scales of the differences.
    public static let noiseScales = 8.0
    /// Share of the points that must follow a one-off step.
    public static let minimumShareAfter = 0.25
    /// Fewest points that must follow a one-off step.
    public static let minimumPointsAfter = 20

    /// Every lasting step in the series: differences between consecutive points that are
    /// far outside the differences' own spread (``noiseScales`` × 1.4826 × their median
    /// absolute deviation; any change at all for an exact series), whose level holds on
    /// the far side. A spike that comes back is not a step.
    public static func find(y: [Double]) -> [(index: Int, size: Double)] {
        guard y.count >= 3 else { return [] }
        let differences = (1..<y.count).map { y[$0] - y[$0 - 1] }
        let centre = Statistics.median(differences)
        let spread = 1.4826 * Statistics.median(differences.map { abs($0 - centre) })
        let threshold = noiseScales * spread
        var steps: [(index: Int, size: Double)] = []
        var k = 0
        while k < differences.count {
            guard abs(differences[k] - centre) > threshold else {
                k += 1
                continue
            }
            // A change spread over consecutive samples is one step.
            var end = k
            while end + 1 < differences.count, abs(differences[end + 1] - centre) > threshold,
                (differences[end + 1] > centre) == (differences[k] > centre)
            {
                end += 1
            }
            let after = end + 1
            let before = Array(y[max(0, k + 1 - neighbourhood)...k])
            let following = Array(y[after..<min(y.count, after + neighbourhood)])
            let size = Statistics.median(following) - Statistics.median(before) - centre * Double(after - k)
            let jump = differences[k...end].reduce(0, +) - centre * Double(after - k)
            // Lasting: the level on the far side keeps at least half of the jump.
            if abs(size) > threshold, size.sign == jump.sign, abs(size) >= abs(jump) / 2 {
                steps.append((after, size))
            }
            k = end + 1
        }
        return steps
    }

    /// The one-off step of a series, or `nil` when it has none, or more than one, or one
    /// too close to either end to show that the level holds.
    /// - Parameters:
    ///   - slope: the series' slope from pairs on one side of the step
    ///     (`TheilSen(breakIndex: oneOffIndex(y:))`), to measure the step's size against.
    public static func oneOff(x: [Double], y: [Double], slope: Double) -> LastingStep? {
        guard let index = oneOffIndex(y: y) else { return nil }
        let before = (0..<index).map { y[$0] - slope * x[$0] }
        let after = (index..<y.count).map { y[$0] - slope * x[$0] }
        // Medians of whole sides: ten points a side would leave an error of a third of the
        // noise, which the slope would then read as a step of its own.
        return LastingStep(index: index, x: x[index], size: Statistics.median(after) - Statistics.median(before))
    }

    /// Index of the first point after the series' one-off step, if it has one.
    public static func oneOffIndex(y: [Double]) -> Int? {
        let steps = find(y: y)
        guard steps.count == 1, let step = steps.first else { return nil }
        let after = y.count - step.index
        guard after >= minimumPointsAfter, Double(after) >= minimumShareAfter * Double(y.count), step.index >= 2 else { return nil }
        return step.index
    }

    /// `y` with this step taken out: its size subtracted from every point after it.
    public func removed(from y: [Double]) -> [Double] {
        var flattened = y
        for i in index..<y.count { flattened[i] -= size }
        return flattened
    }
}
