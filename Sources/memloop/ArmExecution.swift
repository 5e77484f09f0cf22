import Foundation
import Harness
import Reporting
import Synchronization

/// Runs arms in child processes or in this one, turning failures into documented exits.
enum ArmExecution {
    /// Runs the arms in order; after SIGINT/SIGTERM it returns the results so far (the
    /// interrupted arm's partial samples included) and runs no further arm.
    static func run(arms: [Arm], config: RunConfig, isolated: Bool) -> [ArmResult] {
        let progress = isatty(2) == 1
        installInterruptionHandling(isolated: isolated)
        var results: [ArmResult] = []
        for arm in arms where !Interruption.isRequested {
            results.append(run(arm, config: config, isolated: isolated, progress: progress))
        }
        return results
    }

    private static let handlersInstalled = Mutex(false)

    /// Isolated arms: the parent ignores the signals itself and passes them on to the
    /// running child. In-process arms: the loop watches the flag directly.
    static func installInterruptionHandling(isolated: Bool) {
        handlersInstalled.withLock { installed in
            guard !installed else { return }
            installed = true
            if isolated { ArmProcess.forwardInterruptions() } else { Interruption.install() }
        }
    }

    /// Writes what was measured, says so, and exits 130 — when a signal stopped the run.
    static func exitIfInterrupted(wrote folder: URL) {
        guard Interruption.isRequested else { return }
        Diagnostics.fail(.interrupted, "interrupted: the samples taken so far are in \(folder.path) (summary marked \"interrupted\": true)")
    }

    private static func run(_ arm: Arm, config: RunConfig, isolated: Bool, progress: Bool) -> ArmResult {
        do throws(HarnessError) {
            if isolated {
                return try ArmProcess.run(arm, config: config, executable: executableURL, showProgress: progress)
            }
            return try ArmRunner.run(arm, config: config, showProgress: progress)
        } catch {
            switch error {
            case .measurement: Diagnostics.fail(.measurementUnavailable, "\(error)")
            case .invalidConfig: Diagnostics.fail(.usage, "\(error)")
            case let .armExited(_, status) where status == ExitStatus.measurementUnavailable.rawValue:
                Diagnostics.fail(.measurementUnavailable, "\(error)")
            default: Diagnostics.fail(.armFailed, "\(error)")
            }
        }
    }

    /// This executable, to start the arms' child processes.
    static var executableURL: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }
}
