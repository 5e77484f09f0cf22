/// The answers a growth analysis gives to the one-sided question "does it grow?".
///
/// - GROWING: it grows — the interval's lower bound is above +ε.
/// - CONSTANT or SHRINKING: it does not grow — the upper bound is at most +ε. CONSTANT
///   when the whole interval lies inside ±ε (an equivalence test, not merely "no
///   significant slope"); SHRINKING when the lower bound is below −ε (a heap that drifts
///   down as a runtime settles, or frees what it cached). When the lower bound is no
///   bound at all (`TheilSen.isLowerBounded`), a not-growing arm is CONSTANT: nothing
///   shows it shrinking.
/// - INCONCLUSIVE: cannot tell yet — the interval straddles +ε, or there are too few points.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case growing = "GROWING"
    case constant = "CONSTANT"
    case shrinking = "SHRINKING"
    case inconclusive = "INCONCLUSIVE"

    /// Decides from a slope's confidence interval and a tolerance, all in the same unit.
    /// - Parameters:
    ///   - interval: the confidence interval of the slope (low, high).
    ///   - epsilon: the tolerance ε ≥ 0.
    public static func decide(interval: ClosedRange<Double>, epsilon: Double) -> Verdict {
        if interval.lowerBound > epsilon { return .growing }
        guard interval.upperBound <= epsilon else { return .inconclusive }
        return interval.lowerBound >= -epsilon ? .constant : .shrinking
    }

    /// "It does not grow": CONSTANT or SHRINKING.
    public var isNotGrowing: Bool { self == .constant || self == .shrinking }

    /// Whether the question is answered: growing or not growing.
    public var isDecided: Bool { self != .inconclusive }
}
