import Harness
import Model

/// The one error a command throws to end with a documented exit status. Helpers never
/// end the process: they throw this, and `MemLoopCommand.main()` maps it, once.
package struct CommandFailure: Error, CustomStringConvertible {
    package let status: ExitStatus
    /// The line printed after `error: ` (empty: print nothing, the reason is already on screen).
    package let message: String

    package init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The one mapping of a harness error to an exit status: the allocator (or an arm's
    /// process exiting 3) → measurement unavailable; an arm's process exiting 130 →
    /// interrupted; invalid settings → usage; anything else an arm did → arm failed.
    package init(_ error: HarnessError) {
        switch error {
        case .measurement: self.init(.measurementUnavailable, "\(error)")
        case .invalidConfig: self.init(.usage, "\(error)")
        case let .armExited(_, status) where status == ExitStatus.measurementUnavailable.rawValue:
            self.init(.measurementUnavailable, "\(error)")
        case let .armExited(_, status) where status == ExitStatus.interrupted.rawValue:
            self.init(.interrupted, "\(error): it was interrupted")
        case .interrupted: self.init(.interrupted, "\(error)")
        case .armExited, .armFailed, .body, .graph, .unexpected: self.init(.armFailed, "\(error)")
        }
    }

    package var description: String { message }
}
