/// Process-wide statistics read after flushing this thread's cache and advancing
/// `epoch`. Each field is named after the `mallctl` key it reads.
package struct StatsSnapshot: Equatable, Sendable, Codable {
    /// `stats.allocated`: bytes in live allocations.
    package var allocated: Int
    /// `stats.active`: bytes in active pages.
    package var active: Int
    /// `stats.resident`: bytes in physically resident pages (lags frees by `dirty_decay_ms`).
    package var resident: Int
    /// `stats.mapped`: bytes in mapped extents.
    package var mapped: Int
    /// `stats.retained`: bytes retained (unmapped but kept for reuse).
    package var retained: Int
    /// `stats.metadata`: bytes of jemalloc's own metadata.
    package var metadata: Int
    /// `stats.arenas.<all>.small.nrequests`: small allocation requests so far.
    package var smallNRequests: Int
    /// `stats.arenas.<all>.large.nrequests`: large allocation requests so far.
    package var largeNRequests: Int

    package init(
        allocated: Int, active: Int, resident: Int, mapped: Int, retained: Int, metadata: Int,
        smallNRequests: Int, largeNRequests: Int
    ) {
        self.allocated = allocated
        self.active = active
        self.resident = resident
        self.mapped = mapped
        self.retained = retained
        self.metadata = metadata
        self.smallNRequests = smallNRequests
        self.largeNRequests = largeNRequests
    }
}
