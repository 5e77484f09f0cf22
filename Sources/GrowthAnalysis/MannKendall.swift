/// Mann–Kendall trend test: S counts rising minus falling pairs; its normal
/// approximation (with the tie correction) gives a two-sided p-value.
package struct MannKendall: Equatable, Sendable, Codable {
    package var s: Double
    package var z: Double
    package var p: Double

    package init(_ y: [Double]) {
        let picked = Statistics.evenlySpaced(count: y.count, limit: TheilSen.maxPoints).map { y[$0] }
        var s = 0.0
        for i in 0..<picked.count {
            for j in (i + 1)..<picked.count {
                s += picked[j] > picked[i] ? 1 : (picked[j] < picked[i] ? -1 : 0)
            }
        }
        let variance = Self.variance(picked)
        self.s = s
        if variance == 0 {
            z = 0
        } else if s > 0 {
            z = (s - 1) / variance.squareRoot()
        } else if s < 0 {
            z = (s + 1) / variance.squareRoot()
        } else {
            z = 0
        }
        p = variance == 0 ? 1 : Statistics.twoSidedP(z)
    }

    /// Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18, t over groups of tied values.
    static func variance(_ y: [Double]) -> Double {
        guard y.count >= 2 else { return 0 }
        let n = Double(y.count)
        var ties: [Double: Int] = [:]
        for value in y { ties[value, default: 0] += 1 }
        let correction = ties.values.reduce(0.0) { sum, t in
            let t = Double(t)
            return sum + t * (t - 1) * (2 * t + 5)
        }
        return max(0, (n * (n - 1) * (2 * n + 5) - correction) / 18)
    }
}
