import Harness
import Model
import Testing

@Suite struct RunConfigTests {
    @Test func defaultsAreTheSeedLoop() {
        let config = RunConfig()
        #expect(config.iterations == 100)
        #expect(config.modelsPerIteration == 1)
        #expect(config.layers == 10)
        #expect(config.units == 10)
        #expect(config.inputSize == nil)
        #expect(config.problems().isEmpty)
        #expect(config.totalIterations == 110)
        #expect(config.sampleCount == 110)
    }

    @Test func invalidCountsAreNamedWithTheirOption() {
        var config = RunConfig()
        config.iterations = 0
        config.layers = -3
        config.inputSize = 0
        config.modelsPerIteration = RunConfig.maximumCount + 1
        let problems = config.problems()
        #expect(problems.contains("--iterations must be at least 1, got 0"))
        #expect(problems.contains("--layers must be at least 1, got -3"))
        #expect(problems.contains("--input-size must be at least 1, got 0"))
        #expect(problems.contains { $0.hasPrefix("--models-per-iteration must be at most") })
    }

    @Test func tooFewAnalysedSamplesIsAProblem() {
        var config = RunConfig()
        config.iterations = 40
        config.sampleEvery = 10
        #expect(config.problems().contains { $0.contains("fewer than 5 analysed samples") })
    }

    @Test func tooManySamplesAskForSampleEvery() {
        var config = RunConfig()
        config.iterations = 10_000_000
        #expect(config.problems().contains { $0.contains("raise --sample-every") })
        config.sampleEvery = 10
        #expect(config.problems().isEmpty)
    }

    @Test func sampleCountRoundsUp() {
        var config = RunConfig()
        config.iterations = 95
        config.warmUp = 0
        config.sampleEvery = 10
        #expect(config.sampleCount == 10)
    }
}
