import Foundation
import GrowthAnalysis
import TestSupport
import Testing

/// A lasting step near the end moves no Theil–Sen slope (its interval stays [0, 0]),
/// so CONSTANT also needs the end level within ε per model × models spanned (plus
/// noise) of the start. Calibrated on synthetic series with known answers.
@Suite struct LastingStepTests {
    /// `count` points at 1 MB plus Gaussian noise of σ = `sigma` (Box–Muller, seeded).
    static func gaussian(count: Int, sigma: Double, seed: UInt64) -> SyntheticSeries {
        var generator = NoiseGenerator(seed: seed)
        var series = SyntheticSeries.linear(count: count, slope: 0)
        for i in series.y.indices {
            let u = generator.uniform(in: Double.ulpOfOne...1), v = generator.uniform(in: 0...1)
            series.y[i] += sigma * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        return series
    }

    @Test(arguments: [(90, 4_096.0), (91, 4_096.0), (95, 4_096.0), (98, 1_048_576.0), (99, 1_048_576.0), (78, 4_096.0)])
    func aLateLastingStepIsNotConstant(at index: Int, height: Double) throws {
        for noise in [0.0, 8] {
            let series = SyntheticSeries.linear(count: 100, slope: 0, noise: noise).withStep(at: index, height: height)
            let fit = try GrowthFit(x: series.x, y: series.y)
            #expect(fit.oneOffStep == nil, "too close to the end to show that the level holds")
            if noise == 0 { #expect(fit.ci95PerUnit.lowerBound == 0, "the slope's lower bound is blind to it") }
            #expect(abs(fit.endChange - height) <= 2 * noise, "step at \(index), noise \(noise): end change \(fit.endChange)")
            #expect(fit.verdict(epsilon: 4) == .inconclusive)
        }
    }

    /// A step followed by a quarter of the points at its new level is a one-off event (a
    /// thread's buffer, a lazy initialisation): taken out of the rate, reported on its own.
    @Test(arguments: [(10, 4_096.0), (40, 4_000.0), (55, -8_192.0), (75, 4_000.0)])
    func aStepThatHoldsIsAOneOff(at index: Int, height: Double) throws {
        for noise in [0.0, 8] {
            let series = SyntheticSeries.linear(count: 100, slope: 0, noise: noise).withStep(at: index, height: height)
            let fit = try GrowthFit(x: series.x, y: series.y)
            let step = try #require(fit.oneOffStep, "step at \(index), noise \(noise)")
            #expect(step.index == index && abs(step.size - height) <= 2 * noise)
            #expect(fit.verdict(epsilon: 4) == .constant, "step at \(index), noise \(noise): \(fit.ci95PerUnit)")
        }
    }

    /// Two lasting steps are not a one-off: a leak that comes a chunk at a time steps again.
    @Test func repeatedStepsAreGrowth() throws {
        let series = SyntheticSeries.linear(count: 100, slope: 0).withStep(at: 30, height: 4_096).withStep(at: 60, height: 4_096)
        let fit = try GrowthFit(x: series.x, y: series.y)
        #expect(fit.oneOffStep == nil)
        #expect(!fit.verdict(epsilon: 4).isNotGrowing, "two steps are not a one-off")
        let steady = SyntheticSeries.linear(count: 100, slope: 0)
        var chunks = steady
        for i in chunks.y.indices { chunks.y[i] += 4_096 * Double(i / 10) }
        #expect(try GrowthFit(x: chunks.x, y: chunks.y).verdict(epsilon: 4) == .growing, "a 4 KiB chunk every 10 iterations")
    }

    @Test func theToleranceIsPerModelTimesModelsSpanned() throws {
        let series = SyntheticSeries.linear(count: 100, slope: 0).withStep(at: 91, height: 4_096)
        // 10 models per iteration: 990 models × 4 B = 3,960 B < 4,096 B.
        let ten = try GrowthFit(x: series.x, y: series.y, unitsPerX: 10)
        #expect(ten.modelsSpanned == 990)
        #expect(ten.endChangeTolerance(epsilon: 4) == 3_960)
        #expect(ten.verdict(epsilon: 4) == .inconclusive)
        // 100 models per iteration: 4 KiB over 9,900 models is 0.41 B/model, inside ε.
        let hundred = try GrowthFit(x: series.x, y: series.y, unitsPerX: 100)
        #expect(hundred.verdict(epsilon: 4) == .constant)
    }

    @Test func cleanSeriesStayConstant() throws {
        var checked = 0
        for seed in UInt64(1)...100 {
            // ε as small as the slope's interval allows, so that noise, not ε × models,
            // carries the end-change tolerance.
            var cases: [(count: Int, sigma: Double, epsilon: Double)] = [(100, 64, 64.0 / 40), (100, 4_096, 4_096.0 / 40), (30, 16, 16.0 / 10)]
            if seed <= 10 { cases.append((1_000, 64, 64.0 / 1_000)) }
            for (count, sigma, epsilon) in cases {
                let series = Self.gaussian(count: count, sigma: sigma, seed: seed)
                let fit = try GrowthFit(x: series.x, y: series.y)
                // Only series the slope calls CONSTANT are at stake here.
                if Verdict.decide(interval: fit.ci95PerUnit, epsilon: epsilon) == .constant {
                    checked += 1
                    #expect(fit.verdict(epsilon: epsilon) == .constant, "seed \(seed), n \(count), σ \(sigma): end \(fit.endChange), noise \(fit.noise)")
                }
            }
            let uniform = SyntheticSeries.linear(count: 100, slope: 0, noise: 512, seed: seed)
            let fit = try GrowthFit(x: uniform.x, y: uniform.y)
            #expect(fit.endChange.magnitude <= 1_024 && fit.noise > 200, "uniform ±512 cannot end further than 1,024 away")
            #expect(fit.verdict(epsilon: 4) == .constant || Verdict.decide(interval: fit.ci95PerUnit, epsilon: 4) != .constant)
        }
        #expect(checked >= 300, "the slope calls nearly every clean series CONSTANT: \(checked) of 310 checked")
        let exact = SyntheticSeries.linear(count: 100, slope: 0)
        #expect(try GrowthFit(x: exact.x, y: exact.y).verdict(epsilon: 4) == .constant)
    }

    @Test func isolatedSpikesBeforeTheEndStayConstant() throws {
        var series = SyntheticSeries.linear(count: 100, slope: 0, noise: 8)
        for index in [20, 50, 77, 93] { series.y[index] += 1_048_576 }
        let fit = try GrowthFit(x: series.x, y: series.y)
        #expect(fit.verdict(epsilon: 4) == .constant)
    }

    @Test func linearGrowthIsGrowing() throws {
        let series = SyntheticSeries.linear(count: 100, slope: 8, noise: 4)
        #expect(try GrowthFit(x: series.x, y: series.y).verdict(epsilon: 4) == .growing)
    }

    /// An early step, and a step that holds for the rest of the run, are one-off events.
    @Test func anEarlyStepIsAOneOff() throws {
        for index in [3, 8] {
            let early = SyntheticSeries.linear(count: 100, slope: 0).withStep(at: index, height: 4_096)
            let fit = try GrowthFit(x: early.x, y: early.y)
            #expect(fit.verdict(epsilon: 4) == .constant && fit.oneOffStep?.index == index)
        }
    }

    @Test func hugeValuesNeverTrap() throws {
        let x: [Double] = [0, 1, 2, 3, 4]
        #expect(throws: GrowthFit.Failure.nonFinite) { try GrowthFit(x: x, y: [-1e308, 1e308, 0, 1e308, -1e308]) }
        #expect(throws: GrowthFit.Failure.nonFinite) { try GrowthFit(x: (0..<5).map { Double($0) * .leastNonzeroMagnitude }, y: [0, 1e300, 0, 1e300, 0]) }
        let limit = Double(1 << 62)
        let fit = try GrowthFit(x: x, y: [-limit, limit, -limit, limit, limit])
        #expect(fit.slopePerUnit.isFinite && fit.endChange == 2 * limit)
    }
}
