import Foundation
import Harness
import Model
import Reports

#if canImport(Glibc)
import Glibc
#endif

/// What `memloop`'s hidden subcommands do in the child processes it starts: one arm of the
/// reference loop (`_arm`), and the trampoline that becomes an outside loop (`_exec`).
package enum ChildProcesses {
    /// The hidden subcommand an isolated reference-loop arm runs in.
    package static let armSubcommand = ArmProcess.subcommand
    /// The hidden subcommand that becomes an outside loop's command.
    package static let trampolineSubcommand = OutsideArmProcess.trampolineSubcommand

    /// Measures one arm of the reference loop (`configJSON`: a `RunConfig`) and writes its
    /// result (`ArmResultFile`) to `output`: run, gate, calibrate, sweep and attribution's
    /// profiled pass start it.
    package static func measureArm(_ arm: Arm, configJSON: String, output: String, progress: Bool) throws(CommandFailure) {
        guard ParentWatch.dieWithParent() else { throw CommandFailure(.armFailed, "the parent process is gone") }
        Interruption.install()
        let decoded: RunConfig
        do {
            decoded = try JSONDecoder().decode(RunConfig.self, from: Data(configJSON.utf8))
        } catch {
            throw CommandFailure(.usage, "--config is not a run configuration: \(error)")
        }
        let result: ArmResult
        do throws(HarnessError) {
            result = try MemoryLoop(reference: decoded).measure(arm, showProgress: progress)
        } catch {
            throw CommandFailure(error)
        }
        do {
            let url = URL(fileURLWithPath: output)
            let (json, samples) = try ArmResultFile.encode(result)
            try AtomicFile.write([(ArmResultFile.samplesURL(for: url), samples), (url, json)])
        } catch {
            throw CommandFailure(.outputFailed, "\(error)")
        }
        if result.interrupted { throw CommandFailure(.interrupted, "") }
    }

    /// Becomes `command` after tying its life to memloop's (`ParentWatch`) and making it the
    /// leader of a process group with a watchdog in it (`ProcessGroup`), so a killed
    /// `memloop run` leaves no loop, and no process the loop started, running.
    /// - Throws: only when the command cannot be started (on success it never returns).
    package static func become(_ command: [String]) throws(CommandFailure) {
        guard let program = command.first else { throw CommandFailure(.usage, "\(trampolineSubcommand) needs a command after --") }
        guard ParentWatch.dieWithParent() else { throw CommandFailure(.armFailed, "the parent process is gone") }
        ProcessGroup.leadWithWatchdog()
        let arguments = command.map { strdup($0) } + [nil]
        execvp(program, arguments)
        throw CommandFailure(.armFailed, "cannot run \(program): \(String(cString: strerror(errno)))")
    }
}
