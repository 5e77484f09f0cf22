import ArgumentParser
import MemLoop
import Model

/// Memory and time per model over a grid of model shapes.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run both arms over layers × units × models-per-iteration × built/unbuilt; write sweep.csv and a fitted cost model."
    )

    @Option(parsing: .upToNextOption, help: "Dense layers per model to try.")
    var layers: [Int] = [1, 5, 10, 20]

    @Option(parsing: .upToNextOption, help: "Units per layer to try.")
    var units: [Int] = [10, 50]

    @Option(name: .customLong("models-per-iteration"), parsing: .upToNextOption, help: "Models per iteration to try.")
    var modelsPerIteration: [Int] = [1, 10]

    @Option(name: .customLong("input-size"), help: "Input size of the built variants.")
    var inputSize = 10

    @Flag(name: .customLong("unbuilt-only"), help: "Skip the built variants.")
    var unbuiltOnly = false

    @Option(help: "Measured iterations per configuration.")
    var iterations = 50

    @OptionGroup var decision: DecisionOptions

    @Option(help: "Folder for sweep.csv, sweep.json and sweep.md.")
    var output = "Reports/local/sweep"

    var configs: [RunConfig] {
        var configs: [RunConfig] = []
        for l in layers {
            for u in units {
                for n in modelsPerIteration {
                    for input in unbuiltOnly ? [nil] : [nil, inputSize] as [Int?] {
                        configs.append(
                            .defaults.with {
                                $0.layers = l
                                $0.units = u
                                $0.modelsPerIteration = n
                                $0.inputSize = input
                                $0.iterations = iterations
                            })
                    }
                }
            }
        }
        return configs
    }

    func validate() throws {
        if layers.isEmpty || units.isEmpty || modelsPerIteration.isEmpty {
            throw ValidationError("--layers, --units and --models-per-iteration need at least one value each")
        }
        // Counted before the grid is built: a huge grid must be refused, not allocated.
        let size = [layers.count, units.count, modelsPerIteration.count, unbuiltOnly ? 1 : 2].reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        if size > 1_000 { throw ValidationError("the grid has \(size) configurations; at most 1000") }
        for config in configs {
            let problems = config.problems(naming: .flag)
            if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        }
    }

    func run() throws {
        try SweepRun(configs: configs, settings: decision.settings(), output: output).run()
    }
}
