import GraphCore
import JemallocStats
import Model

/// Why a run could not produce samples.
package enum HarnessError: Error, Sendable, CustomStringConvertible {
    /// The configuration is invalid; each entry says what to change.
    case invalidConfig([String])
    /// The allocator cannot be read (not linked, not active, or a failed `mallctl`).
    case measurement(JemallocError)
    /// Building a model failed.
    case graph(GraphError)
    /// A child process measuring an arm failed or died.
    case armFailed(Arm, String)
    /// A measured loop body threw; the message is its error.
    case body(Arm, String)
    /// The child process measuring an arm exited with a non-zero status (it printed why).
    case armExited(Arm, status: Int32)
    /// SIGINT or SIGTERM reached this process and stopped the arm's child before it could
    /// hand back any samples (it was starting, or a second signal killed it): an
    /// interruption, not a failure — the arms before it keep their samples.
    case interrupted(Arm)
    /// An error none of the above expected, outside any one arm (the bench's own loops): its
    /// text as it came, with no arm blamed for it.
    case unexpected(String)

    /// The harness error for whatever a measured loop threw (it throws only graph and
    /// allocator errors).
    package init(wrapping error: any Error) {
        switch error {
        case let error as HarnessError: self = error
        case let error as GraphError: self = .graph(error)
        case let error as JemallocError: self = .measurement(error)
        default: self = .unexpected("\(error)")
        }
    }

    package var description: String {
        switch self {
        case let .invalidConfig(problems): return "invalid run configuration: " + problems.joined(separator: "; ")
        case let .measurement(error): return "\(error)"
        case let .graph(error): return "building a model failed: \(error)"
        case let .armFailed(arm, reason): return "the \(arm.rawValue) arm failed: \(reason)"
        case let .body(arm, message): return "the \(arm.rawValue) arm's loop body threw: \(message)"
        case let .armExited(arm, status): return "the \(arm.rawValue) arm's process exited with status \(status)"
        case let .interrupted(arm): return "the \(arm.rawValue) arm was interrupted before it handed back any samples"
        case let .unexpected(message): return "unexpected error: \(message)"
        }
    }
}
