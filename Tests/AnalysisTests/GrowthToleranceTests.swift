import Analysis
import GrowthAnalysis
import TestSupport
import Testing

@Suite struct GrowthToleranceTests {
    @Test(arguments: [
        ("auto", GrowthTolerance.standard),
        ("AUTO", .standard),
        ("auto:8", .automatic(floor: 8)),
        ("4", .fixed(4)),
        ("64 B", .fixed(64)),
        ("2 KiB", .fixed(2_048)),
        ("2kb", .fixed(2_000)),
        ("1 MB per 1000 models", .fixed(1_000)),
        ("1 MB per 1,000 models", .fixed(1_000)),
        ("1MiB/1024", .fixed(1_024)),
        ("0", .fixed(0)),
    ])
    func readsTheUsersUnits(text: String, expected: GrowthTolerance) throws {
        #expect(try GrowthTolerance(parsing: text) == expected)
    }

    @Test(arguments: ["", "-1", "nan", "inf", "1e300", "2 GiB", "abc", "4 apples", "1 MB per 0 models", "1 MB per", "/1000", "auto:", "auto:x", "1/2/3"])
    func refusesWhatIsNotATolerance(text: String) {
        #expect(throws: GrowthTolerance.ParseError.malformed(text)) { try GrowthTolerance(parsing: text) }
    }

    @Test func theAutomaticToleranceIsTheFloorOnAnExactSeriesAndTwiceTheHalfWidthOnANoisyOne() throws {
        let exact = SyntheticSeries.linear(count: 100, slope: 16)
        let exactFit = try GrowthFit(x: exact.x, y: exact.y)
        #expect(GrowthTolerance.standard.epsilon(for: exactFit) == 4)
        let noisy = SyntheticSeries.linear(count: 100, slope: 0, noise: 100_000)
        let noisyFit = try GrowthFit(x: noisy.x, y: noisy.y)
        #expect(noisyFit.halfWidthPerUnit > 2)
        #expect(GrowthTolerance.standard.epsilon(for: noisyFit) == 2 * noisyFit.halfWidthPerUnit)
        #expect(GrowthTolerance.fixed(4).epsilon(for: noisyFit) == 4, "a fixed ε ignores the noise")
        #expect(noisyFit.verdict(epsilon: GrowthTolerance.standard.epsilon(for: noisyFit)).isNotGrowing)
        #expect(noisyFit.verdict(epsilon: 4) == .inconclusive, "±100 KB noise cannot be bounded within ±4 B/model")
    }
}
