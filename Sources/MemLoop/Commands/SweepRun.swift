import Analysis
import Foundation
import Harness
import Model
import Reports

/// `memloop sweep`: both building arms over a grid of reference-loop shapes, written as
/// sweep.csv, sweep.json and sweep.md with a fitted cost model.
package struct SweepRun {
    package var configs: [RunConfig]
    package var settings: DecisionSettings
    package var output: String

    package init(configs: [RunConfig], settings: DecisionSettings, output: String) {
        self.configs = configs
        self.settings = settings
        self.output = output
    }

    package func run() throws(CommandFailure) {
        try MeasurementGuard.requireJemalloc()
        let folder = try Diagnostics.outputFolder(output)
        var results: [(RunConfig, [ArmResult])] = []
        for (index, config) in configs.enumerated() where !Interruption.isRequested {
            Diagnostics.note(
                "[\(index + 1)/\(configs.count)] layers \(config.layers), units \(config.units), N \(config.modelsPerIteration), \(config.inputSize.map { "input \($0)" } ?? "unbuilt")"
            )
            results.append((config, try ArmExecution.run(arms: [.clear, .noclear], config: config, isolated: true)))
        }
        let sweep = Sweep(results: results, settings: settings)
        try Diagnostics.write(
            [
                ("sweep.csv", { Data(sweep.csv.utf8) }),
                ("sweep.json", sweep.json),
                ("sweep.md", { Data(sweep.markdown.utf8) }),
            ], in: folder)
        print(sweep.markdown)
        if let failure = ArmExecution.interruption(wrote: folder) { throw failure }
    }
}
