/// Ordinary least squares with several predictors: `y ≈ b₀ + b₁·x₁ + … + bₖ·xₖ`,
/// solved from the normal equations by Gaussian elimination with partial pivoting.
package struct LinearModel: Equatable, Sendable, Codable {
    /// Intercept first, then one coefficient per predictor.
    package var coefficients: [Double]
    package var rSquared: Double

    package enum Failure: Error, Equatable, Sendable {
        /// Fewer observations than coefficients, or predictors that are linear combinations of each other.
        case underdetermined
    }

    /// - Parameters:
    ///   - rows: one array of predictor values per observation (all the same length).
    ///   - y: the observed values.
    package init(rows: [[Double]], y: [Double]) throws(Failure) {
        let k = (rows.first?.count ?? 0) + 1
        guard rows.count == y.count, rows.count >= k, rows.allSatisfy({ $0.count == k - 1 }) else { throw .underdetermined }
        let design = rows.map { [1.0] + $0 }
        var a = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
        for (row, value) in zip(design, y) {
            for i in 0..<k {
                for j in 0..<k { a[i][j] += row[i] * row[j] }
                a[i][k] += row[i] * value
            }
        }
        for column in 0..<k {
            let pivot = (column..<k).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            guard abs(a[pivot][column]) > 1e-9 * max(1, abs(a[column][column])) else { throw .underdetermined }
            a.swapAt(column, pivot)
            for row in 0..<k where row != column {
                let factor = a[row][column] / a[column][column]
                for j in column...k { a[row][j] -= factor * a[column][j] }
            }
        }
        let solution = (0..<k).map { a[$0][k] / a[$0][$0] }
        coefficients = solution
        let mean = y.reduce(0, +) / Double(y.count)
        var residual = 0.0, total = 0.0
        for (row, value) in zip(design, y) {
            let predicted = zip(row, solution).reduce(0) { $0 + $1.0 * $1.1 }
            residual += (value - predicted) * (value - predicted)
            total += (value - mean) * (value - mean)
        }
        rSquared = total == 0 ? 1 : 1 - residual / total
    }

    /// The model's prediction for one observation's predictors.
    package func predict(_ predictors: [Double]) -> Double {
        zip([1.0] + predictors, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
