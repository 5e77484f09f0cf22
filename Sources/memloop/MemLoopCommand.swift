import ArgumentParser

@main
struct MemLoopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memloop",
        abstract: "Measures whether a model-building loop's memory stays constant or grows, in bytes per model.",
        discussion: """
            MemLoop re-creates Keras' global state (graph, layer names, learning phase) in Swift, builds \
            Sequential models in a loop with and without clearSession(), and reads the real jemalloc \
            allocator every iteration to give a verdict: GROWING, CONSTANT or INCONCLUSIVE.

            Exit codes: \(ExitCodeTable.inline)
            """,
        version: "0.1.0",
        subcommands: [Run.self, Analyze.self, Compare.self, Gate.self, Calibrate.self, Bench.self, SweepCommand.self, Names.self, Stats.self, ArmWorker.self]
    )
}
