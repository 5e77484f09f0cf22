/// The three answers a growth analysis can give.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    /// The 95% interval of the slope lies wholly above +ε.
    case growing = "GROWING"
    /// The 95% interval lies wholly inside ±ε (an equivalence test, not merely "no significant slope").
    case constant = "CONSTANT"
    /// Neither: the interval straddles ±ε, lies below −ε, or there are too few points.
    case inconclusive = "INCONCLUSIVE"

    /// Decides from a slope's confidence interval and a tolerance, all in the same unit.
    /// - Parameters:
    ///   - interval: the 95% confidence interval of the slope (low, high).
    ///   - epsilon: the tolerance ε ≥ 0.
    public static func decide(interval: ClosedRange<Double>, epsilon: Double) -> Verdict {
        if interval.lowerBound > epsilon { return .growing }
        if interval.lowerBound >= -epsilon && interval.upperBound <= epsilon { return .constant }
        return .inconclusive
    }
}
