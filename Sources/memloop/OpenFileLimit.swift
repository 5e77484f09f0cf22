import Model

#if canImport(Glibc)
import Glibc
#endif

/// The open-file limit `memloop` needs: starting a child process (an arm, an outside loop)
/// closes every descriptor up to 255 in the child, and fails on a limit below that
/// ("Bad file descriptor"); below about a dozen the runtime itself cannot start.
enum OpenFileLimit {
    static let needed: rlim_t = 256
    static let wanted: rlim_t = 1_024

    /// Raises the soft limit towards the hard one; says why when even the hard limit is too low.
    /// - Returns: `nil`, or the message to refuse with.
    static func ensure() -> String? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        if limit.rlim_cur < wanted && limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = min(limit.rlim_max, wanted)
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        guard limit.rlim_cur < needed else { return nil }
        return "the open-file limit (ulimit -n) is \(limit.rlim_cur), and its hard limit \(limit.rlim_max); memloop needs "
            + "\(needed) to start the processes that measure; raise it (e.g. ulimit -n \(wanted)) and run again"
    }

    #if canImport(Glibc)
    private static var resource: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
    #endif
}
