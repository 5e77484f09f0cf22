import Analysis
import Model

/// How far a figure may exceed its baseline before the gate calls it a regression:
/// `measured > baseline + max(absolute, relative × |baseline|)`. Falling below
/// `baseline − that` is reported as an improvement.
package struct Tolerance: Codable, Sendable, Equatable {
    /// Fraction of the baseline value.
    package var relative: Double
    /// Bytes per model.
    package var absolute: Double

    package init(relative: Double, absolute: Double) {
        self.relative = relative
        self.absolute = absolute
    }

    package func allowance(for baseline: Double) -> Double { max(absolute, relative * abs(baseline)) }
}

/// Named tolerance presets, with per-metric overrides.
package struct GateThresholds: Codable, Sendable, Equatable {
    package var name: String
    package var tolerance: Tolerance
    package var overrides: [Metric: Tolerance]

    package init(name: String, tolerance: Tolerance, overrides: [Metric: Tolerance] = [:]) {
        self.name = name
        self.tolerance = tolerance
        self.overrides = overrides
    }

    /// 2% or 2 B/model: for loops whose figures are exact (the thread counter is).
    package static let strict = GateThresholds(name: "strict", tolerance: Tolerance(relative: 0.02, absolute: 2))
    /// 10% or 8 B/model.
    package static let `default` = GateThresholds(name: "default", tolerance: Tolerance(relative: 0.10, absolute: 8))
    /// 25% or 32 B/model: for noisy process-wide metrics or shared CI machines.
    package static let relaxed = GateThresholds(name: "relaxed", tolerance: Tolerance(relative: 0.25, absolute: 32))

    package static let presets = [strict, `default`, relaxed]

    /// The preset called `name` (`strict`, `default` or `relaxed`), if there is one.
    package static func preset(named name: String) -> GateThresholds? { presets.first { $0.name == name } }

    package func tolerance(for metric: Metric) -> Tolerance { overrides[metric] ?? tolerance }
}
