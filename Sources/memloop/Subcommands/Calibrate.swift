import ArgumentParser
import Foundation
import MemLoop
import Model

/// The gate's self-test: a ladder of injected leaks and clean repeats.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the smallest leak the gate detects and count false positives over clean runs.",
        discussion: """
            Runs the clear arm of a scenario with a known leak injected (each size --repeats times, each run in \
            its own process), then --clean-runs times with none. A leak counts as detected when every repeat is \
            GROWING; a clean run that is GROWING counts as a false positive (INCONCLUSIVE ones are counted apart). Writes calibration.json and \
            calibration.md to --output.
            """
    )

    @OptionGroup var options: GateOptions

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Leak sizes to try, bytes per iteration.", valueName: "bytes"))
    var leaks: [Int] = [1, 2, 4, 8, 16, 32, 64]

    @Option(help: "Runs per leak size.")
    var repeats = 3

    @Option(name: .customLong("clean-runs"), help: "Runs without a leak, to count false positives.")
    var cleanRuns = 20

    @OptionGroup var looks: LookOptions

    @Option(help: "Folder for calibration.json and calibration.md.")
    var output = "Reports/calibration"

    func validate() throws {
        if leaks.isEmpty || leaks.contains(where: { $0 < 1 || $0 > RunConfig.maximumInjectedLeakBytes }) {
            throw ValidationError("--leaks must list sizes between 1 and \(RunConfig.maximumInjectedLeakBytes) bytes")
        }
        if repeats < 1 || repeats > 1_000 { throw ValidationError("--repeats must be between 1 and 1000, got \(repeats)") }
        if cleanRuns < 1 || cleanRuns > 10_000 { throw ValidationError("--clean-runs must be between 1 and 10000, got \(cleanRuns)") }
        if options.scenarios.count != 1 { throw ValidationError("calibrate takes one --scenario") }
        if options.scenariosFile != nil { throw ValidationError("--scenarios does not apply to calibrate: it runs a built-in scenario") }
        if options.injectLeakBytes != 0 { throw ValidationError("--inject-leak-bytes does not apply to calibrate: give the leak sizes with --leaks") }
    }

    func run() throws {
        guard let scenario = Scenario.named(options.scenarios[0]) else {
            throw CommandFailure(.usage, "calibrate runs a built-in scenario: \(Scenario.all.map(\.name).joined(separator: ", "))")
        }
        try CalibrationRun(
            scenario: scenario, leaks: leaks, repeats: repeats, cleanRuns: cleanRuns, settings: options.decision.settings(looks: looks.schedule), output: output
        ).run()
    }
}
