import Foundation

/// Runs a program to completion and collects what it printed.
enum Subprocess {
    /// Runs `executable` with `input` on stdin (written from another thread, so that a large
    /// input and a large output cannot deadlock on full pipes); `nil` gives it no stdin.
    /// - Returns: its exit status, stdout and stderr (decoded as UTF-8, invalid bytes replaced).
    /// - Throws: the error of `Process.run()` when it cannot be started.
    static func run(_ executable: String, _ arguments: [String], input: String?) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let group = DispatchGroup()
        if let input {
            DispatchQueue.global().async(group: group) {
                stdin.fileHandleForWriting.write(Data(input.utf8))
                try? stdin.fileHandleForWriting.close()
            }
        }
        let errorData = LockedData()
        DispatchQueue.global().async(group: group) { errorData.set(PipeReader.readToEnd(stderr.fileHandleForReading)) }
        let output = PipeReader.readToEnd(stdout.fileHandleForReading)
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errorData.get(), as: UTF8.self))
    }
}
