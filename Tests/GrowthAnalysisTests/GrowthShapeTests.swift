import Foundation
import GrowthAnalysis
import Testing

/// Steady, slowing, accelerating, step or flat, on synthetic series whose shape is known.
@Suite struct GrowthShapeTests {
    let x = (0..<200).map(Double.init)

    /// Deterministic noise in ±amplitude.
    func noise(_ i: Int, _ amplitude: Double) -> Double { Double((i * 7_919 + 13) % 201 - 100) / 100 * amplitude }

    @Test(arguments: [8.0, 64.0, 725_000.0])
    func aLinearLeakWithNoiseIsSteady(slope: Double) throws {
        let y = x.indices.map { 100_000 + slope * x[$0] + noise($0, slope) }
        let shape = try #require(GrowthShape(x: x, y: y, epsilon: 4))
        #expect(shape.kind == .steady, "\(shape)")
    }

    @Test func aCacheFillingTowardsABoundIsSlowing() throws {
        let y = x.map { 50_000 * (1 - exp(-$0 / 60)) }
        let shape = try #require(GrowthShape(x: x, y: y, epsilon: 4))
        #expect(shape.kind == .slowing)
        #expect((shape.earlyOverLate ?? 0) > 2)
    }

    @Test func growthThatHalvesIsSlowing() throws {
        let y = x.map { $0 < 100 ? 512 * $0 : 51_200 + 256 * ($0 - 100) }
        #expect(GrowthShape(x: x, y: y, epsilon: 4)?.kind == .slowing)
    }

    @Test func quadraticGrowthIsAccelerating() throws {
        #expect(GrowthShape(x: x, y: x.map { $0 * $0 }, epsilon: 4)?.kind == .accelerating)
    }

    @Test func oneStepBetweenFlatHalvesIsAStep() throws {
        let y = x.indices.map { (x[$0] < 100 ? 10_000 : 14_096) + noise($0, 2) }
        #expect(GrowthShape(x: x, y: y, epsilon: 4)?.kind == .step)
    }

    @Test func aFlatSeriesWithNoiseIsFlat() throws {
        let y = x.indices.map { 10_000 + noise($0, 3) }
        #expect(GrowthShape(x: x, y: y, epsilon: 4)?.kind == .flat)
    }

    @Test func tooFewPointsGiveNoShape() {
        #expect(GrowthShape(x: [0, 1, 2, 3, 4, 5, 6, 7, 8], y: Array(repeating: 0, count: 9), epsilon: 4) == nil)
    }
}
