import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Ties a child process's life to its parent's: when `memloop` is killed (even by
/// SIGKILL, which it cannot forward), the arm measuring for it dies too instead of
/// allocating on for nobody.
public enum ParentWatch {
    /// `prctl(PR_SET_PDEATHSIG, SIGKILL)` for this process; it survives `execve`, so the
    /// `_exec` trampoline sets it before becoming an outside loop. Linux only; a no-op
    /// elsewhere.
    /// - Returns: false when the parent is already gone (the caller should stop).
    @discardableResult
    public static func dieWithParent() -> Bool {
        #if os(Linux)
        // prctl is variadic in C, so Swift does not import it; its integer arguments pass
        // the same way through a fixed signature.
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        let setParentDeathSignal: Int32 = 1  // PR_SET_PDEATHSIG
        if let symbol = dlsym(nil, "prctl") {
            _ = unsafeBitCast(symbol, to: Prctl.self)(setParentDeathSignal, UInt(SIGKILL), 0, 0, 0)
        }
        return getppid() != 1
        #else
        return true
        #endif
    }
}
