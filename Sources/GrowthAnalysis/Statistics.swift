#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small numeric helpers shared by the estimators.
package enum Statistics {
    /// Median of a non-empty array (mean of the middle two for even counts).
    package static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "median of nothing")
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid]
    }

    /// Two-sided p-value of a standard normal statistic.
    static func twoSidedP(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// z for a 95% two-sided interval.
    static let z95 = 1.959_963_984_540_054

    /// z of a two-sided interval that misses with probability `alpha` (0.05 → 1.96), by
    /// bisection on the normal tail: exact to 1e-12, no table.
    static func z(twoSidedAlpha alpha: Double) -> Double {
        guard alpha > 0, alpha < 1 else { return alpha <= 0 ? .infinity : 0 }
        if alpha == 0.05 { return z95 }
        var (low, high) = (0.0, 40.0)
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if twoSidedP(mid) > alpha { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    /// Student's t quantile with `df` degrees of freedom at the normal quantile `z`, by
    /// the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5): within 0.5% from 3
    /// degrees of freedom up, and exactly `z` in the limit.
    static func studentT(z: Double, degreesOfFreedom df: Double) -> Double {
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
        return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df)
    }

    /// Indices of at most `limit` points spread evenly over `0..<count`, first and last included.
    static func evenlySpaced(count: Int, limit: Int) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        return (0..<limit).map { Int((Double($0) * Double(count - 1) / Double(limit - 1)).rounded()) }
    }
}
