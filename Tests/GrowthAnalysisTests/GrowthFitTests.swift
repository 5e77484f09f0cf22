import GrowthAnalysis
import PropertyBased
import TestSupport
import Testing

@Suite struct GrowthFitTests {
    @Test func exactLineGivesItsSlopeAndAZeroWidthInterval() throws {
        let series = SyntheticSeries.linear(count: 100, slope: 16)
        let fit = try GrowthFit(x: series.x, y: series.y)
        #expect(fit.theilSen.slope == 16)
        #expect(fit.theilSen.ci95Low == 16)
        #expect(fit.theilSen.ci95High == 16)
        #expect(fit.leastSquares.slope == 16)
        #expect(fit.leastSquares.rSquared == 1)
        #expect(fit.mannKendall.p < 1e-10)
        #expect(fit.drift == 16 * 90)
        #expect(fit.verdict(epsilon: 8) == .growing)
    }

    @Test func leakPlusNoiseIsGrowingAtSixteenWithinOne() throws {
        let series = SyntheticSeries.linear(count: 1_000, slope: 16, noise: 64)
        let fit = try GrowthFit(x: series.x, y: series.y)
        #expect(abs(fit.slopePerUnit - 16) < 1)
        #expect(fit.ci95PerUnit.lowerBound > 15 && fit.ci95PerUnit.upperBound < 17)
        #expect(fit.verdict(epsilon: 8) == .growing)
    }

    @Test func flatPlusNoiseIsConstantNotGrowing() throws {
        let series = SyntheticSeries.linear(count: 1_000, slope: 0, noise: 64)
        let fit = try GrowthFit(x: series.x, y: series.y)
        #expect(fit.ci95PerUnit.lowerBound > -1 && fit.ci95PerUnit.upperBound < 1)
        #expect(fit.verdict(epsilon: 8) == .constant)
        #expect(fit.mannKendall.p > 0.01)
    }

    @Test func exactlyFlatIsConstantForAnyPositiveEpsilon() throws {
        let series = SyntheticSeries.linear(count: 50, slope: 0)
        let fit = try GrowthFit(x: series.x, y: series.y)
        #expect(fit.ci95PerUnit == 0...0)
        #expect(fit.verdict(epsilon: 0.001) == .constant)
        #expect(fit.mannKendall.p == 1)
    }

    @Test func aStepAtTheStartIsRemovedByWarmUp() throws {
        let series = SyntheticSeries.linear(count: 100, slope: 0).withStep(at: 3, height: 1_000_000)
        let raw = try GrowthFit(x: series.x, y: series.y)
        #expect(raw.oneOffStep == LastingStep(index: 3, x: 3, size: 1_000_000), "a step with the level held after it is a one-off")
        #expect(raw.leastSquares.slope == 0, "taken out, it pulls no line")
        let warm = series.droppingFirst(5)
        let fit = try GrowthFit(x: warm.x, y: warm.y)
        #expect(fit.verdict(epsilon: 1) == .constant)
    }

    @Test func aSingleLateStepDoesNotMakeTheRobustSlopeGrow() throws {
        let series = SyntheticSeries.linear(count: 100, slope: 0, noise: 8).withStep(at: 90, height: 4_096)
        let fit = try GrowthFit(x: series.x, y: series.y)
        #expect(fit.theilSen.slope < 1)
        #expect(fit.leastSquares.slope > 10, "least squares sees the step as a slope")
        #expect(fit.verdict(epsilon: 8) != .growing)
        #expect(abs(fit.drift - 4_096) < 16, "drift shows the step")
    }

    @Test func tooFewPointsIsAnErrorThatSaysHowMany() {
        #expect(throws: GrowthFit.Failure.tooFewPoints(3)) { try GrowthFit(x: [0, 1, 2], y: [1, 2, 3]) }
        #expect(GrowthFit.Failure.tooFewPoints(3).description.contains("only 3 samples"))
        #expect(throws: GrowthFit.Failure.constantX) { try GrowthFit(x: [1, 1, 1, 1, 1], y: [1, 2, 3, 4, 5]) }
        #expect(throws: GrowthFit.Failure.nonFinite) { try GrowthFit(x: [0, 1, 2, 3, 4], y: [1, .nan, 3, 4, 5]) }
    }

    @Test func perModelFiguresDivideByModelsPerIteration() throws {
        let series = SyntheticSeries.linear(count: 100, slope: 3_520)
        let fit = try GrowthFit(x: series.x, y: series.y, unitsPerX: 10)
        #expect(fit.slopePerX == 3_520)
        #expect(fit.slopePerUnit == 352)
        #expect(fit.ci95PerUnit == 352...352)
    }

