import ArgumentParser
import Foundation
import MemLoop
import Model

#if canImport(Glibc)
import Glibc
#endif

@main
struct MemLoopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memloop",
        abstract: "Measures whether a model-building loop's memory stays constant or grows, in bytes per model.",
        discussion: """
            Runs a loop in three arms — clear (reset every iteration), noclear (never reset) and control \
            (build nothing) — reads the real jemalloc allocator every iteration, and gives a verdict per arm: \
            GROWING, CONSTANT or INCONCLUSIVE. The loop is MemLoop's own re-creation of Keras' global state \
            (the reference loop, whose growth the census predicts to the byte) or yours: `memloop run --command` \
            runs any program that speaks the loop protocol (Reports/PROTOCOL.md), e.g. a Python loop with the probe.

            Exit codes: \(ExitCodeTable.inline)
            """,
        version: "0.2.0",
        subcommands: [
            Run.self, Analyze.self, Compare.self, Gate.self, Calibrate.self, Bench.self, SweepCommand.self, Names.self, Stats.self,
            ArmWorker.self, ExecTrampoline.self,
        ]
    )

    /// The command a command line asks for, parsed and validated as `main()` does (a bare
    /// `--attribute` given its value first); tests run commands in-process through it.
    static func parseCommandLine(_ arguments: [String]) throws -> any ParsableCommand {
        try parseAsRoot(AttributionOptions.normalized(arguments))
    }

    /// The one place that ends the process with a status: a `CommandFailure` becomes its
    /// message and exit status; anything else is argument-parser's (usage, 64).
    static func main() {
        // A closed pipe on stdout must not kill the process before it reports its status.
        signal(SIGPIPE, SIG_IGN)
        if let refusal = OpenFileLimit.ensure() {
            Diagnostics.error(refusal)
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        do {
            var command = try parseCommandLine(Array(CommandLine.arguments.dropFirst()))
            try command.run()
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Diagnostics.error(failure.message) }
            Foundation.exit(failure.status.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
