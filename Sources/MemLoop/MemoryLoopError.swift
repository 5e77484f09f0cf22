import Harness
import Model

/// Why a ``MemoryLoop`` could not be measured.
public enum MemoryLoopError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The loop's settings are invalid; each entry says what to change.
    case invalidLoop([String])
    /// jemalloc is not the allocator in charge (or cannot be read); nothing was measured.
    case allocatorUnavailable(String)
    /// The body threw in this arm.
    case bodyThrew(Arm, String)
    /// With isolation: the arm's child process timed out, died, or left no readable result.
    case armFailed(Arm, String)
    /// The reports could not be written.
    case output(String)
    /// SIGINT or SIGTERM stopped the run before any arm had samples to report. (An arm
    /// stopped after it sampled ends the run with a report marked `interrupted` instead.)
    case interrupted(Arm)

    /// - Parameter arm: the arm being measured when `error` was thrown.
    init(_ error: HarnessError, arm: Arm) {
        switch error {
        case let .invalidConfig(problems): self = .invalidLoop(problems)
        case let .measurement(error): self = .allocatorUnavailable("\(error)")
        case let .body(arm, message): self = .bodyThrew(arm, message)
        case let .graph(error): self = .bodyThrew(arm, "building a model failed: \(error)")
        case let .armFailed(arm, reason): self = .armFailed(arm, reason)
        case let .armExited(arm, status): self = .armFailed(arm, "its process exited with status \(status)")
        case let .interrupted(arm): self = .interrupted(arm)
        case let .unexpected(message): self = .armFailed(arm, "unexpected error: \(message)")
        }
    }

    public var description: String {
        switch self {
        case let .invalidLoop(problems): return "invalid loop: " + problems.joined(separator: "; ")
        case let .allocatorUnavailable(message): return message
        case let .bodyThrew(arm, message): return "the loop body threw in the \(arm.rawValue) arm: \(message)"
        case let .armFailed(arm, reason): return "the \(arm.rawValue) arm failed: \(reason)"
        case let .output(message): return message
        case let .interrupted(arm): return "interrupted in the \(arm.rawValue) arm before any arm had samples to report"
        }
    }
}
