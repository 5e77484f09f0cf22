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

    package var description: String { message }
}
