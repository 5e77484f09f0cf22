/// Everything MemLoop says about one metric's series after warm-up.
///
/// ```swift
/// let fit = try GrowthFit(x: iterations, y: liveBytes, unitsPerX: modelsPerIteration)
/// fit.verdict(epsilon: 8)   // GROWING / CONSTANT / INCONCLUSIVE, in bytes per model
/// ```
package struct GrowthFit: Equatable, Sendable, Codable {
    /// Points used.
    package var count: Int
    /// Robust slope and its (1−alpha) interval, 95% by default, per unit of x (bytes per iteration).
    package var theilSen: TheilSen
    package var leastSquares: LeastSquares
    package var mannKendall: MannKendall
    /// Median of the last window minus median of the first (a tenth of the points each).
    package var drift: Double
    /// How many models one unit of x stands for (models per iteration).
    package var unitsPerX: Double
    /// The lasting change of level at the end of the series: how far all of the last k
    /// points lie above (their minimum) or below (their maximum) the median of the first
    /// window, for k = 1, 2, 4, … up to the window, and the last window's median (`drift`);
    /// the one of largest magnitude. k = 1 sees a step on the very last sample, which the
    /// medians of `drift` and the Theil–Sen slope both ignore; a spike among the last few
    /// points that is gone again by the last of them is no lasting change.
    package var endChange: Double
    /// Scale of the noise around the robust line: 1.4826 × the median absolute deviation
    /// of the residuals (σ for Gaussian noise). Zero for an exact series, however it steps
    /// late: a step covering less than half the points moves no median.
    package var noise: Double
    /// Models the analysed points span: (last x − first x) × `unitsPerX`.
    package var modelsSpanned: Double
    /// The one lasting step the series took once and then held (a runtime's one-off event),
    /// left out of every figure above; `nil` when there was none (see ``LastingStep``).
    package var oneOffStep: LastingStep?
    /// Both bounds of the interval are at one level (no `upperAlpha`, or the same as `alpha`).
    package var boundsShareALevel: Bool
    /// Robust scale of the step from one sample to the next: 1.4826 × the median absolute
    /// deviation of successive differences (one-off step taken out). It measures the noise
    /// alone — a change of slope, which widens the interval around one line, barely moves it
    /// — and is zero for an exact series, which steps by the same amount every time.
    package var stepNoise: Double

    /// Fewest points an analysis accepts.
    package static let minimumPoints = 5

    package enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case tooFewPoints(Int)
        case constantX
        case nonFinite

        package var description: String {
            switch self {
            case let .tooFewPoints(n):
                return "only \(n) samples after warm-up; at least \(GrowthFit.minimumPoints) are needed (run more iterations or a shorter warm-up)"
            case .constantX: return "every sample has the same iteration; cannot fit a slope"
            case .nonFinite: return "the series holds a NaN or infinite value, or values so far apart that their differences overflow"
            }
        }
    }

    /// - Parameters:
    ///   - x: positions (iterations), increasing.
    ///   - y: the metric at each position.
    ///   - unitsPerX: models per unit of x, to turn slopes into bytes per model.
    ///   - alpha: the slope's interval misses with this probability: 0.05 for one look
    ///     at the data; smaller when a run looks several times (`--until-decided`).
    ///   - upperAlpha: when given, the upper bound comes from the interval that misses
    ///     with this probability instead (see `TheilSen.init`): `--until-decided` spends
    ///     its small levels on the lower bound, which stops a look on GROWING, and decides
    ///     "does not grow" once, at the last look, on the 95% upper bound.
    /// - Throws: `Failure` when the series cannot be analysed.
    package init(x: [Double], y: [Double], unitsPerX: Double = 1, alpha: Double = 0.05, upperAlpha: Double? = nil) throws(Failure) {
        guard x.count == y.count, x.count >= Self.minimumPoints else { throw .tooFewPoints(min(x.count, y.count)) }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { throw .nonFinite }
        guard let first = x.first, x.contains(where: { $0 != first }) else { throw .constantX }
        // Differences of the values must be finite, or every slope below is NaN.
        guard let xLow = x.min(), let xHigh = x.max(), let yLow = y.min(), let yHigh = y.max(),
            (xHigh - xLow).isFinite, (yHigh - yLow).isFinite
        else { throw .nonFinite }
        count = x.count
        boundsShareALevel = upperAlpha == nil || upperAlpha == alpha
        // Slope and interval from pairs on one side of a one-off step; every other
        // figure from the series with the step taken out.
        let breakIndex = LastingStep.oneOffIndex(y: y)
        theilSen = TheilSen(x: x, y: y, alpha: alpha, upperAlpha: upperAlpha, breakIndex: breakIndex)
        let step = breakIndex == nil ? nil : LastingStep.oneOff(x: x, y: y, slope: theilSen.slope)
        oneOffStep = step
        let y = step?.removed(from: y) ?? y
        leastSquares = LeastSquares(x: x, y: y)
        mannKendall = MannKendall(y)
        let window = max(1, x.count / 10)
        let start = Statistics.median(Array(y.prefix(window)))
        drift = Statistics.median(Array(y.suffix(window))) - start
        var endChange = drift
        // The series before its last window: the transient range the end is held to.
        let before = Array(y.dropLast(window))
        var k = 1
        while k < window {
            // A lasting change moves every one of the last k points; a transient spike (a
            // worker thread's buffer, freed again) moves some. So the last k points' lower
            // envelope tells a rise and their upper envelope a fall — the same as their
            // median on an exact series, but not lifted by one spike among them. And a rise
            // no higher than k points in a row rose before, and came back from, is the
            // series' own transient range: only what exceeds it counts.
            let last = y.suffix(k)
            let rise = (last.min() ?? start) - start, fall = (last.max() ?? start) - start
            let change: Double
            if rise > 0 {
                change = max(0, rise - max(0, Self.excursion(before, run: k, up: true) - start))
            } else if fall < 0 {
                change = min(0, fall - min(0, Self.excursion(before, run: k, up: false) - start))
            } else {
                change = 0
            }
            if abs(change) > abs(endChange) { endChange = change }
            k *= 2
        }
        self.endChange = endChange
        let steps = (1..<y.count).map { y[$0] - y[$0 - 1] }
        let stepCentre = Statistics.median(steps)
        stepNoise = 1.4826 * Statistics.median(steps.map { abs($0 - stepCentre) })
        let slope = theilSen.slope
        let residuals = zip(x, y).map { $1 - slope * $0 }
        let centre = Statistics.median(residuals)
        noise = 1.4826 * Statistics.median(residuals.map { abs($0 - centre) })
        self.unitsPerX = unitsPerX.isFinite && unitsPerX > 0 ? unitsPerX : 1
        modelsSpanned = (xHigh - xLow) * self.unitsPerX
        // Points so close in x that a slope overflows, or spans beyond Double's range.
        let figures = [theilSen.slope, theilSen.ci95Low, theilSen.ci95High, leastSquares.slope, drift, endChange, noise, modelsSpanned]
        guard figures.allSatisfy(\.isFinite) else { throw .nonFinite }
    }

    /// The highest level (`up`) or lowest (`!up`) that `run` points in a row all reached:
    /// the largest over every stretch of `run` consecutive points of its minimum (or
    /// maximum). A sliding window with a monotonic queue: O(n) however long the run.
    package static func excursion(_ y: [Double], run: Int, up: Bool) -> Double {
        guard run >= 1, y.count >= run else { return up ? -Double.infinity : Double.infinity }
        // Indices whose values stay monotonic: the front is the stretch's minimum (maximum).
        var queue: [Int] = []
        queue.reserveCapacity(run)
        var head = 0
        var best = up ? -Double.infinity : Double.infinity
        for i in y.indices {
            while queue.count > head, up ? y[queue[queue.count - 1]] >= y[i] : y[queue[queue.count - 1]] <= y[i] { queue.removeLast() }
            queue.append(i)
            if queue[head] <= i - run { head += 1 }
            guard i >= run - 1 else { continue }
            let extreme = y[queue[head]]
            best = up ? max(best, extreme) : min(best, extreme)
        }
        return best
    }

    /// How far the end may lie from the start for a CONSTANT verdict: what a slope of ε
    /// per model adds over the models spanned, plus six noise scales (a single Gaussian
    /// point then falls outside about once in 10⁷; uniform noise never does).
    /// Bytes per model × models + bytes: the rule holds in any unit and any models per
    /// iteration.
    package func endChangeTolerance(epsilon: Double) -> Double {
        epsilon * modelsSpanned + Self.noiseAllowance * noise
    }

    /// Noise scales the end of a CONSTANT series may lie from its start.
    package static let noiseAllowance = 6.0

    /// Robust slope per unit of x (bytes per iteration).
    package var slopePerX: Double { theilSen.slope }
    /// Robust slope per model.
    package var slopePerUnit: Double { theilSen.slope / unitsPerX }
    /// The (1−alpha) interval of the slope per model, 95% by default.
    package var ci95PerUnit: ClosedRange<Double> {
        let a = theilSen.ci95Low / unitsPerX, b = theilSen.ci95High / unitsPerX
        return min(a, b)...max(a, b)
    }

    /// The verdict for a tolerance ε given per model (see ``Verdict``).
    ///
    /// The Theil–Sen interval decides GROWING and rules CONSTANT out, but it is blind to
    /// a lasting step that covers less than about a third of the points: a clear arm
    /// that gains 4 KiB at sample 91 of 100, or 1 MiB on its last sample, still has the
    /// interval [0, 0]. So CONSTANT also needs the level at the end to lie within
    /// `endChangeTolerance(epsilon:)` of the start; otherwise the series is INCONCLUSIVE
    /// (it may be the first chunk of a leak the allocator has only begun to show — run
    /// longer). A step in the first twentieth of the points is absorbed by the start's
    /// median: it is read as warm-up that ran a few samples short, since everything after
    /// it is flat.
    ///
    /// A series that does not grow by its slope but ends far above its start is
    /// INCONCLUSIVE for the same reason; one that ends far below it is SHRINKING.
    package func verdict(epsilon: Double) -> Verdict {
        let bySlope = Verdict.decide(interval: ci95PerUnit, epsilon: epsilon)
        guard bySlope.isNotGrowing else { return bySlope }
        // An upper bound that is only the steepest pair (`TheilSen.isBounded`) says nothing
        // about the rate: whatever tolerance it would meet, the loop cannot be called
        // constant on it.
        if !theilSen.isBounded { return .inconclusive }
        // A lower bound that is no bound (a later look's small level on dependent samples)
        // shows no decline: the arm does not grow, and is not called SHRINKING on it.
        let notGrowing = bySlope == .shrinking && !theilSen.isLowerBounded ? Verdict.constant : bySlope
        let tolerance = endChangeTolerance(epsilon: epsilon)
        if endChange > tolerance { return .inconclusive }
        return endChange < -tolerance ? .shrinking : notGrowing
    }

    /// The least rate per model a series of this many samples resolves, from its step noise
    /// alone: twice the 95% half width of the drift of a random walk with steps of that
    /// size — the most a wandering heap can feign over the window — 4 × step noise ÷ √n per
    /// sample spacing. Zero for an exact series.
    package var noiseResolutionPerUnit: Double {
        guard count > 1, modelsSpanned > 0 else { return 0 }
        let spacingInModels = modelsSpanned / Double(count - 1)
        return 4 * stepNoise / (Double(count).squareRoot() * spacingInModels)
    }

    /// Half the width of the slope's interval per model: the least rate the series resolves.
    /// When the bounds have different levels (`upperAlpha`), or the lower one is no bound,
    /// the upper bound's distance from the slope: the tolerance then follows the bound that
    /// decides "does not grow", not a stricter level's or the steepest pair's.
    package var halfWidthPerUnit: Double {
        guard boundsShareALevel, theilSen.isLowerBounded else { return max(0, ci95PerUnit.upperBound - slopePerUnit) }
        return (ci95PerUnit.upperBound - ci95PerUnit.lowerBound) / 2
    }
}
