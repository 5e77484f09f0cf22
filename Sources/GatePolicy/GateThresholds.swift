import Analysis
import Model

/// How far a figure may exceed its baseline before the gate calls it a regression:
/// `measured > baseline + max(absolute, relative × |baseline|)`. Falling below
/// `baseline − that` is reported as an improvement.
public struct Tolerance: Codable, Sendable, Equatable {
    /// Fraction of the baseline value.
    public var relative: Double
    /// Bytes per model.
    public var absolute: Double

    public init(relative: Double, absolute: Double) {
        self.relative = relative
        self.absolute = absolute
    }

    public func allowance(for baseline: Double) -> Double { max(absolute, relative * abs(baseline)) }
}

/// Named tolerance presets, with per-metric overrides.
public struct GateThresholds: Codable, Sendable, Equatable {
    public var name: String
    public var tolerance: Tolerance
    public var overrides: [Metric: Tolerance]

    public init(name: String, tolerance: Tolerance, overrides: [Metric: Tolerance] = [:]) {
        self.name = name
        self.tolerance = tolerance
        self.overrides = overrides
    }

    /// 2% or 2 B/model: for loops whose figures are exact (the thread counter is).
    public static let strict = GateThresholds(name: "strict", tolerance: Tolerance(relative: 0.02, absolute: 2))
    /// 10% or 8 B/model.
    public static let `default` = GateThresholds(name: "default", tolerance: Tolerance(relative: 0.10, absolute: 8))
    /// 25% or 32 B/model: for noisy process-wide metrics or shared CI machines.
    public static let relaxed = GateThresholds(name: "relaxed", tolerance: Tolerance(relative: 0.25, absolute: 32))

    public static let presets = [strict, `default`, relaxed]

    /// The preset called `name` (`strict`, `default` or `relaxed`), if there is one.
    public static func preset(named name: String) -> GateThresholds? { presets.first { $0.name == name } }

    public func tolerance(for metric: Metric) -> Tolerance { overrides[metric] ?? tolerance }
}
