import Model

/// The one error a command throws to end with a documented exit status. Helpers never
/// end the process: they throw this, and `MemLoopCommand.main()` maps it, once.
struct CommandFailure: Error, CustomStringConvertible {
    let status: ExitStatus
    /// The line printed after `error: ` (empty: print nothing, the reason is already on screen).
    let message: String

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { message }
}