    @Test func verdictBoundaries() {
        #expect(Verdict.decide(interval: 9...20, epsilon: 8) == .growing)
        #expect(Verdict.decide(interval: 8...20, epsilon: 8) == .inconclusive)
        #expect(Verdict.decide(interval: -8...8, epsilon: 8) == .constant)
        #expect(Verdict.decide(interval: -9...0, epsilon: 8) == .shrinking, "the upper bound rules growth out")
        #expect(Verdict.decide(interval: -30 ... -20, epsilon: 8) == .shrinking)
        #expect(Verdict.decide(interval: -30...8, epsilon: 8) == .shrinking)
        #expect(Verdict.decide(interval: -30...9, epsilon: 8) == .inconclusive)
        #expect(Verdict.allCases.filter(\.isNotGrowing) == [.constant, .shrinking])
    }

    @Test func longSeriesAreThinnedButKeepTheirSlope() throws {
        let series = SyntheticSeries.linear(count: 20_000, slope: 2.5, noise: 10)
        let fit = try GrowthFit(x: series.x, y: series.y)
        #expect(abs(fit.theilSen.slope - 2.5) < 0.01)
        #expect(fit.count == 20_000)
    }
}

@Suite struct GrowthFitProperties {
    static let slopes = Gen.int(in: -10_000...10_000)

    @Test func slopeOfAConstructedLineIsExact() async {
        await propertyCheck(count: 200, input: Self.slopes, Gen.int(in: 5...200)) { slope, count in
            let series = SyntheticSeries.linear(count: count, slope: Double(slope))
            let fit = try! GrowthFit(x: series.x, y: series.y)
            #expect(fit.theilSen.slope == Double(slope))
            #expect(abs(fit.leastSquares.slope - Double(slope)) < 1e-6)
        }
    }

    @Test func addingAConstantChangesNoSlope() async {
        await propertyCheck(count: 100, input: Self.slopes, Gen.int(in: -1_000_000...1_000_000)) { slope, shift in
            let series = SyntheticSeries.linear(count: 60, slope: Double(slope), noise: 50)
            let shifted = series.y.map { $0 + Double(shift) }
            let a = try! GrowthFit(x: series.x, y: series.y), b = try! GrowthFit(x: series.x, y: shifted)
            #expect(abs(a.theilSen.slope - b.theilSen.slope) < 1e-6)
            #expect(abs(a.theilSen.ci95Low - b.theilSen.ci95Low) < 1e-6)
        }
    }

    @Test func scalingTheSeriesScalesTheSlope() async {
        await propertyCheck(count: 100, input: Self.slopes, Gen.int(in: 1...64)) { slope, factor in
            let series = SyntheticSeries.linear(count: 60, slope: Double(slope), noise: 50)
            let scaled = series.y.map { $0 * Double(factor) }
            let a = try! GrowthFit(x: series.x, y: series.y), b = try! GrowthFit(x: series.x, y: scaled)
            #expect(abs(a.theilSen.slope * Double(factor) - b.theilSen.slope) < 1e-6 * max(1, abs(b.theilSen.slope)))
        }
    }
}

/// An exact series drawn in whole regions and chunks: no noise, so no serial dependence to
/// widen its interval for.
@Suite struct ExactStaircaseTests {
    /// 160 B per model kept, plus the registry array doubling (a +256 B and a +512 B jump):
    /// the swift-loop example's noclear arm.
    @Test func aSteadyLeakWithDoublingJumpsIsGrowingAtItsRate() throws {
        let x = (20..<120).map(Double.init)
        let y = x.map { 160 * $0 + ($0 >= 32 ? 256 : 0) + ($0 >= 64 ? 512 : 0) }
        let fit = try GrowthFit(x: x, y: y)
        #expect(fit.theilSen.varianceFactor == 1)
        #expect(fit.verdict(epsilon: max(4, 2 * fit.halfWidthPerUnit)) == .growing, "\(fit.ci95PerUnit)")
        #expect(fit.ci95PerUnit.lowerBound >= 160 && fit.ci95PerUnit.upperBound < 200, "\(fit.ci95PerUnit)")
    }

    @Test func noiseIsStillCorrectedForDependence() throws {
        var generator = NoiseGenerator(seed: 7)
        var level = 0.0
        let x = (0..<200).map(Double.init)
        let y = x.map { _ in
            level = 0.9 * level + generator.uniform(in: -1_000...1_000)
            return level
        }
        #expect(try GrowthFit(x: x, y: y).theilSen.varianceFactor > 2)
    }
}
