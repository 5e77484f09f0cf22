/// One reading, taken after an iteration's models are built: the allocator's figures
/// and the graph's census side by side. Plain values only, so a preallocated buffer of
/// samples takes a reading without allocating.
package struct Sample: Codable, Sendable, Equatable {
    /// Iteration index from 0, warm-up included.
    package var iteration: Int
    /// Models built by this arm so far.
    package var modelsBuilt: Int
    /// Nanoseconds since the arm started (monotonic clock).
    package var elapsedNs: Int
    /// Nanoseconds spent in the loop itself (clearing, building, any injected leak) since
    /// the arm started — `elapsedNs` without the time taken by sampling.
    package var loopNs: Int
    /// `thread.allocated − thread.deallocated` of the measuring thread.
    package var liveBytes: Int
    /// Flushed process-wide `stats.*`.
    package var stats: StatsSnapshot
    /// The graph's census.
    package var census: CensusReading
    /// Whether the sample belongs to the warm-up.
    package var warmup: Bool

    package init(
        iteration: Int, modelsBuilt: Int, elapsedNs: Int, loopNs: Int, liveBytes: Int,
        stats: StatsSnapshot, census: CensusReading, warmup: Bool
    ) {
        self.iteration = iteration
        self.modelsBuilt = modelsBuilt
        self.elapsedNs = elapsedNs
        self.loopNs = loopNs
        self.liveBytes = liveBytes
        self.stats = stats
        self.census = census
        self.warmup = warmup
    }
}
