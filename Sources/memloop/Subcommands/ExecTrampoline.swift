import ArgumentParser
import MemLoop

/// `memloop _exec -- CMD ARGS…`: becomes an outside loop's command after tying its life
/// to memloop's (`ParentWatch`) and making it the leader of a process group with a
/// watchdog in it (`ProcessGroup`), so a killed `memloop run` leaves no loop, and no
/// process the loop started, running.
struct ExecTrampoline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ChildProcesses.trampolineSubcommand,
        abstract: "Run a command that dies with its parent (used for outside loops).",
        shouldDisplay: false
    )

    @Argument(parsing: .postTerminator) var command: [String] = []

    func run() throws {
        try ChildProcesses.become(command)
    }
}
