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

    @Test func invalidCountsAreNamedAsTheCallerNamesThem() {
        var config = RunConfig()
        config.iterations = 0
        config.layers = -3
        config.inputSize = 0
        config.modelsPerIteration = RunConfig.maximumCount + 1
        let asFlags = config.problems(naming: .flag)
        #expect(asFlags.contains("--iterations must be at least 1, got 0"))
        #expect(asFlags.contains("--layers must be at least 1, got -3"))
        #expect(asFlags.contains("--input-size must be at least 1, got 0"))
        #expect(asFlags.contains { $0.hasPrefix("--models-per-iteration must be at most") })
        let asProperties = config.problems()
        #expect(asProperties.contains("iterations must be at least 1, got 0"))
        #expect(asProperties.contains("inputSize must be at least 1, got 0"))
        #expect(asProperties.contains { $0.hasPrefix("modelsPerIteration must be at most") })
        #expect(!asProperties.joined().contains("--"), "a library user set properties, not flags: \(asProperties)")
    }

    @Test(arguments: [
        ("iterations", "--iterations"), ("warmUp", "--warm-up"), ("modelsPerIteration", "--models-per-iteration"),
        ("sampleEvery", "--sample-every"), ("firstLook", "--first-look"), ("maxIterations", "--max-iterations"),
    ])
    func flagNamesAreThePropertiesInKebabCase(property: String, flag: String) {
        #expect(SettingNaming.flag.name(property) == flag)
        #expect(SettingNaming.property.name(property) == property)
    }

    @Test func tooFewAnalysedSamplesIsAProblem() {
        var config = RunConfig()
        config.iterations = 40
        config.sampleEvery = 10
        #expect(config.problems().contains { $0.contains("fewer than 5 analysed samples") })
        config.iterations = 3
        config.sampleEvery = 1
        #expect(config.problems() == ["iterations must be at least 5 (the analysis needs 5 samples), got 3"])
    }

    @Test func tooManySamplesAskForSampleEvery() {
        var config = RunConfig()
        config.iterations = 10_000_000
        #expect(config.problems(naming: .flag).contains { $0.contains("raise --sample-every") })
        #expect(config.problems().contains { $0.contains("raise sampleEvery") })
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
