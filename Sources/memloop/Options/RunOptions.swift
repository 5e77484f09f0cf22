import ArgumentParser
import GraphCore
import Harness
import Model
import Reporting

extension Arm: ExpressibleByArgument {}
extension ResetMode: ExpressibleByArgument {}
extension Metric: ExpressibleByArgument {}

/// The loop to measure; shared by `run` (and later `gate`).
struct RunOptions: ParsableArguments {
    @Option(help: "Measured iterations, after the warm-up.")
    var iterations = 100

    @Option(name: .customLong("models-per-iteration"), help: "Sequential models built per iteration (N).")
    var modelsPerIteration = 1

    @Option(help: "Dense layers per model.")
    var layers = 10

    @Option(help: "Units per Dense layer.")
    var units = 10

    @Option(name: .customLong("input-size"), help: "Build each model on this many inputs (allocates weights). Omit for unbuilt models, as in the seed.")
    var inputSize: Int?

    @Option(name: .customLong("reset-mode"), help: "What clearSession() does with storage: release (free it, as Keras) or keep (reuse it).")
    var resetMode: ResetMode = .default

    @Option(name: .customLong("warm-up"), help: "Iterations run and sampled first but left out of the analysis.")
    var warmUp = 10

    @Option(help: "Seed of the weight generator.")
    var seed: UInt64 = GraphSession.defaultSeed

    @Option(name: .customLong("sample-every"), help: "Take a sample every k iterations.")
    var sampleEvery = 1

    @OptionGroup var tolerance: ToleranceOptions

    var epsilon: Double { tolerance.epsilon }

    var config: RunConfig {
        var config = RunConfig()
        config.iterations = iterations
        config.modelsPerIteration = modelsPerIteration
        config.layers = layers
        config.units = units
        config.inputSize = inputSize
        config.resetMode = resetMode
        config.warmUp = warmUp
        config.seed = seed
        config.sampleEvery = sampleEvery
        return config
    }

    func validate() throws {
        let problems = config.problems()
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }
}
