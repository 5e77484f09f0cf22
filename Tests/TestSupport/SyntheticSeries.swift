import GraphCore

/// Series with known answers, for the analysis and report tests.
package struct SyntheticSeries {
    package var x: [Double]
    package var y: [Double]

    /// `slope·x + intercept` for x in `0..<count`, plus optional seeded uniform noise in ±`noise`.
    package static func linear(count: Int, slope: Double, intercept: Double = 1_000_000, noise: Double = 0, seed: UInt64 = 42) -> SyntheticSeries {
        var generator = NoiseGenerator(seed: seed)
        let x = (0..<count).map(Double.init)
        let y = x.map { slope * $0 + intercept + (noise > 0 ? generator.uniform(in: -noise...noise) : 0) }
        return SyntheticSeries(x: x, y: y)
    }

    /// Adds `height` to every point from `index` on.
    package func withStep(at index: Int, height: Double) -> SyntheticSeries {
        var copy = self
        for i in index..<y.count { copy.y[i] += height }
        return copy
    }

    /// Drops the first `count` points (warm-up).
    package func droppingFirst(_ count: Int) -> SyntheticSeries {
        SyntheticSeries(x: Array(x.dropFirst(count)), y: Array(y.dropFirst(count)))
    }
}

/// Reproducible noise, from GraphCore's seeded generator (SplitMix64).
package struct NoiseGenerator: RandomNumberGenerator {
    private var generator: SeededGenerator
    package init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    package mutating func next() -> UInt64 { generator.next() }
    package mutating func uniform(in range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }
}
