import ArgumentParser
import MemLoop
import Model

extension Arm: ExpressibleByArgument {}
extension RunConfig.ResetMode: ExpressibleByArgument {}
extension Metric: ExpressibleByArgument {}
extension SampleSpacing: ExpressibleByArgument {}

/// A run's settings as flags — iterations, warm-up and ε for any loop, the rest for the
/// reference loop; every default is `RunConfig`'s, declared once there.
struct RunOptions: ParsableArguments {
    @Option(help: "Measured iterations, after the warm-up.")
    var iterations = RunConfig.defaults.iterations

    // The reference loop's own settings are optional, so that a command's run can tell
    // that they were given (they would silently do nothing there) from their defaults.
    @Option(
        name: .customLong("models-per-iteration"),
        help: "Reference loop: Sequential models built per iteration (N). (default: \(RunConfig.defaults.modelsPerIteration))")
    var modelsPerIteration: Int?

    @Option(help: "Reference loop: Dense layers per model. (default: \(RunConfig.defaults.layers))")
    var layers: Int?

    @Option(help: "Reference loop: units per Dense layer. (default: \(RunConfig.defaults.units))")
    var units: Int?

    @Option(
        name: .customLong("input-size"),
        help: "Reference loop: build each model on this many inputs (allocates weights). Omit for unbuilt models, as in the seed.")
    var inputSize: Int?

    @Option(
        name: .customLong("reset-mode"),
        help:
            "Reference loop: what clearSession() does with storage: release (free it, as Keras) or keep (reuse it). (default: \(RunConfig.defaults.resetMode))")
    var resetMode: RunConfig.ResetMode?

    @Option(name: .customLong("warm-up"), help: "Iterations run and sampled first but left out of the analysis.")
    var warmUp = RunConfig.defaults.warmUp

    @Option(help: "Reference loop: seed of the weight generator. (default: \(RunConfig.defaults.seed))")
    var seed: UInt64?

    @Option(
        name: .customLong("sample-every"),
        help: ArgumentHelp(
            "Sample iterations 0, k, 2k, …; or auto: the reference loop every iteration, a command as often as 5% of its own time allows and at least 50 times in the window (a sample's full garbage collection costs more as the heap grows).",
            valueName: "k|auto"))
    var sampleEvery = SampleSpacing.auto

    var config: RunConfig {
        var config = RunConfig()
        config.iterations = iterations
        config.modelsPerIteration = modelsPerIteration ?? config.modelsPerIteration
        config.layers = layers ?? config.layers
        config.units = units ?? config.units
        config.inputSize = inputSize
        config.resetMode = resetMode ?? config.resetMode
        config.warmUp = warmUp
        config.seed = seed ?? config.seed
        if case let .every(every) = sampleEvery { config.sampleEvery = every }
        return config
    }

    /// The reference loop's flags given on the command line: a command builds its own
    /// models, so with one they would do nothing, and are refused instead.
    var referenceLoopFlagsGiven: [String] {
        [
            ("--models-per-iteration", modelsPerIteration != nil), ("--layers", layers != nil), ("--units", units != nil),
            ("--input-size", inputSize != nil), ("--reset-mode", resetMode != nil), ("--seed", seed != nil),
        ].filter(\.1).map(\.0)
    }

    func validate() throws {
        let problems = config.problems(naming: .flag)
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }
}
