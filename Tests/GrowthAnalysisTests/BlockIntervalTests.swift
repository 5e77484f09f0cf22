import GrowthAnalysis
import Testing

/// A heap that holds its level for long stretches and jumps between neighbours now and
/// then (a runtime's arena, as Keras 3 on JAX shows): its interval stays bounded by what
/// the levels allow; where the pairs' ranks cannot bound it at all (the real Keras 3 on
/// JAX samples, `FrameworkFixtureTests`), block medians do.
@Suite struct BlockIntervalTests {
    /// 1,200 samples: a level that moves by 6 KiB every 150 samples and back, a +22 KiB
    /// spike lasting one sample every 97 and a 16-byte region now and then (a fixed
    /// pseudo-random draw), over an exact growth of `slope`.
    static func series(slope: Double) -> (x: [Double], y: [Double]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let x = (0..<1_200).map(Double.init)
        let y = x.map { t -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let index = Int(t)
            let level = (index / 150).isMultiple(of: 2) ? 0.0 : 6_144
            let spike = index % 97 == 50 ? 22_528.0 : 0
            let region = Double((state >> 33) % 4) * 16
            return slope * t + level + spike + region
        }
        return (x, y)
    }

    @Test func aSpikyLevelIsBoundedByItsLevels() {
        let (x, y) = Self.series(slope: 0)
        let sen = TheilSen(x: x, y: y, alpha: 0.05 / 128)
        #expect(sen.ci95Low <= 0 && sen.ci95High >= 0)
        #expect(sen.ci95High < 100 && sen.ci95Low > -100, "the level moves 6 KiB over 1,200 samples: \(sen)")
    }

    @Test func aRealGrowthUnderTheSameNoiseIsStillSeen() {
        let (x, y) = Self.series(slope: 256)
        let sen = TheilSen(x: x, y: y)
        #expect(sen.ci95Low > 128, "\(sen.ci95Low)")
        #expect(sen.ci95Low <= 256 && sen.ci95High >= 256)
    }

    @Test func independentNoiseKeepsThePairsInterval() {
        let x = (0..<200).map(Double.init)
        let y = x.map { ($0 * 7919).truncatingRemainder(dividingBy: 101) }
        #expect(!TheilSen(x: x, y: y).isBlocked)
    }
}
