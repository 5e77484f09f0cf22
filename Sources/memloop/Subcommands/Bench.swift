import ArgumentParser
import MemLoop
import Model

/// Speed and memory figures, against the project's targets.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure models per second, clearSession() cost, sampling cost and bytes per model; write bench.json and bench.md.",
        discussion: "Build with -c release first (Scripts/bench.sh does): debug figures are not comparable and are marked as such."
    )

    @Option(help: "Repeats per figure (median, min and max are reported).")
    var repeats = 5

    @Option(name: .customLong("long-run-models"), help: "Models in the long noclear run whose first and last 10,000 are timed.")
    var longRunModels = 1_000_000

    @Option(help: "Folder for bench.json and bench.md.")
    var output = "Reports/local/bench"

    func validate() throws {
        if repeats < 1 || repeats > 1_000 { throw ValidationError("--repeats must be between 1 and 1000, got \(repeats)") }
        if longRunModels < 20_000 || longRunModels > RunConfig.maximumCount {
            throw ValidationError("--long-run-models must be between 20000 and \(RunConfig.maximumCount), got \(longRunModels)")
        }
    }

    func run() throws {
        try BenchRun(repeats: repeats, longRunModels: longRunModels, output: output).run()
    }
}
