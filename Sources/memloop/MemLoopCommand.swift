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
            GROWING, CONSTANT, SHRINKING or INCONCLUSIVE. The loop is MemLoop's own re-creation of Keras' global state \
            (the reference loop, whose growth the census predicts to the byte) or yours: `memloop run --command` \
            runs any program that speaks the loop protocol (Reports/PROTOCOL.md), e.g. a Python loop with the probe.

            Exit codes: \(ExitCodeTable.inline)
            """,
        version: "0.3.0",
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
        switch execute(Array(CommandLine.arguments.dropFirst())) {
        case .finished:
            break
        case let .failed(failure):
            if !failure.message.isEmpty { Diagnostics.error(failure.message) }
            Foundation.exit(failure.status.rawValue)
        case let .rejected(error), let .unexpected(error):
            exit(withError: error)
        }
    }

    /// How a command line ended, before anything is printed or the process exits.
    enum Ending {
        /// The command ran to its end: exit 0.
        case finished
        /// The command threw the one failure it may throw: its status and message.
        case failed(CommandFailure)
        /// Parsing or validation refused the arguments (argument-parser's usage, 64; or
        /// `--help`/`--version`, 0).
        case rejected(any Error)
        /// The command threw something else, which argument-parser would end with exit 1 —
        /// the gate's "rule failed"; no command should.
        case unexpected(any Error)
    }

    /// Parses and runs a command line: what `main()` does, short of printing and exiting,
    /// so that tests run commands in-process through the same path.
    static func execute(_ arguments: [String]) -> Ending {
        var command: any ParsableCommand
        do { command = try parseCommandLine(arguments) } catch { return .rejected(error) }
        do {
            try command.run()
            return .finished
        } catch let failure as CommandFailure {
            return .failed(failure)
        } catch {
            return .unexpected(error)
        }
    }
}
