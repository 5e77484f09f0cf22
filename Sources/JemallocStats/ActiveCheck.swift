/// The result of the behavioural check that jemalloc really serves this process's
/// allocations.
///
/// `mallctl` answering proves nothing: it answers even when libc's malloc (or a
/// sanitizer's, or valgrind's) is the one in use. The only reliable test is to
/// allocate a fresh block of at least 1 MiB with `malloc` and see `thread.allocated`
/// move by at least that much.
package struct ActiveCheck: Equatable, Sendable {
    /// Bytes asked for by the probe allocation.
    package let probeBytes: Int
    /// How far `thread.allocated` moved across the probe allocation (0 when unreadable).
    package let observedBytes: Int
    /// Whether jemalloc is in charge.
    package var isActive: Bool { observedBytes >= probeBytes }

    package init(probeBytes: Int, observedBytes: Int) {
        self.probeBytes = probeBytes
        self.observedBytes = observedBytes
    }

    /// The standard place of Debian's and Ubuntu's shared jemalloc, for the hint.
    package static var libraryPathHint: String {
        #if arch(x86_64)
        return "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
        #elseif arch(arm64)
        return "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"
        #else
        return "/usr/lib/<triple>/libjemalloc.so.2"
        #endif
    }

    /// What the check found, and what to do about it.
    package var explanation: String {
        if isActive {
            return "jemalloc is the active allocator (a \(probeBytes)-byte malloc moved thread.allocated by \(observedBytes) bytes)"
        }
        return "jemalloc is NOT the active allocator: a \(probeBytes)-byte malloc moved thread.allocated by only "
            + "\(observedBytes) bytes, so another allocator (libc's, a sanitizer's, valgrind's or an LD_PRELOADed one) "
            + "serves this process and every figure would be wrong. Run with "
            + "LD_PRELOAD=\(Self.libraryPathHint) and without sanitizers or valgrind."
    }
}
