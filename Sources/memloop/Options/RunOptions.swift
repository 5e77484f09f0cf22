import Analysis
import ArgumentParser
import GraphCore
import Model

extension Arm: ExpressibleByArgument {}
extension ResetMode: ExpressibleByArgument {}
extension Metric: ExpressibleByArgument {}
extension SampleSpacing: ExpressibleByArgument {}

/// A run's settings as flags — iterations, warm-up and ε for any loop, the rest for the
/// reference loop; every default is `RunConfig`'s, declared once there.
struct RunOptions: ParsableArguments {
    @Option(help: "Measured iterations, after the warm-up.")
    var iterations = RunConfig.defaults.iterations

    @Option(name: .customLong("models-per-iteration"), help: "Sequential models built per iteration (N).")
    var modelsPerIteration = RunConfig.defaults.modelsPerIteration

    @Option(help: "Dense layers per model.")
    var layers = RunConfig.defaults.layers

    @Option(help: "Units per Dense layer.")
    var units = RunConfig.defaults.units

    @Option(name: .customLong("input-size"), help: "Build each model on this many inputs (allocates weights). Omit for unbuilt models, as in the seed.")
    var inputSize: Int?

    @Option(name: .customLong("reset-mode"), help: "What clearSession() does with storage: release (free it, as Keras) or keep (reuse it).")
    var resetMode = RunConfig.defaults.resetMode

    @Option(name: .customLong("warm-up"), help: "Iterations run and sampled first but left out of the analysis.")
    var warmUp = RunConfig.defaults.warmUp

    @Option(help: "Seed of the weight generator.")
    var seed = RunConfig.defaults.seed

    @Option(
        name: .customLong("sample-every"),
        help: ArgumentHelp(
            "Sample iterations 0, k, 2k, …; or auto: the reference loop every iteration, a command as often as 5% of its own time allows and at least 50 times in the window (a sample's garbage collection costs more as the heap grows).",
            valueName: "k|auto"))
    var sampleEvery = SampleSpacing.auto

    @OptionGroup var tolerance: ToleranceOptions

    var toleranceSetting: GrowthTolerance { tolerance.value }

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
        if case let .every(every) = sampleEvery { config.sampleEvery = every }
        return config
    }

    func validate() throws {
        let problems = config.problems(naming: .flag)
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }
}
