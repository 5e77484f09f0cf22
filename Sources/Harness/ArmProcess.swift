import Foundation
import Model
import Synchronization

/// Runs one arm in a child process of its own, so one arm's allocator state (cached
/// regions, retained extents, runtime metadata) cannot colour the other's figures.
///
/// The child is this same executable, started as `memloop _arm ARM --config JSON
/// --output FILE`; it writes its `ArmResult` to FILE and FILE.samples (`ArmResultFile`). Its stderr is the
/// parent's, so its progress and its errors reach the user directly.
package enum ArmProcess {
    /// The hidden subcommand the child runs.
    package static let subcommand = "_arm"

    /// The signals that end a child when this process is interrupted: the user's SIGINT or
    /// SIGTERM (to the whole foreground group), and the SIGKILL of a second one.
    static let interruptingSignals: Set<Int32> = [SIGINT, SIGTERM, SIGKILL]

    /// - Parameters:
    ///   - executable: the `memloop` binary to start (normally this process's own).
    ///   - environment: variables added to the child's environment, e.g. `MALLOC_CONF`
    ///     for a profiled pass (jemalloc reads it only when the process starts).
    /// - Throws: `HarnessError.armExited` with the child's exit status, or `.armFailed`
    ///   when it could not be started, died from a signal, or wrote no readable result.
    package static func run(
        _ arm: Arm, config: RunConfig, executable: URL, showProgress: Bool, environment: [String: String] = [:]
    ) throws(HarnessError) -> ArmResult {
        let folder: URL
        do { folder = try TemporaryFolder.make("arm") } catch { throw .armFailed(arm, error.description) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("\(arm.rawValue).json")
        let process = Process()
        do {
            let configJSON = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
            process.executableURL = executable
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            }
            process.arguments =
                [subcommand, arm.rawValue, "--config", configJSON, "--output", output.path]
                + (showProgress ? ["--progress"] : [])
            try process.run()
            ChildRegistry.current.withLock { $0 = process }
        } catch {
            throw .armFailed(arm, "could not start \(executable.path): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        ChildRegistry.current.withLock { $0 = nil }
        let killed = process.terminationReason == .uncaughtSignal
        let wrote = FileManager.default.fileExists(atPath: output.path)
        // Interrupted here: a child that a signal ended before it could write (it had not
        // installed its handler yet, or a second signal killed it) was interrupted, not failed.
        if Interruption.isRequested, !wrote,
            killed ? Self.interruptingSignals.contains(process.terminationStatus) : process.terminationStatus == ExitStatus.interrupted.rawValue
        {
            throw .interrupted(arm)
        }
        if killed { throw .armFailed(arm, "the child process was killed by signal \(process.terminationStatus)") }
        // The child was interrupted and wrote the samples it had.
        let interrupted = process.terminationStatus == ExitStatus.interrupted.rawValue && wrote
        guard process.terminationStatus == 0 || interrupted else { throw .armExited(arm, status: process.terminationStatus) }
        do {
            return try ArmResultFile.read(from: output)
        } catch {
            throw .armFailed(arm, "its result could not be read: \(error.localizedDescription)")
        }
    }
}

/// The child process measuring right now, so that a signal to the parent can be passed on.
enum ChildRegistry {
    static let current = Mutex<Process?>(nil)
}

extension ArmProcess {
    /// Makes SIGINT and SIGTERM to this (parent) process stop the measurement gracefully:
    /// the running child (an outside loop: its whole process group) is sent SIGINT,
    /// finishes its iteration, and writes the samples it has; `Interruption.isRequested`
    /// then tells the caller to run no further arms. A second signal kills the child.
    package static func forwardInterruptions() {
        Interruption.unblockSignals()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                // The first signal asks the arm to stop and save its samples; a second
                // one stops it now.
                let final = Interruption.requestBySignal() >= 2
                if let group = ProcessGroup.running.withLock({ $0 }) {
                    ProcessGroup.signal(group, final ? SIGKILL : SIGINT)
                } else {
                    ChildRegistry.current.withLock { child in
                        if final, let child { kill(child.processIdentifier, SIGKILL) } else { child?.interrupt() }
                    }
                }
            }
            source.resume()
            SignalSources.keep(source)
        }
    }
}

/// Keeps signal sources alive for the life of the process. Written only by
/// `forwardInterruptions()`, once, at start-up on the main thread; never read.
enum SignalSources {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    static func keep(_ source: DispatchSourceSignal) { sources.append(source) }
}
