import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM ask a measurement to stop early, keeping what it sampled.
///
/// The handler only stores to a lock-free atomic (async-signal-safe); the measuring
/// loop reads it once per iteration, which costs a plain load.
package enum Interruption {
    private static let flag = Atomic<Bool>(false)
    private static let forwarded = Atomic<Int>(0)

    /// Whether SIGINT or SIGTERM arrived since `install()`.
    @inline(__always)
    package static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Installs the handlers for SIGINT and SIGTERM (idempotent).
    package static func install() {
        signal(SIGINT) { _ in Interruption.flag.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in Interruption.flag.store(true, ordering: .relaxed) }
        unblockSignals()
    }

    /// A process inherits its parent's signal mask: started from a thread that blocks
    /// SIGINT and SIGTERM (as Dispatch's worker threads do), it would never see them.
    package static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Marks an interruption by hand (tests, and a parent forwarding a signal).
    package static func request() { flag.store(true, ordering: .relaxed) }

    /// A parent's signal handler: marks the interruption and counts the signals.
    /// - Returns: how many SIGINT/SIGTERM arrived so far, this one included.
    static func requestBySignal() -> Int {
        flag.store(true, ordering: .relaxed)
        return forwarded.add(1, ordering: .relaxed).newValue
    }

    /// A second SIGINT or SIGTERM arrived: stop now, without waiting for the loop.
    package static var isFinal: Bool { forwarded.load(ordering: .relaxed) >= 2 }
}
