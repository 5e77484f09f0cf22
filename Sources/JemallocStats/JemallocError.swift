/// Why a reading could not be taken. MemLoop never turns one of these into a zero.
package enum JemallocError: Error, Equatable, Sendable, CustomStringConvertible {
    /// This build of MemLoop leaves jemalloc out (`MEMLOOP_NO_JEMALLOC=1`, for sanitizer runs).
    case notLinked
    /// jemalloc is linked, but another allocator serves this process's allocations.
    case notActive(ActiveCheck)
    /// A `mallctl` call failed.
    case mallctl(name: String, code: Int32)
    /// A heap profile was asked for, but this process runs without heap profiling
    /// (`opt.prof` or `prof.active` is false): it was not started with
    /// `MALLOC_CONF=prof:true,prof_active:true`, which jemalloc reads only at start-up.
    case profilingOff

    package var description: String {
        switch self {
        case .notLinked:
            return "jemalloc is not available: this build leaves it out (MEMLOOP_NO_JEMALLOC=1, meant for "
                + "sanitizer runs), so nothing can be measured. Build without MEMLOOP_NO_JEMALLOC to measure."
        case let .notActive(check):
            return check.explanation
        case let .mallctl(name, code):
            return "mallctl(\"\(name)\") failed with error \(code)\(Self.errnoName(code))"
        case .profilingOff:
            return "heap profiling is off in this process: it must be started with MALLOC_CONF=prof:true,prof_active:true "
                + "(jemalloc reads MALLOC_CONF only at start-up, so profiling cannot be switched on later)"
        }
    }

    private static func errnoName(_ code: Int32) -> String {
        switch code {
        case 1: return " (EPERM)"
        case 2: return " (ENOENT: no such key — is jemalloc built with --enable-stats?)"
        case 11: return " (EAGAIN)"
        case 12: return " (ENOMEM)"
        case 14: return " (EFAULT)"
        case 22: return " (EINVAL)"
        default: return ""
        }
    }
}
