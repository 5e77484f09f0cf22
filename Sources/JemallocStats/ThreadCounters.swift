#if !MEMLOOP_NO_JEMALLOC
import CJemalloc
#endif

/// The calling thread's running totals of bytes allocated and deallocated, read through
/// the pointers jemalloc hands out (`thread.allocatedp`, `thread.deallocatedp`).
///
/// Their difference is the thread's live bytes: exact for a loop on one thread, and
/// about 1.5 ns to read. Each read is a volatile load in C: a plain Swift `pointee` read
/// was hoisted out of loops by the optimizer in release builds and gave a delta of 0.
///
/// - Important: the pointers belong to the thread that obtained them. Obtain the counters
///   on the thread that runs the measured loop, and do not hand them to another thread.
package struct ThreadCounters {
    #if !MEMLOOP_NO_JEMALLOC
    private let allocatedPointer: UnsafeMutablePointer<UInt64>
    private let deallocatedPointer: UnsafeMutablePointer<UInt64>

    init(allocated: UnsafeMutablePointer<UInt64>, deallocated: UnsafeMutablePointer<UInt64>) {
        allocatedPointer = allocated
        deallocatedPointer = deallocated
    }

    /// `thread.allocated`: bytes this thread has allocated so far.
    @inline(__always) package var allocated: UInt64 { memloop_volatile_load_u64(allocatedPointer) }
    /// `thread.deallocated`: bytes this thread has freed so far.
    @inline(__always) package var deallocated: UInt64 { memloop_volatile_load_u64(deallocatedPointer) }
    #else
    /// Unreachable in a build without jemalloc: `Jemalloc.threadCounters()` throws first.
    package var allocated: UInt64 { 0 }
    package var deallocated: UInt64 { 0 }
    #endif

    /// Bytes allocated by this thread and not yet freed (by any thread): `allocated − deallocated`.
    @inline(__always) package var liveBytes: Int64 { Int64(bitPattern: allocated &- deallocated) }
}
