#if GRAPHCORE_PTHREAD_LOCK
import Foundation

/// The session behind a pthread mutex, for ThreadSanitizer builds only
/// (`Scripts/sanitize.sh` defines `GRAPHCORE_PTHREAD_LOCK`).
///
/// `Synchronization.Mutex` waits on a futex from code built without TSan's
/// instrumentation, so TSan sees no happens-before edge between two critical sections
/// and reports every access as a race. `NSLock` is a pthread mutex, which TSan
/// intercepts: with it, what TSan reports is real. Same `withLock` shape as `Mutex`.
final class PthreadLockedSession: @unchecked Sendable {
    private let lock = NSLock()
    private var session: GraphSession

    init(_ session: GraphSession) { self.session = session }

    func withLock<R, E: Error>(_ body: (inout GraphSession) throws(E) -> R) throws(E) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&session)
    }
}
#endif
