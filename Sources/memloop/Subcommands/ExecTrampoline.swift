import ArgumentParser
import Foundation
import Harness
import MemLoop
import Model

#if canImport(Glibc)
import Glibc
#endif

/// `memloop _exec -- CMD ARGS…`: becomes an outside loop's command after tying its life
/// to memloop's (`ParentWatch`) and making it the leader of a process group with a
/// watchdog in it (`ProcessGroup`), so a killed `memloop run` leaves no loop, and no
/// process the loop started, running.
struct ExecTrampoline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: OutsideArmProcess.trampolineSubcommand,
        abstract: "Run a command that dies with its parent (used for outside loops).",
        shouldDisplay: false
    )

    @Argument(parsing: .postTerminator) var command: [String] = []

    func run() throws {
        guard let program = command.first else { throw CommandFailure(.usage, "_exec needs a command after --") }
        guard ParentWatch.dieWithParent() else { throw CommandFailure(.armFailed, "the parent process is gone") }
        ProcessGroup.leadWithWatchdog()
        let arguments = command.map { strdup($0) } + [nil]
        execvp(program, arguments)
        throw CommandFailure(.armFailed, "cannot run \(program): \(String(cString: strerror(errno)))")
    }
}
