import Foundation
import MemLoop
import Model
import Synchronization
import Testing

@testable import memloop

#if canImport(Glibc)
import Glibc
#endif

/// `memloop`'s documented exit statuses; Swift Testing has an `ExitStatus` of its own.
typealias ExitStatus = Model.ExitStatus

/// How a command line ends when run in this process, as `MemLoopCommand.main()` would end it.
enum CommandOutcome: Equatable, CustomStringConvertible {
    case success
    /// A `CommandFailure`'s status and message, or argument-parser's for bad arguments (usage).
    case failure(ExitStatus, message: String)
    /// An error that is neither a `CommandFailure` nor argument-parser's: `main()` would exit
    /// with argument-parser's generic status for it, which is no documented status.
    case unexpected(String)

    /// The exit status `memloop` would end with; `nil` for an unexpected error.
    var status: ExitStatus? {
        switch self {
        case .success: return .success
        case let .failure(status, _): return status
        case .unexpected: return nil
        }
    }

    /// The line `memloop` would print after `error: ` (empty on success).
    var message: String {
        switch self {
        case .success: return ""
        case let .failure(_, message): return message
        case let .unexpected(description): return description
        }
    }

    var description: String {
        switch self {
        case .success: return "success"
        case let .failure(status, message): return "\(status) (exit \(status.rawValue)): \(message)"
        case let .unexpected(description): return "unexpected error: \(description)"
        }
    }
}

/// Runs `memloop` commands inside the test process: the same parsing and validation as
/// `main()` (`MemLoopCommand.parseCommandLine`), the same mapping of errors to statuses,
/// without spawning the executable. For commands that measure nothing in child processes.
enum InProcessCommand {
    /// One command at a time: stdout is the process's, redirected while a command runs.
    private static let lock = Mutex(())

    struct Result: CustomStringConvertible {
        let outcome: CommandOutcome
        /// What the command printed on stdout (other tests' output may be mixed in: match
        /// by substring, never by equality).
        let stdout: String

        var status: ExitStatus? { outcome.status }
        var message: String { outcome.message }
        var description: String { "\(outcome)\n\(stdout)" }
    }

    static func run(_ arguments: [String]) throws -> Result {
        try lock.withLock { _ in
            let capture = FileManager.default.temporaryDirectory.appendingPathComponent("memloop-stdout-\(UUID().uuidString)")
            try Data().write(to: capture)
            defer { try? FileManager.default.removeItem(at: capture) }
            let handle = try FileHandle(forWritingTo: capture)
            defer { try? handle.close() }
            fflush(nil)
            let saved = dup(1)
            try #require(saved >= 0, "cannot duplicate stdout")
            dup2(handle.fileDescriptor, 1)
            let outcome = outcome(of: arguments)
            fflush(nil)
            dup2(saved, 1)
            close(saved)
            return Result(outcome: outcome, stdout: try String(contentsOf: capture, encoding: .utf8))
        }
    }

    /// `main()`'s path (`MemLoopCommand.execute`), with the outcome returned instead of printed.
    private static func outcome(of arguments: [String]) -> CommandOutcome {
        switch MemLoopCommand.execute(arguments) {
        case .finished: return .success
        case let .failed(failure): return .failure(failure.status, message: failure.message)
        case let .unexpected(error): return .unexpected("\(type(of: error)): \(error)")
        case let .rejected(error):
            // argument-parser's own status: usage (64); 0 for --help, whose text `main()`
            // prints and this leaves out.
            let code = MemLoopCommand.exitCode(for: error).rawValue
            switch ExitStatus(rawValue: code) {
            case .success?: return .success
            case let status?: return .failure(status, message: MemLoopCommand.message(for: error))
            case nil: return .unexpected("exit \(code): \(MemLoopCommand.message(for: error))")
            }
        }
    }
}
