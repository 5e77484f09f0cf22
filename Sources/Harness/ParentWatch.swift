import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Ties a child process's life to its parent's: when `memloop` is killed (even by
/// SIGKILL, which it cannot forward), the arm measuring for it dies too instead of
/// allocating on for nobody.
package enum ParentWatch {
    #if os(Linux)
    /// prctl is variadic in C, so Swift does not import it; its integer arguments pass the
    /// same way through a fixed signature.
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    /// Resolved once, before any fork: `dlsym` is not async-signal-safe, so a forked child
    /// must find it resolved already.
    private static let prctl: Prctl? = dlsym(nil, "prctl").map { unsafeBitCast($0, to: Prctl.self) }
    #endif

    /// Resolves what `dieWithParent` needs; call it before `fork()` when the child calls it.
    package static func prepare() {
        #if os(Linux)
        _ = prctl
        #endif
    }

    /// `prctl(PR_SET_PDEATHSIG, SIGKILL)` for this process; it survives `execve`, so the
    /// `_exec` trampoline sets it before becoming an outside loop. Linux only; a no-op
    /// elsewhere. After a `fork()`, only once `prepare()` ran before it.
    /// - Parameter parent: the parent's pid, when known (a forked child knows it): a
    ///   parent that died before the call is then seen even under a subreaper.
    /// - Returns: false when the parent is already gone (the caller should stop).
    @discardableResult
    package static func dieWithParent(parent: pid_t? = nil) -> Bool {
        #if os(Linux)
        let setParentDeathSignal: Int32 = 1  // PR_SET_PDEATHSIG
        _ = prctl?(setParentDeathSignal, UInt(SIGKILL), 0, 0, 0)
        return parent.map { getppid() == $0 } ?? (getppid() != 1)
        #else
        return true
        #endif
    }
}
