/// Ordinary least-squares line and its coefficient of determination.
package struct LeastSquares: Equatable, Sendable, Codable {
    package var slope: Double
    package var intercept: Double
    /// R²; 1 for a perfect line, and defined as 1 when y is constant and the fit exact.
    package var rSquared: Double

    package init(x: [Double], y: [Double]) {
        precondition(x.count == y.count && x.count >= 2, "least squares needs two points of each")
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for (xi, yi) in zip(x, y) {
            sxx += (xi - mx) * (xi - mx)
            sxy += (xi - mx) * (yi - my)
            syy += (yi - my) * (yi - my)
        }
        slope = sxx == 0 ? 0 : sxy / sxx
        intercept = my - slope * mx
        rSquared = syy == 0 ? 1 : (sxx == 0 ? 0 : (sxy * sxy) / (sxx * syy))
    }
}
