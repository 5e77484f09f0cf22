import Foundation

/// What one arm of an outside loop left behind: its samples (if it wrote any), how its
/// process ended, and the end of what it printed on stderr, for the error message.
package struct OutsideArmRun: Sendable {
    /// How the arm's process ended.
    package enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        /// Still running at the arm timeout; it was stopped.
        case timedOut(seconds: Double)
    }

    package var arm: Arm
    /// The bytes of the samples CSV the loop wrote, or `nil` when it wrote none. Kept as
    /// bytes, so that a file that is not UTF-8 is reported as malformed, with its line.
    package var samples: Data?
    /// Why the file at the samples path could not be read, when something is there: a
    /// FIFO, a device, a folder, more than `RegularFile.samplesLimit` bytes.
    package var samplesProblem: RegularFile.Problem?
    package var termination: Termination
    /// The last lines the loop wrote on stderr (it was also passed through as it ran).
    package var stderrTail: String
    /// Wall-clock nanoseconds the arm's process ran.
    package var wallNs: Int

    package init(arm: Arm, samples: Data?, samplesProblem: RegularFile.Problem? = nil, termination: Termination, stderrTail: String, wallNs: Int) {
        self.arm = arm
        self.samples = samples
        self.samplesProblem = samplesProblem
        self.termination = termination
        self.stderrTail = stderrTail
        self.wallNs = wallNs
    }

    /// What the Python probe warned about on stderr ("memloop_probe: warning: …"), each
    /// warning's text in the order printed: a check after the loop that found cycles its
    /// cheaper collections had missed, a device reader switched off. Shown with the verdicts,
    /// which may depend on it, not only in the loop's scrolled-past output.
    package var probeWarnings: [String] {
        let prefix = "memloop_probe: warning: "
        return stderrTail.split(separator: "\n").compactMap { line in
            line.range(of: prefix).map { String(line[$0.upperBound...]) }
        }
    }

    /// Why the arm failed, or `nil` when it exited 0.
    package var failure: String? {
        let tail = stderrTail.isEmpty ? "" : "; its stderr ended with:\n\(stderrTail)"
        switch termination {
        case .exited(0): return nil
        case .exited(ExitStatus.interrupted.rawValue):
            return "the loop exited with status 130, the protocol's status for an interruption, but MemLoop passed it no signal\(tail)"
        case let .exited(status): return "the loop exited with status \(status)\(tail)"
        case let .signalled(signal): return "the loop was killed by signal \(signal)\(tail)"
        case let .timedOut(seconds): return "the loop ran past the arm timeout (\(seconds) s) and was stopped\(tail)"
        }
    }
}
