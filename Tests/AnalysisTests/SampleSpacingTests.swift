import Foundation
import Model
import Testing

@Suite struct SampleSpacingTests {
    @Test func argumentsAreAutoOrAWholeNumberOfAtLeastOne() {
        #expect(SampleSpacing(argument: "auto") == .auto)
        #expect(SampleSpacing(argument: "3") == .every(3))
        for bad in ["0", "-2", "often", "", "1.5"] { #expect(SampleSpacing(argument: bad) == nil, "\(bad)") }
    }

    @Test func autoKeepsAtLeastFiftySamplesInTheWindow() {
        #expect(SampleSpacing.auto.largestGap(iterations: 20) == 1)
        #expect(SampleSpacing.auto.largestGap(iterations: 200) == 4)
        #expect(SampleSpacing.auto.largestGap(iterations: 20_000) == 400)
        #expect(SampleSpacing.every(7).largestGap(iterations: 20_000) == 7)
    }

    @Test func theLoopIsToldItsSpacing() {
        let auto = OutsideLoop(arguments: ["/bin/true"], iterations: 200).environment(arm: .clear, samplesPath: "/s.csv")
        #expect(auto["MEMLOOP_SAMPLE_EVERY"] == "auto")
        #expect(auto["MEMLOOP_SAMPLE_GAP"] == "4")
        #expect(auto["MEMLOOP_SAMPLE_SHARE"] == "0.05")
        let every = OutsideLoop(arguments: ["/bin/true"], iterations: 200, sampleSpacing: .every(5)).environment(arm: .clear, samplesPath: "/s.csv")
        #expect(every["MEMLOOP_SAMPLE_EVERY"] == "5")
        #expect(every["MEMLOOP_SAMPLE_GAP"] == nil)
    }

    @Test func tooSparseASpacingIsAProblem() {
        let sparse = OutsideLoop(arguments: ["/bin/true"], iterations: 20, sampleSpacing: .every(5))
        #expect(sparse.problems(naming: .flag).contains { $0.contains("--iterations / --sample-every gives fewer than 5 analysed samples") })
        #expect(OutsideLoop(arguments: ["/bin/true"], iterations: 25, sampleSpacing: .every(5)).problems().isEmpty)
    }

    @Test func aBaselineWithoutSpacingDecodesAsAuto() throws {
        let json = #"{"arguments":["/bin/true"],"iterations":10,"warmUp":2}"#
        let loop = try JSONDecoder().decode(OutsideLoop.self, from: Data(json.utf8))
        #expect(loop.sampleSpacing == .auto)
        let again = try JSONDecoder().decode(OutsideLoop.self, from: JSONEncoder().encode(OutsideLoop(arguments: ["/bin/true"], sampleSpacing: .every(3))))
        #expect(again.sampleSpacing == .every(3))
    }
}
