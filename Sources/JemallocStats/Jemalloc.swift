import Model

#if !MEMLOOP_NO_JEMALLOC
import CJemalloc
#endif

/// Readings from the real jemalloc that serves this process.
///
/// ```swift
/// try Jemalloc.requireActive()              // refuses when another allocator is in charge
/// let counters = try Jemalloc.threadCounters()
/// let before = counters.liveBytes
/// // … the loop …
/// let grown = counters.liveBytes - before   // exact, for this thread
/// let stats = try Jemalloc.snapshot()       // flushed, process-wide
/// ```
/// Every function throws rather than return a zero it did not read.
package enum Jemalloc {
    /// Whether this build links jemalloc at all (`false` with `MEMLOOP_NO_JEMALLOC=1`).
    package static var isLinked: Bool {
        #if MEMLOOP_NO_JEMALLOC
        return false
        #else
        return true
        #endif
    }

    /// Bytes of the probe allocation used by `checkActive()`.
    package static let activeProbeBytes = 1 << 20

    #if MEMLOOP_NO_JEMALLOC
    package static func info() throws(JemallocError) -> AllocatorInfo { throw .notLinked }
    package static func checkActive() throws(JemallocError) -> ActiveCheck { throw .notLinked }
    package static func threadCounters() throws(JemallocError) -> ThreadCounters { throw .notLinked }
    package static func snapshot(purge: Bool = false) throws(JemallocError) -> StatsSnapshot { throw .notLinked }
    package static func allocationSize(for bytes: Int) throws(JemallocError) -> Int { throw .notLinked }
    #else
    /// Version and configuration.
    package static func info() throws(JemallocError) -> AllocatorInfo {
        let keys = try Mallctl.keys.get()
        return AllocatorInfo(
            version: try Mallctl.readString(keys.version),
            configStats: try Mallctl.readBool(keys.configStats),
            optTcache: try Mallctl.readBool(keys.optTcache),
            optNarenas: Int(try Mallctl.readUInt32(keys.optNarenas)),
            optDirtyDecayMs: try Mallctl.readInt(keys.optDirtyDecayMs),
            mallocConf: environmentValue("MALLOC_CONF")
        )
    }

    /// Allocates `activeProbeBytes` with `malloc` and checks that `thread.allocated` moved
    /// by at least that much — the only reliable sign that jemalloc serves this process.
    /// - Throws: `.notLinked` in a build without jemalloc; `.mallctl` if the counters cannot be read.
    package static func checkActive() throws(JemallocError) -> ActiveCheck {
        let counters = try threadCounters()
        let before = counters.allocated
        let block = memloop_malloc(activeProbeBytes)
        memloop_escape(block)
        let after = counters.allocated
        memloop_free(block)
        let moved = after &- before
        return ActiveCheck(probeBytes: activeProbeBytes, observedBytes: moved > UInt64(Int.max) ? 0 : Int(moved))
    }

    /// The calling thread's allocation counters.
    package static func threadCounters() throws(JemallocError) -> ThreadCounters {
        let keys = try Mallctl.keys.get()
        return ThreadCounters(
            allocated: try Mallctl.readPointer(keys.threadAllocatedp),
            deallocated: try Mallctl.readPointer(keys.threadDeallocatedp)
        )
    }

    /// Process-wide statistics: flushes this thread's cache (cached regions count as
    /// allocated otherwise; EFAULT when the cache is off is ignored), optionally purges
    /// every arena (so `resident`/`mapped` drop at once instead of after
    /// `dirty_decay_ms`), advances `epoch`, then reads. Allocates nothing.
    /// - Complexity: about 8 µs, dominated by `epoch`, which takes a global lock.
    package static func snapshot(purge: Bool = false) throws(JemallocError) -> StatsSnapshot {
        let keys = try Mallctl.keys.get()
        try Mallctl.trigger(keys.tcacheFlush, ignoring: 14 /* EFAULT: tcache disabled */)
        if purge { try Mallctl.trigger(keys.purgeAll) }
        try Mallctl.advanceEpoch(keys.epoch)
        return StatsSnapshot(
            allocated: try Mallctl.readInt(keys.allocated),
            active: try Mallctl.readInt(keys.active),
            resident: try Mallctl.readInt(keys.resident),
            mapped: try Mallctl.readInt(keys.mapped),
            retained: try Mallctl.readInt(keys.retained),
            metadata: try Mallctl.readInt(keys.metadata),
            smallNRequests: Int(try Mallctl.readUInt64(keys.smallNRequests)),
            largeNRequests: Int(try Mallctl.readUInt64(keys.largeNRequests))
        )
    }

    /// The usable size jemalloc gives a request of `bytes` (`nallocx`).
    package static func allocationSize(for bytes: Int) throws(JemallocError) -> Int {
        _ = try Mallctl.keys.get()
        return nallocx(bytes, 0)
    }
    #endif

    /// Checks that jemalloc is linked and in charge.
    /// - Throws: `.notLinked` or `.notActive` with the explanation and the `LD_PRELOAD` hint.
    package static func requireActive() throws(JemallocError) {
        let check = try checkActive()
        guard check.isActive else { throw .notActive(check) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
