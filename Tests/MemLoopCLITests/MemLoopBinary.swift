import Foundation
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
        // Both pipes drained at once: reading one to its end first deadlocks once the
        // other fills its 64 KiB buffer.
        let stderrData = Mutex(Data())
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            stderrData.withLock { $0 = data }
            drained.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        let stderr = stderrData.withLock { $0 }
        process.waitUntilExit()
        let status = process.terminationStatus
        return Output(
            status: status, exitStatus: process.terminationReason == .exit ? ExitStatus(rawValue: status) : nil,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("memloop-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository's root, for fixtures.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
