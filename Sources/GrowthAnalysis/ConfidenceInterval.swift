/// A two-sided confidence interval for a slope, in the unit of the figure it bounds.
///
/// Reports store it as the JSON array `[lower, upper]` (the schema since version 1);
/// decoding refuses anything but two numbers. When no interval could be computed (too
/// few points) both bounds are NaN: ``isKnown`` is false and ``range`` is `nil`.
public struct ConfidenceInterval: Codable, Sendable, Equatable, CustomStringConvertible {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public init(_ range: ClosedRange<Double>) {
        self.init(lower: range.lowerBound, upper: range.upperBound)
    }

    /// No interval: too few points, or nothing to fit.
    public static let unknown = ConfidenceInterval(lower: .nan, upper: .nan)

    /// Both bounds finite and in order.
    public var isKnown: Bool { lower.isFinite && upper.isFinite && lower <= upper }

    /// The interval as a range, when it is known.
    public var range: ClosedRange<Double>? { isKnown ? lower...upper : nil }

    /// Upper minus lower; NaN when unknown.
    public var width: Double { isKnown ? upper - lower : .nan }

    /// Whether the whole interval lies within ±`bound`.
    public func isWithin(_ bound: Double) -> Bool { isKnown && lower >= -bound && upper <= bound }

    public var description: String { isKnown ? "[\(lower), \(upper)]" : "n/a" }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let lower = try container.decode(Double.self)
        let upper = try container.decode(Double.self)
        guard container.isAtEnd else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "an interval is two numbers, [lower, upper]")
        }
        self.init(lower: lower, upper: upper)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(lower)
        try container.encode(upper)
    }
}
