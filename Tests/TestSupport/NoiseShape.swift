import Foundation

/// Series that do not grow, shaped like the noise of real runtimes' heaps, for calibrating
/// the false-positive rate of the growth verdict: each has a true retention rate of zero
/// (or below zero, for the drift), so any GROWING verdict on one is a false positive.
package enum NoiseShape: String, CaseIterable, Sendable {
    /// Independent Gaussian noise, σ = 1,000 B.
    case independent
    /// AR(1) noise, φ = 0.9, innovations σ = 1,000 B: a heap whose state carries over
    /// about ten samples (thread caches, a collector).
    case autocorrelated
    /// AR(1) with φ = 0.98: state that carries over about fifty samples (a wandering heap).
    case wandering
    /// A sawtooth: +400 B per iteration for 25 iterations, then all released, at a random
    /// phase, plus σ = 100 B of noise: a collector that frees what piled up.
    case sawtooth
    /// Flat with σ = 100 B noise and one lasting step of +4,000 B at a random iteration in
    /// the first three quarters: another thread's buffer, a lazy initialisation.
    case oneOffStep
    /// A slow drift down, −5 B per iteration, under AR(1) noise (φ = 0.9, σ = 500 B): a
    /// runtime settling.
    case driftDown

    /// Whether Sen's interval for independent samples reads this shape as GROWING more
    /// often than 5% of the time (its samples are not independent, or it steps).
    package var challengesIndependence: Bool { self == .autocorrelated || self == .wandering || self == .oneOffStep }

    /// `count` points of this shape, reproducible from `seed`.
    package func series(count: Int, seed: UInt64) -> SyntheticSeries {
        var generator = NoiseGenerator(seed: seed)
        func gaussian() -> Double {
            let u = generator.uniform(in: Double.ulpOfOne...1), v = generator.uniform(in: 0...1)
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        func ar(_ phi: Double, _ sigma: Double) -> [Double] {
            // Started from the stationary distribution, so that the first points are not calmer.
            var value = gaussian() * sigma / (1 - phi * phi).squareRoot()
            return (0..<count).map { _ in
                defer { value = phi * value + sigma * gaussian() }
                return value
            }
        }
        let x = (0..<count).map(Double.init)
        let base = 50_000_000.0
        let noise: [Double]
        switch self {
        case .independent: noise = (0..<count).map { _ in 1_000 * gaussian() }
        case .autocorrelated: noise = ar(0.9, 1_000)
        case .wandering: noise = ar(0.98, 1_000)
        case .sawtooth:
            let phase = Int(generator.uniform(in: 0...24.999))
            noise = (0..<count).map { 400 * Double(($0 + phase) % 25) + 100 * gaussian() }
        case .oneOffStep:
            let at = Int(generator.uniform(in: (0.1 * Double(count))...(0.75 * Double(count))))
            noise = (0..<count).map { ($0 >= at ? 4_000 : 0) + 100 * gaussian() }
        case .driftDown:
            let wander = ar(0.9, 500)
            noise = (0..<count).map { -5 * Double($0) + wander[$0] }
        }
        return SyntheticSeries(x: x, y: noise.map { base + $0 })
    }
}
