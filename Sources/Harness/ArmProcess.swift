import Foundation

/// Runs one arm in a child process of its own, so one arm's allocator state (cached
/// regions, retained extents, runtime metadata) cannot colour the other's figures.
///
/// The child is this same executable, started as `memloop _arm ARM --config JSON
/// --output FILE`; it writes its `ArmResult` as JSON to FILE. Its stderr is the
/// parent's, so its progress and its errors reach the user directly.
public enum ArmProcess {
    /// The hidden subcommand the child runs.
    public static let subcommand = "_arm"

    /// - Parameters:
    ///   - executable: the `memloop` binary to start (normally this process's own).
    /// - Throws: `HarnessError.armExited` with the child's exit status, or `.armFailed`
    ///   when it could not be started, died from a signal, or wrote no readable result.
    public static func run(_ arm: Arm, config: RunConfig, executable: URL, showProgress: Bool) throws(HarnessError) -> ArmResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memloop-arm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("\(arm.rawValue).json")
        let process = Process()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let configJSON = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
            process.executableURL = executable
            process.arguments = [subcommand, arm.rawValue, "--config", configJSON, "--output", output.path]
                + (showProgress ? ["--progress"] : [])
            try process.run()
        } catch {
            throw .armFailed(arm, "could not start \(executable.path): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            throw .armFailed(arm, "the child process was killed by signal \(process.terminationStatus)")
        }
        guard process.terminationStatus == 0 else { throw .armExited(arm, status: process.terminationStatus) }
        do {
            var result = try JSONDecoder().decode(ArmResult.self, from: Data(contentsOf: output))
            result.isolated = true
            return result
        } catch {
            throw .armFailed(arm, "its result could not be read: \(error.localizedDescription)")
        }
    }
}
