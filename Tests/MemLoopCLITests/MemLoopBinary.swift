import Foundation
import Harness
import Synchronization
import Testing

/// Runs the built `memloop` executable as a user would, and captures what it prints.
struct MemLoopBinary {
    struct Output {
        /// The raw status: the exit status, or the signal's number when a signal ended the process.
        let status: Int32
        /// `memloop`'s documented status; `nil` when a signal ended the process or the status is undocumented.
        let exitStatus: ExitStatus?
        let stdout: String
        let stderr: String
    }

    /// The `memloop` built beside the test bundle.
    static var url: URL {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = folder.appendingPathComponent("memloop")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        // The test bundle may sit one level deeper (…/debug/X.xctest/…).
        return folder.deletingLastPathComponent().appendingPathComponent("memloop")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        try runProcess(url, arguments, environment: environment)
    }

    /// Runs any program (a compiler, python, `script`) with no standard input and
    /// captures its output; `environment` is added to this process's own.
    static func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        try start(executable, arguments, environment: environment).finish()
    }

    /// Starts the built `memloop` (or `executable`) with no standard input and returns at
    /// once, both pipes already being drained, for tests that signal or kill it while it runs.
    static func start(_ arguments: [String], executable: URL = url, environment: [String: String] = [:]) throws -> Running {
        try start(executable, arguments, environment: environment)
    }

    static func start(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, stdout: out, stderr: err)
    }

    /// A started process whose stdout and stderr are read at once, each on its own thread:
    /// reading one to its end first deadlocks once the other fills its 64 KiB buffer.
    final class Running: @unchecked Sendable {
        let process: Process
        private let captured = Mutex((stdout: Data(), stderr: Data()))
        private let drained = DispatchGroup()

        fileprivate init(process: Process, stdout: Pipe, stderr: Pipe) {
            self.process = process
            drained.enter()
            DispatchQueue.global().async {
                let data = PipeReader.readToEnd(stdout.fileHandleForReading)
                self.captured.withLock { $0.stdout = data }
                self.drained.leave()
            }
            drained.enter()
            DispatchQueue.global().async {
                let data = PipeReader.readToEnd(stderr.fileHandleForReading)
                self.captured.withLock { $0.stderr = data }
                self.drained.leave()
            }
        }

        var processIdentifier: pid_t { process.processIdentifier }

        /// Waits for the process alone, not for its pipes, which a child it left behind may
        /// still hold open.
        func waitUntilExit() { process.waitUntilExit() }

        /// Waits for the process to end and for both pipes to close, and returns what it printed.
        func finish() -> Output {
            drained.wait()
            process.waitUntilExit()
            let (stdout, stderr) = captured.withLock { ($0.stdout, $0.stderr) }
            let status = process.terminationStatus
            return Output(
                status: status, exitStatus: process.terminationReason == .exit ? ExitStatus(rawValue: status) : nil,
                stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// The repository's root, for fixtures.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
